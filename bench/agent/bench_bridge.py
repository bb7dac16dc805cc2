"""Steps per second through the agent bridge with a no-op Python agent
(issue 14 goal: >= 5,000 on a 10-vehicle scenario), measured two ways:
  raw    q6sim starts noop_agent.py (plugin_params cmd=...): protocol cost
         of the bridge and a minimal Python agent;
  q6env  a q6env loop stepping empty actions (what a learner pays for the
         environment alone).
  engine the same run with `greedy` in C and no agent: the engine's own
         cost per slot, an upper bound for the other two.
usage: /usr/bin/python3 bench/agent/bench_bridge.py Q6SIM [SLOTS] [SCENARIO]
Q6SIM is build/q6sim (SCENARIO default platforms/default with
--set vehicles.count=10), or build/test/agent/toy_engine (4 nodes) for the
bridge alone. Prints one line per way: wall-clock steps/s, and steps per
CPU-second of q6sim and the agent together (what the figure would be on an
idle machine: on a shared one the wall clock also counts waiting for a
core)."""
import os
import resource
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
sys.path.insert(0, os.path.join(root, "python"))
import q6env  # noqa: E402

q6sim = os.path.abspath(sys.argv[1])
slots = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
scenario = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "platforms", "default", "scenario.cfg")
if not q6env.agent_registered(q6sim):
    print(f"{q6sim} does not register the agent scheduler (yet): nothing to measure")
    sys.exit(0)
overrides = ["--set", "vehicles.count=10"]


def child_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_run(what, scheduler, params, tmp):
    cmd = [q6sim, "run", scenario, "--scheduler", scheduler, "--slots", str(slots), "--quiet", "--no-progress",
           "--out", os.path.join(tmp, what), *overrides]
    if params:
        cmd += ["--set", f"plugin_params={params}"]
    c0, t0 = child_cpu_s(), time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    dt, cpu = time.perf_counter() - t0, child_cpu_s() - c0
    if r.returncode != 0:
        sys.exit(f"{what} run failed: {r.stderr}")
    return dt, cpu


with tempfile.TemporaryDirectory() as tmp:
    dt, cpu = timed_run("raw", "agent", f"cmd=exec {sys.executable} {os.path.join(here, 'noop_agent.py')}", tmp)
    print(f"raw    {slots} slots in {dt:.2f} s: {slots / dt:,.0f} steps/s wall, {slots / cpu:,.0f} per CPU-s "
          "(q6sim + bridge + no-op agent)")
    if os.path.basename(q6sim) == "q6sim":
        dt, cpu = timed_run("engine", "greedy", None, tmp)
        print(f"engine {slots} slots in {dt:.2f} s: {slots / dt:,.0f} steps/s wall, {slots / cpu:,.0f} per CPU-s "
              "(q6sim with greedy in C, no agent)")

env = q6env.make(scenario, q6sim=q6sim, slots=slots, vehicles__count=10)
c0, p0, t0 = child_cpu_s(), time.process_time(), time.perf_counter()
obs, info = env.reset(seed=1)
steps = 0
while True:
    obs, r, term, trunc, info = env.step(q6env.agent_pb2.Action(slot=env.obs.slot))
    steps += 1
    if term or trunc:
        break
env.close()
dt, cpu = time.perf_counter() - t0, time.process_time() - p0 + child_cpu_s() - c0
print(f"q6env  {steps} steps in {dt:.2f} s: {steps / dt:,.0f} steps/s wall, {steps / cpu:,.0f} per CPU-s "
      "(q6env loop, empty actions)")
