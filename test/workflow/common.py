"""Helpers of the workflow tests (the general ones are in test/q6test.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from q6test import ASAN_NOISE, Checker, clean, run  # noqa: E402,F401


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
