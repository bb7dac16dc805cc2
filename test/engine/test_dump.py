#!/usr/bin/env python3
"""`q6sim trace dump` and `q6sim timeline dump`.

trace dump: a directory or an empty file is refused (exit 2, nothing on
stdout); rows come in time order with ties in emission order (checked
against the emission order read from trace.pb here with q6test's protobuf
walker and a stable sort); --header prints the trace header; every event
kind of trace.proto has its `value` documented in --help and docs.
timeline dump: its rows agree with the same run's trace (one row per task
field, task arrival times = the TASK_ARRIVAL times) and a damaged file is
refused with nothing printed.
Usage: test_dump.py Q6SIM SOURCE_ROOT
"""
import csv
import io
import json
import os
import re
import shutil
import struct
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()


def run(args):
    return q6test.run(Q6SIM, args)


def scenario(d):
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 10;").replace("slots = 60;", "slots = 5;")
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def emission_order(path):
    """(time_s, kind number) of every event, in file order (Event.time_s is
    field 1, a double; kind is field 2, a varint)."""
    data = open(path, "rb").read()
    out = []
    for start, body, end in q6test.records(data)[1:]:
        rec = q6test.fields(data[body:end])
        _, es, ee = rec[2][0]                       # Record.event
        ev = data[body + es:body + ee]
        f = q6test.fields(ev)
        t = struct.unpack("<d", ev[f[1][0][1]:f[1][0][2]])[0] if 1 in f else 0.0
        k = q6test.varint(ev, f[2][0][1])[0] if 2 in f else 0
        out.append((t, k))
    return out


def event_kinds():
    text = open(os.path.join(ROOT, "traces", "events", "trace.proto")).read()
    body = text[text.index("enum EventKind"):]
    body = body[:body.index("}")]
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r"^\s*([A-Z_]+)\s*=\s*(\d+);", body, re.M)
            if m.group(1) != "EVENT_UNKNOWN"]


def test_trace_dump(d):
    sc = scenario(d)
    out = os.path.join(d, "out")
    tl = os.path.join(d, "t.pb")
    rc, _, err = run(["run", sc, "--out", out, "--quiet", "--record-timeline", tl])
    if not check(rc == 0, f"run: {err}"):
        return None
    summ = json.load(open(os.path.join(out, "summary.json")))
    trace = os.path.join(out, "trace.pb")

    rc, so, err = run(["trace", "dump", out])
    check(rc == 2 and so == "" and "directory" in err and out in err, f"dump of a directory: {rc} {so[:60]!r} {err}")
    empty = os.path.join(d, "empty.pb")
    open(empty, "wb").close()
    rc, so, err = run(["trace", "dump", empty])
    check(rc == 2 and so == "" and "empty.pb" in err, f"dump of an empty file: {rc} {err}")

    # Time order, ties in emission order: the stable sort of the file's order.
    names = dict(event_kinds())  # name -> number
    want = sorted(emission_order(trace), key=lambda e: e[0])  # Python's sort is stable
    rc, so, err = run(["trace", "dump", trace])
    rows = list(csv.DictReader(io.StringIO(so)))
    got = [(float(r["time_s"]), names.get(r["kind"], 0)) for r in rows]
    check(rc == 0 and got == want, f"CSV rows in time order, ties in emission order ({len(got)} vs {len(want)})")
    check(want != emission_order(trace), "the trace is not already in time order (the test can fail)")

    rc, so, err = run(["trace", "dump", trace, "--header"])
    lines = so.splitlines()
    check(rc == 0 and lines[0].startswith("# ") and lines[1].startswith("time_s,kind,"), "--header: a comment line first")
    if rc == 0 and lines[0].startswith("# "):
        h = json.loads(lines[0][2:])
        check((h["scenario"], h["seed"], h["scheduler"], h["slots"]) ==
              (summ["scenario"], summ["seed"], summ["scheduler"], summ["slots"]), f"CSV header {h}")
    rc, so, err = run(["trace", "dump", trace, "--header", "--format", "jsonl"])
    objs = [json.loads(l) for l in so.splitlines()]
    check(rc == 0 and "header" in objs[0] and objs[0]["header"]["slot_length_s"] == summ["slot_s"]
          and all("kind" in o for o in objs[1:]) and len(objs) == summ["events"], "--header in JSON lines")

    # Every kind's value is documented in --help and in docs/outputs.md.
    _, help_text, _ = run(["trace", "dump", "--help"])
    docs = open(os.path.join(ROOT, "docs", "outputs.md")).read()
    for name, _ in event_kinds():
        check(re.search(r"\b" + name.split("_START")[0].split("_END")[0], help_text) is not None,
              f"trace dump --help documents {name}")
        check(name in docs, f"docs/outputs.md documents {name}")
    return out, tl, summ


def test_timeline_dump(d, out, tl, summ):
    rc, so, err = run(["timeline", "dump", tl])
    if not check(rc == 0, f"timeline dump: {err}"):
        return
    lines = so.splitlines()
    h = json.loads(lines[0][2:]) if lines[0].startswith("# ") else {}
    check((h.get("seed"), h.get("slots"), h.get("nodes"), h.get("scenario_name")) ==
          (summ["seed"], summ["slots"], summ["vehicles"], summ["scenario"]), f"timeline header {h}")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    arrivals = sorted(float(r["value"]) for r in rows if r["field"] == "task_arrival_s")
    check(len(arrivals) == summ["tasks_generated"], "one task_arrival_s row per task")
    _, jl, _ = run(["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    trace_arrivals = sorted(e["time_s"] for e in map(json.loads, jl.splitlines()) if e["kind"] == "TASK_ARRIVAL")
    check(arrivals == trace_arrivals, "task arrival times equal the trace's TASK_ARRIVAL times")
    per_slot = summ["vehicles"] * 6 + summ["access_points"] * 4 + summ["vehicles"] * summ["access_points"]
    header_rows = summ["access_points"]
    check(len(rows) == header_rows + summ["slots"] * per_slot + 4 * summ["tasks_generated"],
          f"row count: {len(rows)}")
    rc, so, err = run(["timeline", "dump", tl, "--format", "jsonl"])
    objs = [json.loads(l) for l in so.splitlines()]
    check(rc == 0 and "header" in objs[0] and [o["slot"] for o in objs[1:]] == list(range(summ["slots"]))
          and sum(len(o["tasks"]) for o in objs[1:]) == summ["tasks_generated"], "timeline dump JSON lines")
    data = bytearray(open(tl, "rb").read())
    data[len(data) // 2] ^= 1
    bad = os.path.join(d, "bad.pb")
    open(bad, "wb").write(bytes(data))
    rc, so, err = run(["timeline", "dump", bad])
    check(rc == 2 and so == "" and "bad.pb" in err, f"damaged timeline: {rc} {err}")


d = tempfile.mkdtemp(prefix="q6dump-")
try:
    r = test_trace_dump(d)
    if r:
        test_timeline_dump(d, *r)
finally:
    shutil.rmtree(d, ignore_errors=True)
check.finish()
