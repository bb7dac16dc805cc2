"""Subtasks (issue 11, section 2: a task's subtask structure where the
scenario defines one): `task.subtasks = [min, max]` splits each classical
task into a whole number of equal parts drawn per task from a stream of its
own. Checked against the unsplit run of the same seed (same arrivals, each
split into exactly n equal parts), in the observation (a probe plugin fails
the run on any inconsistency), for determinism, record/replay, quantum
tasks staying whole, and bad values.
Usage: test_subtasks.py Q6SIM SOURCE_ROOT PROBE_PLUGIN"""
import collections
import csv
import io
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root, probe = sys.argv[1:4]
scen = os.path.join(root, "platforms/default/scenario.cfg")
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-subtasks-")
base = ["run", scen, "--slots", "4", "--quiet", "--set", "vehicles.count=12", "--plugin", probe,
        "--scheduler", "subtask-probe"]


def scenario(name, extra_task=""):
    """The default scenario in its own folder, with extra settings in its task group."""
    d = os.path.join(tmp, "sc-" + name)
    os.makedirs(d)
    shutil.copy(os.path.join(root, "platforms/default/platform.xml"), d)
    text = open(scen).read()
    assert "deadline_s = 2.0;" in text
    text = text.replace("deadline_s = 2.0;", "deadline_s = 2.0; " + extra_task)
    path = os.path.join(d, "scenario.cfg")
    open(path, "w").write(text)
    return path


def cmd(sc):
    return ["run", sc] + base[2:]


def arrivals(out):
    rc, so, err = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "csv"])
    rows = [r for r in csv.DictReader(io.StringIO(so)) if r["kind"] == "TASK_ARRIVAL"]
    return [(int(r["node"]), float(r["time_s"]), float(r["value"])) for r in rows]


def summary(out):
    return json.load(open(os.path.join(out, "summary.json")))


try:
    whole = os.path.join(tmp, "whole")
    rc, _, err = run(q6sim, base + ["--out", whole])
    ok(rc == 0, f"whole run: {err}")
    one = os.path.join(tmp, "one")
    rc, _, err = run(q6sim, cmd(scenario("one", "subtasks = [1, 1];")) + ["--out", one])
    ok(rc == 0 and summary(one)["timeline_digest"] == summary(whole)["timeline_digest"],
       "subtasks = [1, 1] is the unsplit scenario (same digest)")
    three = os.path.join(tmp, "three")
    log = os.path.join(tmp, "three.log")
    rc, _, err = run(q6sim, cmd(scenario("three", "subtasks = [3, 3];")) + ["--out", three,
                                    "--set", f"plugin_params=log={log}"])
    ok(rc == 0, f"split run (the probe checks the observation): {err}")
    a1, a3 = arrivals(whole), arrivals(three)
    ok(len(a1) > 20 and len(a3) == 3 * len(a1), f"three parts per task: {len(a1)} -> {len(a3)}")
    # Group the split run's arrivals by (node, time): each group is one task.
    groups = collections.defaultdict(list)
    for node, t, b in a3:
        groups[(node, t)].append(b)
    whole_by = {(node, t): b for node, t, b in a1}
    ok(set(groups) == set(whole_by), "the same arrivals (node, time) as the unsplit run")
    ok(all(len(v) == 3 and max(v) == min(v) and abs(sum(v) - whole_by[key]) <= 1e-9 * whole_by[key]
           for key, v in groups.items()), "each task's parts are equal and add up to its input bytes")
    s1, s3 = summary(whole), summary(three)
    ok(s3["tasks_generated"] == 3 * s1["tasks_generated"], "tasks_generated counts parts")
    ok(s3["timeline_digest"] != s1["timeline_digest"], "split counts enter the digest")
    lines = [l.split() for l in open(log)]
    ok(len(lines) == len(a3) and all(int(l[3]) == 3 for l in lines), "every observed task has 3 parts")
    ok(all(int(l[1]) == int(l[0]) - int(l[2]) for l in lines), "parent_id = id of the first part")
    # A range, with quantum tasks (whole whatever the draw).
    rng = os.path.join(tmp, "range")
    log2 = os.path.join(tmp, "range.log")
    sc_range = scenario("range", "subtasks = [1, 4];")
    rc, _, err = run(q6sim, cmd(sc_range) + ["--out", rng, "--set", "task.quantum.share=0.3",
                                            "--set", f"plugin_params=log={log2}"])
    ok(rc == 0, f"range with quantum tasks: {err}")
    counts = collections.Counter(int(l.split()[3]) for l in open(log2))
    ok(set(counts) <= {1, 2, 3, 4} and len(counts) >= 3, f"part counts in [1, 4]: {dict(counts)}")
    # Deterministic, and a recorded timeline replays the split.
    tl = os.path.join(tmp, "t.pb")
    rec, rep = os.path.join(tmp, "rec"), os.path.join(tmp, "rep")
    for out, extra in ((rec, ["--record-timeline", tl]), (rep, ["--replay-timeline", tl])):
        rc, _, err = run(q6sim, cmd(sc_range) + ["--out", out] + extra)
        ok(rc == 0, f"{out}: {err}")
    for name in ("trace.pb", "slots.csv", "summary.json"):
        ok(open(os.path.join(rec, name), "rb").read() == open(os.path.join(rep, name), "rb").read(),
           f"replayed {name} is byte-identical")
    again = os.path.join(tmp, "again")
    rc, _, _ = run(q6sim, cmd(sc_range) + ["--out", again])
    ok(open(os.path.join(rec, "trace.pb"), "rb").read() == open(os.path.join(again, "trace.pb"), "rb").read(),
       "a rerun is byte-identical")
    # Bad values: exit 2 naming the field.
    for i, v in enumerate(("[0, 2]", "[1.5, 2.0]", "[1, 100]", "[3, 2]")):
        rc, _, err = run(q6sim, cmd(scenario(f"bad{i}", f"subtasks = {v};")) + ["--out", os.path.join(tmp, "bad")])
        ok(rc == 2 and "subtasks" in err, f"subtasks = {v}: exit {rc}: {err.strip()}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
ok.finish()
