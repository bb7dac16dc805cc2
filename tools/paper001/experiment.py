#!/usr/bin/env python3
"""Paper 001 experiments (issue 16): one subcommand per figure of the paper.

Each runs q6sim on platforms/paper001/scenario.cfg for every scheduler and
seed, checks that all schedulers of one (point, seed) saw the same
exogenous timeline (summary.json timeline_digest), and writes
OUT/figN.csv (x, scheduler, mean, 95 % interval over seeds) and
OUT/figN.png (gnuplot, when installed).

The metric is the paper's time-average WSET per device and slot, computed
from slots.csv (slot_wset): weight_latency x (latency of completed tasks +
(maximum delay + drop penalty) for every dropped task) + weight_energy x
(device + cloud CPU + QPU energy), divided by devices x slots. The
engine's own `cost` column also books the AP's power model and counts no
penalty for a dropped task; it is written next to it (docs/paper001.md
explains both).

  fig3  static devices: (a) meqc-dpp running time-average cost vs slot for
        several V; (b) every scheduler, energy-sensitive, delay-sensitive and
        balanced weights, meqc-drl with the weights trained for each
        weighting; fig3-training: the cost-vs-DRL-iterations panel, from the
        shipped agents.meqc training curves (docs/paper001.md).
  fig4  Gauss-Markov mobility: running time-average cost vs slot.
  fig5  cost vs maximum transmit power, vs data size, vs physical qubits.
  fig6  cost vs the expected offloading rate rho.

Plain python3 (no numpy). --tiny: 2 seeds, 4 slots, 2 points per sweep.
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCEN = os.path.join(ROOT, "platforms", "paper001", "scenario.cfg")
PLAT = os.path.join(ROOT, "platforms", "paper001", "platform.xml")
DQN_FILE = os.path.join(ROOT, "platforms", "paper001", "meqc-drl-dqn.q6w")
ACTOR_FILE = os.path.join(ROOT, "platforms", "paper001", "meqc-drl-ddpg.q6w")
SCHEDULERS = ["meqc-drl", "meqc-dpp", "cpu-continuous", "cpu-discrete", "qpu-continuous", "qpu-discrete", "random"]
WEIGHTS = {"energy": (0.1, 0.9), "delay": (0.9, 0.1), "balanced": (0.5, 0.5)}
sys.path.insert(0, os.path.join(ROOT, "tools", "common"))
import q6exp  # noqa: E402  (one copy of the statistics and the CSV writer)


def slot_wset(row, wl, we, deadline_s, drop_penalty_s, n_devices):
    """WSET per device of one slots.csv row: a dropped (or infeasible) task
    counts its maximum delay plus the drop penalty as its latency."""
    lat = float(row["latency_mean_s"] or 0) * int(row["tasks_completed"])
    lat += (deadline_s + drop_penalty_s) * (int(row["tasks_dropped"]) + int(row["tasks_infeasible"]))
    energy = float(row["energy_vehicle_j"]) + float(row["energy_cloud_j"]) + float(row["energy_qpu_j"])
    return (wl * lat + we * energy) / n_devices


def mean_ci(xs):
    """(mean, 95 % Student-t half-width) over seeds; 0 half-width for one seed."""
    m, hw, n = q6exp.mean_ci(xs)
    return m, (hw if n >= 2 else 0.0)


class Runner:
    def __init__(self, args):
        self.q6sim = args.q6sim
        self.out = args.out
        self.tiny = args.tiny
        self.seeds = list(range(1, 1 + (2 if args.tiny else args.seeds)))
        self.slots = 4 if args.tiny else args.slots
        self.work = os.path.join(self.out, "runs")
        os.makedirs(self.work, exist_ok=True)
        self.text = open(SCEN).read()
        self.n_devices = int(re.search(r"count = (\d+);", self.text).group(1))
        self.deadline_s = float(re.search(r"deadline_s = ([0-9.e+-]+);", self.text).group(1))
        self.count = 0
        self.drop_penalty_s = args.drop_penalty_s
        self.dqn, self.actor = args.dqn, args.actor
        for path in (self.dqn, self.actor):
            if not os.path.exists(path):
                print(f"experiment: no meqc-drl weights at {path}", file=sys.stderr)
                sys.exit(2)

    def variant(self, tag, rho=None, static=False, qubits=None, input_bytes=None):
        """The shipped scenario with fields --set cannot reach, written under
        OUT/runs (the platform too when the QPU's qubits change)."""
        text = self.text
        plat = PLAT
        if qubits is not None:
            plat = os.path.join(self.work, f"platform-q{qubits}.xml")
            with open(plat, "w") as f:
                f.write(re.sub(r'<prop id="qubits" value="\d+"/>', f'<prop id="qubits" value="{qubits}"/>',
                               open(PLAT).read()))
        text = text.replace('platform = "platform.xml";', f'platform = "{plat}";')
        if rho is not None:
            text = re.sub(r"rho = [0-9.]+;", f"rho = {rho};", text)
        if input_bytes is not None:
            text = re.sub(r"input_bytes = \[[^]]*\];", f"input_bytes = [{input_bytes[0]}, {input_bytes[1]}];", text)
        if static:
            text = re.sub(r"mobility = \{.*?\};", 'mobility = { model = "static"; area_m = [500.0, 500.0]; };',
                          text, flags=re.S)
        path = os.path.join(self.work, tag + ".cfg")
        with open(path, "w") as f:
            f.write(text)
        return path

    def drl_files(self, weighting):
        """meqc-drl's (DQN, actor) for a weighting: the paper trains one per
        weighting (fig. 3); the shipped energy and delay pairs when present
        and the defaults are in use, else --dqn/--actor."""
        pair = tuple(os.path.join(ROOT, "platforms", "paper001", f"meqc-drl-{weighting}-{k}.q6w") for k in ("dqn", "ddpg"))
        default = (self.dqn, self.actor) == (DQN_FILE, ACTOR_FILE)
        return pair if default and all(os.path.exists(f) for f in pair) else (self.dqn, self.actor)

    def run(self, cfg, sched, seed, sets=(), drl=None):
        """One run; returns (per-slot WSET list, engine cost list, digest)."""
        self.count += 1
        out = os.path.join(self.work, f"r{self.count}")
        if sched == "meqc-drl":
            params = re.search(r'plugin_params = "([^"]*)";', self.text).group(1)
            dqn, actor = drl or (self.dqn, self.actor)
            sets = list(sets) + [f"plugin_params={params},weights={dqn},actor={actor}"]
        cmd = [self.q6sim, "run", cfg, "--scheduler", sched, "--seed", str(seed), "--slots", str(self.slots),
               "--out", out, "--quiet", "--no-progress"]
        for s in sets:
            cmd += ["--set", s]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"experiment: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
        wl, we = 0.5, 0.5
        for s in sets:
            if s.startswith("cost.weight_latency="):
                wl = float(s.split("=")[1])
            if s.startswith("cost.weight_energy="):
                we = float(s.split("=")[1])
        wset, cost = [], []
        with open(os.path.join(out, "slots.csv")) as f:
            for r in csv.DictReader(f):
                wset.append(slot_wset(r, wl, we, self.deadline_s, self.drop_penalty_s, self.n_devices))
                cost.append(float(r["cost"]) / self.n_devices)
        digest = json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]
        shutil.rmtree(out)
        return wset, cost, digest

    def point(self, cfg, scheds, sets=(), drl=None):
        """Every scheduler x seed at one point: {sched: [(wset, cost) per seed]}."""
        res = {s: [] for s in scheds}
        for seed in self.seeds:
            digests = set()
            for s in scheds:
                w, c, d = self.run(cfg, s, seed, sets, drl)
                res[s].append((w, c))
                digests.add(d)
            if len(digests) != 1:
                sys.exit(f"experiment: schedulers saw different timelines at seed {seed}: {digests}")
        return res


def write(out, name, header, rows, plot):
    path = os.path.join(out, name + ".csv")
    q6exp.write_csv(path, header, rows)
    if shutil.which("gnuplot"):
        plot(path)


def gnuplot(csv_path, panels, xlabel, logx=False):
    """panels: list of (title, filter column value or None). Rows: x, group, series, mean, lo, hi."""
    rows = list(csv.reader(open(csv_path)))[1:]
    png = csv_path[:-4] + ".png"
    dat = csv_path[:-4] + ".dat"
    cmds = [f"set terminal pngcairo size {600 * len(panels)},450", f"set output '{png}'",
            f"set multiplot layout 1,{len(panels)}", "set key top right font ',8'", "set grid",
            f"set xlabel '{xlabel}'", "set ylabel 'time-average WSET per device and slot'"]
    if logx:
        cmds.append("set logscale x")
    blocks = []
    with open(dat, "w") as f:
        for title, group in panels:
            series = []
            for r in rows:
                if r[1] == group and r[2] not in series:
                    series.append(r[2])
            plots = []
            for s in series:
                f.write(f"# {group} {s}\n")
                for r in rows:
                    if r[1] == group and r[2] == s:
                        f.write(f"{r[0]} {r[3]} {r[4]} {r[5]}\n")
                f.write("\n\n")
                plots.append(f"'{dat}' index {len(blocks)} using 1:2:3:4 with yerrorlines title '{s}'")
                blocks.append(s)
            cmds.append(f"set title '{title}'")
            cmds.append("plot " + ", ".join(plots))
    cmds.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(cmds), text=True, check=True)


def running(res, key=0):
    """Per scheduler: per slot, mean and CI over seeds of the running time average."""
    out = {}
    for s, runs in res.items():
        avgs = []
        for r in runs:
            xs = r[key]
            acc, ra = 0.0, []
            for i, x in enumerate(xs):
                acc += x
                ra.append(acc / (i + 1))
            avgs.append(ra)
        out[s] = [mean_ci([a[t] for a in avgs]) for t in range(len(avgs[0]))]
    return out


def timeavg(res):
    """Per scheduler: mean and CI over seeds of the time-average WSET, and of the engine cost."""
    return {s: (mean_ci([sum(r[0]) / len(r[0]) for r in runs]), mean_ci([sum(r[1]) / len(r[1]) for r in runs]))
            for s, runs in res.items()}


def paired(res, ref="meqc-drl"):
    """Per scheduler: mean and CI over seeds of its time-average WSET minus
    ref's on the same timeline (seed): the paired comparison."""
    avg = {s: [sum(r[0]) / len(r[0]) for r in runs] for s, runs in res.items()}
    return {s: mean_ci([a - b for a, b in zip(avg[s], avg[ref])]) for s in avg}


def fig3(R):
    rows = []
    static = R.variant("static", static=True)
    vs = [1.0, 100.0] if R.tiny else [1.0, 10.0, 100.0, 1000.0]
    for v in vs:
        res = R.point(static, ["meqc-dpp"], [f"lyapunov.V={v}"])
        for t, (m, h) in enumerate(running(res)["meqc-dpp"]):
            rows.append([t, "V", f"V={v:g}", m, m - h, m + h])
    summary = []
    for wname, (wl, we) in WEIGHTS.items():
        res = R.point(static, SCHEDULERS, [f"cost.weight_latency={wl}", f"cost.weight_energy={we}"],
                      R.drl_files(wname))
        for s, series in running(res).items():
            for t, (m, h) in enumerate(series):
                rows.append([t, wname, s, m, m - h, m + h])
        diff = paired(res)
        for s, ((m, h), (cm, ch)) in timeavg(res).items():
            summary.append([wname, s, m, h, cm, ch, *diff[s]])
    write(R.out, "fig3", ["slot", "group", "series", "mean", "lo", "hi"], rows,
          lambda p: gnuplot(p, [("meqc-dpp vs V (balanced)", "V")] +
                            [(f"{w} weights", w) for w in WEIGHTS], "slot"))
    write(R.out, "fig3-summary", ["weights", "scheduler", "wset_mean", "wset_ci95", "engine_cost_mean",
                                  "engine_cost_ci95", "minus_meqc_drl_mean", "minus_meqc_drl_ci95"],
          summary, lambda p: None)
    fig3_training(R)


TRAIN_SLOTS = 100   # --slots of the documented agents.meqc commands (docs/paper001.md)


def fig3_training(R):
    """The paper's fig. 3 (left): cost vs DRL training iterations per
    weighting, from the shipped training curves of agents.meqc (episode
    return, minus the summed WSET reward, per device and slot)."""
    rows = []
    for wname in WEIGHTS:
        tag = "" if wname == "balanced" else f"-{wname}"
        path = os.path.join(ROOT, "platforms", "paper001", f"meqc-drl{tag}-curve.csv")
        if not os.path.exists(path):
            continue
        for r in csv.DictReader(open(path)):
            c = -float(r["return"]) / (TRAIN_SLOTS * R.n_devices)
            rows.append([int(r["episode"]), "training", wname, c, c, c])
    if rows:
        write(R.out, "fig3-training", ["episode", "group", "series", "mean", "lo", "hi"], rows,
              lambda p: gnuplot(p, [("meqc-drl training, per weighting", "training")], "training episode"))


def fig4(R):
    res = R.point(SCEN, SCHEDULERS)
    rows = []
    for s, series in running(res).items():
        for t, (m, h) in enumerate(series):
            rows.append([t, "mobility", s, m, m - h, m + h])
    diff = paired(res)
    summary = [[s, m, h, cm, ch, *diff[s]] for s, ((m, h), (cm, ch)) in timeavg(res).items()]
    write(R.out, "fig4", ["slot", "group", "series", "mean", "lo", "hi"], rows,
          lambda p: gnuplot(p, [("Gauss-Markov mobility, balanced", "mobility")], "slot"))
    write(R.out, "fig4-summary", ["scheduler", "wset_mean", "wset_ci95", "engine_cost_mean", "engine_cost_ci95",
                                  "minus_meqc_drl_mean", "minus_meqc_drl_ci95"], summary, lambda p: None)


def sweep_rows(R, group, points):
    rows = []
    for x, cfg, sets in points:
        for s, ((m, h), _) in timeavg(R.point(cfg, SCHEDULERS, sets)).items():
            rows.append([x, group, s, m, m - h, m + h])
    return rows


def fig5(R):
    powers = [0.05, 0.4] if R.tiny else [0.02, 0.05, 0.1, 0.2, 0.4, 0.8]
    sizes = [0.5, 2.0] if R.tiny else [0.25, 0.5, 1.0, 1.5, 2.0]       # x the shipped data-size range
    qubits = [14, 127] if R.tiny else [14, 28, 49, 70, 127]
    base = re.search(r"input_bytes = \[([0-9.e+-]+), ([0-9.e+-]+)\];", R.text)
    lo, hi = float(base.group(1)), float(base.group(2))
    rows = sweep_rows(R, "power", [(p, SCEN, [f"vehicles.tx_power_w={p}"]) for p in powers])
    rows += sweep_rows(R, "size", [((lo + hi) / 2 * k * 8 / 1e6, R.variant(f"size{k}", input_bytes=(lo * k, hi * k)), [])
                                   for k in sizes])
    rows += sweep_rows(R, "qubits", [(q, R.variant(f"q{q}", qubits=q), []) for q in qubits])
    write(R.out, "fig5", ["x", "group", "series", "mean", "lo", "hi"], rows,
          lambda p: gnuplot(p, [("vs max transmit power (W)", "power"), ("vs mean data size (Mbit)", "size"),
                                ("vs physical qubits", "qubits")], "x"))


def fig6(R):
    rhos = [0.2, 1.0] if R.tiny else [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0]
    rows = sweep_rows(R, "rho", [(r, R.variant(f"rho{r}", rho=r), []) for r in rhos])
    write(R.out, "fig6", ["x", "group", "series", "mean", "lo", "hi"], rows,
          lambda p: gnuplot(p, [("vs expected offloading rate rho", "rho")], "rho"))


def table(out):
    """Markdown tables of the results in OUT (what README's Paper 001
    section shows): time-average WSET, mean +- 95 % interval."""
    def rd(name):
        path = os.path.join(out, name + ".csv")
        return list(csv.DictReader(open(path))) if os.path.exists(path) else []
    f3, f4 = rd("fig3-summary"), rd("fig4-summary")
    names = [("meqc-drl", "meqc-drl"), ("meqc-dpp", "meqc-dpp"), ("cpu-continuous", "cpu-continuous"),
             ("cpu-discrete", "cpu-discrete"), ("qpu-continuous", "qpu-continuous = qpu-discrete"),
             ("random", "random")]
    if f3 and f4:
        cols = [("mobility, balanced", {r["scheduler"]: r for r in f4})]
        cols += [(f"static, {w}", {r["scheduler"]: r for r in f3 if r["weights"] == w}) for w in WEIGHTS]
        best = [min(float(c[s]["wset_mean"]) for s, _ in names) for _, c in cols]
        print("| scheduler | " + " | ".join(t for t, _ in cols) + " |")
        print("| --- |" + " --- |" * len(cols))
        for s, label in names:
            cells = []
            for (_, c), b in zip(cols, best):
                m, h = float(c[s]["wset_mean"]), float(c[s]["wset_ci95"])
                cell = f"{m:.3f} +- {h:.3f}"
                cells.append(f"**{cell}**" if m == b else cell)
            print(f"| {label} | " + " | ".join(cells) + " |")
        if "minus_meqc_drl_mean" in f4[0]:
            print("\nPaired difference, scheduler minus meqc-drl on the same timelines (> 0: meqc-drl lower):\n")
            print("| scheduler | " + " | ".join(t for t, _ in cols) + " |")
            print("| --- |" + " --- |" * len(cols))
            for s, label in names[1:]:
                cells = [f"{float(c[s]['minus_meqc_drl_mean']):+.3f} +- {float(c[s]['minus_meqc_drl_ci95']):.3f}"
                         for _, c in cols]
                print(f"| {label} | " + " | ".join(cells) + " |")
    for fig, group, title in [("fig5", "power", "max transmit power (W)"), ("fig5", "size", "mean data size (Mbit)"),
                              ("fig5", "qubits", "physical qubits"), ("fig6", "rho", "rho")]:
        rows = [r for r in rd(fig) if r["group"] == group]
        if not rows:
            continue
        xs = sorted({float(r["x"]) for r in rows})
        print(f"\n| {title} | " + " | ".join(label for _, label in names) + " |")
        print("| --- |" + " --- |" * len(names))
        for x in xs:
            at = {r["series"]: float(r["mean"]) for r in rows if float(r["x"]) == x}
            b = min(at[s] for s, _ in names)
            print(f"| {x:g} | " + " | ".join(f"**{at[s]:.3f}**" if at[s] == b else f"{at[s]:.3f}" for s, _ in names)
                  + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("figure", choices=["fig3", "fig4", "fig5", "fig6", "all", "table"],
                    help="a figure, all four, or 'table': print the README tables from OUT's CSVs")
    ap.add_argument("--q6sim", default=os.path.join(ROOT, "build", "q6sim"))
    ap.add_argument("--out", default="out/paper001")
    ap.add_argument("--dqn", default=DQN_FILE, help="meqc-drl's DQN weights (mode)")
    ap.add_argument("--actor", default=ACTOR_FILE, help="meqc-drl's DDPG actor weights (fraction)")
    ap.add_argument("--drop-penalty-s", type=float, default=1.0,
                    help="latency added to a dropped task's maximum delay in the WSET (agents.meqc's default)")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--slots", type=int, default=100)
    ap.add_argument("--tiny", action="store_true", help="2 seeds, 4 slots, 2 points per sweep (tests)")
    args = ap.parse_args()
    if args.seeds < 1 or args.slots < 1 or not (0 <= args.drop_penalty_s < 1e6):
        print("experiment: --seeds and --slots must be >= 1, --drop-penalty-s in [0, 1e6)", file=sys.stderr)
        sys.exit(2)
    if args.figure == "table":
        table(args.out)
        return
    R = Runner(args)
    for f in (["fig3", "fig4", "fig5", "fig6"] if args.figure == "all" else [args.figure]):
        globals()[f](R)
    shutil.rmtree(R.work, ignore_errors=True)


if __name__ == "__main__":
    main()
