#!/usr/bin/env python3
"""End-to-end tests of plugin ABI 3 (docs/plugins.md).

Plugins: `q6sim plugins` lists kinds; an ABI-3, an ABI-2 and an ABI-1
plugin run through the engine (the ABI-2 copy of nearest-edge gives the
same outputs as the ABI-3 one); market scenarios pick their matcher by the
documented rule; a failing decide() says why.
Actions, by hand on one static vehicle 500 m from one BS (Friis +
Shannon): a partial offload's finish time, a bandwidth fraction's and a
transmit power's rate, a CPU share's execution time, a CPU/GPU split's
time, a battery step (paper 003 eq. 2); every new constraint reported.
Feedback: equal decisions made in another order give the same outcomes.
Usage: test_abi3.py Q6SIM ROOT NEAREST_EDGE NEAREST_EDGE_ABI2 V1_PLUGIN KNOB_PLUGIN SHORT_TABLE_PLUGIN
       FLAGS_PLUGIN
"""
import csv
import json
import math
import os
import shutil
import sys
import tempfile

Q6SIM, ROOT, EXAMPLE3, EXAMPLE2, V1, KNOBS, SHORT, FLAGS = sys.argv[1:9]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()
DEFAULT = os.path.join(ROOT, "platforms", "default")


def run(args, cwd=None):
    return q6test.run(Q6SIM, args, cwd=cwd)


def rows(out, name="slots.csv"):
    return list(csv.DictReader(open(os.path.join(out, name))))


def small_scenario(d):
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text.replace("count = 100;", "count = 20;").replace("slots = 60;", "slots = 8;"))
    return path


# One static vehicle 500 m from one BS (10 Gflop/s), FSPL, no fading.
BS_SPEED, IN_B, OUT_B, WORK, CTL, LOCAL_CPU = 1e10, 2e5, 2e4, 2e8, 0.005, 4e8
N0 = 10 ** ((-174.0 - 30) / 10)
RX_W = 0.2 * 10 ** (-20 * math.log10(4 * math.pi * 500.0 * 3.5e9 / 299792458.0) / 10)


def rate(beta=1.0, power=0.2):
    band = beta * 1e6
    return band * math.log2(1 + (power / 0.2) * RX_W / (N0 * band))


def hand(tmp, tag, params, bs_props="", energy=""):
    d = os.path.join(tmp, tag)
    os.mkdir(d)
    with open(os.path.join(d, "platform.xml"), "w") as f:
        f.write(f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="z" routing="Full">
    <host id="bs" speed="10Gf">
      <prop id="role" value="bs"/><prop id="x_m" value="300"/><prop id="y_m" value="400"/>
      <prop id="z_m" value="1.5"/><prop id="carrier_hz" value="3.5e9"/><prop id="bandwidth_hz" value="1e6"/>
      <prop id="pathloss" value="fspl"/><prop id="antenna_gain_dbi" value="0"/>{bs_props}
    </host>
    <host id="cloud" speed="100Gf"><prop id="role" value="cloud"/></host>
    <link id="bh" bandwidth="10Gbps" latency="1ms"/>
    <route src="bs" dst="cloud"><link_ctn id="bh"/></route>
  </zone>
</platform>
""")
    with open(os.path.join(d, "s.cfg"), "w") as f:
        f.write(f"""platform = "platform.xml"; seed = 5; slot_s = 1.0; slots = 30; scheduler = "knobs";
plugin_params = "{params}"; control_latency_s = {CTL};
task = {{ arrival_rate_hz = 0.3; input_bytes = [{IN_B}, {IN_B}]; flops_per_byte = 1000.0;
         output_ratio = 0.1; deadline_s = 10.0; }};
vehicles = {{ count = 1; tx_power_w = 0.2; cpu_flops = {LOCAL_CPU};
  mobility = {{ model = "static"; area_m = [0.001, 0.001]; altitude_m = [1.5, 1.5]; }}; }};
channel = {{ noise_psd_dbm_per_hz = -174.0; noise_figure_db = 0.0; fading = "none"; }};
{energy}
""")
    out = os.path.join(d, "out")
    rc, _, err = run(["run", os.path.join(d, "s.cfg"), "--plugin", KNOBS, "--out", out, "--quiet"])
    return rc, err, out, d


def events(out):
    _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    return [json.loads(x) for x in jl.splitlines()]


def lone_latencies(out):
    """(arrival event, latency) of tasks alone in their slot."""
    ev = events(out)
    arrivals = {e["task"]: e for e in ev if e["kind"] == "TASK_ARRIVAL"}
    per_slot = {}
    for e in arrivals.values():
        per_slot[e["slot"]] = per_slot.get(e["slot"], 0) + 1
    return ev, [(arrivals[e["task"]], e["value"]) for e in ev
                if e["kind"] == "TASK_DONE" and per_slot[arrivals[e["task"]]["slot"]] == 1]


def check_latency(out, what, remote_s, local_s):
    """Latency = epoch + 2 control latencies + max(offloaded part, local part) - arrival."""
    _, lone = lone_latencies(out)
    for a, lat in lone:
        expected = a["slot"] + 1.0 + 2 * CTL + max(remote_s, local_s) - a["time_s"]
        check(abs(lat - expected) <= 1e-6, f"{what}: task {a['task']} latency {lat} == {expected}")
    check(len(lone) >= 3, f"{what}: at least 3 lone tasks checked, got {len(lone)}")


def updown(x, r):
    return 8 * x * IN_B / r + 8 * x * OUT_B / r


def test_actions(tmp):
    r = rate()
    # Partial offload, local part longer: x = 0.5 -> local 0.5 W / 4e8 = 0.25 s.
    rc, err, out, _ = hand(tmp, "x05", "x=0.5")
    if check(rc == 0, f"x=0.5 runs: {err}"):
        check_latency(out, "x=0.5", updown(0.5, r) + 0.5 * WORK / BS_SPEED, 0.5 * WORK / LOCAL_CPU)
        s = json.load(open(os.path.join(out, "summary.json")))
        check(abs(s["offload_fraction_mean"] - 0.5) < 1e-12, f"mean offload fraction 0.5: {s['offload_fraction_mean']}")
    # Offloaded part longer: x = 0.9.
    rc, err, out, _ = hand(tmp, "x09", "x=0.9")
    if check(rc == 0, f"x=0.9 runs: {err}"):
        check_latency(out, "x=0.9", updown(0.9, r) + 0.9 * WORK / BS_SPEED, 0.1 * WORK / LOCAL_CPU)
    # Bandwidth fraction 0.5 at 0.1 W: rate = 0.5 B log2(1 + (0.1/0.2) rx / (N0 0.5 B)).
    rc, err, out, _ = hand(tmp, "beta", "beta=0.5,power=0.1")
    if check(rc == 0, f"beta run: {err}"):
        rb = rate(0.5, 0.1)
        rates = [e["value"] for e in events(out) if e["kind"] == "LINK_RATE"]
        check(rates and all(abs(v - rb) <= 1e-6 * rb for v in rates), f"link rate {rates[:1]} == {rb}")
        check_latency(out, "beta", updown(1, rb) + WORK / BS_SPEED, 0)
    # CPU share 2e9 of the 1e10 flop/s server: execution W / 2e9 = 0.1 s.
    rc, err, out, _ = hand(tmp, "share", "share=2e9")
    if check(rc == 0, f"share run: {err}"):
        check_latency(out, "share", updown(1, r) + WORK / 2e9, 0)
    # CPU/GPU split, GPU 4e10 flop/s at 100 W, 0.9 on the GPU:
    # max(0.1 W / 1e10, 0.9 W / 4e10) = 4.5 ms; GPU energy 100 W x 4.5 ms.
    log = os.path.join(tmp, "gpu.log")
    rc, err, out, _ = hand(tmp, "gpu", f"gpu=0.9,log={log}",
                           bs_props='<prop id="gpu_flops" value="4e10"/><prop id="gpu_power_w" value="100"/>')
    if check(rc == 0, f"gpu run: {err}"):
        check_latency(out, "gpu", updown(1, r) + max(0.1 * WORK / BS_SPEED, 0.9 * WORK / 4e10), 0)
        edge = [float(l.split(" edge ")[1].split()[0]) for l in open(log) if l.startswith("outcome")]
        # The hand platform declares no wattage: the CPU part costs 0 J, the GPU part 0.45 J.
        check(edge and all(abs(e - 100 * 0.9 * WORK / 4e10) < 1e-12 for e in edge), f"GPU energy {edge[:2]} == 0.45 J")


def test_fbl_and_observation(tmp):
    """An AP with rate_model = fbl (n = 200, eps = 1e-5): the link rate is
    B (log2(1 + g) - sqrt(V(g) / n) Q^-1(eps) / ln 2), V = 1 - (1 + g)^-2;
    the observation's rate_bps is the same, its gain = rx / P, and
    a static vehicle's velocity is 0."""
    from statistics import NormalDist
    log = os.path.join(tmp, "fbl.log")
    rc, err, out, _ = hand(tmp, "fbl", f"log={log}", bs_props='<prop id="rate_model" value="fbl"/>'
                           '<prop id="blocklength" value="200"/><prop id="error_target" value="1e-5"/>')
    if not check(rc == 0, f"fbl run: {err}"):
        return
    g = RX_W / (N0 * 1e6)
    v = 1 - (1 + g) ** -2
    expected = 1e6 * (math.log2(1 + g) - math.sqrt(v / 200) * NormalDist().inv_cdf(1 - 1e-5) / math.log(2))
    rates = [e["value"] for e in events(out) if e["kind"] == "LINK_RATE"]
    check(rates and all(abs(x - expected) <= 1e-6 * expected for x in rates), f"FBL rate {rates[:1]} == {expected}")
    obs = [l.split() for l in open(log) if l.startswith("ap 0 rate")]
    check(obs and all(abs(float(o[3]) - expected) <= 1e-6 * expected and abs(float(o[5]) - RX_W / 0.2) <= 1e-5 * RX_W / 0.2  # the vehicle is within 1 mm of the origin
                      for o in obs), f"observed rate and gain {obs[:1]}")
    vel = [l.split() for l in open(log) if l.startswith("node 0 ")]
    check(vel and all(float(x) == 0.0 for o in vel for x in o[7:10]), "a static vehicle's velocity is 0")
    check(all(o[13] == "nan" and float(o[14]) == 0 for o in vel), "no vehicle battery outside the market: NAN, 0")


def test_velocity(tmp):
    """Random-waypoint vehicles: each observed velocity is the displacement
    since the previous epoch over slot_s (0 in the first slot)."""
    sc = small_scenario(tmp)
    log = os.path.join(tmp, "vel.log")
    rc, _, err = run(["run", sc, "--plugin", KNOBS, "--scheduler", "knobs", "--set", f"plugin_params=log={log}",
                      "--out", os.path.join(tmp, "v"), "--quiet"])
    if not check(rc == 0, f"velocity run: {err}"):
        return
    prev, checked = {}, 0
    for l in open(log):
        if not l.startswith("node "):
            continue
        f = l.split()
        n, pos, vel = int(f[1]), [float(x) for x in f[3:6]], [float(x) for x in f[7:10]]
        want = [(a - b) / 1.0 for a, b in zip(pos, prev[n])] if n in prev else [0.0, 0.0, 0.0]
        check(all(abs(a - b) <= 1e-9 * (1 + abs(b)) for a, b in zip(vel, want)), f"node {n} velocity {vel} == {want}")
        checked += any(x != 0 for x in want)
        prev[n] = pos
    check(checked > 20, f"moving vehicles checked: {checked}")


def test_battery(tmp):
    """Battery of the BS site: capacity 1000 J, half full, keeps all, stores
    half of what it is charged; no renewable. Each slot the plugin charges
    20 J from the grid and discharges 5 J (the site uses 6.45 J per slot):
    b(t+1) = b(t) - 5 + 0.5 x 20; the grid supplies the demand - 5 + 20."""
    log = os.path.join(tmp, "batt.log")
    energy = """energy = { renewable_peak_w = 0.0; battery_capacity_j = 1000.0; battery_initial = [0.5, 0.5];
  battery_keep_per_slot = 1.0; battery_charge_efficiency = 0.5; };"""
    rc, err, out, _ = hand(tmp, "batt", f"target=local,charge_g=20,discharge=5,log={log}", energy=energy)
    if not check(rc == 0, f"battery run: {err}"):
        return
    levels = [float(l.split()[3]) for l in open(log) if l.startswith("ap 0 battery")]
    check(abs(levels[0] - 500) < 1e-9, f"initial level 500 J: {levels[0]}")
    check(all(abs(b - a - 5) < 1e-9 for a, b in zip(levels, levels[1:])), f"level +5 J per slot: {levels[:4]}")
    for r in rows(out):
        infra = sum(float(r[c]) for c in r if c.startswith("energy_") and c.endswith("_j")
                    and c not in ("energy_vehicle_j",) and not c.startswith("energy_ap_"))
        check(abs(float(r["supply_battery_j"]) - 5) < 1e-9, f"slot {r['slot']}: 5 J from the battery")
        check(infra > 5 and abs(float(r["supply_grid_j"]) - (infra - 5 + 20)) < 1e-6,
              f"slot {r['slot']}: grid {r['supply_grid_j']} == demand {infra} - 5 + 20")


def test_constraints(tmp):
    cases = [("x=1.5", "", "C6"), ("share=2e10", "", "C7"), ("beta=2", "", "B1"), ("power=1", "", "P1"),
             ("gpu=0.5", "", "K1"), ("target=local,discharge=1e9", "", "E1"), ("target=qpu", "", "Q1")]
    for i, (params, props, name) in enumerate(cases):
        rc, err, out, d = hand(tmp, f"bad{i}", params, bs_props=props)
        check(rc == 0 and f"violated {name}" in err and "knobs" in err, f"{params}: reports {name}: {err[:300]}")
        if name in ("C6", "C7", "Q1"):
            s = json.load(open(os.path.join(out, "summary.json")))
            check(s["tasks_infeasible"] == s["tasks_generated"] > 0, f"{params}: every task dropped")
        strict = os.path.join(d, "strict")
        rc, _, err = run(["run", os.path.join(d, "s.cfg"), "--plugin", KNOBS, "--out", strict, "--strict"])
        check(rc == 1 and name in err and not os.path.exists(strict), f"{params} --strict: exit 1 ({rc})")


def test_feedback(tmp):
    """knobs and knobs-reversed decide the same (offload x = 0.5 everywhere)
    in a different order: the feedback they receive is identical, by task id."""
    sc = small_scenario(tmp)
    logs = []
    for name in ["knobs", "knobs-reversed"]:
        log = os.path.join(tmp, name + ".log")
        rc, _, err = run(["run", sc, "--plugin", KNOBS, "--scheduler", name, "--set", f"plugin_params=x=0.5,log={log}",
                          "--out", os.path.join(tmp, name), "--quiet"])
        check(rc == 0, f"{name} runs: {err}")
        logs.append(open(log).read())
    check(logs[0] == logs[1] and "outcome" in logs[0], "equal decisions give byte-identical feedback")
    ids, seen = [], set()
    for line in logs[0].splitlines():
        if line.startswith("call"):
            check(ids == sorted(ids), "outcomes of one call are sorted by task id")
            ids = []
        elif line.startswith("outcome"):
            i = int(line.split()[1])
            check(i not in seen, f"task {i} reported once")
            seen.add(i)
            ids.append(i)
    summ = json.load(open(os.path.join(tmp, "knobs", "summary.json")))
    check(0 < len(seen) <= summ["tasks_generated"], f"{len(seen)} outcomes for {summ['tasks_generated']} tasks")


def test_radio_shared(tmp):
    """One radio per vehicle: uploads on the air at once share its on-air
    time. With task.subtasks = [2, 2] a task's two halves go up together
    over the node's link (rate r shared), so the radio is on 8 IN_B / r
    seconds for them, and the halves' radio energies add up to
    0.2 W x 8 IN_B / r, the same as one whole task's upload (they were
    charged twice that when each upload paid for the radio alone)."""
    r, power = rate(), 0.2
    expected = power * 8 * IN_B / r
    for tag, subtasks in [("radio1", ""), ("radio2", "subtasks = [2, 2];")]:
        rc, err, out, d = hand(tmp, tag, "target=ap")
        if not check(rc == 0, f"{tag} runs: {err}"):
            continue
        cfg = os.path.join(d, "s.cfg")
        text = open(cfg).read().replace("deadline_s = 10.0;", "deadline_s = 10.0; " + subtasks)
        text = text.replace('plugin_params = "target=ap";', f'plugin_params = "target=ap,log={d}/log";')
        open(cfg, "w").write(text)
        shutil.rmtree(out)
        rc, _, err = run(["run", cfg, "--plugin", KNOBS, "--out", out, "--quiet"])
        if not check(rc == 0, f"{tag} with its log runs: {err}"):
            continue
        per_slot = {}
        for line in open(os.path.join(d, "log")):
            f = line.split()
            if f[0] == "outcome":
                slot, radio = int(f[f.index("slot") + 1]), float(f[f.index("radio") + 1])
                per_slot.setdefault(slot, []).append(radio)
        arrivals = [e for e in events(out) if e["kind"] == "TASK_ARRIVAL"]
        count = {}
        for e in arrivals:  # subtasks [2, 2]: every task arrives as two halves
            count[e["slot"]] = count.get(e["slot"], 0) + 1
        want = 2 if subtasks else 1
        lone = [k for k, v in per_slot.items() if len(v) == want and count.get(k) == want]
        check(len(lone) >= 3, f"{tag}: at least 3 slots with one task checked, got {len(lone)}")
        for k in lone:
            got = sum(per_slot[k])
            check(abs(got - expected) <= 1e-6 * expected, f"{tag} slot {k}: radio energy {got} J == {expected} J")
            if subtasks:
                check(abs(per_slot[k][0] - per_slot[k][1]) <= 1e-9 * expected, f"{tag} slot {k}: halves share equally")


def test_plugins(tmp):
    rc, so, _ = run(["plugins", "--plugin", EXAMPLE3, "--plugin", EXAMPLE2, "--plugin", V1])
    lines = {tuple(l.split()[:3]) for l in so.splitlines()[1:]}
    for want in [("greedy", "scheduler", "3"), ("greedy", "matcher", "3"), ("gale-shapley", "matcher", "3"),
                 ("nearest-edge", "scheduler", "3"), ("nearest-edge-abi2", "scheduler", "2"),
                 ("strongest-edge-v1", "scheduler", "1")]:
        check(want in lines, f"plugins lists {want}: {so}")
    # A table smaller than the engine reads is refused, naming file, table and sizes.
    rc, _, err = run(["plugins", "--plugin", SHORT])
    check(rc == 2 and SHORT in err and "'short'" in err and "smaller than" in err, f"short table refused: {err}")
    # A header flag this engine does not know: refused, naming the bits.
    rc, _, err = run(["plugins", "--plugin", FLAGS])
    check(rc == 2 and FLAGS in err and "'future'" in err and "0x80000000" in err and "newer q6sim" in err,
          f"unknown header flag refused: {err}")
    # The ABI-2 copy of nearest-edge decides through the adapter exactly as the ABI-3 one.
    sc = small_scenario(tmp)
    outs = []
    for name, lib in [("nearest-edge", EXAMPLE3), ("nearest-edge-abi2", EXAMPLE2)]:
        out = os.path.join(tmp, name)
        rc, _, err = run(["run", sc, "--plugin", lib, "--scheduler", name, "--out", out, "--quiet"])
        check(rc == 0, f"{name}: {err}")
        outs.append(open(os.path.join(out, "slots.csv")).read())
    check(outs[0] == outs[1], "ABI-2 and ABI-3 nearest-edge give the same slots.csv")
    # An ABI-1 plugin runs end to end: with one BS in reach every task goes to its edge.
    d = os.path.join(tmp, "v1")
    rc, err, _, hd = hand(tmp, "v1", "")
    out = os.path.join(hd, "v1out")
    rc, _, err = run(["run", os.path.join(hd, "s.cfg"), "--plugin", V1, "--scheduler", "strongest-edge-v1",
                      "--out", out, "--quiet"])
    if check(rc == 0, f"ABI-1 plugin runs: {err}"):
        s = json.load(open(os.path.join(out, "summary.json")))
        check(s["tasks_edge"] == s["tasks_generated"] == s["tasks_completed"] > 0, f"ABI-1 plugin offloads all: {s}")
    # A failing decide() says why.
    rc, _, err = run(["run", sc, "--plugin", KNOBS, "--scheduler", "fail-at-3", "--out", os.path.join(tmp, "f")])
    check(rc == 1 and "slot 3: plugin 'fail-at-3' failed: no budget left" in err, f"failure names the reason: {err}")
    # A matcher is not a scheduler.
    rc, _, err = run(["run", sc, "--scheduler", "gale-shapley", "--out", os.path.join(tmp, "g")])
    check(rc == 2 and "matcher" in err, f"a matcher as scheduler without a market: {err}")


def test_market_rule(tmp):
    sc = os.path.join(ROOT, "platforms", "paper000", "scenario.cfg")
    a, b = os.path.join(tmp, "ma"), os.path.join(tmp, "mb")
    rc1, _, e1 = run(["run", sc, "--scheduler", "gale-shapley", "--out", a, "--quiet"])
    rc2, _, e2 = run(["run", sc, "--scheduler", "greedy", "--matcher", "gale-shapley", "--out", b, "--quiet"])
    if check(rc1 == 0 and rc2 == 0, f"market runs: {e1} {e2}"):
        for name in ["slots.csv", "market.csv", "edge_tasks.csv"]:
            check(open(os.path.join(a, name)).read() == open(os.path.join(b, name)).read(),
                  f"--scheduler gale-shapley == --scheduler greedy --matcher gale-shapley: {name}")
        check(json.load(open(os.path.join(a, "summary.json")))["matcher"] == "gale-shapley", "summary names the matcher")
    # Vehicles are the market's EVs: the observation shows their batteries.
    log = os.path.join(tmp, "ev.log")
    rc, _, err = run(["run", sc, "--plugin", KNOBS, "--scheduler", "knobs", "--matcher", "exact", "--set",
                      f"plugin_params=target=local,log={log}", "--out", os.path.join(tmp, "me"), "--quiet"])
    if check(rc == 0, f"market with an ABI-3 scheduler: {err}"):
        cap = 40 * 3.6e6  # market.ev_battery_capacity_j default (40 kWh)
        bat = [(float(l.split()[13]), float(l.split()[14])) for l in open(log) if l.startswith("node ")]
        check(bat and all(c == cap and 0 <= b <= c for b, c in bat), f"EV batteries observed: {bat[:2]}")
    rc, _, err = run(["run", sc, "--scheduler", "qubo-offload", "--out", os.path.join(tmp, "mc")])
    check(rc == 2 and "names no matcher" in err, f"market without a matcher: {err}")
    rc, _, err = run(["run", sc, "--matcher", "nosuch", "--out", os.path.join(tmp, "md")])
    check(rc == 2 and "nosuch" in err, f"unknown matcher: {err}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for t in [test_plugins, test_radio_shared, test_actions, test_fbl_and_observation, test_velocity, test_battery, test_constraints, test_feedback, test_market_rule]:
            sub = os.path.join(tmp, t.__name__)
            os.mkdir(sub)
            t(sub)
    check.finish()
