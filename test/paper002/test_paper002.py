"""End-to-end checks of paper 002 on platforms/paper002: the Bernoulli
connectivity (its frequency against the binomial bound, p = 0 reaching no
AP, record and replay, a replay refused by a scenario without it), one
task per user per slot, the plugins' per-slot record against their own
iteration log and the queue recursion, bad input refused with exit 2, and
tools/paper002/experiment.py on its tiny grid (statistics recomputed from
the runs, byte-identical reruns). Usage: test_paper002.py Q6SIM SOURCE_ROOT"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from q6test import Checker, run, expect_bad  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "tools", "common"))
import q6exp  # noqa: E402

scenario = os.path.join(root, "platforms", "paper002", "scenario.cfg")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p2-")
COMMON = "cloud_hz=2e9,backhaul_bs_bps=1e8,backhaul_hap_bps=2e8,backhaul_leo_bps=5e7,f_max_frac=0.5"
N_APS = 7


def q6run(name, args, sched="satin-heuristic", users=10, slots=5, params=COMMON):
    out = os.path.join(tmp, name)
    rc, _, se = run(q6sim, ["run", scenario, "--scheduler", sched, "--slots", str(slots), "--quiet", "--no-progress",
                            "--set", f"vehicles.count={users}", "--set", f"plugin_params={params}", "--out", out]
                    + args)
    check(rc == 0, f"{name}: exit {rc}: {se.strip()}")
    return out


def slots_csv(out):
    return list(csv.DictReader(open(os.path.join(out, "slots.csv"))))


def dump(tl):
    p = subprocess.run([q6sim, "timeline", "dump", tl, "--format", "jsonl"], capture_output=True, text=True)
    check(p.returncode == 0, f"timeline dump {tl}: {p.stderr.strip()}")
    lines = [json.loads(l) for l in p.stdout.splitlines()]
    return lines[0]["header"], lines[1:]


def digest(out):
    return json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]


# ---- Bernoulli connectivity -------------------------------------------------
USERS, SLOTS, P = 10, 40, 0.8
tl = os.path.join(tmp, "links.tl")
rec = q6run("links", ["--record-timeline", tl], users=USERS, slots=SLOTS)
header, slots = dump(tl)
check(header.get("random_links") is True, "the header says the slots carry link_up")
up = [b for s in slots for row in s["link_up"] for b in row]
n = USERS * N_APS * SLOTS
check(len(up) == n, f"one link_up per (user, AP, slot): {len(up)} of {n}")
freq = sum(up) / n
# 5 standard deviations of a binomial proportion: fails by chance with p < 1e-6
bound = 5 * math.sqrt(P * (1 - P) / n)
check(abs(freq - P) <= bound, f"link frequency {freq:.4f} within {bound:.4f} of {P}")
# independent across APs: the pairwise frequency of two APs both up is p^2
both = sum(row[0] and row[1] for s in slots for row in s["link_up"]) / (USERS * SLOTS)
b2 = 5 * math.sqrt(P * P * (1 - P * P) / (USERS * SLOTS))
check(abs(both - P * P) <= b2, f"both of two APs up: {both:.4f} within {b2:.4f} of {P * P}")
# a link that is down is never used: with p = 0 nothing is reachable, every task stays local
none = q6run("nolinks", ["--set", "channel.connectivity_probability=0.0"], users=USERS, slots=3)
rows = slots_csv(none)
check(all(int(r["tasks_edge"]) == 0 and int(r["tasks_cloud"]) == 0 for r in rows), "p = 0: no task offloaded")
check(sum(int(r["tasks_local"]) for r in rows) == USERS * 3, "p = 0: every task local")
# replay: the same digest and the same outputs
rep = q6run("links-replay", ["--replay-timeline", tl], users=USERS, slots=SLOTS)
check(digest(rep) == digest(rec), "a replayed timeline has the recorded digest")
check(open(os.path.join(rep, "slots.csv")).read() == open(os.path.join(rec, "slots.csv")).read(),
      "a replayed timeline gives the same slots.csv")
# the links are part of the digest, and change with the probability
other = q6run("links-other", ["--set", "channel.connectivity_probability=0.5"], users=USERS, slots=SLOTS)
check(digest(other) != digest(rec), "another probability is another timeline")
# a scenario without random links refuses the timeline (it would lose them)
expect_bad(check, q6sim, ["run", scenario, "--slots", str(SLOTS), "--set", f"vehicles.count={USERS}",
                          "--scheduler", "satin-heuristic", "--set", f"plugin_params={COMMON}",
                          "--set", "channel.connectivity_probability=1.0", "--replay-timeline", tl,
                          "--replay-any-timeline", "--out", os.path.join(tmp, "bad-replay"), "--quiet"],
           ["links.tl", "random_links"], "replay into a scenario without random links",
           os.path.join(tmp, "bad-replay"))
# p = 1 draws nothing: the timeline is the one without the key (no link_up, no header flag)
tl1 = os.path.join(tmp, "p1.tl")
q6run("p1", ["--set", "channel.connectivity_probability=1.0", "--record-timeline", tl1], users=USERS, slots=3)
h1, s1 = dump(tl1)
check("random_links" not in h1 and all("link_up" not in s for s in s1), "p = 1: no link_up recorded")

# another scenario (the default one, Poisson arrivals, no connectivity key): p = 1 leaves
# its timeline byte for byte and its digest as without the key
default = os.path.join(root, "platforms", "default", "scenario.cfg")
tls = []
for k, sets in enumerate([[], ["--set", "channel.connectivity_probability=1.0"]]):
    t_ = os.path.join(tmp, f"default{k}.tl")
    o_ = os.path.join(tmp, f"default{k}")
    rc, _, se = run(q6sim, ["run", default, "--slots", "3", "--quiet", "--no-progress", "--out", o_,
                            "--record-timeline", t_] + sets)
    check(rc == 0, f"default scenario {sets}: exit {rc}: {se.strip()}")
    h_, s_ = dump(t_)
    h_.pop("scenario_identity")  # the --set override is part of the scenario's identity
    tls.append((h_, s_, digest(o_)))
check(tls[0][2] == tls[1][2], "default scenario: p = 1 keeps the digest")
check(tls[0][:2] == tls[1][:2], "default scenario: p = 1 keeps the timeline (header and every slot)")

# ---- one task per user per slot ---------------------------------------------------
for s in slots:
    t0 = s["slot"] * 1.0
    nodes = sorted(t["node"] for t in s["tasks"])
    check(nodes == list(range(USERS)), f"slot {s['slot']}: one task per user ({nodes})")
    check(all(t["arrival_s"] == t0 for t in s["tasks"]), f"slot {s['slot']}: tasks arrive at the slot's start")
check(all(int(r["tasks_generated"]) == USERS for r in slots_csv(rec)), "slots.csv: users tasks per slot")

# ---- the plugins' per-slot record ----------------------------------------------------
V, B = 100.0, 1.0
logs = os.path.join(tmp, "logs")
os.makedirs(logs)
g = q6run("gbd", [], sched="gbd", users=5, slots=4,
          params=f"{COMMON},v={V},model_budget_j={B},slot_log={logs}/slots.csv,log={logs}/iter.csv")
sl = list(csv.DictReader(open(os.path.join(logs, "slots.csv"))))
it = list(csv.DictReader(open(os.path.join(logs, "iter.csv"))))
check(len(sl) == 4, f"one slot_log row per slot ({len(sl)})")
# slot 0: every queue is empty, so the best upper bound is V x the delay sum
ub0 = min(float(r["upper_bound"]) for r in it if r["slot"] == "0")
check(abs(ub0 - V * float(sl[0]["delay_sum_s"])) <= 1e-9 * ub0, f"slot 0: UB {ub0} = V x delay {sl[0]['delay_sum_s']}")
check(int(sl[0]["iterations"]) == sum(1 for r in it if r["slot"] == "0"), "slot_log iterations = iteration rows")
# eq. (25) per AP, summed: Q(t) - Q(t-1) - E(t) lies in [-7 b, 0]
prev = 0.0
for r in sl:
    q, e = float(r["queue_sum_j"]), float(r["ap_energy_j"])
    check(prev + e - N_APS * B - 1e-9 <= q <= prev + e + 1e-9, f"slot {r['slot']}: queue sum {q} after {prev} + {e}")
    prev = q
# the proposed method's decisions: within the queues' budget more slack, more delay than myopic (which ignores them)
m = q6run("myopic", [], sched="myopic", users=5, slots=4,
          params=f"{COMMON},v={V},model_budget_j={B},slot_log={logs}/myopic.csv")
ml = list(csv.DictReader(open(os.path.join(logs, "myopic.csv"))))
check(digest(m) == digest(g), "gbd and myopic saw the same timeline")
check(abs(float(ml[0]["delay_sum_s"]) - float(sl[0]["delay_sum_s"])) <= 1e-6 * float(ml[0]["delay_sum_s"]),
      "slot 0 (empty queues): gbd and myopic reach the same minimum delay")
check(all(float(a["delay_sum_s"]) <= float(b["delay_sum_s"]) * (1 + 1e-6) for a, b in zip(ml, sl)),
      "myopic's delay is never above gbd's (it ignores the energy queues)")

# ---- bad input: exit 2, one message, nothing written --------------------------------
def bad(sets, needles, what, sched="satin-heuristic"):
    out = os.path.join(tmp, "bad")
    args = ["run", scenario, "--slots", "2", "--scheduler", sched, "--out", out, "--quiet"]
    for s in sets:
        args += ["--set", s]
    expect_bad(check, q6sim, args, needles, what, out)


bad(["channel.connectivity_probability=1.5"], ["channel.connectivity_probability", "scenario.cfg"],
    "connectivity probability above 1")
bad(["channel.connectivity_probability=-0.1"], ["channel.connectivity_probability"], "negative probability")
bad(["task.arrival=burst"], ["task.arrival", "burst"], "unknown arrival mode")
bad(["task.arrival_rate_hz=3"], ["task.arrival_rate_hz", "per-slot"], "arrival rate with per-slot arrivals")
bad([f"plugin_params={COMMON},model_budget_j=-1"], ["model_budget_j"], "negative budget", "gbd")
bad([f"plugin_params={COMMON},v=nan"], ["v=nan"], "V not a number", "hqcgbd")
exists = os.path.join(tmp, "exists.csv")
open(exists, "w").write("mine\n")
bad([f"plugin_params={COMMON},slot_log={exists}"], ["slot_log", "exists"], "slot_log over an existing file", "gbd")
check(open(exists).read() == "mine\n", "an existing file is never overwritten")

# ---- the experiment on its tiny grid ---------------------------------------------
exp = os.path.join(root, "tools", "paper002", "experiment.py")
outs = [os.path.join(tmp, f"exp{k}") for k in (1, 2)]
for o in outs:
    p = subprocess.run([sys.executable, exp, "all", o, "--tiny", "--q6sim", q6sim], capture_output=True, text=True)
    check(p.returncode == 0, f"experiment.py all --tiny: exit {p.returncode}: {p.stderr[-2000:]}")
    check("timeline digests agree" in p.stdout, "the experiment checked the digests")
names = ["fig4.csv", "fig5.csv", "table2.csv", "fig6.csv", "fig7.csv", "fig8.csv", "claims.txt"]
for n_ in names:
    a, b = (os.path.join(o, n_) for o in outs)
    check(os.path.exists(a) and open(a, "rb").read() == open(b, "rb").read(), f"{n_}: byte-identical rerun")
o = outs[0]
f6 = list(csv.DictReader(open(os.path.join(o, "fig6.csv"))))
check([float(r["budget"]) for r in f6] == [0.5, 4.0], "fig6: the tiny grid's budgets")
# recompute one point from the run folders: time average per seed, then the mean and the t interval
r0 = f6[0]
per_seed = []
for seed in (1, 2):
    d = os.path.join(o, "runs", "sweep-v100.0-b0.5", "proposed", f"seed{seed}.logs", "slots.csv")
    rows = list(csv.DictReader(open(d)))
    check(len(rows) == 3, f"{d}: 3 slots")
    per_seed.append(sum(float(r["delay_sum_s"]) for r in rows) / len(rows))
mean = sum(per_seed) / 2
half = 12.706204736 * abs(per_seed[0] - per_seed[1]) / math.sqrt(2) / math.sqrt(2)
check(abs(float(r0["delay_s"]) - mean) <= 1e-5 * mean, f"fig6 delay {r0['delay_s']} = mean {mean}")
check(abs(float(r0["delay_ci95_s"]) - half) <= 1e-4 * max(half, 1e-12), f"fig6 interval {r0['delay_ci95_s']} = {half}")
check(abs(q6exp.t_quantile(0.975, 1) - 12.706204736) < 1e-6 and abs(q6exp.t_quantile(0.975, 10) - 2.228138852) < 1e-6,
      "Student t quantiles (tables: 12.7062, 2.2281)")
# fig4: gbd's upper bound never rises and stays above its lower bound
f4 = [r for r in csv.DictReader(open(os.path.join(o, "fig4.csv"))) if r["solver"] == "gbd"]
ubs = [float(r["upper_bound"]) for r in f4]
check(all(b <= a + 1e-9 * abs(a) for a, b in zip(ubs, ubs[1:])), f"fig4: gbd UB non-increasing {ubs}")
check(all(float(r["lower_bound"]) <= float(r["upper_bound"]) * (1 + 1e-9) for r in f4), "fig4: gbd LB <= UB")
t2 = {r["solver"]: r for r in csv.DictReader(open(os.path.join(o, "table2.csv")))}
check(set(t2) == {"gbd", "hqcgbd-1cut", "hqcgbd-5cut"}, f"table2 rows {sorted(t2)}")
for lab, r in t2.items():
    check(float(r["min_ms"]) <= float(r["mean_ms"]) <= float(r["max_ms"]), f"table2 {lab}: min <= mean <= max")
# a digest mismatch stops the experiment
runs = {("a", "x"): [(1, "", {"timeline_digest": "00"})], ("a", "y"): [(1, "", {"timeline_digest": "01"})]}
try:
    q6exp.check_digests(runs)
    check(False, "check_digests accepted different timelines")
except RuntimeError as e:
    check("digests differ" in str(e), f"check_digests message: {e}")
p = subprocess.run([sys.executable, exp, "fig6", os.path.join(tmp, "expbad"), "--seeds", "0"], capture_output=True,
                   text=True)
check(p.returncode == 2 and "--seeds" in p.stderr, f"experiment.py --seeds 0: exit {p.returncode}")

shutil.rmtree(tmp)
check.finish()
