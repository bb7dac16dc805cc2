#!/usr/bin/env python3
"""End-to-end tests of q6sim compare, run --record/--replay-timeline, sweep
and collect.

Checks: compare runs every scheduler on identical timelines (digests equal
across schedulers within each replication, different across replications)
and its 95% intervals are the Student-t intervals of the per-run values
(t_{0.975,4} = 2.7764451 from tables, 5 replications); a metric that all
schedulers share (tasks generated) has a paired difference of exactly 0;
bad input is rejected with exit code 2 and nothing written; a recorded
timeline replayed gives byte-identical outputs; a sweep killed mid-way
(SIGTERM, then SIGKILL) and resumed gives the same collected table as an
uninterrupted one, without redoing finished jobs; an incompatible SPEC is
refused; failed jobs are only rerun with --resubmit-failed.
Usage: test_workflow.py Q6SIM SOURCE_ROOT
"""
import csv
import glob
import io
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checker, clean, run, write_spec  # noqa: E402

Q6SIM, ROOT = sys.argv[1:3]
SCENARIO = os.path.join(ROOT, "platforms", "default", "scenario.cfg")
T_0975_4 = 2.7764451
check = Checker()
# 10 vehicles, 6 slots; 2 tasks/s per vehicle keeps the runs small but busy.
SMALL = ["--slots", "6", "--set", "vehicles.count=10", "--set", "task.arrival_rate_hz=2"]


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_compare(tmp):
    out = os.path.join(tmp, "cmp")
    scheds = ["greedy", "random", "qubo-offload"]
    rc, so, err = run(Q6SIM, ["compare", SCENARIO, "--schedulers", ",".join(scheds), "--replications", "5",
                              "--seed", "3", "--out", out, "--jobs", "2"] + SMALL)
    if not check(rc == 0, f"compare exit code {rc}: {err}"):
        return
    reps = rows(os.path.join(out, "replications.csv"))
    check(len(reps) == 15, f"15 runs in replications.csv, got {len(reps)}")
    by_rep = {}
    for r in reps:
        by_rep.setdefault(r["replication"], {})[r["scheduler"]] = r
        summ = json.load(open(os.path.join(out, "runs", r["scheduler"], "rep" + r["replication"], "summary.json")))
        check(summ["timeline_digest"] == r["timeline_digest"], "replications.csv digest is the run's")
        check(summ["seed"] == int(r["seed"]) == 3 + int(r["replication"]), "replication r has seed S + r")
    for rep, d in by_rep.items():
        digests = {s: d[s]["timeline_digest"] for s in scheds}
        check(len(set(digests.values())) == 1, f"replication {rep}: digests differ across schedulers {digests}")
        check(digests["greedy"] in so, f"replication {rep}: digest printed")
    check(len({d["greedy"]["timeline_digest"] for d in by_rep.values()}) == 5, "each replication its own timeline")
    # Intervals recomputed by hand from the per-run values.
    table = rows(os.path.join(out, "compare.csv"))
    check(list(table[0].keys())[:7] == ["metric", "scheduler", "n", "mean", "sd", "ci95_low", "ci95_high"],
          "compare.csv columns")
    checked = 0
    for t in table:
        vals = [float(r[t["metric"]]) for r in reps if r["scheduler"] == t["scheduler"] and r[t["metric"]] != ""]
        if len(vals) != 5:
            continue
        mean = sum(vals) / 5
        sd = math.sqrt(sum((v - mean) ** 2 for v in vals) / 4)
        half = T_0975_4 * sd / math.sqrt(5)
        tol = 1e-7 * max(1.0, abs(mean), abs(half))
        # Clipped to the physical range (docs/workflow.md): [0, 1] for the
        # completion ratio, >= 0 for durations, energies, masses and counts.
        lo, hi = physical_range(t["metric"])
        want_lo, want_hi = max(mean - half, lo), min(mean + half, hi)
        ok = (abs(float(t["mean"]) - mean) <= tol and abs(float(t["ci95_low"]) - want_lo) <= tol
              and abs(float(t["ci95_high"]) - want_hi) <= tol)
        check(ok, f"{t['metric']} {t['scheduler']}: CI {t['ci95_low']}..{t['ci95_high']} != {want_lo}..{want_hi}")
        if t["scheduler"] != "greedy":
            # Pairs where both runs define the metric (a per-AP value is null
            # where greedy never used that AP): compare's diff_n of them.
            pairs = [(by_rep[r][t["scheduler"]][t["metric"]], by_rep[r]["greedy"][t["metric"]]) for r in sorted(by_rep)]
            d = [float(a) - float(b) for a, b in pairs if a != "" and b != ""]
            check(int(t["diff_n"]) == len(d), f"{t['metric']} {t['scheduler']}: diff_n {t['diff_n']} != {len(d)}")
            if len(d) != 5:
                continue
            dm = sum(d) / 5
            dh = T_0975_4 * math.sqrt(sum((x - dm) ** 2 for x in d) / 4) / math.sqrt(5)
            tol = 1e-7 * max(1.0, abs(dm), dh)
            check(abs(float(t["diff_mean"]) - dm) <= tol and abs(float(t["diff_ci95_high"]) - (dm + dh)) <= tol,
                  f"{t['metric']} {t['scheduler']}: paired difference {t['diff_mean']} != {dm}")
        checked += 1
    check(checked >= 30, f"at least 30 intervals checked, got {checked}")
    gen = [t for t in table if t["metric"] == "tasks_generated" and t["scheduler"] != "greedy"]
    check(gen and all(float(t["diff_mean"]) == 0 and float(t["diff_ci95_low"]) == 0 ==
                      float(t["diff_ci95_high"]) for t in gen), "tasks generated: paired difference exactly 0")
    slots = rows(os.path.join(out, "slots_ci.csv"))
    check(len(slots) > 0 and {s["scheduler"] for s in slots} == set(scheds), "slots_ci.csv has every scheduler")
    check(all(int(s["n"]) <= 5 for s in slots), "slots_ci.csv n <= replications")
    check("completion_ratio" in so and "diff vs greedy" in so and "95% CI" in so, "table printed")
    if "plots skipped" in so:
        print("note: gnuplot not installed; plots skipped", file=sys.stderr)
    else:
        for png in ("timeseries.png", "summary.png"):
            p = os.path.join(out, png)
            check(os.path.exists(p) and open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n", f"{png} is a PNG")
    check(not glob.glob(out + ".tmp.*"), "no temporary folder left")
    # Bad input: exit 2, one message, nothing written.
    for args, needle in [
        (["--schedulers", "greedy,nosuch"], "nosuch"),
        (["--schedulers", "greedy", "--set", "task.deadline_s=-1"], "task.deadline_s"),
        (["--schedulers", "greedy,greedy"], "twice"),
        (["--replications", "5"], "--schedulers"),
    ]:
        bad = os.path.join(tmp, "bad", "cmp")
        rc, _, err = run(Q6SIM, ["compare", SCENARIO, "--out", bad, "--replications", "2"] + SMALL + args)
        check(rc == 2, f"compare {args}: exit code {rc}, expected 2 ({err.strip()})")
        check(needle in err, f"compare {args}: message names {needle!r}: {err.strip()}")
        check(not os.path.exists(os.path.join(tmp, "bad")), f"compare {args}: nothing left behind")
    rc, so, _ = run(Q6SIM, ["compare", "--help"])
    check(rc == 0 and "95%" in so and "exit codes" in so, "compare --help")


def physical_range(metric):
    """The documented rule (docs/workflow.md), for the metrics of summary.json."""
    last = metric.split(".")[-1]
    if last == "completion_ratio":
        return 0.0, 1.0
    counts = {"vehicles", "access_points", "events", "slots", "slot", "vehicles_connected", "mean_hops", "buyers",
              "sellers", "matched", "rejected", "chunks", "chunks_done", "theorem1_violations"}
    if (last.endswith(("_s", "_j", "_kg")) or last.startswith("tasks_") or metric.startswith(("energy_", "supply_"))
            or last in counts):
        return 0.0, math.inf
    return -math.inf, math.inf


def test_record_replay(tmp):
    """Record, then replay from another folder: every output byte-identical
    (manifest.json records the command line, which differs by the option
    name, and the replayed timeline's provenance, so it is compared without
    its 'command' and 'timeline_replay' members)."""
    d = os.path.join(tmp, "rr")
    tl = os.path.join(d, "timeline.pb")
    for tag, extra in [("rec", ["--record-timeline", tl]), ("rep", ["--replay-timeline", tl])]:
        os.makedirs(os.path.join(d, tag))
        rc, _, err = run(Q6SIM, ["run", SCENARIO, "--scheduler", "random", "--seed", "4", "--out", "out", "--quiet"]
                         + SMALL + extra, cwd=os.path.join(d, tag))
        check(rc == 0, f"{tag}: {err}")
    a, b = os.path.join(d, "rec", "out"), os.path.join(d, "rep", "out")
    names = sorted(os.listdir(a))
    check(names == sorted(os.listdir(b)) and len(names) >= 5, f"same output files: {names}")
    for name in names:
        x, y = open(os.path.join(a, name), "rb").read(), open(os.path.join(b, name), "rb").read()
        if name == "manifest.json":
            mx, my = json.loads(x), json.loads(y)
            check(mx.pop("command") != my.pop("command"), "the manifests record the two command lines")
            rp = my.pop("timeline_replay", {})
            check(rp.get("recorded_seed") == 4 and rp.get("matches_run") is True and "timeline_replay" not in mx,
                  f"the replay's manifest names the timeline and its recorded seed: {rp}")
            check(mx == my, "manifest.json identical apart from the command line and the replay's provenance")
        else:
            check(x == y, f"replayed {name} is byte-identical to the recorded run")


def count_done(out):
    # Finished job folders only: a run writes summary.json into its
    # temporary folder (jobs/ID.tmp.PID) before renaming it into place.
    return len(glob.glob(os.path.join(out, "jobs", "[0-9][0-9][0-9][0-9][0-9]", "summary.json")))


def start_and_kill(spec, out, at_least, sig):
    """Starts a sweep in its own process group, kills the group with sig
    once `at_least` jobs have finished."""
    p = subprocess.Popen([Q6SIM, "sweep", spec, "--out", out, "--jobs", "1"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 120
    while count_done(out) < at_least and p.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    if p.poll() is None:
        os.killpg(p.pid, sig)
    so, se = p.communicate()
    return p.returncode, so, clean(se)


def test_sweep_resume(tmp):
    d = os.path.join(tmp, "sweep")
    os.makedirs(d)
    spec = write_spec(os.path.join(d, "spec.cfg"), SCENARIO, "unused")
    full = os.path.join(d, "full")
    rc, so, err = run(Q6SIM, ["sweep", spec, "--out", full, "--jobs", "2"])
    check(rc == 0, f"uninterrupted sweep: {err}")
    check("16 jobs; 0 finished earlier" in so, f"sweep counts its jobs: {so}")
    jobs = rows(os.path.join(full, "jobs.csv"))
    check([j["job"] for j in jobs] == [f"{i:05d}" for i in range(16)], "job ids 00000..00015")
    check(list(jobs[0].keys()) == ["job", "scheduler", "seed", "vehicles.count", "task.arrival_rate_hz"],
          "jobs.csv columns")
    check((jobs[0]["scheduler"], jobs[1]["scheduler"], jobs[2]["seed"], jobs[4]["task.arrival_rate_hz"],
           jobs[8]["vehicles.count"]) == ("greedy", "random", "2", "0.6", "12"),
          "order: grid (first key slowest), seeds, schedulers")
    rc, table_full, err = run(Q6SIM, ["collect", full])
    check(rc == 0 and "16 jobs" in err, f"collect: {err}")
    check(table_full == open(os.path.join(full, "results.csv")).read(), "results.csv = q6sim collect")
    t = list(csv.DictReader(io.StringIO(table_full)))
    check(len(t) == 16 and all(r["timeline_digest"] and r["tasks_generated"] for r in t), "one row per job")
    for r in t:
        twin = [x for x in t if x["seed"] == r["seed"] and x["vehicles.count"] == r["vehicles.count"]
                and x["task.arrival_rate_hz"] == r["task.arrival_rate_hz"]]
        check(len({x["timeline_digest"] for x in twin}) == 1, "same digest for both schedulers of a grid point")
    s = json.load(open(os.path.join(full, "jobs", "00005", "summary.json")))
    check((s["vehicles"], s["slots"]) == (8, 12), "grid and fixed values reach the run")

    # Killed with SIGTERM after 3 jobs, then with SIGKILL after 3 more, then resumed.
    part = os.path.join(d, "part")
    rc, so, err = start_and_kill(spec, part, 3, signal.SIGTERM)
    n1 = count_done(part)
    check(rc != 0 and 3 <= n1 < 16, f"SIGTERM stops the sweep part-way (rc {rc}, {n1} done): {err}")
    check(not glob.glob(os.path.join(part, "jobs", "*.tmp.*")), "SIGTERM: no temporary run folder left")
    rc, so, err = start_and_kill(spec, part, n1 + 3, signal.SIGKILL)
    n2 = count_done(part)
    check(n1 + 3 <= n2 < 16, f"SIGKILL stops the sweep part-way ({n2} done)")
    check(f"{n1} finished earlier (skipped)" in so, f"second attempt skips the {n1} finished: {so}")
    check(not os.path.exists(os.path.join(part, "results.csv")), "no results.csv before every job finished")
    done_before = {p: os.stat(p).st_mtime_ns for p in glob.glob(os.path.join(part, "jobs", "*", "summary.json"))}
    rc, partial, err = run(Q6SIM, ["collect", part])
    check(rc == 0 and f"{16 - n2} jobs not finished" in err and partial.count("\n") == n2 + 1,
          f"collect of a partial sweep: {n2} rows and a note: {err}")
    rc, so, err = run(Q6SIM, ["sweep", spec, "--out", part, "--jobs", "2"])
    check(rc == 0, f"resumed sweep: {err}")
    check(f"{n2} finished earlier (skipped)" in so and f"{16 - n2} to run" in so, f"resume counts: {so}")
    check(all(os.stat(p).st_mtime_ns == m for p, m in done_before.items()), "finished jobs were not run again")
    check(not glob.glob(os.path.join(part, "jobs", "*.tmp.*")), "no temporary run folder left after resuming")
    rc, table_part, _ = run(Q6SIM, ["collect", part])
    check(table_part == table_full, "interrupted + resumed sweep collects the same table as an uninterrupted one")
    out_file = os.path.join(d, "t.csv")
    rc, _, _ = run(Q6SIM, ["collect", part, "--out", out_file])
    check(rc == 0 and open(out_file).read() == table_full, "collect --out writes the same table")

    # The same SPEC with another grid: refused, folder untouched.
    spec2 = os.path.join(d, "spec2.cfg")
    open(spec2, "w").write(open(spec).read().replace("values = [8, 12]", "values = [8, 14]"))
    rc, _, err = run(Q6SIM, ["sweep", spec2, "--out", part])
    check(rc == 2 and "spec2.cfg:" in err and "job list differs" in err, f"changed grid refused: {err.strip()}")
    spec3 = os.path.join(d, "spec3.cfg")
    open(spec3, "w").write(open(spec).read().replace("slots = 12;", "slots = 13;"))
    rc, _, err = run(Q6SIM, ["sweep", spec3, "--out", part])
    check(rc == 2 and "spec3.cfg:8: slots" in err, f"changed slots refused with line: {err.strip()}")
    check(open(os.path.join(part, "results.csv")).read() == table_full, "refused sweep leaves the folder as it was")
    # Bad SPECs: file, line and field.
    for text, needle in [("scheduler = 1;", "spec4.cfg:10: scheduler: unknown field"),
                         ("jobs = -1;", "spec4.cfg:10: jobs"),
                         ("backend = \"pbs\";", "spec4.cfg:10: backend")]:
        p = os.path.join(d, "spec4.cfg")
        open(p, "w").write(open(spec).read() + text + "\n")
        rc, _, err = run(Q6SIM, ["sweep", p, "--out", os.path.join(d, "x")])
        check(rc == 2 and needle in err, f"bad SPEC {text!r}: {err.strip()}")
        check(not os.path.exists(os.path.join(d, "x")), f"bad SPEC {text!r}: nothing written")
    p = os.path.join(d, "spec5.cfg")
    open(p, "w").write(open(spec).read().replace('"vehicles.count"', '"vehicles.cuont"'))
    rc, _, err = run(Q6SIM, ["sweep", p, "--out", os.path.join(d, "x")])
    check(rc == 2 and "spec5.cfg:5: grid" in err and "vehicles.cuont" in err, f"bad grid key: {err.strip()}")


def test_sweep_failures(tmp):
    """A job that rejects its input stops the sweep with exit 2 and is
    listed in failed.txt; rerunning skips it unless --resubmit-failed. (An
    unknown scheduler is now refused before any job runs; a plugin without
    an energy-market matcher on the paper-000 market scenario is bad input
    only a run finds.)"""
    d = os.path.join(tmp, "fail")
    os.makedirs(d)
    spec = os.path.join(d, "spec.cfg")
    market = os.path.join(ROOT, "platforms", "paper000", "scenario.cfg")
    open(spec, "w").write(f'scenario = "{market}"; out = "out"; schedulers = ["gale-shapley", "qubo-offload"];\n'
                          'seeds = [1]; slots = 2; jobs = 1;\n')
    rc, so, err = run(Q6SIM, ["sweep", spec])
    out = os.path.join(d, "out")
    check(rc == 2 and "names no matcher" in err, f"bad input in a job: exit 2 with its message: {err.strip()}")
    check(open(os.path.join(out, "failed.txt")).read().startswith("00001 exit 2"), "failed.txt lists the job")
    check(count_done(out) == 1, "the other job finished")
    rc, so, err = run(Q6SIM, ["sweep", spec])
    check(rc == 1 and "1 failed earlier (not rerun" in so and "0 to run" in so, f"failed job not rerun: {so}")
    rc, so, err = run(Q6SIM, ["sweep", spec, "--resubmit-failed"])
    check(rc == 2 and "1 to run" in so, f"--resubmit-failed reruns it: {so} {err}")
    rc, so, _ = run(Q6SIM, ["sweep", "--help"])
    check(rc == 0 and "--resubmit-failed" in so and "summary.json" in so, "sweep --help")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        for name, fn in [("compare", test_compare), ("record/replay", test_record_replay),
                         ("sweep resume", test_sweep_resume), ("sweep failures", test_sweep_failures)]:
            t = time.time()
            fn(tmp)
            print(f"{name}: {time.time() - t:.1f} s", file=sys.stderr)
        print(f"total {time.time() - t0:.1f} s", file=sys.stderr)
    check.finish()


main()
