"""Paper 004's subtask priority (eqs. 1-2) in the loop: with
task.subtask_priority each subtask's priority weight is eq. 1 over its
task's equal parts, P = ((alpha + beta) / n + gamma chi) varpi varkappa,
chi being the node's priority_weights entry. The engine's cost (cost group,
weight_energy 0) is sum P x latency of the slot's completed tasks (eq. 3),
so on the tiny scenario of test_limits.py (2 subtasks per task; p4-bs-first
decides without looking at priorities, so the latencies are the same in
every run) each slot's cost with eq. 1 over its cost with the bare chi is
the hand ratio P / chi. Bad weights (eq. 2 broken, outside (0, 1), chi
without a list or >= 1, unknown key) exit 2 naming file, line and field."""
import csv
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root = sys.argv[1], os.path.abspath(sys.argv[2])
base_dir = os.path.join(root, "test", "paper004", "limits")
base = open(os.path.join(base_dir, "scenario.cfg")).read().replace(
    'platform = "platform.xml";', f'platform = "{os.path.join(base_dir, "platform.xml")}";')
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-priority-")
n_run = [0]
CHI = 0.5


def scenario(task_extra, chi=f"[{CHI}]"):
    n_run[0] += 1
    path = os.path.join(tmp, f"s{n_run[0]}.cfg")
    text = base.replace("subtasks = [2, 2];", f"subtasks = [2, 2];\n  priority_weights = {chi};\n{task_extra}")
    with open(path, "w") as f:
        f.write(text + "\ncost = { weight_latency = 1.0; weight_energy = 0.0; };\n")
    return path


def slot_costs(cfg):
    out = os.path.join(tmp, f"o{n_run[0]}")
    rc, _, se = run(q6sim, ["run", cfg, "--out", out, "--quiet"])
    check(rc == 0, f"run {cfg}: exit {rc} ({se.strip()})")
    with open(os.path.join(out, "slots.csv")) as f:
        return [float(r["cost"]) for r in csv.DictReader(f)]


bare = slot_costs(scenario(""))
check(len(bare) == 4 and all(c > 0 for c in bare), f"cost per slot without eq. 1: {bare}")
for a, b, g, varpi, kappa in [(0.5, 0.3, 0.2, 0.8, 0.9), (0.2, 0.2, 0.6, 0.5, 0.4)]:
    prio = (f"  subtask_priority = {{ alpha_p = {a}; beta_p = {b}; gamma_p = {g}; "
            f"complexity_weight = {varpi}; size_weight = {kappa}; }};")
    eq1 = ((a + b) / 2 + g * CHI) * varpi * kappa   # two equal parts: each share 1/2
    costs = slot_costs(scenario(prio))
    for k, (c, c0) in enumerate(zip(costs, bare)):
        check(abs(c / c0 - eq1 / CHI) < 1e-7,  # slots.csv prints 9 significant digits
              f"alpha {a}: slot {k} cost {c} / {c0} = {c / c0}, eq. 1 gives {eq1 / CHI}")

good = "alpha_p = 0.5; beta_p = 0.3; gamma_p = 0.2; complexity_weight = 0.8; size_weight = 0.9;"
for what, body, chi, needles in [
        ("eq. 2 broken", good.replace("gamma_p = 0.2", "gamma_p = 0.3"), f"[{CHI}]", ["sum to 1"]),
        ("alpha 0", good.replace("alpha_p = 0.5", "alpha_p = 0.0").replace("gamma_p = 0.2", "gamma_p = 0.7"),
         f"[{CHI}]", ["alpha_p", "strictly between 0 and 1"]),
        ("varpi 1", good.replace("complexity_weight = 0.8", "complexity_weight = 1.0"), f"[{CHI}]",
         ["complexity_weight"]),
        ("chi 1", good, "[1.0]", ["priority_weights", "below 1"]),
        ("unknown key", good + " delta_p = 0.1;", f"[{CHI}]", ["delta_p"]),
        ("missing key", good.replace("size_weight = 0.9;", ""), f"[{CHI}]", ["size_weight"])]:
    cfg = scenario(f"  subtask_priority = {{ {body} }};", chi)
    out = os.path.join(tmp, f"bad{n_run[0]}")
    expect_bad(check, q6sim, ["run", cfg, "--out", out], [os.path.basename(cfg) + ":"] + needles, what, out)
cfg = scenario(f"  subtask_priority = {{ {good} }};")
text = open(cfg).read().replace(f"  priority_weights = [{CHI}];\n", "")
with open(cfg, "w") as f:
    f.write(text)
expect_bad(check, q6sim, ["run", cfg, "--out", os.path.join(tmp, "nochi")], ["priority_weights"], "no chi list",
           os.path.join(tmp, "nochi"))
check.finish()
