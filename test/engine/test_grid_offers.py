"""The grid's price offers keep up with many BSs (agents/energy.c).

Every slot each BS sends the grid a bid and gets an offer back, each a
64-byte message over the BS-grid route (fibre 0.5 ms + core 2 ms of
latency in tools/make_platform.py's platform). A grid that waited for each
offer to arrive before taking the next bid served 500 BSs in about 1.3 s
per 1 s slot, later every slot. Now every offer of slot k is sent when
its bid arrives, so it reaches its BS one bid-and-offer round trip after
the slot's epoch: bid at (k + 1) s, offer at the grid 2.5 ms later (plus
the 64 bytes' transfer), whatever the number of BSs. Checked on 500 BSs
over 3 slots: one bid and one offer per BS and slot, every offer before
(k + 1) s + 10 ms, and the run's last event before the end of its last
deadline.
Usage: test_grid_offers.py Q6SIM SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run, trace_events  # noqa: E402

q6sim, root = sys.argv[1:3]
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-grid-")
BS, SLOTS = 500, 3
with open(os.path.join(tmp, "platform.xml"), "w") as f:
    subprocess.run([sys.executable, os.path.join(root, "tools/make_platform.py"), "--bs", str(BS), "--area-m", "5000"],
                   stdout=f, check=True)
text = open(os.path.join(root, "platforms/default/scenario.cfg")).read()
text = text.replace("count = 100;", "count = 5;").replace("slots = 60;", f"slots = {SLOTS};")
start = text.index("uavs = {")
text = text[:start] + text[text.index("\n};", start) + 3:]
open(os.path.join(tmp, "scenario.cfg"), "w").write(text)
out = os.path.join(tmp, "out")
rc, _, err = run(q6sim, ["run", os.path.join(tmp, "scenario.cfg"), "--quiet", "--out", out,
                         "--trace", "ENERGY_BID,ENERGY_OFFER,TASK_DONE,TASK_DROPPED"])
ok(rc == 0, f"run: exit {rc}: {err[-300:]}")
if rc == 0:
    events = trace_events(q6sim, out)
    for kind in ("ENERGY_BID", "ENERGY_OFFER"):
        for k in range(SLOTS):
            n = sum(1 for e in events if e["kind"] == kind and int(e["slot"]) == k)
            ok(n == BS, f"slot {k}: {n} {kind} events, one per BS ({BS})")
    late = [e for e in events if e["kind"] == "ENERGY_OFFER" and float(e["time_s"]) > int(e["slot"]) + 1 + 0.010]
    ok(not late, f"every offer within 10 ms of its slot's epoch ({len(late)} later, first {late[:1]})")
    last = max(float(e["time_s"]) for e in events)
    ok(last <= SLOTS + 2.0 + 1e-9, f"the run ends by the last deadline ({last} s)")
shutil.rmtree(tmp)
ok.finish()
