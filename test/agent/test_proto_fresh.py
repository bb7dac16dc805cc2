"""python/q6env/agent_pb2.py is what tools/learning/gen-proto.sh makes from
solvers/agent/agent.proto today: a schema change without regenerating the
committed module would make Python and C disagree on the wire.
usage: test_proto_fresh.py SOURCE_ROOT (exit 77 when protoc is missing)."""
import os
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1]
if not shutil.which("protoc"):
    print("SKIP: protoc not installed (Debian: protobuf-compiler)")
    sys.exit(77)
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([os.path.join(root, "tools", "learning", "gen-proto.sh"), tmp], check=True)
    fresh = open(os.path.join(tmp, "agent_pb2.py")).read()
committed = open(os.path.join(root, "python", "q6env", "agent_pb2.py")).read()
if fresh != committed:
    print("FAIL: python/q6env/agent_pb2.py is stale: run tools/learning/gen-proto.sh and commit it", file=sys.stderr)
    sys.exit(1)
print("agent_pb2.py matches agent.proto")
