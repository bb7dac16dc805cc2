"""The scenario's `limits` checked by the engine (sim/core/limits.c), on a
tiny scenario whose counts follow by hand (test/paper004/limits): 2 static
vehicles next to one BS (10 GHz, 5 W) and one UAV (20 GHz, 0.5 W), 4 slots,
one 100 kB task per vehicle and slot split into 2 subtasks of 50 kB and
5e6 cycles, so 16 subtasks, 4 per slot; p4-bs-first puts them all on the
BS, p4-uav-first on the UAV, and every one completes (deadline 10 s).
Each limit is run violated and not violated; enforce mode drops the task
that passes a budget and names the limit; --strict fails the run; bad
values (NaN, negative, unknown key, enforce where it cannot be) exit 2
naming file, line and field; reruns are byte-identical."""
import filecmp
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root = sys.argv[1], os.path.abspath(sys.argv[2])
base_dir = os.path.join(root, "test", "paper004", "limits")
base = open(os.path.join(base_dir, "scenario.cfg")).read().replace(
    'platform = "platform.xml";', f'platform = "{os.path.join(base_dir, "platform.xml")}";')
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-limits-")
n_run = [0]

SLOTS, VEHICLES, PARTS, CYCLES = 4, 2, 2, 5e6
SUBTASKS = SLOTS * VEHICLES * PARTS             # 16
PER_SLOT_CYCLES = VEHICLES * PARTS * CYCLES     # 2e7 at the one AP used


def scenario(limits):
    n_run[0] += 1
    path = os.path.join(tmp, f"s{n_run[0]}.cfg")
    with open(path, "w") as f:
        f.write(base + "\nlimits = {\n" + limits + "\n};\n")
    return path


def limits_of(limits, sched="p4-bs-first", args=()):
    """{label: (checked, violated, dropped)} and the summary of one run."""
    out = os.path.join(tmp, f"out{n_run[0] + 1}")
    rc, _, se = run(q6sim, ["run", scenario(limits), "--scheduler", sched, "--out", out, "--quiet", *args])
    check(rc == 0, f"{limits!r}: exit {rc}: {se}")
    if rc:
        return {}, {}
    s = json.load(open(os.path.join(out, "summary.json")))
    return {r["label"]: (r["checked"], r["violated"], r["dropped"]) for r in s.get("limits", [])}, s


def expect(limits, want, sched="p4-bs-first", args=()):
    got, s = limits_of(limits, sched, args)
    for label, w in want.items():
        check(got.get(label) == w, f"{sched} {limits!r}: {label} = {got.get(label)}, by hand {w}")
    return s


# Each limit violated and not: (limit text, scheduler, {label: (checked, violated, dropped)}).
cases = [
    # C20: every subtask is 50 kB.
    ('subtask_bytes = { label = "C20"; max = 4.0e4; };', "p4-bs-first", {"C20": (SUBTASKS, SUBTASKS, 0)}),
    ('subtask_bytes = { label = "C20"; max = 6.0e4; };', "p4-bs-first", {"C20": (SUBTASKS, 0, 0)}),
    # C1: BS-first offloads every subtask.
    ('offloaded = { label = "C1"; };', "p4-bs-first", {"C1": (SUBTASKS, 0, 0)}),
    # C3 / C4 per (slot, AP of the kind): 2e7 cycles at the BS each slot, none at the UAV.
    ('bs_cycles_per_slot = { label = "C3"; max = 1.5e7; }; uav_cycles_per_slot = { label = "C4"; max = 1.0; };',
     "p4-bs-first", {"C3": (SLOTS, SLOTS, 0), "C4": (SLOTS, 0, 0)}),
    ('bs_cycles_per_slot = { label = "C3"; max = 2.5e7; }; uav_cycles_per_slot = { label = "C4"; max = 1.5e7; };',
     "p4-uav-first", {"C3": (SLOTS, 0, 0), "C4": (SLOTS, SLOTS, 0)}),
    # C18 / C19: xi = 1e-6 J/cycle: 20 J per slot at the AP used.
    ('bs_processing_energy_per_slot_j = { label = "C18"; max = 15.0; xi_j_per_cycle = 1.0e-6; };'
     'uav_processing_energy_per_slot_j = { label = "C19"; max = 15.0; xi_j_per_cycle = 1.0e-6; };',
     "p4-bs-first", {"C18": (SLOTS, SLOTS, 0), "C19": (SLOTS, 0, 0)}),
    ('bs_processing_energy_per_slot_j = { label = "C18"; max = 25.0; xi_j_per_cycle = 1.0e-6; };',
     "p4-bs-first", {"C18": (SLOTS, 0, 0)}),
    # C7 per (slot, edge server): BS 10 GHz inside [9, 11] GHz, UAV 20 GHz outside.
    ('cpu_hz = { label = "C7"; min = 9.0e9; max = 1.1e10; };', "p4-bs-first", {"C7": (2 * SLOTS, SLOTS, 0)}),
    ('cpu_hz = { label = "C7"; min = 9.0e9; max = 2.1e10; };', "p4-bs-first", {"C7": (2 * SLOTS, 0, 0)}),
    # C16 / C17 per (slot, AP): BS 5 W, UAV 0.5 W.
    ('bs_tx_power_w = { label = "C16"; max = 1.0; }; uav_tx_power_w = { label = "C17"; max = 1.0; };',
     "p4-bs-first", {"C16": (SLOTS, SLOTS, 0), "C17": (SLOTS, 0, 0)}),
    ('bs_tx_power_w = { label = "C16"; min = 6.0; max = 9.0; }; uav_tx_power_w = { label = "C17"; min = 0.1; max = 0.4; };',
     "p4-bs-first", {"C16": (SLOTS, SLOTS, 0), "C17": (SLOTS, SLOTS, 0)}),
    # C8 per (slot, serving vehicle): some Mbit/s, far below 1 Tbit/s.
    ('rate_bps = { label = "C8"; min = 1.0; };', "p4-bs-first", {"C8": (SLOTS * VEHICLES, 0, 0)}),
    ('rate_bps = { label = "C8"; min = 1.0e12; };', "p4-bs-first", {"C8": (SLOTS * VEHICLES, SLOTS * VEHICLES, 0)}),
    # C5 / C6 per subtask computed at a BS / UAV (every latency is in (0, 10] s).
    ('bs_latency_s = { label = "C5"; max = 1.0e-9; }; uav_latency_s = { label = "C6"; max = 1.0e-9; };',
     "p4-bs-first", {"C5": (SUBTASKS, SUBTASKS, 0), "C6": (0, 0, 0)}),
    ('bs_latency_s = { label = "C5"; max = 100.0; }; uav_latency_s = { label = "C6"; max = 100.0; };',
     "p4-uav-first", {"C5": (0, 0, 0), "C6": (SUBTASKS, 0, 0)}),
    # The UAV's side of C6, C15 and C19 broken (UAV-first: 2e7 cycles, 20 J a slot).
    ('uav_latency_s = { label = "C6"; max = 1.0e-9; }; uav_load_latency_s = { label = "C15"; max = 1.0e-9; };'
     'uav_processing_energy_per_slot_j = { label = "C19"; max = 15.0; xi_j_per_cycle = 1.0e-6; };', "p4-uav-first",
     {"C6": (SUBTASKS, SUBTASKS, 0), "C15": (SLOTS, SLOTS, 0), "C19": (SLOTS, SLOTS, 0)}),
    # C14 / C15 per (slot, AP): the slot's latencies at the AP summed.
    ('bs_load_latency_s = { label = "C14"; max = 1.0e-9; }; uav_load_latency_s = { label = "C15"; max = 1.0e-9; };',
     "p4-bs-first", {"C14": (SLOTS, SLOTS, 0), "C15": (SLOTS, 0, 0)}),
    ('bs_load_latency_s = { label = "C14"; max = 100.0; };', "p4-bs-first", {"C14": (SLOTS, 0, 0)}),
    # C9 per (slot, vehicle with tasks): radio energy > 0 and far below 100 J.
    ('vehicle_energy_per_slot_j = { label = "C9"; max = 1.0e-12; };', "p4-bs-first",
     {"C9": (SLOTS * VEHICLES, SLOTS * VEHICLES, 0)}),
    ('vehicle_energy_per_slot_j = { label = "C9"; max = 100.0; };', "p4-bs-first", {"C9": (SLOTS * VEHICLES, 0, 0)}),
    # C10 per offloaded subtask: Q = 1 / L with w_E = 0, L in (0, 10] s.
    ('qos = { label = "C10"; min = 1.0e-3; weight_latency = 1.0; weight_energy = 0.0; };', "p4-bs-first",
     {"C10": (SUBTASKS, 0, 0)}),
    ('qos = { label = "C10"; min = 1.0e9; weight_latency = 1.0; weight_energy = 0.0; };', "p4-bs-first",
     {"C10": (SUBTASKS, SUBTASKS, 0)}),
    # C13 / C14a per (slot >= 1, vehicle, AP of the kind): the one BS keeps
    # both vehicles. max 0.5, k 10: P(no change) = 1 / (1 + e^5) < 0.5 holds;
    # max 0.1, k 1: P(no change) = 1 / (1 + e^0.1) = 0.475 > 0.1 breaks.
    ('bs_decision_change = { label = "C13"; max = 0.5; steepness = 10.0; };'
     'uav_decision_change = { label = "C14a"; max = 0.5; steepness = 10.0; };', "p4-bs-first",
     {"C13": ((SLOTS - 1) * VEHICLES, 0, 0), "C14a": ((SLOTS - 1) * VEHICLES, 0, 0)}),
    ('bs_decision_change = { label = "C13"; max = 0.1; steepness = 1.0; };', "p4-bs-first",
     {"C13": ((SLOTS - 1) * VEHICLES, (SLOTS - 1) * VEHICLES, 0)}),
]
for limits, sched, want in cases:
    expect(limits, want, sched)

# C1 broken: with a local CPU of 1e15 flop/s greedy keeps every subtask local.
expect('offloaded = { label = "C1"; };', {"C1": (SUBTASKS, SUBTASKS, 0)}, "greedy",
       args=["--set", "vehicles.cpu_flops=1e15"])

# Changes of association under the random scheduler, counted from the
# trace: each slot's LINK_RATE events give the vehicles' serving APs; a
# change flips Gamma of the old and the new AP (eq. 49 with max 0.5, k 10:
# only a change breaks it).
got, s = limits_of('bs_decision_change = { label = "C13"; max = 0.5; steepness = 10.0; };'
                   'uav_decision_change = { label = "C14a"; max = 0.5; steepness = 10.0; };', "random",
                   args=["--seed", "5"])
out = os.path.join(tmp, f"out{n_run[0]}")
rc, so, se = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
serving, changes = {}, {"bs": 0, "uav": 0}
for k in range(SLOTS):
    now = dict(serving)
    for e in map(json.loads, so.splitlines()):
        if e["kind"] == "LINK_RATE" and e["slot"] == k and e["node"] >= 0:
            now[e["node"]] = e["ap"]
    if k > 0:
        for v in range(VEHICLES):
            if serving.get(v) != now.get(v):
                for ap in (serving.get(v), now.get(v)):
                    if ap is not None:
                        changes["bs" if ap == 0 else "uav"] += 1
    serving = now
check(changes["bs"] > 0 and changes["uav"] > 0, f"random changes APs: {changes}")
check(got.get("C13") == ((SLOTS - 1) * VEHICLES, changes["bs"], 0), f"random: C13 {got.get('C13')}, trace {changes}")
check(got.get("C14a") == ((SLOTS - 1) * VEHICLES, changes["uav"], 0), f"random: C14a {got.get('C14a')}, trace {changes}")

# Enforce: C3 at 1.2e7 cycles keeps the first two subtasks of each slot
# (5e6, 1e7) and drops the next two (1.5e7 > 1.2e7; 1e7 + 5e6 too): 8 drops,
# each an INFEASIBLE event naming the label; C20 enforced drops all 16.
got, s = limits_of('mode = "enforce"; bs_cycles_per_slot = { label = "C3"; max = 1.2e7; };'
                   'bs_latency_s = { label = "C5"; max = 100.0; };')
check(got.get("C3") == (SLOTS, SLOTS, 2 * SLOTS), f"enforced C3: {got.get('C3')}")
check(got.get("C5") == (SUBTASKS - 2 * SLOTS, 0, 0), f"enforced C3 leaves 8 subtasks to C5: {got.get('C5')}")
check(s.get("tasks_infeasible") == 2 * SLOTS and s.get("tasks_completed") == SUBTASKS - 2 * SLOTS,
      f"enforced C3: infeasible {s.get('tasks_infeasible')}, completed {s.get('tasks_completed')}")
rc, so, _ = run(q6sim, ["trace", "dump", os.path.join(tmp, f"out{n_run[0]}", "trace.pb"), "--format", "jsonl"])
inf = [json.loads(x) for x in so.splitlines() if '"INFEASIBLE"' in x]
check(len(inf) == 2 * SLOTS and all("C3 (limits.bs_cycles_per_slot)" in e["detail"] for e in inf),
      f"INFEASIBLE events name C3: {[e['detail'] for e in inf][:2]}")
got, s = limits_of('subtask_bytes = { label = "C20"; max = 4.0e4; mode = "enforce"; };')
check(got.get("C20") == (SUBTASKS, SUBTASKS, SUBTASKS) and s.get("tasks_infeasible") == SUBTASKS,
      f"enforced C20: {got.get('C20')}, infeasible {s.get('tasks_infeasible')}")
# The group's mode leaves count-only limits counting.
got, s = limits_of('mode = "enforce"; bs_processing_energy_per_slot_j = { label = "C18"; max = 15.0; '
                   'xi_j_per_cycle = 1.0e-6; }; bs_latency_s = { label = "C5"; max = 1.0e-9; };')
check(got.get("C18") == (SLOTS, SLOTS, SLOTS), f"enforced C18 (15 J: 3 of 4 subtasks fit): {got.get('C18')}")
check(got.get("C5") == (SUBTASKS - SLOTS, SUBTASKS - SLOTS, 0), f"C5 counted under an enforcing group: {got.get('C5')}")

# The printed table (without --quiet) shows the same counts.
rc, so, se = run(q6sim, ["run", scenario('bs_cycles_per_slot = { label = "C3"; max = 1.5e7; };'),
                         "--out", os.path.join(tmp, "table")])
check(rc == 0 and any(l.split() == ["C3", "violated/checked", str(SLOTS), "/", str(SLOTS)] for l in so.splitlines()),
      f"printed table: {so[-200:]!r}")

# --strict: an enforced violation fails the run (exit 1) naming the label.
rc, _, se = run(q6sim, ["run", scenario('bs_cycles_per_slot = { label = "C3"; max = 1.2e7; mode = "enforce"; };'),
                        "--out", os.path.join(tmp, "strict"), "--quiet", "--strict"])
check(rc == 1 and "C3 (limits.bs_cycles_per_slot)" in se, f"--strict: exit {rc}: {se}")
check(not os.path.exists(os.path.join(tmp, "strict")), "--strict: no output left")

# Reruns byte-identical, with every limit of paper004's scenario.
p4 = open(os.path.join(root, "platforms", "paper004", "scenario.cfg")).read()
p4_limits = p4[p4.index("limits = {") + len("limits = {"):p4.rindex("};")]
outs = []
for k in range(2):
    outs.append(os.path.join(tmp, f"rerun{k}"))
    rc, _, se = run(q6sim, ["run", scenario(p4_limits), "--scheduler", "random", "--out", outs[-1], "--quiet"])
    check(rc == 0, f"rerun {k}: {se}")
for f in ("summary.json", "slots.csv", "trace.pb"):
    check(filecmp.cmp(os.path.join(outs[0], f), os.path.join(outs[1], f), shallow=False), f"rerun: {f} identical")
rows = json.load(open(os.path.join(outs[0], "summary.json")))["limits"]
check([r["label"] for r in rows] == ["C1", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C13", "C14a", "C14",
                                     "C15", "C16", "C17", "C18", "C19", "C20"], f"labels: {[r['label'] for r in rows]}")
# Without a limits group summary.json has no `limits`.
rc, _, _ = run(q6sim, ["run", os.path.join(base_dir, "scenario.cfg"), "--out", os.path.join(tmp, "none"), "--quiet"])
check("limits" not in json.load(open(os.path.join(tmp, "none", "summary.json"))), "no limits group: no key")

# Bad values: exit 2, one message naming file, line and field; no output.
bad = [
    ('rate_bps = { min = -1.0; };', ["limits.rate_bps.min", "outside"]),
    ('subtask_bytes = { max = 1.0e6; colour = 1; };', ["limits.subtask_bytes", "colour"]),
    ('speed_limit = { max = 1.0; };', ["limits", "speed_limit"]),
    ('bs_latency_s = { max = 0.01; mode = "enforce"; };', ["limits.bs_latency_s.mode", "counted"]),
    ('mode = "always";', ["limits.mode", "always"]),
    ('cpu_hz = { label = "C7"; };', ["limits.cpu_hz", "min, max"]),
    ('cpu_hz = { min = 2.0e9; max = 1.0e9; };', ["limits.cpu_hz.min", "above max"]),
    ('bs_decision_change = { max = 0.5; };', ["limits.bs_decision_change.steepness", "missing"]),
    ('rate_bps = { label = "X"; min = 1.0; }; subtask_bytes = { label = "X"; max = 1.0; };',
     ["limits.subtask_bytes.label", "already used"]),
    ('qos = { min = 60.0; weight_latency = 0.7; weight_energy = 0.3; q_max = 50.0; };', ["limits.qos.q_max"]),
]
for text, needles in bad:
    path = scenario(text)
    line = base.count("\n") + 3  # the limits' line, after "limits = {"
    out = os.path.join(tmp, f"bad{n_run[0]}")
    expect_bad(check, q6sim, ["run", path, "--out", out, "--quiet"], [f"{path}:{line}: ", *needles], text, out)
# NaN through --set (a file cannot spell it): named as the override.
path = scenario('rate_bps = { min = 1.0; };')
expect_bad(check, q6sim, ["run", path, "--set", "limits.rate_bps.min=nan", "--out", os.path.join(tmp, "nan"),
                          "--quiet"], ["limits.rate_bps.min"], "NaN min", os.path.join(tmp, "nan"))
check.finish()
