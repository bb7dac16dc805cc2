"""No-op agent for the bridge benchmark: answers every observation with an
empty action (every field keeps the engine's default). Started by q6sim
through plugin_params cmd=...; talks on Q6_AGENT_FD."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from q6env import agent_pb2 as pb  # noqa: E402
from q6env.protocol import Connection  # noqa: E402

c = Connection.from_env()
c.handshake("noop")
while True:
    m = c.recv()
    if m is None or m.WhichOneof("kind") != "observation":
        break
    c.send_action(pb.Action(slot=m.observation.slot))
