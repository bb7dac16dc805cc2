/* Paper-000 market utilities (eqs. 3, 6, 7, 8) against hand calculations
 * with the Table II values. */
#include "check.h"
#include "models/market_utility.h"
#include <string.h>

static void test_comp_utilities(void)
{
    q6_market_params p = q6_market_defaults();
    /* Eq. 3, s_EV = 20 MB, T_EV = 854 s, t_BS = 0.1 s, t_add = 0.1 s:
     * 500 ln 21 = 500 * 3.0445224377 = 1522.2612189; - 854 - 500 * 0.2 = 100
     * -> 568.2612189. */
    CHECK_NEAR(q6_market_bs_comp_utility(&p, 20e6, 854.0, 0.1, 0.1), 568.2612188617, 1e-6);
    /* Eq. 6, T_EV = 854 s, e_trv = 1.8e6 J = 0.5 kWh, s = 20 MB:
     * 854 - 0.00028 * 0.5 - 0.1 * 400 = 854 - 0.00014 - 40 = 813.99986. */
    CHECK_NEAR(q6_market_ev_comp_utility(&p, 854.0, 1.8e6, 20e6), 813.99986, 1e-9);
    CHECK(isnan(q6_market_bs_comp_utility(&p, -1.0, 1, 1, 1)));
    CHECK(isnan(q6_market_ev_comp_utility(&p, 1.0, NAN, 1)));
}

static void test_trade_utilities(void)
{
    q6_market_params p = q6_market_defaults();
    /* Q_i, SoC 50 %, e_i = 20 kWh = 7.2e7 J, no social distance:
     * 0.1 / 50 * ln 21 = 0.002 * 3.0445224377 = 0.0060890449. */
    CHECK_NEAR(q6_market_satisfaction(&p, 50.0, 7.2e7), 0.0060890448754, 1e-12);
    /* Cost(20 kWh) = 0.1 * 400 + 0.1 * 20 = 42. */
    CHECK_NEAR(q6_market_seller_cost(&p, 7.2e7), 42.0, 1e-12);
    /* Eq. 7 with a peer seller: Q - 18.5 * 20 + U = 0.0060890449 - 370 + 813.99986. */
    CHECK_NEAR(q6_market_buyer_utility(&p, 50.0, 7.2e7, 813.99986), 444.0059490449, 1e-9);
    /* Eq. 7 with the grid: Q - 18.6 * 20 - 0.00028 * 0.5 = 0.0060890449 - 372 - 0.00014. */
    CHECK_NEAR(q6_market_buyer_grid_utility(&p, 50.0, 7.2e7, 1.8e6), -371.9940509551, 1e-9);
    /* Eq. 8 with a peer buyer: 18.5 * 20 - 42 + 568.2612189 = 896.2612189. */
    CHECK_NEAR(q6_market_seller_utility(&p, 7.2e7, 568.2612188617), 896.2612188617, 1e-9);
    /* Eq. 8 with the grid: 370 - 42 - 0.00028 * 0.5 = 327.99986. */
    CHECK_NEAR(q6_market_seller_grid_utility(&p, 7.2e7, 1.8e6), 327.99986, 1e-9);
    /* Limiting case: no demand -> Q = gamma/SoC ln(1) = 0. */
    CHECK_NEAR(q6_market_satisfaction(&p, 10.0, 0.0), 0.0, 0.0);
    CHECK(isnan(q6_market_satisfaction(&p, 0.0, 1.0)));
}

static void test_params(void)
{
    q6_market_params p = q6_market_defaults();
    CHECK(q6_market_params_invalid(&p) == NULL);
    p.cost_a_per_kwh2 = -1;
    CHECK(q6_market_params_invalid(&p) && !strcmp(q6_market_params_invalid(&p), "cost_a_per_kwh2"));
    p = q6_market_defaults();
    p.grid_price_per_kwh = NAN;
    CHECK(q6_market_params_invalid(&p) && !strcmp(q6_market_params_invalid(&p), "grid_price_per_kwh"));
}

int main(void)
{
    test_comp_utilities();
    test_trade_utilities();
    test_params();
    return CHECK_DONE();
}
