"""Paper 004 experiment: Fig. 3's normalised curves and Fig. 4's runs
(learned controllers on the shipped weights); Table III's orderings (Okumura-Hata below 3GPP
UMa for vehicle-to-BS at every size; free space within 2 % of 3GPP UAV for
vehicle-to-UAV), latency proportional to the size up to the fixed coding
delay, every value equal to `q6sim model p4_uplink` run directly; Fig. 7's
latency strictly growing with the blocklength, by the coding-delay slope
(1/B + decode) per channel use plus the rate's small gain, and higher at
high density; Okumura-Hata outside its validity without the override is
refused by the model (exit 2)."""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
exp = os.path.join(root, "tools", "paper004", "experiment.py")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p004x-")


def experiment(what, *extra):
    p = subprocess.run([sys.executable, exp, what, "--q6sim", q6sim, "--out", tmp, *extra],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{what}: exit {p.returncode}: {p.stderr}")
    return list(csv.DictReader(open(os.path.join(tmp, what + ".csv"))))


t3 = experiment("table3")
check(len(t3) == 3, f"three sizes: {len(t3)}")
for r in t3:
    ok, uma, fs, uav = (float(r[k]) for k in ("okumura_s", "uma_s", "free_space_s", "uav_uma_s"))
    check(ok < uma, f"{r['task']}: Okumura {ok} below UMa {uma}")
    check(abs(fs - uav) / fs < 0.02, f"{r['task']}: free space {fs} near UAV UMa {uav}")
# Size x 10 -> transfer time x 10; the 100 us coding delay (n / B) stays.
for col in ("okumura_s", "uma_s", "free_space_s", "uav_uma_s"):
    a, b = float(t3[0][col]) - 1e-4, float(t3[1][col]) - 1e-4
    check(abs(b / a - 10) < 1e-6, f"{col}: transfer time scales with the size ({a}, {b})")
# Direct evaluation of one cell.
rc, so, se = run(q6sim, ["model", "p4_uplink", "data_bytes=1e6", "pathloss_model=2", "los_state=0",
                         "breakpoint_m=100", "distance_2d_m=1000", "rx_height_m=25", "carrier_hz=9e8",
                         "antennas=4", "blocklength=1000", "error_probability=1e-6", "bandwidth_hz=1e7"])
check(rc == 0, f"model: {se}")
if rc == 0:
    direct = json.loads(so)["outputs"]["latency_s"]["value"]
    check(float(t3[1]["uma_s"]) == direct, f"table3 UMa 1 MB {t3[1]['uma_s']} = model {direct}")
# Hata at 25 m without the override: refused, naming the parameter.
rc, _, se = run(q6sim, ["model", "p4_uplink", "pathloss_model=1", "distance_2d_m=1000", "rx_height_m=25"])
check(rc == 2 and "rx_height_m" in se and "hata_override" in se, f"Hata without override: {rc} {se!r}")

f7 = experiment("fig7")
for dens, share in (("low", 2), ("high", 8)):
    rows = [r for r in f7 if r["density"] == dens]
    lat = [float(r["latency_s"]) for r in rows]
    check(all(b > a for a, b in zip(lat, lat[1:])), f"{dens}: latency grows with n: {lat}")
    # Coding delay n (1/B' + 3 us), B' = 10 MHz / share.
    for r in rows:
        n = float(r["blocklength"])
        check(abs(float(r["coding_delay_s"]) - n * (share / 10e6 + 3e-6)) < 1e-15,
              f"{dens} n={n}: coding delay {r['coding_delay_s']}")
low = [float(r["latency_s"]) for r in f7 if r["density"] == "low"]
high = [float(r["latency_s"]) for r in f7 if r["density"] == "high"]
check(all(h > l for l, h in zip(low, high)), "high density above low density")

# Fig. 3: the shipped curves normalised together into [0, 1], both ends
# reached, every episode of each controller present once.
f3 = experiment("fig3")
norm = [float(r["normalised"]) for r in f3]
check(min(norm) == 0.0 and max(norm) == 1.0, f"normalised range [{min(norm)}, {max(norm)}]")
for name in ("qdrl", "mappo", "maddpg"):
    eps = [int(r["episode"]) for r in f3 if r["controller"] == name]
    check(eps and eps == list(range(1, len(eps) + 1)), f"{name}: episodes 1..n once each")
# Fig. 4 (one seed, 12 slots): the learned controllers on their weights and
# the heuristics run strictly (no violation), a latency per slot each.
f4 = experiment("fig4", "--seeds", "1", "--slots", "12")
for name in ("qdrl", "sa-qdrl", "qdrl-no-lstm", "qdrl-no-dt", "mappo", "maddpg", "p4-latency", "greedy"):
    rows = [r for r in f4 if r["controller"] == name]
    check(rows and all(0 <= int(r["slot"]) < 12 and float(r["latency_mean_s"]) > 0 for r in rows),
          f"fig4 {name}: per-slot latencies")

# Fig. 5 and 6 variants: the subtask split, the CPU speed and the UAV and
# BS counts reach the simulated platform and timeline.
experiment("fig5", "--seeds", "1", "--slots", "6", "--controllers", "p4-latency")
# Regression: a relative --out made the variants name their platform as
# OUT/variants/OUT/variants/X.xml ("cannot open platform file").
p = subprocess.run([sys.executable, exp, "fig5", "--q6sim", q6sim, "--out", "rel-out", "--seeds", "1", "--slots", "2",
                    "--controllers", "p4-latency"], capture_output=True, text=True, cwd=tmp)
check(p.returncode == 0, f"fig5 with a relative --out: exit {p.returncode}: {p.stderr}")
runs = os.path.join(tmp, "runs")
for parts in (10, 1):
    s = json.load(open(os.path.join(runs, f"fig5-{parts}-p4-latency-1", "summary.json")))
    arrivals = s["tasks_generated"]
    check(arrivals % parts == 0 and arrivals > 0, f"fig5 {parts} parts: {arrivals} subtasks, a multiple of {parts}")
f6 = experiment("fig6", "--seeds", "1", "--slots", "3", "--controllers", "p4-latency")
check(len(f6) == 3 * 8, f"fig6: 3 speeds x 8 configurations = {len(f6)} rows")
for tag, uavs, bss, speed in (("fig6-5-uavs4", 4, 4, 5e9), ("fig6-7.5-bss7", 10, 7, 7.5e9),
                              ("fig6-10-bss10", 10, 10, 1e10), ("fig6-10-vehicles20", 10, 4, 1e10)):
    gen = open(os.path.join(runs, f"{tag}-p4-latency-1", "platform.xml")).read()
    check(gen.count('<host id="uav-') == uavs and gen.count('<link id="air-uav-') == uavs, f"{tag}: {uavs} UAVs")
    check(gen.count('<host id="bs-') == bss and gen.count('<link id="air-bs-') == bss, f"{tag}: {bss} BSs")
    # f_max: the first pstate (the others are the slots' jittered speeds, eq. 4).
    speeds = re.findall(r'<host id="(?:bs|uav)-\d+" speed="([^",]*)f[",]', gen)
    check(speeds and all(float(v) == speed for v in speeds), f"{tag}: MEC speeds {set(speeds)} = {speed}")
# Constraints, as the engine counts them (the scenario's limits): the CSV
# holds summary.json's rows; over 10 slots with 4 BSs and 10 UAVs the
# per-(slot, AP) limits are checked 40 and 100 times; no subtask exceeds
# D_max = 1 MB (C20, once per subtask). Every subtask of the 1 MB tasks
# (2-4 parts) is at least 250 KB = 8.25e7 cycles (330 per byte), 82.5 J at
# xi = 1e-6 J/cycle, above E_max = 33.2 J, and no 2 Mbit subtask crosses
# 10 MHz in 10 ms: so a (slot, AP) breaks C18/C19 exactly when a subtask
# was decided there, and C14/C15 (the slot's latencies there, counted
# when the run ends) exactly then too; C3/C4 (2.7e8 cycles) break less.
con = experiment("constraints", "--seeds", "1", "--slots", "10", "--controllers", "p4-latency")
c = {r["constraint"]: (int(r["checked"]), int(r["violated"])) for r in con}
s = json.load(open(os.path.join(runs, "constraints-p4-latency-1", "summary.json")))
check(c == {r["label"]: (r["checked"], r["violated"]) for r in s["limits"]}, f"CSV = the engine's counts: {c}")
check(c["C20"] == (s["tasks_generated"], 0), f"C20 {c['C20']} over {s['tasks_generated']} subtasks")
for bs, uav in (("C3", "C4"), ("C14", "C15"), ("C16", "C17"), ("C18", "C19")):
    check(c[bs][0] == 40 and c[uav][0] == 100, f"{bs}/{uav} per (slot, BS / UAV): {c[bs]} {c[uav]}")
check(c["C14"][1] == c["C18"][1] > 0 and c["C15"][1] == c["C19"][1] > 0,
      f"C14/C15 break where C18/C19 do: {c['C14']} {c['C18']} {c['C15']} {c['C19']}")
check(c["C3"][1] <= c["C18"][1] and c["C4"][1] <= c["C19"][1], "C3/C4 break at most where C18/C19 do")
check(c["C5"][0] + c["C6"][0] == s["tasks_edge"], f"C5/C6 once per subtask at an edge server: {c['C5']} {c['C6']}")
s = json.load(open(os.path.join(runs, "fig6-10-vehicles20-p4-latency-1", "summary.json")))
check(s["vehicles"] == 20, f"fig6 vehicles=20 run: {s['vehicles']}")

# Fig. 6's 10-BS platform: the checked-in file is what the generator
# writes; its first 4 BS sites are the shipped platform's (so B = 4 runs
# the shipped placement); every site lies in the paper's [-1000, 1000] m
# box (shifted by +1250 m) at 40-60 m, and no two share a position.
gen = subprocess.run([sys.executable, os.path.join(root, "tools", "paper004", "make_platform.py"), "--bs", "10"],
                     capture_output=True, text=True)
ten = open(os.path.join(root, "platforms", "paper004", "platform-10bs.xml")).read()
check(gen.returncode == 0 and gen.stdout == ten, "platform-10bs.xml = make_platform.py --bs 10")
site = re.compile(r'<host id="bs-(\d+)".*?x_m" value="([^"]*)".*?y_m" value="([^"]*)".*?z_m" value="([^"]*)"', re.S)
shipped = {k: (x, y, z) for k, x, y, z in site.findall(open(os.path.join(root, "platforms", "paper004",
                                                                          "platform.xml")).read())}
ten_sites = {k: (x, y, z) for k, x, y, z in site.findall(ten)}
check(len(ten_sites) == 10 and all(ten_sites[k] == v for k, v in shipped.items()), "first 4 sites = shipped ones")
check(all(250 <= float(x) <= 2250 and 250 <= float(y) <= 2250 and 40 <= float(z) <= 60
          for x, y, z in ten_sites.values()), f"sites in the box at 40-60 m: {ten_sites}")
check(len({(x, y) for x, y, _ in ten_sites.values()}) == 10, "distinct sites")
check.finish()
