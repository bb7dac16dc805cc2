/* The `agent` scheduler: each slot it sends the observation (with the
 * feedback on ended tasks) to an external agent and applies the action it
 * returns (protocol: agent.proto).
 *
 * plugin_params (exactly one of cmd, socket, fd):
 *   cmd=COMMAND   start COMMAND with /bin/sh; it gets the connection as file
 *                 descriptor 3 (environment Q6_AGENT_FD=3) and its stdout is
 *                 q6sim's stderr. cmd= must come last: the rest of the string,
 *                 commas included, is the command.
 *   socket=PATH   connect to an agent listening on a Unix stream socket
 *   fd=N          use the inherited stream socket N (what q6env does)
 *   timeout_s=T   wall-clock seconds to wait for each reply (default 30)
 *
 * The timeout is a liveness guard only: simulated time never depends on how
 * long the agent takes, so a seeded agent gives byte-identical outputs. Any
 * failure (agent exited, timed out, malformed or out-of-range action, an
 * error message from the agent) makes decide() return non-zero with the
 * reason, which fails the run; the child is killed and reaped, never waited
 * for without a deadline. */
#include "solvers/agent/agent.h"
#include "solvers/agent/agent_msg.h"
#include "solvers/agent/wire.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct {
    q6_wire wire;
    pid_t child;            /* 0: not started by us */
    double timeout_s;
    uint64_t slots;
    q6_arena arena;
    uint8_t *out;
    size_t out_cap;
    int failed;             /* a previous call failed: the connection is gone */
} bridge;

/* ---- plugin_params ------------------------------------------------------- */

typedef struct {
    const char *cmd;        /* points into the caller's copy */
    const char *socket_path;
    int fd;                 /* -1 unset */
    double timeout_s;
} bridge_params;

static int parse_params(char *buf, bridge_params *bp, char *err, size_t errlen)
{
    bp->cmd = bp->socket_path = NULL;
    bp->fd = -1;
    bp->timeout_s = 30.0;
    char *cmd = strstr(buf, "cmd=");
    while (cmd && cmd != buf && cmd[-1] != ',')
        cmd = strstr(cmd + 1, "cmd=");
    if (cmd) {
        bp->cmd = cmd + 4;
        *cmd = 0;   /* what precedes cmd= is parsed as key=value pairs */
    }
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '='), *end = NULL;
        if (!eq) {
            snprintf(err, errlen, "plugin_params: '%s' is not key=value", kv);
            return -1;
        }
        *eq = 0;
        const char *v = eq + 1;
        if (!strcmp(kv, "socket") && *v) {
            bp->socket_path = v;
        } else if (!strcmp(kv, "fd")) {
            long fd = strtol(v, &end, 10);
            if (!*v || *end || fd < 0 || fd > 65535) {
                snprintf(err, errlen, "plugin_params: fd=%s is not a file descriptor number", v);
                return -1;
            }
            bp->fd = (int)fd;
        } else if (!strcmp(kv, "timeout_s")) {
            double t = strtod(v, &end);
            if (!*v || *end || !(t > 0 && t <= 1e6)) {
                snprintf(err, errlen, "plugin_params: timeout_s=%s is not a number of seconds in (0, 1e6]", v);
                return -1;
            }
            bp->timeout_s = t;
        } else {
            snprintf(err, errlen,
                     "plugin_params: unknown '%s=%s' (agent takes cmd=COMMAND (last), socket=PATH, fd=N, timeout_s=T)",
                     kv, v);
            return -1;
        }
    }
    int ways = (bp->cmd != NULL) + (bp->socket_path != NULL) + (bp->fd >= 0);
    if (ways != 1 || (bp->cmd && !*bp->cmd)) {
        snprintf(err, errlen, "plugin_params: the agent scheduler needs exactly one of cmd=COMMAND, socket=PATH, fd=N");
        return -1;
    }
    return 0;
}

/* ---- The agent process -------------------------------------------------- */

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* Reaps the child: waits up to grace_s for it to exit, then kills it. Writes
 * how it ended ("exited with status 3", "was killed by signal 9") to how. */
static void reap(bridge *b, double grace_s, char *how, size_t howlen)
{
    if (how && howlen)
        how[0] = 0;
    if (b->child <= 0)
        return;
    int status = 0;
    pid_t r = 0;
    for (double waited = 0; (r = waitpid(b->child, &status, WNOHANG)) == 0 && waited < grace_s; waited += 0.01)
        sleep_s(0.01);
    /* The whole process group: the shell's children too, if it left any. */
    kill(-b->child, SIGKILL);
    if (r == 0) {
        waitpid(b->child, &status, 0);
        if (how)
            snprintf(how, howlen, "did not exit and was killed");
    } else if (r > 0 && how && WIFEXITED(status)) {
        snprintf(how, howlen, "exited with status %d", WEXITSTATUS(status));
    } else if (r > 0 && how && WIFSIGNALED(status)) {
        snprintf(how, howlen, "was killed by signal %d", WTERMSIG(status));
    }
    b->child = 0;
}

static int spawn_agent(bridge *b, const char *cmd, char *err, size_t errlen)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        snprintf(err, errlen, "cannot create the agent's socket: %s", strerror(errno));
        return -1;
    }
    size_t n_env = 0;
    while (environ[n_env])
        n_env++;
    char **envp = malloc((n_env + 2) * sizeof *envp);
    if (!envp) {
        close(sv[0]);
        close(sv[1]);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++)
        if (strncmp(environ[i], "Q6_AGENT_FD=", 12))
            envp[k++] = environ[i];
    envp[k++] = "Q6_AGENT_FD=3";
    envp[k] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* Its own process group, so a kill reaches what the shell started too. */
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    /* dup2 onto itself clears close-on-exec (glibc >= 2.29). */
    posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
    posix_spawn_file_actions_adddup2(&fa, 2, 1);
    char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free(envp);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        snprintf(err, errlen, "cannot start the agent '%s': %s", cmd, strerror(rc));
        return -1;
    }
    b->child = pid;
    q6_wire_init(&b->wire, sv[0]);
    return 0;
}

static int connect_agent(bridge *b, const char *path, char *err, size_t errlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path) {
        snprintf(err, errlen, "socket=%s: path longer than %zu bytes", path, sizeof sa.sun_path - 1);
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    /* The agent may still be starting: retry a missing or refusing socket
     * until the timeout. */
    for (double waited = 0;; waited += 0.05) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
            q6_wire_init(&b->wire, fd);
            return 0;
        }
        int e = errno;
        close(fd);
        if ((e != ENOENT && e != ECONNREFUSED) || waited >= b->timeout_s) {
            snprintf(err, errlen, "socket=%s: cannot connect to the agent: %s", path, strerror(e));
            return -1;
        }
        sleep_s(0.05);
    }
}

static int attach_fd(bridge *b, int fd, char *err, size_t errlen)
{
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM) {
        snprintf(err, errlen, "fd=%d is not an open stream socket", fd);
        return -1;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    q6_wire_init(&b->wire, fd);
    return 0;
}

/* ---- Messages ----------------------------------------------------------- */

/* Marks the bridge failed: tells the agent why (best effort), closes the
 * connection, reaps the child and appends how it ended to err. */
static int fail(bridge *b, char *err, size_t errlen)
{
    if (b->failed)
        return -1;
    b->failed = 1;
    Q6agent__Close c = Q6AGENT__CLOSE__INIT;
    c.reason = err;
    c.has_slots = 1;
    c.slots = b->slots;
    Q6agent__EngineMessage m = Q6AGENT__ENGINE_MESSAGE__INIT;
    m.kind_case = Q6AGENT__ENGINE_MESSAGE__KIND_CLOSE;
    m.close = &c;
    size_t len = q6_agent_pack_engine(&m, &b->out, &b->out_cap);
    if (len)
        q6_wire_send(&b->wire, b->out, len, 0.1);
    close(b->wire.fd);
    char how[128];
    reap(b, 1.0, how, sizeof how);
    size_t used = strlen(err);
    if (how[0] && used + 1 < errlen)
        snprintf(err + used, errlen - used, " (the agent process %s)", how);
    return -1;
}

static int send_msg(bridge *b, size_t len, const char *what, char *err, size_t errlen)
{
    if (!len) {
        snprintf(err, errlen, "out of memory packing the %s", what);
        return fail(b, err, errlen);
    }
    if (q6_wire_send(&b->wire, b->out, len, b->timeout_s) < 0) {
        if (errno == ETIMEDOUT)
            snprintf(err, errlen, "the agent did not read the %s within timeout_s = %g s", what, b->timeout_s);
        else
            snprintf(err, errlen, "cannot send the %s: the agent has gone (%s)", what, strerror(errno));
        return fail(b, err, errlen);
    }
    return 0;
}

/* Receives one AgentMessage of the wanted kind; NULL after fail(). */
static Q6agent__AgentMessage *recv_msg(bridge *b, Q6agent__AgentMessage__KindCase want, const char *what,
                                       char *err, size_t errlen)
{
    const uint8_t *msg;
    size_t len;
    int r = q6_wire_recv(&b->wire, &msg, &len, b->timeout_s);
    if (r == Q6_WIRE_TIMEOUT)
        snprintf(err, errlen, "the agent sent no %s within timeout_s = %g s", what, b->timeout_s);
    else if (r == Q6_WIRE_EOF)
        snprintf(err, errlen, "the agent closed the connection instead of sending the %s", what);
    else if (r == Q6_WIRE_MALFORMED)
        snprintf(err, errlen, "malformed frame from the agent (bad length prefix) instead of the %s", what);
    else if (r != 0)
        snprintf(err, errlen, "cannot read the %s from the agent: %s", what, strerror(errno));
    if (r != 0) {
        fail(b, err, errlen);
        return NULL;
    }
    Q6agent__AgentMessage *m = q6agent__agent_message__unpack(NULL, len, msg);
    if (!m) {
        snprintf(err, errlen, "malformed message from the agent (not an AgentMessage of agent.proto) instead of the %s",
                 what);
    } else if (m->kind_case == Q6AGENT__AGENT_MESSAGE__KIND_ERROR) {
        snprintf(err, errlen, "the agent reported an error: %s",
                 m->error && m->error->message ? m->error->message : "(no message)");
    } else if (m->kind_case != want) {
        snprintf(err, errlen, "the agent sent message kind %d instead of the %s", (int)m->kind_case, what);
    } else {
        return m;
    }
    if (m)
        q6agent__agent_message__free_unpacked(m, NULL);
    fail(b, err, errlen);
    return NULL;
}

static void bridge_free(bridge *b)
{
    if (!b)
        return;
    q6_wire_free(&b->wire);
    q6_arena_free(&b->arena);
    free(b->out);
    free(b);
}

static int agent_init(const q6_plugin_init_args *args, void **state, char *err, size_t errlen)
{
    size_t plen = args->params ? strlen(args->params) : 0;
    char *buf = malloc(plen + 1);
    bridge *b = calloc(1, sizeof *b);
    if (!buf || !b) {
        free(buf);
        free(b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(buf, args->params ? args->params : "", plen + 1);
    bridge_params bp;
    b->wire.fd = -1;
    int rc = parse_params(buf, &bp, err, errlen);
    if (rc == 0) {
        b->timeout_s = bp.timeout_s;
        rc = bp.cmd ? spawn_agent(b, bp.cmd, err, errlen)
           : bp.socket_path ? connect_agent(b, bp.socket_path, err, errlen)
           : attach_fd(b, bp.fd, err, errlen);
    }
    free(buf);
    if (rc != 0) {
        bridge_free(b);
        return -1;
    }
    /* Handshake: Hello both ways, then Reset with the episode's seed. */
    Q6agent__Hello h = Q6AGENT__HELLO__INIT;
    h.has_protocol_version = h.has_abi_version = 1;
    h.protocol_version = Q6_AGENT_PROTOCOL_VERSION;
    h.abi_version = Q6_ABI_VERSION;
    h.software = "q6sim " Q6_VERSION;
    Q6agent__EngineMessage m = Q6AGENT__ENGINE_MESSAGE__INIT;
    m.kind_case = Q6AGENT__ENGINE_MESSAGE__KIND_HELLO;
    m.hello = &h;
    if (send_msg(b, q6_agent_pack_engine(&m, &b->out, &b->out_cap), "hello", err, errlen) < 0) {
        bridge_free(b);
        return -1;
    }
    Q6agent__AgentMessage *reply = recv_msg(b, Q6AGENT__AGENT_MESSAGE__KIND_HELLO, "hello", err, errlen);
    if (!reply) {
        bridge_free(b);
        return -1;
    }
    uint32_t v = reply->hello && reply->hello->has_protocol_version ? reply->hello->protocol_version : 0;
    q6agent__agent_message__free_unpacked(reply, NULL);
    if (v != Q6_AGENT_PROTOCOL_VERSION) {
        snprintf(err, errlen, "the agent speaks protocol version %u, this q6sim speaks %u", v,
                 Q6_AGENT_PROTOCOL_VERSION);
        fail(b, err, errlen);
        bridge_free(b);
        return -1;
    }
    Q6agent__Reset r = Q6AGENT__RESET__INIT;
    r.has_seed = 1;
    r.seed = args->seed;
    r.params = (char *)(args->params ? args->params : "");
    m.kind_case = Q6AGENT__ENGINE_MESSAGE__KIND_RESET;
    m.reset = &r;
    if (send_msg(b, q6_agent_pack_engine(&m, &b->out, &b->out_cap), "reset", err, errlen) < 0) {
        bridge_free(b);
        return -1;
    }
    *state = b;
    return 0;
}

static int agent_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    bridge *b = state;
    if (b->failed) {
        snprintf(err, errlen, "the agent connection failed earlier");
        return -1;
    }
    size_t len = q6_agent_pack_observation(p, &b->arena, &b->out, &b->out_cap);
    if (send_msg(b, len, "observation", err, errlen) < 0)
        return -1;
    b->slots++;
    Q6agent__AgentMessage *m = recv_msg(b, Q6AGENT__AGENT_MESSAGE__KIND_ACTION, "action", err, errlen);
    if (!m)
        return -1;
    int rc = m->action ? q6_agent_apply_action(p, m->action, d, err, errlen) : -1;
    if (!m->action)
        snprintf(err, errlen, "the agent sent an empty action message");
    q6agent__agent_message__free_unpacked(m, NULL);
    if (rc != 0) {
        size_t used = strlen(err);
        snprintf(err + used, errlen - used, " (slot %llu)", (unsigned long long)p->slot);
        return fail(b, err, errlen);
    }
    return 0;
}

static void agent_finish(void *state)
{
    bridge *b = state;
    if (!b)
        return;
    if (!b->failed) {
        Q6agent__Close c = Q6AGENT__CLOSE__INIT;
        c.reason = "end";
        c.has_slots = 1;
        c.slots = b->slots;
        Q6agent__EngineMessage m = Q6AGENT__ENGINE_MESSAGE__INIT;
        m.kind_case = Q6AGENT__ENGINE_MESSAGE__KIND_CLOSE;
        m.close = &c;
        size_t len = q6_agent_pack_engine(&m, &b->out, &b->out_cap);
        if (len)
            q6_wire_send(&b->wire, b->out, len, b->timeout_s);
        close(b->wire.fd);
        reap(b, b->timeout_s, NULL, 0);
    }
    bridge_free(b);
}

const q6_scheduler q6_sched_agent = {
    .h = {.table_size = sizeof(q6_scheduler), .abi_version = Q6_ABI_VERSION, .kind = Q6_KIND_SCHEDULER,
          .name = "agent",
          .description = "external learning agent over agent.proto (plugin_params cmd=, socket= or fd=; timeout_s=)"},
    .init = agent_init,
    .decide = agent_decide,
    .finish = agent_finish,
};
