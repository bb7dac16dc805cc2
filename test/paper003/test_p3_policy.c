/* The decision core of the paper-003 controllers (solvers/paper003/
 * p3_policy.h) against hand calculations: the split's cost (eq. 3), the
 * battery candidates (eqs. 2, 8) and their emissions (eq. 11), the
 * scalarised and mixture (eqs. 19-21) choices, and the forecaster. */
#include "check.h"
#include "solvers/paper003/p3_policy.h"

static void test_split(void)
{
    double e, d;
    /* W = 40 GFLOP, f_C = 20 GF/s, f_G = 80 GF/s, CPU 1 nJ/flop, GPU 200 W.
     * g = 0.5: CPU 20 GFLOP in 1 s, GPU 20 GFLOP in 0.25 s -> delay 1 s;
     * energy 20e9 x 1e-9 + 200 x 0.25 = 20 + 50 = 70 J. */
    CHECK(p3_split_cost(40e9, 20e9, 80e9, 1e-9, 200, 0.5, &e, &d) == 0);
    CHECK_NEAR(d, 1.0, 1e-12);
    CHECK_NEAR(e, 70.0, 1e-9);
    /* g = 0.8 balances the devices: CPU 8 GFLOP / 20 = 0.4 s = GPU 32 / 80. */
    CHECK(p3_split_cost(40e9, 20e9, 80e9, 1e-9, 200, 0.8, &e, &d) == 0);
    CHECK_NEAR(d, 0.4, 1e-12);
    CHECK_NEAR(e, 8 + 200 * 0.4, 1e-9);
    /* No GPU: any GPU share is refused, all-CPU is fine. */
    CHECK(p3_split_cost(40e9, 20e9, 0, 1e-9, 200, 0.1, &e, &d) < 0);
    CHECK(p3_split_cost(40e9, 20e9, 0, 1e-9, 200, 0.0, &e, &d) == 0);
}

static void test_battery(void)
{
    /* demand 10 J, renewable 4 J, level 20 J of 50, eta 0.5, mu 0.8,
     * grid charge up to 10 J. Candidates in order: (d 0, g_b 0),
     * (d 0, g_b 10), (d 6, g_b 0). */
    p3_site s = {.demand_j = 10, .renewable_j = 4, .level_j = 20, .capacity_j = 50, .eta = 0.5, .mu = 0.8,
                 .max_grid_charge_j = 10, .w_g = 3, .w_u = 1, .w_d = 0, .stored_value_kg_per_j = 2};
    p3_batt_action a[P3_MAX_BATT];
    CHECK(p3_battery_actions(&s, a) == 3);
    /* (0, 0): renewable 4 used, grid 6, level 0.5 x 20 = 10. */
    CHECK_NEAR(a[0].renewable_used_j, 4, 0);
    CHECK_NEAR(a[0].grid_used_j, 6, 0);
    CHECK_NEAR(a[0].level_next_j, 10, 1e-12);
    /* (0, 10): level 10 + 0.8 x 10 = 18; eq. 8: 4 + (16 - 10) + 0 = 10. */
    CHECK_NEAR(a[1].charge_grid_j, 10, 0);
    CHECK_NEAR(a[1].level_next_j, 18, 1e-12);
    CHECK_NEAR(a[1].renewable_used_j + a[1].grid_used_j + a[1].discharge_j, 10, 1e-12);
    /* (6, 0): the battery covers what renewable leaves; level 0.5 x 14 = 7. */
    CHECK_NEAR(a[2].discharge_j, 6, 0);
    CHECK_NEAR(a[2].grid_used_j, 0, 0);
    CHECK_NEAR(a[2].level_next_j, 7, 1e-12);
    double c[P3_N_OBJ];
    /* S costs (eq. 11 now minus 2 per stored joule gained):
     * (0,0): 1 x 4 + 3 x 6 - 2 x (10 - 20) = 22 + 20 = 42;
     * (0,10): 4 + 3 x 16 - 2 x (18 - 20) = 52 + 4 = 56;
     * (6,0): 4 + 0 - 2 x (7 - 20) = 4 + 26 = 30.
     * E costs: (1 - mu) charged + (1 - eta)(level - d): 10, 0.2 x 10 + 10 = 12, 7. */
    double want_s[3] = {42, 56, 30}, want_e[3] = {10, 12, 7};
    for (int i = 0; i < 3; i++) {
        p3_battery_costs(&s, &a[i], c);
        CHECK_NEAR(c[P3_OBJ_S], want_s[i], 1e-12);
        CHECK_NEAR(c[P3_OBJ_E], want_e[i], 1e-12);
        CHECK_NEAR(c[P3_OBJ_D], 0, 0);
    }
    /* A surplus is stored up to the room: renewable 30, demand 10 -> 20
     * surplus, room (50 - 0.5 x 20) / 0.8 = 50 -> all 20 stored, no
     * discharge candidate (nothing uncovered): level 10 + 16 = 26. */
    s.renewable_j = 30;
    size_t n = p3_battery_actions(&s, a);
    CHECK(n == 2);
    CHECK_NEAR(a[0].charge_renewable_j, 20, 0);
    CHECK_NEAR(a[0].level_next_j, 26, 1e-12);
    /* With the grid charge the room is shared: 50 - 10 = 40 left for u_b. */
    CHECK_NEAR(a[1].charge_grid_j, 10, 0);
    CHECK_NEAR(a[1].charge_renewable_j, 20, 0);
    /* Full battery: room (50 - 0.5 x 50)/0.8 = 31.25 input. */
    s.level_j = 50;
    s.renewable_j = 100;
    n = p3_battery_actions(&s, a);
    CHECK_NEAR(a[0].charge_renewable_j, 31.25, 1e-12);
    CHECK_NEAR(a[0].level_next_j, 50, 1e-12);
}

static void test_pick(void)
{
    /* Three candidates, costs per objective (rows S, E, D):
     * S: 0 1 2 -> rescaled 0 0.5 1; E: 2 1 0 -> 1 0.5 0; D: 5 5 5 -> 0 0 0. */
    double cost[9] = {0, 1, 2, 2, 1, 0, 5, 5, 5};
    double zs[3] = {1, 0, 0}, ze[3] = {0, 1, 0}, mid[3] = {0.5, 0.5, 0};
    CHECK(p3_pick_scalarised(cost, 3, zs) == 0);
    CHECK(p3_pick_scalarised(cost, 3, ze) == 2);
    /* Equal weights: the weighted sums are all 0.5: the first wins ties. */
    CHECK(p3_pick_scalarised(cost, 3, mid) == 0);
    /* Mixture with rho = 1: q_S ~ (1, e^-0.5, e^-1), q_E ~ (e^-1, e^-0.5, 1),
     * each normalised by Z = 1 + e^-0.5 + e^-1; pi = 0.5 q_S + 0.5 q_E:
     * pi_0 = pi_2 = 0.5 (1 + e^-1) / Z, pi_1 = e^-0.5 / Z. */
    double pi[3], z = 1 + exp(-0.5) + exp(-1.0);
    size_t k = p3_pick_mixture(cost, 3, mid, 1.0, pi);
    CHECK_NEAR(pi[0], 0.5 * (1 + exp(-1.0)) / z, 1e-15);
    CHECK_NEAR(pi[1], exp(-0.5) / z, 1e-15);
    CHECK_NEAR(pi[2], pi[0], 1e-15);
    CHECK_NEAR(pi[0] + pi[1] + pi[2], 1.0, 1e-15);
    CHECK(k == 0);
    /* The mixture differs from the weighted sum: a compromise candidate
     * (middle) wins the sum but not the mixture at small rho.
     * S: 0 0.4 1, E: 1 0.4 0 -> sum with 0.5/0.5: 0.5, 0.4, 0.5 -> 1;
     * rho = 0.05: each q_r is nearly one-hot on its own best -> 0 (tie with 2). */
    double c2[9] = {0, 0.4, 1, 1, 0.4, 0, 0, 0, 0};
    CHECK(p3_pick_scalarised(c2, 3, mid) == 1);
    CHECK(p3_pick_mixture(c2, 3, mid, 0.05, NULL) == 0);
    /* ...while at large rho the mixture approaches uniform q_r plus a linear
     * term, i.e. the weighted sum: the compromise wins. */
    CHECK(p3_pick_mixture(c2, 3, mid, 100.0, NULL) == 1);
}

static void test_fixed_candidates(void)
{
    /* The fixed indices of the learned morl: hold, charge, discharge, as in
     * test_battery's site (demand 10, renewable 4, level 20 of 50, grid 10). */
    p3_site s = {.demand_j = 10, .renewable_j = 4, .level_j = 20, .capacity_j = 50, .eta = 0.5, .mu = 0.8,
                 .max_grid_charge_j = 10};
    p3_batt_action a;
    CHECK(p3_battery_action_at(&s, P3_BATT_HOLD, &a) && a.discharge_j == 0 && a.charge_grid_j == 0);
    CHECK(p3_battery_action_at(&s, P3_BATT_CHARGE, &a) && a.charge_grid_j == 10);
    CHECK(p3_battery_action_at(&s, P3_BATT_DISCHARGE, &a) && a.discharge_j == 6);
    CHECK(!p3_battery_action_at(&s, P3_N_BATT, &a) && !p3_battery_action_at(&s, -1, &a));
    /* Renewable covers the demand: nothing to discharge; no grid charge allowed: no charge candidate. */
    s.renewable_j = 12;
    s.max_grid_charge_j = 0;
    CHECK(!p3_battery_action_at(&s, P3_BATT_DISCHARGE, &a));
    CHECK(!p3_battery_action_at(&s, P3_BATT_CHARGE, &a));
    CHECK(p3_battery_actions(&s, (p3_batt_action[P3_MAX_BATT]){0}) == 1);
}

static void test_features(void)
{
    /* Servers: demand 2, 1, 0, 4 J; renewable 1, 3, 5, 4 J. Deficit (demand
     * > renewable): only the first -> 1/4. Ratios: 0.5, 3, 10 (no demand),
     * 1 -> mean 14.5 / 4 = 3.625. */
    double dem[4] = {2, 1, 0, 4}, ren[4] = {1, 3, 5, 4}, x[P3_PRED_IN];
    p3_slot_features(250, 4, dem, ren, x);
    CHECK_NEAR(x[0], 250, 0);
    CHECK_NEAR(x[1], 0.25, 0);
    CHECK_NEAR(x[2], 3.625, 1e-15);
    /* A ratio above 10 is clipped: renewable 50, demand 2 -> 10. */
    double pred[P3_PRED_OUT] = {-12.5, 0.75}, f[P3_SITE_IN];
    p3_site_features(pred, 300, 20, 80, 2, 50, f);
    double want[P3_SITE_IN] = {-12.5, 0.75, 300, 0.25, 10, 0};
    for (int i = 0; i < P3_SITE_IN; i++)
        CHECK_NEAR(f[i], want[i], 0);
    p3_site_features(pred, 300, 20, 0, 3, 1, f); /* no battery: level ratio 0; deficit 1 */
    CHECK_NEAR(f[3], 0, 0);
    CHECK_NEAR(f[4], 1.0 / 3, 1e-15);
    CHECK_NEAR(f[5], 1, 0);
}

static void test_forecast(void)
{
    p3_forecast f = {0};
    p3_forecast_observe(&f, 100, 0.25);
    CHECK_NEAR(f.mean, 100, 0);
    /* 100 + 0.25 (200 - 100) = 125; 125 + 0.25 (25 - 125) = 100. */
    p3_forecast_observe(&f, 200, 0.25);
    CHECK_NEAR(f.mean, 125, 1e-12);
    p3_forecast_observe(&f, 25, 0.25);
    CHECK_NEAR(f.mean, 100, 1e-12);
}

int main(void)
{
    test_split();
    test_battery();
    test_pick();
    test_forecast();
    test_fixed_candidates();
    test_features();
    return CHECK_DONE();
}
