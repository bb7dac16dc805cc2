/* Per-slot decision pieces shared by the paper-003 controllers: the cost of
 * a CPU/GPU split (eqs. 3-4 as the engine applies them), the candidate
 * battery actions of one site and their per-objective costs (eqs. 2, 8, 11),
 * the emission-factor forecaster, and the two ways of combining objectives:
 * weighted sum (scalarised) and the mixture of per-objective local policies
 * of eqs. (19)-(21). Pure functions, no engine state: unit-tested in
 * test/paper003. */
#ifndef Q6_SOLVERS_PAPER003_POLICY_H
#define Q6_SOLVERS_PAPER003_POLICY_H
#include <stddef.h>

enum { P3_OBJ_S = 0, P3_OBJ_E = 1, P3_OBJ_D = 2, P3_N_OBJ = 3 };
#define P3_N_SPLITS 21 /* gpu_fraction 0, 0.05, ..., 1 */
#define P3_MAX_BATT 4  /* discharge {0, all} x grid charge {0, max} */

/* Energy (J) and delay (s) of work_flop split with gpu_fraction on the GPU:
 * delay max((1 - g) W / f_C, g W / f_G) (eq. 3), energy the CPU's marginal
 * J/flop times its part plus gpu_power_w for the GPU's time. -1 when a
 * device without speed gets work. */
int p3_split_cost(double work_flop, double cpu_flops, double gpu_flops, double cpu_j_per_flop,
                  double gpu_power_w, double gpu_fraction, double *energy_j, double *delay_s);

/* One site's battery action: discharge d, renewable charge u_b, grid
 * charge g_b (the engine's fields), and what follows by eqs. (2), (8). */
typedef struct {
    double discharge_j, charge_renewable_j, charge_grid_j;
    double renewable_used_j, grid_used_j, level_next_j;
} p3_batt_action;

typedef struct {
    double demand_j, renewable_j, level_j, capacity_j;
    double eta, mu;
    double max_grid_charge_j;        /* per slot */
    double w_g, w_u, w_d;            /* emission factors now, kg/J */
    double stored_value_kg_per_j;    /* forecast worth of one stored joule */
} p3_site;

/* Fills up to P3_MAX_BATT feasible actions (E1 holds for each: surplus
 * renewable stored up to the room, discharge only of demand the renewable
 * leaves uncovered), returns their number. */
size_t p3_battery_actions(const p3_site *s, p3_batt_action *out);
/* The candidate of fixed index idx (P3_BATT_HOLD: d = 0, g_b = 0;
 * P3_BATT_CHARGE: d = 0, g_b = max_grid_charge_j; P3_BATT_DISCHARGE: d =
 * what the renewable leaves uncovered, at most the level; surplus renewable
 * stored up to the room in each): 1 and *out when it is feasible and
 * distinct (charge needs max_grid_charge_j > 0, discharge an uncovered
 * demand and a stored joule), else 0. p3_battery_actions lists the feasible
 * ones in this order. */
enum { P3_BATT_HOLD = 0, P3_BATT_CHARGE = 1, P3_BATT_DISCHARGE = 2, P3_N_BATT = 3 };
int p3_battery_action_at(const p3_site *s, int idx, p3_batt_action *out);
/* Costs of an action: [S] emissions now minus the forecast worth of the
 * change in stored energy (eq. 11), [E] energy lost to charging and
 * self-discharge (eq. 2), [D] 0 (the battery does not delay packets). */
void p3_battery_costs(const p3_site *s, const p3_batt_action *a, double cost[P3_N_OBJ]);

/* cost[r * n + a]. Each objective is rescaled to [0, 1] over the
 * candidates (constant objectives to 0). Scalarised: argmin of
 * sum_r zeta_r cost_r. Mixture (eqs. 19-21): q_r(a) ~ exp(-cost_r(a) / rho),
 * pi(a) = sum_r zeta_r q_r(a), argmax. Ties: the lowest index. */
size_t p3_pick_scalarised(const double *cost, size_t n, const double zeta[P3_N_OBJ]);
size_t p3_pick_mixture(const double *cost, size_t n, const double zeta[P3_N_OBJ], double rho,
                       double *pi_out /* n entries or NULL */);

/* Inputs of the learned `morl` (features "p3-v1", mirrored by
 * python/agents/p3_morl.py; the test checks they agree). Per slot, for the
 * LSTM predictor: the grid factor (g/kWh), the fraction of the n servers
 * whose last-slot demand exceeded their renewable, and the servers' mean
 * renewable / demand (each clipped to 10; 10 without demand). Per server,
 * for the Q-heads: the predictor's outputs (forecast mean grid factor over
 * its horizon minus the current one, g/kWh, and forecast deficit fraction),
 * the grid factor, level / capacity, renewable / demand (clipped to 10) and
 * whether demand exceeds renewable (0/1). */
#define P3_PRED_IN 3
#define P3_PRED_OUT 2
#define P3_SITE_IN 6
void p3_slot_features(double grid_g_per_kwh, size_t n, const double *demand_j, const double *renewable_j,
                      double out[P3_PRED_IN]);
void p3_site_features(const double pred[P3_PRED_OUT], double grid_g_per_kwh, double level_j, double capacity_j,
                      double demand_j, double renewable_j, double out[P3_SITE_IN]);

/* Forecaster of the grid emission factor (the "predictor" stage of
 * Algorithm 1, model-based): exponentially weighted mean with weight alpha
 * per observation, seeded by the first. */
typedef struct {
    double mean;
    int seeded;
} p3_forecast;
void p3_forecast_observe(p3_forecast *f, double value, double alpha);

#endif
