/* Subprocesses for the experiment workflow: SimGrid allows one simulation
 * per process, so every run is its own `q6sim run` child. */
#ifndef Q6_WORKFLOW_PROC_H
#define Q6_WORKFLOW_PROC_H
#include <stddef.h>

/* Absolute path of the running executable (/proc/self/exe). */
int q6_proc_self_exe(char *buf, size_t len);
/* Online CPU cores (at least 1). */
unsigned q6_proc_ncpu(void);
/* 1 when `name` is an executable file in one of the PATH directories. */
int q6_proc_in_path(const char *name);

typedef struct {
    char *const *argv;    /* argv[0] is the name shown to the child; NULL-terminated */
    const char *log_path; /* child's stdout and stderr (truncated); NULL: stdout to
                             /dev/null, stderr inherited */
    int status;           /* out: exit code, 128 + signal when killed, -1 not started */
} q6_proc_job;

/* Called after each job ends; a nonzero return launches no further jobs. */
typedef int (*q6_proc_done_fn)(void *ctx, size_t index, const q6_proc_job *job);

/* Runs jobs[0..n-1] of executable `exe`, at most `parallel` at a time, in
 * order. SIGINT and SIGTERM stop the launching, are passed on to running
 * children, and make it return -1 once they have ended. Returns 0 when all
 * jobs ran, 1 when `done` stopped it early, -1 on interruption or when a
 * child cannot be started (message on stderr). */
int q6_proc_run_all(const char *exe, q6_proc_job *jobs, size_t n, unsigned parallel,
                    q6_proc_done_fn done, void *ctx);
/* The signal that interrupted the last q6_proc_run_all, or 0. */
int q6_proc_interrupted(void);

/* Runs argv (argv[0] searched in PATH) and waits. Its stdout goes to `out`
 * (NUL-terminated, truncated to outlen) when out is not NULL, else to
 * log_path or /dev/null; its stderr goes to log_path, or is inherited when
 * log_path is NULL. *status as in q6_proc_job. Returns -1 when it cannot be
 * started (e.g. not installed), else 0. */
int q6_proc_call(char *const argv[], const char *log_path, char *out, size_t outlen, int *status);

#endif
