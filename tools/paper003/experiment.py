#!/usr/bin/env python3
"""Reproduces the experiments of paper 003 (Thomas et al., sustainable 6G)
with q6sim on platforms/paper003 (docs/paper003.md):

  experiment.py fig2  OUT   emissions per bit vs mean packet arrival rate
  experiment.py fig3  OUT   emissions per bit vs time slot (default rate)
  experiment.py fig4  OUT   emissions per bit vs mean delay as zeta varies (Pareto front)
  experiment.py table OUT   controllers at the default rate: emissions, energy, delay
  experiment.py claims OUT  the paper's three claims, from the CSVs above (no runs)
  experiment.py all   OUT   all of the above

Every point is the mean over --seeds seeds with a Student-t 95 % interval.
All controllers of a point run on the same exogenous timeline (same seed);
the script checks that their timeline digests agree and stops otherwise.
Runs keep their q6sim folder under OUT/runs and are not redone when
present. --tiny makes a seconds-long version for the tests (2 seeds,
20 slots, fewer points). Writes CSVs (and PNGs with gnuplot) into OUT.
"""
import argparse
import csv
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "common"))
import q6exp  # noqa: E402  (one copy of the runner, digest check and statistics)
from q6exp import mean_ci, write_csv  # noqa: E402
gnuplot = q6exp.gnuplot_script

SCENARIO = os.path.join(ROOT, "platforms", "paper003", "scenario.cfg")
CONTROLLERS = ["morl", "morl-mb", "morl-scalarised", "energy-efficiency", "rer"]
MORL = ("morl", "morl-mb")     # the paper's method (learned) and the model-based variant
FIG4 = ["morl", "morl-mb", "morl-scalarised", "energy-efficiency"]
WEIGHTS = os.path.join(ROOT, "platforms", "paper003", "morl.q6w")
SLOT_S = 0.01                  # the scenario's slot, s
DEFAULT_RATE = 15.5            # packets per user and slot: the mean of U[1, 30]


class Runner:
    def __init__(self, args):
        self.q6sim, self.out, self.jobs = args.q6sim, os.path.abspath(args.out), args.jobs
        self.seeds = list(range(1, args.seeds + 1))
        self.slots = args.slots
        self.weights = os.path.abspath(args.weights)

    def run_all(self, specs):
        """specs: (key, controller, rate, params); runs every seed of each
        with q6exp's runner (OUT/runs/KEY/CTRL/seedS, finished runs reused),
        checks that all controllers of a key saw the same timeline per seed,
        and returns {(key, ctrl): [summary per seed]} (each with "_dir")."""
        jobs = []
        for key, ctrl, rate, params in specs:
            args = [SCENARIO, "--scheduler", ctrl, "--slots", str(self.slots),
                    "--set", f"task.arrival_rate_hz={rate / SLOT_S!r}"]
            if ctrl == "morl":
                params = f"weights={self.weights}" + ("," + params if params else "")
            if params:
                args += ["--set", f"plugin_params={params}"]
            jobs += [q6exp.Job(key, ctrl, seed, args) for seed in self.seeds]
        return q6exp.run_checked(self.q6sim, self.out, self.jobs, jobs)


def energy_per_bit(s):
    bits = s["emissions_kg"] / s["emissions_per_bit_kg"] if s.get("emissions_per_bit_kg") else math.nan
    e = sum(s["energy_j"][k] for k in s["energy_j"] if k != "vehicle")
    return e / bits if bits and bits > 0 else math.nan


def fmt(m, h):
    return f"{m:.4g}" if math.isnan(h) else f"{m:.4g} ± {h:.2g}"


def non_dominated(points):
    """Indices of points (delay, emissions) that no other point dominates
    (<= in both, < in one): the Pareto front, both minimised."""
    keep = []
    for i, (a, b) in enumerate(points):
        if not any((c <= a and d <= b) and (c < a or d < b) for j, (c, d) in enumerate(points) if j != i):
            keep.append(i)
    return keep


def fig2(r, out, rates):
    specs = [(f"rate{x:g}", c, x, "") for x in rates for c in CONTROLLERS]
    res = r.run_all(specs)
    rows = []
    for x in rates:
        row = [x]
        for c in CONTROLLERS:
            m, h, _ = mean_ci([s["emissions_per_bit_kg"] for s in res[(f"rate{x:g}", c)]])
            row += [m, h]
        rows.append(row)
    hdr = ["packets_per_slot"] + [f"{c}_{k}" for c in CONTROLLERS for k in ("kg_per_bit", "ci95")]
    write_csv(os.path.join(out, "fig2.csv"), hdr, rows)
    plot = ", ".join(f"'{out}/fig2.csv' u 1:{2 + 2 * i}:{3 + 2 * i} w yerrorlines t '{c}'" for i, c in enumerate(CONTROLLERS))
    gnuplot(f"set datafile separator ','\nset key autotitle columnhead\nset xlabel 'mean packets per user and slot'\n"
            f"set ylabel 'emissions per bit (kg CO2)'\nplot {plot}\n", os.path.join(out, "fig2.png"))
    return res


def fig3(r, out, rate):
    res = r.run_all([(f"rate{rate:g}", c, rate, "") for c in CONTROLLERS])
    series = {}
    for c in CONTROLLERS:
        per_seed = []
        for s in res[(f"rate{rate:g}", c)]:
            with open(os.path.join(s["_dir"], "slots.csv")) as f:
                per_seed.append([float(x["emissions_per_bit_kg"]) if x["emissions_per_bit_kg"] else math.nan
                                 for x in csv.DictReader(f)])
        series[c] = per_seed
    n = min(len(v) for s in series.values() for v in s)
    rows = []
    for k in range(n):
        row = [k]
        for c in CONTROLLERS:
            m, h, _ = mean_ci([v[k] for v in series[c]])
            row += [m, h]
        rows.append(row)
    hdr = ["slot"] + [f"{c}_{k}" for c in CONTROLLERS for k in ("kg_per_bit", "ci95")]
    write_csv(os.path.join(out, "fig3.csv"), hdr, rows)
    plot = ", ".join(f"'{out}/fig3.csv' u 1:{2 + 2 * i} w lines t '{c}'" for i, c in enumerate(CONTROLLERS))
    gnuplot(f"set datafile separator ','\nset xlabel 'time slot (10 ms; 100 slots = one compressed day)'\n"
            f"set ylabel 'emissions per bit (kg CO2)'\nplot {plot}\n", os.path.join(out, "fig3.png"))


def fig4(r, out, zetas, rate):
    """Weights between sustainability and delay (zeta_e = 0): the MORL
    controllers' fronts; energy-efficiency gets the same delay weight on
    energy (it has no sustainability objective)."""
    specs = []
    for zd in zetas:
        for c in ("morl", "morl-mb", "morl-scalarised"):
            specs.append((f"zeta{zd:g}", c, rate, f"zeta_s={1 - zd!r},zeta_e=0,zeta_d={zd!r}"))
        specs.append((f"zeta{zd:g}", "energy-efficiency", rate, f"zeta_s=0,zeta_e={1 - zd!r},zeta_d={zd!r}"))
    res = r.run_all(specs)
    rows, pts = [], {}
    for zd in zetas:
        for c in FIG4:
            runs = res[(f"zeta{zd:g}", c)]
            dm, dh, _ = mean_ci([s["latency_mean_s"] for s in runs])
            em, eh, _ = mean_ci([s["emissions_per_bit_kg"] for s in runs])
            pts.setdefault(c, []).append((dm, em))
            rows.append([c, zd, dm, dh, em, eh])
    front = {c: set(non_dominated(p)) for c, p in pts.items()}
    idx = {c: 0 for c in pts}
    for row in rows:
        c = row[0]
        row.append(1 if idx[c] in front[c] else 0)
        idx[c] += 1
    write_csv(os.path.join(out, "fig4.csv"),
              ["controller", "zeta_d", "delay_s", "delay_ci95", "kg_per_bit", "kg_per_bit_ci95", "pareto"], rows)
    plots = []
    for c in pts:
        with open(os.path.join(out, f"fig4-{c}.dat"), "w") as f:
            for (d, e) in sorted(pts[c]):
                f.write(f"{d * 1e3!r} {e!r}\n")
        plots.append(f"'{out}/fig4-{c}.dat' u 1:2 w linespoints t '{c}'")
    gnuplot("set xlabel 'mean delay (ms)'\nset ylabel 'emissions per bit (kg CO2)'\nplot " + ", ".join(plots) + "\n",
            os.path.join(out, "fig4.png"))
    return rows


def table(r, out, rate):
    res = r.run_all([(f"rate{rate:g}", c, rate, "") for c in CONTROLLERS])
    rows = []
    for c in CONTROLLERS:
        runs = res[(f"rate{rate:g}", c)]
        cols = [mean_ci([s["emissions_per_bit_kg"] for s in runs]), mean_ci([energy_per_bit(s) for s in runs]),
                mean_ci([s["latency_mean_s"] for s in runs]), mean_ci([s["sustainability"] for s in runs]),
                mean_ci([s["completion_ratio"] for s in runs])]
        # Paired (same seed = same timeline) relative difference of morl and morl-mb against this controller.
        other = [s["emissions_per_bit_kg"] for s in runs]
        red = []
        for m in MORL:
            mine = [s["emissions_per_bit_kg"] for s in res[(f"rate{rate:g}", m)]]
            red += list(mean_ci([100.0 * (1 - a / b) for a, b in zip(mine, other)])[:2])
        rows.append([c] + [v for col in cols for v in col[:2]] + red)
    hdr = ["controller", "kg_per_bit", "kg_per_bit_ci95", "j_per_bit", "j_per_bit_ci95", "delay_s", "delay_ci95", "S",
           "S_ci95", "completion", "completion_ci95", "morl_reduction_pct", "morl_reduction_ci95",
           "morl_mb_reduction_pct", "morl_mb_reduction_ci95"]
    write_csv(os.path.join(out, "table.csv"), hdr, rows)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write("| controller | emissions per bit (kg) | energy per bit (J) | mean delay (ms) | S (eq. 12) | "
                "completed | morl lower by (%, paired) | morl-mb lower by (%, paired) |\n"
                "|---|---|---|---|---|---|---|---|\n")
        for row in rows:
            f.write(f"| {row[0]} | {fmt(row[1], row[2])} | {fmt(row[3], row[4])} | "
                    f"{fmt(row[5] * 1e3, row[6] * 1e3)} | {fmt(row[7], row[8])} | {fmt(row[9], row[10])} | "
                    f"{'' if row[0] == 'morl' else fmt(row[11], row[12])} | "
                    f"{'' if row[0] == 'morl-mb' else fmt(row[13], row[14])} |\n")
    return rows


def claims(out):
    """The paper's claims against this run's CSVs, written to claims.md, for
    morl (the paper's method) and morl-mb: (1) about 26 % lower emissions
    than the baselines at equal energy efficiency and delay (table, paired);
    (2) about 11 % lower emissions per bit at convergence (fig3: mean over
    the second half of the slots) against energy-efficiency; (3) 33 % lower
    at low delay narrowing to 9 % at high delay (fig4: against
    energy-efficiency at the largest and the smallest delay weight)."""
    t = {r["controller"]: r for r in csv.DictReader(open(os.path.join(out, "table.csv")))}
    lines = ["| claim | paper | " + " | ".join(MORL) + " |", "|---|---|" + "---|" * len(MORL)]
    for c in ("morl-scalarised", "energy-efficiency", "rer"):
        r = t[c]
        cells = []
        for m, col in zip(MORL, ("morl_reduction", "morl_mb_reduction")):
            cells.append(f"{fmt(float(r[col + '_pct']), float(r[col + '_ci95']))}; energy per bit "
                         f"{float(t[m]['j_per_bit']):.4g} vs {float(r['j_per_bit']):.4g} J, delay "
                         f"{1e3 * float(t[m]['delay_s']):.4g} vs {1e3 * float(r['delay_s']):.4g} ms")
        lines.append(f"| (1) emissions per bit below {c} (%) | about 26 | " + " | ".join(cells) + " |")
    f3 = list(csv.DictReader(open(os.path.join(out, "fig3.csv"))))
    half = f3[len(f3) // 2:]
    mean = lambda c: sum(float(x[f"{c}_kg_per_bit"]) for x in half) / len(half)
    lines.append("| (2) at convergence (second half of the slots), below energy-efficiency (%) | about 11 (at 0.2 ms) | "
                 + " | ".join(f"{100 * (1 - mean(m) / mean('energy-efficiency')):.3g} (mean delay "
                              f"{1e3 * float(t[m]['delay_s']):.4g} ms)" for m in MORL) + " |")
    f4 = list(csv.DictReader(open(os.path.join(out, "fig4.csv"))))
    zs = sorted({float(r["zeta_d"]) for r in f4})
    for z, name in ((zs[-1], "low delay (largest zeta_d)"), (zs[0], "high delay (smallest zeta_d)")):
        b = next(r for r in f4 if r["controller"] == "energy-efficiency" and float(r["zeta_d"]) == z)
        cells = []
        for m in MORL:
            a = next(r for r in f4 if r["controller"] == m and float(r["zeta_d"]) == z)
            cells.append(f"{100 * (1 - float(a['kg_per_bit']) / float(b['kg_per_bit'])):.3g} (delays "
                         f"{1e3 * float(a['delay_s']):.4g} vs {1e3 * float(b['delay_s']):.4g} ms)")
        lines.append(f"| (3) {name}: below energy-efficiency (%) | {'33' if z == zs[-1] else '9'} | "
                     + " | ".join(cells) + " |")
    with open(os.path.join(out, "claims.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["fig2", "fig3", "fig4", "table", "claims", "all"])
    ap.add_argument("out")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--slots", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tiny", action="store_true", help="2 seeds, 20 slots, few points (tests)")
    ap.add_argument("--rates", help="fig2's packets per user and slot, comma-separated (default 5,10,15.5,20,25)")
    ap.add_argument("--zetas", help="fig4's zeta_d values, comma-separated (default 0.05,0.2,0.4,0.6,0.8,0.95)")
    ap.add_argument("--q6sim", default=os.path.join(ROOT, "build", "q6sim"))
    ap.add_argument("--weights", default=WEIGHTS, help="morl's weight file (default platforms/paper003/morl.q6w)")
    a = ap.parse_args()
    if a.seeds < 1 or a.slots < 1 or a.jobs < 1:
        print("experiment.py: --seeds, --slots and --jobs must be >= 1", file=sys.stderr)
        sys.exit(2)
    rates, zetas = [5.0, 10.0, DEFAULT_RATE, 20.0, 25.0], [0.05, 0.2, 0.4, 0.6, 0.8, 0.95]
    if a.tiny:
        a.seeds, a.slots = 2, 20
        rates, zetas = [5.0, DEFAULT_RATE], [0.05, 0.5, 0.95]
    try:
        if a.rates:
            rates = [float(x) for x in a.rates.split(",")]
        if a.zetas:
            zetas = [float(x) for x in a.zetas.split(",")]
    except ValueError:
        print("experiment.py: --rates and --zetas take comma-separated numbers", file=sys.stderr)
        sys.exit(2)
    if not all(x > 0 for x in rates) or not all(0 <= z <= 1 for z in zetas):
        print("experiment.py: --rates must be > 0 and --zetas in [0, 1]", file=sys.stderr)
        sys.exit(2)
    os.makedirs(a.out, exist_ok=True)
    r = Runner(a)
    if a.what in ("fig2", "all"):
        fig2(r, a.out, rates)
    if a.what in ("fig3", "all"):
        fig3(r, a.out, DEFAULT_RATE)
    if a.what in ("fig4", "all"):
        fig4(r, a.out, zetas, DEFAULT_RATE)
    if a.what in ("table", "all"):
        table(r, a.out, DEFAULT_RATE)
    if a.what in ("claims", "all"):
        claims(a.out)


if __name__ == "__main__":
    main()
