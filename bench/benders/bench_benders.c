/* One slot of paper 002's SATIN scenario solved by each decomposition:
 *   bench_benders USERS SOLVER [SEED [GLPK_NODE_LIMIT]]
 * SOLVER: gbd | hqcgbd-1 | hqcgbd-5 (SA master on the simulated QPU host)
 *         | hqcgbd-tabu-5 | myopic | heuristic.
 * Prints one line: users, solver, iterations, UB, LB, relative gap,
 * converged, subproblems, QUBO size of the last master, total wall time,
 * master wall time, simulated master time (GLPK: counted simplex work at
 * 3 GHz; QUBO on the QPU: annealer access time + embedding estimate).
 *
 * Instance (docs/paper002.md, Table I and the assumptions for the values
 * the text lost): a 2 km square, 4 BSs at its vertices (height 25 m), 2 HAPs
 * at 20 km over (0.5, 0.5) and (1.5, 1.5) km, one LEO at 550 km over the
 * centre; users uniform. Gains: antenna gain x free-space loss x fading
 * (Rayleigh to BSs, Rician K = 10 to HAPs and the LEO); user 30 dBm;
 * bandwidths 10/400/800 MHz at 5/38/30 GHz; noise -174 dBm/Hz; connectivity
 * Bernoulli(0.8) per pair, the LEO always; min SNR 0 dB. Tasks: 0.5-1.5 Mbit,
 * 1000 cycles/bit. CPUs: BS 20 GHz, HAP 40 GHz; cloud 2 GHz per task;
 * backhaul BS 100, HAP 200, LEO 50 Mbit/s. Queues Q_j = 5 J, V = 100. Randomness: q6_rng_stream keyed by the seed. */
#include "models/channel.h"
#include "models/fading.h"
#include "sim/base/rng.h"
#include "solvers/benders/benders.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

enum { N_BS = 4, N_HAP = 2, N_APS = 7 };

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_benders USERS gbd|hqcgbd-1|hqcgbd-5|hqcgbd-tabu-5|myopic|heuristic [SEED [NODES]]\n");
        return 2;
    }
    uint32_t nu = (uint32_t)atoi(argv[1]);
    const char *solver = argv[2];
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    uint32_t node_limit = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 2000;
    if (nu < 1 || nu > 100000) {
        fprintf(stderr, "bench_benders: USERS must be in [1, 100000]\n");
        return 2;
    }
    double ax[N_APS] = {0, 2000, 0, 2000, 500, 1500, 1000}, ay[N_APS] = {0, 0, 2000, 2000, 500, 1500, 1000};
    double az[N_APS] = {25, 25, 25, 25, 20e3, 20e3, 550e3};
    double band[N_APS], carrier[N_APS], ant_db[N_APS], kfac[N_APS];
    for (int j = 0; j < N_APS; j++) {
        int kind = j < N_BS ? 0 : j < N_BS + N_HAP ? 1 : 2;
        band[j] = (double[]){10e6, 400e6, 800e6}[kind];
        carrier[j] = (double[]){5e9, 38e9, 30e9}[kind];
        ant_db[j] = (double[]){10, 15, 50}[kind];
        kfac[j] = kind == 0 ? 0.0 : 10.0;
    }
    double *input = calloc(nu, sizeof *input), *work = calloc(nu, sizeof *work);
    double *rate = calloc((size_t)nu * N_APS, sizeof *rate);
    uint8_t *reach = calloc((size_t)nu * N_APS, 1);
    if (!input || !work || !rate || !reach)
        return 1;
    gsl_rng *geo = q6_rng_stream(seed, 0, 0), *fade = q6_rng_stream(seed, 1, 1);
    double noise_w_per_hz = pow(10.0, (-174.0 - 30.0) / 10.0), p_user = 1.0;
    for (uint32_t i = 0; i < nu; i++) {
        double x = 2000.0 * gsl_rng_uniform(geo), y = 2000.0 * gsl_rng_uniform(geo);
        input[i] = 0.5e6 + 1e6 * gsl_rng_uniform(geo);
        work[i] = 1000.0 * input[i];
        for (int j = 0; j < N_APS; j++) {
            double d = sqrt((x - ax[j]) * (x - ax[j]) + (y - ay[j]) * (y - ay[j]) + (az[j] - 1.5) * (az[j] - 1.5));
            double h = kfac[j] > 0 ? q6_fading_rician_power(fade, kfac[j]) : q6_fading_rayleigh_power(fade);
            double g = pow(10.0, (ant_db[j] - q6_pathloss_fspl_db(d, carrier[j])) / 10.0) * h;
            double snr = p_user * g / (noise_w_per_hz * band[j]);
            size_t k = (size_t)i * N_APS + j;
            int connected = j == N_APS - 1 || gsl_rng_uniform(geo) < 0.8;
            reach[k] = connected && snr >= 1.0;
            rate[k] = band[j] * log2(1.0 + snr);
        }
        int any = 0;
        for (int j = 0; j < N_APS; j++)
            any |= reach[(size_t)i * N_APS + j];
        if (!any)
            reach[(size_t)i * N_APS + N_APS - 1] = 1; /* the LEO covers everyone */
    }
    gsl_rng_free(geo);
    gsl_rng_free(fade);
    double bmin[N_APS], bmax[N_APS], cpu[N_APS], f_lo[N_APS], f_hi[N_APS], kappa[N_APS], bh[N_APS], txw[N_APS],
        queue[N_APS];
    for (int j = 0; j < N_APS; j++) {
        int kind = j < N_BS ? 0 : j < N_BS + N_HAP ? 1 : 2;
        /* room for every user on one AP, as in the scaling runs */
        bmin[j] = fmin(0.01, 0.5 / nu);
        bmax[j] = 0.5;
        cpu[j] = (double[]){20e9, 40e9, 0.0}[kind];
        f_lo[j] = cpu[j] > 0 ? fmin(0.01, 0.5 / nu) * cpu[j] : 1.0;
        f_hi[j] = cpu[j] > 0 ? 0.5 * cpu[j] : 1.0;
        kappa[j] = 1e-28;
        bh[j] = (double[]){1e8, 2e8, 5e7}[kind];
        txw[j] = pow(10.0, ((double[]){41, 41, 42}[kind] - 30.0) / 10.0);
        queue[j] = 5.0;
    }
    q6_bd_problem p = {nu, N_APS, 100.0, 2e9, input, work, bmin, bmax, cpu, f_lo, f_hi, kappa, bh, txw, queue,
                       rate, reach};
    char err[200];
    if (q6_bd_check(&p, err, sizeof err) < 0) {
        fprintf(stderr, "bench_benders: %s\n", err);
        return 1;
    }
    q6_bd_binaries b;
    q6_bd_alloc a;
    q6_bd_record r = {0};
    if (q6_bd_binaries_init(&b, nu) < 0 || q6_bd_alloc_init(&a, &p) < 0)
        return 1;
    q6_bd_options o;
    q6_bd_options_default(&o);
    o.max_iter = 60;
    o.milp_node_limit = node_limit;
    o.tol_rel = 1e-4;
    o.qubo.seed = seed;
    o.qubo.reads = 10;
    o.qubo.sweeps = 500;
    o.qubo.eta_bits = 16;
    double t0 = now_s();
    int rc = 0;
    if (!strcmp(solver, "heuristic")) {
        double *u = malloc(nu * sizeof *u);
        gsl_rng *dr = q6_rng_stream(seed, 2, 2);
        for (uint32_t i = 0; i < nu; i++)
            u[i] = gsl_rng_uniform(dr);
        gsl_rng_free(dr);
        rc = q6_bd_heuristic_binaries(&p, u, 0.5, &b) < 0 || q6_bd_equal_alloc(&p, &b, &a) < 0;
        free(u);
        r.ub = r.lb = a.value;
    } else {
        if (!strcmp(solver, "myopic")) {
            static double zero[N_APS];
            p.queue_j = zero;
            p.v = 1.0;
        } else if (!strncmp(solver, "hqcgbd", 6)) {
            o.master = Q6_BD_MASTER_QUBO;
            o.qubo.host = Q6_BD_HOST_QPU;
            o.qubo.sampler = strstr(solver, "tabu") ? Q6_BD_SAMPLER_TABU : Q6_BD_SAMPLER_SA;
            o.cuts_per_iter = (uint32_t)atoi(strrchr(solver, '-') + 1);
        } else if (strcmp(solver, "gbd")) {
            fprintf(stderr, "bench_benders: unknown solver %s\n", solver);
            return 2;
        }
        rc = q6_bd_solve(&p, &o, NULL, &b, &a, &r);
    }
    double wall = now_s() - t0;
    if (rc) {
        fprintf(stderr, "bench_benders: %s failed (%d)\n", solver, rc);
        return 1;
    }
    uint32_t onboard = 0;
    for (uint32_t i = 0; i < nu; i++)
        onboard += b.onboard[i];
    printf("%5u %-14s iters %3u  UB %.6g  LB %.6g  gap %.2e  conv %d  subprob %4u  onboard %4u  "
           "wall %.3f s  master wall %.3f s  master sim %.4f s\n",
           nu, solver, r.iterations, r.ub, r.lb, r.ub > 0 ? (r.ub - r.lb) / r.ub : 0.0, r.converged, r.subproblems,
           onboard, wall, r.master_wall_s, r.master_sim_s);
    q6_bd_record_free(&r);
    q6_bd_alloc_free(&a);
    q6_bd_binaries_free(&b);
    free(input);
    free(work);
    free(rate);
    free(reach);
    return 0;
}
