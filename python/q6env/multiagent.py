"""PettingZoo-style parallel API: one agent per node (vehicle or UAV,
paper 004), all acting in the same slot.

    env = q6env.parallel_env("platforms/default/scenario.cfg")
    observations, infos = env.reset(seed=1)
    while env.agents:
        actions = {a: policy(observations[a]) for a in env.agents}
        observations, rewards, terminations, truncations, infos = env.step(actions)

Agent "node_i" observes the features of its own tasks of the slot (and the
slot features) and answers one choice per task; its reward is the latency
reward of its own tasks' feedback. The joint action is one Action of the
single-agent environment, so one q6sim run serves all agents."""
import numpy as np

from . import rewards
from .env import make


class ParallelEnv:
    metadata = {"name": "q6sim_parallel_v0"}

    def __init__(self, scenario, **kw):
        self.env = make(scenario, **kw)
        self.agents, self.possible_agents = [], []

    def _split(self, obs_dict, o):
        node = np.asarray(o.tasks.node, dtype=int)
        out = {}
        for a in self.possible_agents:
            mine = node == int(a.split("_")[1])
            out[a] = {"tasks": obs_dict["tasks"][mine], "valid": obs_dict["valid"][mine], "slot": obs_dict["slot"]}
        return out

    def reset(self, seed=None, options=None):
        obs, info = self.env.reset(seed=seed)
        o = info["observation"]
        self.possible_agents = [f"node_{i}" for i in range(o.n_nodes)]
        self.agents = list(self.possible_agents)
        return self._split(obs, o), {a: {} for a in self.agents}

    def observation_space(self, agent):
        return self.env.observation_space

    def action_space(self, agent):
        return self.env.action_space

    def step(self, actions):
        o = self.env.obs
        node = np.asarray(o.tasks.node, dtype=int)
        joint = np.zeros(len(node), dtype=np.int64)
        for a, choice in actions.items():
            mine = np.flatnonzero(node == int(a.split("_")[1]))
            choice = np.asarray(choice, dtype=np.int64).reshape(-1)
            if len(choice) != len(mine):
                raise ValueError(f"{a}: {len(choice)} choices for its {len(mine)} tasks")
            joint[mine] = choice
        obs, _, term, trunc, info = self.env.step(joint)
        new = info["observation"]
        per_node = np.zeros(len(self.possible_agents))
        if not (term or trunc):
            oc = new.outcomes
            lat = np.asarray(oc.latency_s, dtype=float) + self.env.drop_penalty_s * (
                np.asarray(oc.state) == rewards.DROPPED)
            np.add.at(per_node, np.asarray(oc.node, dtype=int), lat)
        rew = {a: -float(per_node[i]) for i, a in enumerate(self.possible_agents)}
        observations = self._split(obs, new)
        terminations = {a: bool(term) for a in self.agents}
        truncations = {a: bool(trunc) for a in self.agents}
        infos = {a: {} for a in self.agents}
        if term or trunc:
            self.agents = []
        return observations, rew, terminations, truncations, infos

    def close(self):
        self.env.close()
