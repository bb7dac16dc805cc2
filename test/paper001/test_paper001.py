"""Paper 001 end to end: the scenario runs under every paper-001 scheduler
(meqc-drl with the shipped weights) on one timeline, with no violation; the
offload-rate virtual queue of slots.csv follows
Q(t+1) = max(Q(t) + rho x tasks - offloaded, 0) from Q(0) = 0; reruns are
byte-identical; bad scenario values exit 2 naming the field."""
import csv
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
scen = os.path.join(root, "platforms", "paper001", "scenario.cfg")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p001-")


def variant(name, rho):
    """The shipped scenario with another rho, in tmp (platform path absolute)."""
    text = open(scen).read().replace('platform = "platform.xml";',
                                     f'platform = "{os.path.join(root, "platforms", "paper001", "platform.xml")}";')
    text = text.replace("rho = 0.5;", f"rho = {rho};")
    path = os.path.join(tmp, name + ".cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def slots(out):
    with open(os.path.join(out, "slots.csv")) as f:
        return list(csv.DictReader(f))


digests = {}
drl = "plugin_params=kappa=1e-27,weights={0}/meqc-drl-dqn.q6w,actor={0}/meqc-drl-ddpg.q6w".format(
    os.path.join(root, "platforms", "paper001"))
for sched in ["meqc-drl", "meqc-dpp", "cpu-discrete", "cpu-continuous", "qpu-discrete", "qpu-continuous", "random"]:
    out = os.path.join(tmp, sched)
    extra = ["--set", drl] if sched == "meqc-drl" else []
    rc, _, se = run(q6sim, ["run", scen, "--slots", "6", "--scheduler", sched, "--out", out, "--strict"] + extra)
    check(rc == 0, f"{sched}: exit {rc}: {se}")
    if rc == 0:
        digests[sched] = json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]
check(len(set(digests.values())) == 1, f"one timeline for all schedulers: {digests}")

# The virtual queue over the slots, at a rho high enough to build a backlog.
out = os.path.join(tmp, "vq")
rc, _, se = run(q6sim, ["run", variant("rho95", 0.95), "--slots", "8", "--scheduler", "qpu-discrete", "--out", out])
check(rc == 0, f"vq run: exit {rc}: {se}")
if rc == 0:
    q, grew = 0.0, False
    for r in slots(out):
        arr, svc = float(r["vq_offload_arrival"]), float(r["vq_offload_service"])
        check(abs(arr - 0.95 * int(r["tasks_generated"])) < 1e-9, f"slot {r['slot']}: arrival {arr} = rho x tasks")
        check(0 <= svc <= int(r["tasks_generated"]), f"slot {r['slot']}: service {svc} within the slot's tasks")
        q = max(q + arr - svc, 0.0)
        check(abs(float(r["vq_offload"]) - q) < 1e-6, f"slot {r['slot']}: backlog {r['vq_offload']} = {q}")
        grew = grew or q > 0
    check(grew, "the queue builds up a backlog at rho = 0.95 under qpu-discrete (classical tasks local)")

# meqc-dpp answers the backlog: it offloads at least as often as its
# cost-only twin (cpu-continuous) at rho = 0.95 with V = 10.
offl = {}
for sched in ["meqc-dpp", "cpu-continuous"]:
    out = os.path.join(tmp, "hi-" + sched)
    rc, _, se = run(q6sim, ["run", variant("rho95", 0.95), "--slots", "20", "--scheduler", sched, "--out", out])
    check(rc == 0, f"{sched} rho 0.95: exit {rc}: {se}")
    if rc == 0:
        offl[sched] = sum(float(r["vq_offload_service"]) for r in slots(out))
if len(offl) == 2:
    check(offl["meqc-dpp"] >= offl["cpu-continuous"], f"offloaded tasks {offl}")

# Byte-identical reruns (meqc-dpp, the default, and meqc-drl: both keep
# per-device queues from slot to slot).
for sched, extra in [("meqc-dpp", []), ("meqc-drl", ["--set", drl])]:
    outs = []
    for i in range(2):
        out = os.path.join(tmp, f"again-{sched}-{i}")
        rc, _, se = run(q6sim, ["run", scen, "--slots", "5", "--scheduler", sched, "--out", out] + extra)
        check(rc == 0, f"{sched} rerun {i}: exit {rc}: {se}")
        outs.append(out)
    for name in ["slots.csv", "summary.json", "trace.pb"]:
        a, b = (open(os.path.join(o, name), "rb").read() for o in outs)
        check(a == b, f"{sched}: {name} byte-identical across reruns")

# Bad values: exit 2, one message naming the field, nothing written.
expect_bad(check, q6sim, ["run", variant("rho15", 1.5), "--out", os.path.join(tmp, "bad1")],
           ["rho"], "rho = 1.5", os.path.join(tmp, "bad1"))
expect_bad(check, q6sim, ["run", scen, "--set", "cost.weight_energy=-1", "--out", os.path.join(tmp, "bad2")],
           ["weight_energy"], "negative energy weight", os.path.join(tmp, "bad2"))
expect_bad(check, q6sim, ["run", scen, "--set", "vehicles.mobility.alpha=1.5", "--out", os.path.join(tmp, "bad3")],
           ["alpha"], "Gauss-Markov alpha 1.5", os.path.join(tmp, "bad3"))
expect_bad(check, q6sim, ["run", scen, "--set", "plugin_params=kappa=-1", "--out", os.path.join(tmp, "bad4")],
           ["kappa"], "negative kappa", os.path.join(tmp, "bad4"))
expect_bad(check, q6sim, ["run", scen, "--scheduler", "meqc-drl", "--set", drl.replace("-ddpg.q6w", "-dqn.q6w"),
                          "--out", os.path.join(tmp, "bad5")],
           ["actor", "outputs"], "meqc-drl with the DQN's file as its actor", os.path.join(tmp, "bad5"))
check.finish()
