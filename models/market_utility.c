/* Paper-000 market utilities; equations and units in market_utility.h. */
#include "models/market_utility.h"
#include <math.h>
#include <stddef.h>

q6_market_params q6_market_defaults(void)
{
    return (q6_market_params){.reward_alpha = 500.0, .ev_reward_per_s = 1.0, .bs_task_cost_per_s = 500.0,
                              .ev_battery_cost_per_kwh = 0.00028, .ev_cpu_cost_per_mb2 = 0.1,
                              .satisfaction_gamma = 0.1, .cost_a_per_kwh2 = 0.1, .cost_b_per_kwh = 0.1,
                              .seller_price_per_kwh = 18.5, .grid_price_per_kwh = 18.6, .social_distance = 0.0};
}

const char *q6_market_params_invalid(const q6_market_params *p)
{
    const struct {
        double v;
        const char *name;
    } f[] = {{p->reward_alpha, "reward_alpha"},
             {p->ev_reward_per_s, "ev_reward_per_s"},
             {p->bs_task_cost_per_s, "bs_task_cost_per_s"},
             {p->ev_battery_cost_per_kwh, "ev_battery_cost_per_kwh"},
             {p->ev_cpu_cost_per_mb2, "ev_cpu_cost_per_mb2"},
             {p->satisfaction_gamma, "satisfaction_gamma"},
             {p->cost_a_per_kwh2, "cost_a_per_kwh2"},
             {p->cost_b_per_kwh, "cost_b_per_kwh"},
             {p->seller_price_per_kwh, "seller_price_per_kwh"},
             {p->grid_price_per_kwh, "grid_price_per_kwh"},
             {p->social_distance, "social_distance"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!(f[i].v >= 0.0) || !isfinite(f[i].v))
            return f[i].name;
    return NULL;
}

static int ok(double x) { return x >= 0.0 && isfinite(x); }

double q6_market_bs_comp_utility(const q6_market_params *p, double chunk_bytes, double ev_time_s,
                                 double bs_comp_time_s, double bs_add_time_s)
{
    if (!ok(chunk_bytes) || !ok(ev_time_s) || !ok(bs_comp_time_s) || !ok(bs_add_time_s))
        return NAN;
    return p->reward_alpha * log1p(chunk_bytes / Q6_BYTES_PER_MB) - p->ev_reward_per_s * ev_time_s -
           p->bs_task_cost_per_s * (bs_comp_time_s + bs_add_time_s);
}

double q6_market_ev_comp_utility(const q6_market_params *p, double ev_time_s, double travel_energy_j,
                                 double chunk_bytes)
{
    if (!ok(ev_time_s) || !ok(travel_energy_j) || !ok(chunk_bytes))
        return NAN;
    double s_mb = chunk_bytes / Q6_BYTES_PER_MB;
    return p->ev_reward_per_s * ev_time_s - p->ev_battery_cost_per_kwh * travel_energy_j / Q6_J_PER_KWH -
           p->ev_cpu_cost_per_mb2 * s_mb * s_mb;
}

double q6_market_satisfaction(const q6_market_params *p, double soc_percent, double demand_j)
{
    if (!(soc_percent > 0.0) || !isfinite(soc_percent) || !ok(demand_j))
        return NAN;
    return p->satisfaction_gamma / soc_percent * log1p(p->social_distance + demand_j / Q6_J_PER_KWH);
}

double q6_market_seller_cost(const q6_market_params *p, double energy_j)
{
    if (!ok(energy_j))
        return NAN;
    double e = energy_j / Q6_J_PER_KWH;
    return p->cost_a_per_kwh2 * e * e + p->cost_b_per_kwh * e;
}

double q6_market_buyer_utility(const q6_market_params *p, double soc_percent, double demand_j,
                               double buyer_comp_utility)
{
    return q6_market_satisfaction(p, soc_percent, demand_j) -
           p->seller_price_per_kwh * demand_j / Q6_J_PER_KWH + buyer_comp_utility;
}

double q6_market_buyer_grid_utility(const q6_market_params *p, double soc_percent, double demand_j,
                                    double travel_energy_j)
{
    if (!ok(travel_energy_j))
        return NAN;
    return q6_market_satisfaction(p, soc_percent, demand_j) - p->grid_price_per_kwh * demand_j / Q6_J_PER_KWH -
           p->ev_battery_cost_per_kwh * travel_energy_j / Q6_J_PER_KWH;
}

double q6_market_seller_utility(const q6_market_params *p, double energy_j, double seller_comp_utility)
{
    return p->seller_price_per_kwh * energy_j / Q6_J_PER_KWH - q6_market_seller_cost(p, energy_j) +
           seller_comp_utility;
}

double q6_market_seller_grid_utility(const q6_market_params *p, double energy_j, double travel_energy_j)
{
    if (!ok(travel_energy_j))
        return NAN;
    return p->seller_price_per_kwh * energy_j / Q6_J_PER_KWH - q6_market_seller_cost(p, energy_j) -
           p->ev_battery_cost_per_kwh * travel_energy_j / Q6_J_PER_KWH;
}
