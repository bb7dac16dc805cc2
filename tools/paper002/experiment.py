#!/usr/bin/env python3
"""Reproduces the experiments of paper 002 (SATIN offloading with Lyapunov
control and hybrid quantum-classical Benders decomposition) with q6sim on
platforms/paper002 (docs/paper002.md):

  experiment.py fig4   OUT  upper / lower bounds vs iteration: gbd, hqcgbd cuts=1, hqcgbd cuts=5
  experiment.py fig5   OUT  master access time per iteration (same runs as fig4)
  experiment.py table2 OUT  master access time: max/min, mean/std per iteration, total (same runs)
  experiment.py fig6   OUT  time-average delay and AP energy vs the AP energy budget (proposed)
  experiment.py fig7   OUT  time-average delay and AP energy vs V (proposed)
  experiment.py fig8   OUT  proposed vs heuristic vs myopic: delay and AP energy
  experiment.py claims OUT  the paper's claims checked on the CSVs above (no runs)
  experiment.py all    OUT  all of the above

"proposed" is hqcgbd with 5 cuts (SA sampler on the QPU host model).
fig4/5/table2 solve slot 0 of --fig4-users users once per seed; fig6-8 run
--slots slots of --users users. Delay and energy are the plugins' per-slot
records (slot_log): the sum over users of the service delay D_i (21) and
the sum over APs of the energy E_j (22), averaged over the slots, then the
mean over --seeds seeds with a Student-t 95 % interval. Every scheduler
and parameter of a figure runs on the same exogenous timeline per seed;
the script checks the timeline digests and stops otherwise. Runs keep
their q6sim folder under OUT/runs and are not redone when present.
--tiny is a seconds-long version for the tests. Writes CSV (and PNG with
gnuplot) into OUT.
"""
import argparse
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "common"))
import q6exp  # noqa: E402  (one copy of the runner, digests and statistics)

SCENARIO = os.path.join(ROOT, "platforms", "paper002", "scenario.cfg")
# Plugin parameters every scheduler shares (the scenario's, less the solver's own).
COMMON = "cloud_hz=2e9,backhaul_bs_bps=1e8,backhaul_hap_bps=2e8,backhaul_leo_bps=5e7,f_max_frac=0.5"
SOLVERS = {   # label: (scheduler, its own plugin_params)
    "gbd": ("gbd", ""),
    "hqcgbd-1cut": ("hqcgbd", "cuts=1,solver=sa,host=qpu"),
    "hqcgbd-5cut": ("hqcgbd", "cuts=5,solver=sa,host=qpu"),
    "proposed": ("hqcgbd", "cuts=5,solver=sa,host=qpu"),
    "heuristic": ("satin-heuristic", ""),
    "myopic": ("myopic", ""),
}
FIG4_SOLVERS = ["gbd", "hqcgbd-1cut", "hqcgbd-5cut"]
N_APS = 7                     # 4 BSs, 2 HAPs, 1 LEO (platform.xml)


class Exp:
    def __init__(self, a):
        self.a = a
        self.out = os.path.abspath(a.out)
        os.makedirs(self.out, exist_ok=True)
        self.r = q6exp.Runner(a.q6sim, self.out, a.jobs)
        self.seeds = list(range(1, a.seeds + 1))
        if a.tiny:
            self.budgets, self.vs = [0.5, 4.0], [1.0, 100.0]
        else:
            self.budgets, self.vs = [0.5, 1.0, 2.0, 4.0, 8.0], [1.0, 10.0, 100.0, 1000.0]

    def job(self, key, label, users, slots, v, budget, seed, iter_log=False):
        sched, own = SOLVERS[label]
        params = ",".join(p for p in (own, COMMON, f"v={v!r}", f"model_budget_j={budget!r}",
                                      "slot_log={dir}/slots.csv", "log={dir}/iterations.csv" if iter_log else "")
                          if p)
        args = [SCENARIO, "--scheduler", sched, "--slots", str(slots), "--set", f"vehicles.count={users}",
                "--set", f"plugin_params={params}"]
        return q6exp.Job(key, label, seed, args)

    def run(self, jobs):
        res = self.r.run_all(jobs)
        # fig4's slot-0 runs share one timeline, the sweeps another: per seed, all equal
        n = q6exp.check_digests(res, groups=lambda key: key.split("-")[0])
        print(f"timeline digests agree across schedulers and parameters ({n} runs)")
        return res

    # ---- fig4 / fig5 / table2 --------------------------------------------------
    def convergence_runs(self):
        a = self.a
        jobs = [self.job("fig4", lab, a.fig4_users, 1, a.v, a.budget, s, iter_log=True)
                for lab in FIG4_SOLVERS for s in self.seeds]
        res = self.run(jobs)
        iters = {}
        for lab in FIG4_SOLVERS:
            iters[lab] = [q6exp.read_csv(d + ".logs/iterations.csv") for _, d, _ in res[("fig4", lab)]]
        return iters

    def fig4(self, iters):
        rows, series_ub, series_lb = [], [], []
        for lab in FIG4_SOLVERS:
            runs = iters[lab]
            n = max(len(r) for r in runs)
            ub_pts, lb_pts = [], []
            for k in range(n):
                # a run that stopped earlier keeps its final bounds (it has converged)
                ub = [float(r[min(k, len(r) - 1)]["upper_bound"]) for r in runs]
                lb = [float(r[min(k, len(r) - 1)]["lower_bound"]) for r in runs]
                (mu, hu, _), (ml, hl, _) = q6exp.mean_ci(ub), q6exp.mean_ci(lb)
                rows.append([lab, k + 1, q6exp.fmt(mu), q6exp.fmt(hu), q6exp.fmt(ml), q6exp.fmt(hl),
                             sum(1 for r in runs if len(r) > k)])
                ub_pts.append((k + 1, mu, hu))
                lb_pts.append((k + 1, ml, hl))
            series_ub.append((f"{lab} UB", ub_pts))
            series_lb.append((f"{lab} LB", lb_pts))
        path = os.path.join(self.out, "fig4.csv")
        q6exp.write_csv(path, ["solver", "iteration", "upper_bound", "upper_ci95", "lower_bound", "lower_ci95",
                               "runs_still_iterating"], rows)
        q6exp.gnuplot(path[:-4] + ".png", [("Upper bound", "V sum D + sum Q E", series_ub),
                                           ("Lower bound", "V sum D + sum Q E", series_lb)], "iteration")

    def fig5(self, iters):
        rows, series = [], []
        for lab in FIG4_SOLVERS:
            runs = iters[lab]
            n = max(len(r) for r in runs)
            pts = []
            for k in range(n):
                # the closing iteration that only finds the bounds met solves no master
                ms = [float(r[k]["master_sim_s"]) * 1e3 for r in runs if len(r) > k and float(r[k]["master_sim_s"]) > 0]
                if not ms:
                    continue
                m, h, cnt = q6exp.mean_ci(ms)
                rows.append([lab, k + 1, q6exp.fmt(m), q6exp.fmt(h), cnt])
                pts.append((k + 1, m, h))
            series.append((lab, pts))
        path = os.path.join(self.out, "fig5.csv")
        q6exp.write_csv(path, ["solver", "iteration", "master_ms", "master_ci95_ms", "runs"], rows)
        q6exp.gnuplot(path[:-4] + ".png", [("Master access time per iteration", "ms (simulated)", series)],
                      "iteration")

    def table2(self, iters):
        rows = []
        for lab in FIG4_SOLVERS:
            runs = iters[lab]
            # per master solve (the closing iteration of a loop whose bounds met solves none)
            per = [float(x["master_sim_s"]) * 1e3 for r in runs for x in r if float(x["master_sim_s"]) > 0]
            mean = sum(per) / len(per)
            std = math.sqrt(sum((x - mean) ** 2 for x in per) / (len(per) - 1)) if len(per) > 1 else math.nan
            it_m, it_h, _ = q6exp.mean_ci([len(r) for r in runs])
            tot_m, tot_h, _ = q6exp.mean_ci([sum(float(x["master_sim_s"]) * 1e3 for x in r) for r in runs])
            gap_m, _, _ = q6exp.mean_ci([float(r[-1]["upper_bound"]) - float(r[-1]["lower_bound"]) for r in runs])
            rows.append([lab, q6exp.fmt(it_m, 4), q6exp.fmt(it_h, 3), q6exp.fmt(max(per), 4), q6exp.fmt(min(per), 4),
                         q6exp.fmt(mean, 4), q6exp.fmt(std, 4), q6exp.fmt(tot_m, 5), q6exp.fmt(tot_h, 3),
                         q6exp.fmt(gap_m, 4)])
        q6exp.write_csv(os.path.join(self.out, "table2.csv"),
                        ["solver", "iterations", "iterations_ci95", "max_ms", "min_ms", "mean_ms", "std_ms",
                         "total_ms", "total_ci95_ms", "final_gap"], rows)

    # ---- fig6 / fig7 / fig8 ------------------------------------------------------
    def sweep_point(self, res, key, label):
        """Per seed: time-average total delay (s per slot) and AP energy (J per slot)."""
        delay, energy, latency = [], [], []
        for _, d, summary in res[(key, label)]:
            slots = q6exp.read_csv(d + ".logs/slots.csv")
            delay.append(sum(float(s["delay_sum_s"]) for s in slots) / len(slots))
            energy.append(sum(float(s["ap_energy_j"]) for s in slots) / len(slots))
            latency.append(summary.get("latency_mean_s"))
        return q6exp.mean_ci(delay), q6exp.mean_ci(energy), q6exp.mean_ci(latency)

    def sweep(self, name, xs, xlabel, make, logx=False, by_scheme=False):
        """by_scheme: one x position per scheme (fig. 8) instead of x = the swept value."""
        a = self.a
        # keyed by (V, budget): a point two figures share runs once
        jobs = [self.job(f"sweep-v{v!r}-b{b!r}", lab, a.users, a.slots, v, b, s)
                for x in xs for lab, v, b in make(x) for s in self.seeds]
        res = self.run(jobs)
        rows, pts = [], {}
        for x in xs:
            for lab, v, b in make(x):
                (dm, dh, _), (em, eh, _), (lm, lh, _) = self.sweep_point(res, f"sweep-v{v!r}-b{b!r}", lab)
                rows.append([q6exp.fmt(x), lab, q6exp.fmt(v), q6exp.fmt(b), q6exp.fmt(dm), q6exp.fmt(dh),
                             q6exp.fmt(em), q6exp.fmt(eh), q6exp.fmt(b * N_APS), q6exp.fmt(lm), q6exp.fmt(lh)])
                pts.setdefault(lab, ([], []))
                px = len(pts) if by_scheme else x
                pts[lab][0].append((px, dm, dh))
                pts[lab][1].append((px, em, eh))
        path = os.path.join(self.out, f"{name}.csv")
        q6exp.write_csv(path, [xlabel.split(" ")[0], "scheme", "v", "budget_j_per_ap", "delay_s", "delay_ci95_s",
                               "ap_energy_j", "ap_energy_ci95_j", "budget_total_j", "engine_latency_s",
                               "engine_latency_ci95_s"], rows)
        setup, budget_line = [], []
        if by_scheme:
            setup = [f"set xrange [0.5:{len(pts) + 0.5}]", "set xtics (" +
                     ", ".join(f"'{k}' {i + 1}" for i, k in enumerate(pts)) + ")"]
            budget_line = [f"{xs[0] * N_APS!r} title 'budget ({N_APS} APs)' dt 2 lc rgb 'black'"]
            xlabel = "scheme"
        q6exp.gnuplot(path[:-4] + ".png",
                      [("Time-average total service delay", "s per slot", [(k, p[0]) for k, p in pts.items()]),
                       ("Time-average total AP energy", "J per slot", [(k, p[1]) for k, p in pts.items()],
                        budget_line)],
                      xlabel, logx, setup)
        return rows

    def fig6(self):
        return self.sweep("fig6", self.budgets, "budget (J per AP and slot)",
                          lambda b: [("proposed", self.a.v, b)], logx=True)

    def fig7(self):
        return self.sweep("fig7", self.vs, "V", lambda v: [("proposed", v, self.a.budget)], logx=True)

    def fig8(self):
        b = self.a.budget
        return self.sweep("fig8", [b], "budget (J per AP and slot)",
                          lambda b: [(lab, self.a.v, b) for lab in ("proposed", "heuristic", "myopic")],
                          by_scheme=True)


# ---- claims ------------------------------------------------------------------------
def claims(out):
    """The paper's claims, each checked on the CSVs; prints one line per claim."""
    t2 = {r["solver"]: r for r in q6exp.read_csv(os.path.join(out, "table2.csv"))}
    f6 = q6exp.read_csv(os.path.join(out, "fig6.csv"))
    f7 = q6exp.read_csv(os.path.join(out, "fig7.csv"))
    f8 = {r["scheme"]: r for r in q6exp.read_csv(os.path.join(out, "fig8.csv"))}
    it = {k: float(v["iterations"]) for k, v in t2.items()}
    tot = {k: float(v["total_ms"]) for k, v in t2.items()}
    lines = []

    def claim(text, ok, detail):
        lines.append(f"{'HOLDS' if ok else 'FAILS'}: {text} ({detail})")

    claim("5-cut HQCGBD needs fewer iterations than single-cut and GBD",
          it["hqcgbd-5cut"] < it["hqcgbd-1cut"] and it["hqcgbd-5cut"] < it["gbd"],
          f"mean iterations gbd {it['gbd']:g}, 1-cut {it['hqcgbd-1cut']:g}, 5-cut {it['hqcgbd-5cut']:g}")
    claim("5-cut HQCGBD needs less total master time than single-cut and GBD",
          tot["hqcgbd-5cut"] < tot["hqcgbd-1cut"] and tot["hqcgbd-5cut"] < tot["gbd"],
          f"mean total ms gbd {tot['gbd']:g}, 1-cut {tot['hqcgbd-1cut']:g}, 5-cut {tot['hqcgbd-5cut']:g}")

    def trend(rows, xkey):
        rows = sorted(rows, key=lambda r: float(r[xkey]))
        d = [float(r["delay_s"]) for r in rows]
        e = [float(r["ap_energy_j"]) for r in rows]
        return d, e
    d6, e6 = trend(f6, "budget")
    claim("a larger energy budget lowers delay and raises AP energy",
          d6[-1] < d6[0] and e6[-1] > e6[0], f"delay {d6[0]:.4g} -> {d6[-1]:.4g} s, energy {e6[0]:.4g} -> {e6[-1]:.4g} J")
    d7, e7 = trend(f7, "V")
    claim("a larger V lowers delay and raises AP energy",
          d7[-1] < d7[0] and e7[-1] > e7[0], f"delay {d7[0]:.4g} -> {d7[-1]:.4g} s, energy {e7[0]:.4g} -> {e7[-1]:.4g} J")
    p, h, m = (f8[k] for k in ("proposed", "heuristic", "myopic"))
    budget = float(p["budget_total_j"])
    dp, dh, dm = float(p["delay_s"]), float(h["delay_s"]), float(m["delay_s"])
    ep = float(p["ap_energy_j"])
    claim("the proposed scheme has a lower delay than the heuristic", dp < dh, f"{dp:.4g} vs {dh:.4g} s")
    claim("the proposed scheme has a lower delay than the myopic scheme", dp < dm, f"{dp:.4g} vs {dm:.4g} s")
    claim("the proposed scheme keeps within the energy budget", ep <= budget * 1.05,
          f"{ep:.4g} J per slot vs a budget of {budget:.4g} J (7 APs); myopic {float(m['ap_energy_j']):.4g}, "
          f"heuristic {float(h['ap_energy_j']):.4g}")
    path = os.path.join(out, "claims.txt")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    print("\n".join(lines))


def positive_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a whole number")
    if v < 1:
        raise argparse.ArgumentTypeError(f"{s} must be at least 1")
    return v


def positive_float(s):
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a number")
    if not (v > 0) or math.isinf(v):
        raise argparse.ArgumentTypeError(f"{s} must be a positive finite number")
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["fig4", "fig5", "table2", "fig6", "fig7", "fig8", "claims", "all"])
    ap.add_argument("out")
    ap.add_argument("--q6sim", default=os.path.join(ROOT, "build", "q6sim"))
    ap.add_argument("--seeds", type=positive_int, default=3)
    ap.add_argument("--slots", type=positive_int, default=10, help="slots of the fig6-8 runs")
    ap.add_argument("--users", type=positive_int, default=12, help="users of the fig6-8 runs")
    ap.add_argument("--fig4-users", type=positive_int, default=20, help="users of the fig4/5/table2 slot")
    ap.add_argument("--v", type=positive_float, default=100.0, help="V where it is not swept")
    ap.add_argument("--budget", type=positive_float, default=2.0, help="J per AP and slot where not swept")
    ap.add_argument("--jobs", type=positive_int, default=2)
    ap.add_argument("--tiny", action="store_true", help="a seconds-long version for the tests")
    a = ap.parse_args()
    if a.tiny:
        a.seeds, a.slots, a.users, a.fig4_users = min(a.seeds, 2), min(a.slots, 3), min(a.users, 4), min(a.fig4_users, 4)
    if not os.access(a.q6sim, os.X_OK):
        ap.error(f"--q6sim {a.q6sim}: not an executable (build first: ninja -C build)")
    e = Exp(a)
    try:
        if a.what in ("fig4", "fig5", "table2", "all"):
            iters = e.convergence_runs()
            for name in (["fig4", "fig5", "table2"] if a.what == "all" else [a.what]):
                getattr(e, name)(iters)
        if a.what in ("fig6", "all"):
            e.fig6()
        if a.what in ("fig7", "all"):
            e.fig7()
        if a.what in ("fig8", "all"):
            e.fig8()
        if a.what in ("claims", "all"):
            claims(e.out)
    except (RuntimeError, FileNotFoundError, KeyError) as err:
        print(f"experiment.py: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
