/* qubo-offload: the slot's placement problem as a QUBO, solved on the QPU
 * host (or on the aggregator's CPU) through the engine's services.
 *
 * Variables x[t][o], o in {local, edge at the node's strongest AP, cloud
 * through that AP}, for every task t. Objective (seconds):
 *   sum c[t][o] x[t][o]                       stand-alone finish time of each option
 * + sum_{t<t' sharing a server} s(t,t') x x'  queueing: the later of two tasks on one
 *                                             server waits for the other, charged as
 *                                             half the pair's total service time
 * + P sum_t (sum_o x[t][o] - 1)^2             one option per task
 * with P = 1 + sum of all |c| and |s| (a documented rule: any feasible
 * assignment then beats every infeasible one). plugin_params:
 * host=qpu|cpu (default qpu), solver=sa|tabu|exact (sa), reads=N (100),
 * sweeps=N (1000). A task whose decoded choice is not one-hot runs locally. */
#include "solvers/baselines/baselines.h"
#include "solvers/offload/offload.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCAL = 0, OPT_EDGE = 1, OPT_CLOUD = 2, N_OPT = 3 };

typedef struct {
    int use_qpu;
    q6_qubo_options opt;
    uint64_t solves;
} qubo_state;

static int parse_params(const char *params, qubo_state *s, char *err, size_t errlen)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", params ? params : "");
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        char *end = NULL;
        if (!eq) {
            snprintf(err, errlen, "plugin_params: '%s' is not key=value", kv);
            return -1;
        }
        *eq = 0;
        const char *v = eq + 1;
        if (!strcmp(kv, "host") && (!strcmp(v, "qpu") || !strcmp(v, "cpu")))
            s->use_qpu = !strcmp(v, "qpu");
        else if (!strcmp(kv, "solver") && !strcmp(v, "sa"))
            s->opt.solver = Q6_QUBO_SA;
        else if (!strcmp(kv, "solver") && !strcmp(v, "tabu"))
            s->opt.solver = Q6_QUBO_TABU;
        else if (!strcmp(kv, "solver") && !strcmp(v, "exact"))
            s->opt.solver = Q6_QUBO_EXACT;
        else if ((!strcmp(kv, "reads") || !strcmp(kv, "sweeps")) && (strtoul(v, &end, 10), *v && !*end)) {
            unsigned long n = strtoul(v, NULL, 10);
            if (n < 1 || n > 1000000) {
                snprintf(err, errlen, "plugin_params: %s=%s is outside [1, 1000000]", kv, v);
                return -1;
            }
            *(strcmp(kv, "reads") ? &s->opt.sweeps : &s->opt.reads) = (uint32_t)n;
        } else {
            snprintf(err, errlen, "plugin_params: unknown or invalid '%s=%s' (host=qpu|cpu, solver=sa|tabu|exact, reads=N, sweeps=N)", kv, v);
            return -1;
        }
    }
    return 0;
}

static int qubo_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    qubo_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->use_qpu = 1;
    s->opt.solver = Q6_QUBO_SA;
    s->opt.reads = 100;
    s->opt.sweeps = 1000;
    s->opt.seed = a->seed;
    if (parse_params(a->params, s, err, errlen) < 0) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

/* Growable coupler list. */
typedef struct {
    uint32_t *u, *v;
    double *c;
    uint32_t n, cap;
} couplers;

static void add_coupler(couplers *k, uint32_t u, uint32_t v, double c)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 256;
        k->u = realloc(k->u, k->cap * sizeof *k->u);
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        k->c = realloc(k->c, k->cap * sizeof *k->c);
    }
    k->u[k->n] = u;
    k->v[k->n] = v;
    k->c[k->n++] = c;
}

/* Server of option o of task t: local CPU of its node, or the edge server
 * of its AP; the cloud has enough cores to be treated as uncontended. */
static long server_of(const q6_sched_problem *p, const uint32_t *ap, uint32_t t, int o)
{
    if (o == OPT_LOCAL)
        return (long)p->tasks[t].node;
    if (o == OPT_EDGE)
        return (long)p->n_nodes + ap[t];
    return -1;
}

static int qubo_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    qubo_state *s = state;
    if (p->n_tasks == 0) /* decide() runs every slot: nothing to place, no solve */
        return 0;
    uint32_t nt = p->n_tasks, nv = N_OPT * nt;
    uint32_t *ap = malloc(nt * sizeof *ap);
    double *lin = calloc(nv, sizeof *lin), *service = calloc(nv, sizeof *service);
    unsigned char *allowed = calloc(nv, 1);
    couplers k = {0};
    double total = 0;
    for (uint32_t t = 0; t < nt; t++) {
        const q6_sched_task *task = &p->tasks[t];
        uint32_t n = task->node, a = q6_strongest_ap(p, n);
        ap[t] = a;
        if (task->kind == Q6_TASK_QUANTUM)
            continue; /* no option here: it keeps its QPU preset (below) */
        service[N_OPT * t + OPT_LOCAL] = task->work_flops / p->nodes[n].cpu_flops;
        lin[N_OPT * t + OPT_LOCAL] = p->nodes[n].backlog_s + service[N_OPT * t + OPT_LOCAL];
        allowed[N_OPT * t + OPT_LOCAL] = 1;
        if (a != UINT32_MAX) {
            double air_s = 8.0 * (task->input_bytes + task->output_bytes) / q6_equal_share_rate_bps(p, n, a, 1);
            if (p->aps[a].cpu_flops > 0) {
                service[N_OPT * t + OPT_EDGE] = task->work_flops / p->aps[a].cpu_flops;
                lin[N_OPT * t + OPT_EDGE] = air_s + p->aps[a].backlog_s + service[N_OPT * t + OPT_EDGE];
                allowed[N_OPT * t + OPT_EDGE] = 1;
            }
            lin[N_OPT * t + OPT_CLOUD] = air_s + task->work_flops / p->cloud_flops;
            allowed[N_OPT * t + OPT_CLOUD] = 1;
        }
        for (int o = 0; o < N_OPT; o++)
            total += allowed[N_OPT * t + o] ? fabs(lin[N_OPT * t + o]) : 0.0;
    }
    /* Queueing couplings between tasks that would share a server. */
    for (uint32_t t = 0; t < nt; t++)
        for (uint32_t t2 = t + 1; t2 < nt; t2++)
            for (int o = OPT_LOCAL; o <= OPT_EDGE; o++) {
                uint32_t i = N_OPT * t + o, j = N_OPT * t2 + o;
                if (!allowed[i] || !allowed[j] || server_of(p, ap, t, o) != server_of(p, ap, t2, o))
                    continue;
                double c = 0.5 * (service[i] + service[j]);
                add_coupler(&k, i, j, c);
                total += c;
            }
    double pen = 1.0 + total;
    double offset = 0;
    for (uint32_t t = 0; t < nt; t++) {
        /* P (sum x - 1)^2 = P - P sum x + 2P sum_{o<o'} x x' (x^2 = x). */
        offset += pen;
        for (int o = 0; o < N_OPT; o++) {
            uint32_t i = N_OPT * t + o;
            lin[i] = allowed[i] ? lin[i] - pen : pen; /* a forbidden option only costs */
            for (int o2 = o + 1; o2 < N_OPT; o2++)
                add_coupler(&k, i, N_OPT * t + o2, 2 * pen);
        }
    }
    q6_qubo_view q = {nv, lin, k.n, k.u, k.v, k.c, offset};
    uint8_t *x = calloc(nv, 1);
    q6_qubo_outcome out = {x, 0, 0, 0, 0, 0};
    q6_qubo_options opt = s->opt;
    opt.seed = s->opt.seed + s->solves++;
    int rc = -1;
    if (p->services)
        rc = s->use_qpu ? p->services->solve_qubo_qpu(p->services->engine, &q, &opt, &out) : -1;
    if (rc != 0 && p->services)
        rc = p->services->solve_qubo_cpu(p->services->engine, &q, &opt, &out);
    for (uint32_t t = 0; t < nt; t++) {
        int chosen = -1, ones = 0;
        for (int o = 0; o < N_OPT; o++)
            if (rc == 0 && x[N_OPT * t + o]) {
                ones++;
                chosen = o;
            }
        if (p->tasks[t].kind == Q6_TASK_QUANTUM)
            continue;
        d->tasks[t].target = Q6_RUN_LOCAL;
        d->tasks[t].ap = 0;
        if (ones == 1 && chosen != OPT_LOCAL && allowed[N_OPT * t + chosen]) {
            d->tasks[t].target = chosen == OPT_EDGE ? Q6_RUN_AP : Q6_RUN_CLOUD;
            d->tasks[t].ap = ap[t];
        }
    }
    q6_sched_route_quantum(p, d);
    free(ap);
    free(lin);
    free(service);
    free(allowed);
    free(k.u);
    free(k.v);
    free(k.c);
    free(x);
    return 0;
}

static void qubo_finish(void *state) { free(state); }

const q6_scheduler q6_sched_qubo_offload = {
    .h = {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "qubo-offload",
          "placement as a QUBO (one-hot options, queueing couplings) sampled on the QPU host"},
    .init = qubo_init, .decide = qubo_decide, .finish = qubo_finish};
