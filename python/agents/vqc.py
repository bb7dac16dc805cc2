"""Variational-quantum-circuit agent: DQN (agents/dqn.py) whose Q-function
is a 4-qubit real-amplitude circuit (agents/nets.py VQC: RY encoding of a
learned linear map of the task features, trained RY layers and a CNOT
chain, <Z> readout), simulated as an exact statevector in torch and
trained by autograd -- the quantum-DRL policy of paper 004 at a size a
laptop simulates. Exports as vqc-policy.

    PYTHONPATH=python /usr/bin/python3 -m agents.vqc --episodes 30 --out vqc.q6w
"""
from . import common, dqn
from .nets import VQC


def main(argv=None):
    p = dqn.add_options(common.parser(__doc__.split("\n")[0]))
    p.set_defaults(lr=5e-3)
    args = p.parse_args(argv)
    args.agent = "vqc"
    common.seed_everything(args.seed)
    net, curve = dqn.train(args, VQC(qubits=args.qubits, layers=args.layers, n_out=3))
    dqn.finish(args, net, curve)


if __name__ == "__main__":
    main()
