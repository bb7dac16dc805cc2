"""--trace: which event kinds trace.pb holds.

The default run's trace is the reference: with --trace TASK_DONE,TASK_DROPPED
the file holds exactly the reference's events of those two kinds (same
times, tasks and values, in the same order), with none only its header,
and with all the same bytes; summary.json (whose `events` counts every
event emitted) and slots.csv do not change. An unknown kind is refused with
exit 2, naming it, and nothing is written.
Usage: test_trace_kinds.py Q6SIM SOURCE_ROOT"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-tracekinds-")
scenario = os.path.join(root, "platforms/default/scenario.cfg")


def simulate(tag, extra):
    out = os.path.join(tmp, tag)
    rc, _, err = run(q6sim, ["run", scenario, "--slots", "6", "--scheduler", "random", "--quiet", "--out", out] + extra)
    ok(rc == 0, f"--trace {extra}: exit {rc}: {err[-300:]}")
    return out


def dump(out):
    rc, text, err = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb")])
    ok(rc == 0, f"trace dump: {err}")
    return text.splitlines()[1:]


def read(out, name):
    return open(os.path.join(out, name), "rb").read()


ref = simulate("ref", [])
for tag, extra in (("all", ["--trace", "all"]), ("two", ["--trace", "TASK_DONE,TASK_DROPPED"]),
                   ("none", ["--trace", "none"])):
    out = simulate(tag, extra)
    for name in ("summary.json", "slots.csv"):
        ok(read(out, name) == read(ref, name), f"--trace {tag}: {name} unchanged")
    if tag == "all":
        ok(read(out, "trace.pb") == read(ref, "trace.pb"), "--trace all: the same trace bytes")
    elif tag == "two":
        want = [line for line in dump(ref) if line.split(",")[1] in ("TASK_DONE", "TASK_DROPPED")]
        got = dump(out)
        ok(len(want) > 20 and got == want, f"TASK_DONE and TASK_DROPPED events kept, nothing else ({len(got)} vs {len(want)})")
    else:
        ok(dump(out) == [], "--trace none: no event in trace.pb")

bad = os.path.join(tmp, "bad")
rc, _, err = run(q6sim, ["run", scenario, "--slots", "1", "--quiet", "--out", bad, "--trace", "TASK_DONE,TASK_DONUT"])
ok(rc == 2 and "TASK_DONUT" in err and "--trace" in err, f"an unknown kind refused with exit 2 ({rc}: {err.strip()})")
ok(not os.path.exists(bad), "nothing written for a refused option")

shutil.rmtree(tmp)
ok.finish()
