#!/usr/bin/env python3
"""Checks the workflow commands make before anything runs, and on resume.

- A misspelt scheduler name is refused by compare, sweep and sweep
  --dry-run (exit 2, the known names listed, nothing created), while an
  external plugin's name is accepted when its --plugin / plugins path is
  given.
- A resumed sweep refuses (exit 2, naming the file) when the platform or a
  mobility trace the scenario references changed since jobs ran, and
  resumes when nothing changed.
Usage: test_checks.py Q6SIM SOURCE_ROOT EXAMPLE_PLUGIN
"""
import csv
import math
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checker, run  # noqa: E402

Q6SIM, ROOT, PLUGIN = sys.argv[1:4]
DEFAULT = os.path.join(ROOT, "platforms", "default")
check = Checker()

NS2 = """$node_(0) set X_ 100.0
$node_(0) set Y_ 100.0
$node_(0) set Z_ 1.5
$node_(1) set X_ 500.0
$node_(1) set Y_ 300.0
$node_(1) set Z_ 1.5
$ns_ at 1.0 "$node_(0) setdest 300.0 100.0 10.0"
"""


def scenario(d):
    """The default city with two vehicles replayed from an ns-2 trace."""
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    start = text.index("  mobility = {", text.index("vehicles = {"))
    end = text.index("};", start) + 2
    text = text[:start] + '  mobility = {\n    model = "ns2";\n    file = "t.ns2";\n  };' + text[end:]
    text = text.replace("count = 100;", "count = 2;")
    with open(os.path.join(d, "t.ns2"), "w") as f:
        f.write(NS2)
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def spec(d, sc, schedulers, extra=""):
    path = os.path.join(d, "spec.cfg")
    names = ", ".join(f'"{s}"' for s in schedulers)
    with open(path, "w") as f:
        f.write(f'scenario = "{sc}";\nout = "sweep";\nschedulers = [{names}];\nseeds = [1, 2];\nslots = 3;\n{extra}')
    return path


T975_2 = 4.302652729911275  # Student t, 0.975 quantile, 2 degrees of freedom


def check_bands(out):
    """slots_ci.csv with 3 replications: each interval is the t-interval
    computed here, clipped at 0 for non-negative columns (latency, energy,
    task counts); at least one raw interval must go below 0 for the check
    to mean anything."""
    raw = {}
    clipped = 0
    for sched in ("greedy", "nearest-edge"):
        per_rep = []
        for r in range(3):
            with open(os.path.join(out, "runs", sched, f"rep{r}", "slots.csv")) as f:
                per_rep.append(list(csv.DictReader(f)))
        raw[sched] = per_rep
    with open(os.path.join(out, "slots_ci.csv")) as f:
        for row in csv.DictReader(f):
            col, sched, k = row["metric"], row["scheduler"], int(row["slot"])
            if not (col.startswith("latency_") or col.startswith("energy_") or col.startswith("tasks_")):
                continue
            vals = [float(rep[k][col]) for rep in raw[sched] if rep[k][col] != ""]
            if len(vals) < 2 or row["ci95_low"] == "":
                continue
            m = statistics.mean(vals)
            hw = T975_2 * statistics.stdev(vals) / math.sqrt(3) if len(vals) == 3 else None
            lo = float(row["ci95_low"])
            check(lo >= 0, f"slots_ci.csv {col} {sched} slot {k}: ci95_low {lo} < 0")
            if hw is not None and m - hw < 0:
                clipped += 1
                check(lo == 0, f"{col} {sched} slot {k}: raw low {m - hw} clipped to {lo}, expected 0")
            elif hw is not None:
                check(math.isclose(lo, m - hw, rel_tol=1e-6, abs_tol=1e-9), f"{col} {sched} slot {k}: {lo} != {m - hw}")
    check(clipped > 0, "some raw per-slot interval went below 0 (so the clamp was exercised)")


def test_names(d):
    sc = scenario(d)
    out = os.path.join(d, "cmp")
    t0 = time.time()
    rc, so, err = run(Q6SIM, ["compare", sc, "--schedulers", "greedy,grredy", "--replications", "2", "--out", out])
    check(rc == 2 and "grredy" in err and "greedy" in err and "random" in err,
          f"compare with a misspelt name: exit {rc}: {err}")
    check(not os.path.exists(out) and not any(x.startswith("cmp") for x in os.listdir(d)), "compare: nothing written")
    check(time.time() - t0 < 5, "compare refused the name before running anything")
    rc, so, err = run(Q6SIM, ["compare", sc, "--schedulers", "greedy,nearest-edge", "--replications", "2",
                              "--out", out, "--no-plots", "--quiet"])
    check(rc == 2 and "nearest-edge" in err and "--plugin" in err, f"external name without --plugin: {rc} {err}")
    rc, so, err = run(Q6SIM, ["compare", sc, "--schedulers", "greedy,nearest-edge", "--replications", "3",
                              "--out", out, "--no-plots", "--quiet", "--plugin", PLUGIN])
    if check(rc == 0, f"external name with --plugin: {rc} {err}"):
        check_bands(out)

    for dry in ([], ["--dry-run"]):
        p = spec(d, sc, ["greedy", "randmo"])
        rc, so, err = run(Q6SIM, ["sweep", p] + dry)
        check(rc == 2 and "spec.cfg:3" in err and "randmo" in err and "random" in err,
              f"sweep {dry} with a misspelt name: exit {rc}: {err}")
        check(not os.path.exists(os.path.join(d, "sweep")), f"sweep {dry}: nothing created")
    p = spec(d, sc, ["nearest-edge"], f'plugins = ["{PLUGIN}"];\n')
    rc, so, err = run(Q6SIM, ["sweep", p, "--dry-run"])
    check(rc == 0, f"sweep --dry-run with an external plugin: {rc} {err}")
    shutil.rmtree(os.path.join(d, "sweep"), ignore_errors=True)


def test_resume(d):
    sc = scenario(d)
    p = spec(d, sc, ["greedy", "random"])
    rc, so, err = run(Q6SIM, ["sweep", p, "--jobs", "2"])
    if not check(rc == 0, f"sweep: {err}"):
        return
    rc, so, err = run(Q6SIM, ["sweep", p])
    check(rc == 0 and "4 finished earlier" in so, f"unchanged inputs resume: {rc} {so} {err}")
    for name, edit in (("platform.xml", lambda t: t + "<!-- changed -->\n"),
                       ("t.ns2", lambda t: t.replace("setdest 300.0", "setdest 310.0"))):
        path = os.path.join(d, name)
        orig = open(path).read()
        with open(path, "w") as f:
            f.write(edit(orig))
        rc, so, err = run(Q6SIM, ["sweep", p])
        check(rc == 2 and name in err and "changed" in err, f"changed {name}: exit {rc}: {err}")
        with open(path, "w") as f:
            f.write(orig)
    rc, so, err = run(Q6SIM, ["sweep", p])
    check(rc == 0, f"restored inputs resume: {rc} {err}")


for t in (test_names, test_resume):
    d = tempfile.mkdtemp(prefix="q6chk-")
    try:
        t(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
check.finish()
