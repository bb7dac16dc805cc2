"""A task's hops (issue 13, docs/engine.md): each hop starts when the one
before it ends, never when another task's transfer ends.

Regression: the AP and cloud actors used to take their messages from
SimGrid 3.32 permanent-receiver mailboxes, which hand them over in send
order, waiting on the first even when a later upload had already arrived;
so a server execution started at the end of another task's upload, and
many started at the same instant (on the scenario below: 166 of 285).
Upload sizes are drawn uniformly, so two uploads from different vehicles
ending at the very same instant has probability zero: no server may start
two executions at one instant. The task start times are also unchanged by
removing the state-report messages: locally run tasks start one control
latency after the decision, which follows the reports' control latency,
so a lone local task ends (control latency x 2 + work / speed) after the
end of its slot.
Usage: test_hops.py Q6SIM SOURCE_ROOT"""
import collections
import csv
import io
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-hops-")
scen = os.path.join(root, "platforms/default/scenario.cfg")
CONTROL_LATENCY_S, FLOPS_PER_BYTE = 0.005, 1000.0  # the default scenario's values
CPU_FLOPS = 1e12  # vehicles faster than any AP: greedy keeps tasks local


def trace(name, args):
    out = os.path.join(tmp, name)
    rc, _, err = run(q6sim, ["run", scen, "--quiet", "--out", out] + args)
    ok(rc == 0, f"{name}: exit {rc}: {err[-300:]}")
    rc, text, err = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "csv"])
    ok(rc == 0, f"{name}: trace dump: {err}")
    return list(csv.DictReader(io.StringIO(text)))


# 1. No two server executions start at one instant at one host.
evs = trace("random", ["--slots", "10", "--scheduler", "random"])
starts = collections.Counter((e["time_s"], e["host"]) for e in evs
                             if e["kind"] == "EXEC_START" and not e["host"].startswith("veh-"))
ok(sum(starts.values()) > 100, f"many server executions ({sum(starts.values())})")
ties = sum(n for n in starts.values() if n > 1)
ok(ties == 0, f"no server starts two executions at one instant ({ties} do)")

# 2. A lone local task: control latency both ways, then its work at full speed.
evs = trace("local", ["--slots", "40", "--set", "vehicles.count=3", "--set", "task.arrival_rate_hz=0.3",
                      "--set", f"vehicles.cpu_flops={CPU_FLOPS:g}"])
arrivals = {e["task"]: e for e in evs if e["kind"] == "TASK_ARRIVAL"}
decided = {e["task"]: e for e in evs if e["kind"] == "TASK_DECIDED"}
per_slot = collections.Counter(e["slot"] for e in arrivals.values())
checked = 0
for e in evs:
    t = e["task"]
    if e["kind"] != "TASK_DONE" or per_slot[arrivals[t]["slot"]] != 1 or decided[t]["value"] != "0":
        continue
    slot_end = int(arrivals[t]["slot"]) + 1.0
    work = float(arrivals[t]["value"]) * FLOPS_PER_BYTE
    expect = slot_end + 2 * CONTROL_LATENCY_S + work / CPU_FLOPS
    ok(abs(float(e["time_s"]) - expect) < 1e-9, f"task {t} ends at {e['time_s']}, expected {expect:.12g}")
    checked += 1
ok(checked >= 2, f"lone local tasks checked by hand ({checked})")

shutil.rmtree(tmp)
ok.finish()
