"""Without vehicle relays the exogenous timeline counts connected vehicles
and their hops directly (direct_links in sim/core/exogenous.c) instead of
building the connectivity graph. The graph is still what decides with a
relay range > 0: a range of 1 um builds it without adding an edge (no two
vehicles are that close), so both runs must agree on every slot, and on
the timeline digest, at SNR thresholds where some vehicles are out of
reach. usage: test_direct_links.py Q6SIM SOURCE_ROOT"""
import csv
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1], os.path.abspath(sys.argv[2])
check = Checker()
base = open(os.path.join(root, "platforms/default/scenario.cfg")).read()
platform = os.path.join(root, "platforms/default/platform.xml")
with tempfile.TemporaryDirectory() as tmp:
    partly = False
    for snr_db in ("20.0", "35.0"):
        outs = {}
        for relay in ("0.0", "1e-6"):
            cfg = base.replace('platform = "platform.xml";', f'platform = "{platform}";')
            cfg = cfg.replace("min_snr_db = -5.0;", f"min_snr_db = {snr_db};\n  relay_range_m = {relay};")
            path = os.path.join(tmp, f"s{snr_db}-{relay}.cfg")
            open(path, "w").write(cfg)
            out = os.path.join(tmp, f"o{snr_db}-{relay}")
            rc, _, err = run(q6sim, ["run", path, "--slots", "5", "--out", out, "--quiet"])
            check(rc == 0, f"min_snr {snr_db}, relay {relay}: exit {rc}: {err}")
            if rc != 0:
                continue
            rows = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
            digest = json.load(open(os.path.join(out, "summary.json"))).get("timeline_digest")
            outs[relay] = (rows, digest)
        if len(outs) != 2:
            continue
        (direct, d0), (graph, d1) = outs["0.0"], outs["1e-6"]
        check(d0 is not None and d0 == d1, f"min_snr {snr_db}: timeline digests {d0} and {d1}")
        check(len(direct) == len(graph) == 5, f"min_snr {snr_db}: slot counts")
        for a, b in zip(direct, graph):
            check(a == b, f"min_snr {snr_db}, slot {a['slot']}: direct {a} != graph {b}")
            connected = int(a["vehicles_connected"])
            partly |= 0 < connected < 100
            if connected:
                check(float(a["mean_hops"]) == 1.0, f"slot {a['slot']}: mean hops {a['mean_hops']}")
    check(partly, "no slot had some but not all vehicles connected: the comparison proves nothing")
check.finish()
