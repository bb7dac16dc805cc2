/* ABI-3 scheduler tables of paper 002 (see plugins.h): translate the
 * engine's observation into the slot problem of benders.h, solve it, and
 * write the solution back as a decision.
 *
 * Translation (docs/paper002.md, "Plugin mapping"):
 *   users        nodes present with classical tasks this slot that reach an
 *                AP (snr >= min_snr); a node's tasks are pooled (L = 8 sum
 *                input bytes, c = sum work) and go the same way;
 *   rbar_ij      rate_bps (the node alone on the AP's whole band), so a
 *                fraction beta uploads at beta rbar_ij as in paper eq. (10);
 *   F_j          the AP's CPU speed minus what running tasks hold; APs
 *                without a CPU (LEO) relay only;
 *   Q_j          backlog of the AP's Q6_VQ_AP_ENERGY queues; V lyapunov_v
 *                (1 when the scenario has no lyapunov group);
 *   kappa, CPU share bounds, backhaul rates and relay powers are not in the
 *   ABI: plugin_params with Table I defaults (docs/paper002.md).
 * Output: target AP (onboard) or CLOUD through the AP, offload_fraction 1,
 * the CPU share split over the node's tasks by work, the bandwidth fraction
 * of the node. Everything else keeps the engine's preset. */
#include "solvers/benders/plugins.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { KIND_GBD, KIND_HQCGBD, KIND_HEURISTIC, KIND_MYOPIC } plugin_kind;

typedef struct {
    plugin_kind kind;
    q6_bd_options opt;
    uint64_t seed;
    double kappa, f_min_frac, f_max_frac;
    double cloud_hz;      /* f_c per user (eq. 20); 0: the cloud host's whole speed */
    double backhaul_bps[4], relay_power_w[4]; /* per q6_ap_kind */
    q6_bd_record last;
    int have_last;
    FILE *log;
    int log_wall;
    /* model_budget_j > 0: the plugin keeps eq. (25)'s queues itself, over
     * the energy of eq. (22) its own decisions imply, instead of reading
     * the engine's ap-energy queues (docs/paper002.md sec. 5). */
    double model_budget_j, v_override;
    double *model_queue_j;   /* per AP (allocated at the first slot) */
    uint32_t n_model_queues;
    FILE *slot_log;          /* slot_log=PATH: per-slot delay, energy, queues */
} plugin_state;

static int parse_u(const char *v, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi || *v == '-')
        return -1;
    *out = n;
    return 0;
}

static int parse_d(const char *v, double lo, double hi, double *out)
{
    char *end = NULL;
    double x = strtod(v, &end);
    if (!*v || *end || !isfinite(x) || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

static int parse_params(plugin_state *s, const char *params, char *err, size_t errlen)
{
    char buf[2048];
    if (params && strlen(params) >= sizeof buf) {
        snprintf(err, errlen, "plugin_params: longer than %zu characters", sizeof buf - 1);
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", params ? params : "");
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, errlen, "plugin_params: '%s' is not key=value", kv);
            return -1;
        }
        *eq = 0;
        const char *v = eq + 1;
        unsigned long n = 0;
        int ok = 1;
        if (!strcmp(kv, "cuts") && s->kind == KIND_HQCGBD)
            ok = parse_u(v, 1, 64, &n) == 0 && (s->opt.cuts_per_iter = (uint32_t)n, 1);
        else if (!strcmp(kv, "solver") && s->kind == KIND_HQCGBD) {
            if (!strcmp(v, "sa"))
                s->opt.qubo.sampler = Q6_BD_SAMPLER_SA;
            else if (!strcmp(v, "tabu"))
                s->opt.qubo.sampler = Q6_BD_SAMPLER_TABU;
            else if (!strcmp(v, "exact"))
                s->opt.qubo.sampler = Q6_BD_SAMPLER_EXACT;
            else
                ok = 0;
        } else if (!strcmp(kv, "host") && s->kind == KIND_HQCGBD) {
            if (!strcmp(v, "qpu") || !strcmp(v, "cpu"))
                s->opt.qubo.host = !strcmp(v, "qpu") ? Q6_BD_HOST_QPU : Q6_BD_HOST_CPU;
            else
                ok = 0;
        } else if (!strcmp(kv, "reads") && s->kind == KIND_HQCGBD)
            ok = parse_u(v, 1, 1000000, &n) == 0 && (s->opt.qubo.reads = (uint32_t)n, 1);
        else if (!strcmp(kv, "sweeps") && s->kind == KIND_HQCGBD)
            ok = parse_u(v, 1, 1000000, &n) == 0 && (s->opt.qubo.sweeps = (uint32_t)n, 1);
        else if (!strcmp(kv, "bits") && s->kind == KIND_HQCGBD)
            ok = parse_u(v, 4, 40, &n) == 0 && (s->opt.qubo.eta_bits = (uint32_t)n, 1);
        else if (!strcmp(kv, "max_iter") && s->kind != KIND_HEURISTIC)
            ok = parse_u(v, 1, 100000, &n) == 0 && (s->opt.max_iter = (uint32_t)n, 1);
        else if (!strcmp(kv, "nodes") && s->kind != KIND_HEURISTIC)
            ok = parse_u(v, 0, 100000000, &n) == 0 && (s->opt.milp_node_limit = (uint32_t)n, 1);
        else if (!strcmp(kv, "tol") && s->kind != KIND_HEURISTIC)
            ok = parse_d(v, 0.0, 1.0, &s->opt.tol_rel) == 0;
        else if (!strcmp(kv, "kappa"))
            ok = parse_d(v, 0.0, 1.0, &s->kappa) == 0;
        else if (!strcmp(kv, "model_budget_j"))
            ok = parse_d(v, 0.0, 1e15, &s->model_budget_j) == 0 && s->model_budget_j > 0.0;
        else if (!strcmp(kv, "v"))
            ok = parse_d(v, 0.0, 1e15, &s->v_override) == 0 && s->v_override > 0.0;
        else if (!strcmp(kv, "slot_log") && !s->slot_log) {
            if (!(s->slot_log = fopen(v, "wx"))) {
                snprintf(err, errlen, "plugin_params: slot_log=%s: cannot create (exists or unwritable)", v);
                return -1;
            }
            fprintf(s->slot_log, "slot,users,delay_sum_s,ap_energy_j,queue_sum_j,iterations,master_sim_s,gap\n");
        } else if (!strcmp(kv, "cloud_hz"))
            ok = parse_d(v, 0.0, 1e18, &s->cloud_hz) == 0;
        else if (!strcmp(kv, "f_min_frac"))
            ok = parse_d(v, 1e-9, 1.0, &s->f_min_frac) == 0;
        else if (!strcmp(kv, "f_max_frac"))
            ok = parse_d(v, 1e-9, 1.0, &s->f_max_frac) == 0;
        else if (!strcmp(kv, "backhaul_bs_bps"))
            ok = parse_d(v, 1.0, 1e15, &s->backhaul_bps[Q6_AP_BS]) == 0;
        else if (!strcmp(kv, "backhaul_hap_bps"))
            ok = parse_d(v, 1.0, 1e15, &s->backhaul_bps[Q6_AP_HAP]) == 0 &&
                 (s->backhaul_bps[Q6_AP_UAV] = s->backhaul_bps[Q6_AP_HAP], 1);
        else if (!strcmp(kv, "backhaul_leo_bps"))
            ok = parse_d(v, 1.0, 1e15, &s->backhaul_bps[Q6_AP_LEO]) == 0;
        else if (!strcmp(kv, "relay_bs_w"))
            ok = parse_d(v, 0.0, 1e6, &s->relay_power_w[Q6_AP_BS]) == 0;
        else if (!strcmp(kv, "relay_hap_w"))
            ok = parse_d(v, 0.0, 1e6, &s->relay_power_w[Q6_AP_HAP]) == 0 &&
                 (s->relay_power_w[Q6_AP_UAV] = s->relay_power_w[Q6_AP_HAP], 1);
        else if (!strcmp(kv, "relay_leo_w"))
            ok = parse_d(v, 0.0, 1e6, &s->relay_power_w[Q6_AP_LEO]) == 0;
        else if (!strcmp(kv, "log") && s->kind != KIND_HEURISTIC && !s->log) {
            /* never replace a file: "x" fails when the path exists */
            if (!(s->log = fopen(v, "wx"))) {
                snprintf(err, errlen, "plugin_params: log=%s: cannot create (exists or unwritable)", v);
                return -1;
            }
            fprintf(s->log, "slot,iteration,upper_bound,lower_bound,master_sim_s,cuts%s\n",
                    s->log_wall ? ",master_wall_s" : "");
        } else if (!strcmp(kv, "log_wall") && s->kind != KIND_HEURISTIC && !s->log)
            ok = parse_u(v, 0, 1, &n) == 0 && (s->log_wall = (int)n, 1);
        else
            ok = 0;
        if (!ok) {
            snprintf(err, errlen, "plugin_params: unknown or invalid '%s=%s' (see docs/paper002.md)", kv, v);
            return -1;
        }
    }
    return 0;
}

static int init_kind(plugin_kind kind, const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    plugin_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->kind = kind;
    s->seed = a ? a->seed : 0;
    q6_bd_options_default(&s->opt);
    if (kind == KIND_HQCGBD)
        s->opt.master = Q6_BD_MASTER_QUBO;
    s->opt.qubo.seed = s->seed;
    /* GLPK's branch and bound can run for minutes on one 35-user master
     * (docs/paper002.md sec. 7); a deterministic node limit bounds it */
    s->opt.milp_node_limit = 2000;
    s->kappa = 1e-28;
    s->f_min_frac = 0.01;
    s->f_max_frac = 1.0;
    /* Table I: BS and HAP 41 dBm, satellite 42 dBm; backhaul rates are not
     * in the surviving text (docs/paper002.md says what was assumed). */
    s->relay_power_w[Q6_AP_BS] = pow(10.0, (41.0 - 30.0) / 10.0);
    s->relay_power_w[Q6_AP_UAV] = s->relay_power_w[Q6_AP_HAP] = pow(10.0, (41.0 - 30.0) / 10.0);
    s->relay_power_w[Q6_AP_LEO] = pow(10.0, (42.0 - 30.0) / 10.0);
    s->backhaul_bps[Q6_AP_BS] = 1e9;
    s->backhaul_bps[Q6_AP_UAV] = s->backhaul_bps[Q6_AP_HAP] = 5e8;
    s->backhaul_bps[Q6_AP_LEO] = 2e8;
    if (parse_params(s, a ? a->params : NULL, err, errlen) < 0) {
        if (s->log)
            fclose(s->log);
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static void finish(void *state)
{
    plugin_state *s = state;
    if (!s)
        return;
    if (s->log)
        fclose(s->log);
    if (s->slot_log)
        fclose(s->slot_log);
    free(s->model_queue_j);
    q6_bd_record_free(&s->last);
    free(s);
}

const q6_bd_record *q6_bd_plugin_last_record(const void *state)
{
    const plugin_state *s = state;
    return s && s->have_last ? &s->last : NULL;
}

/* The slot problem built from the observation; arrays owned here. */
typedef struct {
    q6_bd_problem p;
    uint32_t *node_of;         /* user -> node */
    int32_t *user_of;          /* node -> user or -1 */
    double *buf;               /* every double array in one block */
    uint8_t *reach;
} slot_problem;

static void slot_free(slot_problem *sp)
{
    free(sp->node_of);
    free(sp->user_of);
    free(sp->buf);
    free(sp->reach);
}

static int reaches(const q6_sched_problem *q, uint32_t node, uint32_t ap)
{
    size_t k = (size_t)node * q->n_aps + ap;
    return q->snr[k] >= q->min_snr && q->rate_bps[k] > 0.0 && isfinite(q->rate_bps[k]);
}

static int build_slot(const plugin_state *s, const q6_sched_problem *q, slot_problem *sp, char *err, size_t errlen)
{
    memset(sp, 0, sizeof *sp);
    uint32_t nn = q->n_nodes, na = q->n_aps;
    sp->user_of = malloc((nn ? nn : 1) * sizeof *sp->user_of);
    sp->node_of = malloc((nn ? nn : 1) * sizeof *sp->node_of);
    if (!sp->user_of || !sp->node_of)
        goto oom;
    uint32_t nu = 0;
    for (uint32_t n = 0; n < nn; n++)
        sp->user_of[n] = -1;
    for (uint32_t t = 0; t < q->n_tasks; t++) {
        uint32_t n = q->tasks[t].node;
        if (n >= nn || q->tasks[t].kind != Q6_TASK_CLASSICAL || sp->user_of[n] >= 0 || !q->nodes[n].present)
            continue;
        int any = 0;
        for (uint32_t j = 0; j < na; j++)
            any |= reaches(q, n, j);
        if (!any)
            continue;
        sp->user_of[n] = (int32_t)nu;
        sp->node_of[nu++] = n;
    }
    size_t nd = 2 * (size_t)nu + 11 * (size_t)na + (size_t)nu * na;
    sp->buf = calloc(nd ? nd : 1, sizeof *sp->buf);
    size_t pairs = (size_t)nu * na;
    sp->reach = calloc(pairs ? pairs : 1, 1);
    if (!sp->buf || !sp->reach)
        goto oom;
    double *d = sp->buf;
    double *input = d, *work = d + nu;
    d += 2 * (size_t)nu;
    double *bmin = d, *bmax = d + na, *cpu = d + 2 * na, *fmin = d + 3 * na, *fmax = d + 4 * na, *kappa = d + 5 * na,
           *bh = d + 6 * na, *txw = d + 7 * na, *queue = d + 8 * na;
    double *rate = d + 11 * (size_t)na;
    for (uint32_t t = 0; t < q->n_tasks; t++) {
        const q6_sched_task *tk = &q->tasks[t];
        if (tk->node >= nn || tk->kind != Q6_TASK_CLASSICAL || sp->user_of[tk->node] < 0)
            continue;
        uint32_t i = (uint32_t)sp->user_of[tk->node];
        input[i] += 8.0 * tk->input_bytes;
        work[i] += tk->work_flops;
    }
    for (uint32_t j = 0; j < na; j++) {
        const q6_sched_ap *ap = &q->aps[j];
        uint32_t kind = ap->kind <= Q6_AP_LEO ? ap->kind : Q6_AP_BS;
        bmin[j] = ap->beta_min;
        bmax[j] = ap->beta_max;
        double free_hz = ap->cpu_flops - ap->cpu_allocated_flops;
        fmin[j] = s->f_min_frac * ap->cpu_flops;
        fmax[j] = s->f_max_frac * ap->cpu_flops;
        /* an AP whose free CPU cannot host even one minimum share relays only */
        cpu[j] = ap->cpu_flops > 0.0 && free_hz >= fmin[j] ? free_hz : 0.0;
        kappa[j] = s->kappa;
        bh[j] = s->backhaul_bps[kind];
        txw[j] = s->relay_power_w[kind];
    }
    if (s->kind != KIND_MYOPIC && s->model_queue_j)
        for (uint32_t j = 0; j < na; j++)
            queue[j] = s->model_queue_j[j];
    else if (s->kind != KIND_MYOPIC)
        for (uint32_t k = 0; k < q->n_queues; k++)
            if (q->queues[k].kind == Q6_VQ_AP_ENERGY && q->queues[k].ap < na)
                queue[q->queues[k].ap] += q->queues[k].backlog;
    for (uint32_t i = 0; i < nu; i++)
        for (uint32_t j = 0; j < na; j++) {
            size_t k = (size_t)i * na + j;
            sp->reach[k] = (uint8_t)reaches(q, sp->node_of[i], j);
            rate[k] = sp->reach[k] ? q->rate_bps[(size_t)sp->node_of[i] * na + j] : 0.0;
        }
    q6_bd_problem *p = &sp->p;
    p->n_users = nu;
    p->n_aps = na;
    p->v = s->kind == KIND_MYOPIC ? 1.0 : s->v_override > 0.0 ? s->v_override : !(q->lyapunov_v > 0.0) ? 1.0 : q->lyapunov_v;
    /* eq. (20): a pre-assigned cloud rate per user, within the cloud host's speed */
    p->cloud_flops = s->cloud_hz > 0.0 && s->cloud_hz < q->cloud_flops ? s->cloud_hz : q->cloud_flops;
    p->input_bits = input;
    p->work_cycles = work;
    p->beta_min = bmin;
    p->beta_max = bmax;
    p->cpu_hz = cpu;
    p->f_min = fmin;
    p->f_max = fmax;
    p->kappa = kappa;
    p->backhaul_bps = bh;
    p->tx_power_w = txw;
    p->queue_j = queue;
    p->rate_bps = rate;
    p->reach = sp->reach;
    return q6_bd_check(p, err, errlen);
oom:
    snprintf(err, errlen, "out of memory");
    slot_free(sp);
    memset(sp, 0, sizeof *sp);
    return -1;
}

/* splitmix64: decision-side randomness of the heuristic, keyed by (seed,
 * slot, node) so it does not depend on which other nodes are present. */
static double u01_of(uint64_t seed, uint64_t slot, uint32_t node)
{
    uint64_t z = seed ^ (slot * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)node * 0xD1B54A32D192ED03ULL);
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-53;
}

static void write_decision(const plugin_state *s, const q6_sched_problem *q, const slot_problem *sp,
                           const q6_bd_binaries *b, const q6_bd_alloc *a, q6_sched_decision *d)
{
    const q6_bd_problem *p = &sp->p;
    for (uint32_t i = 0; i < p->n_users; i++) {
        uint32_t n = sp->node_of[i];
        d->nodes[n].bandwidth_fraction = a->beta[i];
    }
    for (uint32_t t = 0; t < q->n_tasks; t++) {
        const q6_sched_task *tk = &q->tasks[t];
        if (tk->node >= q->n_nodes || tk->kind != Q6_TASK_CLASSICAL || sp->user_of[tk->node] < 0)
            continue;
        uint32_t i = (uint32_t)sp->user_of[tk->node];
        q6_sched_task_choice *c = &d->tasks[t];
        c->ap = b->ap[i];
        c->offload_fraction = 1.0;
        if (b->onboard[i]) {
            c->target = Q6_RUN_AP;
            double share = p->work_cycles[i] > 0.0 ? tk->work_flops / p->work_cycles[i] : 1.0;
            /* C7 wants a positive share; a zero-work task gets a sliver of its node's */
            c->cpu_share_flops = share > 0.0 ? a->f_hz[i] * share : a->f_hz[i] * 1e-9;
        } else {
            c->target = Q6_RUN_CLOUD;
            /* the engine runs it at the pre-assigned rate the plan assumed */
            if (s->cloud_hz > 0.0) {
                double share = p->work_cycles[i] > 0.0 ? tk->work_flops / p->work_cycles[i] : 1.0;
                c->cpu_share_flops = p->cloud_flops * (share > 0.0 ? share : 1e-9);
            }
        }
    }
}

static void log_record(plugin_state *s, uint64_t slot)
{
    if (!s->log)
        return;
    for (uint32_t k = 0; k < s->last.iterations; k++) {
        const q6_bd_iter *it = &s->last.iter[k];
        fprintf(s->log, "%llu,%u,%.17g,%.17g,%.17g,%u", (unsigned long long)slot, k + 1, it->ub, it->lb,
                it->master_sim_s, it->cuts);
        if (s->log_wall)
            fprintf(s->log, ",%.9g", it->master_wall_s);
        fputc('\n', s->log);
    }
    fflush(s->log);
}

/* End of a slot: eq. (25) on the plugin's own queues (model_budget_j) and
 * the slot_log row. a is NULL when no user reached an AP. */
static void slot_outcome(plugin_state *s, uint64_t slot, const q6_bd_problem *p, const q6_bd_alloc *a, int solved)
{
    double delay = 0.0, energy = 0.0, queue = 0.0;
    for (uint32_t i = 0; a && i < p->n_users; i++)
        delay += a->delay_s[i];
    for (uint32_t j = 0; j < s->n_model_queues; j++) {
        double e = a ? a->energy_j[j] : 0.0;
        double next = s->model_queue_j[j] + e - s->model_budget_j;
        s->model_queue_j[j] = next > 0.0 ? next : 0.0;
    }
    for (uint32_t j = 0; a && j < p->n_aps; j++)
        energy += a->energy_j[j];
    for (uint32_t j = 0; j < s->n_model_queues; j++)
        queue += s->model_queue_j[j];
    if (!s->slot_log)
        return;
    const q6_bd_record *r = solved ? &s->last : NULL;
    fprintf(s->slot_log, "%llu,%u,%.17g,%.17g,%.17g,%u,%.17g,%.17g\n", (unsigned long long)slot,
            a ? p->n_users : 0, delay, energy, queue, r ? r->iterations : 0, r ? r->master_sim_s : 0.0,
            r ? r->gap : 0.0);
    fflush(s->slot_log);
}

static int decide(void *state, const q6_sched_problem *q, q6_sched_decision *d, char *err, size_t errlen)
{
    plugin_state *s = state;
    if (s->model_budget_j > 0.0 && !s->model_queue_j) {
        if (!(s->model_queue_j = calloc(q->n_aps ? q->n_aps : 1, sizeof *s->model_queue_j))) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->n_model_queues = q->n_aps;
    }
    slot_problem sp;
    if (build_slot(s, q, &sp, err, errlen) < 0) {
        slot_free(&sp);
        return -1;
    }
    int rc = -1;
    q6_bd_binaries b = {0};
    q6_bd_alloc a = {0};
    double *u = NULL;
    int have_b = 0, have_a = 0;
    if (sp.p.n_users == 0) {
        slot_outcome(s, q->slot, &sp.p, NULL, 0);
        rc = 0;
        goto out;
    }
    have_b = q6_bd_binaries_init(&b, sp.p.n_users) == 0;
    have_a = q6_bd_alloc_init(&a, &sp.p) == 0;
    if (!have_b || !have_a) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (s->kind == KIND_HEURISTIC) {
        if (!(u = malloc(sp.p.n_users * sizeof *u))) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        for (uint32_t i = 0; i < sp.p.n_users; i++)
            u[i] = u01_of(s->seed, q->slot, sp.node_of[i]);
        if (q6_bd_heuristic_binaries(&sp.p, u, 0.5, &b) < 0 || q6_bd_equal_alloc(&sp.p, &b, &a) < 0) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        if (!a.feasible) {
            snprintf(err, errlen, "slot %llu: more users than the APs' minimum bandwidth fractions admit",
                     (unsigned long long)q->slot);
            goto out;
        }
    } else {
        q6_bd_options o = s->opt;
        o.qubo.seed = s->seed ^ (q->slot * 0x9E3779B97F4A7C15ULL);
        o.qubo.services = q->services;
        q6_bd_record_free(&s->last);
        s->have_last = 0;
        int r = q6_bd_solve(&sp.p, &o, NULL, &b, &a, &s->last);
        if (r != 0) {
            snprintf(err, errlen, r > 0 ? "slot %llu: no feasible association (too many users for the APs' "
                                          "minimum bandwidth fractions)"
                                        : "slot %llu: decomposition failed (out of memory or exact master too large)",
                     (unsigned long long)q->slot);
            goto out;
        }
        s->have_last = 1;
        log_record(s, q->slot);
    }
    write_decision(s, q, &sp, &b, &a, d);
    slot_outcome(s, q->slot, &sp.p, &a, s->kind != KIND_HEURISTIC);
    rc = 0;
out:
    free(u);
    if (have_b)
        q6_bd_binaries_free(&b);
    if (have_a)
        q6_bd_alloc_free(&a);
    slot_free(&sp);
    return rc;
}

static int init_gbd(const q6_plugin_init_args *a, void **st, char *e, size_t n) { return init_kind(KIND_GBD, a, st, e, n); }
static int init_hqcgbd(const q6_plugin_init_args *a, void **st, char *e, size_t n)
{
    return init_kind(KIND_HQCGBD, a, st, e, n);
}
static int init_heuristic(const q6_plugin_init_args *a, void **st, char *e, size_t n)
{
    return init_kind(KIND_HEURISTIC, a, st, e, n);
}
static int init_myopic(const q6_plugin_init_args *a, void **st, char *e, size_t n)
{
    return init_kind(KIND_MYOPIC, a, st, e, n);
}

#define HEADER(nm, desc) {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, nm, desc}

const q6_scheduler q6_sched_gbd = {
    HEADER("gbd", "paper 002: drift-plus-penalty slot MINLP by generalized Benders decomposition, GLPK MILP master"),
    init_gbd, decide, finish};
const q6_scheduler q6_sched_hqcgbd = {
    HEADER("hqcgbd", "paper 002: hybrid quantum-classical GBD, master as a QUBO on the QPU host "
                     "(cuts=K multi-cut, solver=sa|tabu|exact, host=qpu|cpu)"),
    init_hqcgbd, decide, finish};
const q6_scheduler q6_sched_sat_heuristic = {
    HEADER("satin-heuristic", "paper 002 baseline 1: max-SNR AP, random onboard or cloud, equal allocation"),
    init_heuristic, decide, finish};
const q6_scheduler q6_sched_myopic = {
    HEADER("myopic", "paper 002 baseline 2 (reading): minimum slot delay ignoring the energy queues (V -> inf), "
                     "solved by GBD"),
    init_myopic, decide, finish};
