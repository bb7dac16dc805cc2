"""q6env: gymnasium-style environments over q6sim's `agent` scheduler.

Put the repository's python/ folder on PYTHONPATH. Needs only numpy and
protobuf (Debian 12: python3-numpy, python3-protobuf, under /usr/bin/python3).
See docs/learning.md.
"""
from .protocol import Connection, ProtocolError, PROTOCOL_VERSION  # noqa: F401
