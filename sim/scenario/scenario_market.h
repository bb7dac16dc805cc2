/* The `market` group of a scenario: the paper-000 energy market between
 * EVs and BSs (docs/scenario-format.md). */
#ifndef Q6_SIM_SCENARIO_MARKET_H
#define Q6_SIM_SCENARIO_MARKET_H
#include "models/market_utility.h"
#include "sim/base/cfgread.h"

typedef struct {
    int enabled;
    q6_market_params utility;       /* prices and coefficients of eqs. 3, 6, 7, 8 */
    double ev_battery_capacity_j;   /* EV battery (40 kWh) */
    double ev_soc_initial[2];       /* uniform, fraction of capacity (paper: 10-100 %) */
    double bs_battery_capacity_j;   /* BS backup battery (4.8 kWh: 48 V x 100 Ah) */
    double bs_soc_initial[2];       /* uniform, fraction of capacity */
    double bs_load[2];              /* BS output power P_out / P_max and CPU load, uniform per slot */
    double buy_below_soc;           /* a party with SoC below this fraction buys, else sells */
    double target_soc;              /* a buyer asks for the energy up to this fraction */
    double charge_power_w;          /* P_chg (Table II: 110 kW) */
    double chunk_bytes;             /* s_EV (Table II: 20 M) */
    double ev_cycles_per_byte;      /* C_EV (Table II: 2.4381e9 cycles per M) */
    double bs_add_time_s;           /* t_BS^add, adding the computed chunks */
    int ev_stays;                   /* 1: the EV finishes its chunk; 0: it leaves when the exchange ends */
    double min_speed_mps;           /* travel speed of an EV that stands still in the trace */
    double ev_mass_kg, rolling_coeff, drag_coeff, frontal_area_m2; /* eq. 5, Table II */
    double qubo_penalty;            /* penalty P of the market QUBO; 0: the plugin's rule */
} q6_market_config;

/* Fills m from group g (defaults when g is NULL: market disabled). */
int q6_scenario_parse_market(const q6_cfgctx *c, const config_setting_t *g, q6_market_config *m);

#endif
