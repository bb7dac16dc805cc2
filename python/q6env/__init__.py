"""q6env: gymnasium-style environments over q6sim's `agent` scheduler.

Put the repository's python/ folder on PYTHONPATH. Needs only numpy and
protobuf (Debian 12: python3-numpy, python3-protobuf, under /usr/bin/python3).

    import q6env
    env = q6env.make("platforms/default/scenario.cfg", reward="cost")
    obs, info = env.reset(seed=1)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

See docs/learning.md.
"""
from .protocol import PROTOCOL_VERSION, Connection, ProtocolError  # noqa: F401
from .env import Q6Env, RunFailed, agent_registered, find_q6sim, make  # noqa: F401
from .vector import VectorEnv  # noqa: F401
from .multiagent import ParallelEnv  # noqa: F401
from . import features, rewards, spaces  # noqa: F401


def vector_env(scenario, n, **kw):
    """N environments in parallel processes (q6env.vector.VectorEnv)."""
    return VectorEnv(scenario, n, **kw)


def parallel_env(scenario, **kw):
    """Multi-agent, one agent per node (q6env.multiagent.ParallelEnv)."""
    return ParallelEnv(scenario, **kw)
