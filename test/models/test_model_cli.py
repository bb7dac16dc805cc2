#!/usr/bin/env python3
"""End-to-end checks of `q6sim model`: JSON validity and values, --list,
--help, and the one-message, exit-2 rejection of bad input."""
import json
import subprocess
import sys

DRIVER = sys.argv[1]
failures = 0


def run(*args):
    p = subprocess.run([DRIVER, "model", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, file=sys.stderr)


# Friis at 1 km, 2 GHz: 20 log10(4 pi 1000 2e9 / c) = 98.468 dB.
rc, out, err = run("pathloss_fspl", "distance_m=1000", "carrier_hz=2e9")
check(rc == 0, "fspl exit code")
doc = json.loads(out)
check(doc["model"] == "pathloss_fspl", "model name")
check(doc["inputs"]["distance_m"] == {"value": 1000, "unit": "m"}, "input with unit")
check(doc["inputs"]["carrier_hz"]["unit"] == "Hz", "carrier unit")
check(abs(doc["outputs"]["pathloss_db"]["value"] - 98.468) < 1e-3, "fspl value")
check(doc["outputs"]["pathloss_db"]["unit"] == "dB", "output unit")

# --list names every model; every model evaluates at its defaults to valid JSON.
rc, out, _ = run("--list")
check(rc == 0, "--list exit code")
names = [line.split(":")[0] for line in out.splitlines() if line and not line.startswith(" ")]
check(len(names) >= 20 and "pathloss_uma" in names and "qpu_gate" in names, "--list names")
for name in names:
    rc, out, err = run(name)
    check(rc == 0, f"{name} at defaults: {err.strip()}")
    if rc == 0:
        doc = json.loads(out)
        check(set(doc) == {"model", "source", "inputs", "outputs"}, f"{name} keys")

rc, out, _ = run("--help")
check(rc == 0 and "KEY=VALUE" in out, "--help")
rc, out, _ = run("rate_fbl", "--help")
check(rc == 0 and "blocklength" in out, "model --help")

# Determinism: the same seed prints the same bytes.
a = run("fading", "draws=1000", "seed=7")[1]
b = run("fading", "draws=1000", "seed=7")[1]
check(a == b and a, "fading determinism")

# Bad input: exit 2, nothing on stdout, one line naming the culprit.
bad = [
    (["nosuch"], "'nosuch'"),
    (["pathloss_fspl", "distance=5"], "'distance'"),
    (["pathloss_fspl", "distance_m=abc"], "'distance_m'"),
    (["pathloss_fspl", "distance_m=nan"], "'distance_m'"),
    (["pathloss_fspl", "carrier_hz=-1"], "'carrier_hz'"),
    (["pathloss_fspl", "distance_m=5", "distance_m=6"], "given twice"),
    (["pathloss_fspl", "distance_m"], "not KEY=VALUE"),
    (["battery", "discharge_j=3e6"], "'discharge_j'"),
    ([], "missing model name"),
]
for args, want in bad:
    rc, out, err = run(*args)
    check(rc == 2, f"{args}: exit {rc}")
    check(out == "", f"{args}: stdout not empty")
    check(want in err and err.count("\n") == 1, f"{args}: message {err!r}")

print(f"model CLI: {failures} failures", file=sys.stderr)
sys.exit(1 if failures else 0)
