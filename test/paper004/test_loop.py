"""Paper 004's system model in the loop, end to end (probe plugin p4-probe):

- eq. 4 CPU jitter: the observation's cpu_flops of each AP in slot k is the
  speed the generated platform gives it as pstate k + 1 (the unit test
  test_loop_units.c ties those speeds to the keyed stream), executions at
  a jittered AP do exactly their flops under that piecewise speed (checked
  by integrating it over every execution that had its host to itself or
  shared it with executions that started and ended with it), reruns are
  byte-identical, the timeline digest covers the speeds, and bad variances
  (negative, NaN, text) exit 2 naming the file, line and property;
- dual connectivity: a task's two subtasks sent to the best BS and the best
  UAV share the vehicle's one radio by time: with rates r1 (BS) and r2
  (UAV), D bits each, both on air, the faster ends after 2 D / r_fast, the
  other then alone at its own rate; radio energy = P x the time the radio
  was on; C5 refuses a second AP without dual connectivity and two BSs
  with it, naming the constraint;
- forwarding (eqs. 5c-5e): a task sent to a BS and computed at a UAV one
  relay hop away arrives there D / R_hop + 1 ms + d / c after reaching the
  BS (R_hop the UAV's 100 Mbit/s backhaul), is computed at the UAV's speed,
  and its outcome names the UAV; F1 refuses an out-of-range index and an
  unreachable server, naming the constraint.
Usage: test_loop.py Q6SIM SOURCE_ROOT P4_PROBE_SO"""
import filecmp
import json
import math
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root, probe = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
pdir = os.path.join(root, "platforms", "paper004")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p4-loop-")
C = 299792458.0


def variant(name, scen_edit=lambda s: s, plat_edit=None):
    """The shipped scenario (edited) over the shipped platform or an edited copy."""
    pxml = os.path.join(pdir, "platform.xml")
    if plat_edit:
        text = plat_edit(open(pxml).read())
        pxml = os.path.join(tmp, name + ".xml")
        with open(pxml, "w") as f:
            f.write(text)
    s = open(os.path.join(pdir, "scenario.cfg")).read().replace('platform = "platform.xml";', f'platform = "{pxml}";')
    path = os.path.join(tmp, name + ".cfg")
    with open(path, "w") as f:
        f.write(scen_edit(s))
    return path, pxml


def no_jitter(x):
    return x.replace(' <prop id="cpu_jitter_variance" value="0.1"/>', "")


def small_tasks(s):
    """100 kB tasks in 2 parts, no result bytes (so that only the uploads use the radio link)."""
    return (s.replace("input_bytes = [1.0e6, 1.0e6];", "input_bytes = [1.0e5, 1.0e5];")
            .replace("subtasks = [2, 4];", "subtasks = [2, 2];").replace("output_ratio = 0.001;", "output_ratio = 0.0;"))


def probe_run(name, scen, params, extra=(), strict=True):
    out = os.path.join(tmp, name)
    log = os.path.join(tmp, name + ".log")
    args = ["run", scen, "--plugin", probe, "--scheduler", "p4-probe", "--out", out, "--quiet",
            "--set", f"plugin_params=log={log},{params}"] + list(extra) + (["--strict"] if strict else [])
    rc, _, se = run(q6sim, args)
    return rc, se, out, log


def events(out):
    rc, so, se = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    check(rc == 0, f"trace dump {out}: {se}")
    return [json.loads(l) for l in so.splitlines()]


def read_log(log):
    """Per slot: {ap: (kind, cpu, xyz)}, and the outcomes' compute_ap by task."""
    slots, outcomes, cur = [], {}, None
    for line in open(log):
        f = line.split()
        if f[0] == "slot":
            cur = {}
            slots.append(cur)
        elif f[0] == "ap":
            cur[int(f[1])] = (int(f[2]), float(f[3]), tuple(map(float, f[4:7])))
        elif f[0] == "outcome":
            outcomes[int(f[1])] = int(f[3])
    return slots, outcomes


def pstate_speeds(out):
    gen = open(os.path.join(out, "platform.xml")).read()
    return {h: [float(v.rstrip("f")) for v in sp.split(",")]
            for h, sp in re.findall(r'<host id="((?:bs|uav)-\d+)" speed="([^"]*)"', gen)}


# ---- Eq. 4 jitter -----------------------------------------------------------
SLOTS = 30
def heavy(s):
    """Small tasks with 100x the work: executions span several slots' speeds."""
    return small_tasks(s).replace("flops_per_byte = 330.0;", "flops_per_byte = 33000.0;")


jit, _ = variant("jitter", small_tasks)
rc, se, out, log = probe_run("jitter", jit, "mode=bs", ["--slots", str(SLOTS), "--set", "vehicles.count=3"])
check(rc == 0, f"jitter run: {se}")
speeds = pstate_speeds(out)
slots, _ = read_log(log)
names = sorted(speeds)
check(len(names) == 14 and all(len(v) == SLOTS + 1 for v in speeds.values()),
      f"14 jittered hosts with f_max + {SLOTS} pstates")
check(all(v[0] == 1e10 and all(1e9 <= f <= 1e10 for f in v[1:]) for v in speeds.values()), "f_min <= f <= f_max")
# Observation: AP index = platform order (bs-0..3, uav-0..9).
order = [f"bs-{i}" for i in range(4)] + [f"uav-{i}" for i in range(10)]
check(len(slots) == SLOTS, f"{len(slots)} observations")
for k, aps in enumerate(slots):
    for a, (_, cpu, _) in aps.items():
        check(cpu == speeds[order[a]][k + 1], f"slot {k} AP {a}: observed {cpu} = pstate {k + 1}")
slot_s = 0.02


def work_done(host, t0, t1):
    """Integral of the host's speed over [t0, t1]: pstate j from j slot_s."""
    sp, total, t = speeds[host], 0.0, t0
    while t < t1:
        j = min(int(math.floor(t / slot_s + 1e-12)), SLOTS)
        edge = (j + 1) * slot_s if j < SLOTS else t1
        nxt = min(t1, edge)
        total += sp[j] * (nxt - t)
        t = nxt
    return total


def exec_intervals(out):
    execs = {}
    for e in events(out):
        if e["kind"] in ("EXEC_START", "EXEC_END") and e["host"] in speeds:
            execs.setdefault((e["host"], e["task"]), {})[e["kind"]] = (e["time_s"], e["value"])
    return [(h, d["EXEC_START"][0], d["EXEC_END"][0], d["EXEC_START"][1]) for (h, _), d in execs.items()
            if "EXEC_END" in d]


def check_integrals(iv, what):
    """Every execution that shared its host only with executions that
    started and ended with it did its flops under the pstate speeds."""
    checked = crossing = 0
    for h, s, e, fl in iv:
        group = [x for x in iv if x[0] == h and x[1] < e and s < x[2]]
        if any(x[1] != s or x[2] != e for x in group):
            continue  # staggered sharing: not a hand case
        want = sum(x[3] for x in group)
        got = work_done(h, s, e)
        check(abs(got - want) <= 1e-9 * want, f"{what}: {h} [{s}, {e}]: {got} flops under the jittered speeds, {want} expected")
        checked += 1
        crossing += math.floor(s / slot_s + 1e-12) != math.floor(e / slot_s + 1e-12)
    return checked, crossing


iv = exec_intervals(out)
checked, _ = check_integrals(iv, "light")
check(checked >= 5, f"{checked} executions checked by hand")
# Work / f of the slot, by hand, for executions inside a slot.
inside = [x for x in iv if math.floor(x[1] / slot_s) == math.floor(x[2] / slot_s)
          and all(y[1] == x[1] and y[2] == x[2] for y in iv if y[0] == x[0] and y[1] < x[2] and x[1] < y[2])]
check(inside, "an execution within one slot")
for h, s, e, fl in inside[:3]:
    n = sum(1 for y in iv if y[0] == h and y[1] == s)
    f = speeds[h][int(math.floor(s / slot_s))]
    check(abs((e - s) - n * fl / f) <= 1e-12 + 1e-9 * (e - s), f"{h}: {e - s} s = {n} x {fl} / {f}")
    check(f != 1e10, f"{h}: ran at a jittered speed {f}")
# 100x the work: executions run through several slots' speeds.
heavy_scen, _ = variant("jitter-heavy", heavy)
rc, se, out_h, _ = probe_run("jitter-heavy", heavy_scen, "mode=bs", ["--slots", str(SLOTS), "--set", "vehicles.count=1"])
check(rc == 0, f"heavy jitter run: {se}")
checked, crossing = check_integrals(exec_intervals(out_h), "heavy")
check(checked >= 1 and crossing >= 1, f"{checked} long executions checked, {crossing} across a speed change")

# Determinism and the digest.
rc2, se2, out2, _ = probe_run("jitter-again", jit, "mode=bs", ["--slots", str(SLOTS), "--set", "vehicles.count=3"])
check(rc2 == 0, f"rerun: {se2}")
for f in ("summary.json", "slots.csv", "trace.pb", "platform.xml"):
    check(filecmp.cmp(os.path.join(out, f), os.path.join(out2, f), shallow=False), f"jitter: {f} identical on rerun")
off, _ = variant("jitter-off", small_tasks, no_jitter)
rc3, se3, out3, log3 = probe_run("jitter-off", off, "mode=bs", ["--slots", str(SLOTS), "--set", "vehicles.count=3"])
check(rc3 == 0, f"jitter off: {se3}")
d_on = json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]
d_off = json.load(open(os.path.join(out3, "summary.json")))["timeline_digest"]
check(d_on != d_off, "the timeline digest covers the jittered speeds")
s_off, _ = read_log(log3)
check(all(cpu == 1e10 for aps in s_off for (_, cpu, _) in aps.values()), "jitter off: every AP at f_max")
gen_off = open(os.path.join(out3, "platform.xml")).read()
check(re.findall(r'<host id="(?:bs|uav)-\d+" speed="([^"]*)"', gen_off) == ["10Gf"] * 14, "jitter off: one pstate")

# Bad variances: exit 2 naming file, line and property.
for bad in ("-0.1", "nan", "fast"):
    path, pxml = variant("bad-" + bad, plat_edit=lambda x, b=bad: x.replace('"cpu_jitter_variance" value="0.1"',
                                                                            f'"cpu_jitter_variance" value="{b}"', 1))
    line = next(i for i, l in enumerate(open(pxml), 1) if "cpu_jitter_variance" in l)
    expect_bad(check, q6sim, ["run", path, "--slots", "2", "--out", os.path.join(tmp, "bad-out")],
               [pxml, f":{line}:", "cpu_jitter_variance"], f"cpu_jitter_variance = {bad}",
               out=os.path.join(tmp, "bad-out"))

# ---- Dual connectivity --------------------------------------------------------
dual, _ = variant("dual", small_tasks, no_jitter)
rc, se, out, log = probe_run("dual", dual, "mode=dual", ["--slots", "50", "--set", "vehicles.count=1",
                                                         "--set", "task.arrival_rate_hz=4"])
check(rc == 0, f"dual run: {se}")
ev = events(out)
slots, _ = read_log(log)
check(slots and all(l for l in slots) and read_log(log)[0] is not None, "dual: observations")
check(open(log).readline().split()[:4] == ["slot", "0", "dual", "1"], "observation: dual_connectivity = 1")
sent = [e for e in ev if e["kind"] == "TASK_SENT"]
start = {e["task"]: e["time_s"] for e in ev if e["kind"] == "EXEC_START"}
rates = {(e["slot"], e["ap"]): e["value"] for e in ev if e["kind"] == "LINK_RATE" and e["node"] == 0}
arr = {e["task"]: e for e in ev if e["kind"] == "TASK_ARRIVAL"}
lat = 100 / 10e6  # the FBL block's coding delay on the air link (l / B)
hand = 0
ends = []
for a in sent:
    b = next((x for x in sent if x["task"] == a["task"] + 1 and x["time_s"] == a["time_s"] and x["ap"] != a["ap"]), None)
    if not b or a["task"] not in start or b["task"] not in start:
        continue
    others = [x for x in sent if x["task"] not in (a["task"], b["task"]) and abs(x["time_s"] - a["time_s"]) < 0.05]
    if others:
        continue
    r1, r2 = rates[(a["slot"], a["ap"])], rates[(b["slot"], b["ap"])]
    bits = 8 * a["value"]
    fast, slow = (r1, r2) if r1 > r2 else (r2, r1)
    t_fast = 2 * bits / fast
    t_slow = t_fast + (bits - slow / 2 * t_fast) / slow
    got = sorted([start[a["task"]] - a["time_s"], start[b["task"]] - b["time_s"]])
    check(abs(got[0] - (lat + t_fast)) < 1e-6 and abs(got[1] - (lat + t_slow)) < 1e-6,
          f"dual tasks {a['task']},{b['task']}: arrivals {got} vs {lat + t_fast}, {lat + t_slow} by hand")
    ends.append((a["time_s"], lat + t_slow))
    hand += 1
check(hand >= 1, f"{hand} two-AP cases by hand")
# Radio energy: P = 0.2 W x the radio's on time, booked in the slot the upload began.
rows = list(__import__("csv").DictReader(open(os.path.join(out, "slots.csv"))))
for t0, on in ends[:1]:
    k = int(math.floor(t0 / slot_s))
    e_slot = float(rows[k]["energy_vehicle_j"])
    check(abs(e_slot - 0.2 * on) <= 1e-4 * 0.2 * on, f"radio energy {e_slot} J = 0.2 W x {on} s")
# C5: without dual connectivity a second AP is refused; with it, a second BS.
single, _ = variant("single", lambda s: small_tasks(s).replace("dual_connectivity = true", "dual_connectivity = false"),
                    no_jitter)
rc, se, _, _ = probe_run("single", single, "mode=dual", ["--slots", "50", "--set", "vehicles.count=1",
                                                         "--set", "task.arrival_rate_hz=4"])
check(rc == 1 and "C5 one AP per node" in se, f"C5 without dual connectivity: {rc} {se}")
rc, se, _, _ = probe_run("two-bs", dual, "mode=two-bs", ["--slots", "50", "--set", "vehicles.count=1",
                                                         "--set", "task.arrival_rate_hz=4",
                                                         "--set", "channel.min_snr_db=-100"])
check(rc == 1 and "C5 one AP of each kind per node" in se, f"C5 with dual connectivity, two BSs: {rc} {se}")

# ---- Forwarding ------------------------------------------------------------------
rc, se, out, log = probe_run("fwd", dual, "mode=fwd", ["--slots", "50", "--set", "vehicles.count=1",
                                                       "--set", "task.arrival_rate_hz=4"])
check(rc == 0, f"forwarding run: {se}")
ev = events(out)
slots, outcomes = read_log(log)
fwd = [e for e in ev if e["kind"] == "TASK_SENT" and e["detail"].startswith("forward")]
check(fwd, "forwarded tasks")
done = {e["task"]: e["time_s"] for e in ev if e["kind"] == "TASK_DONE"}
up = {e["task"]: e for e in ev if e["kind"] == "TASK_SENT" and not e["detail"]}
ex = {}
for e in ev:
    if e["kind"] in ("EXEC_START", "EXEC_END"):
        ex.setdefault(e["task"], {})[e["kind"]] = e
hand = 0
for f in fwd:
    t = f["task"]
    k = f["slot"]
    u = up[t]
    ap, at = u["ap"], f["ap"]
    xa, xb = slots[k][ap][2], slots[k][at][2]
    d = math.dist(xa, xb)
    bits = 8 * f["value"]
    hop = bits / 100e6 + 1e-3 + d / C
    s, e = ex[t]["EXEC_START"], ex[t]["EXEC_END"]
    check(s["host"] == order[at], f"task {t} computed at {s['host']}, compute_ap {order[at]}")
    check(abs(s["time_s"] - f["time_s"] - hop) < 1e-9, f"task {t}: hop {s['time_s'] - f['time_s']} s = {hop} by hand")
    check(outcomes.get(t) == at, f"task {t}: outcome compute_ap {outcomes.get(t)} = {at}")
    # Both parts of the task upload together (D / (r / 2) each) and compute together at the UAV.
    r = rates_f = next(x["value"] for x in ev if x["kind"] == "LINK_RATE" and x["node"] == 0 and x["slot"] == k
                       and x["ap"] == ap)
    twin = [x for x in fwd if x["slot"] == k and x["task"] != t]
    if len(twin) != 1 or any(x["slot"] == k + 1 for x in fwd) or any(x["slot"] == k - 1 for x in fwd):
        continue
    air = lat + 2 * bits / r
    comp = 2 * s["value"] / 1e10
    back = 1e-3 + d / C + lat  # no result bytes: the hops' and air link's delays
    total = air + hop + comp + back
    check(abs(done[t] - u["time_s"] - total) < 1e-6,
          f"task {t}: {done[t] - u['time_s']} s from upload to done = air {air} + hop {hop} + CPU {comp} + back {back}")
    hand += 1
check(hand >= 1, f"{hand} forwarded tasks by hand")
decided = [e for e in ev if e["kind"] == "TASK_DECIDED" and "computed at" in e["detail"]]
check(decided and all("1 relay hops" in e["detail"] for e in decided), "the trace names where it computed")
# F1 refusals, named.
rc, se, _, _ = probe_run("f1-range", dual, "mode=bs,fwd=99", ["--slots", "50", "--set", "vehicles.count=1",
                                                              "--set", "task.arrival_rate_hz=4"])
check(rc == 1 and "F1 forwarding" in se and "compute_ap = 99" in se, f"F1 index out of range: {rc} {se}")
rc, se, _, _ = probe_run("f1-unreach", dual, "mode=bs,fwd=4", ["--slots", "50", "--set", "vehicles.count=1",
                                                               "--set", "task.arrival_rate_hz=4",
                                                               "--set", "channel.uav_relay_range_m=0"])
check(rc == 1 and "F1 forwarding" in se and "does not reach" in se, f"F1 unreachable: {rc} {se}")
check.finish()
