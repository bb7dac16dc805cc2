"""The learned paper-003 controller `morl`: its C network equals the Python
mirror (python/agents/p3_morl.py, float64, C's operation order) exactly
and PyTorch's float64 forward pass within 1e-9 on fixed inputs; the
Python policy run through q6env and the shipped weights run in C give
byte-identical slots.csv and the same summary.json; C reruns are
byte-identical; training is a function of its seed (two tiny trainings,
identical weight files); bad weights or parameters exit 2 with one
message. Usage: test_p3_morl.py Q6SIM PROBE SOURCE_ROOT (Debian's
/usr/bin/python3; exit 77 without torch and numpy)."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"SKIP: {e} (install python3-torch and python3-numpy; run with /usr/bin/python3)")
    sys.exit(77)

q6sim, probe, root = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, "python"))
sys.path.insert(0, os.path.join(root, "test"))
from q6test import Checker, run, expect_bad  # noqa: E402
import q6env  # noqa: E402
from agents import p3_morl as M  # noqa: E402

check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p3morl-")
scenario = os.path.join(root, "platforms", "paper003", "scenario.cfg")
weights = os.path.join(root, "platforms", "paper003", "morl.q6w")

# 1. Fixed inputs: the probe's predictor outputs and battery costs.
p = subprocess.run([probe, weights], capture_output=True, text=True)
check(p.returncode == 0, f"probe: exit {p.returncode}: {p.stderr}")
lines = [[float(v) for v in l.split()[1:]] for l in p.stdout.splitlines()]
slots = [[246.7, 1.0, 0.4], [252.4, 0.75, 1.2], [300.0, 0.5, 3.0], [190.0, 0.0, 10.0], [355.0, 1.0, 0.05]]
sites = [[12.0, 0.8, 250.0, 0.2, 0.5, 1.0], [-30.0, 0.3, 320.0, 0.9, 4.0, 0.0], [0.0, 1.0, 200.0, 0.0, 10.0, 0.0]]
net = M.load_morl(weights)
mirror = M.NumpyNet(net)
tnet = net.double()
with torch.no_grad():
    h = torch.zeros(1, net.hidden, dtype=torch.float64)
    c = torch.zeros_like(h)
    for t, x in enumerate(slots):
        want = mirror.step(x)
        z = ((torch.tensor(x, dtype=torch.float64) - net.pred_norm.mean) * net.pred_norm.scale).reshape(1, -1)
        h, c = tnet.lstm(z, (h, c))
        torch_pred = tnet.readout(h)[0].tolist()
        check(lines[t] == want, f"slot {t}: C predictor {lines[t]} != Python mirror {want}")
        check(max(abs(a - b) for a, b in zip(lines[t], torch_pred)) <= 1e-9, f"slot {t}: C {lines[t]} vs torch {torch_pred}")
    for s, x in enumerate(sites):
        want = mirror.costs(x).reshape(-1).tolist()
        q = tnet.q.layers
        v = (torch.tensor(x, dtype=torch.float64) - net.site_norm.mean) * net.site_norm.scale
        for i, layer in enumerate(q):
            v = layer(v)
            if i + 1 < len(q):
                v = torch.tanh(v)
        torch_cost = v.tolist()[:3] + v.tolist()[3:] + [0.0, 0.0, 0.0]
        got = lines[5 + s]
        check(got == want, f"site {s}: C costs {got} != Python mirror {want}")
        check(max(abs(a - b) for a, b in zip(got, torch_cost)) <= 1e-9, f"site {s}: C {got} vs torch {torch_cost}")

# 2. The Python policy through the bridge = the C scheduler, byte for byte.
SLOTS, SEED = "40", 900001
env = q6env.make(scenario, q6sim=q6sim, slots=int(SLOTS))
M.run_episode(env, SEED, M.Agent(M.Params(), M.NumpyNet(M.load_morl(weights))), os.path.join(tmp, "py"))
env.close()
base = ["run", scenario, "--scheduler", "morl", "--set", f"plugin_params=weights={weights}", "--seed", str(SEED),
        "--slots", SLOTS, "--quiet", "--no-progress"]
for name in ("c", "c-again"):
    rc, _, se = run(q6sim, base + ["--out", os.path.join(tmp, name)])
    check(rc == 0, f"morl {name}: exit {rc}: {se}")
read = lambda d, f: open(os.path.join(tmp, d, f), "rb").read()
check(read("py", "slots.csv") == read("c", "slots.csv"), "slots.csv: Python policy and C morl differ")
a, b = json.loads(read("py", "summary.json")), json.loads(read("c", "summary.json"))
check({k: v for k, v in a.items() if k != "scheduler"} == {k: v for k, v in b.items() if k != "scheduler"},
      "summary.json: Python policy and C morl differ")
for f in ("slots.csv", "summary.json"):
    check(read("c", f) == read("c-again", f), f"morl rerun: {f} differs")
check(a["tasks_infeasible"] == 0, "morl: no infeasible decisions")

# 3. Training is a function of the seed (tiny settings).
tiny = ["--epochs", "2", "--episodes", "1", "--slots", "30", "--pred-iters", "3", "--fqi-rounds", "2",
        "--fqi-steps", "3", "--seed", "5", "--q6sim", q6sim]
envp = dict(os.environ, PYTHONPATH=os.path.join(root, "python"), OMP_NUM_THREADS="1")
outs = []
for i in range(2):
    w = os.path.join(tmp, f"tiny{i}.q6w")
    p = subprocess.run([sys.executable, "-m", "agents.p3_morl"] + tiny + ["--out", w, "--curve", w + ".csv"],
                       capture_output=True, text=True, env=envp, cwd=tmp)
    check(p.returncode == 0, f"tiny training {i}: exit {p.returncode}: {p.stderr[-2000:]}")
    outs.append(open(w).read() if p.returncode == 0 else str(i))
check(outs[0] == outs[1], "two trainings from seed 5 wrote different weights")

# 4. Bad input: exit 2, one message, no output.
bad = os.path.join(tmp, "bad.q6w")
text = open(weights).read()
cases = [("", ["morl", "weights=PATH"], "no weights"),
         (f"weights={bad}", ["bad.q6w", ":"], "truncated weights"),
         (f"weights={weights},rho=0", ["rho > 0"], "rho = 0"),
         (f"weights={weights},weights={weights}", ["twice"], "weights twice")]
open(bad, "w").write(text[:len(text) // 2])
for params, needles, what in cases:
    out = os.path.join(tmp, "bad-out", what.replace(" ", "-"))
    expect_bad(check, q6sim, ["run", scenario, "--scheduler", "morl", "--set", f"plugin_params={params}", "--out", out,
                              "--quiet"], needles, what, out)
wrong = os.path.join(tmp, "wrong.q6w")
open(wrong, "w").write(text.replace("model p3-morl", "model mlp"))
expect_bad(check, q6sim, ["run", scenario, "--scheduler", "morl", "--set", f"plugin_params=weights={wrong}",
                          "--out", os.path.join(tmp, "bad-out", "wrong"), "--quiet"], ["wrong.q6w", "p3-morl"],
           "wrong model", os.path.join(tmp, "bad-out", "wrong"))
p = subprocess.run([probe, bad], capture_output=True, text=True)
check(p.returncode == 2 and "bad.q6w" in p.stderr, f"probe on a truncated file: exit {p.returncode}: {p.stderr}")
check.finish()
