#!/usr/bin/env python3
"""End-to-end tests of the paper-000 energy market (platforms/paper000).

Checks: every market plugin sees the same timeline (digest); `exact` is
never beaten on social welfare in any slot; every edge chunk's times match
a hand calculation from the host speeds and satisfy Theorem 1 (bounds
recomputed here); traded energy by direction adds up; the same seed gives
byte-identical outputs; plugins without a matcher and bad market fields
are rejected with exit code 2; both optimiser cost models follow the
platform's properties; rounds give many-to-one matching within K.
Usage: test_market.py Q6SIM SOURCE_ROOT EXAMPLE_PLUGIN
"""
import csv
import json
import math
import os
import sys
import tempfile

Q6SIM, ROOT, EXAMPLE_PLUGIN = sys.argv[1:4]
SCENARIO = os.path.join(ROOT, "platforms", "paper000", "scenario.cfg")
PLUGINS = ["exact", "gale-shapley", "qubo", "greedy", "random"]
F_EV, F_BBU, T_ADD = 2.0e9, 2.5e9, 0.1  # vehicles.cpu_flops, BS host speed, market.bs_add_time_s
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402  (test/q6test.py)

check = q6test.Checker()
failures = check.failures


def run(args):
    return q6test.run(Q6SIM, args)


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def theorem1_lower(t_bs, t_ev, t_add):
    """sqrt(t_BS^2 - 2 t_add t_EV) - t_EV, floored at 0 (paper 000, Theorem 1)."""
    rad = t_bs * t_bs - 2 * t_add * t_ev
    return max(math.sqrt(rad) - t_ev, 0.0) if rad > 0 else 0.0


def check_chunks(out, what):
    n = 0
    for r in rows(os.path.join(out, "edge_tasks.csv")):
        check(r["done"] == "1", f"{what}: chunk of slot {r['slot']} unfinished")
        if r["done"] != "1":
            continue
        n += 1
        f = {k: float(r[k]) for k in ("chunk_flops", "ev_flops", "charge_s", "decided_s", "travel_s", "arrive_s",
                                      "t_ev_comp_s", "t_bs_comp_s", "t_task_s", "bound_lower_s")}
        # The EV leaves when the energy exchange ends (ev_stays = 0).
        check(math.isclose(f["ev_flops"], min(f["chunk_flops"], f["charge_s"] * F_EV), rel_tol=1e-9),
              f"{what}: EV part {f['ev_flops']} != min(chunk, t_chg f_EV)")
        check(math.isclose(f["arrive_s"], f["decided_s"] + f["travel_s"], rel_tol=1e-9, abs_tol=1e-9),
              f"{what}: arrival != decision + travel")
        t_ev = f["ev_flops"] / F_EV
        t_bs = (f["chunk_flops"] - f["ev_flops"]) / F_BBU + T_ADD
        check(math.isclose(f["t_ev_comp_s"], t_ev, rel_tol=1e-6), f"{what}: t_EV {f['t_ev_comp_s']} != {t_ev}")
        check(math.isclose(f["t_bs_comp_s"], t_bs, rel_tol=1e-6), f"{what}: t_BS {f['t_bs_comp_s']} != {t_bs}")
        check(math.isclose(f["t_task_s"], t_ev + t_bs, rel_tol=1e-6), f"{what}: t_task != t_EV + t_BS")
        low = theorem1_lower(f["t_bs_comp_s"], f["t_ev_comp_s"], T_ADD)
        check(math.isclose(f["bound_lower_s"], low, rel_tol=1e-9, abs_tol=1e-9), f"{what}: lower bound column")
        check(f["t_task_s"] >= low - 1e-9, f"{what}: Theorem 1 lower bound violated")
        if f["ev_flops"] >= f["chunk_flops"]:
            check(f["t_task_s"] <= T_ADD + f["t_ev_comp_s"] + 1e-9, f"{what}: Theorem 1 upper bound violated")
            check(math.isclose(float(r["bound_upper_s"]), T_ADD + f["t_ev_comp_s"], rel_tol=1e-9), f"{what}: upper column")
        else:
            check(r["bound_upper_s"] == "", f"{what}: upper bound given although the BS computed a part")
        check(r["within_bounds"] == "1", f"{what}: engine says Theorem 1 failed")
    return n


def test_plugins(tmp):
    digests, welfare = {}, {}
    for p in PLUGINS:
        out = os.path.join(tmp, p)
        # One round: exact is then the optimum of slot 0 (test_many_to_one covers rounds).
        rc, _, err = run(["run", SCENARIO, "--scheduler", p, "--slots", "3", "--out", out, "--quiet",
                          "--set", "market.rounds=1"])
        check(rc == 0, f"{p}: exit {rc}: {err}")
        if rc:
            continue
        s = json.load(open(os.path.join(out, "summary.json")))
        digests[p] = s["timeline_digest"]
        welfare[p] = [float(r["welfare"]) for r in rows(os.path.join(out, "market.csv"))]
        mk = s["market"]
        check(mk["theorem1_violations"] == 0, f"{p}: Theorem 1 violations")
        check(mk["rejected"] == 0, f"{p}: the engine rejected pairs of a built-in matcher")
        n = check_chunks(out, p)
        check(n == mk["chunks_done"], f"{p}: edge_tasks.csv rows != chunks_done")
        # Energy by direction: market.csv flows of matched pairs = the chunks' traded energy.
        tasks = rows(os.path.join(out, "edge_tasks.csv"))
        slots = rows(os.path.join(out, "market.csv"))
        for flow in ("t2v", "ev2bs"):
            a = sum(float(r[f"{flow}_j"]) for r in slots)
            b = sum(float(t["energy_j"]) for t in tasks if t["direction"] == flow)
            check(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6), f"{p}: {flow} {a} != chunks' {b}")
        check(sum(int(r["matched"]) for r in slots) == len(tasks), f"{p}: matched != chunks")
    check(len(set(digests.values())) == 1, f"timeline digests differ between plugins: {digests}")
    if "exact" in welfare:
        for p, w in welfare.items():
            for k, (a, b) in enumerate(zip(w, welfare["exact"])):
                # Slot 0 starts from the same state for every plugin; later slots
                # depend on earlier trades, so exact is the optimum of slot 0 only.
                if k == 0:
                    check(a <= b + 1e-9 * abs(b), f"{p} beat exact in slot 0: {a} > {b}")
    check(any(float(r["matched"]) > 0 for r in rows(os.path.join(tmp, "exact", "market.csv"))), "no pair matched")


def test_bs_computes_rest(tmp):
    """Huge chunks: the EV leaves before finishing and the BS computes the rest."""
    out = os.path.join(tmp, "big")
    # One EV per BS: the hand calculation assumes the BS computes one chunk's rest alone.
    rc, _, err = run(["run", SCENARIO, "--scheduler", "exact", "--out", out, "--quiet", "--set", "market.bs_max_evs=1",
                      "--set", "market.chunk_bytes=2e9", "--set", "market.bs_task_cost_per_s=0",
                      "--set", "market.ev_cpu_cost_per_mb2=0"])
    check(rc == 0, f"big chunks: exit {rc}: {err}")
    if rc == 0:
        check_chunks(out, "big chunks")
        t = rows(os.path.join(out, "edge_tasks.csv"))
        check(any(float(r["ev_flops"]) < float(r["chunk_flops"]) for r in t), "no chunk left to the BS")


def test_determinism(tmp):
    outs = []
    for tag in ("a", "b"):
        out = os.path.join(tmp, "det-" + tag)
        run(["run", SCENARIO, "--scheduler", "gale-shapley", "--slots", "2", "--out", out, "--quiet"])
        outs.append(out)
    for name in ("market.csv", "edge_tasks.csv", "summary.json", "trace.pb", "slots.csv"):
        a, b = (open(os.path.join(o, name), "rb").read() for o in outs)
        check(a == b, f"{name} differs between two runs with the same seed")


def test_record_replay(tmp):
    """The market's draws (initial charge, BS loads) are part of the timeline file."""
    tl = os.path.join(tmp, "market.timeline")
    a, b = os.path.join(tmp, "rec"), os.path.join(tmp, "rep")
    rc1, _, err1 = run(["run", SCENARIO, "--slots", "3", "--out", a, "--quiet", "--record-timeline", tl])
    rc2, _, err2 = run(["run", SCENARIO, "--slots", "3", "--out", b, "--quiet", "--replay-timeline", tl,
                        "--seed", "77", "--replay-any-timeline"])
    check(rc1 == 0 and rc2 == 0, f"record/replay: {err1} {err2}")
    if rc1 == 0 and rc2 == 0:
        # The replay runs with another seed: every exogenous value must come from the file.
        for name in ("market.csv", "edge_tasks.csv", "slots.csv"):
            x, y = (open(os.path.join(o, name), "rb").read() for o in (a, b))
            check(x == y, f"{name} differs between the recorded and the replayed run")
        sa, sb = (json.load(open(os.path.join(o, "summary.json"))) for o in (a, b))
        check(sa["timeline_digest"] == sb["timeline_digest"], "replayed digest differs")
        check(sb["seed"] == 77 and sb.get("timeline_replay", {}).get("recorded_seed") == sa["seed"],
              "the replay's summary.json states both seeds")
    rc, _, err = run(["run", SCENARIO, "--slots", "3", "--out", os.path.join(tmp, "rep3"), "--quiet",
                      "--replay-timeline", tl, "--set", "platform=platform-bs3.xml"])
    check(rc == 2 and "market.timeline" in err, f"replay on another platform: exit {rc}: {err}")


def platform_copy(tmp, name, old, new):
    """platform-bs5.xml with one property value replaced (must occur)."""
    text = open(os.path.join(ROOT, "platforms", "paper000", "platform-bs5.xml")).read()
    check(old in text, f"{old} not in platform-bs5.xml")
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text.replace(old, new))
    return path


def market_rows(tmp, tag, args, scenario=SCENARIO):
    out = os.path.join(tmp, tag)
    rc, _, err = run(["run", scenario, "--out", out, "--quiet"] + args)
    check(rc == 0, f"{tag}: exit {rc}: {err}")
    return rows(os.path.join(out, "market.csv")) if rc == 0 else []


def test_cost_models(tmp):
    """Both optimiser cost models from the platform's properties (docs/paper000.md)."""
    # Process model of a classical matcher: P(n) t with P(n) = 40 + 260 n / (n + 1e4)
    # (the cloud host's process_* properties), one round so n is one problem's pairs.
    for r in market_rows(tmp, "gs-cost", ["--scheduler", "gale-shapley", "--slots", "2", "--set", "market.rounds=1"]):
        n, t = float(r["opt_pairs"]), float(r["opt_time_s"])
        want = (40 + 260 * n / (n + 1e4)) * t
        check(math.isclose(float(r["opt_energy_process_j"]), want, rel_tol=1e-9, abs_tol=1e-15),
              f"GS process energy {r['opt_energy_process_j']} != P(n) t = {want}")
        check(r["opt_energy_j"] == r["opt_energy_system_j"], "default model is not 'system'")
    # QUBO: doubling the annealer's system power adds P x access time to the system
    # energy; a billed power B adds B x the same access time to the process energy.
    base = ["--scheduler", "qubo", "--slots", "1"]
    a = market_rows(tmp, "q-base", base)
    b = market_rows(tmp, "q-power", base + ["--set", "platform=" + platform_copy(
        tmp, "p2.xml", '"annealer_power_w" value="25000"', '"annealer_power_w" value="50000"')])
    c = market_rows(tmp, "q-billed", base + ["--set", "platform=" + platform_copy(
        tmp, "p3.xml", '"billed_power_w" value="0"', '"billed_power_w" value="1000"')])
    if a and b and c:
        access_sys = (float(b[0]["opt_energy_system_j"]) - float(a[0]["opt_energy_system_j"])) / 25000
        access_proc = (float(c[0]["opt_energy_process_j"]) - float(a[0]["opt_energy_process_j"])) / 1000
        check(access_sys > 1e-3, f"QPU access time from the system model: {access_sys} s")
        check(math.isclose(access_sys, access_proc, rel_tol=1e-6), f"access time {access_sys} != {access_proc}")
        # Without billing the process model sees the waiting client only: far below the system model.
        check(float(a[0]["opt_energy_process_j"]) < 1e-2 * float(a[0]["opt_energy_system_j"]),
              "process model of the QUBO should not see the 25 kW system")
    d = market_rows(tmp, "q-proc", base + ["--set", "market.optimiser_cost=process"])
    if d and a:
        check(d[0]["opt_energy_j"] == d[0]["opt_energy_process_j"], "optimiser_cost=process not used")
        check(d[0]["opt_energy_process_j"] == a[0]["opt_energy_process_j"], "the model changed the run")
    rc, _, err = run(["run", SCENARIO, "--out", os.path.join(tmp, "bad-p"), "--set", "platform=" + platform_copy(
        tmp, "p4.xml", '"annealer_power_w" value="25000"', '"annealer_power_w" value="-3"')])
    check(rc == 2 and "annealer_power_w" in err and "p4.xml:" in err, f"negative annealer power: exit {rc}: {err}")
    rc, _, err = run(["run", SCENARIO, "--out", os.path.join(tmp, "bad-m"), "--set", "market.optimiser_cost=gpu"])
    check(rc == 2 and "market.optimiser_cost" in err, f"unknown cost model: exit {rc}: {err}")


def test_many_to_one(tmp):
    """Rounds and many-to-one (sec. II-B-1): a BS hands chunks to up to K EVs per slot;
    unsold surplus goes to the grid; buyers below their reserve buy from it."""
    k_max = 3
    common = ["--scheduler", "exact", "--slots", "1", "--set", "platform=platform-bs3.xml",
              "--set", "vehicles.mobility.file=city-ev200.fcd.xml.gz"]
    out = os.path.join(tmp, "m2o")
    rc, _, err = run(["run", SCENARIO, "--out", out, "--quiet", "--set", f"market.bs_max_evs={k_max}"] + common)
    check(rc == 0, f"many-to-one: exit {rc}: {err}")
    if rc:
        return
    per_bs = {}
    for t in rows(os.path.join(out, "edge_tasks.csv")):
        if t["direction"] == "t2v":
            per_bs[t["bs"]] = per_bs.get(t["bs"], 0) + 1
    check(per_bs and max(per_bs.values()) <= k_max, f"a BS sold to more than K = {k_max} EVs: {per_bs}")
    check(any(v > 1 for v in per_bs.values()), f"no BS sold to several EVs: {per_bs}")
    r = rows(os.path.join(out, "market.csv"))[0]
    check(int(r["rounds"]) >= 2, f"one round only: {r['rounds']}")
    check(float(r["t2g_j"]) > 0, "no BS sold its unsold surplus to the grid")
    check(r["g2v_j"] == "0", "an EV bought from the grid although none starts below its reserve")
    # Theorem 1 on the measured times: a BS computing several chunks shares its
    # CPU, so its adding takes longer than t_add; the bounds use the measured one.
    # Big chunks (as in test_bs_computes_rest) keep BSs computing long rests.
    big = os.path.join(tmp, "m2o-big")
    rc, _, err = run(["run", SCENARIO, "--out", big, "--quiet", "--set", "market.chunk_bytes=2e9",
                      "--set", "market.bs_task_cost_per_s=0", "--set", "market.ev_cpu_cost_per_mb2=0"] + common)
    check(rc == 0, f"many-to-one, big chunks: exit {rc}: {err}")
    shared = 0
    for t in rows(os.path.join(big, "edge_tasks.csv")) if rc == 0 else []:
        if t["done"] != "1":
            continue
        t_add, t_bs, t_ev = float(t["t_add_s"]), float(t["t_bs_comp_s"]), float(t["t_ev_comp_s"])
        check(t_add >= T_ADD * (1 - 1e-9), f"adding faster than t_add: {t_add}")
        shared += t_add > T_ADD * (1 + 1e-6)
        check(math.isclose(float(t["bound_lower_s"]), theorem1_lower(t_bs, t_ev, t_add), rel_tol=1e-9, abs_tol=1e-9),
              "lower bound not from the measured adding time")
        if t["bound_upper_s"]:
            check(math.isclose(float(t["bound_upper_s"]), t_add + t_ev, rel_tol=1e-9), "upper bound column")
        check(t["within_bounds"] == "1", "Theorem 1 failed on measured times")
    check(shared > 0, "no BS computed two chunks at once")
    # The paper's one-to-one single round, no must-buy, no rest to the grid:
    out1 = os.path.join(tmp, "one")
    rc, _, err = run(["run", SCENARIO, "--out", out1, "--quiet", "--set", "market.bs_max_evs=1",
                      "--set", "market.rounds=1", "--set", "market.must_buy_below_reserve=0",
                      "--set", "market.sell_rest_to_grid=0"] + common)
    check(rc == 0, f"one-to-one: exit {rc}: {err}")
    if rc == 0:
        r1 = rows(os.path.join(out1, "market.csv"))[0]
        bs1 = [t["bs"] for t in rows(os.path.join(out1, "edge_tasks.csv"))]
        check(len(bs1) == len(set(bs1)), "one-to-one: a BS in two pairs")
        check(r1["rounds"] == "1", "rounds=1 ran more")
        # eq. 7's grid case is negative for every buyer (p_G e_i >> Q_i): without
        # the must-buy rule nobody buys from the grid
        check(float(r1["g2v_j"]) == 0 and float(r1["g2t_j"]) == 0, "grid buys without must-buy")
        check(float(r["t2v_j"]) > float(r1["t2v_j"]), "many-to-one sold no more to EVs")
    # EVs starting at 1-20 % (0.4-8 kWh) include some below one hour of driving
    # (RE, 1.7-4 kWh): with the must-buy rule they buy from the grid, without it not.
    cfg = os.path.join(tmp, "low-soc.cfg")
    with open(cfg, "w") as f:
        f.write(open(SCENARIO).read().replace("ev_soc_initial = [0.10, 1.00];", "ev_soc_initial = [0.01, 0.20];"))
    paper = os.path.join(os.path.abspath(ROOT), "platforms", "paper000")
    low = ["--scheduler", "exact", "--slots", "1", "--set", "platform=" + os.path.join(paper, "platform-bs3.xml"),
           "--set", "vehicles.mobility.file=" + os.path.join(paper, "city-ev200.fcd.xml.gz")]
    g = market_rows(tmp, "must-buy", low, cfg)
    h = market_rows(tmp, "no-must-buy", low + ["--set", "market.must_buy_below_reserve=0"], cfg)
    if g and h:
        check(float(g[0]["g2v_j"]) > 0, "must-buy: no EV bought from the grid")
        check(float(h[0]["g2v_j"]) == 0, "without must-buy an EV bought from the grid at a negative utility")


def test_bad_input(tmp):
    rc, _, err = run(["run", SCENARIO, "--scheduler", "qubo-offload", "--out", os.path.join(tmp, "x")])
    check(rc == 2 and "names no matcher" in err and "qubo-offload" in err and "scenario.cfg" in err,
          f"a plugin without a matcher: exit {rc}: {err}")
    check(not os.path.exists(os.path.join(tmp, "x")), "output left behind after bad input")
    rc, _, err = run(["run", SCENARIO, "--plugin", EXAMPLE_PLUGIN, "--scheduler", "nearest-edge",
                      "--out", os.path.join(tmp, "y")])
    check(rc == 2 and "nearest-edge" in err, f"external plugin without a matcher: exit {rc}: {err}")
    rc, _, err = run(["run", SCENARIO, "--set", "market.target_soc=0.3", "--out", os.path.join(tmp, "z")])
    check(rc == 2 and "scenario.cfg:" in err and "market.target_soc" in err, f"target below buy level: {err}")
    rc, _, err = run(["run", SCENARIO, "--set", "market.charge_power_w=-5", "--out", os.path.join(tmp, "w")])
    check(rc == 2 and "market.charge_power_w" in err, f"negative charge power: {err}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_plugins(tmp)
        test_bs_computes_rest(tmp)
        test_determinism(tmp)
        test_record_replay(tmp)
        test_bad_input(tmp)
        test_cost_models(tmp)
        test_many_to_one(tmp)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        return 1
    print("all market checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
