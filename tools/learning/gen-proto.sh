#!/bin/sh
# Regenerates python/q6env/agent_pb2.py from solvers/agent/agent.proto.
# The generated module is committed so q6env works from a plain checkout
# (PYTHONPATH=python) without a build; it needs protobuf >= 3.20 at run time
# (Debian 12: python3-protobuf 3.21, protoc from protobuf-compiler 3.21).
# test/agent/test_proto_fresh.py checks that the committed file is current.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/python/q6env}
protoc --proto_path="$root/solvers/agent" --python_out="$out" "$root/solvers/agent/agent.proto"
