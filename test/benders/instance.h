/* Random small slot problems of paper 002 and their brute-force optimum,
 * shared by the benders tests.
 *
 * Brute force: every choice of (AP, onboard or relay) per user, each scored
 * by the subproblem's continuous optimum (whose optimality test_subproblem
 * checks on its own, by KKT and by random feasible perturbations). */
#ifndef Q6_TEST_BENDERS_INSTANCE_H
#define Q6_TEST_BENDERS_INSTANCE_H
#include "solvers/benders/benders.h"
#include <stdint.h>

#define INST_MAX_USERS 6
#define INST_MAX_APS 4

typedef struct {
    q6_bd_problem p;
    double input_bits[INST_MAX_USERS], work[INST_MAX_USERS];
    double bmin[INST_MAX_APS], bmax[INST_MAX_APS], cpu[INST_MAX_APS], fmin[INST_MAX_APS], fmax[INST_MAX_APS],
        kappa[INST_MAX_APS], backhaul[INST_MAX_APS], txw[INST_MAX_APS], queue[INST_MAX_APS];
    double rate[INST_MAX_USERS * INST_MAX_APS];
    uint8_t reach[INST_MAX_USERS * INST_MAX_APS];
} instance;

/* Deterministic generator (xorshift on *state). AP n_aps - 1 is a relay-only
 * LEO reaching everyone; the others have CPUs and random reach. beta_min is
 * high enough that feasibility cuts occur. */
void instance_random(instance *in, uint32_t n_users, uint32_t n_aps, uint64_t *state);
/* Number of master binaries (n_x + n_y). */
uint32_t instance_binaries(const instance *in);
/* Brute-force optimum; best binaries in *best (may be NULL). INFINITY when
 * nothing is feasible. Also calls visit(z value) for every feasible point
 * when visit is not NULL. */
double instance_brute_force(const instance *in, q6_bd_binaries *best,
                            void (*visit)(void *ctx, const q6_bd_binaries *b, double value), void *ctx);

#endif
