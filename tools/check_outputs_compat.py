#!/usr/bin/env python3
"""Checks that a run's outputs keep every column and key of an older run.

Usage: check_outputs_compat.py OLD_DIR NEW_DIR

For slots.csv, market.csv and edge_tasks.csv: every column of OLD must
exist in NEW with byte-identical values in every row (NEW may add columns).
For summary.json: every key of OLD must have the same value in NEW (NEW
may add keys). trace.pb and platform.xml must be byte-identical. Exit 0
when all hold, 1 with the differences otherwise. Used to prove that plugin
ABI 3 changed no existing output of scenarios that use none of its fields.
"""
import csv
import json
import os
import sys


def main(old, new):
    bad = []
    for name in ["slots.csv", "market.csv", "edge_tasks.csv"]:
        po, pn = os.path.join(old, name), os.path.join(new, name)
        if not os.path.exists(po):
            continue
        ro, rn = list(csv.DictReader(open(po))), list(csv.DictReader(open(pn)))
        if len(ro) != len(rn):
            bad.append(f"{name}: {len(ro)} rows before, {len(rn)} now")
            continue
        for i, (a, b) in enumerate(zip(ro, rn)):
            for col, v in a.items():
                if b.get(col) != v:
                    bad.append(f"{name} row {i} column {col}: {v!r} before, {b.get(col)!r} now")
    so, sn = json.load(open(os.path.join(old, "summary.json"))), json.load(open(os.path.join(new, "summary.json")))
    for k, v in so.items():
        if sn.get(k) != v:
            bad.append(f"summary.json {k}: {v!r} before, {sn.get(k)!r} now")
    for name in ["trace.pb", "platform.xml"]:
        if open(os.path.join(old, name), "rb").read() != open(os.path.join(new, name), "rb").read():
            bad.append(f"{name} differs")
    for b in bad[:20]:
        print(b, file=sys.stderr)
    print(f"{old} -> {new}: {'same old columns and keys' if not bad else f'{len(bad)} differences'}")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
