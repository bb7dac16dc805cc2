"""tools/paper001/experiment.py on its tiny grid: fig4 and fig6 write a CSV
with every scheduler at every point, intervals around their means, and the
PNG when gnuplot is installed (the script itself stops when schedulers of
one seed saw different timelines)."""
import csv
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
p = subprocess.run([sys.executable, script, "fig6", "--seeds", "0", "--q6sim", q6sim, "--out", out],
                   capture_output=True, text=True)
check(p.returncode == 2, f"--seeds 0: exit {p.returncode}")
shutil.rmtree(out)
check.finish()
