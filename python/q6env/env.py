"""q6sim as a gymnasium-style environment.

Each episode is one `q6sim run SCENARIO --scheduler agent` process; the
environment holds the other end of a socket pair that q6sim inherits
(plugin_params fd=N), so nothing listens on the file system. reset(seed)
starts a run with that seed (same seed, same actions -> same episode,
byte for byte); step(action) answers the current slot's observation and
returns the next one. The episode ends (truncated=True: the scenario's
time limit) when q6sim closes the run; a run that fails raises
RunFailed with q6sim's message.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Mapping

import numpy as np

from . import agent_pb2 as pb
from . import features as F
from . import rewards
from .protocol import Connection, ProtocolError
from .spaces import Box, Dict, TaskArray, TaskChoices


class LazyObservation(Mapping):
    """The observation dict (tasks, valid, slot), each array computed on
    first access: an agent that does not look at one does not pay for it."""

    KEYS = ("tasks", "valid", "slot")

    def __init__(self, msg, aps=None):
        self.msg, self._aps, self._cache = msg, aps, {}

    def __getitem__(self, key):
        if key not in self._cache:
            if key == "tasks":
                self._cache[key] = F.task_features(self.msg, self._aps)
            elif key == "valid":
                self._cache[key] = F.valid_choices(self.msg, self._aps)
            elif key == "slot":
                self._cache[key] = F.slot_features(self.msg)
            else:
                raise KeyError(key)
        return self._cache[key]

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self):
        return len(self.KEYS)


class RunFailed(RuntimeError):
    """q6sim exited non-zero; the message carries its stderr."""


def find_q6sim(explicit=None):
    """explicit, $Q6SIM, the repository's build/q6sim, or q6sim on PATH."""
    here = os.path.dirname(os.path.abspath(__file__))
    for c in (explicit, os.environ.get("Q6SIM"), os.path.join(here, "..", "..", "build", "q6sim"),
              shutil.which("q6sim")):
        if c and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise FileNotFoundError("q6sim not found: pass q6sim=PATH, set Q6SIM, or build it (ninja -C build)")


def agent_registered(q6sim):
    r = subprocess.run([q6sim, "plugins"], capture_output=True, text=True)
    return any(line.split()[:1] == ["agent"] for line in r.stdout.splitlines())


class Q6Env:
    """Single-agent environment: one action decides every task of a slot.

    Observation (dict of numpy arrays):
      tasks  (n_tasks, 11) task features (q6env.features, "task-v1")
      valid  (n_tasks, 3)  which choices are possible per task
      slot   (6,)          slot features ("slot-v1")
    info["observation"] is the full agent_pb2.Observation.
    Action: per task 0 local / 1 edge / 2 cloud (array of n_tasks ints),
    or {"choices": ..., "fractions": ...} (offload fractions in [0, 1]), or
    an agent_pb2.Action for full control of every field.
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario, q6sim=None, reward="latency", slots=None, overrides=None, timeout_s=30.0,
                 strict=False, drop_penalty_s=1.0, out_dir=None, seed=None):
        if reward not in rewards.KINDS:
            raise ValueError(f"reward '{reward}' is not one of {', '.join(rewards.KINDS)}")
        self.scenario = os.path.abspath(scenario)
        self.q6sim = find_q6sim(q6sim)
        self.reward_kind, self.slots, self.timeout_s, self.strict = reward, slots, timeout_s, strict
        self.overrides = dict(overrides or {})
        self.drop_penalty_s, self.out_dir, self.default_seed = drop_penalty_s, out_dir, seed
        self.proc = self.conn = self.obs = None
        self._tmp = None
        self._task_bits = {}
        self._current = None
        self.observation_space = Dict({
            "tasks": TaskArray(F.TASK_FEATURES, lambda: len(self._valid)),
            "valid": TaskArray(3, lambda: len(self._valid), 0, 1, np.bool_),
            "slot": Box(-np.inf, np.inf, (F.SLOT_FEATURES,)),
        })
        self.action_space = TaskChoices(lambda: self._valid)
        self.reward_range = (-np.inf, 0.0)

    # ---- process ---------------------------------------------------------

    def _start(self, seed):
        self.close()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._tmp = tempfile.mkdtemp(prefix="q6env-")
        out = self.out_dir or os.path.join(self._tmp, "run")
        params = f"fd={child.fileno()},timeout_s={self.timeout_s}"
        cmd = [self.q6sim, "run", self.scenario, "--scheduler", "agent", "--set", f"plugin_params={params}",
               "--out", out, "--quiet", "--no-progress"]
        if seed is not None:
            cmd += ["--seed", str(int(seed))]
        if self.slots is not None:
            cmd += ["--slots", str(int(self.slots))]
        if self.strict:
            cmd.append("--strict")
        for k, v in self.overrides.items():
            cmd += ["--set", f"{k}={v}"]
        self._stderr = open(os.path.join(self._tmp, "stderr"), "w+")
        self.proc = subprocess.Popen(cmd, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self._stderr)
        child.close()
        parent.settimeout(self.timeout_s + 30.0)   # q6sim's own timeout fires first
        self.conn = Connection(parent)

    def _failure(self, what):
        """The run's exit status and stderr as an exception."""
        try:
            rc = self.proc.wait(timeout=self.timeout_s + 10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self._stderr.seek(0)
        err = self._stderr.read().strip()
        return RunFailed(f"{what}: q6sim exited with status {rc}: {err or '(no message)'}")

    def _recv(self):
        try:
            return self.conn.recv()
        except (OSError, ProtocolError) as e:
            raise self._failure(f"lost q6sim ({e})") from None

    # ---- gymnasium API ---------------------------------------------------

    def reset(self, seed=None, options=None):
        seed = self.default_seed if seed is None else seed
        self._start(seed)
        try:
            self.conn.handshake("q6env")
        except (OSError, ProtocolError) as e:
            raise self._failure(f"no handshake ({e})") from None
        self._task_bits = {}
        m = self._recv()
        if m is None or m.WhichOneof("kind") != "observation":
            raise self._failure("the run ended before its first slot")
        return self._observe(m.observation), self._info(m.observation)

    def step(self, action):
        self.step_send(action)
        return self.step_receive()

    def step_send(self, action):
        """First half of step(): sends the action (VectorEnv sends to all
        environments before receiving from any)."""
        if self.obs is None:
            raise RuntimeError("step() before reset() or after the episode ended")
        try:
            self.conn.send_action(self.to_action(action))
        except OSError as e:
            raise self._failure(f"lost q6sim ({e})") from None

    def step_receive(self):
        """Second half of step(): the next observation, reward, flags, info."""
        m = self._recv()
        if m is None or m.WhichOneof("kind") == "close":
            reason = m.close.reason if m is not None else "connection closed"
            last = self.obs
            rc = self.proc.wait(timeout=self.timeout_s + 60)
            if rc != 0 or reason != "end":
                raise self._failure(f"run ended ({reason})")
            self.obs = None
            info = self._info(last)
            info["episode_end"] = True
            return self.arrays(last), 0.0 if self.reward_kind != "vector" else np.zeros(3), False, True, info
        o = m.observation
        r = rewards.reward(self.reward_kind, o, self._task_bits, self.drop_penalty_s)
        return self._observe(o), r, False, False, self._info(o)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    self.proc.wait(timeout=self.timeout_s + 5)
                except subprocess.TimeoutExpired:
                    self.proc.send_signal(signal.SIGKILL)
                    self.proc.wait()
            self.proc = None
            self._stderr.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self.obs = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ---- conversions -----------------------------------------------------

    def _observe(self, o):
        self.obs = o
        self._current = LazyObservation(o)
        if self.reward_kind in ("emissions", "vector"):
            for i, a, b in zip(o.tasks.id, o.tasks.input_bytes, o.tasks.output_bytes):
                self._task_bits[int(i)] = 8.0 * (a + b)
        return self._current

    @property
    def _valid(self):
        return self._current["valid"] if self.obs is not None else np.zeros((0, 3), dtype=bool)

    def arrays(self, o):
        """The observation dict (tasks, valid, slot) of an agent_pb2.Observation."""
        return self._current if o is self.obs else LazyObservation(o)

    def _info(self, o):
        return {"observation": o, "slot": o.slot, "now_s": o.now_s}

    def to_action(self, action):
        if isinstance(action, pb.Action):
            return action
        fractions = None
        if isinstance(action, dict):
            fractions = action.get("fractions")
            action = action["choices"]
        choices = np.asarray(action, dtype=np.int64).reshape(-1)
        if len(choices) != len(self.obs.tasks.id):
            raise ValueError(f"{len(choices)} choices for {len(self.obs.tasks.id)} tasks")
        return F.choices_to_action(self.obs, choices, fractions)


def make(scenario, **overrides):
    """An environment on SCENARIO. Keywords: q6sim, reward (latency, cost,
    emissions, dpp, vector), slots, timeout_s, strict, drop_penalty_s,
    out_dir, seed, overrides={KEY: VALUE}; any other keyword is a scenario
    override too (--set KEY=VALUE, with '__' for '.': vehicles__count=10 ->
    vehicles.count=10)."""
    known = {"q6sim", "reward", "slots", "timeout_s", "strict", "drop_penalty_s", "out_dir", "seed"}
    kw = {k: v for k, v in overrides.items() if k in known}
    sets = dict(overrides.get("overrides") or {})
    sets.update({k.replace("__", "."): v for k, v in overrides.items() if k not in known and k != "overrides"})
    return Q6Env(scenario, overrides=sets, **kw)
