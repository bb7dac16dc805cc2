"""N environments stepped together, each its own q6sim process, so the
simulations run in parallel while the learner batches its decisions.
Gymnasium's vector semantics: when an episode ends its environment is
reset at once (next seed), the returned observation is the new episode's
first, and info["final_observation"][i] holds the last one."""
import numpy as np

from .env import make


class VectorEnv:
    def __init__(self, scenario, n, **kw):
        self.envs = [make(scenario, **kw) for _ in range(n)]
        self.num_envs = n
        self._seeds = [None] * n

    def reset(self, seed=None):
        self._seeds = [None if seed is None else seed + i * 1000003 for i in range(self.num_envs)]
        # One after the other; the runs then proceed side by side.
        results = [e.reset(seed=s) for e, s in zip(self.envs, self._seeds)]
        return [r[0] for r in results], [r[1] for r in results]

    def step(self, actions):
        for e, a in zip(self.envs, actions):
            e.step_send(a)
        obs, rew, term, trunc, infos = [], [], [], [], []
        for i, e in enumerate(self.envs):
            o, r, te, tr, info = e.step_receive()
            if te or tr:
                info["final_observation"] = o
                self._seeds[i] = None if self._seeds[i] is None else self._seeds[i] + 1
                o, _ = e.reset(seed=self._seeds[i])
            obs.append(o)
            rew.append(r)
            term.append(te)
            trunc.append(tr)
            infos.append(info)
        return obs, np.asarray(rew), np.asarray(term), np.asarray(trunc), infos

    def close(self):
        for e in self.envs:
            e.close()
