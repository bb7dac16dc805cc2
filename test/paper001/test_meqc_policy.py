"""meqc-drl in C decides as agents.meqc does in Python (paper 001).

1. choose_modes (the outer loop, Python) on the hand cases of
   test_meqc_drl.c's q6_meqc_choose: the same values by hand on both sides.
2. The shipped weights (platforms/paper001/meqc-drl-{dqn,ddpg}.q6w), loaded
   back into float64 PyTorch networks, drive q6env on the real engine with
   the per-device queues in Python; meqc-drl in C runs the same seed: the
   same summary.json (every field but the scheduler's name) and the same
   per-slot outputs.
3. agents.meqc trained twice from seed 1 (2 short episodes): byte-identical
   weights and curve, with the heads meqc-drl needs.
Exit 77 without torch or in sanitizer builds (importing torch alone takes
seconds there), like the agent training tests."""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

q6sim, root, sanitize = sys.argv[1:4]
q6sim, root = os.path.abspath(q6sim), os.path.abspath(root)
sys.path.insert(0, os.path.join(root, "test"))
import q6test  # noqa: E402
q6env, np, torch = q6test.torch_q6env(q6sim, root, sanitize)
from agents import meqc  # noqa: E402
from agents.export import load_mlp  # noqa: E402
from q6test import Checker  # noqa: E402
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-meqc-py-")
p001 = os.path.join(root, "platforms", "paper001")
scen = os.path.join(p001, "scenario.cfg")

# 1. The outer loop by hand (values of local, CPU, partial; logit; can; V; Q).
s = [-1, -1.4, -1.2]
cases = [(s, 0, True, 1, 0, 0, 0.0), (s, 0, True, 1, 0.3, 2, 0.5), (s, 0, True, 1, 0.5, 2, 0.5),
         (s, 0, False, 1, 100, 0, 0.0), (s, 0, True, 10, 1.5, 0, 0.0), (s, 0, True, 10, 2.5, 2, 0.5),
         ([-1, -1.1, -1.2], 0, True, 1, 0.3, 1, 1.0), ([-1, -1, -1], 0, True, 1, 0, 0, 0.0),
         ([-2, -1, -1], 0, True, 1, 0, 1, 1.0), (s, math.log(3.0), True, 1, 0.3, 2, 0.75)]
for sc, z, can, v, q, mode, x in cases:
    m, f = meqc.choose_modes(np.array([sc]), np.array([z]), np.array([can]), v, np.array([q]))
    check(m[0] == mode and abs(f[0] - x) < 1e-15, f"choose_modes{(sc, z, can, v, q)} = {m[0]}, {f[0]}; by hand {mode}, {x}")

# 2. C = Python on the real engine with the shipped weights.
dqn, actor = os.path.join(p001, "meqc-drl-dqn.q6w"), os.path.join(p001, "meqc-drl-ddpg.q6w")
qnet, anet = load_mlp(dqn), load_mlp(actor)
check(qnet.layers[-1].out_features == 3 and anet.layers[-1].out_features == 1, "shipped heads: 3 mode scores, 1 logit")
SLOTS, SEED = "12", 900001
env = q6env.make(scen, q6sim=q6sim, slots=int(SLOTS), reward="cost")
env.out_dir = os.path.join(tmp, "py")
policy = meqc.TwoStage(qnet, anet, dtype=torch.float64)
modes = []


def choose(obs, info):
    a = policy(obs, info)
    if isinstance(a, dict):
        modes.extend(a["choices"][obs["tasks"][:, meqc.QUANTUM_FEATURE] < 0.5].tolist())
    return a


obs, info = env.reset(seed=SEED)
while True:
    obs, r, term, trunc, info = env.step(choose(obs, info))
    if term or trunc:
        break
env.close()
check(0 < modes.count(2) < len(modes), f"the Python policy both offloads and keeps tasks local ({len(modes)} tasks)")
out = os.path.join(tmp, "c")
r = subprocess.run([q6sim, "run", scen, "--scheduler", "meqc-drl", "--seed", str(SEED), "--slots", SLOTS,
                    "--set", f"plugin_params=weights={dqn},actor={actor}", "--out", out, "--quiet", "--no-progress"],
                   capture_output=True, text=True)
if check(r.returncode == 0, f"meqc-drl in C: exit {r.returncode}: {r.stderr}"):
    def summary(d):
        with open(os.path.join(d, "summary.json")) as f:
            s = json.load(f)
        s.pop("scheduler")
        return s
    py, c = summary(env.out_dir), summary(out)
    check(py["tasks_generated"] > 0 and py == c, f"meqc-drl in C differs from agents.meqc in Python:\n{py}\n{c}")
    with open(os.path.join(env.out_dir, "slots.csv")) as f1, open(os.path.join(out, "slots.csv")) as f2:
        check(list(csv.reader(f1)) == list(csv.reader(f2)), "slots.csv: the same per-slot outputs")

# 3. Training is a function of the seed.
outs = []
for k in ("a", "b"):
    d = os.path.join(tmp, "train-" + k)
    os.makedirs(d)
    env_vars = dict(os.environ, PYTHONPATH=os.path.join(root, "python"), OMP_NUM_THREADS="1")
    r = subprocess.run([sys.executable, "-m", "agents.meqc", "--scenario", scen, "--q6sim", q6sim, "--episodes", "2",
                        "--slots", "8", "--seed", "1", "--batch", "16", "--eval-seeds", "900001", "--out", "dqn.q6w",
                        "--actor-out", "actor.q6w", "--curve", "curve.csv"], capture_output=True, text=True,
                       env=env_vars, cwd=d)
    check(r.returncode == 0 and "held-out" in r.stdout, f"agents.meqc run {k}: exit {r.returncode}: {r.stderr[-2000:]}")
    outs.append(d)
if all(os.path.exists(os.path.join(d, "actor.q6w")) for d in outs):
    for name in ("dqn.q6w", "actor.q6w", "curve.csv"):
        a, b = (open(os.path.join(d, name), "rb").read() for d in outs)
        check(a == b, f"agents.meqc twice from seed 1: {name} identical")
    heads = [line for line in open(os.path.join(outs[0], "actor.q6w")) if line.startswith("head")]
    check(heads == ["head fraction\n"], f"the actor exports with a fraction head: {heads}")
    r = subprocess.run([q6sim, "run", scen, "--scheduler", "meqc-drl", "--slots", "3", "--out", os.path.join(tmp, "c2"),
                        "--set", "plugin_params=weights={0}/dqn.q6w,actor={0}/actor.q6w".format(outs[0]),
                        "--quiet", "--no-progress"], capture_output=True, text=True)
    check(r.returncode == 0, f"meqc-drl runs freshly trained weights: {r.stderr}")
shutil.rmtree(tmp)
check.finish()
