#!/usr/bin/env python3
"""Every JSON document a run writes parses, whatever the strings it holds
contain (quote, backslash, newline, a control character, non-ASCII: here
in the folder of the scenario, whose path the manifest records; scenario
names are restricted to [A-Za-z0-9._-] since they name output folders), and
no non-finite number reaches it (JSON has none: they are written as null).
Usage: test_json_outputs.py Q6SIM SOURCE_ROOT
"""
import json
import os
import shutil
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()
# A folder name holding every character JSON must escape.
NASTY = 'city"x\\y\nz\x01\u00e9'
# A scenario name with them is refused (it would name the output folder).
NAME_LITERAL = 'city\\"x\\\\y\\nz\\x01\u00e9'


def scenario(d, extra="", name_literal="city-json"):
    d = os.path.join(d, NASTY)
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 6;").replace("slots = 60;", "slots = 3;")
    lines = [l for l in text.splitlines() if not l.startswith("name")]
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'name = "{name_literal}";\n' + "\n".join(lines) + "\n" + extra)
    return path


def strict_load(path):
    """json.load, but NaN, Infinity and -Infinity are errors (they are not JSON)."""
    def bad(tok):
        raise ValueError(f"non-JSON literal {tok}")
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=bad)


def test_names(tmp):
    sc = scenario(tmp)
    out = os.path.join(tmp, "out")
    rc, _, err = q6test.run(Q6SIM, ["run", sc, "--out", out, "--quiet"])
    check(rc == 0, f"run: exit {rc}: {err}")
    if rc:
        return
    for name in ("summary.json", "manifest.json"):
        try:
            doc = strict_load(os.path.join(out, name))
        except ValueError as e:
            check(False, f"{name} is not valid JSON: {e}")
            continue
        if name == "manifest.json":
            check(doc["scenario"]["path"] == sc, f"manifest.json scenario path {doc['scenario']['path']!r} != {sc!r}")
            check(sc in doc["command"], "manifest.json command line holds the scenario path")
    rc, _, err = q6test.run(Q6SIM, ["run", scenario(tmp, name_literal=NAME_LITERAL), "--out", out + "2", "--quiet"])
    check(rc == 2 and "name" in err, f"a scenario name with quotes and separators is refused: exit {rc}: {err}")
    rc, so, err = q6test.run(Q6SIM, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    check(rc == 0, f"trace dump: {err}")
    rows = [l for l in so.splitlines() if l.strip()]
    try:
        objs = [json.loads(l, parse_constant=lambda t: (_ for _ in ()).throw(ValueError(t))) for l in rows]
        check(len(objs) > 1, "trace dump printed events")
    except ValueError as e:
        check(False, f"trace dump --format jsonl line is not JSON: {e}")


def test_non_finite(tmp):
    """No vehicle ever gets a task: the latency mean and p95 and the
    completion ratio are undefined (0/0) and must be null, not nan."""
    sc = scenario(tmp)
    out = os.path.join(tmp, "out")
    rc, _, err = q6test.run(Q6SIM, ["run", sc, "--out", out, "--quiet", "--set", "task.arrival_rate_hz=0.0"])
    if not check(rc == 0, f"run without tasks: exit {rc}: {err}"):
        return
    try:
        doc = strict_load(os.path.join(out, "summary.json"))
    except ValueError as e:
        check(False, f"summary.json is not valid JSON: {e}")
        return
    check(doc["tasks_generated"] == 0, "no tasks were generated")
    for k in ("latency_mean_s", "latency_p95_s", "completion_ratio"):
        check(doc[k] is None, f"{k} is {doc[k]!r}, expected null")


for t in (test_names, test_non_finite):
    d = tempfile.mkdtemp(prefix="q6json-")
    try:
        t(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
check.finish()
