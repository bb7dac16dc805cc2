"""Output safety (issue 12, data loss): q6sim never deletes or replaces what
it did not make. Each case below once lost user data:
  --out naming a regular file, a device or a non-q6sim folder replaced it;
  a scenario name with '../' put the default output outside ./out;
  a kill between the two renames of the commit left nothing at --out.
Usage: test_output_safety.py Q6SIM SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from q6test import Checker, run  # noqa: E402

q6sim, root = sys.argv[1], sys.argv[2]
scen = os.path.join(root, "platforms/default/scenario.cfg")
ok = Checker()
tmp = tempfile.mkdtemp(prefix="q6-outsafe-")
base = ["run", scen, "--slots", "2", "--quiet", "--set", "vehicles.count=5"]

try:
    # A regular file named by --out survives, byte for byte; exit 2.
    f = os.path.join(tmp, "precious.txt")
    open(f, "w").write("user data\n")
    rc, _, err = run(q6sim, base + ["--out", f])
    ok(rc == 2, f"--out regular file: exit {rc}, want 2")
    ok(os.path.isfile(f) and open(f).read() == "user data\n", "--out regular file: file changed")
    ok("is a regular file" in err, f"--out regular file: message says why: {err!r}")
    # Even --overwrite never replaces a non-folder.
    rc, _, _ = run(q6sim, base + ["--out", f, "--overwrite"])
    ok(rc == 2 and open(f).read() == "user data\n", "--overwrite must not replace a regular file")

    # A device: /dev/null must stay a character device (we do not touch the
    # real one: a symlink to it is refused the same way, as not a folder).
    link = os.path.join(tmp, "null-link")
    os.symlink("/dev/null", link)
    rc, _, err = run(q6sim, base + ["--out", link])
    ok(rc == 2 and os.path.islink(link), f"--out symlink to a device: exit {rc}, link kept")
    rc, _, err = run(q6sim, base + ["--out", "/dev/null"])
    ok(rc == 2, f"--out /dev/null: exit {rc}, want 2")
    ok(not os.path.isdir("/dev/null") and os.path.exists("/dev/null"), "/dev/null was replaced")
    ok("is a device" in err, f"--out /dev/null: message: {err!r}")

    # A folder that holds no q6sim output is kept unless --overwrite.
    d = os.path.join(tmp, "mine")
    os.makedirs(d)
    open(os.path.join(d, "notes.txt"), "w").write("keep me")
    rc, _, err = run(q6sim, base + ["--out", d])
    ok(rc == 2, f"--out non-q6sim folder: exit {rc}, want 2")
    ok(open(os.path.join(d, "notes.txt")).read() == "keep me", "non-q6sim folder content lost")
    ok("--overwrite" in err, f"message names the way out: {err!r}")
    ok(not any(n.startswith("mine.tmp") for n in os.listdir(tmp)), "temporary folder left behind")
    rc, _, _ = run(q6sim, base + ["--out", d, "--overwrite"])
    ok(rc == 0 and os.path.isfile(os.path.join(d, "summary.json")), "--overwrite replaces a non-q6sim folder")

    # q6sim output and an empty folder are replaced; the new output is complete.
    rc, _, _ = run(q6sim, base + ["--out", d, "--seed", "7"])
    ok(rc == 0 and '"seed": 7' in open(os.path.join(d, "manifest.json")).read(), "own output replaced")
    e = os.path.join(tmp, "empty")
    os.makedirs(e)
    rc, _, _ = run(q6sim, base + ["--out", e])
    ok(rc == 0 and os.path.isfile(os.path.join(e, "trace.pb")), "empty folder used")

    # A commit killed between its two renames (fallback path) left the old
    # output as OUT.old.PID and nothing at OUT: the next run restores it
    # before deciding anything, so a failing run keeps it in place.
    old = os.path.join(tmp, "killed.old.12345")
    shutil.copytree(d, old)
    killed = os.path.join(tmp, "killed")
    # (a run that fails after staging began: its timeline to replay is missing)
    rc, _, err = run(q6sim, base + ["--out", killed, "--replay-timeline", os.path.join(tmp, "missing.pb")])
    ok(rc == 2, f"bad run exit {rc}")
    ok(os.path.isfile(os.path.join(killed, "manifest.json")) and not os.path.exists(old),
       "interrupted commit: previous output restored")
    ok("restored the previous output" in err, f"restoration is reported: {err!r}")

    # A scenario name with a path separator or a leading dot is refused.
    for name in ["../escape", "a/b", ".hidden", ""]:
        rc, _, err = run(q6sim, base + ["--set", f"name={name}"], cwd=tmp)
        ok(rc == 2, f"name {name!r}: exit {rc}, want 2")
        ok("name" in err and ":" in err, f"name {name!r}: message names the field: {err!r}")
    ok(not os.path.exists(os.path.join(tmp, "escape-greedy-s1")) and not os.path.exists(os.path.join(os.path.dirname(tmp), "escape-greedy-s1")),
       "name with ../ wrote outside ./out")

    # --record-timeline never replaces an existing file silently.
    tl = os.path.join(tmp, "timeline.pb")
    open(tl, "w").write("not a timeline")
    rc, _, err = run(q6sim, base + ["--out", os.path.join(tmp, "r1"), "--record-timeline", tl])
    ok(rc == 2 and open(tl).read() == "not a timeline", f"--record-timeline over a file: exit {rc}")
    ok(not os.path.exists(os.path.join(tmp, "r1")), "refused run left an output folder")

    # A failed run leaves no parent folders it made, and none it did not.
    parent = os.path.join(tmp, "keep-empty")
    os.makedirs(parent)
    rc, _, _ = run(q6sim, base + ["--out", os.path.join(parent, "a/b/c"), "--replay-timeline",
                                  os.path.join(tmp, "missing.pb")])
    ok(rc == 2 and os.path.isdir(parent) and os.listdir(parent) == [], "failed run: made parents removed, others kept")

    # compare obeys the same rule.
    rc, _, err = run(q6sim, ["compare", scen, "--schedulers", "greedy", "--replications", "1", "--slots", "1",
                             "--set", "vehicles.count=3", "--no-plots", "--quiet", "--out", f])
    ok(rc == 2 and open(f).read() == "user data\n", f"compare --out regular file: exit {rc}")
    # collect --out never replaces a file unless asked, nor a folder ever.
    sweep_dir = os.path.join(tmp, "fake-sweep")
    os.makedirs(sweep_dir)
    open(os.path.join(sweep_dir, "jobs.csv"), "w").write("job,scheduler,seed\n")
    rc, _, err = run(q6sim, ["collect", sweep_dir, "--out", f])
    ok(rc == 2 and open(f).read() == "user data\n", f"collect --out existing file: exit {rc}")
    rc, _, err = run(q6sim, ["collect", sweep_dir, "--out", d, "--overwrite"])
    ok(rc == 2 and os.path.isdir(d), f"collect --out folder: exit {rc}")
    rc, _, err = run(q6sim, ["collect", sweep_dir, "--out", f, "--overwrite"])
    ok(rc == 0 and open(f).read().startswith("job,"), f"collect --out --overwrite: exit {rc} {err}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
ok.finish()
