#!/usr/bin/env python3
"""q6sim sweep on a real single-node Slurm cluster (slurm-wlm + munge).

Starts munged (unless munge already works), slurmctld and slurmd on this
machine with a private slurm.conf (SLURM_CONF in a temporary folder, free
ports), runs a small sweep with backend slurm as a job array, and checks:
the generated sbatch script and task list, that the collected table equals
that of the same sweep run locally, that rerunning submits only unfinished
jobs, and that failed array tasks are reported, not rerun, and resubmitted
with --resubmit-failed. Stops the daemons it started at the end.
Exits 77 (skipped) when not root or Slurm/munge are not installed
(tools/install-deps.sh installs them; CI runs as root, so it runs there).
Usage: test_slurm.py Q6SIM SOURCE_ROOT
"""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checker, run, write_spec  # noqa: E402

Q6SIM, ROOT = sys.argv[1:3]
SCENARIO = os.path.join(ROOT, "platforms", "default", "scenario.cfg")
check = Checker()
DAEMONS = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged"]
CLIENTS = ["sbatch", "squeue", "sinfo", "munge", "unmunge"]


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def munge_works():
    try:
        cred = subprocess.run(["munge", "-n"], capture_output=True, timeout=10)
        return cred.returncode == 0 and subprocess.run(["unmunge"], input=cred.stdout, capture_output=True,
                                                       timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def start_munge(procs, logdir):
    if munge_works():
        return
    subprocess.run(["mkdir", "-p", "/run/munge"], check=True)
    subprocess.run(["chown", "-R", "munge:munge", "/run/munge", "/var/log/munge", "/var/lib/munge", "/etc/munge"],
                   check=False)
    log = open(os.path.join(logdir, "munged.out"), "w")
    procs.append(subprocess.Popen(["runuser", "-u", "munge", "--", "/usr/sbin/munged", "--foreground"],
                                  stdout=log, stderr=subprocess.STDOUT))
    for _ in range(100):
        if munge_works():
            return
        time.sleep(0.1)
    raise RuntimeError("munged did not start (see munged.out)")


def slurm_conf(d):
    host = socket.gethostname().split(".")[0]
    mem_mb = 1024
    conf = f"""ClusterName=q6test
SlurmctldHost={host}
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
MinJobAge=60
NodeName={host} CPUs={os.cpu_count() or 1} RealMemory={mem_mb} State=UNKNOWN
PartitionName=q6 Nodes={host} Default=YES MaxTime=INFINITE State=UP
"""
    os.makedirs(os.path.join(d, "state"))
    os.makedirs(os.path.join(d, "spool"))
    path = os.path.join(d, "slurm.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path


def wait_idle(env, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        p = subprocess.run(["sinfo", "--noheader", "--format=%t"], capture_output=True, text=True, env=env)
        if p.returncode == 0 and p.stdout.strip() in ("idle", "mix", "alloc"):
            return True
        time.sleep(0.3)
    return False


def test_sweep(tmp, env):
    spec = write_spec(os.path.join(tmp, "spec.cfg"), SCENARIO, os.path.join(tmp, "slurm-out"),
                      'backend = "slurm";\nslurm = { poll_s = 0.3; time = "00:05:00"; mem_mb = 100; };')
    # Fewer jobs than the local tests: 1 grid point x 2 seeds x 2 schedulers.
    text = open(spec).read().replace('{ key = "task.arrival_rate_hz"; values = [0.3, 0.6]; }',
                                     '{ key = "task.arrival_rate_hz"; values = [0.3]; }').replace(
                                     'values = [8, 12]', 'values = [8]')
    open(spec, "w").write(text)
    out = os.path.join(tmp, "slurm-out")
    t = time.time()
    rc, so, err = run(Q6SIM, ["sweep", spec], env=env)
    print(f"slurm sweep of 4 jobs: {time.time() - t:.1f} s", file=sys.stderr)
    if not check(rc == 0, f"slurm sweep exit code {rc}: {so} {err}"):
        for f in glob.glob(os.path.join(out, "slurm", "*.out")) + glob.glob(os.path.join(out, "logs", "*.log")):
            print(f, open(f).read()[-2000:], file=sys.stderr)
        return
    check("4 to run as a Slurm job array" in so, f"sweep says it submits 4 jobs: {so}")
    check("submitted Slurm array job" in err and "4 of 4 jobs finished" in err, f"array followed to its end: {err}")
    script = open(os.path.join(out, "sweep.sbatch")).read()
    check(script.startswith("#!/bin/sh") and "#SBATCH --time=00:05:00" in script and "#SBATCH --mem=100" in script
          and "SLURM_ARRAY_TASK_ID" in script, "sweep.sbatch: array script with the SPEC's options")
    tasks = open(os.path.join(out, "slurm", "tasks-1.txt")).read().splitlines()
    check(len(tasks) == 4 and tasks[0].startswith("00000 exec ") and "--scheduler' 'greedy'" in tasks[0],
          "task list: one line per job")
    check(len(glob.glob(os.path.join(out, "slurm", "slurm-*_*.out"))) == 4, "one Slurm output per array task")
    # Same SPEC run locally: the same table.
    local = os.path.join(tmp, "local-out")
    rc, _, err = run(Q6SIM, ["sweep", spec, "--backend", "local", "--out", local], env=env)
    check(rc == 0, f"local run of the same SPEC: {err}")
    _, t_slurm, _ = run(Q6SIM, ["collect", out])
    _, t_local, _ = run(Q6SIM, ["collect", local])
    check(t_slurm and t_slurm == t_local and t_slurm.count("\n") == 5, "Slurm and local sweeps collect the same table")
    # Resume: only what is missing is submitted.
    shutil.rmtree(os.path.join(out, "jobs", "00003"))
    rc, so, err = run(Q6SIM, ["sweep", spec], env=env)
    check(rc == 0 and "3 finished earlier (skipped); 1 to run" in so, f"resubmits only the missing job: {so} {err}")
    tasks2 = open(os.path.join(out, "slurm", "tasks-2.txt")).read().splitlines()
    check(len(tasks2) == 1 and tasks2[0].startswith("00003 "), "second array: one task, job 00003")
    _, t_again, _ = run(Q6SIM, ["collect", out])
    check(t_again == t_local, "table unchanged after resubmission")


def test_failures(tmp, env):
    out = os.path.join(tmp, "fail-out")
    spec = os.path.join(tmp, "fail.cfg")
    # A job that fails on bad input only a run finds (an unknown scheduler is
    # refused before anything is submitted): a plugin without an
    # energy-market matcher on the paper-000 market scenario.
    market = os.path.join(ROOT, "platforms", "paper000", "scenario.cfg")
    open(spec, "w").write(f'scenario = "{market}"; out = "{out}"; schedulers = ["gale-shapley", "qubo-offload"];\n'
                          'seeds = [1, 2]; slots = 2; backend = "slurm";\n'
                          'slurm = { poll_s = 0.3; };\n')
    rc, so, err = run(Q6SIM, ["sweep", spec], env=env)
    check(rc == 1 and "2 of 4 jobs finished" in err, f"failed array tasks reported: {so} {err}")
    failed = open(os.path.join(out, "failed.txt")).read().split()
    check(failed[0::3] == ["00001", "00003"], f"failed.txt lists the failed jobs: {failed}")
    check("names no matcher" in open(os.path.join(out, "logs", "00001.log")).read(),
          "the job's log holds its error")
    rc, so, _ = run(Q6SIM, ["sweep", spec], env=env)
    check(rc == 1 and "2 failed earlier (not rerun" in so and "0 to run" in so, f"not resubmitted by default: {so}")
    check(not os.path.exists(os.path.join(out, "slurm", "tasks-2.txt")), "nothing submitted")
    rc, so, err = run(Q6SIM, ["sweep", spec, "--resubmit-failed"], env=env)
    tasks = open(os.path.join(out, "slurm", "tasks-2.txt")).read().splitlines()
    check(rc == 1 and "2 to run" in so and [t.split()[0] for t in tasks] == ["00001", "00003"],
          f"--resubmit-failed submits only the failed jobs: {so}")


def main():
    if os.geteuid() != 0:
        skip("needs root to start munged, slurmctld and slurmd")
    missing = [p for p in DAEMONS if not os.access(p, os.X_OK)] + [c for c in CLIENTS if not shutil.which(c)]
    if missing:
        skip(f"Slurm/munge not installed ({', '.join(missing)}); tools/install-deps.sh installs slurm-wlm munge")
    procs = []
    tmp = tempfile.mkdtemp(prefix="q6slurm-")
    t0 = time.time()
    try:
        start_munge(procs, tmp)
        conf = slurm_conf(tmp)
        env = dict(os.environ, SLURM_CONF=conf)
        for d in ("slurmctld", "slurmd"):
            log = open(os.path.join(tmp, d + ".out"), "w")
            procs.append(subprocess.Popen([f"/usr/sbin/{d}", "-D"], env=env, stdout=log, stderr=subprocess.STDOUT))
        if not wait_idle(env):
            for f in ("slurmctld.out", "slurmd.out", "slurmctld.log", "slurmd.log"):
                p = os.path.join(tmp, f)
                if os.path.exists(p):
                    print(f"--- {f}\n" + open(p).read()[-3000:], file=sys.stderr)
            check(False, "the node did not become idle within 60 s")
        else:
            print(f"cluster up in {time.time() - t0:.1f} s", file=sys.stderr)
            test_sweep(tmp, env)
            test_failures(tmp, env)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"total {time.time() - t0:.1f} s", file=sys.stderr)
    check.finish()


main()
