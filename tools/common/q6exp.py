"""Shared experiment helpers for tools/paperNNN/experiment.py: runs q6sim
jobs in parallel (skipping finished ones), checks that every scheduler of
a point saw the same exogenous timeline (summary.json timeline_digest),
and gives means with Student-t 95 % intervals, CSV writing and gnuplot
figures. Standard library only (plain python3 runs it).

One copy of these for every paper script; each imports this one:

    sys.path.insert(0, os.path.join(ROOT, "tools", "common"))
    import q6exp
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


# ---- statistics -----------------------------------------------------------
def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def _betai(a, b, x):
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(lbt) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * _betacf(b, a, 1.0 - x) / b


def t_quantile(p, dof):
    """Quantile of Student's t (p > 0.5) by bisection on its CDF."""
    lo, hi = 0.0, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        cdf = 1.0 - 0.5 * _betai(dof / 2.0, 0.5, dof / (dof + mid * mid))
        lo, hi = (mid, hi) if cdf < p else (lo, mid)
    return (lo + hi) / 2


def mean_ci(xs):
    """(mean, 95 % half-width by Student t, n); NaN half-width for n < 2; None and NaN values are skipped."""
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, 0
    m = sum(xs) / n
    if n < 2:
        return m, math.nan, n
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    return m, t_quantile(0.975, n - 1) * sd / math.sqrt(n), n


def fmt(x, digits=6):
    """A number for a CSV cell: repr-stable, empty for NaN/None."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{digits}g}" if isinstance(x, float) else str(x)


# ---- runs -------------------------------------------------------------------
class Job:
    """One q6sim run: its folder under OUT/runs/<key>/<label>/seed<seed>."""

    def __init__(self, key, label, seed, args):
        self.key, self.label, self.seed, self.args = key, label, seed, list(args)

    def folder(self, out):
        return os.path.join(out, "runs", self.key, self.label, f"seed{self.seed}")


class Runner:
    """Runs jobs with q6sim (jobs at a time); a job whose summary.json exists
    is not redone. args may contain the placeholder {dir}, replaced by the
    job's folder (e.g. for plugin log files beside the outputs)."""

    def __init__(self, q6sim, out, jobs=2):
        self.q6sim, self.out, self.jobs = q6sim, os.path.abspath(out), max(1, int(jobs))

    def run(self, job):
        d = job.folder(self.out)
        summary = os.path.join(d, "summary.json")
        if os.path.exists(summary):
            return d
        logs = d + ".logs"
        if any("{dir}" in a for a in job.args):   # only jobs that write logs get the folder
            if os.path.isdir(logs):   # a half-finished earlier attempt of this script
                shutil.rmtree(logs)
            os.makedirs(logs)
        cmd = [self.q6sim, "run"] + [a.replace("{dir}", logs) for a in job.args] + [
            "--seed", str(job.seed), "--out", d, "--quiet", "--no-progress"]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
        return d

    def run_all(self, jobs):
        """Runs every job; returns {(key, label): [(seed, folder, summary)] in seed order}."""
        with ThreadPoolExecutor(self.jobs) as pool:
            dirs = list(pool.map(self.run, jobs))
        res = {}
        for j, d in zip(jobs, dirs):
            with open(os.path.join(d, "summary.json")) as f:
                summary = json.load(f)
            res.setdefault((j.key, j.label), []).append((j.seed, d, summary))
        for v in res.values():
            v.sort(key=lambda t: t[0])
        return res


def check_digests(res, groups=None):
    """Every label of a key saw the same timeline, seed by seed (summary.json
    timeline_digest). groups maps a key to the keys it must agree with too
    (e.g. sweeps over a plugin parameter share one timeline). Raises on a
    mismatch; returns the number of runs compared."""
    by_seed = {}
    for (key, label), runs in res.items():
        group = groups(key) if groups else key
        for seed, _, s in runs:
            by_seed.setdefault((group, seed), []).append((key, label, s["timeline_digest"]))
    for (group, seed), lst in by_seed.items():
        if len({d for _, _, d in lst}) != 1:
            raise RuntimeError(f"{group}, seed {seed}: timeline digests differ: " +
                               ", ".join(f"{k}/{l} {d[:12]}" for k, l, d in lst))
    return sum(len(v) for v in by_seed.values())


def run_checked(q6sim, out, jobs_at_once, jobs):
    """Runs jobs (Runner), checks that every label of a key saw the same
    timeline per seed (check_digests), and returns {(key, label): [summary
    per seed, in seed order]}, each summary with "_dir", its run folder."""
    raw = Runner(q6sim, out, jobs_at_once).run_all(jobs)
    check_digests(raw)
    res = {}
    for k, runs in raw.items():
        for _, d, summary in runs:
            summary["_dir"] = d
            res.setdefault(k, []).append(summary)
    return res


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    """Writes atomically (a reader never sees half a file)."""
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    os.replace(path + ".tmp", path)
    print(f"wrote {path}")


# ---- figures ----------------------------------------------------------------
def gnuplot_script(script, png):
    """Runs a hand-written gnuplot script into png (1100 x 420 unless the
    script sets its own terminal); skipped with a note without gnuplot."""
    if not shutil.which("gnuplot"):
        print(f"gnuplot not found: {png} not drawn (the CSV has the data)", file=sys.stderr)
        return
    subprocess.run(["gnuplot"], input=f"set terminal pngcairo size 1100,420 font ',10'\nset output '{png}'\n" + script,
                   text=True, check=True)


def gnuplot(png, panels, xlabel, logx=False, setup=()):
    """panels: [(title, ylabel, [(series name, [(x, mean, half-width)])][, [extra plot terms]])]:
    one panel each, error bars where the half-width is known; extra terms
    (e.g. "14 title 'budget' dt 2") are drawn too. setup: further gnuplot
    commands (e.g. xtics). Skipped with a note when gnuplot is missing (the
    CSV has the data)."""
    if not shutil.which("gnuplot"):
        print(f"gnuplot not found: {png} not drawn (the CSV has the data)", file=sys.stderr)
        return
    dat = png[:-4] + ".dat"
    cmds = [f"set terminal pngcairo size {560 * len(panels)},420 font ',10'", f"set output '{png}'",
            f"set multiplot layout 1,{len(panels)}", "set key top right font ',8'", "set grid",
            f"set xlabel '{xlabel}'"]
    if logx:
        cmds.append("set logscale x")
    cmds += list(setup)
    block = 0
    with open(dat, "w") as f:
        for title, ylabel, series, *extra in panels:
            plots = []
            for name, pts in series:
                for x, m, h in pts:
                    f.write(f"{x!r} {m!r} {0.0 if h is None or math.isnan(h) else h!r}\n")
                f.write("\n\n")
                plots.append(f"'{dat}' index {block} using 1:2:3 with yerrorlines title '{name}'")
                block += 1
            plots += extra[0] if extra else []
            cmds += [f"set title '{title}'", f"set ylabel '{ylabel}'", "plot " + ", ".join(plots)]
    cmds.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(cmds) + "\n", text=True, check=True)
    os.remove(dat)
    print(f"wrote {png}")
