#!/usr/bin/env python3
"""Hostile but fair input to `q6sim run` (issue 12, crashes and hangs):
each case used to crash, hang, truncate a value or reach SimGrid; now it
is one message naming file, line and field, exit code 2 and no output.

Checks: slot counts beyond the bound or beyond the machine's memory, on
the command line and in the file; integers beyond 32 bits read whole (a
seed of 2^32 + 1 is not seed 1); an early error after a malformed ns-2
line cleans up without reading uninitialised memory (valgrind, when
installed and the build is not sanitized); ns-2 pools capped at 10^6
vehicles; random-waypoint speeds bounded; platform XML checked against
what q6sim supports before SimGrid sees it.
Usage: test_hostile_input.py Q6SIM SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402  (test/q6test.py)

check = q6test.Checker()


def run(args, cwd=None):
    return q6test.run(Q6SIM, args, cwd=cwd)


def scenario(d, name="scenario.cfg", replace=(), platform_text=None):
    """The default scenario, small (5 vehicles, 2 slots), with replacements."""
    plat = platform_text if platform_text is not None else open(os.path.join(DEFAULT, "platform.xml")).read()
    with open(os.path.join(d, "platform.xml" if platform_text is None else name + ".xml"), "w") as f:
        f.write(plat)
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 5;").replace("slots = 60;", "slots = 2;")
    if platform_text is not None:
        text = text.replace('"platform.xml"', '"%s.xml"' % name)
    for a, b in replace:
        check(a in text, f"scenario text holds {a!r}")
        text = text.replace(a, b)
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def line_of(path, needle):
    return [i + 1 for i, l in enumerate(open(path).read().splitlines()) if needle in l][0]


def expect_bad(args, needles, what, out):
    rc, _, se = run(args)
    check(rc == 2, f"{what}: exit code {rc}, expected 2 ({se.strip()})")
    check(len(se.strip().splitlines()) == 1, f"{what}: one message, got {se!r}")
    for n in needles:
        check(n in se, f"{what}: message {se.strip()!r} names {n!r}")
    check("terminate" not in se and "Aborted" not in se, f"{what}: no abort from SimGrid")
    check(not os.path.exists(out), f"{what}: no output left behind")
    parent = os.path.dirname(out)
    left = os.listdir(parent) if os.path.isdir(parent) else []
    check(not any(x.startswith(os.path.basename(out)) for x in left), f"{what}: no temporary output left behind")
    return se


def mem_total_bytes():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def test_slots(d):
    out = os.path.join(d, "o", "run")
    sc = scenario(d)
    # --slots: the scenario's bound and wording.
    expect_bad(["run", sc, "--slots", "1000000001", "--out", out],
               ["--slots", "1000000001 slots is outside [1, 1000000000] slots"], "--slots above the bound", out)
    for bad in [" 5", "-1", "5x", "+5", "", "18446744073709551616"]:
        expect_bad(["run", sc, "--slots", bad, "--out", out], ["--slots"], f"--slots {bad!r}", out)
    expect_bad(["run", sc, "--seed", "9007199254740993", "--out", out], ["--seed", "outside"], "--seed above 2^53", out)
    # 2^32 + 5 slots used to run 5 slots (32-bit truncation).
    p = scenario(d, "s32.cfg", [("slots = 2;", "slots = 4294967301;")])
    expect_bad(["run", p, "--out", out], [f"s32.cfg:{line_of(p, 'slots = 4294967301')}:", "slots",
                                          "4294967301 slots is outside"], "slots = 2^32 + 5", out)
    expect_bad(["run", sc, "--set", "slots=4294967301", "--out", out], ["slots", "4294967301 slots is outside"],
               "--set slots=2^32 + 5", out)
    # In an array too (one element beyond 32 bits used to become 2500 m).
    p = scenario(d, "arr.cfg", [("area_m = [2500.0, 2500.0];\n    speed_mps = [5.0, 15.0];",
                                 "area_m = [2500, 4294969796];\n    speed_mps = [5.0, 15.0];")])
    expect_bad(["run", p, "--out", out], [f"arr.cfg:{line_of(p, '4294969796')}:", "vehicles.mobility.area_m", "1e+08 m"],
               "area_m with 2^32 + 2500", out)
    # The documented maximum is allowed by the bound but not by memory:
    # refused before anything is allocated (this used to segfault).
    mem = mem_total_bytes()
    if mem is not None and mem < 100e9:
        p = scenario(d, "s1e9.cfg", [("slots = 2;", "slots = 1e9;")])
        expect_bad(["run", p, "--out", out], [f"s1e9.cfg:{line_of(p, 'slots = 1e9')}:", "slots", "GB of memory"],
                   "slots = 1e9", out)
        expect_bad(["run", sc, "--slots", "1000000000", "--out", out], ["--slots", "GB of memory"],
                   "--slots 1000000000", out)
    else:
        print("more than 100 GB of memory: the 1e9-slot part is skipped", file=sys.stderr)


def test_seed_64_bits(d):
    """seed = 2^32 + 1 is its own seed: the manifest says so and the
    exogenous timeline differs from seed 1's (they were equal)."""
    digests = {}
    for seed in ["1", "4294967297"]:
        p = scenario(d, f"seed{seed}.cfg", [("seed = 1;", f"seed = {seed};")])
        out = os.path.join(d, f"seed{seed}")
        rc, _, se = run(["run", p, "--out", out, "--quiet"])
        check(rc == 0, f"seed {seed} runs: {se}")
        if rc:
            return
        manifest = json.load(open(os.path.join(out, "manifest.json")))
        check(manifest["seed"] == int(seed), f"manifest seed {manifest['seed']} = {seed}")
        digests[seed] = json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]
    check(digests["1"] != digests["4294967297"], "seed 2^32 + 1 draws another timeline than seed 1")


def ns2_scenario(d, name, trace_text, count="0"):
    with open(os.path.join(d, name + ".ns2"), "w") as f:
        f.write(trace_text)
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    a = text.index('  mobility = {\n    model = "random-waypoint";\n    area_m = [2500.0, 2500.0];')
    b = text.index("  };\n", a) + 4
    text = text[:a] + f'  mobility = {{ model = "ns2"; file = "{name}.ns2"; }};\n' + text[b:]
    text = text.replace("count = 100;", f"count = {count};").replace("slots = 60;", "slots = 2;")
    path = os.path.join(d, name + ".cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def sanitized():
    try:
        p = subprocess.run(["ldd", Q6SIM], capture_output=True, text=True)
        return "libasan" in p.stdout or "libubsan" in p.stdout
    except OSError:
        return True


def test_ns2(d):
    out = os.path.join(d, "o", "ns2")
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    p = ns2_scenario(d, "garbage", '$node_(0) set X_ 10.0\n$node_(0) set Y_ 20.0\n'
                                   '$ns_ at 1.0 "$node_(0) setdest 100 100 5"\nthis is not ns-2\n')
    expect_bad(["run", p, "--out", out], ["garbage.ns2:4:", "not an ns-2 mobility line"], "malformed ns-2 line", out)
    if shutil.which("valgrind") and not sanitized():
        v = subprocess.run(["valgrind", "-q", "--error-exitcode=99", Q6SIM, "run", p, "--out", out],
                           capture_output=True, text=True)
        check(v.returncode == 2, f"under valgrind: exit {v.returncode}, no memory error ({v.stderr[-600:]})")
    else:
        print("valgrind unavailable or sanitized build: the uninitialised-read part is skipped", file=sys.stderr)
    # A pool sized from the trace meets the same cap as a given count.
    p = ns2_scenario(d, "many", '$node_(1000000) set X_ 1.0\n$node_(1000000) set Y_ 1.0\n')
    expect_bad(["run", p, "--out", out], ["many.cfg:", "1000001 vehicles", "at most 1000000"], "ns-2 pool above 10^6", out)
    p = ns2_scenario(d, "far", '$node_(0) set X_ 1e300\n$node_(0) set Y_ 1.0\n')
    expect_bad(["run", p, "--out", out], ["far.ns2:1:", "set X_"], "ns-2 position beyond 1e8 m", out)


def test_rwp_speed(d):
    out = os.path.join(d, "o", "rwp")
    p = scenario(d, "fast.cfg", [("speed_mps = [5.0, 15.0];", "speed_mps = [5.0, 1e12];")])
    expect_bad(["run", p, "--out", out], [f"fast.cfg:{line_of(p, 'speed_mps = [5.0, 1e12]')}:",
                                          "vehicles.mobility.speed_mps", "10000 m/s"], "random waypoint at 1e12 m/s", out)


def test_platform(d):
    """Each variant of the default platform used to reach SimGrid, which
    aborted (exit 134) or accepted it; now the user's file and line."""
    out = os.path.join(d, "o", "plat")
    plat = open(os.path.join(DEFAULT, "platform.xml")).read()
    r_bs0 = '<route src="bs-0" dst="cloud"><link_ctn id="fibre-bs-0"/><link_ctn id="core-cloud"/></route>'
    h_bs0 = '<host id="bs-0" speed="100Gf">'
    l_core = '<link id="core-cloud" bandwidth="100Gbps" latency="10ms"/>'
    bad = [
        # (name, old text, new text, line holding this text in the variant, needles)
        ("nohost", r_bs0, r_bs0 + '\n    <route src="bs-0" dst="nowhere"><link_ctn id="fibre-bs-0"/></route>',
         'dst="nowhere"', ["route from 'bs-0' to 'nowhere'", "dst 'nowhere'"]),
        ("nolink", r_bs0, r_bs0.replace('"core-cloud"', '"no-such-link"'), "no-such-link", ["no link 'no-such-link'"]),
        ("duplink", l_core, l_core + "\n    " + l_core.replace("100Gbps", "1Gbps"), 'bandwidth="1Gbps" latency="10ms"',
         ["link 'core-cloud'", "duplicate id"]),
        ("duproute", r_bs0, r_bs0 + '\n    <route src="cloud" dst="bs-0"><link_ctn id="fibre-bs-0"/></route>',
         'src="cloud" dst="bs-0"', ["route from 'cloud' to 'bs-0'", "already declared"]),
        ("duprouter", '<router id="core"/>', '<router id="core"/>\n    <router id="qpu"/>', '<router id="qpu"/>',
         ["router 'qpu'", "duplicate id"]),
        ("unit", h_bs0, '<host id="bs-0" speed="100Gflop">', 'speed="100Gflop"', ["host 'bs-0'", "speed", "unknown unit"]),
        ("attr", h_bs0, '<host id="bs-0" speed="100Gf" colour="red">', 'colour="red"', ["unknown attribute 'colour'"]),
        ("elem", '<router id="core"/>', '<router id="core"/>\n    <trace id="t" periodicity="1"/>', "<trace",
         ["unknown element <trace>"]),
        ("negspeed", h_bs0, '<host id="bs-0" speed="-100Gf">', 'speed="-100Gf"', ["host 'bs-0'", "speed", "> 0"]),
        ("zerobw", l_core, l_core.replace("100Gbps", "0bps"), 'bandwidth="0bps"', ["link 'core-cloud'", "bandwidth", "> 0"]),
        ("negbw", l_core, l_core.replace("100Gbps", "-1Gbps"), 'bandwidth="-1Gbps"', ["link 'core-cloud'", "bandwidth"]),
        ("neglat", l_core, l_core.replace("10ms", "-1ms"), 'latency="-1ms"', ["link 'core-cloud'", "latency", ">= 0"]),
        ("nounit", l_core, l_core.replace("10ms", "0.01"), 'latency="0.01"', ["latency", "no unit"]),
        ("pstates", h_bs0, '<host id="bs-0" speed="100Gf, 50Gf">', "120:120:300", ["host 'bs-0'", "wattage_per_state",
                                                                                   "1 power profiles for 2 pstates"]),
    ]
    for name, old, new, at, needles in bad:
        check(old in plat, f"{name}: the default platform holds {old!r}")
        variant = plat.replace(old, new, 1)
        p = scenario(d, name + ".cfg", platform_text=variant)
        xml = p + ".xml"
        expect_bad(["run", p, "--out", out], [f"{name}.cfg.xml:{line_of(xml, at)}:"] + needles, f"platform {name}", out)
    # Valid uses of the same features still run: pstates with one power
    # profile each (or none), SPLITDUPLEX with directions, binary prefixes.
    good = plat.replace(h_bs0, '<host id="bs-0" speed="100Gf, 50Gf" pstate="1">', 1)
    good = good.replace('<prop id="wattage_per_state" value="120:120:300"/>',
                        '<prop id="wattage_per_state" value="120:120:300, 100:100:200"/>', 1)
    good = good.replace('<link id="fibre-bs-1" bandwidth="10Gbps" latency="0.5ms"/>',
                        '<link id="fibre-bs-1" bandwidth="1.25GiBps" latency="500us" sharing_policy="SPLITDUPLEX"/>')
    good = good.replace('<link_ctn id="fibre-bs-1"/>', '<link_ctn id="fibre-bs-1" direction="UP"/>')
    p = scenario(d, "good.cfg", platform_text=good)
    rc, _, se = run(["run", p, "--out", os.path.join(d, "good"), "--quiet"])
    check(rc == 0, f"valid pstates, SPLITDUPLEX and binary prefixes run: {se}")


with tempfile.TemporaryDirectory() as tmp:
    for name, fn in [("slots", test_slots), ("seed", test_seed_64_bits), ("ns2", test_ns2), ("rwp", test_rwp_speed),
                     ("platform", test_platform)]:
        d = os.path.join(tmp, name)
        os.mkdir(d)
        fn(d)

check.finish()
