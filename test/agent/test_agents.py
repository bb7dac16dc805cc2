"""Each reference agent trains briefly with its documented command on the
toy engine (test/agent/toy_engine: the real bridge, a fixed small world),
and
- beats `random` on held-out seeds by a real margin (its mean episode
  latency at most half of random's),
- its exported weights, run in C by the toy engine's mlp-/lstm-/vqc-policy,
  give the same held-out latency as its Python evaluation (so the C
  policies decide exactly as the trained network),
- DQN trained twice with one seed writes byte-identical weights,
- the LSTM predictor beats the persistence forecast on held-out seeds,
- the preference-conditioned network folded to a fixed preference equals
  the conditioned network.
usage: test_agents.py TOY_ENGINE SOURCE_ROOT WORKDIR (exit 77 without torch)."""
import os
import re
import subprocess
import sys

try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"SKIP: {e} (install python3-torch; run with /usr/bin/python3)")
    sys.exit(77)

toy, root, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
sys.path.insert(0, os.path.join(root, "test"))
sys.path.insert(0, os.path.join(root, "python"))
from q6test import Checker  # noqa: E402

check = Checker()
os.makedirs(work, exist_ok=True)
env = dict(os.environ, PYTHONPATH=os.path.join(root, "python"))
EVAL = ["1001", "1002", "1003"]
common = ["--q6sim", toy, "--slots", "60", "--eval-seeds", *EVAL]


def train(module, name, extra=()):
    out = os.path.join(work, name + ".q6w")
    cmd = [sys.executable, "-m", f"agents.{module}", *common, "--out", out,
           "--curve", os.path.join(work, name + ".csv"), *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work)
    if not check(r.returncode == 0, f"{name}: exit {r.returncode}\n{r.stderr[-2000:]}"):
        return None, None, None, r.stdout
    m = re.search(r"mean (?:latency )?return (-?[\d.]+) \(random (-?[\d.]+)\)", r.stdout)
    check(m is not None, f"{name}: no result line in\n{r.stdout[-500:]}")
    return out, float(m.group(1)), float(m.group(2)), r.stdout


def c_latency(scheduler, weights):
    total = 0.0
    for s in EVAL:
        r = subprocess.run([toy, "run", "x", "--scheduler", scheduler, "--set", f"plugin_params=weights={weights}",
                            "--seed", s, "--slots", "60"], capture_output=True, text=True)
        check(r.returncode == 0, f"{scheduler} {weights}: {r.stderr}")
        total += float(r.stdout.split()[-1])
    return total / len(EVAL)


agents = [("dqn", "dqn", ["--episodes", "8"], "mlp-policy"),
          ("ddpg", "ddpg", ["--episodes", "8"], "mlp-policy"),
          ("ppo", "ppo", ["--episodes", "8"], "mlp-policy"),
          ("ppo", "mappo", ["--episodes", "8", "--multi-agent"], "mlp-policy"),
          ("vqc", "vqc", ["--episodes", "6"], "vqc-policy"),
          ("morl", "morl", ["--episodes", "8", "--prefer", "1", "0"], "mlp-policy"),
          ("lstm_predictor", "lstm", ["--episodes", "8"], "lstm-policy")]
for module, name, extra, scheduler in agents:
    path, mine, rnd, stdout = train(module, name, extra)
    if path is None:
        continue
    print(f"{name}: held-out mean return {mine:.3f}, random {rnd:.3f}")
    check(mine >= 0.5 * rnd, f"{name}: return {mine} is not better than half of random's {rnd}")
    c = c_latency(scheduler, path)
    check(abs(c + mine) <= 1e-6 * (1 + abs(mine)), f"{name}: C {scheduler} latency {c} vs Python return {mine}")
    check(os.path.exists(os.path.join(work, name + ".csv")), f"{name}: learning curve CSV written")
    if name == "lstm":
        m = re.search(r"prediction MSE on held-out seeds ([\d.]+) \(persistence ([\d.]+)\)", stdout)
        check(m and float(m.group(1)) < 0.8 * float(m.group(2)), f"LSTM predictor vs persistence: {m and m.groups()}")

# Determinism: the same seed trains the same network.
a = train("dqn", "dqn_again", ["--episodes", "8"])[0]
if a:
    check(open(a).read() == open(os.path.join(work, "dqn.q6w")).read(),
          "DQN trained twice with seed 1 gives identical weights")

# Preference folding is exact.
from agents.morl import PreferenceQ  # noqa: E402
torch.manual_seed(0)
net = PreferenceQ()
x = torch.randn(7, 11)
w = torch.tensor([[0.3, 0.7]])
check(torch.allclose(net(x, w), net.fixed([0.3, 0.7])(x), atol=1e-5), "folded preference equals the conditioned net")
check.finish()
