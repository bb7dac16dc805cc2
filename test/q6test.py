"""Helpers shared by the Python tests: run q6sim with the sanitizer's own
warnings filtered out of stderr, and collect failed checks."""
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
