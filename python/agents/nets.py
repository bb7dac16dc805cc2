"""Networks whose forward pass the C policies reproduce exactly
(solvers/agent/nn.c): each takes the task features of q6env.features
(optionally normalised by fixed mean/scale buffers) and returns 3 scores
(local, edge, cloud) or 4 with an offload-fraction logit."""
import math

import torch
from torch import nn

TASK_FEATURES = 11
SLOT_FEATURES = 6


class Normalizer(nn.Module):
    """x' = (x - mean) * scale with fixed (non-trained) statistics."""

    def __init__(self, n):
        super().__init__()
        self.register_buffer("mean", torch.zeros(n, dtype=torch.float64))
        self.register_buffer("scale", torch.ones(n, dtype=torch.float64))

    def fit(self, x):
        x = torch.as_tensor(x, dtype=torch.float64)
        self.mean.copy_(x.mean(0))
        self.scale.copy_(1.0 / x.std(0).clamp_min(1e-3))

    def forward(self, x):
        return (x - self.mean.to(x.dtype)) * self.scale.to(x.dtype)


class MLP(nn.Module):
    """Linear layers with relu/tanh between them ("mlp" model)."""

    def __init__(self, n_in=TASK_FEATURES, hidden=(64, 64), n_out=3, activation="relu"):
        super().__init__()
        sizes = [n_in, *hidden, n_out]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.activation = activation
        self.norm = Normalizer(n_in)

    def act(self, x):
        return torch.relu(x) if self.activation == "relu" else torch.tanh(x)

    def forward(self, x):
        x = self.norm(x)
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i + 1 < len(self.layers):
                x = self.act(x)
        return x


class LSTMPolicy(nn.Module):
    """An LSTM over slot features (one step per slot, state kept across
    slots) and an MLP head over [task features, h] ("lstm" model)."""

    def __init__(self, hidden=16, head=(32,), n_out=3, activation="relu"):
        super().__init__()
        self.lstm = nn.LSTMCell(SLOT_FEATURES, hidden)
        self.head = MLP(TASK_FEATURES + hidden, head, n_out, activation)
        self.norm = Normalizer(TASK_FEATURES)
        self.slot_norm = Normalizer(SLOT_FEATURES)
        self.hidden = hidden

    def initial_state(self, dtype=torch.float32):
        z = torch.zeros(1, self.hidden, dtype=dtype)
        return (z, z.clone())

    def step(self, slot_x, state):
        """Advances the state by one slot; returns the new (h, c)."""
        return self.lstm(self.slot_norm(slot_x).reshape(1, -1), state)

    def forward(self, task_x, state):
        h = state[0].expand(task_x.shape[0], -1)
        return self.head(torch.cat([self.norm(task_x), h], dim=1))


def ry_layer_apply(psi, n, q, angle):
    """RY(angle) on qubit q of a batch of real statevectors psi (B, 2^n);
    angle (B,) or scalar. Qubit q is bit q of the basis index."""
    B = psi.shape[0]
    v = psi.reshape(B, 2 ** (n - q - 1), 2, 2 ** q)
    a0, a1 = v[:, :, 0, :], v[:, :, 1, :]
    c = torch.cos(angle / 2).reshape(-1, 1, 1) if torch.is_tensor(angle) else math.cos(angle / 2)
    s = torch.sin(angle / 2).reshape(-1, 1, 1) if torch.is_tensor(angle) else math.sin(angle / 2)
    return torch.stack([c * a0 - s * a1, s * a0 + c * a1], dim=2).reshape(B, 2 ** n)


_CNOT, _CHAIN, _ZSIGN, _BITS = {}, {}, {}, {}


def _bits(n):
    """(2^n, n) long tensor: bit q of each basis index."""
    b = _BITS.get(n)
    if b is None:
        b = _BITS[n] = (torch.arange(2 ** n).reshape(-1, 1) >> torch.arange(n)) & 1
    return b


def _cnot_index(n, ctrl, tgt):
    flip = _CNOT.get((n, ctrl, tgt))
    if flip is None:
        idx = torch.arange(2 ** n)
        flip = _CNOT[(n, ctrl, tgt)] = torch.where((idx >> ctrl) & 1 == 1, idx ^ (1 << tgt), idx)
    return flip


def cnot_apply(psi, n, ctrl, tgt):
    """CNOT as a permutation of the amplitudes (cached per (n, ctrl, tgt))."""
    return psi[:, _cnot_index(n, ctrl, tgt)]


def z_expectations(psi, n):
    """<Z_q> for every qubit: one matrix product with the +-1 sign table."""
    sign = _ZSIGN.get((n, psi.dtype))
    if sign is None:
        idx = torch.arange(2 ** n).reshape(-1, 1)
        sign = _ZSIGN[(n, psi.dtype)] = (1 - 2 * ((idx >> torch.arange(n)) & 1)).to(psi.dtype)
    return (psi * psi) @ sign


class VQC(nn.Module):
    """Real-amplitude variational circuit ("vqc" model): enc = Linear(11 -> n)
    angles, RY encoding, L layers of RY(theta) + CNOT chain, <Z> readout by
    Linear(n -> 3|4). Exact statevector, differentiable by autograd."""

    def __init__(self, qubits=4, layers=2, n_out=3, n_in=TASK_FEATURES):
        super().__init__()
        self.n, self.L = qubits, layers
        self.norm = Normalizer(n_in)
        self.enc = nn.Linear(n_in, qubits)
        self.theta = nn.Parameter(torch.rand(layers, qubits) * 2 * math.pi)
        self.readout = nn.Linear(qubits, n_out)

    def forward(self, x):
        """The same circuit as gate-by-gate simulation (forward_gates), in
        fewer tensor operations: the RY encoding of |0...0> is a product
        state (an outer product of the qubits' (cos, sin) pairs), and the
        trained layers, which do not depend on the input, form one 2^n x 2^n
        orthogonal matrix (per layer the Kronecker product of the RY
        rotations, then the CNOT chain as a column permutation), applied by
        one matrix product. Same numbers to rounding; several times faster
        to train."""
        angles = self.enc(self.norm(x))
        B, n = x.shape[0], self.n
        bits = _bits(n)                                    # (2^n, n): bit q of each basis index
        # amplitude[b, i] = prod_q (cos or sin)(angle[b, q] / 2) by bit q of i
        v = torch.stack([torch.cos(angles / 2), torch.sin(angles / 2)], dim=2)       # (B, n, 2)
        psi = torch.gather(v[:, None, :, :].expand(B, 2 ** n, n, 2), 3,
                           bits[None, :, :, None].expand(B, 2 ** n, n, 1)).squeeze(3).prod(2)
        if self.L:
            psi = psi @ self.layers_matrix(angles.dtype)
        return self.readout(z_expectations(psi, self.n))

    def layers_matrix(self, dtype):
        """M with psi_out = psi_in @ M (row-vector states) for the L layers:
        per layer K[i, j] = prod_q RY(theta_q)[bit_q(j), bit_q(i)] (the
        Kronecker product of the rotations, transposed), then the CNOT
        chain as a column permutation."""
        n = self.n
        flip = _CHAIN.get(n)
        if flip is None:
            idx = torch.arange(2 ** n)
            for q in range(n - 1):                  # psi[:, f1][:, f2] = psi[:, f1[f2]]
                idx = idx[_cnot_index(n, q, q + 1)]
            flip = _CHAIN[n] = idx
        bits = _bits(n)
        rows, cols = bits[:, None, :].expand(2 ** n, 2 ** n, n), bits[None, :, :].expand(2 ** n, 2 ** n, n)
        sel = (rows * 2 + cols).reshape(-1, n).T                                   # (n, 4^n): entry of RY^T
        th = self.theta.to(dtype)
        c, s = torch.cos(th / 2), torch.sin(th / 2)
        rt = torch.stack([c, s, -s, c], dim=2)                                     # (L, n, 4): RY^T row-major
        m = None
        for l in range(self.L):
            k = torch.gather(rt[l], 1, sel).prod(0).reshape(2 ** n, 2 ** n)
            m = k if m is None else m @ k
            m = m[:, flip]
        return m

    def forward_gates(self, x):
        """Gate-by-gate statevector simulation (the definition; tests)."""
        angles = self.enc(self.norm(x))
        B = x.shape[0]
        psi = torch.zeros(B, 2 ** self.n, dtype=x.dtype)
        psi[:, 0] = 1.0
        for q in range(self.n):
            psi = ry_layer_apply(psi, self.n, q, angles[:, q])
        for l in range(self.L):
            for q in range(self.n):
                psi = ry_layer_apply(psi, self.n, q, self.theta[l, q].expand(B))
            for q in range(self.n - 1):
                psi = cnot_apply(psi, self.n, q, q + 1)
        return self.readout(z_expectations(psi, self.n))
