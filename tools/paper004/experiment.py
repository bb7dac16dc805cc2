#!/usr/bin/env python3
"""Paper 004 experiments (issue 18): the parts that need no learning.

  table3  latency of 100 KB / 1 MB / 10 MB subtasks over Okumura-Hata vs
          3GPP UMa (vehicle-to-BS) and free space vs 3GPP UAV (vehicle-to-
          UAV), each value from `q6sim model p4_uplink` (models/vec_link.h,
          models/model_table_vec.c). The paper omits the distances, powers
          and carrier; the ones used are printed with the table and listed in
          docs/paper004.md.
  fig7    latency vs blocklength 100-500 channel uses, low density (a UAV
          shares its band between 2 vehicles) and high density (8), a small
          subtask, with the block coding delay of the FBL link model.
  fig3    normalised training return vs episode of qdrl, mappo (PPO) and
          maddpg (DDPG) from the curves tools/paper004/train.sh wrote
          (platforms/paper004/*-curve.csv); returns are normalised to [0, 1]
          by the smallest and largest return of the three; compared on the
          mean of the last 50 episodes (one episode's return is noisy).
  fig4    mean latency per time step (slot) of the learned controllers
          (qdrl, its ablations sa-qdrl, qdrl-no-lstm, qdrl-no-dt, mappo,
          maddpg: shipped weights, run in C) and the heuristics, over
          seeds; qdrl's change at step 10 against each.
  fig5    vehicle energy per megabyte of completed subtasks vs the maximum
          subtask size (1 MB tasks split into 10, 4, 2 or 1 equal parts:
          100 KB to 1 MB); default controllers: the learned six,
          p4-latency and greedy; qdrl's change at 100 KB against each.
  fig6    QoS (eq. 48 with w_L = 0.7, w_E = 0.3, on run means: 0.7 / mean
          latency - 0.3 x vehicle energy per completed task) vs the MEC CPU
          frequency (5, 7.5, 10 GHz) for vehicle counts 2 / 8 / 20, UAV
          counts 4 / 10 and BS counts 4 / 7 / 10, on platform-10bs.xml
          (tools/paper004/make_platform.py: the shipped 4 BS sites, then 6
          more spread over the paper's box; 4 BSs unless varied).
  constraints  the paper's constraints C1-C20 as the engine checks them
          (the scenario's `limits` group with Table II's values; summary.json
          `limits`), violated / checked per controller summed over seeds.
  controllers  the paper004 scenario under the heuristic controllers
          (p4-latency, p4-uav-first, p4-bs-first, greedy, random) over seeds: completion, mean latency, priority-
          weighted latency (eq. 3, the engine's cost with weight_latency 1),
          vehicle energy (the learned controllers: fig4).

Writes OUT/NAME.csv and prints a Markdown table. Plain python3.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "common"))
from q6exp import write_csv  # noqa: E402  (one CSV writer for every paper script)
SCEN = os.path.join(ROOT, "platforms", "paper004", "scenario.cfg")

# Common link assumptions (docs/paper004.md, "Table III").
COMMON = {"tx_power_w": 0.2, "noise_psd_dbm_per_hz": -174, "noise_figure_db": 7,
          "bandwidth_hz": 10e6, "blocklength": 1000, "error_probability": 1e-6}
V2B = {"distance_2d_m": 1000, "tx_height_m": 1.5, "rx_height_m": 25, "carrier_hz": 900e6, "antennas": 4}
V2U = {"distance_2d_m": 80, "tx_height_m": 1.5, "rx_height_m": 50, "carrier_hz": 900e6, "antennas": 1}
MODELS = {
    # column: (link, model parameters)
    "okumura": (V2B, {"pathloss_model": 1, "hata_override": 1}),
    "uma": (V2B, {"pathloss_model": 2, "los_state": 0, "breakpoint_m": 100}),
    "free_space": (V2U, {"pathloss_model": 0}),
    "uav_uma": (V2U, {"pathloss_model": 3, "los_state": 2, "los_d1_m": 100, "los_p1_m": 63}),
}
CONTROLLERS = ["p4-latency", "p4-uav-first", "p4-bs-first", "greedy", "random"]
PDIR = os.path.join(ROOT, "platforms", "paper004")
LEARNED = ["qdrl", "sa-qdrl", "qdrl-no-lstm", "qdrl-no-dt", "mappo", "maddpg"]
FIG3 = ["qdrl", "mappo", "maddpg"]
FIG4_HEURISTICS = ["p4-latency", "greedy"]
TAIL = 50
SIZES = [("100 KB", 1e5), ("1 MB", 1e6), ("10 MB", 1e7)]


def q6(cmd):
    """Runs a q6sim command; on failure says which and why, and exits 1."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"experiment: {' '.join(cmd)}: {p.stderr.strip()}", file=sys.stderr)
        sys.exit(1)
    return p.stdout


def model(q6sim, params):
    args = [q6sim, "model", "p4_uplink"] + [f"{k}={v:.17g}" for k, v in params.items()]
    return {k: v["value"] for k, v in json.loads(q6(args))["outputs"].items()}


def table3(args):
    rows, detail = [], {}
    for label, size in SIZES:
        row = [label, size]
        for col, (link, extra) in MODELS.items():
            out = model(args.q6sim, {**COMMON, **link, **extra, "data_bytes": size})
            row.append(out["latency_s"])
            detail[col] = out
        rows.append(row)
    header = ["task", "bytes"] + [f"{c}_s" for c in MODELS]
    write_csv(os.path.join(args.out, "table3.csv"), header, rows)
    print("| task | Okumura (V2B) | 3GPP UMa (V2B) | free space (V2U) | 3GPP UAV (V2U) |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | " + " | ".join(f"{v:.6f} s" for v in r[2:]) + " |")
    print()
    for col in MODELS:
        d = detail[col]
        print(f"{col}: path loss {d['pathloss_db']:.2f} dB, P_LoS {d['los_probability']:.3f}, "
              f"SNR {d['snr_db']:.2f} dB, rate {d['rate_bps'] / 1e6:.3f} Mbit/s")


def fig7(args):
    rows = []
    ns = [100, 200, 300, 400, 500]
    for dens, share in [("low", 2), ("high", 8)]:
        for n in ns:
            p = {**COMMON, **V2U, "pathloss_model": 3, "los_state": 2, "los_d1_m": 100, "los_p1_m": 63,
                 "bandwidth_hz": COMMON["bandwidth_hz"] / share, "blocklength": n,
                 "decode_s_per_use": args.decode_s_per_use, "data_bytes": args.subtask_bytes}
            out = model(args.q6sim, p)
            rows.append([dens, share, n, out["latency_s"], out["coding_delay_s"], out["rate_bps"]])
    write_csv(os.path.join(args.out, "fig7.csv"),
              ["density", "vehicles_per_uav", "blocklength", "latency_s", "coding_delay_s", "rate_bps"], rows)
    print("| blocklength | " + " | ".join(f"{d} density (ms)" for d in ("low", "high")) + " |")
    print("|---|---|---|")
    for i, n in enumerate(ns):
        print(f"| {n} | {rows[i][3] * 1e3:.3f} | {rows[len(ns) + i][3] * 1e3:.3f} |")


def controllers(args):
    rows = []
    seeds = range(1, 1 + args.seeds)
    for sched in CONTROLLERS:
        for seed in seeds:
            out = os.path.join(args.out, "runs", f"{sched}-{seed}")
            cmd = [args.q6sim, "run", SCEN, "--scheduler", sched, "--seed", str(seed), "--out", out, "--quiet"]
            if args.slots:
                cmd += ["--slots", str(args.slots)]
            q6(cmd)
            s = json.load(open(os.path.join(out, "summary.json")))
            rows.append([sched, seed, s["tasks_generated"], s["completion_ratio"], s["latency_mean_s"],
                         s.get("cost"), s["energy_j"]["vehicle"], s["timeline_digest"]])
    digests = {}
    for r in rows:
        digests.setdefault(r[1], set()).add(r[7])
    if any(len(v) != 1 for v in digests.values()):
        print("experiment: controllers saw different timelines", file=sys.stderr)
        sys.exit(1)
    write_csv(os.path.join(args.out, "controllers.csv"),
              ["scheduler", "seed", "tasks", "completion", "latency_mean_s", "cost", "vehicle_energy_j", "digest"],
              rows)
    print("| controller | completion | mean latency (s) | priority-weighted latency (s) | vehicle energy (J) |")
    print("|---|---|---|---|---|")
    for sched in CONTROLLERS:
        rs = [r for r in rows if r[0] == sched]
        def mean(i, fmt):
            xs = [r[i] for r in rs if r[i] is not None]  # null: no task completed in that run
            return format(sum(xs) / len(xs), fmt) + ("" if len(xs) == len(rs) else f" ({len(xs)} runs)") \
                if xs else "n/a"
        print(f"| {sched} | {mean(3, '.4f')} | {mean(4, '.4f')} | {mean(5, '.3f')} | {mean(6, '.3f')} |")


def fig3(args):
    curves = {}
    for name in FIG3:
        with open(os.path.join(PDIR, f"{name}-curve.csv")) as f:
            curves[name] = [(int(r["episode"]), float(r["return"])) for r in csv.DictReader(f)]
    allr = [r for c in curves.values() for _, r in c]
    lo, hi = min(allr), max(allr)
    rows = [[name, ep, r, (r - lo) / (hi - lo) if hi > lo else 1.0] for name, c in curves.items() for ep, r in c]
    write_csv(os.path.join(args.out, "fig3.csv"), ["controller", "episode", "return", "normalised"], rows)
    last = {name: [x for x in rows if x[0] == name][-1] for name in curves}
    # Mean over the last TAIL episodes: one episode's return is noisy.
    tail = {}
    for name in curves:
        mine = [y[3] for y in rows if y[0] == name][-TAIL:]
        tail[name] = sum(mine) / len(mine)
    print(f"| controller | episodes | last return | normalised, mean of the last {TAIL} episodes |")
    print("|---|---|---|---|")
    for name in curves:
        print(f"| {name} | {last[name][1]} | {last[name][2]:.3f} | {tail[name]:.4f} |")
    for base in ("mappo", "maddpg"):
        if tail[base] > 0:
            print(f"qdrl vs {base}: {100 * (tail['qdrl'] / tail[base] - 1):+.1f} %")


def fig4(args):
    import statistics
    per = {}
    seeds = range(1, 1 + args.seeds)
    for sched in LEARNED + FIG4_HEURISTICS:
        for seed in seeds:
            s = run_summary(args, SCEN, sched, seed, "fig4")
            out = os.path.join(args.out, "runs", f"fig4-{sched}-{seed}")  # run_summary's folder
            with open(os.path.join(out, "slots.csv")) as f:
                for r in csv.DictReader(f):
                    if r["latency_mean_s"] not in ("", "nan") and int(r["tasks_completed"]) > 0:
                        per.setdefault((sched, int(r["slot"])), []).append(float(r["latency_mean_s"]))
            per.setdefault((sched, "all"), []).append(s["latency_mean_s"] if s["latency_mean_s"] is not None
                                                       else float("nan"))
            per.setdefault((sched, "completion"), []).append(s["completion_ratio"])
    rows = [[k[0], k[1], statistics.fmean(v), len(v)] for k, v in per.items() if isinstance(k[1], int)]
    rows.sort(key=lambda r: (r[0], r[1]))
    write_csv(os.path.join(args.out, "fig4.csv"), ["controller", "slot", "latency_mean_s", "runs"], rows)
    print("| controller | completion | mean latency (s) | mean latency at step 10 (s) |")
    print("|---|---|---|---|")
    at10 = {}
    for sched in LEARNED + FIG4_HEURISTICS:
        xs = per.get((sched, 10))
        at10[sched] = statistics.fmean(xs) if xs else float("nan")
        print(f"| {sched} | {statistics.fmean(per[(sched, 'completion')]):.4f} | "
              f"{statistics.fmean(per[(sched, 'all')]):.4f} | {at10[sched]:.4f} |")
    for base in LEARNED[1:] + FIG4_HEURISTICS:
        print(f"qdrl vs {base} at step 10: {100 * (at10['qdrl'] / at10[base] - 1):+.1f} %")


SWEEP = ["qdrl", "mappo", "maddpg", "p4-latency"]


def variant(args, tag, subtasks=None, cpu_hz=None, n_uavs=None, n_bs=None, platform="platform.xml"):
    """The shipped scenario with fields --set cannot reach (arrays, the
    platform, or another platform of PDIR), written under OUT/variants;
    returns its path."""
    # Absolute: the scenario names its platform relative to its own folder,
    # so a relative --out would be joined twice.
    vdir = os.path.abspath(os.path.join(args.out, "variants"))
    os.makedirs(vdir, exist_ok=True)
    xml = open(os.path.join(PDIR, platform)).read()
    if cpu_hz is not None:
        xml = re.sub(r'(<host id="(?:bs|uav)-\d+" speed=")10Gf"', rf'\g<1>{cpu_hz:.17g}f"', xml)
    for kind, keep in (("uav", n_uavs), ("bs", n_bs)):
        if keep is None:
            continue
        for k in range(keep, 100):
            name = f"{kind}-{k}"
            xml, n = re.subn(rf'\s*<host id="{name}".*?</host>', "", xml, flags=re.S)
            if not n:
                break
            xml = re.sub(rf'\s*<route src="{name}".*?</route>', "", xml)
            link = f"backhaul-uav-{k}" if kind == "uav" else f"fibre-bs-{k}"
            xml = re.sub(rf'\s*<link id="{link}"[^>]*/>', "", xml)
    pxml = os.path.join(vdir, tag + ".xml")
    with open(pxml, "w") as f:
        f.write(xml)
    text = open(SCEN).read().replace('platform = "platform.xml";', f'platform = "{pxml}";')
    if subtasks is not None:
        text, n = re.subn(r"subtasks = \[\d+, \d+\];", f"subtasks = [{subtasks}, {subtasks}];", text)
        assert n == 1
    path = os.path.join(vdir, tag + ".cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def run_summary(args, scen, sched, seed, tag, extra=()):
    out = os.path.join(args.out, "runs", f"{tag}-{sched}-{seed}")
    cmd = [args.q6sim, "run", scen, "--scheduler", sched, "--seed", str(900000 + seed), "--out", out, "--quiet",
           "--strict", *extra]
    if sched in LEARNED:
        cmd += ["--set", f"plugin_params=weights={os.path.join(PDIR, sched + '.q6w')}"]
    if args.slots:
        cmd += ["--slots", str(args.slots)]
    q6(cmd)
    return json.load(open(os.path.join(out, "summary.json")))


def per_task_energy(s):
    done = s["tasks_completed"]
    return s["energy_j"]["vehicle"] / done if done else float("nan")


def fig5(args):
    rows = []
    for parts, label in ((10, "100 KB"), (4, "250 KB"), (2, "500 KB"), (1, "1 MB")):
        scen = variant(args, f"fig5-{parts}", subtasks=parts)
        for sched in args.controllers:
            # J per MB completed: the radio energy of the completed subtasks'
            # data (1e6 / parts bytes each).
            es = [per_task_energy(run_summary(args, scen, sched, seed, f"fig5-{parts}")) * parts
                  for seed in range(1, 1 + args.seeds)]
            es = [e for e in es if e == e]
            rows.append([label, 1e6 / parts, sched, sum(es) / len(es) if es else float("nan"), len(es)])
    write_csv(os.path.join(args.out, "fig5.csv"),
              ["max_subtask", "max_subtask_bytes", "controller", "vehicle_j_per_mb", "runs"], rows)
    print("| max subtask | " + " | ".join(args.controllers) + " |")
    print("|---" * (len(args.controllers) + 1) + "|")
    for label in ("100 KB", "250 KB", "500 KB", "1 MB"):
        print(f"| {label} | " + " | ".join(f"{r[3]:.4f}" for r in rows if r[0] == label) + " |")
    e100 = {r[2]: r[3] for r in rows if r[0] == "100 KB"}
    if "qdrl" in e100:
        for base in [c for c in args.controllers if c != "qdrl"]:
            print(f"qdrl vs {base} at 100 KB: {100 * (e100['qdrl'] / e100[base] - 1):+.1f} %")


def qos(s):
    lat, e = s["latency_mean_s"], per_task_energy(s)
    return 0.7 / lat - 0.3 * e if lat else float("nan")


def fig6(args):
    rows = []
    # platform-10bs.xml (tools/paper004/make_platform.py): the shipped
    # platform's 4 BSs first, then 6 more sites; B = 4 (Table II) unless varied.
    configs = [("vehicles", v, {"n_bs": 4}, ["--set", f"vehicles.count={v}"]) for v in (2, 8, 20)]
    configs += [("uavs", u, {"n_uavs": u, "n_bs": 4}, []) for u in (4, 10)]
    configs += [("bss", b, {"n_bs": b}, []) for b in (4, 7, 10)]
    for ghz in (5.0, 7.5, 10.0):
        for what, count, plat, extra in configs:
            tag = f"fig6-{ghz:g}-{what}{count}"
            scen = variant(args, tag, cpu_hz=ghz * 1e9, platform="platform-10bs.xml", **plat)
            for sched in args.controllers:
                qs = [qos(run_summary(args, scen, sched, seed, tag, extra)) for seed in range(1, 1 + args.seeds)]
                qs = [q for q in qs if q == q]
                rows.append([ghz, what, count, sched, sum(qs) / len(qs) if qs else float("nan"), len(qs)])
    write_csv(os.path.join(args.out, "fig6.csv"), ["cpu_ghz", "varied", "count", "controller", "qos", "runs"], rows)
    print("| CPU (GHz) | varied | " + " | ".join(args.controllers) + " |")
    print("|---|---" + "|---" * len(args.controllers) + "|")
    for ghz in (5.0, 7.5, 10.0):
        for what, count, _, _ in configs:
            vals = [r[4] for r in rows if r[0] == ghz and r[1] == what and r[2] == count]
            print(f"| {ghz:g} | {what} = {count} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")


def constraints(args):
    """The engine's counts of the paper's constraints (the scenario's
    `limits` group, checked as the run goes; summary.json `limits`),
    summed over seeds per controller."""
    rows = []
    for sched in args.controllers:
        tot = {}
        for seed in range(1, 1 + args.seeds):
            for r in run_summary(args, SCEN, sched, seed, "constraints")["limits"]:
                t = tot.setdefault(r["label"], [0, 0])
                t[0] += r["checked"]
                t[1] += r["violated"]
        rows += [[sched, c, n, bad] for c, (n, bad) in tot.items()]
    write_csv(os.path.join(args.out, "constraints.csv"), ["controller", "constraint", "checked", "violated"], rows)
    names = [r[1] for r in rows if r[0] == args.controllers[0]]
    print("| controller | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for sched in args.controllers:
        print(f"| {sched} | " + " | ".join(f"{r[3]} / {r[2]}" for r in rows if r[0] == sched) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["table3", "fig3", "fig4", "fig5", "fig6", "fig7", "controllers",
                                        "constraints"])
    ap.add_argument("--q6sim", default=os.path.join(ROOT, "build", "q6sim"))
    ap.add_argument("--out", default="paper004-out")
    ap.add_argument("--decode-s-per-use", type=float, default=3e-6,
                    help="fig7: decoding work per channel use (s); 3 us matches the paper's Fig. 7 slope")
    ap.add_argument("--subtask-bytes", type=float, default=1e4, help="fig7: subtask size (B)")
    ap.add_argument("--seeds", type=int, default=5, help="controllers, fig4: seeds (fig4: 900001...)")
    ap.add_argument("--slots", type=int, default=0, help="controllers, fig4: slots (0: the scenario's)")
    ap.add_argument("--controllers", default=None,
                    help="fig5, fig6, constraints: comma-separated controllers (fig5: the learned six, p4-latency, greedy; "
                         "others: " + ",".join(SWEEP) + ")")
    args = ap.parse_args()
    default = LEARNED + FIG4_HEURISTICS if args.what == "fig5" else SWEEP
    args.controllers = (args.controllers or ",".join(default)).split(",")
    if args.seeds < 1 or args.slots < 0 or not (args.decode_s_per_use >= 0) or not (args.subtask_bytes >= 0):
        print("experiment: --seeds must be >= 1, --slots, --decode-s-per-use, --subtask-bytes >= 0",
              file=sys.stderr)
        sys.exit(2)
    os.makedirs(args.out, exist_ok=True)
    {"table3": table3, "fig3": fig3, "fig4": fig4, "fig5": fig5, "fig6": fig6, "fig7": fig7,
     "controllers": controllers, "constraints": constraints}[args.what](args)


if __name__ == "__main__":
    main()
