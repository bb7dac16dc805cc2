#!/usr/bin/env python3
"""Energy accounting of vehicles that come and go, and of an unused QPU.

An FCD trace holds vehicle "a" throughout and vehicle "b" only from 3 s to
5 s. With no tasks, a vehicle slot's energy in a slot is its idle power
(vehicles.idle_power_w = 5 W) x slot_s when a vehicle is present at the
slot's epoch, else nothing (it used to be charged while absent). Presence
is taken from the recorded timeline (q6sim timeline dump), not from the
accounting code. The default platform's shared-access QPU, never used,
draws nothing.
Usage: test_energy.py Q6SIM SOURCE_ROOT
"""
import csv
import io
import os
import shutil
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()
IDLE_W, SLOT_S, SLOTS = 5.0, 1.0, 8


def fcd(path):
    steps = []
    for t in range(0, 11):
        v = [f'<vehicle id="a" x="{500 + 10 * t}" y="500" angle="90" speed="10"/>']
        if 3 <= t <= 5:
            v.append(f'<vehicle id="b" x="800" y="{600 + 10 * t}" angle="0" speed="10"/>')
        steps.append(f'<timestep time="{t}">' + "".join(v) + "</timestep>")
    with open(path, "w") as f:
        f.write("<fcd-export>\n" + "\n".join(steps) + "\n</fcd-export>\n")


def scenario(d):
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    start = text.index("  mobility = {", text.index("vehicles = {"))
    end = text.index("};", start) + 2
    text = text[:start] + '  mobility = {\n    model = "fcd";\n    file = "t.fcd.xml";\n  };' + text[end:]
    text = text.replace("count = 100;", "count = 2;").replace("slots = 60;", f"slots = {SLOTS};")
    fcd(os.path.join(d, "t.fcd.xml"))
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def main(d):
    sc = scenario(d)
    out, tl = os.path.join(d, "out"), os.path.join(d, "t.pb")
    text = open(sc).read()
    check(f"idle_power_w = {IDLE_W:g}.0;" in text or f"idle_power_w = {IDLE_W};" in text, "vehicle idle power 5 W")
    rc, _, err = q6test.run(Q6SIM, ["run", sc, "--out", out, "--quiet", "--record-timeline", tl,
                                    "--set", "task.arrival_rate_hz=0.0", "--set", f"slot_s={SLOT_S}"])
    if not check(rc == 0, f"run: {err}"):
        return
    rc, so, err = q6test.run(Q6SIM, ["timeline", "dump", tl])
    present = [0] * SLOTS
    for r in csv.DictReader(io.StringIO("\n".join(so.splitlines()[1:]))):
        if r["field"] == "present":
            present[int(r["slot"])] += int(float(r["value"]))
    check(present != [present[0]] * SLOTS, f"presence changes over the run: {present}")
    rows = list(csv.DictReader(open(os.path.join(out, "slots.csv"))))
    for k, r in enumerate(rows):
        want = IDLE_W * SLOT_S * present[k]
        got = float(r["energy_vehicle_j"])
        check(abs(got - want) <= 1e-6, f"slot {k}: vehicle energy {got} J, expected {IDLE_W} W x {present[k]} present")
        check(float(r["energy_qpu_j"]) == 0, f"slot {k}: an unused shared-access QPU draws nothing")


d = tempfile.mkdtemp(prefix="q6energy-")
try:
    main(d)
finally:
    shutil.rmtree(d, ignore_errors=True)
check.finish()
