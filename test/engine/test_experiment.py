#!/usr/bin/env python3
"""Checks tools/paper000/experiment.py: its Student-t interval against a
hand calculation, and a small `table` run (2 seeds) whose plugins saw the
same timelines and where, with one matching round per slot, no plugin
beats `exact`.
Usage: test_experiment.py Q6SIM SOURCE_ROOT
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
sys.path.insert(0, os.path.join(ROOT, "tools", "paper000"))
import experiment  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402  (test/q6test.py)

check = q6test.Checker()
failures = check.failures

# t_{0.975, 4} = 2.7764451 and t_{0.975, 99} = 1.9842169 (tables).
check(abs(experiment.t_quantile(0.975, 4) - 2.7764451) < 1e-6, "t quantile, 4 dof")
check(abs(experiment.t_quantile(0.975, 99) - 1.9842169) < 1e-6, "t quantile, 99 dof")
# 10, 12, 9, 11, 13: mean 11, s^2 = (1 + 1 + 4 + 0 + 4) / 4 = 2.5, half-width 2.7764451 sqrt(2.5 / 5).
m, hw, n = experiment.mean_ci([10, 12, 9, 11, 13])
check(n == 5 and abs(m - 11) < 1e-12 and abs(hw - 2.7764451 * math.sqrt(0.5)) < 1e-6, f"mean_ci: {m} {hw}")

with tempfile.TemporaryDirectory() as tmp:
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "paper000", "experiment.py"), "table", tmp,
                        "--seeds", "2", "--q6sim", Q6SIM, "--set", "market.rounds=1"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"experiment.py table: exit {p.returncode}: {p.stderr[-2000:]}")
    if p.returncode == 0:
        rows = list(csv.DictReader(open(os.path.join(tmp, "table.csv"))))
        check(len(rows) == 4 * 5, f"{len(rows)} table rows, expected 20")
        for r in rows:
            frac = float(r["welfare_frac_exact"])
            check(frac <= 1 + 1e-12, f"{r['plugin']} above exact: {frac}")
            check(r["runs_above_exact"] == "0", f"{r['plugin']} beat exact in a run")
            if r["plugin"] == "exact":
                check(frac == 1.0, "exact is not 1 of itself")
        check(os.path.exists(os.path.join(tmp, "table.md")), "no table.md")

if failures:
    sys.exit(1)
print("experiment script checks passed")
