#include "solvers/baselines/baselines.h"
#include <math.h>

uint32_t q6_strongest_ap(const q6_sched_problem *p, uint32_t node)
{
    uint32_t best = UINT32_MAX;
    double best_snr = p->min_snr;
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
    double snr = p->snr[(size_t)node * p->n_aps + ap];
    if (sharers == 0)
        sharers = 1;
    return p->aps[ap].bandwidth_hz / sharers * log2(1.0 + snr * sharers);
}
