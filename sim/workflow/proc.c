#include "sim/workflow/proc.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int q6_proc_self_exe(char *buf, size_t len)
{
    if (!buf || len < 2)
        return -1;
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n <= 0 || (size_t)n >= len - 1)
        return -1;
    buf[n] = 0;
    return 0;
}

unsigned q6_proc_ncpu(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : (unsigned)n;
}

int q6_proc_in_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!name || !*name || !path)
        return 0;
    char buf[4096];
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)len, len ? p : ".", name);
        struct stat st;
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
            return 1;
        p += len + (colon != NULL);
    }
    return 0;
}

static int decode_status(int ws)
{
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : 255;
}

/* stdin from /dev/null; stdout and stderr as given (-1: keep). The child
 * gets `mask` as its signal mask (NULL: the caller's) and default handlers
 * for SIGINT, SIGTERM and SIGCHLD. */
static int spawn(const char *file, int use_path, char *const argv[], const char *out_path,
                 int out_fd, const char *err_path, const sigset_t *mask, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (out_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    else
        posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err_path && out_path && !strcmp(err_path, out_path) && out_fd < 0)
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
    else if (err_path)
        posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    sigaddset(&def, SIGCHLD);
    posix_spawnattr_setsigdefault(&at, &def);
    short flags = POSIX_SPAWN_SETSIGDEF;
    if (mask) {
        posix_spawnattr_setsigmask(&at, mask);
        flags |= POSIX_SPAWN_SETSIGMASK;
    }
    posix_spawnattr_setflags(&at, flags);
    int rc = use_path ? posix_spawnp(pid, file, &fa, &at, argv, environ)
                      : posix_spawn(pid, file, &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    errno = rc;
    return rc ? -1 : 0;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

int q6_proc_interrupted(void)
{
    return interrupted;
}

static void on_child(int sig)
{
    (void)sig; /* only wakes the wait in q6_proc_run_all */
}

int q6_proc_run_all(const char *exe, q6_proc_job *jobs, size_t n, unsigned parallel,
                    q6_proc_done_fn done, void *ctx)
{
    if (!exe || (n && !jobs) || parallel == 0)
        return -1;
    pid_t *pids = calloc(n ? n : 1, sizeof *pids);
    if (!pids)
        return -1;
    /* SIGINT, SIGTERM and SIGCHLD stay blocked in this thread except inside
     * the wait (ppoll with the unblocking mask, as sigsuspend), so none can
     * arrive here between the checks and the wait. Other threads of the
     * process (OpenBLAS starts its workers when the library loads, before
     * this mask) do not block them, and the kernel may hand a process
     * signal to any of them: the wait then ends after a short tick anyway
     * and the loop reaps with WNOHANG, so a SIGCHLD taken by another thread
     * delays the sweep by at most the tick instead of hanging it. */
    sigset_t block, old, wait_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    wait_mask = old;
    sigdelset(&wait_mask, SIGINT);
    sigdelset(&wait_mask, SIGTERM);
    sigdelset(&wait_mask, SIGCHLD);
    struct sigaction sa, sc, old_int, old_term, old_chld;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sc = sa;
    sc.sa_handler = on_child;
    interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGCHLD, &sc, &old_chld);

    size_t next = 0, running = 0;
    int rc = 0, stop = 0, killed = 0;
    for (size_t i = 0; i < n; i++)
        jobs[i].status = -1;
    for (;;) {
        while (!stop && !interrupted && next < n && running < parallel) {
            if (spawn(exe, 0, jobs[next].argv, jobs[next].log_path, -1, jobs[next].log_path, &old,
                      &pids[next]) < 0) {
                fprintf(stderr, "q6sim: cannot start %s: %s\n", exe, strerror(errno));
                rc = -1;
                stop = 1;
                break;
            }
            next++;
            running++;
        }
        if (interrupted && !killed) {
            /* Pass the signal on once; then keep reaping. */
            for (size_t i = 0; i < next; i++)
                if (jobs[i].status < 0)
                    kill(pids[i], SIGTERM);
            killed = stop = 1;
        }
        if (!running)
            break;
        int ws, reaped = 0;
        pid_t pid;
        while ((pid = waitpid(-1, &ws, WNOHANG)) > 0) {
            reaped = 1;
            for (size_t i = 0; i < next; i++) {
                if (pids[i] != pid || jobs[i].status >= 0)
                    continue;
                jobs[i].status = decode_status(ws);
                running--;
                if (!interrupted && done && done(ctx, i, &jobs[i]) && !stop) {
                    stop = 1;
                    rc = 1;
                }
                break;
            }
        }
        if (reaped)
            continue; /* launch more, or finish */
        if (pid < 0 && errno == ECHILD)
            break;    /* no child left although some count as running: cannot happen */
        struct timespec tick = {0, 100 * 1000 * 1000};
        ppoll(NULL, 0, &tick, &wait_mask);
    }
    if (interrupted)
        rc = -1;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGCHLD, &old_chld, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(pids);
    return rc;
}

int q6_proc_call(char *const argv[], const char *log_path, char *out, size_t outlen, int *status)
{
    if (!argv || !argv[0] || !status || (out && !outlen))
        return -1;
    int fds[2] = {-1, -1};
    if (out && pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    pid_t pid;
    if (spawn(argv[0], 1, argv, out ? NULL : log_path, out ? fds[1] : -1, log_path, NULL, &pid) < 0) {
        if (out) {
            close(fds[0]);
            close(fds[1]);
        }
        return -1;
    }
    if (out) {
        close(fds[1]);
        size_t len = 0;
        char sink[4096];
        for (;;) {
            /* Keep draining past outlen so the child never blocks on a full pipe. */
            char *dst = len + 1 < outlen ? out + len : sink;
            size_t room = len + 1 < outlen ? outlen - 1 - len : sizeof sink;
            ssize_t r = read(fds[0], dst, room);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            if (dst != sink)
                len += (size_t)r;
        }
        out[len] = 0;
        close(fds[0]);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return -1;
    *status = decode_status(ws);
    return 0;
}
