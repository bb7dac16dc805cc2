"""q6env end to end: reset/step, spaces, determinism, rewards, vector and
multi-agent APIs, and failures, against a q6sim binary.

usage: test_env.py Q6SIM SOURCE_ROOT toy|q6sim
  toy    Q6SIM is test/agent/toy_engine (the real bridge in a small world
         whose latencies the test derives by hand)
  q6sim  the real engine on the default scenario; exit 77 while
         `q6sim plugins` does not list `agent` (before the ABI-3 merge)
Needs Debian's python3-numpy and python3-protobuf (exit 77 without)."""
import os
import sys

try:
    import numpy as np
    import google.protobuf  # noqa: F401
except ImportError as e:
    print(f"SKIP: {e} (run with /usr/bin/python3: python3-numpy, python3-protobuf)")
    sys.exit(77)

q6sim, root, mode = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, "python"))
sys.path.insert(0, os.path.join(root, "test"))
import q6env  # noqa: E402
from q6env import agent_pb2 as pb  # noqa: E402
from q6test import Checker  # noqa: E402

if not q6env.agent_registered(q6sim):
    print(f"SKIP: {q6sim} does not register the `agent` scheduler yet (see docs/learning.md)")
    sys.exit(77)

check = Checker()
scenario = os.path.join(root, "platforms/default/scenario.cfg")
SLOTS = 15
kw = dict(q6sim=q6sim, slots=SLOTS)
if mode == "q6sim":
    kw["vehicles__count"] = 4


def episode(policy, seed, reward="latency", env=None):
    """Runs one episode; returns (observation bytes per step, rewards, actions)."""
    own = env is None
    env = env or q6env.make(scenario, reward=reward, **kw)
    obs, info = env.reset(seed=seed)
    seen, rewards, actions = [info["observation"].SerializeToString()], [], []
    while True:
        a = policy(env, obs, info)
        actions.append(a)
        obs, r, term, trunc, info = env.step(a)
        if term or trunc:
            check(info.get("episode_end"), "the last step says episode_end")
            break
        check(obs["tasks"].shape == (len(info["observation"].tasks.id), 11), "task features: one row per task")
        check(bool(np.all(obs["valid"][:, 0])), "running locally is always valid")
        seen.append(info["observation"].SerializeToString())
        rewards.append(r)
    if own:
        env.close()
    return seen, rewards, actions


def local(env, obs, info):
    return np.zeros(len(obs["tasks"]), dtype=int)


def cloud_where_possible(env, obs, info):
    return np.where(obs["valid"][:, 2], 2, 0)


def sampled(env, obs, info):
    a = env.action_space.sample()
    check(bool(np.all(obs["valid"][np.arange(len(a)), a])), "action_space.sample() draws valid choices")
    return a


# Spaces and a random episode.
env = q6env.make(scenario, **kw)
env.action_space.seed(1)
obs, info = env.reset(seed=5)
check(set(obs) == {"tasks", "valid", "slot"}, f"observation keys {sorted(obs)}")
check(env.observation_space["slot"].contains(obs["slot"]), "slot features lie in the observation space")
check(env.action_space.shape == (len(obs["tasks"]),), "the action space has one choice per task of the slot")
env.close()
seen, rewards, _ = episode(sampled, 5)
check(len(rewards) == SLOTS - 1, f"{len(rewards)} rewarded steps for {SLOTS} slots (the last step ends the run)")
check(all(r <= 0 for r in rewards), "latency rewards are costs (<= 0)")

# Determinism: same seed and actions -> the same observations, byte for byte.
a1 = episode(cloud_where_possible, 9)
a2 = episode(cloud_where_possible, 9)
b = episode(cloud_where_possible, 10)
check(a1[0] == a2[0] and a1[1] == a2[1], "same seed, same actions: identical observations and rewards")
check(a1[0] != b[0], "another seed: other observations")

# Rewards.
vec = episode(cloud_where_possible, 9, reward="vector")[1]
cost = episode(cloud_where_possible, 9, reward="cost")[1]
check(all(abs(v[0] - r) < 1e-12 for v, r in zip(vec, a1[1])), "vector[0] is the latency reward")
env = q6env.make(scenario, **kw)
_, info = env.reset(seed=9)
w_l, w_e = info["observation"].weight_latency, info["observation"].weight_energy
env.close()
check(all(abs(c - (w_l * v[0] + w_e * v[1])) < 1e-9 * (1 + abs(c)) for v, c in zip(vec, cost)),
      "cost = w_l * latency + w_e * energy (both negated)")
check(any(v[1] < 0 for v in vec), "energy is reported")

if mode == "toy":
    # Hand-derived latencies of the toy world (toy_engine.c): sending every
    # task to the cloud through the node's strongest AP costs
    # air + 0.05 + work / 5e10, reported one slot later.
    snr_best = {0: 1, 1: 0, 2: 0, 3: 0}       # node 0: AP1 (SNR 20 > 10); node 1: tie -> AP 0
    rate = {(n, 0): 2e7 * (1 + n) for n in range(4)}
    rate.update({(n, 1): 4e7 for n in range(4)})
    obs_msgs = [pb.Observation.FromString(s) for s in a1[0]]
    for k in range(len(obs_msgs) - 1):
        t = obs_msgs[k].tasks
        want = sum(8 * (t.input_bytes[i] + t.output_bytes[i]) / rate[(t.node[i], snr_best[t.node[i]])] + 0.05 +
                   t.work_flops[i] / 5e10 for i in range(len(t.id)))
        check(abs(a1[1][k] + want) < 1e-9, f"slot {k}: reward {a1[1][k]} vs hand-derived -{want}")

if mode == "toy":
    # Scenario overrides reach q6sim in both spellings (the toy engine
    # refuses unknown keys): toy.tasks_max=0 leaves every slot empty.
    for extra in ({"overrides": {"toy.tasks_max": 0}}, {"toy__tasks_max": 0}):
        e = q6env.make(scenario, **kw, **extra)
        o, info = e.reset(seed=3)
        counts = [len(o["tasks"])]
        while True:
            o, r, te, tr, info = e.step([])
            if te or tr:
                break
            counts.append(len(o["tasks"]))
        e.close()
        check(counts == [0] * SLOTS, f"override {extra}: tasks per slot {counts}")

# Vector environment: environment i equals a single run with seed + i * 1000003.
venv = q6env.vector_env(scenario, 2, **kw)
obs_v, _ = venv.reset(seed=20)
rew_v = []
for _ in range(SLOTS - 1):
    obs_v, r, te, tr, _ = venv.step([cloud_where_possible(None, o, None) for o in obs_v])
    rew_v.append(r)
venv.close()
single1 = episode(cloud_where_possible, 20 + 1000003)[1]
check(np.allclose([r[1] for r in rew_v], single1), "vector env 1 equals its single-process run")

# Multi-agent: per-node rewards add up to the single-agent latency reward.
penv = q6env.parallel_env(scenario, **kw)
pobs, _ = penv.reset(seed=9)
sums = []
while penv.agents:
    acts = {a: np.where(o["valid"][:, 2], 2, 0) for a, o in pobs.items()}
    pobs, prew, pterm, ptrunc, _ = penv.step(acts)
    if penv.agents:
        sums.append(sum(prew.values()))
penv.close()
check(np.allclose(sums, a1[1]), "parallel env: per-agent rewards sum to the joint latency reward")

# Failures: a wrong-length action is refused in Python; a NaN fraction fails the run with the reason.
env = q6env.make(scenario, **kw)
obs, info = env.reset(seed=5)
while len(obs["tasks"]) == 0:
    obs, *_ = env.step([])
try:
    env.step(np.zeros(len(obs["tasks"]) + 1, dtype=int))
    check(False, "a wrong-length action raises")
except ValueError as e:
    check("choices for" in str(e), f"wrong length: {e}")
bad = pb.Action(slot=env.obs.slot)
for i in range(len(env.obs.tasks.id)):
    bad.tasks.add(offload_fraction=float("nan"))
try:
    env.step(bad)
    check(False, "a NaN action fails the run")
except q6env.RunFailed as e:
    check("offload_fraction nan" in str(e) and "status 1" in str(e), f"NaN action: {e}")
env.close()
check.finish()
