#!/usr/bin/env python3
"""The bounded task log (sim/core/task_log.c): slots settle once all their
tasks have ended, their latency statistics are taken then, and task pages
(4,096 tasks each) are released while the run goes on. This run has
19,000 tasks, so pages are released, on loaded vehicle CPUs, so tasks of a
slot end up to two slots later and some after later slots' (slots settle
out of order of their ends), with deadline misses and tasks still running
at the end. Each slot's completed/dropped counts, mean and nearest-rank
95th-percentile latency in slots.csv, and the run's in summary.json, are
recomputed from the trace's own TASK_DONE / TASK_DROPPED events, an
independent record written as each task ends. Under the ASan build a read
of a released page fails the run.
Usage: test_task_log.py Q6SIM SOURCE_ROOT
"""
import csv
import json
import math
import os
import shutil
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()


def nearest_rank_p95(v):
    v = sorted(v)
    return v[math.ceil(0.95 * len(v)) - 1]


def close(a, b, rel=1e-8):  # slots.csv and summary.json print 9 digits
    return abs(a - b) <= rel * max(abs(a), abs(b))


def main():
    tmp = tempfile.mkdtemp(prefix="q6-tasklog-")
    try:
        default = os.path.join(ROOT, "platforms", "default")
        shutil.copy(os.path.join(default, "platform.xml"), tmp)
        text = open(os.path.join(default, "scenario.cfg")).read()
        # 500 vehicles x 1.25 tasks/s x 30 slots; CPUs of 1 GFLOP/s take
        # 0.1-1 s per task, so local queues build up across slots.
        text = (text.replace("count = 100;", "count = 500;").replace("slots = 60;", "slots = 30;")
                .replace("arrival_rate_hz = 0.5;", "arrival_rate_hz = 1.25;")
                .replace("cpu_flops = 5.0e9;", "cpu_flops = 1.0e9;"))
        sc = os.path.join(tmp, "scenario.cfg")
        open(sc, "w").write(text)
        out = os.path.join(tmp, "out")
        rc, _, err = q6test.run(Q6SIM, ["run", sc, "--out", out, "--quiet"])
        check(rc == 0, f"run exit code {rc}: {err}")
        if rc:
            return check.finish()
        s = json.load(open(os.path.join(out, "summary.json")))
        rows = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
        rc, jl, err = q6test.run(Q6SIM, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
        check(rc == 0, f"trace dump: {err}")
        events = [json.loads(line) for line in jl.splitlines()]
        arrival = {e["task"]: e for e in events if e["kind"] == "TASK_ARRIVAL"}
        done = [e for e in events if e["kind"] == "TASK_DONE"]
        dropped = [e for e in events if e["kind"] == "TASK_DROPPED"]
        check(len(arrival) > 4 * 4096, f"{len(arrival)} tasks span more than four pages of 4,096")
        check(s["tasks_generated"] == len(arrival), "summary counts every arrival")
        # The run exercises what settling must handle.
        ended_slot = {}
        for e in done + dropped:
            ended_slot[e["slot"]] = max(ended_slot.get(e["slot"], 0), e["time_s"])
        out_of_order = sum(1 for k in range(1, 30) if k in ended_slot and k - 1 in ended_slot
                           and ended_slot[k] < ended_slot[k - 1])
        check(out_of_order > 0, f"some slot's tasks all ended before the previous slot's ({out_of_order})")
        late = [e for e in dropped if e.get("detail") == "deadline missed"]
        unfinished = [e for e in dropped if e.get("detail") == "unfinished at the end of the run"]
        check(late and unfinished, f"deadline misses ({len(late)}) and tasks unfinished at the end ({len(unfinished)})")
        by_slot = {}
        for e in done:
            by_slot.setdefault(e["slot"], []).append(e["value"])
            check(close(e["value"], e["time_s"] - arrival[e["task"]]["time_s"], 1e-9) or e["value"] < 1e-9,
                  "a TASK_DONE value is its time since arrival")
        for k, r in enumerate(rows):
            lat = by_slot.get(k, [])
            n_drop = sum(1 for e in dropped if e["slot"] == k)
            check(int(r["tasks_completed"]) == len(lat), f"slot {k}: completed {r['tasks_completed']} == {len(lat)}")
            check(int(r["tasks_dropped"]) == n_drop, f"slot {k}: dropped {r['tasks_dropped']} == {n_drop}")
            if not lat:
                check(r["latency_mean_s"] == "" and r["latency_p95_s"] == "", f"slot {k}: no latency without tasks")
                continue
            check(close(float(r["latency_mean_s"]), sum(lat) / len(lat)),
                  f"slot {k}: mean {r['latency_mean_s']} == {sum(lat) / len(lat)}")
            check(close(float(r["latency_p95_s"]), nearest_rank_p95(lat)),
                  f"slot {k}: p95 {r['latency_p95_s']} == {nearest_rank_p95(lat)}")
        lat = [e["value"] for e in done]
        check(close(s["latency_mean_s"], sum(lat) / len(lat)), f"run mean {s['latency_mean_s']}")
        check(close(s["latency_p95_s"], nearest_rank_p95(lat)), f"run p95 {s['latency_p95_s']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())
