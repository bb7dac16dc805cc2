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
    /* How the optimiser's energy is charged (docs/paper000.md, "Optimiser
     * cost"): 0 "system", the aggregator host's energy plus the annealer
     * system's power over each QPU job; 1 "process", the energy of the
     * optimiser's process on its host plus the billed QPU access time at
     * the QPU host's billed_power_w. Both are always recorded. */
    int optimiser_cost_process;
    /* Many-to-one matching (paper 000 sec. II-B-1): a BS splits its task
     * into bs_task_chunks (N_s) chunks and hands one to each of up to
     * bs_max_evs (K) EVs per slot, matched over up to `rounds` matching
     * rounds per slot (a round starts only while the slot has room for
     * one as long as the last). */
    double bs_task_chunks, bs_max_evs, rounds;
    /* An unmatched buyer holding less than its reserve RE buys from the
     * grid even when that utility is negative (a BS keeps its backup, an
     * EV can drive an hour). */
    int must_buy_below_reserve;
    /* A seller's surplus that peers did not buy goes to the grid when that
     * utility (eq. 8, grid case, on the rest) is positive. */
    int sell_rest_to_grid;
} q6_market_config;

/* Fills m from group g (defaults when g is NULL: market disabled). */
int q6_scenario_parse_market(const q6_cfgctx *c, const config_setting_t *g, q6_market_config *m);

#endif
