"""Vehicle-AP transfers: the exact analytic model of a vehicle's link
(default) against SimGrid (--radio simgrid), issue 13, docs/engine.md.

1. On several scenarios both paths give the same events (kinds, tasks,
   hosts), every time within 2e-9 s (SimGrid's timing precision is
   1e-9 s), and the same slots.csv and summary counts: random offloading with many transfers at once on one vehicle's
   link and rates changed while transfers run; quantum tasks (the QPU
   round trip starts and ends on the radio); partial offloading under
   meqc-dpp (paper 001); paper 004 (dual connectivity, whose uploads to a
   vehicle's two APs share its one link, and finite-blocklength coding
   delay on every air link, whose latency is also SimGrid's sharing
   penalty). The runs are checked to exercise the sharing and the rate
   changes, from the trace's own upload intervals.
2. An AP air link that would limit the transfers (air_capacity_bps below
   the vehicles' rates) stops the analytic run (exit 1) with a message
   naming the AP and --radio simgrid; SimGrid's path runs it.
3. A bad --radio value is refused with exit 2, nothing written.
Usage: test_radio.py Q6SIM SOURCE_ROOT"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, compare_runs, run, trace_events  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-radio-")
# SimGrid ends an activity that is within its timing precision
# (surf/precision, 1e-9 s) of another event together with it.
TOL_S = 2e-9

default = os.path.join(root, "platforms/default/scenario.cfg")
busy = ["--set", "vehicles.count=20", "--set", "task.arrival_rate_hz=3"]
CASES = {
    "random-busy": [default, "--slots", "8", "--scheduler", "random"] + busy,
    "greedy-busy": [default, "--slots", "6"] + busy,
    "quantum": [default, "--slots", "6", "--scheduler", "random", "--set", "task.quantum.share=0.3"],
    "partial-meqc": [os.path.join(root, "platforms/paper001/scenario.cfg"), "--slots", "6"],
    "paper004": [os.path.join(root, "platforms/paper004/scenario.cfg"), "--slots", "4"],
}


def simulate(args, out, mode):
    return run(q6sim, ["run"] + args + ["--quiet", "--out", out, "--radio", mode])


def uploads(evs):
    """(node, start, end) of each upload: from a TASK_SENT on the vehicle's
    host to the task's next event (at the AP)."""
    per_task = {}
    for e in evs:
        per_task.setdefault(e["task"], []).append(e)
    out = []
    for task_evs in per_task.values():
        for i, e in enumerate(task_evs[:-1]):
            if e["kind"] == "TASK_SENT" and e["host"].startswith("veh-"):
                out.append((e["node"], float(e["time_s"]), float(task_evs[i + 1]["time_s"])))
    return out


shared = rate_changed = 0
for name, args in CASES.items():
    a, s = os.path.join(tmp, f"{name}-a"), os.path.join(tmp, f"{name}-s")
    for out, mode in ((a, "analytic"), (s, "simgrid")):
        rc, _, err = simulate(args, out, mode)
        ok(rc == 0, f"{name} --radio {mode}: exit {rc}: {err[-400:]}")
    # slots.csv prints 9 digits.
    ea = compare_runs(ok, q6sim, name, a, s, TOL_S, 2e-8)
    if ea is None:
        continue
    sent = sum(len(v) for k, v in ea.items() if k[0] == "TASK_SENT")
    ok(sent >= 8, f"{name}: transfers happened ({sent})")
    # What the runs exercise: uploads of one vehicle at once, rates set mid-upload.
    eva = trace_events(q6sim, a)
    ups = uploads(eva)
    rates = [(e["node"], float(e["time_s"])) for e in eva if e["kind"] == "LINK_RATE"]
    for i, (n, t0, t1) in enumerate(ups):
        shared += any(m == n and u0 < t1 and t0 < u1 for j, (m, u0, u1) in enumerate(ups) if j != i)
        rate_changed += any(m == n and t0 < t < t1 for m, t in rates)
ok(shared > 0, f"some vehicle had uploads on its link at once ({shared})")
ok(rate_changed > 0, f"some vehicle's rate was set during an upload ({rate_changed})")

# 2. An air link that limits: 4 Mbit/s for every BS and the UAV.
pdir = os.path.join(tmp, "narrow")
os.mkdir(pdir)
xml = open(os.path.join(root, "platforms/default/platform.xml")).read()
xml, n = re.subn(r'(<prop id="role" value="(bs|uav)"/>)', r'\1<prop id="air_capacity_bps" value="4e6"/>', xml)
open(os.path.join(pdir, "platform.xml"), "w").write(xml)
shutil.copy(default, os.path.join(pdir, "scenario.cfg"))
args = [os.path.join(pdir, "scenario.cfg"), "--slots", "4", "--scheduler", "random"] + busy
rc, _, err = simulate(args, os.path.join(tmp, "narrow-a"), "analytic")
ok(n >= 5 and rc == 1 and "air link of AP" in err and "air_capacity_bps" in err and "--radio simgrid" in err,
   f"a limiting air link stops the analytic run: exit {rc}: {err.strip()[-300:]}")
ok(not os.path.exists(os.path.join(tmp, "narrow-a")), "nothing written for the stopped run")
rc, _, err = simulate(args, os.path.join(tmp, "narrow-s"), "simgrid")
ok(rc == 0, f"SimGrid's path runs it: exit {rc}: {err[-300:]}")

# 3. Bad value.
rc, _, err = run(q6sim, ["run", default, "--slots", "1", "--quiet", "--out", os.path.join(tmp, "bad"), "--radio", "fast"])
ok(rc == 2 and "--radio" in err and "fast" in err, f"--radio fast refused with exit 2 ({rc}: {err.strip()})")
ok(not os.path.exists(os.path.join(tmp, "bad")), "nothing written for a refused option")

shutil.rmtree(tmp)
ok.finish()
