#!/usr/bin/env python3
"""Coverage ranges (platform property range_m) and the reach lists
(docs/engine.md, "Reach lists").

1. A range longer than any distance, on a platform without an orbiting
   satellite, covers every pair: the sparse timeline then draws the same
   fading in the same order as the dense one, so greedy (with quantum
   tasks), random (both read the lists) and energy-efficiency (dense
   arrays filled from the lists) give byte-identical slots.csv and
   trace.pb to the run without ranges (only the digest's form differs).
2. With real ranges, greedy and random read the reach lists; --dense-channel
   hands them dense arrays instead: the same decisions, byte for byte.
3. The recorded timeline of a ranged run holds a fading value exactly for
   the pairs the coverage rule, computed here from the recorded positions,
   says are in reach (3-D distance <= range_m, the satellite above its
   25 degree mask); some pairs are out, some in. Replaying it gives the
   same outputs.
4. Sparse timelines with vehicle relays (the graph reads every pair) agree
   with the direct count when the relay range adds no edge.
5. Bad range_m values are refused (exit 2, one message naming the field).
usage: test_reach_lists.py Q6SIM SOURCE_ROOT"""
import csv
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root = sys.argv[1], os.path.abspath(sys.argv[2])
check = Checker()
base_cfg = open(os.path.join(root, "platforms/default/scenario.cfg")).read()
base_pf = open(os.path.join(root, "platforms/default/platform.xml")).read()
BS_RANGE, UAV_RANGE = 700.0, 500.0


def ranged(pf, bs=None, uav=None, hap=None):
    for role, r in (("bs", bs), ("uav", uav), ("hap", hap)):
        if r is not None:
            pf = pf.replace(f'<prop id="role" value="{role}"/>',
                            f'<prop id="role" value="{role}"/> <prop id="range_m" value="{r}"/>')
    return pf


def scenario(tmp, name, pf, extra="", snr_db="-5.0"):
    pf_path = os.path.join(tmp, name + ".xml")
    open(pf_path, "w").write(pf)
    cfg = base_cfg.replace('platform = "platform.xml";', f'platform = "{pf_path}";')
    cfg = cfg.replace("count = 100;", "count = 60;").replace("min_snr_db = -5.0;", f"min_snr_db = {snr_db};" + extra)
    path = os.path.join(tmp, name + ".cfg")
    open(path, "w").write(cfg)
    return path


def outputs(out):
    files = {}
    for f in ("slots.csv", "trace.pb", "summary.json"):
        p = os.path.join(out, f)
        files[f] = open(p, "rb").read() if os.path.exists(p) else None
    return files


def run_ok(what, args):
    rc, _, err = run(q6sim, args + ["--quiet"])
    check(rc == 0, f"{what}: exit {rc}: {err}")
    return rc == 0


def digest(out):
    return json.load(open(os.path.join(out, "summary.json"))).get("timeline_digest")


with tempfile.TemporaryDirectory() as tmp:
    # 1. Ranges that cover everything: the same results as no ranges.
    still = base_pf.replace('<prop id="orbit_altitude_m" value="550000"/>', "")
    # greedy and random read the lists; energy-efficiency gets dense arrays
    # filled from them; quantum tasks take their preset AP from the lists.
    for sched, extra in (("greedy", ["--set", "task.quantum.share=0.3"]), ("random", []),
                         ("energy-efficiency", [])):
        outs = {}
        for name, pf in (("none", still), ("huge", ranged(still, bs=1e7, uav=1e7, hap=1e8))):
            out = os.path.join(tmp, f"o1-{sched}-{name}")
            if run_ok(f"1 {sched} {name}", ["run", scenario(tmp, "p1-" + name, pf), "--slots", "5",
                                            "--scheduler", sched, "--out", out] + extra):
                outs[name] = out
        if len(outs) == 2:
            a, b = outputs(outs["none"]), outputs(outs["huge"])
            for f in ("slots.csv", "trace.pb"):
                check(a[f] is not None and a[f] == b[f], f"1 {sched}: {f} differs with ranges covering every pair")
            check(digest(outs["none"]) != digest(outs["huge"]), f"1 {sched}: the sparse digest has its own form")

    # 2. Reach lists and dense arrays: the same decisions.
    pf2 = ranged(base_pf, bs=BS_RANGE, uav=UAV_RANGE)
    cfg2 = scenario(tmp, "p2", pf2)
    for sched in ("greedy", "random"):
        outs = []
        for mode in ([], ["--dense-channel"]):
            out = os.path.join(tmp, f"o2-{sched}-{len(mode)}")
            if run_ok(f"2 {sched} {mode}", ["run", cfg2, "--slots", "6", "--scheduler", sched, "--out", out] + mode):
                outs.append(outputs(out))
        if len(outs) == 2:
            for f in ("slots.csv", "trace.pb", "summary.json"):
                check(outs[0][f] == outs[1][f], f"2 {sched}: {f} differs between reach lists and dense arrays")
        offloaded = sum(int(r["tasks_edge"]) + int(r["tasks_cloud"]) for r in
                        csv.DictReader(open(os.path.join(tmp, f"o2-{sched}-0", "slots.csv"))))
        check(offloaded > 0, f"2 {sched}: nothing offloaded, the comparison proves little")

    # 3. The recorded pairs are exactly those the coverage rule puts in reach.
    out3, tl = os.path.join(tmp, "o3"), os.path.join(tmp, "t3.tl")
    if run_ok("3 record", ["run", cfg2, "--slots", "6", "--out", out3, "--record-timeline", tl]):
        rc, dump, err = run(q6sim, ["timeline", "dump", tl])
        check(rc == 0, f"3: timeline dump: exit {rc}: {err}")
        val = {}
        for row in csv.DictReader(l for l in dump.splitlines() if not l.startswith("#")):
            if row["slot"]:
                val[(int(row["slot"]), row["field"], int(row["i"]), int(row["j"]) if row["j"] else -1)] = \
                    float(row["value"])
        n_aps, n_nodes = 7, 60
        ranges = [BS_RANGE] * 4 + [UAV_RANGE, 0.0, 0.0]  # bs-0..3, uav-0, hap-0, leo-0
        inside = outside = bad = 0
        for s in range(6):
            for i in range(n_nodes):
                if not val[(s, "present", i, -1)]:
                    continue
                v = [val[(s, k, i, -1)] for k in ("x_m", "y_m", "z_m")]
                for a in range(n_aps):
                    p = [val[(s, k, a, -1)] for k in ("ap_x_m", "ap_y_m", "ap_z_m")]
                    d = math.dist(v, p)
                    reach = (ranges[a] == 0 or d <= ranges[a]) and \
                        (a != 6 or math.atan2(p[2] - v[2], math.hypot(p[0] - v[0], p[1] - v[1])) >= math.radians(25))
                    drawn = val[(s, "fading", i, a)] != 0.0
                    bad += reach != drawn
                    inside += reach
                    outside += not reach
        check(bad == 0, f"3: {bad} pairs whose recorded fading disagrees with the coverage rule")
        check(inside > 0 and outside > 0, f"3: {inside} pairs in reach, {outside} out: both must occur")
        out3r = os.path.join(tmp, "o3r")
        if run_ok("3 replay", ["run", cfg2, "--slots", "6", "--out", out3r, "--replay-timeline", tl]):
            a, b = outputs(out3), outputs(out3r)
            for f in ("slots.csv", "trace.pb"):
                check(a[f] == b[f], f"3: replaying the recorded sparse timeline changes {f}")
            check(digest(out3) == digest(out3r), "3: replay digest")

    # 4. Vehicle relays read every pair: a relay range that adds no edge
    # gives the direct count, at an SNR threshold where some are unreached.
    rows = {}
    for relay in ("0.0", "1e-6"):
        cfg4 = scenario(tmp, "p4-" + relay, pf2, f"\n  relay_range_m = {relay};", snr_db="20.0")
        out = os.path.join(tmp, "o4-" + relay)
        if run_ok(f"4 relay {relay}", ["run", cfg4, "--slots", "4", "--out", out]):
            rows[relay] = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
    if len(rows) == 2:
        check(rows["0.0"] == rows["1e-6"], "4: relay graph and direct count disagree on a sparse timeline")
        check(any(0 < int(r["vehicles_connected"]) < 60 for r in rows["0.0"]),
              "4: no slot with some vehicles unreached")

    # 5. Bad input.
    for value, needle in (("-5", "range_m"), ("nan", "range_m"), ("2e9", "range_m")):
        path = scenario(tmp, "p5", base_pf.replace('<prop id="role" value="bs"/>',
                                                    f'<prop id="role" value="bs"/> <prop id="range_m" value="{value}"/>', 1))
        expect_bad(check, q6sim, ["run", path, "--slots", "1", "--out", os.path.join(tmp, "o5")],
                   ["p5.xml", needle], f"5: range_m = {value}", out=os.path.join(tmp, "o5"))
    path = scenario(tmp, "p5c", base_pf.replace('<prop id="role" value="cloud"/>',
                                                '<prop id="role" value="cloud"/> <prop id="range_m" value="100"/>'))
    expect_bad(check, q6sim, ["run", path, "--slots", "1", "--out", os.path.join(tmp, "o5c")],
               ["p5c.xml", "range_m", "access points"], "5: range_m on the cloud", out=os.path.join(tmp, "o5c"))
check.finish()
