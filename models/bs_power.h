/* Base-station power model of paper 000 eq. (1) (RRU + BBU, sleep at zero
 * load), after Mushtaq et al. 2017 and Auer et al. 2011. Watts. */
#ifndef Q6_MODELS_BS_POWER_H
#define Q6_MODELS_BS_POWER_H

typedef struct {
    double max_output_w;     /* P_max: upper bound of the antenna output */
    double pa_efficiency;    /* eta in (0, 1] (Table II: 0.311) */
    double rf_power_w;       /* P_RF (Table II: 21.9 W) */
    double sleep_power_w;    /* P_sleep (Table II: 6.45 W) */
    double bbu_cores;        /* N_BBU active cores (>= 1) */
    double bbu_core_min_w;   /* P_BBU^min per core (Table II: 5 W) */
    double bbu_core_max_w;   /* P_BBU^max per core (Table II: 20 W) */
    double bbu_freq_hz;      /* f_BBU (Table II: 2.5 GHz) */
    double bbu_ref_freq_hz;  /* frequency at which a fully loaded core draws P^max */
    double bbu_freq_exponent;/* beta */
} q6_bs_power_params;

/* Table II values of paper 000; N_BBU = 1, reference frequency = f_BBU and
 * beta = 1 are our documented choices (the paper gives no value), P_max = 40 W
 * (46 dBm macro cell) is an assumption. */
q6_bs_power_params q6_bs_power_defaults(void);

/* P_BS = P_out/eta + P_RF + N (Pmin + (Pmax - Pmin) tau (f/f_ref)^beta) for
 * 0 < P_out <= P_max, P_sleep for P_out = 0. The paper writes f^beta; we
 * normalise f by f_ref so that tau = 1 at f_ref gives P^max per core.
 * cpu_load in [0, 1]. NAN for invalid parameters, P_out < 0 or > P_max. */
double q6_bs_power_w(const q6_bs_power_params *p, double output_power_w, double cpu_load);

#endif
