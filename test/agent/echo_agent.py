"""Test agent for test_bridge.c: talks the agent protocol over Q6_AGENT_FD
and misbehaves on request.

usage: echo_agent.py MODE [DUMP]
  echo       dump each observation (re-serialised) to DUMP, answer with an
             action derived from it (see derived_action)
  sleep      answer the hello, then never answer an observation
  die        answer the hello, then exit with status 3 at the first observation
  garbage    answer an observation with bytes that are no AgentMessage
  badframe   answer with a length prefix of 11 continuation bytes
  nan        offload_fraction NaN
  wrongsize  one task choice too many
  wrongslot  echo slot + 1
  badtarget  target 7
  error      send an Error message
  badversion answer the hello with protocol version 99
  hang_hello never answer the hello
"""
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
from q6env import agent_pb2 as pb  # noqa: E402
from q6env.protocol import Connection, _varint  # noqa: E402


def derived_action(o):
    """Every action field from observation fields, so the C side can check
    both directions: task t -> target t % 4, ap t % n_aps, qpu t % n_qpus,
    offload 1/(t+2), cpu share = work_flops; node n -> bandwidth 1/(n+2),
    power max/2; AP a -> gpu 0.25, renewable/4, grid a, battery/8."""
    a = pb.Action(slot=o.slot)
    n_aps, n_qpus = o.n_aps, len(o.qpus.name)
    for t in range(len(o.tasks.id)):
        a.tasks.add(id=o.tasks.id[t], target=t % 4, ap=t % n_aps, qpu=t % n_qpus,
                    offload_fraction=1.0 / (t + 2), cpu_share_flops=o.tasks.work_flops[t])
    for n in range(o.n_nodes):
        a.nodes.add(bandwidth_fraction=1.0 / (n + 2), tx_power_w=o.nodes.tx_power_max_w[n] / 2)
    for i in range(n_aps):
        a.aps.add(gpu_fraction=0.25, charge_renewable_j=o.aps.renewable_available_j[i] / 4,
                  charge_grid_j=float(i), discharge_j=o.aps.battery_j[i] / 8)
    return a


def main():
    mode = sys.argv[1]
    dump = sys.argv[2] if len(sys.argv) > 2 else None
    c = Connection.from_env()
    if mode == "hang_hello":
        time.sleep(3600)
    if mode == "badversion":
        c.recv()
        m = pb.AgentMessage()
        m.hello.protocol_version = 99
        c.send(m)
        time.sleep(3600)
    c.handshake("echo_agent")
    while True:
        m = c.recv()
        if m is None or m.WhichOneof("kind") == "close":
            return 0
        o = m.observation
        if mode == "sleep":
            time.sleep(3600)
        if mode == "die":
            os._exit(3)
        if mode == "garbage":
            c.sock.sendall(_varint(5) + b"\xff\xff\xff\xff\xff")
            continue
        if mode == "badframe":
            c.sock.sendall(b"\x80" * 11)
            continue
        if mode == "error":
            c.send_error("the agent is out of ideas")
            continue
        if dump:
            with open(dump, "wb") as f:
                f.write(o.SerializeToString())
        a = derived_action(o)
        if mode == "nan":
            a.tasks[0].offload_fraction = math.nan
        elif mode == "wrongsize":
            a.tasks.add(target=0)
        elif mode == "wrongslot":
            a.slot = o.slot + 1
        elif mode == "badtarget":
            a.tasks[0].target = 7
        c.send_action(a)


if __name__ == "__main__":
    sys.exit(main())
