#include "solvers/baselines/baselines.h"
#include <math.h>

/* Reads the reach lists when the engine gives them, else the dense row; the
 * lists hold a node's APs in ascending order and every unlisted pair has
 * SNR 0 (< min_snr), so both pick the same AP, ties to the higher index. */
uint32_t q6_strongest_ap(const q6_sched_problem *p, uint32_t node)
{
    uint32_t best = UINT32_MAX;
    double best_snr = p->min_snr;
    if (p->reach_off) {
        for (uint64_t k = p->reach_off[node]; k < p->reach_off[node + 1]; k++)
            if (p->reach_snr[k] >= best_snr) {
                best = p->reach_ap[k];
                best_snr = p->reach_snr[k];
            }
        return best;
    }
    const double *row = p->snr + (size_t)node * p->n_aps;
    for (uint32_t a = 0; a < p->n_aps; a++)
        if (row[a] >= best_snr) {
            best = a;
            best_snr = row[a];
        }
    return best;
}

double q6_equal_share_rate_bps(const q6_sched_problem *p, uint32_t node, uint32_t ap, uint32_t sharers)
{
    double snr = q6_sched_snr(p, node, ap);
    if (sharers == 0)
        sharers = 1;
    return p->aps[ap].bandwidth_hz / sharers * log2(1.0 + snr * sharers);
}
