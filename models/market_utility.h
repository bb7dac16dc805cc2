/* Utilities of the paper-000 energy market (Ayaz & Nekovee 2024):
 * edge-computing utilities of a BS (eq. 3) and of an EV (eq. 6), the
 * buyer's satisfaction Q_i and utility (eq. 7), the seller's cost and
 * utility (eq. 8).
 *
 * Units: the paper's prices and coefficients are per kWh and per megabyte,
 * so these functions take energies in joules and chunk sizes in bytes and
 * convert at the boundary (1 kWh = 3.6e6 J, "M" = 1e6 bytes); times are
 * seconds. log is the natural logarithm. Utilities are in the paper's
 * monetary unit. */
#ifndef Q6_MODELS_MARKET_UTILITY_H
#define Q6_MODELS_MARKET_UTILITY_H

#define Q6_J_PER_KWH 3.6e6
#define Q6_BYTES_PER_MB 1e6

typedef struct {
    double reward_alpha;          /* alpha, reward coefficient of the BS (Table II: 500) */
    double ev_reward_per_s;       /* lambda_BS, paid by the BS per second of EV time (1) */
    double bs_task_cost_per_s;    /* p_BS^task, per second of BS computation + addition (500) */
    double ev_battery_cost_per_kwh; /* p_EV^batt, battery wear per kWh driven (0.00028) */
    double ev_cpu_cost_per_mb2;   /* p_EV^cpu, per squared megabyte of chunk (0.1) */
    double satisfaction_gamma;    /* gamma of Q_i (0.1) */
    double cost_a_per_kwh2;       /* a of Cost(e) = a e^2 + b e (0.1) */
    double cost_b_per_kwh;        /* b (0.1) */
    double seller_price_per_kwh;  /* p_j (18.5) */
    double grid_price_per_kwh;    /* p_G (18.6) */
    double social_distance;       /* d^Social_ij, weighted social attributes (0: none) */
} q6_market_params;

/* Table II of paper 000 (d^Social = 0: the paper gives no attribute values). */
q6_market_params q6_market_defaults(void);

/* NULL when every field is finite and within range, else the field's name. */
const char *q6_market_params_invalid(const q6_market_params *p);

/* Eq. 3: U_BS^comp = alpha ln(1 + s_EV) - lambda T_EV - p_task (t_BS + t_add),
 * s_EV in MB. NAN for negative or non-finite inputs. */
double q6_market_bs_comp_utility(const q6_market_params *p, double chunk_bytes, double ev_time_s,
                                 double bs_comp_time_s, double bs_add_time_s);

/* Eq. 6: U_EV^comp = lambda T_EV - p_batt e_trv - p_cpu s_EV^2 (e in kWh, s in MB). */
double q6_market_ev_comp_utility(const q6_market_params *p, double ev_time_s, double travel_energy_j,
                                 double chunk_bytes);

/* Q_i = gamma / SoC_i ln(1 + d_social + e_i): SoC_i in percent of the
 * battery (the paper draws it in [10, 100]), e_i in kWh. SoC must be > 0. */
double q6_market_satisfaction(const q6_market_params *p, double soc_percent, double demand_j);

/* Cost(e) = a e^2 + b e of the seller acquiring e (kWh). */
double q6_market_seller_cost(const q6_market_params *p, double energy_j);

/* Eq. 7, seller is a BS or an EV: Q_i - p_j e_i + U_x^comp, where
 * U_x^comp is the buyer's own edge-computing utility (eq. 3 or 6). */
double q6_market_buyer_utility(const q6_market_params *p, double soc_percent, double demand_j,
                               double buyer_comp_utility);
/* Eq. 7, seller is the grid: Q_i - p_G e_i - p_batt e_trv (e_trv = 0 for a BS). */
double q6_market_buyer_grid_utility(const q6_market_params *p, double soc_percent, double demand_j,
                                    double travel_energy_j);
/* Eq. 8, buyer is a BS or an EV: p_j e - Cost(e) + U_x^comp (the seller's own). */
double q6_market_seller_utility(const q6_market_params *p, double energy_j, double seller_comp_utility);
/* Eq. 8, buyer is the grid: p_j e - Cost(e) - p_batt e_trv. */
double q6_market_seller_grid_utility(const q6_market_params *p, double energy_j, double travel_energy_j);

#endif
