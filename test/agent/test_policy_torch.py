"""C inference of mlp-policy, lstm-policy and vqc-policy equals the PyTorch
forward pass (python/agents/nets.py) on fixed inputs, and the C features
and output mapping equal q6env.features.

Random networks (seeded) are exported with agents.export, random
observations (unreachable nodes, relay-only APs, quantum tasks, several
tasks per node) are written as agent.proto messages, and
policy_driver (C) prints features, outputs and decisions. Checks:
outputs within 1e-5 of torch float32 and 1e-9 of torch float64 (the
weights are identical doubles), features within 1e-9 of numpy, and the
same decision. Broken weight files give one message naming file and line.
usage: test_policy_torch.py POLICY_DRIVER SOURCE_ROOT WORKDIR
Run with Debian's /usr/bin/python3; exit 77 when torch is not importable."""
import os
import subprocess
import sys

try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"SKIP: {e} (install python3-torch and python3-numpy; run with /usr/bin/python3)")
    sys.exit(77)

driver, root, work = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, "python"))
sys.path.insert(0, os.path.join(root, "test"))
from q6test import Checker  # noqa: E402
from q6env import agent_pb2 as pb  # noqa: E402
from q6env import features as F  # noqa: E402
from agents.nets import MLP, VQC, LSTMPolicy  # noqa: E402
from agents.export import export  # noqa: E402

check = Checker()
os.makedirs(work, exist_ok=True)
rng = np.random.default_rng(7)


def random_observation(slot):
    nn, na = int(rng.integers(2, 6)), int(rng.integers(1, 4))
    o = pb.Observation(slot=slot, now_s=0.1 * slot, slot_s=0.1, n_nodes=nn, n_aps=na, min_snr=1.0,
                       cloud_flops=float(rng.uniform(5e10, 1e11)))
    o.nodes.cpu_flops.extend(rng.uniform(1e9, 5e9, nn))
    o.nodes.backlog_s.extend(rng.uniform(0, 0.5, nn))
    o.nodes.tx_power_max_w.extend([0.2] * nn)
    cpu = rng.uniform(1e10, 4e10, na)
    cpu[rng.random(na) < 0.3] = 0.0               # relay-only APs
    o.aps.cpu_flops.extend(cpu)
    o.aps.backlog_s.extend(rng.uniform(0, 0.3, na))
    snr = rng.uniform(0.1, 1e3, nn * na)
    snr[rng.random(nn * na) < 0.3] = 0.5          # out of reach
    o.snr.extend(snr)
    o.rate_bps.extend(rng.uniform(1e6, 1e8, nn * na))
    o.gain.extend(rng.uniform(1e-12, 1e-9, nn * na))
    tid = 100 * slot
    for node in range(nn):
        for _ in range(int(rng.integers(0, 4))):
            o.tasks.id.append(tid)
            tid += 1
            o.tasks.node.append(node)
            o.tasks.kind.append(int(rng.random() < 0.15))
            o.tasks.input_bytes.append(float(rng.uniform(1e4, 1e6)))
            o.tasks.output_bytes.append(float(rng.uniform(1e2, 1e4)))
            o.tasks.work_flops.append(float(rng.uniform(1e8, 5e9)))
            o.tasks.deadline_s.append(o.now_s + float(rng.uniform(0.05, 1.0)))
            o.tasks.priority_weight.append(float(rng.choice([1.0, 2.0])))
    for _ in range(int(rng.integers(0, 5))):
        o.outcomes.id.append(1)
        o.outcomes.latency_s.append(float(rng.uniform(0.01, 0.5)))
        o.outcomes.deadline_met.append(bool(rng.random() < 0.7))
    return o


observations = [random_observation(s) for s in range(6)]
obs_paths = []
for i, o in enumerate(observations):
    p = os.path.join(work, f"obs{i}.pb")
    with open(p, "wb") as f:
        f.write(o.SerializeToString())
    obs_paths.append(p)
n_tasks_total = sum(len(o.tasks.id) for o in observations)
check(n_tasks_total >= 10, f"the random observations hold {n_tasks_total} tasks (want >= 10)")


def randomise_norm(norm, n):
    norm.mean.copy_(torch.as_tensor(rng.normal(0, 0.3, n)))
    norm.scale.copy_(torch.as_tensor(rng.uniform(0.2, 2.0, n)))


def run_driver(model, path):
    r = subprocess.run([driver, model, path] + obs_paths, capture_output=True, text=True)
    check(r.returncode == 0, f"{model}: driver exit {r.returncode}: {r.stderr}")
    slots = []
    for line in r.stdout.splitlines():
        kind, *vals = line.split()
        if kind == "S":
            slots.append({"S": np.array(vals, dtype=float), "F": [], "O": [], "D": []})
        else:
            slots[-1][kind].append(np.array(vals, dtype=float))
    return slots


def compare(name, model, net, torch_outputs):
    path = os.path.join(work, f"{name}.q6w")
    export(net, path)
    slots = run_driver(model, path)
    check(len(slots) == len(observations), f"{name}: {len(slots)} slots printed")
    worst32 = worst64 = worstf = 0.0
    for k, (o, s) in enumerate(zip(observations, slots)):
        feats = F.task_features(o)
        worstf = max(worstf, float(np.max(np.abs(s["S"] - F.slot_features(o)))))
        out64, out32 = torch_outputs(k, o, feats)
        n = len(o.tasks.id)
        if not check(len(s["O"]) == n, f"{name} slot {k}: {len(s['O'])} output rows for {n} tasks"):
            continue
        if n == 0:
            continue
        c_out = np.stack(s["O"])
        c_feat = np.stack(s["F"])
        worstf = max(worstf, float(np.max(np.abs(c_feat - feats) / np.maximum(1.0, np.abs(feats)))))
        worst64 = max(worst64, float(np.max(np.abs(c_out - out64))))
        worst32 = max(worst32, float(np.max(np.abs(c_out - out32))))
        # Decisions: the same rule in numpy on torch's float64 outputs.
        choice = F.best_valid(out64[:, :3], F.valid_choices(o))
        frac = 1.0 / (1.0 + np.exp(-out64[:, 3])) if out64.shape[1] > 3 else None
        act = F.choices_to_action(o, choice, frac)
        for t, (d, c) in enumerate(zip(s["D"], act.tasks)):
            want_target = c.target if c.HasField("target") else 0
            ok = int(d[0]) == want_target and (want_target == 0 or int(d[1]) == c.ap)
            if frac is not None and want_target:
                ok = ok and abs(d[2] - c.offload_fraction) < 1e-9
            check(ok, f"{name} slot {k} task {t}: C decision {d.tolist()} != numpy {c}")
    print(f"{name}: max |C - torch64| {worst64:.2e}, |C - torch32| {worst32:.2e}, features {worstf:.2e}")
    check(worst64 <= 1e-9, f"{name}: C vs torch float64 differ by {worst64}")
    check(worst32 <= 1e-5, f"{name}: C vs torch float32 differ by {worst32}")
    check(worstf <= 1e-9, f"{name}: C vs numpy features differ by {worstf}")
    return path


def feed_forward(net):
    net32 = net
    net64 = __import__("copy").deepcopy(net).double()

    def outputs(k, o, feats):
        with torch.no_grad():
            a = net64(torch.as_tensor(feats, dtype=torch.float64)).numpy()
            b = net32(torch.as_tensor(feats, dtype=torch.float32)).double().numpy()
        return a, b
    return outputs


torch.manual_seed(3)
for name, net in [("mlp_relu_discrete", MLP(hidden=(32, 16), n_out=3, activation="relu")),
                  ("mlp_tanh_hybrid", MLP(hidden=(24,), n_out=4, activation="tanh"))]:
    randomise_norm(net.norm, F.TASK_FEATURES)
    compare(name, "mlp", net, feed_forward(net))

for name, n_out in [("lstm_discrete", 3), ("lstm_hybrid", 4)]:
    net = LSTMPolicy(hidden=8, head=(16,), n_out=n_out)
    randomise_norm(net.norm, F.TASK_FEATURES)
    randomise_norm(net.slot_norm, F.SLOT_FEATURES)
    net64 = __import__("copy").deepcopy(net).double()
    states = {"64": net64.initial_state(torch.float64), "32": net.initial_state(torch.float32)}

    def outputs(k, o, feats, net=net, net64=net64, states=states):
        with torch.no_grad():
            sx = F.slot_features(o)
            states["64"] = net64.step(torch.as_tensor(sx, dtype=torch.float64), states["64"])
            states["32"] = net.step(torch.as_tensor(sx, dtype=torch.float32), states["32"])
            a = net64(torch.as_tensor(feats, dtype=torch.float64), states["64"]).numpy()
            b = net(torch.as_tensor(feats, dtype=torch.float32), states["32"]).double().numpy()
        return a, b
    compare(name, "lstm", net, outputs)

for name, q, L, n_out in [("vqc_4q_discrete", 4, 2, 3), ("vqc_5q_hybrid", 5, 3, 4), ("vqc_3q_nolayers", 3, 0, 3)]:
    net = VQC(qubits=q, layers=L, n_out=n_out)
    randomise_norm(net.norm, F.TASK_FEATURES)
    compare(name, "vqc", net, feed_forward(net))

# A 1-qubit hand check of the circuit: RY(a) then RY(t) gives <Z> = cos(a + t).
net = VQC(qubits=1, layers=1, n_out=3)
with torch.no_grad():
    x = torch.zeros(1, F.TASK_FEATURES, dtype=torch.float64)
    net64 = net.double()
    z = np.cos(float(net64.enc.bias[0]) + float(net64.theta[0, 0]))
    want = net64.readout.bias.numpy() + net64.readout.weight.numpy()[:, 0] * z
    got = net64(x).numpy()[0]
check(np.allclose(got, want, atol=1e-12), f"1-qubit VQC: torch {got} vs cos(a + t) readout {want}")

# Broken weight files: one message naming the file and the line.
good = open(os.path.join(work, "mlp_relu_discrete.q6w")).read()
lines = good.splitlines()
cases = {
    "truncated": ("\n".join(lines[:len(lines) // 2]) + "\n", "mlp", "is missing"),
    "noend": ("\n".join(lines[:-1]) + "\n", "mlp", "without the 'end' line"),
    "nan": (good.replace(lines[-2].split()[0], "nan", 1), "mlp", "not a finite number"),
    "wrongmodel": (good, "vqc", "header 'model' is 'mlp'"),
    "badmagic": ("hello\n" + good, "mlp", ":1: not a q6sim weight file"),
    "version": (good.replace("q6-weights 1", "q6-weights 9", 1), "mlp", "version '9'"),
    "extra": (good.replace("tensor mlp0.weight 2 32 11", "tensor mlp0.weight 2 32 11\n0", 1), "mlp",
              "more values than its shape"),
    "missing": (good.replace("mlp2.bias", "mlp9.bias"), "mlp", "tensor mlp2.bias is missing"),
}
for case, (text, model, want) in cases.items():
    p = os.path.join(work, f"broken_{case}.q6w")
    with open(p, "w") as f:
        f.write(text)
    r = subprocess.run([driver, "load", p, model], capture_output=True, text=True)
    msg = r.stdout.strip()
    check(want in msg and msg.startswith(p + ":"), f"broken weights ({case}): got '{msg}', want '{want}'")
narrow = MLP(n_in=10, hidden=(4,))
export(narrow, os.path.join(work, "narrow.q6w"))
r = subprocess.run([driver, "load", os.path.join(work, "narrow.q6w"), "mlp"], capture_output=True, text=True)
check("tensor norm.mean has shape 10, the model needs 11" in r.stdout, f"wrong input size: {r.stdout}")
r = subprocess.run([driver, "load", os.path.join(work, "nonexistent.q6w"), "mlp"], capture_output=True, text=True)
check("cannot open weight file" in r.stdout, f"missing file: {r.stdout}")
check.finish()
