"""tools/paper001/experiment.py on its tiny grid: fig4 and fig6 write a CSV
with every scheduler at every point, intervals around their means, and the
PNG when gnuplot is installed (the script itself stops when schedulers of
one seed saw different timelines). The WSET of one slots.csv row with the
drop penalty, by hand; bad options exit 2."""
import csv
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
check = Checker()
out = tempfile.mkdtemp(prefix="q6-p001x-")
script = os.path.join(root, "tools", "paper001", "experiment.py")
# One slot: 3 tasks done at 0.4 s mean, 1 dropped, 1 infeasible; 1 J on the
# devices, 2 J in the cloud, 0.5 J on the QPU; balanced weights, maximum delay
# 1.5 s, drop penalty 1 s, 15 devices: latency 3 x 0.4 + 2 x (1.5 + 1) = 6.2 s,
# WSET (0.5 x 6.2 + 0.5 x 3.5) / 15 = 4.85 / 15.
spec = importlib.util.spec_from_file_location("experiment", script)
experiment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(experiment)
row = {"latency_mean_s": "0.4", "tasks_completed": "3", "tasks_dropped": "1", "tasks_infeasible": "1",
       "energy_vehicle_j": "1", "energy_cloud_j": "2", "energy_qpu_j": "0.5"}
got = experiment.slot_wset(row, 0.5, 0.5, 1.5, 1.0, 15)
check(abs(got - 4.85 / 15) < 1e-12, f"slot WSET with the drop penalty: {got}, expected {4.85 / 15}")
got = experiment.slot_wset(row, 0.5, 0.5, 1.5, 0.0, 15)
check(abs(got - 3.85 / 15) < 1e-12, f"slot WSET without the drop penalty: {got}, expected {3.85 / 15}")
scheds = {"meqc-drl", "meqc-dpp", "cpu-continuous", "cpu-discrete", "qpu-continuous", "qpu-discrete", "random"}
for fig, points in [("fig4", 4), ("fig6", 2)]:
    p = subprocess.run([sys.executable, script, fig, "--tiny", "--q6sim", q6sim, "--out", out],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{fig}: exit {p.returncode}: {p.stderr}")
    if p.returncode:
        continue
    rows = list(csv.DictReader(open(os.path.join(out, fig + ".csv"))))
    xs = sorted({r[list(r)[0]] for r in rows})
    check(len(xs) == points, f"{fig}: {len(xs)} points, expected {points}")
    for x in xs:
        check({r["series"] for r in rows if r[list(r)[0]] == x} == scheds, f"{fig}: every scheduler at {x}")
    check(all(float(r["lo"]) <= float(r["mean"]) <= float(r["hi"]) for r in rows), f"{fig}: lo <= mean <= hi")
    if shutil.which("gnuplot"):
        check(os.path.getsize(os.path.join(out, fig + ".png")) > 0, f"{fig}: PNG written")
check(not os.path.exists(os.path.join(out, "runs")), "run folders removed")
# 'table' prints the README tables from the CSVs: here the rho table, one
# row per point with the lowest mean in bold.
p = subprocess.run([sys.executable, script, "table", "--out", out], capture_output=True, text=True)
rho_rows = [line for line in p.stdout.splitlines() if line.startswith("| 0.2 |") or line.startswith("| 1 |")]
check(p.returncode == 0 and len(rho_rows) == 2 and all(r.count("**") >= 2 for r in rho_rows), f"table: {p.stdout}")
p = subprocess.run([sys.executable, script, "fig6", "--seeds", "0", "--q6sim", q6sim, "--out", out],
                   capture_output=True, text=True)
check(p.returncode == 2, f"--seeds 0: exit {p.returncode}")
for bad in (["--drop-penalty-s", "nan"], ["--drop-penalty-s", "-1"], ["--actor", os.path.join(out, "none.q6w")]):
    p = subprocess.run([sys.executable, script, "fig6", "--tiny", "--q6sim", q6sim, "--out", out] + bad,
                       capture_output=True, text=True)
    check(p.returncode == 2 and p.stderr.strip(), f"{bad}: exit {p.returncode}, message {p.stderr!r}")
shutil.rmtree(out)
check.finish()
