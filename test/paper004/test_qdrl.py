"""qdrl, sa-qdrl, qdrl-no-lstm, qdrl-no-dt (solvers/paper004/qdrl.c,
python/agents/p4_qdrl.py):
- C equals PyTorch on fixed slots: random float64 networks of each variant
  are exported, random slots (vehicles out of reach of BSs or UAVs, APs
  without a server, quantum tasks, several tasks per vehicle, with and
  without dual connectivity) are written as text and qdrl_driver prints
  the twin's prediction, the circuit's inputs, the scores and the
  decisions; they must equal the Python twin, inputs and scores within
  1e-9 and p4_features' decisions exactly, the twin's state carried over
  six slots;
- the shaped reward of Algorithm 3 and the twin's latency estimates and
  best-response regret by hand;
- q6sim lists the four plugins; a broken weight file or another variant's
  weights exit 2 with one message naming file and field;
- byte-identical reruns in C on the shipped weights, and the same training
  seed gives byte-identical weights (2 short episodes, twice).
usage: test_qdrl.py Q6SIM SOURCE_ROOT QDRL_DRIVER [SANITIZE]"""
import filecmp
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"SKIP: {e} (run with /usr/bin/python3 with torch and numpy)")
    sys.exit(77)

q6sim, root, driver = sys.argv[1:4]
sanitize = sys.argv[4] if len(sys.argv) > 4 else "none"
sys.path.insert(0, os.path.join(root, "python"))
sys.path.insert(0, os.path.join(root, "test"))
from q6test import Checker, expect_bad, run  # noqa: E402
from q6env import agent_pb2 as pb  # noqa: E402
from agents import p4_features as P  # noqa: E402
from agents import p4_qdrl, common  # noqa: E402

check = Checker()
work = tempfile.mkdtemp(prefix="q6-qdrl-")
rng = np.random.default_rng(11)
pdir = os.path.join(root, "platforms", "paper004")
scen = os.path.join(pdir, "scenario.cfg")
NN, KINDS = 5, [0, 1, 1, 0, 2]            # BS, UAV, UAV, BS, HAP


def random_slot(slot):
    na = len(KINDS)
    o = pb.Observation(slot=slot, now_s=0.02 * slot, slot_s=0.02, n_nodes=NN, n_aps=na, min_snr=1.0,
                       cloud_flops=float(rng.uniform(5e10, 1e11)), relay_range_m=1500.0)
    o.aps.x_m.extend(rng.uniform(0, 2500, na))
    o.aps.y_m.extend(rng.uniform(0, 2500, na))
    o.aps.z_m.extend(rng.uniform(25, 75, na))
    o.nodes.cpu_flops.extend(rng.uniform(1e9, 2e9, NN))
    o.nodes.backlog_s.extend(rng.uniform(0, 0.5, NN))
    cpu = rng.uniform(5e9, 1e10, na)
    cpu[rng.random(na) < 0.25] = 0.0               # APs without an edge server
    o.aps.kind.extend(KINDS)
    o.aps.cpu_flops.extend(cpu)
    o.aps.backlog_s.extend(rng.uniform(0, 0.3, na))
    snr = rng.uniform(0.1, 1e3, NN * na)
    snr[rng.random(NN * na) < 0.35] = 0.5          # out of reach
    if slot == 0:
        snr[(NN - 1) * na:] = 0.5                  # a vehicle that reaches no AP
    o.snr.extend(snr)
    o.rate_bps.extend(rng.uniform(1e6, 1e8, NN * na))
    tid = 100 * slot
    for node in range(NN):
        for _ in range(int(rng.integers(0, 4))):
            o.tasks.id.append(tid)
            tid += 1
            o.tasks.node.append(node)
            o.tasks.kind.append(int(rng.random() < 0.1))
            o.tasks.input_bytes.append(float(rng.uniform(1e4, 1e6)))
            o.tasks.output_bytes.append(float(rng.uniform(1e1, 1e3)))
            o.tasks.work_flops.append(float(rng.uniform(1e7, 3e8)))
            o.tasks.deadline_s.append(o.now_s + float(rng.uniform(0.05, 1.0)))
            o.tasks.priority_weight.append(float(rng.choice([0.6, 0.3, 0.1])))
    return o


def write_slot(o, path, dual):
    t = o.tasks
    vals = [o.slot, o.now_s, o.n_nodes, o.n_aps, len(t.id), o.min_snr, o.cloud_flops, int(dual), o.relay_range_m]
    for i in range(o.n_nodes):
        vals += [o.nodes.cpu_flops[i], o.nodes.backlog_s[i]]
    for i in range(o.n_aps):
        vals += [o.aps.kind[i], o.aps.cpu_flops[i], o.aps.backlog_s[i], o.aps.x_m[i], o.aps.y_m[i], o.aps.z_m[i]]
    vals += list(o.snr) + list(o.rate_bps)
    for i in range(len(t.id)):
        vals += [t.node[i], t.kind[i], t.input_bytes[i], t.output_bytes[i], t.work_flops[i], t.deadline_s[i],
                 t.priority_weight[i]]
    with open(path, "w") as f:
        f.write(" ".join(repr(float(v)) for v in vals) + "\n")


slots = [random_slot(s) for s in range(6)]
n_tasks = sum(len(o.tasks.id) for o in slots)
check(n_tasks >= 15, f"the random slots hold {n_tasks} tasks (want >= 15)")
reach = np.concatenate([np.stack(P.best_aps(o), axis=1) for o in slots])
check((reach == -1).any(axis=0).all() and (reach >= 0).any(axis=0).all(),
      "vehicles with and without a BS / UAV / any AP in reach")


def run_driver(plugin, weights, dual):
    paths = []
    for i, o in enumerate(slots):
        p = os.path.join(work, f"slot{i}-{int(dual)}.txt")
        write_slot(o, p, dual)
        paths.append(p)
    r = subprocess.run([driver, plugin, weights] + paths, capture_output=True, text=True)
    check(r.returncode == 0, f"{plugin}: driver exit {r.returncode}: {r.stderr}")
    out, cur = [], None
    for line in r.stdout.splitlines():
        kind, idx, *vals = line.split()
        if kind in ("P", "X") and (cur is None or (kind == "P" and int(idx) == 0) or
                                   (kind == "X" and int(idx) == 0 and cur["X"])):
            cur = {"P": [], "X": [], "O": [], "D": [], "A": []}
            out.append(cur)
        cur[kind].append(np.array(vals, dtype=float))
    return out


def randomise(net):
    with torch.no_grad():
        for prm in net.parameters():
            prm.copy_(torch.as_tensor(rng.normal(0, 0.5, tuple(prm.shape))))
        net.vqc.norm.mean[:P.TASK] = torch.as_tensor(rng.normal(0.5, 0.3, P.TASK))
        net.vqc.norm.scale[:P.TASK] = torch.as_tensor(rng.uniform(0.2, 2.0, P.TASK))
        if net.twin is not None:
            net.twin.norm.mean.copy_(torch.as_tensor(rng.normal(1.0, 0.5, P.TWIN)))
            net.twin.norm.scale.copy_(torch.as_tensor(rng.uniform(0.2, 2.0, P.TWIN)))


VARIANTS = [("qdrl", "lstm", False), ("sa-qdrl", "lstm", True), ("qdrl-no-lstm", "last", False),
            ("qdrl-no-dt", "none", False)]
forwarded = at_server = 0
for plugin, twin, single in VARIANTS:
    net = p4_qdrl.QDRL(twin, qubits=4, layers=2, hidden=5, single_agent=single, ap_qubits=3, ap_layers=1).double()
    randomise(net)
    w = os.path.join(work, plugin + ".q6w")
    p4_qdrl.export(net, w)
    for dual in (False, True):
        c = run_driver(plugin, w, dual)
        actor = p4_qdrl.Actor(net)
        check(len(c) == len(slots) or sum(len(o.tasks.id) == 0 for o in slots),
              f"{plugin}: {len(c)} slots printed")
        for k, o in enumerate(slots[:len(c)]):
            aps, x, valid, pred_raw, q = actor.slot(o)
            if twin != "none":
                pred = net.twin.norm(torch.as_tensor(pred_raw)).numpy()   # back to the normalised prediction
                cp = np.stack(c[k]["P"])
                check(np.allclose(cp, pred, rtol=0, atol=1e-9), f"{plugin} slot {k}: twin prediction, C {cp} vs {pred}")
            if not len(o.tasks.id):
                continue
            xn = net.vqc.norm(torch.as_tensor(x)).numpy()
            check(np.allclose(np.stack(c[k]["X"]), xn, rtol=0, atol=1e-9), f"{plugin} slot {k}: circuit inputs")
            check(np.allclose(np.stack(c[k]["O"]), q, rtol=0, atol=1e-9),
                  f"{plugin} slot {k}: scores, C {np.stack(c[k]['O'])} vs torch {q}")
            want = P.apply(o, P.best_valid(q, valid), aps, dual)
            nb, rows, ax, avalid, aq = actor.ap_slot(o, want)
            cap = P.compute_aps(o, want, rows, P.best_valid(aq, avalid), nb)
            got = [tuple(int(v) for v in d) for d in c[k]["D"]]
            for i, d in enumerate(want):
                if d is not None:      # quantum tasks keep the engine's preset (the driver prints LOCAL 0)
                    check(got[i] == (*d, cap[i]), f"{plugin} slot {k} task {i} dual {dual}: C {got[i]} vs "
                                                  f"Python {(*d, cap[i])}")
            ca = np.stack(c[k]["A"]) if c[k]["A"] else np.zeros((0, P.AP_FEATURES + 2))
            pa = np.concatenate([net.ap.norm(torch.as_tensor(ax)).numpy(), aq], axis=1) if rows else ca[:0]
            check(ca.shape == pa.shape and np.allclose(ca, pa, rtol=0, atol=1e-9),
                  f"{plugin} slot {k}: AP agents' inputs and scores, C {ca} vs Python {pa}")
            forwarded += int((cap >= 0).sum())
            at_server += len(rows)
    # One-AP rule: without dual connectivity every offloaded task of a
    # vehicle in a slot goes through one AP; with it, at most one per kind.
    for o in slots:
        for dual in (False, True):
            d = P.apply(o, rng.integers(0, 4, len(o.tasks.id)), dual=dual)
            used = {}
            for i, x in enumerate(d):
                if x and x[0] != P.RUN_LOCAL:
                    used.setdefault((o.tasks.node[i], dual and o.aps.kind[x[1]] == P.AP_UAV), set()).add(x[1])
            check(all(len(s) == 1 for s in used.values()), f"one AP per vehicle (and kind, dual {dual}): {used}")

check(forwarded > 0 and forwarded < at_server, f"some tasks forwarded, some not: {forwarded} of {at_server}")
# Relay neighbours by hand: UAV 1 at 1000 m of BS 0 (1000 <= 0.95 x 1500),
# UAV 2 at 1500 m of UAV 1 (beyond 1425 m), BS 3 at 500 m of BS 0 (BS-BS
# is no relay hop), so fwd = [1, 0, -1, 1] (BS 3 - UAV 1: 1118 m).
o = pb.Observation(n_aps=4, relay_range_m=1500.0)
o.aps.kind.extend([0, 1, 1, 0])
o.aps.cpu_flops.extend([1e10] * 4)
o.aps.backlog_s.extend([0.0] * 4)
o.aps.x_m.extend([0.0, 1000.0, 2500.0, 0.0])
o.aps.y_m.extend([0.0, 0.0, 0.0, 500.0])
o.aps.z_m.extend([50.0] * 4)
fwd, dist = P.relay_neighbours(o)
check(list(fwd) == [1, 0, -1, 1] and abs(dist[3] - np.hypot(1000, 500)) < 1e-9, f"relay neighbours {fwd} {dist}")
# Shaped reward by hand (weights of p4_features.SHAPING).
# L = 0.3 s, E = 0.05 J, regret 0.1 s: base -(0.7*0.3 + 0.3*0.05) = -0.225;
# Q = 0.7/0.3 - 0.015 = 2.318333..; I = 0.3 (1 - 0.1) = 0.27; P = 0.5 (0.29)
# + 0.1 (60 - Q) = 0.145 + 5.768166..; - 0.5 x 0.1.
q = 0.7 / 0.3 - 0.015
hand = -0.225 + 0.27 - 0.145 - 0.1 * (60 - q) - 0.05
check(abs(P.shaped_reward(0.3, 0.05, 0.1) - hand) < 1e-12, f"shaped reward {P.shaped_reward(0.3, 0.05, 0.1)} vs {hand}")
# L = 5 ms < varrho, E = 0.8 J > E_max: Q = 140 - 0.24 = 139.76 > Q_min;
# base -(0.0035 + 0.24); I = 0.5 x 0.005 + 0.3 (1 - 1.6) + 0.1 x 79.76;
# P = 0.3 x 0.3.
hand = -0.2435 + (0.0025 - 0.18 + 7.976) - 0.09
check(abs(P.shaped_reward(0.005, 0.8) - hand) < 1e-12, f"shaped reward (incentives) {P.shaped_reward(0.005, 0.8)}")
# Twin latencies: one vehicle, BS 0 and UAV 1 in reach, 1 MB task, 3.3e8
# flops; predicted BS rate 8 Mbit/s (log10(1 + 8e6)), UAV rate 0, BS
# backlog 0.1 s, vehicle backlog 0.2 s: local 0.2 + 0.33 = 0.53; BS
# 1 + 0.1 + 0.033 = 1.133; UAV 100 (no rate: clipped); cloud 1 + 3.3e8 / 1e11.
o = pb.Observation(slot=0, n_nodes=1, n_aps=2, min_snr=1.0, cloud_flops=1e11)
o.nodes.cpu_flops.append(1e9)
o.nodes.backlog_s.append(0.0)
o.aps.kind.extend([0, 1])
o.aps.cpu_flops.extend([1e10, 1e10])
o.aps.backlog_s.extend([0.0, 0.0])
o.snr.extend([10.0, 10.0])
o.rate_bps.extend([1e6, 1e6])
o.tasks.id.append(1)
o.tasks.node.append(0)
o.tasks.input_bytes.append(1e6)
o.tasks.output_bytes.append(0.0)
o.tasks.work_flops.append(3.3e8)
o.tasks.deadline_s.append(1.0)
o.tasks.priority_weight.append(1.0)
o.tasks.kind.append(0)
lh = P.twin_latencies(o, np.array([[np.log10(1 + 8e6), 0.0, 0.1, 0.0, 0.2, 1.0]]))[0]
check(np.allclose(lh, [0.53, 1.133, 100.0, 1.0033], rtol=0, atol=1e-9), f"twin latencies {lh}")
valid = P.valid_choices(o)
check(abs(P.nash_regret(lh[None], valid, np.array([1]))[0] - 0.603) < 1e-9, "regret of BS: 1.133 - 0.53")
check(P.nash_regret(lh[None], valid, np.array([0]))[0] == 0.0, "regret of the best choice is 0")

# Plugins listed; bad weight files.
rc, so, _ = run(q6sim, ["plugins"])
for name, _, _ in VARIANTS:
    check(any(line.split()[:2] == [name, "scheduler"] for line in so.splitlines()), f"q6sim plugins lists {name}")
good = open(os.path.join(work, "qdrl.q6w")).read()
bad = os.path.join(work, "bad.q6w")
for what, text, needles in [
        ("qubits 3 against a 4-qubit encoder", good.replace("qubits 4", "qubits 3", 1), ["bad.q6w", "enc.weight"]),
        ("no twin readout", good.replace("twin_readout.bias", "twin_readout.bias_x"), ["bad.q6w", "twin_readout.bias"])]:
    with open(bad, "w") as f:
        f.write(text)
    expect_bad(check, q6sim, ["run", scen, "--slots", "2", "--scheduler", "qdrl", "--out", os.path.join(work, "o"),
                              "--set", f"plugin_params=weights={bad}"], needles, what, out=os.path.join(work, "o"))
for plugin, other in (("qdrl-no-lstm", "qdrl"), ("sa-qdrl", "qdrl"), ("qdrl", "qdrl-no-dt")):
    expect_bad(check, q6sim, ["run", scen, "--slots", "2", "--scheduler", plugin,
                              "--set", f"plugin_params=weights={os.path.join(work, other + '.q6w')}"],
               [other + ".q6w", "header '", plugin], f"{plugin} on {other}'s weights")

# Byte-identical reruns on the shipped weights.
for plugin, _, _ in VARIANTS:
    w = os.path.join(pdir, plugin + ".q6w")
    if not os.path.exists(w):
        check(False, f"shipped weights {w} missing")
        continue
    outs = []
    for k in range(2):
        out = os.path.join(work, f"rerun-{plugin}-{k}")
        rc, _, se = run(q6sim, ["run", scen, "--slots", "10", "--seed", "900001", "--scheduler", plugin, "--out", out,
                                "--quiet", "--strict", "--set", f"plugin_params=weights={w}"])
        check(rc == 0, f"{plugin} on its shipped weights: exit {rc}: {se}")
        outs.append(out)
    for f in ("summary.json", "slots.csv"):
        check(filecmp.cmp(*(os.path.join(o, f) for o in outs), shallow=False), f"{plugin} rerun: {f} identical")

# Same training seed, same weights (tiny: 2 episodes of 5 slots). Skipped
# under sanitizers: torch is not built with them.
if sanitize == "none":
    files = []
    for k in range(2):
        w = os.path.join(work, f"train-{k}.q6w")
        r = subprocess.run([sys.executable, "-m", "agents.p4_qdrl", "--scenario", scen, "--q6sim", q6sim, "--episodes",
                            "2", "--slots", "5", "--seed", "3", "--eval-seeds", "900001", "--out", w,
                            "--curve", os.path.join(work, f"curve-{k}.csv")],
                           capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1",
                                                                "PYTHONPATH": os.path.join(root, "python")})
        check(r.returncode == 0, f"training {k}: {r.stderr[-500:]}")
        files.append(w)
    check(all(os.path.exists(f) for f in files) and filecmp.cmp(*files, shallow=False),
          "same seed, byte-identical weights")
check.finish()
