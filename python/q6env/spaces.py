"""Minimal space descriptions (gymnasium-like, without depending on it):
`shape`, `dtype`, `sample()`, `contains()`, `seed()`. to_gymnasium()
converts them when gymnasium is installed."""
import numpy as np


class Space:
    def __init__(self):
        self._rng = np.random.default_rng()

    def seed(self, seed=None):
        self._rng = np.random.default_rng(seed)
        return [seed]


class Box(Space):
    def __init__(self, low, high, shape, dtype=np.float64):
        super().__init__()
        self.low, self.high, self.shape, self.dtype = low, high, tuple(shape), dtype

    def sample(self):
        lo = np.maximum(self.low, -1e3)
        hi = np.minimum(self.high, 1e3)
        return self._rng.uniform(lo, hi, self.shape).astype(self.dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self):
        return f"Box({self.low}, {self.high}, {self.shape})"


class Discrete(Space):
    def __init__(self, n):
        super().__init__()
        self.n, self.shape, self.dtype = n, (), np.int64

    def sample(self):
        return int(self._rng.integers(self.n))

    def contains(self, x):
        return isinstance(x, (int, np.integer)) and 0 <= x < self.n

    def __repr__(self):
        return f"Discrete({self.n})"


class Dict(Space):
    def __init__(self, spaces):
        super().__init__()
        self.spaces = dict(spaces)

    def sample(self):
        return {k: s.sample() for k, s in self.spaces.items()}

    def contains(self, x):
        return isinstance(x, dict) and all(k in x and s.contains(x[k]) for k, s in self.spaces.items())

    def seed(self, seed=None):
        for i, s in enumerate(self.spaces.values()):
            s.seed(None if seed is None else seed + i)
        return [seed]

    def __getitem__(self, k):
        return self.spaces[k]

    def __repr__(self):
        return f"Dict({self.spaces})"


class TaskArray(Space):
    """A variable number of rows, one per task of the current slot, each of
    `row` features: the slot's task count decides the leading dimension."""

    def __init__(self, row, n_rows=lambda: 0, low=-np.inf, high=np.inf, dtype=np.float64):
        super().__init__()
        self.row, self.n_rows, self.low, self.high, self.dtype = row, n_rows, low, high, dtype

    @property
    def shape(self):
        return (self.n_rows(), self.row)

    def sample(self):
        lo, hi = max(self.low, -1e3), min(self.high, 1e3)
        return self._rng.uniform(lo, hi, self.shape).astype(self.dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.ndim == 2 and x.shape[1] == self.row

    def __repr__(self):
        return f"TaskArray(rows=tasks of the slot, row={self.row})"


class TaskChoices(Space):
    """One choice per task of the current slot: 0 local, 1 edge at the
    node's strongest AP, 2 cloud through it. sample() draws uniformly among
    the choices valid for each task (valid_fn gives the (n, 3) mask)."""

    def __init__(self, valid_fn, n=3):
        super().__init__()
        self.valid_fn, self.n, self.dtype = valid_fn, n, np.int64

    @property
    def shape(self):
        return (len(self.valid_fn()),)

    def sample(self):
        valid = self.valid_fn()
        out = np.zeros(len(valid), dtype=np.int64)
        for i, row in enumerate(valid):
            options = np.flatnonzero(row)
            out[i] = self._rng.choice(options)
        return out

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all((x >= 0) & (x < self.n)))

    def __repr__(self):
        return f"TaskChoices(per task of the slot, {self.n} choices)"


def to_gymnasium(space):
    """The gymnasium equivalent (Sequence for per-task spaces)."""
    import gymnasium.spaces as gs
    if isinstance(space, Box):
        return gs.Box(space.low, space.high, space.shape, space.dtype)
    if isinstance(space, Discrete):
        return gs.Discrete(space.n)
    if isinstance(space, Dict):
        return gs.Dict({k: to_gymnasium(s) for k, s in space.spaces.items()})
    if isinstance(space, TaskArray):
        return gs.Sequence(gs.Box(space.low, space.high, (space.row,), space.dtype), stack=True)
    if isinstance(space, TaskChoices):
        return gs.Sequence(gs.Discrete(space.n), stack=True)
    raise TypeError(type(space).__name__)
