"""Writes trained networks as q6sim weight files (docs/weight-format.md)
for the C schedulers mlp-policy, lstm-policy and vqc-policy.

    from agents.export import export
    export(net, "policy.q6w")          # MLP, LSTMPolicy or VQC

Values are written with repr(float), the shortest decimal that parses back
to the same double, so C reads exactly the weights torch holds."""
import contextlib
import os

import torch

from .nets import MLP, VQC, LSTMPolicy


@contextlib.contextmanager
def weights_file(path, note=None):
    """A weight file's frame (docs/weight-format.md): yields the open file
    after the magic line and the optional note, then writes `end` and
    renames the temporary file into place, so a reader never sees half a
    file; on an error the temporary file is removed."""
    tmp = path + ".tmp"
    try:
        with open(tmp, "w") as f:
            f.write("q6-weights 1\n")
            if note:
                f.write(f"note {note}\n")
            yield f
            f.write("end\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _tensor(f, name, t):
    t = t.detach().to(torch.float64).contiguous()
    dims = list(t.shape)
    f.write(f"tensor {name} {len(dims)} {' '.join(map(str, dims))}\n")
    vals = [repr(float(v)) for v in t.reshape(-1).tolist()]
    for i in range(0, len(vals), 8):
        f.write(" ".join(vals[i:i + 8]) + "\n")


def _head(n_out):
    """3 scores, 3 scores + a fraction logit, or a fraction logit alone
    (meqc-drl's DDPG actor, docs/paper001.md)."""
    return {3: "discrete", 4: "hybrid", 1: "fraction"}[n_out]


def vqc_tensors(f, prefix, v):
    """A variational circuit's tensors (docs/weight-format.md) under names
    PREFIX + norm.mean ... readout.bias: `vqc-policy`'s circuit and paper
    004's vehicle ("") and AP ("ap_") circuits share this layout."""
    _tensor(f, prefix + "norm.mean", v.norm.mean)
    _tensor(f, prefix + "norm.scale", v.norm.scale)
    _tensor(f, prefix + "enc.weight", v.enc.weight)
    _tensor(f, prefix + "enc.bias", v.enc.bias)
    if v.L:
        _tensor(f, prefix + "theta", v.theta)
    _tensor(f, prefix + "readout.weight", v.readout.weight)
    _tensor(f, prefix + "readout.bias", v.readout.bias)


def _mlp_tensors(f, prefix, mlp):
    for i, layer in enumerate(mlp.layers):
        _tensor(f, f"{prefix}{i}.weight", layer.weight)
        _tensor(f, f"{prefix}{i}.bias", layer.bias)


def export(net, path, note=None):
    """Writes net to path (atomically: a temporary file renamed into place)."""
    with weights_file(path, note) as f:
        if isinstance(net, MLP):
            n_out = net.layers[-1].out_features
            f.write(f"model mlp\nfeatures task-v1\nhead {_head(n_out)}\nactivation {net.activation}\n")
            f.write(f"layers {len(net.layers)}\n")
            _tensor(f, "norm.mean", net.norm.mean)
            _tensor(f, "norm.scale", net.norm.scale)
            _mlp_tensors(f, "mlp", net)
        elif isinstance(net, LSTMPolicy):
            n_out = net.head.layers[-1].out_features
            f.write(f"model lstm\nfeatures task-v1+slot-v1\nhead {_head(n_out)}\nactivation {net.head.activation}\n")
            f.write(f"layers {len(net.head.layers)}\n")
            _tensor(f, "norm.mean", net.norm.mean)
            _tensor(f, "norm.scale", net.norm.scale)
            _tensor(f, "slot_norm.mean", net.slot_norm.mean)
            _tensor(f, "slot_norm.scale", net.slot_norm.scale)
            for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                _tensor(f, f"lstm.{k}", getattr(net.lstm, k))
            # The head's own normaliser must be the identity: the C head has none.
            if not (torch.all(net.head.norm.mean == 0) and torch.all(net.head.norm.scale == 1)):
                raise ValueError("LSTMPolicy.head.norm must stay the identity (C applies no head normaliser)")
            _mlp_tensors(f, "head", net.head)
        elif isinstance(net, VQC):
            n_out = net.readout.out_features
            f.write(f"model vqc\nfeatures task-v1\nhead {_head(n_out)}\nqubits {net.n}\nlayers {net.L}\n")
            vqc_tensors(f, "", net)
        else:
            raise TypeError(f"cannot export {type(net).__name__}: MLP, LSTMPolicy or VQC only")


def load_mlp(path, dtype=torch.float64):
    """The MLP of an `mlp` weight file written by export(), in dtype (float64:
    the C inference's precision, for comparing C with Python)."""
    header, tensors, name, vals, dims = {}, {}, None, [], None
    with open(path) as f:
        lines = f.read().split("\n")
    if lines[0] != "q6-weights 1":
        raise ValueError(f"{path}: not a q6-weights 1 file")
    for line in lines[1:]:
        words = line.split()
        if not words or words[0] == "end":
            continue
        if words[0] == "tensor":
            name, nd = words[1], int(words[2])
            dims, vals = [int(w) for w in words[3:3 + nd]], []
            tensors[name] = (dims, vals)
        elif name is None:
            header[words[0]] = " ".join(words[1:])
        else:
            vals.extend(float(w) for w in words)
    if header.get("model") != "mlp":
        raise ValueError(f"{path}: model {header.get('model')}, not mlp")
    n = int(header["layers"])
    sizes = [tensors[f"mlp{i}.weight"][0] for i in range(n)]
    net = MLP(n_in=sizes[0][1], hidden=[s[0] for s in sizes[:-1]], n_out=sizes[-1][0],
              activation=header.get("activation", "relu")).to(dtype)
    with torch.no_grad():
        for i, layer in enumerate(net.layers):
            for part in ("weight", "bias"):
                d, v = tensors[f"mlp{i}.{part}"]
                getattr(layer, part).copy_(torch.tensor(v, dtype=dtype).reshape(d))
        if "norm.mean" in tensors:
            net.norm.mean.copy_(torch.tensor(tensors["norm.mean"][1], dtype=torch.float64))
            net.norm.scale.copy_(torch.tensor(tensors["norm.scale"][1], dtype=torch.float64))
    return net
