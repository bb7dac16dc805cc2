/* Throughput of path-loss + rate evaluations (what the engine does per
 * access link and slot): N evaluations of 3GPP UMa LoS/NLoS path loss, the
 * received power and the Shannon rate, then N of Friis + finite-blocklength
 * rate. Prints evaluations per second (wall time is only reported). */
#include "models/channel.h"
#include "models/pathloss.h"
#include "models/rate.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000L;
    if (n <= 0) {
        fprintf(stderr, "usage: bench_models [EVALUATIONS]\n");
        return 2;
    }
    const double n0 = q6_dbm_to_w(-174.0), tx_w = 0.2, bw = 10e6;
    volatile double sink = 0.0;

    double t0 = now_s(), acc = 0.0;
    for (long i = 0; i < n; i++) {
        double d = 10.0 + (double)(i % 4990); /* 10 m .. 5 km, varies every call */
        double pl = (i & 1) ? q6_pathloss_uma_nlos_db(d, 25.0, 1.5, 3.5e9)
                            : q6_pathloss_uma_los_db(d, 25.0, 1.5, 3.5e9);
        acc += q6_rate_shannon_bps(bw, tx_w * q6_db_to_linear(-pl), n0, 0.0);
    }
    double t_uma = now_s() - t0;
    sink = acc;

    t0 = now_s();
    acc = 0.0;
    for (long i = 0; i < n; i++) {
        double d = 10.0 + (double)(i % 4990);
        double pl = q6_pathloss_fspl_db(d, 3.5e9);
        double snr = q6_sinr_linear(tx_w * q6_db_to_linear(-pl), n0, bw, 0.0);
        acc += q6_rate_fbl_bps(bw, snr, 100.0, 1e-6);
    }
    double t_fbl = now_s() - t0;
    sink += acc;

    printf("evaluations: %ld per kind\n", n);
    printf("uma_pathloss+shannon_rate: %.3f s, %.3g evaluations/s\n", t_uma, (double)n / t_uma);
    printf("fspl+fbl_rate: %.3f s, %.3g evaluations/s\n", t_fbl, (double)n / t_fbl);
    printf("checksum: %.6e\n", sink);
    return 0;
}
