"""Helpers shared by the workflow tests."""
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


def write_spec(path, scenario, out, extra=""):
    """A small sweep: 2 fleet sizes x 2 seeds x 2 schedulers of the default city."""
    with open(path, "w") as f:
        f.write(f"""scenario = "{scenario}";
out = "{out}";
schedulers = ["greedy", "random"];
seeds = [1, 2];
grid = ( {{ key = "vehicles.count"; values = [8, 12]; }},
         {{ key = "task.arrival_rate_hz"; values = [0.3, 0.6]; }} );
set = ["task.deadline_s=1.5"];
slots = 12;
{extra}
""")
    return path
