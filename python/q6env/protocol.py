"""The agent side of q6sim's agent protocol (solvers/agent/agent.proto).

A frame is a base-128 varint byte count and an EngineMessage (from q6sim)
or an AgentMessage (to q6sim). `Connection` wraps a connected stream socket
and does the handshake; everything else in q6env builds on it.
"""
import os
import socket

from . import agent_pb2 as pb

PROTOCOL_VERSION = 1


class ProtocolError(RuntimeError):
    """q6sim sent something the protocol does not allow, or went away."""


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


class Connection:
    """One q6sim run's socket. recv() returns EngineMessages; send_action()
    and send_error() answer observations."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    @classmethod
    def from_env(cls):
        """The connection q6sim's `cmd=` mode hands to the agent: fd 3, named
        by the environment variable Q6_AGENT_FD."""
        fd = int(os.environ.get("Q6_AGENT_FD", "3"))
        return cls(socket.socket(fileno=fd))

    def _read_frame(self):
        while True:
            n, shift, i = 0, 0, 0
            complete = False
            while i < len(self.buf) and i < 10:
                b = self.buf[i]
                n |= (b & 0x7F) << shift
                shift += 7
                i += 1
                if not b & 0x80:
                    complete = True
                    break
            if complete and len(self.buf) >= i + n:
                frame = bytes(self.buf[i:i + n])
                del self.buf[:i + n]
                return frame
            if not complete and len(self.buf) >= 10:
                raise ProtocolError("malformed length prefix from q6sim")
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                return None
            self.buf += chunk

    def recv(self):
        """The next EngineMessage, or None when q6sim closed the socket."""
        frame = self._read_frame()
        if frame is None:
            return None
        m = pb.EngineMessage()
        m.ParseFromString(frame)
        return m

    def send(self, agent_message):
        data = agent_message.SerializeToString()
        self.sock.sendall(_varint(len(data)) + data)

    def handshake(self, name="q6env"):
        """Answers q6sim's Hello and reads its Reset; returns the Reset."""
        m = self.recv()
        if m is None or m.WhichOneof("kind") != "hello":
            raise ProtocolError("q6sim did not start with a Hello")
        if m.hello.protocol_version != PROTOCOL_VERSION:
            self.send_error(f"protocol version {m.hello.protocol_version} not supported (want {PROTOCOL_VERSION})")
            raise ProtocolError(f"q6sim speaks protocol {m.hello.protocol_version}, q6env {PROTOCOL_VERSION}")
        reply = pb.AgentMessage()
        reply.hello.protocol_version = PROTOCOL_VERSION
        reply.hello.software = name
        self.send(reply)
        m = self.recv()
        if m is None or m.WhichOneof("kind") != "reset":
            raise ProtocolError("q6sim sent no Reset after the Hello")
        return m.reset

    def send_action(self, action):
        m = pb.AgentMessage()
        m.action.CopyFrom(action)
        self.send(m)

    def send_error(self, text):
        m = pb.AgentMessage()
        m.error.message = text
        try:
            self.send(m)
        except OSError:
            pass

    def close(self):
        self.sock.close()
