/* The paper-003 controllers (plugin ABI 3): energy-efficiency, rer,
 * morl-scalarised and morl-mb. All four assign user u's packets to
 * computing server u mod M (the fixed sets M_k of eq. 7) and pick, per
 * server and slot, the CPU/GPU split and (the emission-aware two) the
 * site's battery dispatch from a small candidate set, by the objectives of
 * problem P1 (13a): sustainability (emissions), energy, delay. They differ
 * only in what they see and how they combine the objectives, so a
 * comparison isolates exactly that (docs/paper003.md):
 *   energy-efficiency  energy + delay, blind to emissions; engine dispatch
 *   rer                renewable-energy ratio + energy + delay; engine dispatch
 *                      (renewable first, then battery, never grid charging:
 *                      the dispatch that maximises the ratio)
 *   morl-scalarised    emissions + energy + delay, weighted sum, argmin
 *   morl-mb            the same objectives, per-objective local policies
 *                      combined by the weights zeta (eqs. 19-21), argmax;
 *                      model-based: the predictor is p3_forecast, not an LSTM.
 *   (learned)          morl-mb's split, and the battery by the mixture over
 *                      costs from trained hooks (p3_controller.h): the
 *                      `morl` scheduler of solvers/paper003/morl/.
 * plugin_params: zeta_s, zeta_e, zeta_d (>= 0, not all 0), rho (> 0),
 * cpu_busy_w, cpu_idle_w, gpu_power_w (the servers' power model; defaults
 * are platforms/paper003's), renewable_g_per_kwh, battery_g_per_kwh (w_u,
 * w_d: the scheduler sees only the grid's factor), alpha (forecaster
 * weight in (0, 1]), charge_slots (>= 1: a full grid charge takes this many
 * slots). */
#include "models/emissions.h"
#include "solvers/baselines/baselines.h"
#include "solvers/paper003/paper003.h"
#include "solvers/paper003/p3_controller.h"
#include "solvers/paper003/p3_policy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { MODE_EE, MODE_RER, MODE_SCAL, MODE_MIX, MODE_LEARNED } p3_mode;

typedef struct {
    p3_mode mode;
    double zeta[P3_N_OBJ], rho;
    double cpu_busy_w, cpu_idle_w, gpu_power_w;
    double w_u_g_per_kwh, w_d_g_per_kwh, alpha, charge_slots;
    p3_forecast forecast;            /* grid emission factor, g/kWh */
    p3_forecast deficit[256];        /* per AP: probability that demand exceeds renewable */
    p3_learned learned;              /* MODE_LEARNED: the trained predictor and Q-heads */
} p3_state;

static int parse_params(const char *params, p3_state *s, char *err, size_t errlen)
{
    static const char *const keys[] = {"zeta_s", "zeta_e", "zeta_d", "rho", "cpu_busy_w", "cpu_idle_w",
                                       "gpu_power_w", "renewable_g_per_kwh", "battery_g_per_kwh", "alpha",
                                       "charge_slots"};
    double *dst[] = {&s->zeta[0], &s->zeta[1], &s->zeta[2], &s->rho, &s->cpu_busy_w, &s->cpu_idle_w,
                     &s->gpu_power_w, &s->w_u_g_per_kwh, &s->w_d_g_per_kwh, &s->alpha, &s->charge_slots};
    char buf[1024], *save = NULL;
    if (params && strlen(params) >= sizeof buf) {
        snprintf(err, errlen, "plugin_params: longer than %zu characters", sizeof buf - 1);
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", params ? params : "");
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '='), *end = NULL;
        size_t k = 0;
        if (eq) {
            *eq = 0;
            for (; k < sizeof keys / sizeof keys[0] && strcmp(kv, keys[k]); k++)
                ;
        }
        double v = eq ? strtod(eq + 1, &end) : NAN;
        if (!eq || k == sizeof keys / sizeof keys[0] || end == eq + 1 || *end || !isfinite(v) || v < 0) {
            snprintf(err, errlen,
                     "plugin_params: '%s%s%s' is not one of zeta_s, zeta_e, zeta_d, rho, cpu_busy_w, "
                     "cpu_idle_w, gpu_power_w, renewable_g_per_kwh, battery_g_per_kwh, alpha, charge_slots "
                     "= a finite number >= 0",
                     kv, eq ? "=" : "", eq ? eq + 1 : "");
            return -1;
        }
        *dst[k] = v;
    }
    if (!(s->zeta[0] + s->zeta[1] + s->zeta[2] > 0) || !(s->rho > 0) || !(s->alpha > 0) || s->alpha > 1 ||
        s->charge_slots < 1 || s->cpu_busy_w < s->cpu_idle_w) {
        snprintf(err, errlen, "plugin_params: need zeta_s + zeta_e + zeta_d > 0, rho > 0, alpha in (0, 1], "
                              "charge_slots >= 1, cpu_busy_w >= cpu_idle_w");
        return -1;
    }
    return 0;
}

static int init_mode(p3_mode mode, const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    p3_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    *s = (p3_state){.mode = mode, .zeta = {1.0 / 3, 1.0 / 3, 1.0 / 3}, .rho = 0.5, .cpu_busy_w = 65,
                    .cpu_idle_w = 20, .gpu_power_w = 250, .w_u_g_per_kwh = 20, .w_d_g_per_kwh = 0,
                    .alpha = 0.01, .charge_slots = 20};
    if (parse_params(a->params, s, err, errlen) < 0) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int init_ee(const q6_plugin_init_args *a, void **st, char *e, size_t n) { return init_mode(MODE_EE, a, st, e, n); }
static int init_rer(const q6_plugin_init_args *a, void **st, char *e, size_t n) { return init_mode(MODE_RER, a, st, e, n); }
static int init_scal(const q6_plugin_init_args *a, void **st, char *e, size_t n) { return init_mode(MODE_SCAL, a, st, e, n); }
static int init_mix(const q6_plugin_init_args *a, void **st, char *e, size_t n) { return init_mode(MODE_MIX, a, st, e, n); }

static size_t pick(const p3_state *s, const double *cost, size_t n, const double zeta[P3_N_OBJ])
{
    return s->mode == MODE_MIX || s->mode == MODE_LEARNED ? p3_pick_mixture(cost, n, zeta, s->rho, NULL) : p3_pick_scalarised(cost, n, zeta);
}

/* Index of the split that minimises the delay of eq. (3): the candidate
 * nearest to f_G / (f_C + f_G) on the GPU (both parts end together). */
static int best_delay_split(const q6_sched_ap *ap)
{
    double g = ap->gpu_flops / (ap->cpu_flops + ap->gpu_flops);
    return (int)lround(g * (P3_N_SPLITS - 1));
}

/* CPU/GPU split of AP a's work this slot. The emission objective of a
 * split is its energy times the slot's grid factor (a multiple of the
 * energy objective); rer's renewable-ratio objective falls as energy rises
 * at a given renewable supply, so it too is energy-shaped; the blind
 * energy-efficiency controller has no first objective. */
static double choose_split(const p3_state *s, const q6_sched_ap *ap, double work, double slot_s)
{
    double cost[P3_N_OBJ * P3_N_SPLITS], zeta[P3_N_OBJ] = {s->zeta[0], s->zeta[1], s->zeta[2]};
    double j_per_flop = (s->cpu_busy_w - s->cpu_idle_w) / ap->cpu_flops;
    double w_g = q6_g_per_kwh_to_kg_per_j(ap->emission_g_per_kwh);
    if (s->mode == MODE_EE)
        zeta[P3_OBJ_S] = 0;
    size_t n = 0;
    double fr[P3_N_SPLITS];
    for (int i = 0; i < P3_N_SPLITS; i++) {
        double g = i / (double)(P3_N_SPLITS - 1), e, d;
        if (p3_split_cost(work, ap->cpu_flops, ap->gpu_flops, j_per_flop, s->gpu_power_w, g, &e, &d) < 0)
            continue;
        /* Section II-A: computations must end within the slot; the work
         * queued at the server delays them first. */
        if (ap->backlog_s + d > slot_s && i != best_delay_split(ap))
            continue;
        fr[n] = g;
        cost[P3_OBJ_S * P3_N_SPLITS + n] = s->mode == MODE_RER ? e : e * w_g;
        cost[P3_OBJ_E * P3_N_SPLITS + n] = e;
        cost[P3_OBJ_D * P3_N_SPLITS + n] = d;
        n++;
    }
    if (n < P3_N_SPLITS) /* compact the rows when a split was infeasible */
        for (int r = 1; r < P3_N_OBJ; r++)
            memmove(&cost[r * n], &cost[r * P3_N_SPLITS], n * sizeof *cost);
    return n ? fr[pick(s, cost, n, zeta)] : 0.0;
}

/* A stored joule displaces grid energy later only in slots whose demand
 * the renewable does not cover; otherwise it would have been replaced by
 * renewable surplus for free. Its forecast worth is therefore the forecast
 * grid factor times the forecast probability of such a slot. */
static void choose_battery(const p3_state *s, const q6_sched_ap *ap, double deficit, q6_sched_ap_choice *c,
                           double eta, double mu)
{
    p3_site site = {.demand_j = ap->energy_last_slot_j, .renewable_j = ap->renewable_available_j,
                    .level_j = ap->battery_j, .capacity_j = ap->battery_capacity_j, .eta = eta, .mu = mu,
                    .max_grid_charge_j = ap->battery_capacity_j / s->charge_slots,
                    .w_g = q6_g_per_kwh_to_kg_per_j(ap->emission_g_per_kwh),
                    .w_u = q6_g_per_kwh_to_kg_per_j(s->w_u_g_per_kwh),
                    .w_d = q6_g_per_kwh_to_kg_per_j(s->w_d_g_per_kwh),
                    .stored_value_kg_per_j = q6_g_per_kwh_to_kg_per_j(s->forecast.mean) * deficit};
    p3_batt_action act[P3_MAX_BATT];
    size_t n = p3_battery_actions(&site, act);
    if (!n)
        return; /* keep the engine's dispatch */
    double cost[P3_N_OBJ * P3_MAX_BATT], one[P3_N_OBJ];
    for (size_t a = 0; a < n; a++) {
        p3_battery_costs(&site, &act[a], one);
        for (int r = 0; r < P3_N_OBJ; r++)
            cost[r * n + a] = one[r];
    }
    const p3_batt_action *b = &act[pick(s, cost, n, s->zeta)];
    c->discharge_j = b->discharge_j;
    c->charge_renewable_j = b->charge_renewable_j;
    c->charge_grid_j = b->charge_grid_j;
}

/* The learned controller's battery choice (eqs. 19-21 on the trained
 * Q-heads): the fixed candidates, their costs per objective from the
 * Q-heads (Q_D is 0: the battery does not delay packets), the mixture. */
static void choose_battery_learned(const p3_state *s, const q6_sched_ap *ap, const double pred[P3_PRED_OUT],
                                   q6_sched_ap_choice *c, double eta, double mu)
{
    p3_site site = {.demand_j = ap->energy_last_slot_j, .renewable_j = ap->renewable_available_j,
                    .level_j = ap->battery_j, .capacity_j = ap->battery_capacity_j, .eta = eta, .mu = mu,
                    .max_grid_charge_j = ap->battery_capacity_j / s->charge_slots};
    double x[P3_SITE_IN], q[P3_N_OBJ * P3_N_BATT], cost[P3_N_OBJ * P3_N_BATT];
    p3_site_features(pred, ap->emission_g_per_kwh, site.level_j, site.capacity_j, site.demand_j, site.renewable_j, x);
    s->learned.battery_costs(s->learned.ctx, x, q);
    p3_batt_action act[P3_N_BATT];
    size_t n = 0;
    for (int i = 0; i < P3_N_BATT; i++) {
        if (!p3_battery_action_at(&site, i, &act[n]))
            continue;
        for (int r = 0; r < P3_N_OBJ; r++)
            cost[r * P3_N_BATT + n] = q[r * P3_N_BATT + i];
        n++;
    }
    if (!n)
        return;
    if (n < P3_N_BATT) /* compact the rows, as choose_split does */
        for (int r = 1; r < P3_N_OBJ; r++)
            memmove(&cost[r * n], &cost[r * P3_N_BATT], n * sizeof *cost);
    const p3_batt_action *b = &act[pick(s, cost, n, s->zeta)];
    c->discharge_j = b->discharge_j;
    c->charge_renewable_j = b->charge_renewable_j;
    c->charge_grid_j = b->charge_grid_j;
}

/* eta and mu are the scenario's; the ABI does not show them, so the
 * controllers use Table I's (platforms/paper003/scenario.cfg). */
#define P3_ETA 0.9999
#define P3_MU 0.9

static int decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    p3_state *s = state;
    double work[256] = {0};
    uint32_t n_servers = 0, server[256];
    if (p->n_aps > 256) {
        snprintf(err, errlen, "%u access points: these controllers handle at most 256", p->n_aps);
        return -1;
    }
    for (uint32_t a = 0; a < p->n_aps; a++)
        if (p->aps[a].cpu_flops > 0)
            server[n_servers++] = a;
    if (!n_servers)
        return 0; /* nothing to decide: every packet stays at its default */
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind != Q6_TASK_CLASSICAL)
            continue;
        uint32_t a = server[task->node % n_servers];
        if (p->snr[(size_t)task->node * p->n_aps + a] < p->min_snr)
            a = q6_strongest_ap(p, task->node);
        if (a == UINT32_MAX || !(p->aps[a].cpu_flops > 0))
            continue;
        d->tasks[t].target = Q6_RUN_AP;
        d->tasks[t].ap = a;
        d->tasks[t].offload_fraction = 1.0;
        work[a] += task->work_flops;
    }
    q6_sched_route_quantum(p, d);
    /* The predictor sees the grid's factor once per slot (the same at every
     * AP of one site; the first AP's). */
    p3_forecast_observe(&s->forecast, p->aps[server[0]].emission_g_per_kwh, s->alpha);
    double pred[P3_PRED_OUT] = {0};
    if (s->mode == MODE_LEARNED) {
        double dem[256], ren[256], x[P3_PRED_IN];
        for (uint32_t i = 0; i < n_servers; i++) {
            dem[i] = p->aps[server[i]].energy_last_slot_j;
            ren[i] = p->aps[server[i]].renewable_available_j;
        }
        p3_slot_features(p->aps[server[0]].emission_g_per_kwh, n_servers, dem, ren, x);
        s->learned.observe_slot(s->learned.ctx, x, pred);
    }
    for (uint32_t i = 0; i < n_servers; i++) {
        uint32_t a = server[i];
        const q6_sched_ap *ap = &p->aps[a];
        if (ap->gpu_flops > 0 && work[a] > 0)
            d->aps[a].gpu_fraction = choose_split(s, ap, work[a], p->slot_s);
        if (s->mode == MODE_LEARNED && ap->battery_capacity_j > 0)
            choose_battery_learned(s, ap, pred, &d->aps[a], P3_ETA, P3_MU);
        else if ((s->mode == MODE_SCAL || s->mode == MODE_MIX) && ap->battery_capacity_j > 0)
        {
            p3_forecast_observe(&s->deficit[a], ap->energy_last_slot_j > ap->renewable_available_j, s->alpha);
            choose_battery(s, ap, s->deficit[a].mean, &d->aps[a], P3_ETA, P3_MU);
        }
    }
    return 0;
}

static void finish(void *state)
{
    p3_state *s = state;
    if (s && s->learned.free_ctx)
        s->learned.free_ctx(s->learned.ctx);
    free(s);
}

int p3_init_learned(const char *params, const p3_learned *l, void **state, char *err, size_t errlen)
{
    q6_plugin_init_args a = {0, params};
    if (init_mode(MODE_LEARNED, &a, state, err, errlen) < 0)
        return -1;
    ((p3_state *)*state)->learned = *l;
    return 0;
}

int p3_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    return decide(state, p, d, err, errlen);
}

void p3_finish(void *state) { finish(state); }

#define P3_TABLE(var, name, desc, init)                                                                  \
    const q6_scheduler var = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, name, desc}, \
                              init, decide, finish}

P3_TABLE(q6_sched_p3_energy_efficiency, "energy-efficiency",
         "paper 003 baseline: energy + delay, blind to emissions (CPU/GPU split; engine dispatch)", init_ee);
P3_TABLE(q6_sched_p3_rer, "rer",
         "paper 003 baseline: renewable-energy ratio + energy + delay (CPU/GPU split; renewable-first dispatch)",
         init_rer);
P3_TABLE(q6_sched_p3_morl_scalarised, "morl-scalarised",
         "paper 003 baseline: emissions + energy + delay as one weighted sum (split and battery per slot)",
         init_scal);
P3_TABLE(q6_sched_p3_morl_mb, "morl-mb",
         "paper 003 MORL, model-based: forecast emission factor, local policies per objective mixed by zeta "
         "(eqs. 19-21)",
         init_mix);
