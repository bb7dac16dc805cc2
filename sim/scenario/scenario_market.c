/* Parsing of the scenario's `market` group; fields in scenario_market.h. */
#include "sim/scenario/scenario_market.h"
#include <math.h>
#include <string.h>

int q6_scenario_parse_market(const q6_cfgctx *c, const config_setting_t *g, q6_market_config *m)
{
    static const char *const known[] = {
        "enabled", "ev_battery_capacity_j", "ev_soc_initial", "bs_battery_capacity_j", "bs_soc_initial",
        "bs_load", "buy_below_soc", "target_soc", "charge_power_w", "chunk_bytes", "ev_cycles_per_byte",
        "bs_add_time_s", "ev_stays", "min_speed_mps", "ev_mass_kg", "rolling_coeff", "drag_coeff",
        "frontal_area_m2", "qubo_penalty", "reward_alpha", "ev_reward_per_s", "bs_task_cost_per_s",
        "ev_battery_cost_per_kwh", "ev_cpu_cost_per_mb2", "satisfaction_gamma", "cost_a_per_kwh2",
        "cost_b_per_kwh", "seller_price_per_kwh", "grid_price_per_kwh", "social_distance", "optimiser_cost",
        "bs_task_chunks", "bs_max_evs", "rounds", "must_buy_below_reserve", "sell_rest_to_grid", NULL};
    static const double ev_soc[2] = {0.10, 1.00}, bs_soc[2] = {0.10, 1.00}, load[2] = {0.2, 0.8};
    memset(m, 0, sizeof *m);
    m->utility = q6_market_defaults();
    q6_market_params *u = &m->utility;
    double enabled, stays, must_buy, rest;
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    if (q6_cfg_number(c, g, "enabled", 0, g ? 1 : 0, 0, 1, "(0 or 1)", &enabled) < 0 ||
        q6_cfg_number(c, g, "ev_battery_capacity_j", 0, 1.44e8, 1, 1e12, "J", &m->ev_battery_capacity_j) < 0 ||
        q6_cfg_range(c, g, "ev_soc_initial", 0, ev_soc, 0.001, 1, "of capacity", m->ev_soc_initial) < 0 ||
        q6_cfg_number(c, g, "bs_battery_capacity_j", 0, 1.728e7, 1, 1e12, "J", &m->bs_battery_capacity_j) < 0 ||
        q6_cfg_range(c, g, "bs_soc_initial", 0, bs_soc, 0.001, 1, "of capacity", m->bs_soc_initial) < 0 ||
        q6_cfg_range(c, g, "bs_load", 0, load, 0, 1, "of P_max", m->bs_load) < 0 ||
        q6_cfg_number(c, g, "buy_below_soc", 0, 0.5, 0, 1, "of capacity", &m->buy_below_soc) < 0 ||
        q6_cfg_number(c, g, "target_soc", 0, 1.0, 0, 1, "of capacity", &m->target_soc) < 0 ||
        q6_cfg_number(c, g, "charge_power_w", 0, 110e3, 1, 1e7, "W", &m->charge_power_w) < 0 ||
        q6_cfg_number(c, g, "chunk_bytes", 0, 20e6, 0, 1e13, "B", &m->chunk_bytes) < 0 ||
        q6_cfg_number(c, g, "ev_cycles_per_byte", 0, 2438.1, 0, 1e9, "cycles/B", &m->ev_cycles_per_byte) < 0 ||
        q6_cfg_number(c, g, "bs_add_time_s", 0, 0.1, 0, 1e6, "s", &m->bs_add_time_s) < 0 ||
        q6_cfg_number(c, g, "ev_stays", 0, 0, 0, 1, "(0 or 1)", &stays) < 0 ||
        q6_cfg_number(c, g, "min_speed_mps", 0, 8.0, 0.01, 100, "m/s", &m->min_speed_mps) < 0 ||
        q6_cfg_number(c, g, "ev_mass_kg", 0, 1000, 1, 1e5, "kg", &m->ev_mass_kg) < 0 ||
        q6_cfg_number(c, g, "rolling_coeff", 0, 0.018, 0, 1, "", &m->rolling_coeff) < 0 ||
        q6_cfg_number(c, g, "drag_coeff", 0, 0.4, 0, 10, "", &m->drag_coeff) < 0 ||
        q6_cfg_number(c, g, "frontal_area_m2", 0, 2.0, 0, 100, "m^2", &m->frontal_area_m2) < 0 ||
        q6_cfg_number(c, g, "qubo_penalty", 0, 0, 0, 1e15, "", &m->qubo_penalty) < 0 ||
        q6_cfg_number(c, g, "reward_alpha", 0, u->reward_alpha, 0, 1e12, "", &u->reward_alpha) < 0 ||
        q6_cfg_number(c, g, "ev_reward_per_s", 0, u->ev_reward_per_s, 0, 1e12, "1/s", &u->ev_reward_per_s) < 0 ||
        q6_cfg_number(c, g, "bs_task_cost_per_s", 0, u->bs_task_cost_per_s, 0, 1e12, "1/s", &u->bs_task_cost_per_s) < 0 ||
        q6_cfg_number(c, g, "ev_battery_cost_per_kwh", 0, u->ev_battery_cost_per_kwh, 0, 1e12, "1/kWh",
                      &u->ev_battery_cost_per_kwh) < 0 ||
        q6_cfg_number(c, g, "ev_cpu_cost_per_mb2", 0, u->ev_cpu_cost_per_mb2, 0, 1e12, "1/MB^2",
                      &u->ev_cpu_cost_per_mb2) < 0 ||
        q6_cfg_number(c, g, "satisfaction_gamma", 0, u->satisfaction_gamma, 0, 1e12, "", &u->satisfaction_gamma) < 0 ||
        q6_cfg_number(c, g, "cost_a_per_kwh2", 0, u->cost_a_per_kwh2, 0, 1e12, "1/kWh^2", &u->cost_a_per_kwh2) < 0 ||
        q6_cfg_number(c, g, "cost_b_per_kwh", 0, u->cost_b_per_kwh, 0, 1e12, "1/kWh", &u->cost_b_per_kwh) < 0 ||
        q6_cfg_number(c, g, "seller_price_per_kwh", 0, u->seller_price_per_kwh, 0, 1e12, "1/kWh",
                      &u->seller_price_per_kwh) < 0 ||
        q6_cfg_number(c, g, "grid_price_per_kwh", 0, u->grid_price_per_kwh, 0, 1e12, "1/kWh",
                      &u->grid_price_per_kwh) < 0 ||
        q6_cfg_number(c, g, "social_distance", 0, u->social_distance, 0, 1e12, "", &u->social_distance) < 0 ||
        q6_cfg_number(c, g, "bs_task_chunks", 0, 4, 1, 1000, "chunks", &m->bs_task_chunks) < 0 ||
        q6_cfg_number(c, g, "bs_max_evs", 0, 4, 1, 1000, "EVs", &m->bs_max_evs) < 0 ||
        q6_cfg_number(c, g, "rounds", 0, 4, 1, 1000, "rounds", &m->rounds) < 0 ||
        q6_cfg_number(c, g, "must_buy_below_reserve", 0, 1, 0, 1, "(0 or 1)", &must_buy) < 0 ||
        q6_cfg_number(c, g, "sell_rest_to_grid", 0, 1, 0, 1, "(0 or 1)", &rest) < 0)
        return -1;
    static const char *const whole[] = {"bs_task_chunks", "bs_max_evs", "rounds"};
    const double *wv[] = {&m->bs_task_chunks, &m->bs_max_evs, &m->rounds};
    for (int k = 0; k < 3; k++)
        if (*wv[k] != floor(*wv[k]))
            return q6_cfg_fail(c, config_setting_get_member(g, whole[k]), "must be a whole number, not %g", *wv[k]);
    m->must_buy_below_reserve = must_buy != 0;
    m->sell_rest_to_grid = rest != 0;
    if (m->target_soc <= m->buy_below_soc && g)
        return q6_cfg_fail(c, config_setting_get_member(g, "target_soc"),
                           "must be above buy_below_soc (%g), or buyers would ask for nothing", m->buy_below_soc);
    char cost[16];
    if (q6_cfg_string(c, g, "optimiser_cost", 0, "system", cost, sizeof cost) < 0)
        return -1;
    if (strcmp(cost, "system") && strcmp(cost, "process"))
        return q6_cfg_fail(c, config_setting_get_member(g, "optimiser_cost"),
                           "'%s' is not one of system, process", cost);
    m->optimiser_cost_process = !strcmp(cost, "process");
    m->enabled = enabled != 0;
    m->ev_stays = stays != 0;
    return 0;
}
