/* The per-AP cached path loss of the exogenous timeline
 * (q6_radio_pathloss_terms_db, sim/core/radio.c) against the plain
 * q6_radio_pathloss_db, bit for bit: the timeline digest and every output
 * depend on each pair's value, so "close" would not do. The positions
 * sweep both sides of the UMa breakpoint and of the LoS distance d1, the
 * 5 km edge of the model, vehicle heights that change between calls (the
 * cache must follow), heights outside the clamp, NaN positions, the
 * paper-004 overrides, invalid AP heights and the other models, which
 * pass through unchanged. */
#include "test/check.h"
#include "sim/core/radio.h"
#include <string.h>

static q6_infra_host host(q6_pathloss_kind kind, double fc_hz)
{
    q6_infra_host h;
    memset(&h, 0, sizeof h);
    h.role = kind == Q6_PL_UAV ? Q6_ROLE_UAV : Q6_ROLE_BS;
    h.pathloss = kind;
    h.carrier_hz = fc_hz;
    return h;
}

static size_t mismatches(const q6_infra_host *h, const double xyz[3])
{
    static const double heights[] = {1.5, 1.5, 0.0, 2.0, 1.5, 30.0, 22.5, NAN, 1.5};
    q6_radio_ap_terms t;
    q6_radio_ap_terms_init(&t, h, xyz);
    size_t bad = 0, n = 0;
    for (double r = 0.0; r <= 7000.0; r = r * 1.07 + 1.3)
        for (size_t k = 0; k < sizeof heights / sizeof *heights; k++) {
            double x = xyz[0] + r * (0.6 + 0.01 * (double)k), y = xyz[1] - r * 0.8;
            double ref = q6_radio_pathloss_db(h, xyz, x, y, heights[k]);
            double got = q6_radio_pathloss_terms_db(&t, x, y, heights[k]);
            /* memcmp: NaN results must match too, and -0 / +0 would not. */
            bad += memcmp(&ref, &got, sizeof ref) != 0;
            n++;
        }
    double ref = q6_radio_pathloss_db(h, xyz, NAN, 3.0, 1.5);
    double got = q6_radio_pathloss_terms_db(&t, NAN, 3.0, 1.5);
    bad += memcmp(&ref, &got, sizeof ref) != 0;
    CHECK(n > 500);
    return bad;
}

int main(void)
{
    double bs[3] = {125.0, -40.0, 25.0};
    q6_infra_host uma = host(Q6_PL_UMA, 3.5e9);
    CHECK(mismatches(&uma, bs) == 0);
    q6_infra_host uma_paper = uma; /* paper 004: d'BP 100 m, d1 100 m, p1 63 m */
    uma_paper.uma_breakpoint_m = 100.0;
    uma_paper.los_d1_m = 100.0;
    uma_paper.los_p1_m = 63.0;
    CHECK(mismatches(&uma_paper, bs) == 0);
    q6_infra_host uma_mmw = host(Q6_PL_UMA, 28e9);
    CHECK(mismatches(&uma_mmw, bs) == 0);
    double low[3] = {0.0, 0.0, 0.5}; /* below h_E: the model is NaN, FSPL takes over */
    CHECK(mismatches(&uma, low) == 0);
    double tall[3] = {0.0, 0.0, 120.0};
    CHECK(mismatches(&uma, tall) == 0);
    q6_infra_host hata = host(Q6_PL_HATA, 900e6), uav = host(Q6_PL_UAV, 2e9), fspl = host(Q6_PL_FSPL, 2e9);
    double mast[3] = {0.0, 0.0, 40.0}, drone[3] = {10.0, 10.0, 80.0};
    CHECK(mismatches(&hata, mast) == 0);
    CHECK(mismatches(&uav, drone) == 0);
    CHECK(mismatches(&fspl, drone) == 0);
    /* The cache must not leak between APs of different heights. */
    q6_radio_ap_terms t;
    q6_radio_ap_terms_init(&t, &uma, bs);
    double a = q6_radio_pathloss_terms_db(&t, 400.0, 0.0, 1.5);
    q6_radio_ap_terms_init(&t, &uma, tall);
    double b = q6_radio_pathloss_terms_db(&t, 400.0, 0.0, 1.5);
    double ref = q6_radio_pathloss_db(&uma, tall, 400.0, 0.0, 1.5);
    CHECK(memcmp(&b, &ref, sizeof b) == 0);
    CHECK(a != b);
    printf("%d checks, %d failed\n", q6_check_count, q6_check_failures);
    return q6_check_failures != 0;
}
