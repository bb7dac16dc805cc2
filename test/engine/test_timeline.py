#!/usr/bin/env python3
"""--replay-timeline checks what it reads (traces/events/timeline.proto,
version 2): a flipped bit fails the checksum; values physics forbids
(NaN, a negative speed) are refused, naming file, record and field, even
under a correct checksum; a timeline recorded from another scenario or
seed needs --replay-any-timeline, and then the outputs state both seeds; a
version 1 file (no provenance) is accepted only with that flag.
The files are edited with the minimal protobuf walker of test/q6test.py.
Usage: test_timeline.py Q6SIM SOURCE_ROOT
"""
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile

Q6SIM, ROOT = sys.argv[1:3]
DEFAULT = os.path.join(ROOT, "platforms", "default")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import q6test  # noqa: E402

check = q6test.Checker()


varint, records, fields = q6test.varint, q6test.records, q6test.fields


def reseal(data):
    """Recomputes the trailer's SHA-256 over every byte before it."""
    recs = records(data)
    start, body, end = recs[-1]
    rec = fields(data[body:end])
    _, ts, te = rec[3][0]                # TimelineRecord.trailer
    tr = fields(data[body + ts:body + te])
    _, hs, he = tr[2][0]                 # TimelineTrailer.sha256
    digest = hashlib.sha256(data[:start]).digest()
    at = body + ts
    return data[:at + hs] + digest + data[at + he:]


def set_pose(data, slot, index, value):
    """Slot record `slot`: node_pose[index] = value (same length: the packed
    doubles keep 8 bytes each)."""
    start, body, end = records(data)[1 + slot]
    _, ss, se = fields(data[body:end])[2][0]      # TimelineRecord.slot
    _, ps, pe = fields(data[body + ss:body + se])[2][0]  # TimelineSlot.node_pose
    at = body + ss + ps + 8 * index
    return data[:at] + struct.pack("<d", value) + data[at + 8:]


def as_version1(data):
    """The same timeline as a version 1 file: header version 1, no trailer."""
    recs = records(data)
    start, body, end = recs[0]
    _, hs, he = fields(data[body:end])[1][0]      # TimelineRecord.header
    hdr = data[body + hs:body + he]
    assert hdr[0] == 0x08 and hdr[1] == 2         # version = 2, the first field
    return data[:body + hs + 1] + b"\x01" + data[body + hs + 2:recs[-1][0]]


def scenario(d):
    shutil.copy(os.path.join(DEFAULT, "platform.xml"), os.path.join(d, "platform.xml"))
    text = open(os.path.join(DEFAULT, "scenario.cfg")).read()
    text = text.replace("count = 100;", "count = 8;").replace("slots = 60;", "slots = 4;")
    path = os.path.join(d, "scenario.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def run(args):
    return q6test.run(Q6SIM, args)


def expect_bad(args, needles, what, out):
    rc, so, se = run(args + ["--out", out, "--quiet"])
    check(rc == 2, f"{what}: exit {rc}, expected 2 ({se.strip()})")
    for n in needles:
        check(n in se, f"{what}: message {se.strip()!r} names {n!r}")
    check(not os.path.exists(out), f"{what}: output left behind")


def main(d):
    sc = scenario(d)
    tl = os.path.join(d, "t.pb")
    rec = os.path.join(d, "rec")
    rc, _, err = run(["run", sc, "--record-timeline", tl, "--out", rec, "--quiet"])
    if not check(rc == 0, f"record: {err}"):
        return
    data = open(tl, "rb").read()
    seed = json.load(open(os.path.join(rec, "summary.json")))["seed"]

    def variant(name, blob):
        p = os.path.join(d, name)
        with open(p, "wb") as f:
            f.write(blob)
        return p

    # The untouched file replays; resealing it changes nothing (the walker is right).
    check(reseal(data) == data, "the trailer holds the SHA-256 of every byte before it")
    rc, _, err = run(["run", sc, "--replay-timeline", tl, "--out", os.path.join(d, "ok"), "--quiet"])
    check(rc == 0, f"replay of an intact timeline: {err}")

    # One flipped bit in a slot record: checksum mismatch.
    s, b, e = records(data)[2]
    flipped = bytearray(data)
    flipped[(b + e) // 2] ^= 0x10
    expect_bad(["run", sc, "--replay-timeline", variant("flip.pb", bytes(flipped))],
               ["flip.pb", "checksum"], "bit flip", os.path.join(d, "o1"))
    # Cut before the trailer: incomplete.
    expect_bad(["run", sc, "--replay-timeline", variant("cut.pb", data[:records(data)[-1][0]])],
               ["cut.pb", "trailer"], "no trailer", os.path.join(d, "o2"))

    # A length prefix past the end of the file (2^29 bytes in a 9-byte file):
    # refused before anything that size is allocated.
    expect_bad(["run", sc, "--replay-timeline", variant("huge.pb", bytes([0x80, 0x80, 0x80, 0x80, 0x02]) + b"abcd")],
               ["huge.pb", "record 0", "past the end"], "huge length prefix", os.path.join(d, "o2b"))
    expect_bad(["run", sc, "--replay-timeline", d], [d, "not a regular file"], "a directory", os.path.join(d, "o2c"))

    # A well-formed header that claims 2^32-1 nodes and one slot, with no
    # slot record behind it: refused from the file size before the slot
    # buffers (5 n + 3 a + n a doubles, here about 200 GB) are allocated.
    def enc(v):
        out = bytearray()
        while True:
            b, v = v & 0x7F, v >> 7
            out.append(b | (0x80 if v else 0))
            if not v:
                return bytes(out)
    def ld(field, body):
        return bytes([field << 3 | 2]) + enc(len(body)) + body
    hdr = (b"\x08\x02" + b"\x10" + enc(2**32 - 1) + b"\x18\x05" + b"\x20\x01" + b"\x29" + struct.pack("<d", 1.0)
           + ld(6, struct.pack("<5d", *[0.5] * 5)) + ld(11, b"forged") + ld(12, b"0" * 64))
    rec0 = ld(1, hdr)
    expect_bad(["run", sc, "--replay-timeline", variant("forged.pb", enc(len(rec0)) + rec0)],
               ["forged.pb", "record 0 (header)", "4294967295 nodes", "bytes per slot record"],
               "forged node count", os.path.join(d, "o2d"))

    # Impossible values under a correct checksum: refused with record and field.
    nan = reseal(set_pose(data, 1, 3, float("nan")))      # slot 1, node 0 speed
    expect_bad(["run", sc, "--replay-timeline", variant("nan.pb", nan)],
               ["nan.pb", "record 2", "node_pose[3]", "speed_mps"], "NaN speed", os.path.join(d, "o3"))
    neg = reseal(set_pose(data, 0, 5 + 3, -2.0))          # slot 0, node 1 speed
    expect_bad(["run", sc, "--replay-timeline", variant("neg.pb", neg)],
               ["neg.pb", "record 1", "node_pose[8]", "negative"], "negative speed", os.path.join(d, "o4"))
    inf = reseal(set_pose(data, 2, 0, float("inf")))      # slot 2, node 0 x
    expect_bad(["run", sc, "--replay-timeline", variant("inf.pb", inf)],
               ["inf.pb", "record 3", "node_pose[0]", "x_m"], "infinite position", os.path.join(d, "o5"))

    # Another seed, another scenario (a --set override): refused without the flag.
    expect_bad(["run", sc, "--seed", str(seed + 1), "--replay-timeline", tl],
               ["t.pb", f"seed {seed}", f"seed {seed + 1}", "--replay-any-timeline"], "other seed", os.path.join(d, "o6"))
    expect_bad(["run", sc, "--set", "task.deadline_s=0.25", "--replay-timeline", tl],
               ["t.pb", "scenario", "--replay-any-timeline"], "other scenario", os.path.join(d, "o7"))
    # With the flag: runs, and both seeds are stated.
    out = os.path.join(d, "any")
    t2 = os.path.join(d, "t2.pb")
    rc, _, err = run(["run", sc, "--seed", str(seed + 1), "--replay-timeline", tl, "--replay-any-timeline",
                      "--out", out, "--quiet", "--record-timeline", t2])
    if check(rc == 0, f"--replay-any-timeline: {err}"):
        s_ = json.load(open(os.path.join(out, "summary.json")))
        m_ = json.load(open(os.path.join(out, "manifest.json")))
        for name, doc in (("summary.json", s_), ("manifest.json", m_)):
            r = doc.get("timeline_replay", {})
            check(doc["seed"] == seed + 1 and r.get("recorded_seed") == seed and r.get("matches_run") is False
                  and r.get("file", "").endswith("t.pb"), f"{name} states the run's and the recorded seed: {doc}")
        rc, so, err = run(["timeline", "dump", t2])
        h = json.loads(so.splitlines()[0][2:]) if rc == 0 else {}
        check(h.get("seed") == seed, f"re-recording a replayed timeline keeps its recorded seed: {h} {err}")

    # Version 1: no provenance, so only with the flag.
    v1 = variant("v1.pb", as_version1(data))
    expect_bad(["run", sc, "--replay-timeline", v1], ["v1.pb", "version 1", "--replay-any-timeline"],
               "version 1 timeline", os.path.join(d, "o8"))
    out = os.path.join(d, "v1out")
    rc, _, err = run(["run", sc, "--replay-timeline", v1, "--replay-any-timeline", "--out", out, "--quiet"])
    if check(rc == 0, f"version 1 with the flag: {err}"):
        r = json.load(open(os.path.join(out, "manifest.json"))).get("timeline_replay", {})
        check(r.get("recorded_seed", 0) is None and r.get("matches_run") is False,
              f"a version 1 replay records an unknown seed: {r}")
        a = json.load(open(os.path.join(rec, "summary.json")))["timeline_digest"]
        b = json.load(open(os.path.join(out, "summary.json")))["timeline_digest"]
        check(a == b, "the version 1 file replays the same timeline")

    rc, _, err = run(["run", sc, "--replay-any-timeline", "--out", os.path.join(d, "o9")])
    check(rc == 2 and "--replay-timeline" in err, f"the flag alone is refused: {rc} {err}")


d = tempfile.mkdtemp(prefix="q6tl-")
try:
    main(d)
finally:
    shutil.rmtree(d, ignore_errors=True)
check.finish()
