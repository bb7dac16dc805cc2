/* The paper 002 schedulers as ABI-3 tables, called directly on a hand-built
 * observation: every decision meets the ABI's constraints (C1-C7, B1, P1),
 * absent nodes and unreachable nodes keep the preset, the heuristic joins
 * the strongest AP, myopic ignores the energy queues, the SA master is
 * deterministic for a seed, bad plugin_params are refused with a message
 * naming the key, log= never replaces an existing file, and the plugins'
 * own energy queues (model_budget_j) follow eq. (25) by hand and enter
 * the next slot's objective. */
#include "check.h"
#include "solvers/benders/plugins.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NN 7
#define NA 4
#define NT 8

static q6_sched_node nodes[NN];
static q6_sched_ap aps[NA];
static q6_sched_task tasks[NT];
static double snr[NN * NA], rate[NN * NA], gain[NN * NA];
static q6_vqueue queues[NA];
static q6_sched_problem prob;

static void build(void)
{
    const char *names[NA] = {"bs0", "bs1", "hap0", "leo0"};
    uint32_t kinds[NA] = {Q6_AP_BS, Q6_AP_BS, Q6_AP_HAP, Q6_AP_LEO};
    double cpu[NA] = {1e10, 1e10, 2e10, 0.0};
    double band[NA] = {10e6, 10e6, 400e6, 800e6};
    for (uint32_t j = 0; j < NA; j++) {
        aps[j] = (q6_sched_ap){.name = names[j], .kind = kinds[j], .cpu_flops = cpu[j], .bandwidth_hz = band[j],
                               .beta_min = 0.05, .beta_max = 0.6};
        queues[j] = (q6_vqueue){.name = names[j], .kind = Q6_VQ_AP_ENERGY, .ap = j, .backlog = 5.0 * j,
                                .budget = 10.0};
    }
    aps[1].cpu_allocated_flops = 4e9;
    for (uint32_t n = 0; n < NN; n++) {
        nodes[n] = (q6_sched_node){.cpu_flops = 1e9, .tx_power_max_w = 1.0, .serving_ap = UINT32_MAX,
                                   .present = 1, .battery_j = NAN};
        for (uint32_t j = 0; j < NA; j++) {
            size_t k = (size_t)n * NA + j;
            snr[k] = 1.0 + ((n * 7 + j * 3) % 11);
            rate[k] = band[j] * log2(1.0 + snr[k]);
            gain[k] = snr[k] * 1e-21 * band[j];
        }
    }
    nodes[4].present = 0;                       /* absent: its task keeps the preset */
    for (uint32_t j = 0; j < NA; j++)           /* node 6 reaches nothing */
        snr[6 * NA + j] = 0.1;
    snr[0 * NA + 2] = 0.1;                      /* node 0 cannot reach the HAP */
    uint32_t owner[NT] = {0, 1, 2, 3, 4, 5, 5, 6};
    for (uint32_t t = 0; t < NT; t++)
        tasks[t] = (q6_sched_task){.id = t, .node = owner[t], .kind = Q6_TASK_CLASSICAL,
                                   .input_bytes = 1e5 * (1 + t % 3), .work_flops = 5e8 * (1 + t % 4),
                                   .deadline_s = 1.0, .priority_weight = 1.0, .parent_id = t, .n_subtasks = 1};
    prob = (q6_sched_problem){.abi_version = 3, .slot = 4, .slot_s = 1.0, .n_nodes = NN, .nodes = nodes,
                              .n_aps = NA, .aps = aps, .n_tasks = NT, .tasks = tasks, .snr = snr,
                              .rate_bps = rate, .gain = gain, .min_snr = 1.0, .noise_psd_w_per_hz = 4e-21,
                              .cloud_flops = 3e10, .n_queues = NA, .queues = queues, .lyapunov_v = 10.0};
}

static q6_sched_task_choice tc[NT];
static q6_sched_node_choice nc[NN];
static q6_sched_ap_choice ac[NA];

static q6_sched_decision preset(void)
{
    for (uint32_t t = 0; t < NT; t++)
        tc[t] = (q6_sched_task_choice){.target = Q6_RUN_LOCAL, .compute_ap = Q6_SAME_AP, .offload_fraction = 1.0, .cpu_share_flops = Q6_UNSET};
    for (uint32_t n = 0; n < NN; n++)
        nc[n] = (q6_sched_node_choice){.bandwidth_fraction = Q6_UNSET, .tx_power_w = nodes[n].tx_power_max_w};
    for (uint32_t j = 0; j < NA; j++)
        ac[j] = (q6_sched_ap_choice){.gpu_fraction = 0.0, .charge_renewable_j = Q6_UNSET,
                                     .charge_grid_j = Q6_UNSET, .discharge_j = Q6_UNSET};
    return (q6_sched_decision){tc, nc, ac};
}

static void check_abi(const q6_sched_decision *d)
{
    double share[NA] = {0}, bw[NA] = {0};
    uint32_t ap_of[NN];
    for (uint32_t n = 0; n < NN; n++)
        ap_of[n] = UINT32_MAX;
    for (uint32_t t = 0; t < NT; t++) {
        const q6_sched_task_choice *c = &d->tasks[t];
        uint32_t n = tasks[t].node;
        CHECK(c->target == Q6_RUN_LOCAL || c->target == Q6_RUN_AP || c->target == Q6_RUN_CLOUD); /* C1 */
        if (n == 4 || n == 6) {  /* absent / out of reach: preset kept */
            CHECK(c->target == Q6_RUN_LOCAL);
            CHECK(d->nodes[n].bandwidth_fraction == Q6_UNSET);
            continue;
        }
        CHECK(c->target != Q6_RUN_LOCAL); /* the paper's model offloads every task */
        if (c->target == Q6_RUN_LOCAL)
            continue;
        CHECK(c->ap < NA);                                      /* C2 */
        if (c->ap >= NA)
            continue;
        CHECK(snr[n * NA + c->ap] >= prob.min_snr);            /* C3 */
        CHECK(c->target != Q6_RUN_AP || aps[c->ap].cpu_flops > 0.0); /* C4 */
        CHECK(ap_of[n] == UINT32_MAX || ap_of[n] == c->ap);    /* C5 */
        ap_of[n] = c->ap;
        CHECK(c->offload_fraction >= 0.0 && c->offload_fraction <= 1.0); /* C6 */
        if (c->target == Q6_RUN_AP) {
            CHECK(c->cpu_share_flops > 0.0);                    /* C7 */
            share[c->ap] += c->cpu_share_flops;
        }
    }
    for (uint32_t n = 0; n < NN; n++) {
        if (ap_of[n] == UINT32_MAX)
            continue;
        double b = d->nodes[n].bandwidth_fraction;            /* B1 */
        CHECK(b >= aps[ap_of[n]].beta_min - 1e-12 && b <= aps[ap_of[n]].beta_max + 1e-12);
        bw[ap_of[n]] += b;
        CHECK(d->nodes[n].tx_power_w > 0.0 && d->nodes[n].tx_power_w <= nodes[n].tx_power_max_w); /* P1 */
    }
    for (uint32_t j = 0; j < NA; j++) {
        CHECK(bw[j] <= 1.0 + 1e-12);
        CHECK(share[j] <= (aps[j].cpu_flops - aps[j].cpu_allocated_flops) * (1.0 + 1e-12)); /* C7 */
    }
}

static int run(const q6_scheduler *s, const char *params, uint64_t seed, q6_sched_decision *d,
               const q6_bd_record **rec)
{
    q6_plugin_init_args a = {seed, params};
    void *st = NULL;
    char err[256] = "";
    if (s->init(&a, &st, err, sizeof err) != 0) {
        fprintf(stderr, "init %s: %s\n", s->h.name, err);
        return -1;
    }
    *d = preset();
    int rc = s->decide(st, &prob, d, err, sizeof err);
    if (rc)
        fprintf(stderr, "decide %s: %s\n", s->h.name, err);
    if (rec) {
        const q6_bd_record *r = q6_bd_plugin_last_record(st);
        *rec = NULL;
        static q6_bd_record copy;
        static q6_bd_iter iters[256];
        if (r) {
            copy = *r;
            copy.iter = iters;
            memcpy(iters, r->iter, (r->iterations < 256 ? r->iterations : 256) * sizeof *iters);
            *rec = &copy;
        }
    }
    s->finish(st);
    return rc;
}

static void headers(void)
{
    const q6_scheduler *all[] = {&q6_sched_gbd, &q6_sched_hqcgbd, &q6_sched_sat_heuristic, &q6_sched_myopic};
    const char *names[] = {"gbd", "hqcgbd", "satin-heuristic", "myopic"};
    for (int k = 0; k < 4; k++) {
        CHECK(all[k]->h.table_size == sizeof(q6_scheduler));
        CHECK(all[k]->h.abi_version == Q6_ABI_VERSION);
        CHECK(all[k]->h.kind == Q6_KIND_SCHEDULER);
        CHECK(!strcmp(all[k]->h.name, names[k]));
        CHECK(all[k]->decide && all[k]->init && all[k]->finish);
    }
}

static void decisions(void)
{
    q6_sched_decision d;
    const q6_bd_record *r = NULL;
    CHECK(run(&q6_sched_gbd, NULL, 1, &d, &r) == 0);
    check_abi(&d);
    CHECK(r && r->iterations >= 1 && r->converged && r->gap >= 0.0 && r->lb <= r->ub);
    CHECK(run(&q6_sched_hqcgbd, "cuts=2,solver=sa,host=cpu,reads=20,sweeps=200", 1, &d, &r) == 0);
    check_abi(&d);
    CHECK(r && r->iterations >= 1 && r->master_sim_s > 0.0);
    CHECK(run(&q6_sched_hqcgbd, "solver=tabu,host=qpu,reads=5", 1, &d, &r) == 0);
    check_abi(&d);
    /* QPU host without engine services: the annealer model's access time,
     * at least the programming time per master solve */
    CHECK(r && r->master_sim_s >= 0.01 * (r->iterations - 1));
    CHECK(run(&q6_sched_myopic, NULL, 1, &d, NULL) == 0);
    check_abi(&d);

    /* heuristic: strongest reachable AP (the caps, 20 users per AP, do not bind) */
    CHECK(run(&q6_sched_sat_heuristic, NULL, 1, &d, NULL) == 0);
    check_abi(&d);
    for (uint32_t t = 0; t < NT; t++) {
        uint32_t n = tasks[t].node, best = UINT32_MAX;
        if (n == 4 || n == 6)
            continue;
        for (uint32_t j = 0; j < NA; j++)
            if (snr[n * NA + j] >= prob.min_snr && (best == UINT32_MAX || rate[n * NA + j] > rate[n * NA + best]))
                best = j;
        CHECK(d.tasks[t].ap == best);
    }
}

static int same(const q6_sched_decision *a, const q6_sched_task_choice *ta, const q6_sched_node_choice *na)
{
    return !memcmp(a->tasks, ta, sizeof tc) && !memcmp(a->nodes, na, sizeof nc);
}

static void myopic_and_determinism(void)
{
    q6_sched_decision d;
    q6_sched_task_choice t1[NT];
    q6_sched_node_choice n1[NN];
    CHECK(run(&q6_sched_myopic, NULL, 1, &d, NULL) == 0);
    memcpy(t1, tc, sizeof tc);
    memcpy(n1, nc, sizeof nc);
    for (uint32_t j = 0; j < NA; j++)
        queues[j].backlog = 1e9;
    CHECK(run(&q6_sched_myopic, NULL, 1, &d, NULL) == 0);
    CHECK(same(&d, t1, n1));
    /* the SA master is seeded: the same seed gives the same decision */
    for (uint32_t j = 0; j < NA; j++)
        queues[j].backlog = 5.0 * j;
    CHECK(run(&q6_sched_hqcgbd, "solver=sa,reads=10,sweeps=300,cuts=3", 77, &d, NULL) == 0);
    memcpy(t1, tc, sizeof tc);
    memcpy(n1, nc, sizeof nc);
    CHECK(run(&q6_sched_hqcgbd, "solver=sa,reads=10,sweeps=300,cuts=3", 77, &d, NULL) == 0);
    CHECK(same(&d, t1, n1));
}

/* Engine services: a QPU (or CPU) solve is charged what the service says
 * (here 0.25 s and 10 J per call), once per master solve. */
static int qpu_calls, cpu_calls;
static int fake_solve(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out)
{
    (void)o;
    *(int *)engine += 1;
    memset(out->assignment, 0, q->n_vars);
    out->energy = q->offset;
    out->solve_time_s = 0.25;
    out->solve_energy_j = 10.0;
    out->fits_on_qpu = 1;
    return 0;
}

static void services(void)
{
    for (int host = 0; host < 2; host++) {
        int *calls = host ? &qpu_calls : &cpu_calls;
        q6_services sv = {calls, fake_solve, fake_solve, NULL};
        prob.services = &sv;
        q6_sched_decision d;
        const q6_bd_record *r = NULL;
        qpu_calls = cpu_calls = 0;
        CHECK(run(&q6_sched_hqcgbd, host ? "host=qpu,solver=sa,reads=5,sweeps=50" : "host=cpu,solver=tabu,reads=5", 3,
                  &d, &r) == 0);
        check_abi(&d);
        CHECK(r != NULL);
        if (r) {
            uint32_t masters = 0;
            for (uint32_t k = 0; k < r->iterations; k++)
                masters += r->iter[k].master_sim_s > 0.0;
            CHECK(*calls >= 1 && (uint32_t)*calls == masters);
            CHECK(host ? cpu_calls == 0 : qpu_calls == 0);
            CHECK_NEAR(r->master_sim_s, 0.25 * *calls, 1e-12);
            CHECK_NEAR(r->master_energy_j, 10.0 * *calls, 1e-9);
        }
        prob.services = NULL;
    }
}

static void params(void)
{
    q6_plugin_init_args a = {1, "cuts=0"};
    void *st = NULL;
    char err[256] = "";
    CHECK(q6_sched_hqcgbd.init(&a, &st, err, sizeof err) != 0);
    CHECK(strstr(err, "cuts=0") != NULL);
    a.params = "cuts=3"; /* gbd has no cuts parameter */
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) != 0);
    CHECK(strstr(err, "cuts=3") != NULL);
    a.params = "solver=annealer";
    CHECK(q6_sched_hqcgbd.init(&a, &st, err, sizeof err) != 0);
    a.params = "nodes=-1";
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) != 0);
    CHECK(strstr(err, "nodes=-1") != NULL);
    a.params = "nodes=5"; /* the heuristic has no master */
    CHECK(q6_sched_sat_heuristic.init(&a, &st, err, sizeof err) != 0);
    a.params = "kappa=nan";
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) != 0);
    a.params = "bits";
    CHECK(q6_sched_hqcgbd.init(&a, &st, err, sizeof err) != 0);
    CHECK(strstr(err, "not key=value") != NULL);

    char path[] = "/tmp/q6_benders_logXXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    char p[300];
    snprintf(p, sizeof p, "log=%s", path);
    a.params = p;
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) != 0); /* exists: refused */
    CHECK(strstr(err, "cannot create") != NULL);
    unlink(path);
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) == 0);
    q6_sched_decision d = preset();
    CHECK(q6_sched_gbd.decide(st, &prob, &d, err, sizeof err) == 0);
    const q6_bd_record *r = q6_bd_plugin_last_record(st);
    uint32_t iters = r ? r->iterations : 0;
    q6_sched_gbd.finish(st);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        char line[512];
        uint32_t lines = 0;
        while (fgets(line, sizeof line, f))
            lines++;
        fclose(f);
        CHECK(lines == iters + 1); /* header + one row per iteration */
    }
    unlink(path);
}

/* One reachable AP (the HAP), so the slot_log's sums are that AP's own
 * energy and queue: Q(t+1) = max(Q(t) + E(t) - b, 0) by hand, and the
 * slot's objective V sum D + Q(t) E(t) is the solver's upper bound. */
static void model_queues(void)
{
    double saved[NN * NA];
    memcpy(saved, snr, sizeof saved);
    for (uint32_t n = 0; n < NN; n++)
        for (uint32_t j = 0; j < NA; j++)
            if (j != 2 || n == 0)
                snr[n * NA + j] = 0.1; /* node 0 reached only the HAP's neighbours: now nothing */
    char path[] = "/tmp/q6_benders_slotsXXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    const double v = 10.0, b = 0.05;
    char params[400];
    snprintf(params, sizeof params, "v=10,model_budget_j=0.05,slot_log=%s", path);
    q6_plugin_init_args a = {1, params};
    void *st = NULL;
    char err[256] = "";
    CHECK(q6_sched_gbd.init(&a, &st, err, sizeof err) == 0);
    double ub[3] = {0};
    for (int t = 0; t < 3 && st; t++) {
        prob.slot = (uint64_t)t;
        q6_sched_decision d = preset();
        CHECK(q6_sched_gbd.decide(st, &prob, &d, err, sizeof err) == 0);
        const q6_bd_record *r = q6_bd_plugin_last_record(st);
        CHECK(r != NULL);
        ub[t] = r ? r->ub : NAN;
    }
    if (st)
        q6_sched_gbd.finish(st);
    prob.slot = 4;
    memcpy(snr, saved, sizeof saved);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[512];
    CHECK(fgets(line, sizeof line, f) != NULL); /* header */
    double q = 0.0;
    int rows = 0;
    unsigned long long slot;
    unsigned users, iters;
    double delay, energy, queue, sim, gap;
    while (fgets(line, sizeof line, f) &&
           sscanf(line, "%llu,%u,%lf,%lf,%lf,%u,%lf,%lf", &slot, &users, &delay, &energy, &queue, &iters, &sim,
                  &gap) == 8) {
        CHECK(slot == (unsigned long long)rows);
        CHECK(users == 4); /* nodes 1, 2, 3 and 5 (its two tasks pooled); 4 is absent, 0 and 6 reach nothing */
        CHECK(energy > 0.0);
        CHECK_NEAR(ub[rows], v * delay + q * energy, 1e-9 * ub[rows]); /* eq. (30) with the queue before the slot */
        q = fmax(q + energy - b, 0.0);
        CHECK_NEAR(queue, q, 1e-12 * (1.0 + q));
        rows++;
    }
    fclose(f);
    CHECK(rows == 3);
    CHECK(q > 0.0); /* the budget binds, so the check above saw a non-zero queue */
    unlink(path);
}

int main(void)
{
    build();
    headers();
    decisions();
    myopic_and_determinism();
    services();
    params();
    model_queues();
    return CHECK_DONE();
}
