#include "solvers/baselines/baselines.h"

uint32_t q6_strongest_ap(const q6_slot_problem *p, uint32_t node)
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
