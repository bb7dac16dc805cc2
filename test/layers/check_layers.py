"""Every dependency points one way (issue 11, section 7): a source file may
include q6sim headers only from its own folder or from a lower layer. The
layers, lowest first, are listed below; a folder not listed fails the test
so that new code is placed deliberately. Usage: check_layers.py SOURCE_ROOT"""
import os
import re
import sys

# rank of each folder; a file may include from folders of strictly lower
# rank, or from its own folder.
RANK = {
    "sim/base": 0,
    "solvers/abi": 0,
    "models": 1,
    "traces/events": 1,
    "solvers": 1,              # solvers/plugin.h: the frozen ABI 1/2 header
    "models/mobility": 2,
    "solvers/qubo": 2,
    "traces/mobility": 3,
    "solvers/market": 3,
    "solvers/baselines": 4,
    "solvers/offload": 5,
    "solvers/paper003": 5,
    "solvers/benders": 5,
    "solvers/paper001": 5,
    "solvers/paper004": 5.5,  # learned controllers run the agent policies
    "solvers/agent": 5,
    "solvers/meqc": 5.5,     # meqc-drl: paper001 WSET + agent policies
    "solvers/paper003/morl": 5.5,  # morl: paper003 controller core + agent inference
    "sim/scenario": 6,
    "sim/core": 7,
    "agents": 8,
    "sim/engine": 9,
    "sim/workflow": 10,
    "sim/cli": 11,
}
SRC_DIRS = ("sim", "models", "traces", "solvers", "agents")
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

root = sys.argv[1]
bad, unknown = [], set()
for top in SRC_DIRS:
    for d, _, files in os.walk(os.path.join(root, top)):
        folder = os.path.relpath(d, root)
        for f in files:
            if not f.endswith((".c", ".h")):
                continue
            if folder not in RANK:
                unknown.add(folder)
                continue
            text = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            for h in inc.findall(text):
                hdir = os.path.dirname(h)
                if not hdir or hdir == folder or not hdir.startswith(SRC_DIRS):
                    continue  # same folder, or generated / system-like
                if hdir not in RANK:
                    unknown.add(hdir)
                    continue
                if RANK[hdir] >= RANK[folder]:
                    bad.append(f"{folder}/{f} includes {h} ({hdir} is not below {folder})")
for u in sorted(unknown):
    print(f"folder {u} has no layer: add it to RANK in {__file__}", file=sys.stderr)
for b in bad:
    print("upward or sideways dependency:", b, file=sys.stderr)
if bad or unknown:
    print(f"{len(bad)} bad includes, {len(unknown)} unplaced folders", file=sys.stderr)
    sys.exit(1)
print("layers respected")
