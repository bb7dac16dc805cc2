#!/usr/bin/env python3
"""End-to-end tests of quantum tasks and virtual queues (docs/quantum.md).

Checks against hand calculation: a quantum task's QPU run time, energy
(cooling included) and success probability from models/quantum_gate.h,
and its latency over node -> AP -> cloud -> QPU and back; the energy
booked per slot; retries; the capacity constraint Q2; success draws equal
under every scheduler; classical draws and digests unchanged by the
quantum streams; record/replay; the virtual queues' recurrence from
slots.csv; bad input exits 2.
Usage: test_quantum.py Q6SIM SOURCE_ROOT
"""
import csv
import json
import math
import os
import shutil
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402  (test/q6test.py)

check = q6test.Checker()


def run(args, cwd=None):
    return q6test.run(Q6SIM, args, cwd=cwd)


def expect_bad(args, needles, what, out=None):
    q6test.expect_bad(check, Q6SIM, args, needles, what, out)


def events(out):
    rc, jl, err = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    check(rc == 0, f"trace dump: {err}")
    return [json.loads(x) for x in jl.splitlines()]


def summary(out):
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)


def rows(out):
    return list(csv.DictReader(open(os.path.join(out, "slots.csv"))))


# ---- A hand-sized world: one static vehicle 500 m from one BS -------------

# QPU device (models/quantum_gate.h names).
QPU = {"qubits": 100, "gate_1q_time_s": 4e-4, "gate_2q_time_s": 8e-4, "meas_time_s": 2e-3,
       "gate_1q_energy_j": 1e-3, "gate_2q_energy_j": 2e-3, "meas_energy_j": 5e-3, "qubit_energy_per_step_j": 1e-4,
       "qec_level": 1, "code_block_size": 7, "cold_temperature_k": 1, "hot_temperature_k": 301,
       "fridge_efficiency": 0.5, "physical_error": 1e-3, "threshold_error": 1e-2}
# Circuit: Q = 2 logical qubits, D = 100 steps, N1 = 1, N2 = 0.5, Nm = 0.1.
Q, D, N1, N2, NM = 2, 100, 1.0, 0.5, 0.1


def model(props):
    """models/quantum_gate.h by hand: run time, energy, success probability."""
    p = dict(QPU, **props)
    n_phys = Q * p["code_block_size"] ** p["qec_level"]
    t = D * (N1 * p["gate_1q_time_s"] + N2 * p["gate_2q_time_s"] + NM * p["meas_time_s"])
    heat = D * n_phys * (N1 * p["gate_1q_energy_j"] + N2 * p["gate_2q_energy_j"] + NM * p["meas_energy_j"] +
                         p["qubit_energy_per_step_j"])
    cool = (p["hot_temperature_k"] - p["cold_temperature_k"]) / (p["cold_temperature_k"] * p["fridge_efficiency"])
    a = Q * D * (N1 + N2 + NM)  # error locations: the circuit's logical operations
    pth = p["threshold_error"]
    succ = min(max(1 - a * pth * (p["physical_error"] / pth) ** (2 ** p["qec_level"]), 0), 1)
    return t, heat * (1 + cool), succ


def hand_world(d, qpu_props=None, quantum="", extra="", qpu=True):
    os.makedirs(d, exist_ok=True)
    props = "".join(f'<prop id="{k}" value="{v}"/>' for k, v in dict(QPU, **(qpu_props or {})).items())
    qpu_host = f'<host id="qpu" speed="1Gf"><prop id="role" value="qpu"/>{props}</host>' if qpu else ""
    qpu_route = '<route src="cloud" dst="qpu"><link_ctn id="cq"/></route>' if qpu else ""
    with open(os.path.join(d, "platform.xml"), "w") as f:
        f.write(f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="z" routing="Full">
    <host id="bs" speed="10Gf">
      <prop id="role" value="bs"/><prop id="x_m" value="300"/><prop id="y_m" value="400"/>
      <prop id="z_m" value="1.5"/><prop id="carrier_hz" value="3.5e9"/><prop id="bandwidth_hz" value="1e6"/>
      <prop id="pathloss" value="fspl"/><prop id="antenna_gain_dbi" value="0"/>
    </host>
    <host id="cloud" speed="100Gf"><prop id="role" value="cloud"/></host>
    {qpu_host}
    <link id="bh" bandwidth="10Gbps" latency="1ms"/>
    <link id="cq" bandwidth="1Gbps" latency="0.1ms"/>
    <route src="bs" dst="cloud"><link_ctn id="bh"/></route>
    {qpu_route}
  </zone>
</platform>
""")
    q = quantum or f"""quantum = {{ share = 1.0; logical_qubits = [{Q}, {Q}]; depth_steps = [{D}, {D}];
    gates_1q_per_step = [{N1}, {N1}]; gates_2q_per_step = [{N2}, {N2}]; meas_per_step = [{NM}, {NM}];
    min_success = 0.9; on_failure = "retry"; max_retries = 2; }};"""
    path = os.path.join(d, "s.cfg")
    with open(path, "w") as f:
        f.write(f"""platform = "platform.xml"; seed = 5; slot_s = 1.0; slots = 30; scheduler = "greedy";
control_latency_s = 0.005;
task = {{ arrival_rate_hz = 0.3; input_bytes = [2.0e5, 2.0e5]; flops_per_byte = 1000.0;
         output_ratio = 0.1; deadline_s = 10.0;
  {q} }};
vehicles = {{ count = 1; tx_power_w = 0.2; antenna_gain_dbi = 0.0;
  mobility = {{ model = "static"; area_m = [0.001, 0.001]; altitude_m = [1.5, 1.5]; }}; }};
channel = {{ noise_psd_dbm_per_hz = -174.0; noise_figure_db = 0.0; fading = "none"; }};
energy = {{ renewable_peak_w = 0.0; battery_capacity_j = 0.0; }};
{extra}
""")
    return path


def rate_bps():
    """Friis + Shannon of the hand world's uplink (as test_end_to_end.py)."""
    fspl_db = 20 * math.log10(4 * math.pi * 500.0 * 3.5e9 / 299792458.0)
    rx_w = 0.2 * 10 ** (-fspl_db / 10)
    return 1e6 * math.log2(1 + rx_w / (10 ** ((-174.0 - 30) / 10) * 1e6))


def runs_by_task(ev):
    """task -> [(start, end, ok, energy)] from the QPU events, in order."""
    out, start = {}, {}
    for e in ev:
        if e["kind"] == "QPU_JOB_START":
            start[e["task"]] = e
        elif e["kind"] in ("QPU_JOB_END", "QPU_JOB_FAILED"):
            s = start.pop(e["task"])
            out.setdefault(e["task"], []).append((s["time_s"], e["time_s"], e["kind"] == "QPU_JOB_END", e["value"], s))
    return out


def test_hand_task(tmp):
    """Run time, energy and success probability of each run by hand, the
    latency of lone tasks hop by hop, and the QPU energy booked per slot."""
    d = os.path.join(tmp, "hand")
    sc = hand_world(d)
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--out", out, "--quiet"])
    check(rc == 0, f"hand quantum scenario runs: {err}")
    if rc:
        return
    t_run, e_run, p_succ = model({})
    # Hand values: T = 100 x (4e-4 + 0.5 x 8e-4 + 0.1 x 2e-3) = 0.1 s; 14 physical
    # qubits; heat 100 x 14 x 2.6e-3 = 3.64 J, x (1 + 300 / 0.5) = 2187.64 J; P = 1 - 320 x 1e-4 = 0.968.
    check(abs(t_run - 0.1) < 1e-15 and abs(e_run - 2187.64) < 1e-9 and abs(p_succ - 0.968) < 1e-15,
          f"hand model values {t_run} {e_run} {p_succ}")
    ev = events(out)
    s = summary(out)
    runs = runs_by_task(ev)
    check(len(runs) == s["tasks_generated"] and s["tasks_generated"] >= 5,
          f"every task is quantum and runs on the QPU ({len(runs)} of {s['tasks_generated']})")
    for task, rs in runs.items():
        for (t0, t1, ok, energy, st) in rs:
            check(abs(st["value"] - t_run) <= 1e-12, f"task {task}: QPU_JOB_START value {st['value']} = T {t_run}")
            check(abs((t1 - t0) - t_run) <= 1e-9, f"task {task}: run lasts T")
            check(f"success probability {p_succ:.9g}" in st["detail"], f"task {task}: P in {st['detail']!r}")
            check(abs(energy - e_run) <= 1e-9 * e_run, f"task {task}: run energy {energy} = {e_run}")
        oks = [r[2] for r in rs]
        check(oks[:-1] == [False] * (len(oks) - 1) and len(oks) <= 3,
              f"task {task}: runs stop at the first success, at most 1 + max_retries: {oks}")
        for a, b in zip(rs, rs[1:]):
            check(abs(b[0] - a[1]) <= 1e-9, f"task {task}: a retry starts when the failed run ends (QPU free)")
    # Latency of tasks alone in their slot: epoch + 2 control latencies + radio
    # up + backhaul (1 ms, 10 Gb/s) + cloud-QPU (0.1 ms, 1 Gb/s) + runs x T + the same down.
    r = rate_bps()
    inp, outp = 2e5, 2e4
    net = (8 * inp / r + 1e-3 + inp / 1.25e9 + 1e-4 + inp / 1.25e8 +
           1e-4 + outp / 1.25e8 + 1e-3 + outp / 1.25e9 + 8 * outp / r)
    checked = 0
    for e, a in q6test.lone_done_tasks(ev):
        want = a["slot"] + 1.0 + 2 * 0.005 + net + len(runs[e["task"]]) * t_run - a["time_s"]
        check(abs(e["value"] - want) <= 1e-6, f"task {e['task']} latency {e['value']} = {want}")
        checked += 1
    check(checked >= 3, f"at least 3 lone quantum tasks checked by hand, got {checked}")
    # The QPU host draws nothing standing: its column is the runs that ended
    # in the slot (energy after the last epoch is booked nowhere, as for
    # every host), which qpu_runs and qpu_failures count (those after the
    # horizon in the last slot).
    for row in rows(out):
        k = int(row["slot"])
        ended = [x for rs in runs.values() for x in rs if k <= x[1] < k + 1]
        want = sum(x[3] for x in ended)
        check(abs(float(row["energy_qpu_j"]) - want) <= 1e-6 * max(1, want), f"slot {k}: QPU energy {want}")
        if k == 29:
            ended += [x for rs in runs.values() for x in rs if x[1] >= 30]
        check(int(row["qpu_runs"]) == len(ended) and int(row["qpu_failures"]) == sum(1 for x in ended if not x[2]),
              f"slot {k}: {len(ended)} QPU runs counted")
    check(s["tasks_completed"] + s["tasks_dropped"] == s["tasks_generated"], "every task ends once")


def test_retry_rules(tmp):
    """P = 0 (physical error at the threshold): every run fails; with
    "retry" each task makes 1 + max_retries runs, with "fail" one; the task
    is dropped. P = 1/2: about half the first runs fail, and a task runs
    again exactly when its run failed and retries are left."""
    q = """quantum = {{ share = 1.0; logical_qubits = [2, 2]; depth_steps = [100, 100]; gates_1q_per_step = [1.0, 1.0];
        gates_2q_per_step = [0.5, 0.5]; meas_per_step = [0.1, 0.1]; min_success = 0.0;
        on_failure = "{rule}"; max_retries = {retries}; }};"""
    for rule, retries, want_runs in [("retry", 2, 3), ("retry", 0, 1), ("fail", 5, 1)]:
        d = os.path.join(tmp, f"p0-{rule}-{retries}")
        sc = hand_world(d, {"physical_error": 1e-2}, q.format(rule=rule, retries=retries))
        out = os.path.join(d, "out")
        rc, _, err = run(["run", sc, "--out", out, "--quiet"])
        check(rc == 0, f"P = 0 run: {err}")
        if rc:
            continue
        check(model({"physical_error": 1e-2})[2] == 0, "P = 0 by hand")
        ev = events(out)
        runs = runs_by_task(ev)
        s = summary(out)
        check(len(runs) == s["tasks_generated"] > 0, "every task reaches the QPU")
        check(all(len(rs) == want_runs and not any(x[2] for x in rs) for rs in runs.values()),
              f"{rule}, max_retries {retries}: every task fails {want_runs} runs")
        dropped = [e for e in ev if e["kind"] == "TASK_DROPPED"]
        check(len(dropped) == s["tasks_generated"] == s["tasks_dropped"] and s["tasks_completed"] == 0,
              "every task is dropped")
        check(all(e["detail"] == f"QPU run failed ({want_runs} runs)" for e in dropped), "the drop says why")
        r_ = rows(out)
        check(sum(int(x["qpu_runs"]) for x in r_) == sum(int(x["qpu_failures"]) for x in r_) ==
              sum(len(rs) for rs in runs.values()), "slots.csv counts every failed run")
    # P = 1/2: A p_th (p / p_th)^2 = 1/2 with A = 320.
    p_half = 1e-2 * math.sqrt(0.5 / 3.2)
    d = os.path.join(tmp, "phalf")
    sc = hand_world(d, {"physical_error": p_half}, q.format(rule="retry", retries=2))
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--set", "task.arrival_rate_hz=3", "--set", "slots=60", "--out", out, "--quiet"])
    check(rc == 0, f"P = 1/2 run: {err}")
    if rc:
        return
    check(abs(model({"physical_error": p_half})[2] - 0.5) < 1e-12, "P = 1/2 by hand")
    runs = runs_by_task(events(out))
    n = len(runs)
    fails = sum(1 for rs in runs.values() if not rs[0][2])
    check(n >= 100 and abs(fails / n - 0.5) <= 4 * math.sqrt(0.25 / n),
          f"first runs failing: {fails} of {n}, expected about half")
    for task, rs in runs.items():
        for i, x in enumerate(rs):
            more = i + 1 < len(rs)
            check(more == (not x[2] and i < 2), f"task {task}: run {i + 1} of {len(rs)} ok={x[2]}")
    check(any(len(rs) == 3 for rs in runs.values()), "some tasks use every retry")


def test_capacity(tmp):
    """Q2: 2 logical qubits need 14 physical ones at Steane level 1; a
    13-qubit QPU cannot run them: every task is dropped as infeasible,
    and --strict makes that a run failure."""
    d = os.path.join(tmp, "cap")
    sc = hand_world(d, {"qubits": 13})
    out = os.path.join(d, "out")
    rc, _, se = run(["run", sc, "--out", out, "--quiet"])
    check(rc == 0, f"capacity run: {se}")
    if rc:
        return
    s = summary(out)
    check(s["tasks_infeasible"] == s["tasks_generated"] > 0 and s["tasks_completed"] == 0, "every task infeasible")
    check("Q2" in se and "14 physical qubits" in se and "has 13" in se, f"the report names Q2 and the sizes: {se}")
    ev = events(out)
    check(not any(e["kind"].startswith("QPU_JOB") for e in ev), "nothing runs on the QPU")
    check(sum(1 for e in ev if e["kind"] == "INFEASIBLE" and "Q2" in e["detail"]) == s["tasks_generated"],
          "one INFEASIBLE event per task")
    # 14 qubits fit, but a required success of 0.97 is above P = 0.968.
    d2 = os.path.join(tmp, "cap2")
    sc2 = hand_world(d2, {"qubits": 14}, QUANTUM_MIN_SUCCESS.format(0.97))
    rc, _, se = run(["run", sc2, "--out", os.path.join(d2, "out"), "--quiet"])
    check(rc == 0 and "Q2" in se and "0.968" in se and "0.97" in se, f"success below min_success is Q2: {se}")
    rc, _, se = run(["run", sc, "--out", os.path.join(d, "strict"), "--strict"])
    check(rc == 1 and "Q2" in se and not os.path.exists(os.path.join(d, "strict")), "--strict: exit 1, no output")


QUANTUM_MIN_SUCCESS = """quantum = {{ share = 1.0; logical_qubits = [2, 2]; depth_steps = [100, 100];
    gates_1q_per_step = [1.0, 1.0]; gates_2q_per_step = [0.5, 0.5]; meas_per_step = [0.1, 0.1];
    min_success = {}; }};"""


def city(d, share, extra_task="", qpu_props=""):
    """The default city, smaller (30 vehicles, 10 slots), with quantum tasks."""
    os.makedirs(d, exist_ok=True)
    plat = open(os.path.join(DEFAULT, "platform.xml")).read()
    plat = plat.replace('<prop id="role" value="qpu"/>', '<prop id="role" value="qpu"/>' + qpu_props)
    with open(os.path.join(d, "platform.xml"), "w") as f:
        f.write(plat)
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 30;").replace("slots = 60;", "slots = 10;")
    if share is not None:
        text = text.replace("deadline_s = 2.0;", f"deadline_s = 2.0;\n  quantum = {{ share = {share}; {extra_task} }};")
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def outcomes(out):
    return {(t, i): x[2] for t, rs in runs_by_task(events(out)).items() for i, x in enumerate(rs)}


def test_schedulers_and_timeline(tmp):
    """Success draws are exogenous: every scheduler sees the same outcome
    for the same run. The quantum streams leave classical draws, recorded
    timelines and digests of scenarios without quantum tasks unchanged."""
    d = os.path.join(tmp, "sched")
    # p = 4e-3: P = 1 - A x 1.6e-3 spreads over [0, 0.96] for the default circuits.
    sc = city(d, 0.3, "min_success = 0.0; depth_steps = [10, 300];", '<prop id="physical_error" value="4e-3"/>')
    res = {}
    for sched in ("greedy", "random"):
        out = os.path.join(d, sched)
        rc, _, err = run(["run", sc, "--scheduler", sched, "--out", out, "--quiet"])
        check(rc == 0, f"{sched}: {err}")
        if rc:
            return
        res[sched] = (summary(out), outcomes(out), out)
    g, r = res["greedy"], res["random"]
    check(g[0]["timeline_digest"] == r[0]["timeline_digest"], "one timeline under both schedulers")
    check(g[0]["tasks_local"] != r[0]["tasks_local"], "the schedulers decide differently")
    common = set(g[1]) & set(r[1])
    check(len(common) >= 50, f"many runs in both ({len(common)})")
    check(sum(1 for k in common if not g[1][k]) >= 10 and sum(1 for k in common if g[1][k]) >= 10,
          "both outcomes occur")
    check(all(g[1][k] == r[1][k] for k in common), "every run has the same outcome under both schedulers")
    check({t for t, _ in g[1]} == {t for t, _ in r[1]}, "the same tasks are quantum")

    # share 0 (explicit) = no quantum group: byte-identical outputs and digest.
    base = city(os.path.join(tmp, "base"), None)
    zero = city(os.path.join(tmp, "zero"), 0.0)
    outs = {}
    for tag, path in (("base", base), ("zero", zero)):
        outs[tag] = os.path.join(tmp, tag, "out")
        rc, _, err = run(["run", path, "--out", "out", "--quiet", "--record-timeline", "tl.pb"],
                         cwd=os.path.join(tmp, tag))
        check(rc == 0, f"{tag}: {err}")
    for name in ("slots.csv", "trace.pb", "summary.json"):
        check(open(os.path.join(outs["base"], name), "rb").read() == open(os.path.join(outs["zero"], name), "rb").read(),
              f"share 0 leaves {name} byte-identical")
    # The header records the scenario's identity (a hash of its file, which
    # differs by the quantum group) and the trailer a checksum over it: the
    # slot records between them must be byte-identical.
    def slot_records(path):
        data = open(path, "rb").read()
        return [data[a:c] for a, _, c in q6test.records(data)[1:-1]]
    tl_base, tl_zero = slot_records(os.path.join(tmp, "base", "tl.pb")), slot_records(os.path.join(tmp, "zero", "tl.pb"))
    check(len(tl_base) == 10 and tl_base == tl_zero, "share 0 leaves the recorded timeline's slot records byte-identical")
    # share 0.3: the same arrivals and sizes (classical streams unshifted), another digest.
    arr = lambda out: [(e["task"], e["time_s"], e["node"], e["value"]) for e in events(out) if e["kind"] == "TASK_ARRIVAL"]
    check(arr(outs["base"]) == arr(g[2]), "quantum draws leave arrival times and sizes as they were")
    check(summary(outs["base"])["timeline_digest"] != g[0]["timeline_digest"], "quantum tasks change the digest")

    # Record and replay: byte-identical; under another seed the timeline (and its QPU keys) hold.
    tl = os.path.join(d, "q.pb")
    for tag, extra in (("rec", ["--record-timeline", tl]), ("rep", ["--replay-timeline", tl])):
        os.makedirs(os.path.join(d, tag))
        rc, _, err = run(["run", sc, "--out", "out", "--quiet"] + extra, cwd=os.path.join(d, tag))
        check(rc == 0, f"{tag}: {err}")
    for name in ("slots.csv", "trace.pb", "summary.json"):
        check(open(os.path.join(d, "rec", "out", name), "rb").read() == open(os.path.join(d, "rep", "out", name), "rb").read(),
              f"replayed {name} is byte-identical")
    out9 = os.path.join(d, "seed9")
    rc, _, err = run(["run", sc, "--seed", "9", "--replay-timeline", tl, "--replay-any-timeline", "--out", out9,
                      "--quiet"])
    check(rc == 0 and outcomes(out9) == outcomes(os.path.join(d, "rec", "out")), f"replay keeps the QPU outcomes: {err}")
    # The timeline's quantum tasks need a QPU host: replay on a platform without one is bad input.
    noqpu = os.path.join(d, "noqpu")
    sc_nq = city(noqpu, None)
    plat = open(os.path.join(noqpu, "platform.xml")).read()
    a = plat.index('<host id="qpu"')
    plat = plat[:a] + plat[plat.index("</host>", a) + 7:]
    plat = plat.replace('<route src="cloud" dst="qpu"><link_ctn id="cloud-qpu"/></route>', "")
    with open(os.path.join(noqpu, "platform.xml"), "w") as f:
        f.write(plat)
    expect_bad(["run", sc_nq, "--replay-timeline", tl, "--replay-any-timeline", "--out", os.path.join(noqpu, "o")],
               ["quantum tasks", "no QPU host"], "quantum timeline without a QPU", os.path.join(noqpu, "o"))
    expect_bad(["run", sc_nq, "--set", "task.quantum.share=0.5", "--out", os.path.join(noqpu, "o")],
               ["scenario.cfg", "task.quantum.share", "QPU host"], "quantum share without a QPU", os.path.join(noqpu, "o"))


def test_virtual_queues(tmp):
    """The queues follow Q(t+1) = max(Q(t) + a - s, 0) with a and s from
    slots.csv: the BS's energy, rho x tasks generated vs. tasks offloaded,
    and the BS site's emissions (no renewables, no battery: all of its
    energy from the grid at 250 g/kWh)."""
    d = os.path.join(tmp, "vq")
    lyap = """lyapunov = { V = 50.0; queues = (
  { name = "e-bs"; kind = "ap-energy"; ap = "bs"; budget_j_per_slot = 25.0; },
  { name = "off"; kind = "offload-rate"; rho = 0.6; },
  { name = "co2"; kind = "site-emissions"; ap = "bs"; budget_g_per_slot = 0.001; } ); };"""
    quantum = "quantum = { share = 0.4; min_success = 0.0; };"
    sc = hand_world(d, None, quantum, lyap)
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--set", "task.arrival_rate_hz=2", "--out", out, "--quiet"])
    check(rc == 0, f"virtual queue run: {err}")
    if rc:
        return
    q = {"e-bs": 0.0, "off": 0.0, "co2": 0.0}
    grew = set()
    for row in rows(out):
        e_bs = float(row["energy_bs_j"])
        gen, local, inf = (int(row[c]) for c in ("tasks_generated", "tasks_local", "tasks_infeasible"))
        want = {"e-bs": (e_bs, 25.0), "off": (0.6 * gen, gen - local - inf), "co2": (e_bs / 3.6e6 * 250, 0.001)}
        for name, (a, s) in want.items():
            q[name] = max(q[name] + a - s, 0.0)
            got = [float(row[f"vq_{name}{c}"]) for c in ("", "_arrival", "_service")]
            check(abs(got[1] - a) <= 1e-6 * max(1, a) and abs(got[2] - s) <= 1e-9 * max(1, s),
                  f"slot {row['slot']} {name}: arrival {got[1]} = {a}, service {got[2]} = {s}")
            check(abs(got[0] - q[name]) <= 1e-6 * max(1, q[name]), f"slot {row['slot']} {name}: Q {got[0]} = {q[name]}")
            if got[0] > 0:
                grew.add(name)
    check(grew == {"e-bs", "off", "co2"}, f"every queue holds a backlog at some point ({grew})")


def test_bad_input(tmp):
    d = os.path.join(tmp, "bad")
    sc = hand_world(d)
    out = os.path.join(d, "o", "run")
    text = open(sc).read()

    def variant(name, new_text):
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write(new_text)
        return p

    def line_of(p, needle):
        return [i + 1 for i, l in enumerate(open(p).read().splitlines()) if needle in l][0]

    expect_bad(["run", sc, "--set", "task.quantum.share=1.5", "--out", out], ["s.cfg:", "task.quantum.share"],
               "share above 1", out)
    expect_bad(["run", sc, "--set", "task.quantum.on_failure=maybe", "--out", out],
               ["task.quantum.on_failure", "maybe"], "unknown failure rule", out)
    p = variant("half.cfg", text.replace("logical_qubits = [2, 2]", "logical_qubits = [2.5, 3.0]"))
    expect_bad(["run", p, "--out", out], [f"half.cfg:{line_of(p, 'logical_qubits')}:", "task.quantum.logical_qubits",
                                          "whole"], "fractional qubits", out)
    p = variant("unk.cfg", text.replace("min_success = 0.9;", "min_success = 0.9; qubits = 3;"))
    expect_bad(["run", p, "--out", out], ["unk.cfg:", "task.quantum.qubits", "unknown field"], "unknown field", out)
    p = variant("ap.cfg", text + '\nlyapunov = { V = 1.0;\n  queues = ( { name = "e"; kind = "ap-energy";\n'
                '    ap = "bs-9"; budget_j_per_slot = 1.0; } ); };\n')
    expect_bad(["run", p, "--out", out], [f"ap.cfg:{line_of(p, 'queues = (') + 0}:", "lyapunov.queues.ap", "bs-9"],
               "queue on an unknown AP", out)
    p = variant("v.cfg", text + '\nlyapunov = { V = nan; };\n')
    expect_bad(["run", p, "--out", out], ["v.cfg:"], "NaN V", out)
    p = variant("v1.cfg", text + '\nlyapunov = { V = 1.0; };\n')
    expect_bad(["run", p, "--set", "lyapunov.V=-2", "--out", out], ["lyapunov.V", "outside"], "negative V", out)
    for prop, val, what in (("qubits", "-5", "negative capacity"), ("qec_level", "1.5", "fractional QEC level"),
                            ("physical_error", "NaN", "NaN error rate"), ("hot_temperature_k", "0.5", "hot below cold")):
        dd = os.path.join(tmp, "badqpu-" + prop)
        s2 = hand_world(dd, {prop: val})
        line = line_of(os.path.join(dd, "platform.xml"), 'id="qpu"')
        expect_bad(["run", s2, "--out", os.path.join(dd, "o")], [f"platform.xml:{line}:", "qpu", prop], what,
                   os.path.join(dd, "o"))


with tempfile.TemporaryDirectory() as tmp:
    test_hand_task(tmp)
    test_retry_rules(tmp)
    test_capacity(tmp)
    test_schedulers_and_timeline(tmp)
    test_virtual_queues(tmp)
    test_bad_input(tmp)

check.finish()
