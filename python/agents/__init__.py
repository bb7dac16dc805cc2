"""Reference learning agents for q6sim (PyTorch, Debian's python3-torch).

nets.py     the networks the C policies can run (MLP, LSTM + head, VQC)
export.py   writes them as q6sim weight files (docs/weight-format.md)
dqn.py, ddpg.py, ppo.py, mappo.py, lstm_predictor.py, vqc.py, morl.py
            the agents, each with `python3 -m agents.NAME --help`
"""
