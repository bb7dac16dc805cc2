#!/usr/bin/env python3
"""`q6sim qubo solve` on edge cases, against brute force done here:
one-variable problems under every solver (tabu once exited 1 on them),
coefficients near DBL_MAX (exact once answered 0, sa printed -inf), and a
problem whose energies overflow a double (exit 2 with a message naming the
file). Every output must be strict JSON (no NaN/Infinity literals).
Usage: test_qubo_cli.py Q6SIM
"""
import itertools
import json
import os
import shutil
import sys
import tempfile

Q6SIM = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()


def write_qubo(path, n, terms):
    diag = [t for t in terms if t[0] == t[1]]
    with open(path, "w") as f:
        f.write(f"p qubo 0 {n} {len(diag)} {len(terms) - len(diag)}\n")
        for i, j, w in diag + [t for t in terms if t[0] != t[1]]:
            f.write(f"{i} {j} {w!r}\n")


def brute_min(n, terms):
    best = None
    for x in itertools.product((0, 1), repeat=n):
        e = sum(w * x[i] * x[j] for i, j, w in terms)
        best = e if best is None or e < best else best
    return best


def strict(text):
    return json.loads(text, parse_constant=lambda t: (_ for _ in ()).throw(ValueError(f"literal {t}")))


def solve(path, solver):
    rc, so, err = q6test.run(Q6SIM, ["qubo", "solve", path, "--solver", solver, "--no-timing"])
    doc = None
    if rc == 0:
        try:
            doc = strict(so)
        except ValueError as e:
            check(False, f"{solver} on {os.path.basename(path)}: output is not strict JSON: {e}")
    return rc, doc, err


def main(tmp):
    cases = {
        "one-neg": (1, [(0, 0, -2.5)]),
        "one-pos": (1, [(0, 0, 3.0)]),
        "one-zero": (1, [(0, 0, 0.0)]),
        "big": (2, [(0, 0, -1e307), (1, 1, 1e307), (0, 1, -1e306)]),
        "big-one": (1, [(0, 0, -2e307)]),
    }
    for name, (n, terms) in cases.items():
        path = os.path.join(tmp, name + ".qubo")
        write_qubo(path, n, terms)
        want = brute_min(n, terms)
        for solver in ("exact", "sa", "tabu"):
            rc, doc, err = solve(path, solver)
            check(rc == 0, f"{solver} on {name}: exit {rc}: {err}")
            if doc:
                check(doc["best_energy"] == want, f"{solver} on {name}: best {doc['best_energy']} != {want}")
    # -1e308 twice: the all-ones energy is -2e308, beyond a double.
    path = os.path.join(tmp, "overflow.qubo")
    write_qubo(path, 2, [(0, 0, -1e308), (1, 1, -1e308)])
    for solver in ("exact", "sa", "tabu"):
        rc, so, err = q6test.run(Q6SIM, ["qubo", "solve", path, "--solver", solver])
        check(rc == 2 and "overflow.qubo" in err and "too large" in err and so == "",
              f"{solver} on an overflowing problem: exit {rc}, stdout {so[:80]!r}, stderr {err}")


d = tempfile.mkdtemp(prefix="q6qubo-")
try:
    main(d)
finally:
    shutil.rmtree(d, ignore_errors=True)
check.finish()
