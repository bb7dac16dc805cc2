/* Energy of one optimiser call (a market matching) under the two cost
 * models q6sim offers (docs/paper000.md, "Optimiser cost").
 *
 * system:  what the hardware draws. The aggregator host's energy during
 *          the call (SimGrid's energy plugin) plus, for every QPU job, the
 *          annealer system's wall-plug power over the job's access time
 *          (models/annealer.h), cryostat included.
 * process: what a process-level tracker such as codecarbon (used by paper
 *          000 for its Fig. 4) attributes to the optimiser's process: its
 *          host's power while it computes, growing with the problem,
 *              P(n) = P_idle + (P_busy - P_idle) n / (n + n_half),
 *          n the buyer x seller pairs (a saturating utilisation curve, the
 *          shape of a GPU's draw as a kernel fills it); P_idle while it
 *          waits for a remote QPU; and for the QPU only the billed access
 *          time at billed_power_w (0 W: the tracker never sees the remote
 *          machine). Every constant comes from the platform's hosts. */
#ifndef Q6_MODELS_OPTIMISER_ENERGY_H
#define Q6_MODELS_OPTIMISER_ENERGY_H

typedef struct {
    double idle_w, busy_w, half_pairs; /* the process's host (half_pairs > 0) */
    double billed_power_w;             /* per second of billed QPU access */
} q6_process_power;

/* P(n) above; NAN for invalid parameters or n < 0. */
double q6_process_power_w(const q6_process_power *p, double pairs);

/* Process-model energy of a call that lasted time_s, of which wait_s
 * waiting for QPU jobs billed access_s in total. NAN when invalid. */
double q6_process_energy_j(const q6_process_power *p, double pairs, double time_s, double wait_s,
                           double access_s);

#endif
