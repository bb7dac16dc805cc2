"""Vehicles' own CPUs: the exact analytic model (default) against SimGrid
(--local-cpu simgrid), issue 13, docs/engine.md.

1. On several scenarios (greedy and random with many overlapping local
   tasks, partial offloading under meqc-dpp, quantum tasks, the paper-000
   energy market whose EVs compute on their own CPU) both paths give the
   same events: same kinds, tasks and hosts, every time within 1e-9 s, and
   the same slots.csv and summary counts.
2. Independently of both: every local execution's end, recomputed from
   the trace's own starts by a processor-sharing replay in Python (n
   executions on a vehicle each progress at speed / n), matches the
   analytic run within 1e-9 s; at least one vehicle ran several executions
   at once, so the sharing is exercised, and the replay differs from
   first-come-first-served there (so the check can fail).
3. A bad --local-cpu value is refused with exit 2.
Usage: test_local_cpu.py Q6SIM SOURCE_ROOT"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, compare_runs, run, trace_events  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-localcpu-")
TOL_S = 1e-9
CPU_FLOPS = 5.0e9  # vehicles.cpu_flops of the default scenario

default = os.path.join(root, "platforms/default/scenario.cfg")
CASES = {
    "greedy-busy": [default, "--slots", "8", "--set", "vehicles.count=20", "--set", "task.arrival_rate_hz=3"],
    "random-busy": [default, "--slots", "6", "--set", "vehicles.count=20", "--set", "task.arrival_rate_hz=3",
                    "--scheduler", "random"],
    "quantum": [default, "--slots", "6", "--scheduler", "random", "--set", "task.quantum.share=0.3"],
    "partial-meqc": [os.path.join(root, "platforms/paper001/scenario.cfg"), "--slots", "6"],
    "market": [os.path.join(root, "platforms/paper000/scenario.cfg"), "--slots", "3"],
}


def simulate(name, mode):
    out = os.path.join(tmp, f"{name}-{mode}")
    rc, _, err = run(q6sim, ["run"] + CASES[name] + ["--quiet", "--out", out, "--local-cpu", mode])
    ok(rc == 0, f"{name} --local-cpu {mode}: exit {rc}: {err[-400:]}")
    return out


def ps_replay(execs, speed):
    """Ends of executions (start, flops) under processor sharing on one core."""
    pending = sorted(range(len(execs)), key=lambda i: execs[i][0])
    remaining, end = {}, [None] * len(execs)
    t, p = 0.0, 0
    while p < len(pending) or remaining:
        next_start = execs[pending[p]][0] if p < len(pending) else float("inf")
        if remaining:
            share = speed / len(remaining)
            j = min(remaining, key=remaining.get)
            t_end = t + remaining[j] / share
        else:
            t_end = float("inf")
        t_next = min(next_start, t_end)
        if remaining:
            for i in remaining:
                remaining[i] -= (t_next - t) * share
        t = t_next
        if t_end <= next_start:
            del remaining[j]
            end[j] = t
        else:
            i = pending[p]
            p += 1
            remaining[i] = execs[i][1]
    return end


for name in CASES:
    a, s = simulate(name, "analytic"), simulate(name, "simgrid")
    ea = compare_runs(ok, q6sim, name, a, s, TOL_S, 1e-9)
    if ea is None:
        continue
    done = sum(len(v) for k, v in ea.items() if k[0] in ("TASK_DONE", "EDGE_CHUNK_DONE"))
    ok(done >= 8, f"{name}: tasks (or market chunks) completed ({done})")

# 2. Independent processor-sharing replay of the busy greedy run.
evs = trace_events(q6sim, os.path.join(tmp, "greedy-busy-analytic"))
starts, ends = {}, {}
for e in evs:
    if e["host"].startswith("veh-") and e["kind"] in ("EXEC_START", "EXEC_END"):
        (starts if e["kind"] == "EXEC_START" else ends)[(e["host"], e["task"])] = (float(e["time_s"]), float(e["value"]))
ok(starts.keys() == ends.keys() and len(starts) > 20, f"local executions start and end ({len(starts)})")
worst, shared, fifo_differs = 0.0, 0, False
for host in sorted({h for h, _ in starts}):
    keys = sorted((k for k in starts if k[0] == host), key=lambda k: starts[k][0])
    execs = [starts[k] for k in keys]
    replay = ps_replay(execs, CPU_FLOPS)
    for k, r in zip(keys, replay):
        worst = max(worst, abs(r - ends[k][0]))
    # Overlap: an execution starting before the one before it ended.
    shared += sum(1 for i in range(1, len(keys)) if starts[keys[i]][0] < ends[keys[i - 1]][0])
    free_at = 0.0
    for k, (t0, flops) in zip(keys, execs):
        free_at = max(free_at, t0) + flops / CPU_FLOPS
        fifo_differs |= abs(free_at - ends[k][0]) > 1e-6
ok(worst <= TOL_S, f"processor-sharing replay matches the analytic ends within {TOL_S} s (worst {worst:.3g} s)")
ok(shared > 0, f"some vehicle ran executions at once ({shared} overlaps)")
ok(fifo_differs, "first-come-first-served would give other ends (the check can fail)")

# 3. Bad value.
rc, _, err = run(q6sim, ["run", default, "--slots", "1", "--quiet", "--out", os.path.join(tmp, "bad"),
                         "--local-cpu", "fast"])
ok(rc == 2 and "--local-cpu" in err and "fast" in err, f"--local-cpu fast refused with exit 2 ({rc}: {err.strip()})")
ok(not os.path.exists(os.path.join(tmp, "bad")), "nothing written for a refused option")

shutil.rmtree(tmp)
ok.finish()
