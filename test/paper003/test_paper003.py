"""End-to-end checks of platforms/paper003 with the four paper-003
controllers: eqs. 8, 11 and 12 recomputed by hand from slots.csv and the
emission series, equal timelines across controllers, byte-identical
reruns, bad input refused with exit 2, and the experiment's Pareto front
(--tiny) non-dominated. Usage: test_paper003.py Q6SIM SOURCE_ROOT"""
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from q6test import Checker, run, expect_bad  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
scenario = os.path.join(root, "platforms", "paper003", "scenario.cfg")
series_path = os.path.join(root, "platforms", "paper003", "emission-factors.csv")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p3-")
CTRL = ["morl-mb", "morl-scalarised", "energy-efficiency", "rer"]
W_U, W_D = 20.0, 0.0  # g/kWh of the scenario's renewable and battery


def kg_per_j(g_per_kwh):
    return g_per_kwh / 1e3 / 3.6e6


series = [tuple(map(float, l.split(","))) for l in open(series_path).read().splitlines()[1:]]


def grid_g_per_kwh(t):
    """Step lookup: the last row at or before t."""
    v = series[0][1]
    for ts, g in series:
        if ts <= t + 1e-12:
            v = g
    return v


def go(ctrl, out, extra=()):
    args = ["run", scenario, "--scheduler", ctrl, "--slots", "30", "--out", out, "--quiet", "--no-progress"]
    args += list(extra)
    return run(q6sim, args)


# Table I (the paper's section IV) in the shipped scenario: eta, mu, U, M, B,
# f^C, f^G, N_f and P as platforms/paper003 states them (docs/paper003.md).
import re  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
cfg = open(scenario).read()
num = lambda key: float(re.search(rf"^\s*{key}\s*=\s*\[?([-0-9.e+]+)", cfg, re.M).group(1))
check(num("battery_keep_per_slot") == 0.9999 and num("battery_charge_efficiency") == 0.9, "Table I: eta, mu")
check(num("count") == 10, "Table I: U = 10 users")
check(num("tx_power_w") * num("count") == 1.0, "Table I: P = 1 W over the users")
check(5e6 <= num("flops_per_byte") * num("input_bytes") <= 15e6, "Table I: N_f in [5, 15] MFLOP per packet")
hosts = [h for h in ET.parse(os.path.join(root, "platforms", "paper003", "platform.xml")).iter("host")
         if any(p.get("id") == "role" and p.get("value") == "bs" for p in h.iter("prop"))]
prop = lambda h, k: float(next(p.get("value") for p in h.iter("prop") if p.get("id") == k))
check(len(hosts) == 4, f"Table I: M = 4 servers, got {len(hosts)}")
check(abs(sum(prop(h, "bandwidth_hz") for h in hosts) - 5e6) < 1, "Table I: B = 5 MHz over the servers")
for h in hosts:
    f_c = float(h.get("speed").rstrip("Gf")) * 1e9 / 16
    f_g = prop(h, "gpu_flops") / 8
    check(2e9 - 1 <= f_c <= 3e9 + 1 and 10e9 - 1 <= f_g <= 12e9 + 1, f"Table I: {h.get('id')} f^C {f_c}, f^G {f_g}")

digests = {}
for c in CTRL:
    out = os.path.join(tmp, c)
    rc, _, se = go(c, out)
    if not check(rc == 0, f"{c}: exit {rc}: {se}"):
        continue
    s = json.load(open(os.path.join(out, "summary.json")))
    digests[c] = s["timeline_digest"]
    check(s["tasks_infeasible"] == 0, f"{c}: {s['tasks_infeasible']} infeasible decisions")
    check(s["tasks_edge"] == s["tasks_generated"], f"{c}: every packet goes to its server")
    rows = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
    grid_charged = 0
    for r in rows:
        k = int(r["slot"])
        f = lambda key: float(r[key])
        energy = sum(f(key) for key in r if key.startswith("energy_") and not key.startswith("energy_ap_")
                     and key != "energy_vehicle_j")
        supply = f("supply_renewable_j") + f("supply_battery_j") + f("supply_grid_j")
        w_g = grid_g_per_kwh(k * 0.01)
        # Eq. 11 by hand: w_u (u - u_b) + w_g g + w_d d, grid charging included in g.
        kg = kg_per_j(W_U) * f("supply_renewable_j") + kg_per_j(w_g) * f("supply_grid_j") + kg_per_j(W_D) * f("supply_battery_j")
        # slots.csv keeps 9 significant digits: tolerances are of that rounding.
        check(abs(kg - f("emissions_kg")) <= 5e-8 * max(kg, 1e-15), f"{c} slot {k}: eq. 11 {kg} vs {r['emissions_kg']}")
        # Eq. 8: the sources cover the demand; more only by what charged the battery from the grid.
        check(supply >= energy * (1 - 1e-8) - 1e-8, f"{c} slot {k}: supply {supply} < demand {energy}")
        grid_charged += supply - energy
        if r["emissions_per_bit_kg"]:
            bits = 0.01 * f("rate_sum_bps")
            cb = f("emissions_kg") / bits
            check(abs(cb - f("emissions_per_bit_kg")) <= 5e-8 * cb, f"{c} slot {k}: C^b {cb} vs {r['emissions_per_bit_kg']}")
            # Eq. 12: S = (1 - C^b / C_psi^b)^2, C_psi^b = w_g E / (T sum R).
            s_hand = (1 - cb / (kg_per_j(w_g) * energy / bits)) ** 2
            check(abs(s_hand - f("sustainability")) <= 1e-6, f"{c} slot {k}: S {s_hand} vs {r['sustainability']}")
        # Per server k (AP cs-k): C_k^b = c_k / (T R_k), S_k = (1 - C_k^b / C_psi,k^b)^2 with
        # C_psi,k^b = w_g E_k / (T R_k); the servers' emissions and rates sum to the system's.
        aps = [key[len("energy_ap_"):-2] for key in r if key.startswith("energy_ap_")]
        check(len(aps) == 4, f"{c}: {len(aps)} servers in slots.csv")
        kg_sum = sum(f(f"emissions_ap_{a}_kg") for a in aps)
        rate_sum = sum(f(f"rate_ap_{a}_bps") for a in aps)
        check(abs(kg_sum - f("emissions_kg")) <= 1e-8 * max(f("emissions_kg"), 1e-15), f"{c} slot {k}: sum c_k {kg_sum}")
        check(abs(rate_sum - f("rate_sum_bps")) <= 1e-8 * f("rate_sum_bps"), f"{c} slot {k}: sum R_k {rate_sum}")
        for a in aps:
            if not r[f"rate_ap_{a}_bps"] or f(f"rate_ap_{a}_bps") == 0:
                check(r[f"emissions_per_bit_ap_{a}_kg"] == "", f"{c} slot {k} {a}: C_k^b without a rate")
                continue
            bits_k = 0.01 * f(f"rate_ap_{a}_bps")
            cb_k = f(f"emissions_ap_{a}_kg") / bits_k
            check(abs(cb_k - f(f"emissions_per_bit_ap_{a}_kg")) <= 5e-8 * cb_k, f"{c} slot {k} {a}: C_k^b {cb_k}")
            s_k = (1 - cb_k / (kg_per_j(w_g) * f(f"energy_ap_{a}_j") / bits_k)) ** 2
            check(abs(s_k - f(f"sustainability_ap_{a}")) <= 1e-6, f"{c} slot {k} {a}: S_k {s_k} vs {r[f'sustainability_ap_{a}']}")
    for a in s["emissions_per_bit_ap_kg"]:
        kg_a = sum(float(r[f"emissions_ap_{a}_kg"]) for r in rows)
        bits_a = 0.01 * sum(float(r[f"rate_ap_{a}_bps"]) for r in rows)
        cb_a = s["emissions_per_bit_ap_kg"][a]
        check(abs(kg_a / bits_a - cb_a) <= 1e-7 * cb_a, f"{c}: summary C_k^b of {a} {cb_a} vs {kg_a / bits_a}")
    if c in ("energy-efficiency", "rer"):
        # The engine's dispatch never charges from the grid: eq. 8 holds with equality.
        check(abs(grid_charged) <= 1e-6, f"{c}: supply exceeds demand by {grid_charged} J without grid charging")
check(len(set(digests.values())) == 1, f"controllers saw different timelines: {digests}")

# Byte-identical rerun.
for c in ("morl-mb", "morl-scalarised"):
    again = os.path.join(tmp, c + "-again")
    rc, _, se = go(c, again)
    for name in ("summary.json", "slots.csv"):
        a = open(os.path.join(tmp, c, name), "rb").read()
        b = open(os.path.join(again, name), "rb").read() if rc == 0 else b""
        check(a == b, f"{c}: {name} differs on a rerun")

# Bad input: exit 2, one message, no output.
for params, needle in (("zeta_s=-1", "zeta_s=-1"), ("rho=0", "rho > 0"), ("zeta_s=0,zeta_e=0,zeta_d=0", "zeta_s + zeta_e"),
                       ("alpha=2", "alpha in (0, 1]"), ("speed=3", "speed=3"), ("zeta_s=nan", "zeta_s=nan")):
    out = os.path.join(tmp, "bad", "o")
    expect_bad(check, q6sim, ["run", scenario, "--scheduler", "morl-mb", "--set", f"plugin_params={params}",
                              "--out", out, "--quiet"], ["morl-mb", needle], f"plugin_params {params}", out)
bad_csv = os.path.join(tmp, "bad.csv")
open(bad_csv, "w").write("time_s,g_co2_per_kwh\n0,100\n0.5,oops\n")
out = os.path.join(tmp, "bad", "o2")
expect_bad(check, q6sim, ["run", scenario, "--set", f"energy.emission_factors_csv={bad_csv}", "--out", out, "--quiet"],
           ["bad.csv"], "bad emission series", out)

# The experiment's tiny version: the front it flags is non-dominated, every
# point off it is dominated by one on it, and the controllers ran on equal
# timelines (the script stops otherwise).
exp = os.path.join(tmp, "exp")
p = subprocess.run([sys.executable, os.path.join(root, "tools", "paper003", "experiment.py"), "all", exp, "--tiny",
                    "--q6sim", q6sim], capture_output=True, text=True)
check(p.returncode == 0, f"experiment --tiny: exit {p.returncode}: {p.stderr[-2000:]}")
if p.returncode == 0:
    rows = list(csv.DictReader(open(os.path.join(exp, "fig4.csv"))))
    check(len(rows) == 12, f"fig4: {len(rows)} points, expected 3 zetas x 4 controllers")
    for c in ("morl", "morl-mb", "morl-scalarised", "energy-efficiency"):
        pts = [(float(r["delay_s"]), float(r["kg_per_bit"]), r["pareto"] == "1") for r in rows if r["controller"] == c]
        dom = lambda a, b: a[0] <= b[0] and a[1] <= b[1] and (a[0] < b[0] or a[1] < b[1])
        for i, a in enumerate(pts):
            dominated = any(dom(b, a) for j, b in enumerate(pts) if j != i)
            check(a[2] == (not dominated), f"fig4 {c}: point {a} flagged {a[2]} but dominated={dominated}")
    for name in ("fig2.csv", "fig3.csv", "table.csv", "table.md", "claims.md"):
        check(os.path.getsize(os.path.join(exp, name)) > 0, f"experiment wrote {name}")
    t = list(csv.DictReader(open(os.path.join(exp, "table.csv"))))
    check([r["controller"] for r in t] == ["morl"] + CTRL, "table lists the five controllers")
check.finish()
