/* Cost models and objective combination of the paper-003 controllers (see
 * p3_policy.h and docs/paper003.md for the derivations). */
#include "solvers/paper003/p3_policy.h"
#include <math.h>

int p3_split_cost(double work_flop, double cpu_flops, double gpu_flops, double cpu_j_per_flop,
                  double gpu_power_w, double gpu_fraction, double *energy_j, double *delay_s)
{
    double cpu_w = (1.0 - gpu_fraction) * work_flop, gpu_w = gpu_fraction * work_flop;
    if ((cpu_w > 0 && !(cpu_flops > 0)) || (gpu_w > 0 && !(gpu_flops > 0)))
        return -1;
    double t_c = cpu_w > 0 ? cpu_w / cpu_flops : 0.0, t_g = gpu_w > 0 ? gpu_w / gpu_flops : 0.0;
    *delay_s = fmax(t_c, t_g);
    *energy_j = cpu_w * cpu_j_per_flop + gpu_power_w * t_g;
    return 0;
}

/* Fills one action given d and g_b: renewable covers what d leaves, its
 * surplus is stored up to the room left after d and g_b. */
static int make_action(const p3_site *s, double d, double g_b, p3_batt_action *a)
{
    double rest = fmax(0.0, s->demand_j - d);
    double used = fmin(s->renewable_j, rest);
    double surplus = s->renewable_j - used;
    double room_in = (s->capacity_j - s->eta * (s->level_j - d)) / s->mu; /* charging input that fits */
    if (room_in < 0)
        room_in = 0;
    g_b = fmin(g_b, room_in);
    double u_b = fmin(surplus, room_in - g_b);
    a->discharge_j = d;
    a->charge_grid_j = g_b;
    a->charge_renewable_j = u_b;
    a->renewable_used_j = used;
    a->grid_used_j = rest - used;
    a->level_next_j = s->eta * (s->level_j - d) + s->mu * (u_b + g_b);
    /* Keep the level within capacity despite rounding (E1). */
    return a->level_next_j <= s->capacity_j * (1 + 1e-12);
}

int p3_battery_action_at(const p3_site *s, int idx, p3_batt_action *out)
{
    double need = fmax(0.0, s->demand_j - s->renewable_j);
    double d_max = fmin(s->level_j, need), g_max = fmax(0.0, s->max_grid_charge_j);
    /* Charging from the grid while discharging is never useful: no such candidate. */
    if ((idx == P3_BATT_CHARGE && !(g_max > 0)) || (idx == P3_BATT_DISCHARGE && !(d_max > 0)) || idx < 0 ||
        idx >= P3_N_BATT)
        return 0;
    return make_action(s, idx == P3_BATT_DISCHARGE ? d_max : 0.0, idx == P3_BATT_CHARGE ? g_max : 0.0, out);
}

size_t p3_battery_actions(const p3_site *s, p3_batt_action *out)
{
    size_t n = 0;
    for (int i = 0; i < P3_N_BATT; i++)
        n += (size_t)p3_battery_action_at(s, i, &out[n]);
    return n;
}

void p3_battery_costs(const p3_site *s, const p3_batt_action *a, double cost[P3_N_OBJ])
{
    double now = s->w_u * a->renewable_used_j + s->w_g * (a->grid_used_j + a->charge_grid_j) + s->w_d * a->discharge_j;
    cost[P3_OBJ_S] = now - s->stored_value_kg_per_j * (a->level_next_j - s->level_j);
    cost[P3_OBJ_E] = (1.0 - s->mu) * (a->charge_renewable_j + a->charge_grid_j) +
                     (1.0 - s->eta) * (s->level_j - a->discharge_j);
    cost[P3_OBJ_D] = 0.0;
}

/* Rescales each objective's costs to [0, 1] over the candidates. */
static void rescale(const double *cost, size_t n, double *out)
{
    for (int r = 0; r < P3_N_OBJ; r++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t a = 0; a < n; a++) {
            lo = fmin(lo, cost[r * n + a]);
            hi = fmax(hi, cost[r * n + a]);
        }
        double span = hi - lo;
        for (size_t a = 0; a < n; a++)
            out[r * n + a] = span > 0 ? (cost[r * n + a] - lo) / span : 0.0;
    }
}

#define P3_MAX_CAND 64

size_t p3_pick_scalarised(const double *cost, size_t n, const double zeta[P3_N_OBJ])
{
    double c[P3_N_OBJ * P3_MAX_CAND];
    if (n == 0 || n > P3_MAX_CAND)
        return 0;
    rescale(cost, n, c);
    size_t best = 0;
    double best_v = INFINITY;
    for (size_t a = 0; a < n; a++) {
        double v = 0;
        for (int r = 0; r < P3_N_OBJ; r++)
            v += zeta[r] * c[r * n + a];
        if (v < best_v) {
            best_v = v;
            best = a;
        }
    }
    return best;
}

size_t p3_pick_mixture(const double *cost, size_t n, const double zeta[P3_N_OBJ], double rho, double *pi_out)
{
    double c[P3_N_OBJ * P3_MAX_CAND], pi[P3_MAX_CAND] = {0};
    if (n == 0 || n > P3_MAX_CAND || !(rho > 0))
        return 0;
    rescale(cost, n, c);
    for (int r = 0; r < P3_N_OBJ; r++) {
        /* local policy q_r (eqs. 19-20): Boltzmann in the objective, the
         * rescaled cost's minimum is 0 so exp never underflows to all 0. */
        double z = 0;
        for (size_t a = 0; a < n; a++)
            z += exp(-c[r * n + a] / rho);
        for (size_t a = 0; a < n; a++)
            pi[a] += zeta[r] * exp(-c[r * n + a] / rho) / z; /* eq. (21) */
    }
    size_t best = 0;
    for (size_t a = 0; a < n; a++) {
        if (pi_out)
            pi_out[a] = pi[a];
        if (pi[a] > pi[best])
            best = a;
    }
    return best;
}

void p3_forecast_observe(p3_forecast *f, double value, double alpha)
{
    if (!f->seeded) {
        f->mean = value;
        f->seeded = 1;
    } else
        f->mean += alpha * (value - f->mean);
}

static double ratio_clipped(double num, double den)
{
    return den > 0 ? fmin(num / den, 10.0) : 10.0;
}

void p3_slot_features(double grid_g_per_kwh, size_t n, const double *demand_j, const double *renewable_j,
                      double out[P3_PRED_IN])
{
    double deficit = 0, ratio = 0;
    for (size_t k = 0; k < n; k++) {
        deficit += demand_j[k] > renewable_j[k];
        ratio += ratio_clipped(renewable_j[k], demand_j[k]);
    }
    out[0] = grid_g_per_kwh;
    out[1] = n ? deficit / (double)n : 0.0;
    out[2] = n ? ratio / (double)n : 0.0;
}

void p3_site_features(const double pred[P3_PRED_OUT], double grid_g_per_kwh, double level_j, double capacity_j,
                      double demand_j, double renewable_j, double out[P3_SITE_IN])
{
    out[0] = pred[0];
    out[1] = pred[1];
    out[2] = grid_g_per_kwh;
    out[3] = capacity_j > 0 ? level_j / capacity_j : 0.0;
    out[4] = ratio_clipped(renewable_j, demand_j);
    out[5] = demand_j > renewable_j;
}
