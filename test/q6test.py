"""Helpers shared by the Python tests: run q6sim with the sanitizer's own
warnings filtered out of stderr, collect failed checks, read a run's trace,
and compare two runs of one scenario simulated two ways."""
import csv
import io
import json
import os
import subprocess
import sys

# AddressSanitizer warns once when SimGrid switches actor stacks; those
# lines are the sanitizer's, not q6sim's.
ASAN_NOISE = ("==", "False positive error reports may follow", "For details see https://github.com/google/sanitizers")


class Checker:
    def __init__(self):
        self.failures = []

    def __call__(self, cond, what):
        if not cond:
            self.failures.append(what)
            print("FAIL:", what, file=sys.stderr)
        return cond

    def finish(self):
        if self.failures:
            print(f"{len(self.failures)} checks failed", file=sys.stderr)
            sys.exit(1)
        print("all checks passed")
        sys.exit(0)


def clean(err):
    return "".join(l for l in err.splitlines(True) if not l.startswith(ASAN_NOISE))


def run(q6sim, args, cwd=None, env=None):
    p = subprocess.run([q6sim] + args, cwd=cwd, capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, clean(p.stderr)


def trace_events(q6sim, out):
    """The events of OUT/trace.pb as `q6sim trace dump` rows (dicts of
    strings), in time order."""
    rc, text, err = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "csv"])
    assert rc == 0, err
    return list(csv.DictReader(io.StringIO(text)))


def events_by_key(events):
    """Event times by (kind, task, host, detail), in time order."""
    d = {}
    for e in events:
        d.setdefault((e["kind"], e["task"], e["host"], e["detail"]), []).append(float(e["time_s"]))
    return d


def compare_runs(check, q6sim, name, a, b, tol_s, slots_rel):
    """Two runs of one scenario simulated two ways (an analytic model and
    SimGrid's path): the same events (kind, task, host, detail) with times
    within tol_s, the same summary task counts, and slots.csv values within
    slots_rel relative. Returns run a's events by key (None when a run
    wrote no trace)."""
    if not (os.path.exists(os.path.join(a, "trace.pb")) and os.path.exists(os.path.join(b, "trace.pb"))):
        return None
    ea, eb = events_by_key(trace_events(q6sim, a)), events_by_key(trace_events(q6sim, b))
    check(ea.keys() == eb.keys(), f"{name}: the same events (kind, task, host) in both paths")
    counts = all(len(ea[k]) == len(eb[k]) for k in ea.keys() & eb.keys())
    worst = max((abs(x - y) for k in ea.keys() & eb.keys() for x, y in zip(ea[k], eb[k])), default=0.0)
    check(counts and worst <= tol_s, f"{name}: event times agree within {tol_s} s (worst {worst:.3g} s)")
    sa, sb = json.load(open(os.path.join(a, "summary.json"))), json.load(open(os.path.join(b, "summary.json")))
    for key in ("tasks_generated", "tasks_completed", "tasks_dropped"):
        check(sa[key] == sb[key], f"{name}: summary {key} {sa[key]} == {sb[key]}")
    for row_a, row_b in zip(csv.reader(open(os.path.join(a, "slots.csv"))), csv.reader(open(os.path.join(b, "slots.csv")))):
        same = len(row_a) == len(row_b) and all(
            x == y or abs(float(x) - float(y)) <= slots_rel * max(1.0, abs(float(y))) for x, y in zip(row_a, row_b))
        check(same, f"{name}: slots.csv rows agree: {row_a} vs {row_b}")
    return ea


def lone_done_tasks(events):
    """(TASK_DONE event, its TASK_ARRIVAL event) of every finished task that
    arrived alone in its slot, whose latency a hand calculation can give."""
    arrivals = {e["task"]: e for e in events if e["kind"] == "TASK_ARRIVAL"}
    per_slot = {}
    for e in arrivals.values():
        per_slot[e["slot"]] = per_slot.get(e["slot"], 0) + 1
    return [(e, arrivals[e["task"]]) for e in events
            if e["kind"] == "TASK_DONE" and per_slot[arrivals[e["task"]]["slot"]] == 1]


def expect_bad(check, q6sim, args, needles, what, out=None):
    """A run that must fail on bad input: exit code 2, one message naming
    each of needles, and nothing left at out (nor a temporary next to it)."""
    rc, _, se = run(q6sim, args)
    check(rc == 2, f"{what}: exit code {rc}, expected 2 ({se.strip()})")
    check(len(se.strip().splitlines()) == 1, f"{what}: one message, got {se!r}")
    for n in needles:
        check(n in se, f"{what}: message {se.strip()!r} names {n!r}")
    if out:
        check(not os.path.exists(out), f"{what}: output {out} left behind")
        parent = os.path.dirname(out)
        left = os.listdir(parent) if os.path.isdir(parent) else []
        check(not any(x.startswith(os.path.basename(out)) for x in left), f"{what}: temporary output left behind")


# A minimal protobuf wire-format walker (varint framing, wire types 0, 1,
# 2, 5), written from the protobuf encoding spec, so tests can read and edit
# trace.pb and timeline files without the protobuf package.
def varint(buf, i):
    v, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def records(data):
    """[(start, end_of_prefix, end)] of each length-delimited record."""
    out, i = [], 0
    while i < len(data):
        n, j = varint(data, i)
        out.append((i, j, j + n))
        i = j + n
    return out


def fields(msg):
    """{field: [(wire_type, value_start, value_end)]} of one message."""
    out, i = {}, 0
    while i < len(msg):
        key, i = varint(msg, i)
        f, wt = key >> 3, key & 7
        if wt == 0:
            _, j = varint(msg, i)
        elif wt == 1:
            j = i + 8
        elif wt == 5:
            j = i + 4
        elif wt == 2:
            n, i = varint(msg, i)
            j = i + n
        else:
            raise ValueError(f"wire type {wt}")
        out.setdefault(f, []).append((wt, i, j))
        i = j
    return out


def torch_q6env(q6sim, root, sanitize):
    """The start every test of a PyTorch agent on the real engine shares:
    exits 77 (skip) in a sanitizer build (checked first: importing torch
    alone takes seconds there), without numpy or torch (Debian's
    /usr/bin/python3 has them), or when q6sim does not register the
    `agent` scheduler; else puts ROOT/test and ROOT/python on sys.path and
    returns (q6env, numpy, torch) with torch on one thread."""
    if sanitize != "none":
        print(f"SKIP: q6sim is built with -Db_sanitize={sanitize}; this test runs in the normal build")
        sys.exit(77)
    try:
        import numpy
        import torch
    except ImportError as e:
        print(f"SKIP: {e} (install python3-torch; run with /usr/bin/python3)")
        sys.exit(77)
    for sub in ("test", "python"):
        if os.path.join(root, sub) not in sys.path:
            sys.path.insert(0, os.path.join(root, sub))
    import q6env
    if not q6env.agent_registered(q6sim):
        print(f"SKIP: {q6sim} does not register the `agent` scheduler")
        sys.exit(77)
    torch.set_num_threads(1)
    return q6env, numpy, torch
