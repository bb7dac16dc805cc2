/* Connectivity update per slot: N mobiles (random waypoint, 2.5 km square)
 * and 100 access points on a 10 x 10 grid; a link closes when a
 * log-distance path loss budget does (range ~ 400 m); optionally also
 * mobile-mobile relays within 100 m. Prints the mean time per slot of the
 * mobility step and of the graph + routes update.
 * Usage: bench_mobility_connectivity [N_MOBILES] [SLOTS] */
#include "models/mobility/connectivity.h"
#include "models/mobility/mobility.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

typedef struct {
    size_t n_mobile;
} budget;

/* 46 dBm - (128.1 + 37.6 log10(d_km)) (3GPP TR 36.814 macro) + 174 dBm/Hz
 * - 10 log10(10 MHz) - 9 dB noise figure >= 10 dB SNR: closes up to
 * about 1 km; the bench restricts candidates to 400 m. Delay 1 ms per hop
 * plus propagation. */
static int budget_link(void *ctx, size_t u, size_t v, double d, double *delay_s)
{
    const budget *b = ctx;
    *delay_s = 1e-3 + d / 299792458.0;
    if (u < b->n_mobile && v < b->n_mobile)
        return d <= 100.0;   /* relay */
    double d_km = fmax(d, 10.0) / 1000.0;
    double snr_db = 46.0 - (128.1 + 37.6 * log10(d_km)) + 174.0 - 70.0 - 9.0;
    return snr_db >= 10.0;
}

static void run(size_t n, int slots, int relays)
{
    char err[512];
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.area_x_m = c.area_y_m = 2500.0;
    q6_mobility *m = q6_mobility_create(&c, n, 1, 0, err, sizeof err);
    q6_pose *mob = calloc(n, sizeof *mob), aps[100] = {0};
    for (int i = 0; i < 100; i++) {
        aps[i].x_m = 125.0 + 250.0 * (i % 10);
        aps[i].y_m = 125.0 + 250.0 * (i / 10);
        aps[i].z_m = 25.0;
        aps[i].present = 1;
    }
    budget b = {n};
    q6_conn *conn = q6_conn_create(n, 100);
    q6_conn_params p = {400.0, Q6_LINK_MOBILE_AP | (relays ? Q6_LINK_MOBILE_MOBILE : 0u), budget_link, &b,
                        100.0, NULL};
    double t_mob = 0, t_conn = 0;
    size_t edges = 0, covered = 0;
    for (int s = 0; s < slots; s++) {
        double t0 = wall_s();
        if (q6_mobility_advance(m, s * 1.0, mob, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
        double t1 = wall_s();
        if (q6_conn_update(conn, mob, aps, &p, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
        t_conn += wall_s() - t1;
        t_mob += t1 - t0;
        edges = q6_conn_edge_count(conn);
        covered = 0;
        for (size_t i = 0; i < n; i++)
            covered += q6_conn_serving_ap(conn, i) >= 0;
    }
    printf("%zu mobiles, 100 APs%s: mobility %.2f ms/slot, graph+routes %.2f ms/slot "
           "(%zu edges, %zu nodes routed, %d slots)\n",
           n, relays ? ", relays <= 100 m" : "", 1e3 * t_mob / slots, 1e3 * t_conn / slots, edges,
           covered, slots);
    q6_conn_free(conn);
    q6_mobility_free(m);
    free(mob);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
    int slots = argc > 2 ? atoi(argv[2]) : 20;
    if (n == 0 || slots <= 0) {
        fprintf(stderr, "usage: %s [N_MOBILES] [SLOTS]\n", argv[0]);
        return 2;
    }
    run(n, slots, 0);
    run(n, slots, 1);
    return 0;
}
