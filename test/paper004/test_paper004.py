"""Paper 004 end to end: the scenario runs under the heuristic controllers
on one exogenous timeline; reruns are byte-identical; the FBL coding delay
of every AP reaches the simulated platform (air link latency n / B +
n x decode_s_per_use); Okumura-Hata outside its validity is refused (exit
2, naming file, line and property) unless hata_override = 1, which runs
with a warning naming the AP; bad values exit 2 naming the field."""
import filecmp
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "test"))
from q6test import Checker, expect_bad, run  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
pdir = os.path.join(root, "platforms", "paper004")
scen = os.path.join(pdir, "scenario.cfg")
check = Checker()
tmp = tempfile.mkdtemp(prefix="q6-p004-")


def variant(name, edit_platform):
    """The shipped scenario over an edited copy of its platform, in tmp."""
    xml = edit_platform(open(os.path.join(pdir, "platform.xml")).read())
    pxml = os.path.join(tmp, name + ".xml")
    with open(pxml, "w") as f:
        f.write(xml)
    text = open(scen).read().replace('platform = "platform.xml";', f'platform = "{pxml}";')
    path = os.path.join(tmp, name + ".cfg")
    with open(path, "w") as f:
        f.write(text)
    return path, pxml


# Controllers on one timeline; reruns byte-identical.
digests = {}
for sched in ["greedy", "random", "p4-latency", "p4-uav-first", "p4-bs-first"]:
    outs = []
    for k in range(2):
        out = os.path.join(tmp, f"{sched}-{k}")
        rc, _, se = run(q6sim, ["run", scen, "--slots", "15", "--scheduler", sched, "--out", out, "--quiet",
                                "--strict"])
        check(rc == 0, f"{sched}: exit {rc}: {se}")
        outs.append(out)
    if all(os.path.isdir(o) for o in outs):
        for f in ["summary.json", "slots.csv", "trace.pb", "platform.xml"]:
            check(filecmp.cmp(os.path.join(outs[0], f), os.path.join(outs[1], f), shallow=False),
                  f"{sched}: {f} identical on rerun")
        s = json.load(open(os.path.join(outs[0], "summary.json")))
        digests[sched] = s["timeline_digest"]
        check(s["tasks_generated"] > 0, f"{sched}: tasks generated")
check(len(set(digests.values())) == 1, f"one timeline for every controller: {digests}")


def exec_hosts(out):
    rc, so, se = run(q6sim, ["trace", "dump", os.path.join(out, "trace.pb"), "--format", "jsonl"])
    check(rc == 0, f"trace dump: {se}")
    return [e["host"] for e in map(json.loads, so.splitlines()) if e["kind"] == "EXEC_START"]


# UAV-first computes on UAVs only, BS-first on BSs only (here every vehicle
# reaches both kinds in every slot); p4-latency uses both.
uav = exec_hosts(os.path.join(tmp, "p4-uav-first-0"))
check(uav and all(h.startswith("uav-") for h in uav), f"p4-uav-first on UAVs: {sorted(set(uav))}")
bs = exec_hosts(os.path.join(tmp, "p4-bs-first-0"))
check(bs and all(h.startswith("bs-") for h in bs), f"p4-bs-first on BSs: {sorted(set(bs))}")
lat = exec_hosts(os.path.join(tmp, "p4-latency-0"))
check(any(h.startswith("uav-") for h in lat) and any(h.startswith("bs-") for h in lat),
      f"p4-latency uses BSs and UAVs: {sorted(set(lat))}")

# The baselines run the agents' C policies on the shipped weights: the
# same decisions as the base policy (slots.csv identical, summary.json
# identical but for the scheduler's name); without weights the run is
# refused (exit 2, naming the plugin and weights=PATH). qdrl and its
# ablations have their own policy (test_qdrl.py).
for name in ("qdrl", "sa-qdrl", "qdrl-no-lstm", "qdrl-no-dt"):
    expect_bad(check, q6sim, ["run", scen, "--slots", "2", "--scheduler", name], [name, "weights=PATH"],
               f"{name} without weights")
for name, base in (("mappo", "mlp-policy"), ("maddpg", "mlp-policy")):
    w = os.path.join(pdir, name + ".q6w")
    outs = []
    for sched in (name, base):
        out = os.path.join(tmp, f"learned-{name}-{sched}")
        rc, _, se = run(q6sim, ["run", scen, "--slots", "10", "--scheduler", sched, "--out", out, "--quiet",
                                "--strict", "--set", f"plugin_params=weights={w}"])
        check(rc == 0, f"{sched} on {name}.q6w: exit {rc}: {se}")
        outs.append(out)
    if all(os.path.isdir(o) for o in outs):
        check(filecmp.cmp(os.path.join(outs[0], "slots.csv"), os.path.join(outs[1], "slots.csv"), shallow=False),
              f"{name} = {base}: slots.csv")
        a, b = (json.load(open(os.path.join(o, "summary.json"))) for o in outs)
        check(a.pop("scheduler") == name and b.pop("scheduler") == base and a == b, f"{name} = {base}: summary")
    expect_bad(check, q6sim, ["run", scen, "--slots", "2", "--scheduler", name], [name, "weights=PATH"],
               f"{name} without weights")

# Regression: a C policy in a slot without tasks (seed 900002: slots 0-1
# have none) stopped the run ("decide returned -1 without a message").
for name in ("qdrl", "mappo"):
    out = os.path.join(tmp, f"empty-{name}")
    rc, _, se = run(q6sim, ["run", scen, "--seed", "900002", "--slots", "3", "--scheduler", name, "--out", out,
                            "--quiet", "--set", f"plugin_params=weights={os.path.join(pdir, name + '.q6w')}"])
    check(rc == 0, f"{name} through empty slots: exit {rc}: {se}")
    if rc == 0:
        first = open(os.path.join(out, "slots.csv")).read().splitlines()[1].split(",")
        check(first[2] == "0", f"slot 0 has no tasks (the case under test): {first[:3]}")

# Coding delay on the air links: l = 100 channel uses over 10 MHz = 10 us;
# with 3 us of decoding per use 10 us + 300 us = 310 us.
gen = open(os.path.join(tmp, "greedy-0", "platform.xml")).read()
lat = re.findall(r'<link id="air-(bs-0|uav-3)" bandwidth="[^"]*" latency="([^"]*)s"', gen)
check(len(lat) == 2 and all(abs(float(v) - 1e-5) < 1e-15 for _, v in lat), f"air link latency 1e-5 s: {lat}")
path, _ = variant("decode", lambda x: x.replace('<prop id="decode_s_per_use" value="0"/>',
                                                '<prop id="decode_s_per_use" value="3e-6"/>'))
out = os.path.join(tmp, "decode")
rc, _, se = run(q6sim, ["run", path, "--slots", "3", "--out", out, "--quiet"])
check(rc == 0, f"decode variant: exit {rc}: {se}")
if rc == 0:
    gen = open(os.path.join(out, "platform.xml")).read()
    lat = re.findall(r'<link id="air-[a-z0-9-]*" bandwidth="[^"]*" latency="([^"]*)s"', gen)
    check(len(lat) == 14 and all(abs(float(v) - 3.1e-4) < 1e-12 for v in lat), f"air latency 3.1e-4 s: {lat}")

# Okumura-Hata at 3.5 GHz and 40 m: outside 150-1500 MHz.
def hata(override):
    def edit(x):
        x = x.replace('<prop id="pathloss" value="uma"/> <prop id="uma_breakpoint_m" value="100"/>',
                      '<prop id="pathloss" value="hata"/>' + (' <prop id="hata_override" value="1"/>' if override else ""), 1)
        return x
    return edit


path, pxml = variant("hata", hata(False))
line = next(i + 1 for i, l in enumerate(open(pxml)) if 'id="bs-0"' in l)
expect_bad(check, q6sim, ["run", path, "--slots", "2", "--out", os.path.join(tmp, "hata-out")],
           [f"{pxml}:{line}", "bs-0", "hata_override", "150-1500 MHz"], "Hata outside validity",
           os.path.join(tmp, "hata-out"))
path, pxml = variant("hata-ok", hata(True))
rc, _, se = run(q6sim, ["run", path, "--slots", "2", "--out", os.path.join(tmp, "hata-ok-out"), "--quiet"])
check(rc == 0, f"Hata with override: exit {rc}: {se}")
check("warning" in se and f"{pxml}:{line}" in se and "bs-0" in se and "Okumura-Hata" in se,
      f"Hata override warns naming the AP: {se!r}")
path, pxml = variant("hata-bad", lambda x: hata(True)(x).replace('<prop id="hata_override" value="1"/>',
                                                                  '<prop id="hata_override" value="0.5"/>'))
expect_bad(check, q6sim, ["run", path, "--slots", "2"], ["hata_override", "0 or 1"], "hata_override 0.5")

# Bad scenario values: one message naming the field, exit 2.
expect_bad(check, q6sim, ["run", scen, "--set", "vehicles.mobility.ascent_max_deg=95"],
           ["ascent_max_deg", "[0, 90]"], "ascent angle 95 deg")
path, _ = variant("bp", lambda x: x.replace('"uma_breakpoint_m" value="100"', '"uma_breakpoint_m" value="-1"', 1))
expect_bad(check, q6sim, ["run", path, "--slots", "2"], ["uma_breakpoint_m", "bs-0"], "negative breakpoint")
check.finish()
