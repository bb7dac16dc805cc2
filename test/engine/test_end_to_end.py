#!/usr/bin/env python3
"""End-to-end tests of `q6sim run`, `plugins` and `trace dump`.

Checks: byte-identical outputs for the same scenario and seed; the same
timeline digest under every scheduler; output invariants; a task latency
computed by hand from the Friis/Shannon link budget; bad input rejected
with file, line and field, exit code 2 and no output left behind.
Usage: test_end_to_end.py Q6SIM SOURCE_ROOT EXAMPLE_PLUGIN BAD_PLUGIN
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

Q6SIM, ROOT, EXAMPLE_PLUGIN, BAD_PLUGIN = sys.argv[1:5]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402  (test/q6test.py)

check = q6test.Checker()
failures = check.failures


def run(args, cwd=None):
    return q6test.run(Q6SIM, args, cwd=cwd)


def small_scenario(d, extra=""):
    """The default city, smaller: 20 vehicles, 8 slots."""
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 20;").replace("slots = 60;", "slots = 8;")
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text + extra)
    return path


def summary(out):
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)


def test_determinism_and_digest(tmp):
    sc = small_scenario(tmp)
    outs = {}
    for tag, sched in [("a", "greedy"), ("b", "greedy"), ("c", "random"), ("d", "nearest-edge")]:
        cwd = os.path.join(tmp, tag)
        os.mkdir(cwd)
        # Same argv in different folders: even the manifest must match.
        rc, _, err = run(["run", sc, "--scheduler", sched, "--out", "out", "--quiet",
                          "--plugin", EXAMPLE_PLUGIN], cwd=cwd)
        check(rc == 0, f"run {sched} exit code {rc}: {err}")
        outs[tag] = os.path.join(cwd, "out")
    for name in ["trace.pb", "slots.csv", "summary.json", "manifest.json", "platform.xml"]:
        a = open(os.path.join(outs["a"], name), "rb").read()
        b = open(os.path.join(outs["b"], name), "rb").read()
        check(a == b, f"{name} differs between two runs with the same seed")
    digests = {t: summary(o)["timeline_digest"] for t, o in outs.items()}
    check(len(set(digests.values())) == 1, f"timeline digest differs across schedulers: {digests}")
    check(len(digests["a"]) == 64, "digest is a SHA-256 hex string")
    s_greedy = open(os.path.join(outs["a"], "slots.csv")).read()
    s_random = open(os.path.join(outs["c"], "slots.csv")).read()
    check(s_greedy != s_random, "greedy and random gave identical slot metrics")
    gen = {t: summary(o)["tasks_generated"] for t, o in outs.items()}
    check(len(set(gen.values())) == 1, f"tasks generated differ across schedulers: {gen}")
    # Another seed, another timeline.
    rc, _, _ = run(["run", sc, "--seed", "2", "--out", os.path.join(tmp, "seed2"), "--quiet"])
    check(rc == 0 and summary(os.path.join(tmp, "seed2"))["timeline_digest"] != digests["a"],
          "seed 2 gives another digest")
    return outs["a"]


def test_invariants(out):
    s = summary(out)
    check(s["tasks_generated"] == s["tasks_completed"] + s["tasks_dropped"],
          "generated = completed + dropped")
    check(s["tasks_generated"] == s["tasks_local"] + s["tasks_edge"] + s["tasks_cloud"] + s["tasks_infeasible"],
          "every task has one placement")
    rows = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
    check(len(rows) == s["slots"], "one slots.csv row per slot")
    for col, key in [("tasks_generated", "tasks_generated"), ("tasks_completed", "tasks_completed"),
                     ("tasks_dropped", "tasks_dropped")]:
        check(sum(int(r[col]) for r in rows) == s[key], f"slots.csv {col} sums to the summary")
    for role, total in s["energy_j"].items():
        col = f"energy_{role}_j"
        check(abs(sum(float(r[col]) for r in rows) - total) <= 1e-6 * max(1.0, total), f"{col} sums to the summary")
    infra = sum(v for k, v in s["energy_j"].items() if k != "vehicle")
    supply = sum(s["supply_j"].values())
    check(abs(infra - supply) <= 1e-6 * infra, f"infrastructure energy {infra} J = supply by source {supply} J")
    # Default factors: grid 250 g/kWh, renewable and battery 0: kg = J / 3.6e6 * 0.25.
    check(abs(s["emissions_kg"] - s["supply_j"]["grid"] / 3.6e6 * 0.250) <= 1e-9 * max(1, s["emissions_kg"]),
          "emissions = grid energy x 250 g/kWh")
    check(s["supply_j"]["renewable"] > 0, "BS sites use renewable energy")
    # The cloud idles at 400 W for 8 s unless it computes: at least 3200 J.
    check(s["energy_j"]["cloud"] >= 3200 - 1e-6, "cloud idle energy at least 400 W x 8 s")
    rc, jl, err = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    check(rc == 0, f"trace dump jsonl: {err}")
    events = [json.loads(line) for line in jl.splitlines()]
    check(len(events) + 1 == s["events"], "trace holds every event (plus the header record)")
    kinds = [e["kind"] for e in events]
    check(kinds.count("TASK_ARRIVAL") == s["tasks_generated"], "one TASK_ARRIVAL per task")
    check(kinds.count("TASK_DONE") == s["tasks_completed"], "one TASK_DONE per completed task")
    for e in events:
        if e["kind"] == "TASK_DONE":
            check(0 < e["value"] <= 2.0 + 1e-9, "latency of a completed task within its deadline")
    rc, c, _ = run(["trace", "dump", os.path.join(out, "trace.pb")])
    lines = c.splitlines()
    check(rc == 0 and lines[0] == "time_s,kind,slot,task,node,ap,host,value,detail" and len(lines) == len(events) + 1,
          "trace dump csv: header and one line per event")


def test_hand_latency(tmp):
    """One static vehicle 500 m from one BS; the nearest-edge plugin offloads every task.
    Latency of a task alone in its slot = epoch + 2 control latencies + uplink
    + execution + downlink - arrival, with the Shannon rate of the Friis budget."""
    d = os.path.join(tmp, "hand")
    os.mkdir(d)
    with open(os.path.join(d, "platform.xml"), "w") as f:
        f.write("""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="z" routing="Full">
    <host id="bs" speed="10Gf">
      <prop id="role" value="bs"/><prop id="x_m" value="300"/><prop id="y_m" value="400"/>
      <prop id="z_m" value="1.5"/><prop id="carrier_hz" value="3.5e9"/><prop id="bandwidth_hz" value="1e6"/><prop id="pathloss" value="fspl"/>
      <prop id="antenna_gain_dbi" value="0"/>
    </host>
    <host id="cloud" speed="100Gf"><prop id="role" value="cloud"/></host>
    <link id="bh" bandwidth="10Gbps" latency="1ms"/>
    <route src="bs" dst="cloud"><link_ctn id="bh"/></route>
  </zone>
</platform>
""")
    with open(os.path.join(d, "s.cfg"), "w") as f:
        f.write("""platform = "platform.xml"; seed = 5; slot_s = 1.0; slots = 30; scheduler = "nearest-edge";
control_latency_s = 0.005;
task = { arrival_rate_hz = 0.3; input_bytes = [2.0e5, 2.0e5]; flops_per_byte = 1000.0;
         output_ratio = 0.1; deadline_s = 10.0; };
vehicles = { count = 1; tx_power_w = 0.2; antenna_gain_dbi = 0.0;
  mobility = { model = "static"; area_m = [0.001, 0.001]; altitude_m = [1.5, 1.5]; }; };
channel = { noise_psd_dbm_per_hz = -174.0; noise_figure_db = 0.0; fading = "none"; };
""")
    out = os.path.join(d, "out")
    rc, _, err = run(["run", os.path.join(d, "s.cfg"), "--plugin", EXAMPLE_PLUGIN, "--out", out, "--quiet"])
    check(rc == 0, f"hand scenario runs: {err}")
    if rc != 0:
        return
    dist = 500.0  # 3-4-5 triangle, same height (the vehicle is within 1 mm of the origin)
    fspl_db = 20 * math.log10(4 * math.pi * dist * 3.5e9 / 299792458.0)
    rx_w = 0.2 * 10 ** (-fspl_db / 10)
    n0_w_per_hz = 10 ** ((-174.0 - 30) / 10)
    rate_bps = 1e6 * math.log2(1 + rx_w / (n0_w_per_hz * 1e6))
    _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    ev = [json.loads(x) for x in jl.splitlines()]
    rates = [e["value"] for e in ev if e["kind"] == "LINK_RATE"]
    check(rates and all(abs(r - rate_bps) <= 1e-5 * rate_bps for r in rates),
          f"link rate {rates[:1]} matches Friis + Shannon {rate_bps}")
    checked = 0
    for e, a in q6test.lone_done_tasks(ev):
        epoch = a["slot"] + 1.0
        expected = epoch + 2 * 0.005 + 8 * 2e5 / rate_bps + 2e8 / 1e10 + 8 * 2e4 / rate_bps - a["time_s"]
        check(abs(e["value"] - expected) <= 1e-6, f"task {e['task']} latency {e['value']} == {expected}")
        checked += 1
    check(checked >= 3, f"at least 3 lone tasks checked by hand, got {checked}")


def test_leo_visibility(tmp):
    """The default LEO (550 km, overhead at t = 0, minimum elevation 25 deg)
    over a non-rotating Earth: visible until the Earth central angle
    lambda = acos(R cos e / (R + h)) - e is swept at the orbital rate, so the
    first epoch (1 s grid) past lambda / (2 pi) x T reports the end."""
    d = os.path.join(tmp, "leo")
    os.mkdir(d)
    sc = small_scenario(d)
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--set", "slots=300", "--set", "vehicles.count=2", "--set", "site.earth_rotation=0",
                      "--out", out, "--quiet"])
    check(rc == 0, f"LEO run: {err}")
    if rc:
        return
    R, h, mu, e = 6371000.0, 550000.0, 3.986004418e14, math.radians(25)
    lam = math.acos(R * math.cos(e) / (R + h)) - e
    period = 2 * math.pi * math.sqrt((R + h) ** 3 / mu)
    t_end = lam / (2 * math.pi) * period
    _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    vis = [(e["kind"], e["time_s"]) for e in map(json.loads, jl.splitlines()) if e["kind"].startswith("VISIBILITY")]
    check(vis == [("VISIBILITY_START", 1.0), ("VISIBILITY_END", float(math.ceil(t_end)))],
          f"visibility events {vis}, expected the end at the epoch after {t_end:.2f} s")


def test_qubo_offload(tmp):
    """qubo-offload sends each slot's QUBO to the QPU host: the decision
    comes no sooner than report latency + QPU access time. Hand value with
    the D-Wave defaults of models/annealer.h and reads = 10:
    15 ms + 10 x (20 + 150 + 20) us = 16.9 ms, so decisions land at
    epoch + 5 ms + 16.9 ms + transfers (cloud-qpu link: 0.1 ms each way)."""
    d = os.path.join(tmp, "qubo")
    os.mkdir(d)
    sc = small_scenario(d)
    res = {}
    for host in ("qpu", "cpu"):
        out = os.path.join(d, host)
        rc, _, err = run(["run", sc, "--scheduler", "qubo-offload", "--set",
                          f"plugin_params=host={host},reads=10,sweeps=200", "--out", out, "--quiet"])
        check(rc == 0, f"qubo-offload on {host}: {err}")
        if rc:
            return
        res[host] = summary(out)
        _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
        decided = [e for e in map(json.loads, jl.splitlines()) if e["kind"] == "SLOT_DECIDED" and e["value"] > 0]
        check(decided, "some slots had tasks")
        for e in decided:
            delay = e["time_s"] - (e["slot"] + 1)
            if host == "qpu":
                check(0.005 + 0.0169 + 0.0002 - 1e-9 <= delay <= 0.005 + 0.0169 + 0.01,
                      f"QPU decision delay {delay} s = 5 ms + 16.9 ms access + transfers (+ embedding)")
            else:
                check(0.005 - 1e-9 <= delay < 0.5, f"CPU decision delay {delay} s")
        check(res[host]["tasks_infeasible"] == 0, "decoded QUBO decisions are feasible")
        # A QPU job for slot k starts after the epoch (k + 1) slot_s, so its
        # energy lands in slot k + 1: jobs of the last slot fall after the run.
        res[host]["jobs"] = sum(1 for e in decided if e["slot"] < res[host]["slots"] - 1)
    check(res["qpu"]["timeline_digest"] == res["cpu"]["timeline_digest"], "same timeline on QPU and CPU")
    # Shared-access QPU (platforms/default): 0 W idle, each job charged the
    # system's 25 kW for its access time, 15 ms + 10 x 190 us = 16.9 ms ->
    # 422.5 J, plus its embedding estimate on a 10 W core (< 10 ms: < 0.1 J).
    # Never used (host=cpu): nothing.
    jobs, e_qpu = res["qpu"]["jobs"], res["qpu"]["energy_j"]["qpu"]
    check(jobs > 0 and 422.5 * jobs - 1e-6 <= e_qpu <= 422.6 * jobs,
          f"QPU energy {e_qpu} J = {jobs} jobs x 422.5 J (+ embedding)")
    check(res["cpu"]["energy_j"]["qpu"] == 0, "an unused shared QPU draws nothing")
    bad = os.path.join(d, "bad")
    expect_bad(["run", sc, "--scheduler", "qubo-offload", "--set", "plugin_params=solver=magic", "--out", bad],
               ["qubo-offload", "solver=magic"], "bad plugin parameter", bad)


def test_record_replay(tmp):
    """A recorded timeline replayed gives byte-identical outputs; a timeline
    that does not fit the scenario is rejected with file and field."""
    d = os.path.join(tmp, "rr")
    os.mkdir(d)
    sc = small_scenario(d)
    tl = os.path.join(d, "timeline.pb")
    for tag, extra in [("rec", ["--record-timeline", tl]), ("rep", ["--replay-timeline", tl])]:
        os.mkdir(os.path.join(d, tag))
        rc, so, err = run(["run", sc, "--out", "out", "--progress"] + extra, cwd=os.path.join(d, tag))
        check(rc == 0, f"{tag}: {err}")
        check(so.startswith("scenario ") and "slot " not in so, "progress never mixes with the result table")
    for name in ["trace.pb", "slots.csv", "summary.json"]:
        a = open(os.path.join(d, "rec", "out", name), "rb").read()
        b = open(os.path.join(d, "rep", "out", name), "rb").read()
        check(a == b, f"replayed {name} is byte-identical to the recorded run")
    # Another seed needs --replay-any-timeline; then the recorded timeline is
    # replayed whatever the seed and scheduler, and summary.json says so.
    expect_bad(["run", sc, "--seed", "9", "--replay-timeline", tl, "--out", os.path.join(d, "s9")],
               ["timeline.pb", "seed 9", "--replay-any-timeline"], "timeline of another seed", os.path.join(d, "s9"))
    rc, _, err = run(["run", sc, "--scheduler", "random", "--seed", "9", "--replay-timeline", tl,
                      "--replay-any-timeline", "--out", os.path.join(d, "rnd"), "--quiet"])
    rec = summary(os.path.join(d, "rec", "out"))
    rnd = summary(os.path.join(d, "rnd")) if rc == 0 else {}
    check(rc == 0 and rnd["timeline_digest"] == rec["timeline_digest"], f"replay fixes the timeline whatever the seed: {err}")
    check(rnd.get("seed") == 9 and rnd.get("timeline_replay", {}).get("recorded_seed") == rec["seed"] and
          rnd["timeline_replay"].get("matches_run") is False, f"summary.json states both seeds: {rnd}")
    expect_bad(["run", sc, "--set", "vehicles.count=21", "--replay-timeline", tl, "--out", os.path.join(d, "x")],
               ["timeline.pb", "nodes"], "timeline of another scenario", os.path.join(d, "x"))
    with open(os.path.join(d, "cut.pb"), "wb") as f:
        f.write(open(tl, "rb").read()[:2000])
    expect_bad(["run", sc, "--replay-timeline", os.path.join(d, "cut.pb"), "--out", os.path.join(d, "y")],
               ["cut.pb", "record"], "truncated timeline", os.path.join(d, "y"))


def test_connectivity(tmp):
    """With a demanding SNR threshold some vehicles lose their access link;
    vehicle relays (channel.relay_range_m) can only add paths, and those
    paths have more than one hop."""
    d = os.path.join(tmp, "conn")
    os.mkdir(d)
    sc = small_scenario(d)
    rows = {}
    for tag, relay in [("direct", "0"), ("relay", "400")]:
        out = os.path.join(d, tag)
        rc, _, err = run(["run", sc, "--set", "channel.min_snr_db=35", "--set", f"channel.relay_range_m={relay}",
                          "--set", "vehicles.count=60", "--out", out, "--quiet"])
        check(rc == 0, f"connectivity run: {err}")
        rows[tag] = list(csv.DictReader(open(os.path.join(out, "slots.csv")))) if rc == 0 else []
    for a, b in zip(rows["direct"], rows["relay"]):
        check(int(a["vehicles_connected"]) <= int(b["vehicles_connected"]) <= 60, "relays only add paths")
        check(float(a["mean_hops"]) in (0.0, 1.0), "without relays every path is one hop")
    check(any(int(a["vehicles_connected"]) < 60 for a in rows["direct"]), "35 dB leaves some vehicles out of reach")
    check(any(float(b["mean_hops"]) > 1.0 for b in rows["relay"]), "relays make multi-hop paths")


def test_emission_series(tmp):
    """A grid factor series of 500 g/kWh for the first 4 s and 100 g/kWh
    after: each slot's emissions = its grid energy x the factor at its start."""
    d = os.path.join(tmp, "co2")
    os.mkdir(d)
    sc = small_scenario(d, '\nenergy = { emission_factors_csv = "factors.csv"; };\n')
    with open(os.path.join(d, "factors.csv"), "w") as f:
        f.write("time_s,g_co2_per_kwh\n0,500\n4,100\n")
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--out", out, "--quiet"])
    check(rc == 0, f"emission series run: {err}")
    if rc:
        return
    for r in csv.DictReader(open(os.path.join(out, "slots.csv"))):
        g = 500 if float(r["t_start_s"]) < 4 else 100
        want = float(r["supply_grid_j"]) / 3.6e6 * g / 1000
        check(abs(float(r["emissions_kg"]) - want) <= 1e-6 * want, f"slot {r['slot']}: emissions at {g} g/kWh")
    with open(os.path.join(d, "factors.csv"), "w") as f:
        f.write("time_s,g_co2_per_kwh\n0,500\n4,abc\n")
    expect_bad(["run", sc, "--out", out + "2"], ["factors.csv:3"], "malformed emission series", out + "2")


def test_uav_relays(tmp):
    """BS at x = 0, UAV 0 at x = 800 m, UAV 1 at x = 1600 m (100 m up, BS
    25 m up), relay range 1000 m: UAV 0 reaches the BS in 1 hop, UAV 1 in 2
    (UAV 1 -> UAV 0 -> BS); at 700 m both are cut off."""
    d = os.path.join(tmp, "uavrelay")
    os.mkdir(d)
    hosts = ""
    for name, x, z, role in [("bs", 0, 25, "bs"), ("uav-0", 800, 100, "uav"), ("uav-1", 1600, 100, "uav")]:
        extra = f'<prop id="backhaul_link" value="bh-{name}"/>' if role == "uav" else ""
        hosts += (f'<host id="{name}" speed="10Gf"><prop id="role" value="{role}"/><prop id="x_m" value="{x}"/>'
                  f'<prop id="y_m" value="0"/><prop id="z_m" value="{z}"/>{extra}</host>\n')
    with open(os.path.join(d, "platform.xml"), "w") as f:
        f.write(f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1"><zone id="z" routing="Full">
{hosts}<host id="cloud" speed="100Gf"><prop id="role" value="cloud"/></host>
<link id="bh-bs" bandwidth="1Gbps" latency="1ms"/><link id="bh-uav-0" bandwidth="100Mbps" latency="1ms"/>
<link id="bh-uav-1" bandwidth="100Mbps" latency="1ms"/>
<route src="bs" dst="cloud"><link_ctn id="bh-bs"/></route>
<route src="uav-0" dst="cloud"><link_ctn id="bh-uav-0"/></route>
<route src="uav-1" dst="cloud"><link_ctn id="bh-uav-1"/></route>
</zone></platform>
""")
    with open(os.path.join(d, "s.cfg"), "w") as f:
        f.write('platform = "platform.xml"; slot_s = 1.0; slots = 2;\n'
                'vehicles = { count = 2; mobility = { model = "static"; area_m = [500.0, 500.0]; }; };\n')
    c = 299792458.0
    d_uav_bs = math.hypot(800, 75)
    for rng, want in [("1000", {0: (1, 1e-3 + d_uav_bs / c), 1: (2, 2e-3 + (800 + d_uav_bs) / c)}),
                      ("700", {0: (0, None), 1: (0, None)})]:
        out = os.path.join(d, "out" + rng)
        rc, _, err = run(["run", os.path.join(d, "s.cfg"), "--set", f"channel.uav_relay_range_m={rng}",
                          "--out", out, "--quiet"])
        check(rc == 0, f"UAV relay run: {err}")
        if rc:
            continue
        _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
        ev = [e for e in map(json.loads, jl.splitlines()) if e["detail"].startswith("uav relay")]
        for e in ev:
            uav = int(e["host"][-1])
            hops, delay = want[uav]
            check(e["detail"] == f"uav relay path: {hops} hops", f"range {rng}: {e['host']} {e['detail']}")
            if delay is None:
                check(e["value"] == -1, f"range {rng}: {e['host']} cut off")
            else:
                check(abs(e["value"] - delay) <= 1e-12, f"{e['host']}: relay delay {e['value']} = {delay}")
        check(len(ev) == 4, "one relay event per UAV and slot")


def expect_bad(args, needles, what, out=None):
    q6test.expect_bad(check, Q6SIM, args, needles, what, out)


def test_bad_input(tmp):
    d = os.path.join(tmp, "bad")
    os.mkdir(d)
    sc = small_scenario(d)
    out = os.path.join(d, "o", "run")
    text = open(sc).read()

    def variant(name, new_text, platform_text=None):
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write(new_text)
        return p

    expect_bad(["run", os.path.join(d, "missing.cfg"), "--out", out], ["missing.cfg", "cannot open"], "missing scenario", out)
    p = variant("syntax.cfg", text.replace("seed = 1;", "seed = 1\nslot_s 1.0;"))
    expect_bad(["run", p, "--out", out], ["syntax.cfg:", "syntax error"], "scenario syntax", out)
    p = variant("nan.cfg", text.replace("deadline_s = 2.0;", "deadline_s = nan;"))
    rc, _, se = run(["run", p, "--out", out])
    check(rc == 2 and "nan.cfg:" in se and ("deadline_s" in se or "syntax" in se), f"NaN parameter rejected: {se}")
    check(not os.path.exists(out), "NaN parameter: no output")
    p = variant("neg.cfg", text.replace("deadline_s = 2.0;", "deadline_s = -1.0;"))
    line = [i + 1 for i, l in enumerate(open(p).read().splitlines()) if "deadline_s = -1.0" in l][0]
    expect_bad(["run", p, "--out", out], [f"neg.cfg:{line}:", "task.deadline_s"], "out-of-range parameter", out)
    p = variant("unknown.cfg", text.replace("slot_s = 1.0;", "slot_s = 1.0;\nslot_secs = 2.0;"))
    expect_bad(["run", p, "--out", out], ["unknown.cfg:", "slot_secs", "unknown field"], "unknown field", out)
    p = variant("noplat.cfg", text.replace('platform = "platform.xml";', 'platform = "nowhere.xml";'))
    expect_bad(["run", p, "--out", out], ["nowhere.xml", "cannot open"], "missing platform", out)
    plat = open(os.path.join(d, "platform.xml")).read()
    with open(os.path.join(d, "broken.xml"), "w") as f:
        f.write(plat.replace('<host id="bs-1"', '<host id="bs-1"<'))
    broken_line = [i + 1 for i, l in enumerate(plat.splitlines()) if 'id="bs-1"' in l][0]
    p = variant("broken.cfg", text.replace('"platform.xml"', '"broken.xml"'))
    expect_bad(["run", p, "--out", out], [f"broken.xml:{broken_line}:", "malformed XML"], "malformed platform XML", out)
    with open(os.path.join(d, "noroute.xml"), "w") as f:
        f.write(plat.replace('<route src="bs-2" dst="cloud"><link_ctn id="fibre-bs-2"/><link_ctn id="core-cloud"/></route>', ""))
    p = variant("noroute.cfg", text.replace('"platform.xml"', '"noroute.xml"'))
    expect_bad(["run", p, "--out", out], ["noroute.xml:", "bs-2", "no route"], "missing route", out)
    with open(os.path.join(d, "badprop.xml"), "w") as f:
        f.write(plat.replace('<prop id="x_m" value="1875"/> <prop id="y_m" value="625"/>',
                             '<prop id="x_m" value="NaN"/> <prop id="y_m" value="625"/>'))
    p = variant("badprop.cfg", text.replace('"platform.xml"', '"badprop.xml"'))
    expect_bad(["run", p, "--out", out], ["badprop.xml:", "bs-1", "x_m"], "NaN platform property", out)
    expect_bad(["run", sc, "--scheduler", "nosuch", "--out", out], ["nosuch", "unknown plugin"], "unknown plugin", out)
    expect_bad(["run", sc, "--plugin", os.path.join(d, "nosuch.so"), "--out", out], ["nosuch.so"], "missing plugin file", out)
    expect_bad(["run", sc, "--seed", "-3", "--out", out], ["--seed"], "negative seed", out)
    expect_bad(["run", sc, "--set", "task.deadline_s=abc", "--out", out], ["task.deadline_s"], "bad override", out)
    expect_bad(["bogus"], ["bogus"], "unknown command")
    with open(os.path.join(d, "junk.pb"), "wb") as f:
        f.write(b"\x05abc")
    expect_bad(["trace", "dump", os.path.join(d, "junk.pb")], ["junk.pb", "record 0"], "truncated trace")
    check(not os.path.exists(os.path.join(d, "o")), "no output parent directory left behind")


def test_plugins_and_infeasible(tmp):
    rc, so, _ = run(["plugins", "--plugin", EXAMPLE_PLUGIN])
    check(rc == 0 and "greedy" in so and "random" in so and "nearest-edge" in so, "plugins lists built-in and loaded")
    d = os.path.join(tmp, "inf")
    os.mkdir(d)
    sc = small_scenario(d)
    out = os.path.join(d, "out")
    rc, _, se = run(["run", sc, "--plugin", BAD_PLUGIN, "--scheduler", "bad-ap-index", "--out", out, "--quiet"])
    check(rc == 0, f"infeasible decisions are reported, not fatal: {se}")
    check("bad-ap-index" in se and "C2" in se, "the report names the plugin and the constraint")
    s = summary(out)
    check(s["tasks_infeasible"] == s["tasks_generated"] and s["tasks_completed"] == 0,
          "every infeasible task is dropped, none applied")
    out2 = os.path.join(d, "strict")
    rc, _, se = run(["run", sc, "--plugin", BAD_PLUGIN, "--scheduler", "bad-ap-index", "--out", out2, "--strict"])
    check(rc == 1 and "C2" in se and not os.path.exists(out2), "--strict: exit 1, no output")
    for cmd in [["--help"], ["run", "--help"], ["plugins", "--help"], ["trace", "--help"]]:
        rc, so, _ = run(cmd)
        check(rc == 0 and "usage" in so, f"{' '.join(cmd)} prints usage")


def test_fcd_replay(tmp):
    """A SUMO trace drives the vehicles: the pool is sized to the most
    vehicles present at once, read independently from the FCD file."""
    if not shutil.which("sumo"):
        print("sumo not installed: FCD replay part skipped", file=sys.stderr)
        return
    import gzip
    import xml.etree.ElementTree as ET
    d = os.path.join(tmp, "fcd")
    os.mkdir(d)
    trace = os.path.join(d, "city.fcd.xml.gz")
    p = subprocess.run([os.path.join(ROOT, "tools", "make_city_trace.sh"), "--area-m", "800", "--vehicles", "15",
                        "--duration-s", "40", "--seed", "2", "--out", trace], capture_output=True, text=True)
    check(p.returncode == 0, f"make_city_trace.sh: {p.stderr}")
    if p.returncode:
        return
    most = max(len(ts.findall("vehicle")) for ts in ET.parse(gzip.open(trace)).getroot().iter("timestep"))
    sc = small_scenario(d, "")
    text = open(sc).read()
    a = text.index('  mobility = {\n    model = "random-waypoint";\n    area_m = [2500.0, 2500.0];')
    b = text.index("  };\n", a) + 4
    text = text[:a] + '  mobility = { model = "fcd"; file = "city.fcd.xml.gz"; };\n' + text[b:]
    with open(sc, "w") as f:
        f.write(text.replace("count = 20;", "count = 0;").replace("slots = 8;", "slots = 30;"))
    out = os.path.join(d, "out")
    rc, _, err = run(["run", sc, "--out", out, "--quiet"])
    check(rc == 0, f"FCD scenario runs: {err}")
    if rc == 0:
        s = summary(out)
        check(s["vehicles"] == most, f"vehicle pool {s['vehicles']} = most vehicles at one timestep {most}")
        check(s["tasks_generated"] > 0, "vehicles of the trace generate tasks")
    with open(sc.replace(".cfg", "-small.cfg"), "w") as f:
        f.write(open(sc).read().replace("count = 0;", f"count = {most - 1};"))
    expect_bad(["run", sc.replace(".cfg", "-small.cfg"), "--out", out + "2"], ["vehicles.count", str(most)],
               "pool smaller than the trace", out + "2")


with tempfile.TemporaryDirectory() as tmp:
    test_fcd_replay(tmp)
    out = test_determinism_and_digest(tmp)
    test_invariants(out)
    test_hand_latency(tmp)
    test_leo_visibility(tmp)
    test_qubo_offload(tmp)
    test_record_replay(tmp)
    test_connectivity(tmp)
    test_emission_series(tmp)
    test_uav_relays(tmp)
    test_bad_input(tmp)
    test_plugins_and_infeasible(tmp)

print(f"{len(failures)} failed checks")
sys.exit(1 if failures else 0)
