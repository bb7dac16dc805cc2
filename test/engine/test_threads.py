"""--threads: the exogenous timeline's per-vehicle radio work and the
aggregator's per-pair rates split over threads (sim/base/parallel.h,
sim/core/exogenous.c, agents/aggregator.c) give the same run.

On a city of 3,500 vehicles (so up to three parts of at least 1,000
vehicles, and with ranges some 35,000 listed pairs, three parts of at
least 10,000, run), with and without BS coverage ranges (the sparse lists,
whose parts are appended in vehicle order, and the dense arrays), one,
two and three threads write byte-identical summary.json, slots.csv,
trace.pb and recorded timeline, and the same digest; one thread's
recorded timeline replayed on three threads gives the recorded run's
outputs; a bad value is refused with exit 2.

With two threads or more the next slot can be drawn ahead on a thread of
its own (sim/core/exogenous.c; by default from 1,000 vehicles, here
--draw-ahead on): the scenario families' features (UAV and HAP
motion, a LEO, dense arrays; quantum tasks and Gauss-Markov motion;
random links; subtasks; UAV relays, drawn in place) give one thread's
outputs byte for byte, and a replayed timeline cut short a few slots in
fails the same way (exit 2, the same message, nothing written) whether
its bad record is read ahead or not.
Usage: test_threads.py Q6SIM SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-threads-")

for ranged in (500, 0):
    d = os.path.join(tmp, f"city-{ranged}")
    os.mkdir(d)
    args = [sys.executable, os.path.join(root, "tools/make_platform.py"), "--bs", "35", "--area-m", "1500"]
    if ranged:
        args += ["--bs-range-m", str(ranged)]
    with open(os.path.join(d, "platform.xml"), "w") as f:
        subprocess.run(args, stdout=f, check=True)
    text = open(os.path.join(root, "platforms/default/scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 3500;").replace("slots = 60;", "slots = 3;")
    text = text.replace("area_m = [2500.0, 2500.0];", "area_m = [1500.0, 1500.0];")
    start = text.index("uavs = {")
    text = text[:start] + text[text.index("\n};", start) + 3:]  # the block, as bench/engine/scale.sh
    open(os.path.join(d, "scenario.cfg"), "w").write(text)
    outs = {}
    for t in (1, 2, 3):
        out = os.path.join(d, f"out-{t}")
        rc, _, err = run(q6sim, ["run", os.path.join(d, "scenario.cfg"), "--quiet", "--out", out, "--threads", str(t),
                                 "--record-timeline", os.path.join(d, f"timeline-{t}.pb")])
        ok(rc == 0, f"range {ranged} m, --threads {t}: exit {rc}: {err[-300:]}")
        outs[t] = out
    for t in (2, 3):
        for name in ("summary.json", "slots.csv", "trace.pb"):
            a = open(os.path.join(outs[1], name), "rb").read()
            b = open(os.path.join(outs[t], name), "rb").read()
            ok(a == b and len(a) > 0, f"range {ranged} m: {name} with {t} threads equals one thread's")
        a = open(os.path.join(d, "timeline-1.pb"), "rb").read()
        b = open(os.path.join(d, f"timeline-{t}.pb"), "rb").read()
        ok(a == b and len(a) > 0, f"range {ranged} m: the recorded timeline with {t} threads equals one thread's")
    # One thread's recording replayed on three: the recorded run's outputs.
    out = os.path.join(d, "replay-3")
    rc, _, err = run(q6sim, ["run", os.path.join(d, "scenario.cfg"), "--quiet", "--out", out, "--threads", "3",
                             "--replay-timeline", os.path.join(d, "timeline-1.pb")])
    ok(rc == 0, f"range {ranged} m: replay on 3 threads: exit {rc}: {err[-300:]}")
    for name in ("summary.json", "slots.csv", "trace.pb"):
        same = rc == 0 and open(os.path.join(outs[1], name), "rb").read() == open(os.path.join(out, name), "rb").read()
        ok(same, f"range {ranged} m: {name} of the replay on 3 threads equals the recorded run's")

# Drawing ahead over the scenario families' features.
families = [("default", []), ("paper001", []), ("paper002", ["--scheduler", "greedy"]), ("paper003", []),
            ("paper004", [])]
for fam, extra in families:
    outs = {}
    for t in (1, 2):
        out = os.path.join(tmp, f"{fam}-{t}")
        rc, _, err = run(q6sim, ["run", os.path.join(root, "platforms", fam, "scenario.cfg"), "--slots", "6",
                                 "--quiet", "--out", out, "--threads", str(t), "--draw-ahead", "on"] + extra)
        ok(rc == 0, f"{fam}, --threads {t}: exit {rc}: {err[-300:]}")
        outs[t] = out
    for name in ("summary.json", "slots.csv", "trace.pb"):
        a = open(os.path.join(outs[1], name), "rb").read() if os.path.exists(os.path.join(outs[1], name)) else b""
        b = open(os.path.join(outs[2], name), "rb").read() if os.path.exists(os.path.join(outs[2], name)) else b""
        ok(a == b and len(a) > 0, f"{fam}: {name} with 2 threads (drawn ahead) equals one thread's")

# A recorded timeline cut short: its slot 4 record is read by the drawing
# (ahead, with two threads, while slot 3 runs); the run stops at that slot
# with exit 2 and the reader's message, nothing written, either way.
d = os.path.join(tmp, "cut")
os.mkdir(d)
sc = os.path.join(root, "platforms/default/scenario.cfg")
full = os.path.join(d, "timeline.pb")
rc, _, err = run(q6sim, ["run", sc, "--slots", "6", "--quiet", "--out", os.path.join(d, "rec"),
                         "--record-timeline", full])
ok(rc == 0, f"record 6 slots: exit {rc}: {err[-300:]}")
data = open(full, "rb").read()
cut = os.path.join(d, "cut.pb")
open(cut, "wb").write(data[:int(len(data) * 0.7)])
errs = {}
for t in (1, 2):
    out = os.path.join(d, f"out-{t}")
    rc, _, err = run(q6sim, ["run", sc, "--slots", "6", "--quiet", "--out", out, "--threads", str(t),
                             "--draw-ahead", "on", "--replay-timeline", cut])
    ok(rc == 2 and "cut.pb: record" in err and not os.path.exists(out),
       f"cut timeline, --threads {t}: exit 2 naming the file and record, nothing written ({rc}: {err.strip()})")
    errs[t] = err
ok(errs[1] == errs[2], f"the same message drawn ahead or not: {errs[1].strip()!r} vs {errs[2].strip()!r}")

for opt, bad in (("--threads", "0"), ("--threads", "65"), ("--threads", "two"), ("--draw-ahead", "yes")):
    out = os.path.join(tmp, "bad")
    rc, _, err = run(q6sim, ["run", os.path.join(root, "platforms/default/scenario.cfg"), "--slots", "1", "--quiet",
                             "--out", out, opt, bad])
    ok(rc == 2 and opt in err, f"{opt} {bad} refused with exit 2 ({rc}: {err.strip()})")
    ok(not os.path.exists(out), "nothing written for a refused option")

shutil.rmtree(tmp)
ok.finish()
