/* Paper 004 models against hand calculations: the UMa breakpoint and LoS
 * probability overrides, Okumura-Hata's validity flags, the steering vector
 * and link gain of eqs. 11-14 and 24, the FBL latency with its coding
 * delay, hop/chain/path latencies (eqs. 5-7), priorities (eqs. 1-3), CPU
 * jitter (eq. 4), energy and QoS (eqs. 48, 93). */
#include "check.h"
#include "models/channel.h"
#include "models/pathloss.h"
#include "models/rate.h"
#include "models/vec_link.h"
#include "models/vec_offload.h"
#include "sim/base/rng.h"
#include <stdint.h>

static void test_breakpoint_override(void)
{
    /* d2D = 500 m, h_BS = 25 m, h_UT = 1.5 m, 3.5 GHz: d3D = hypot(500, 23.5)
     * = 500.552 m. 38.901's d'BP = 4 x 24 x 0.5 x 3.5e9 / c = 560.39 m, so
     * 500 m is before it: PL1 = 28 + 22 log10(500.552) + 20 log10(3.5)
     * = 28 + 59.3875 + 10.8814 = 98.269 dB. With the paper's d'BP = 100 m it
     * is past it: PL2 = 28 + 40 log10(500.552) + 10.8814
     * - 9 log10(100^2 + 23.5^2) = 28 + 107.977 + 10.8814 - 36.2094 = 110.649 dB. */
    CHECK_NEAR(q6_uma_breakpoint_m(25, 1.5, 3.5e9), 560.388, 1e-3);
    CHECK_NEAR(q6_pathloss_uma_los_db(500, 25, 1.5, 3.5e9), 98.2692, 1e-4);
    CHECK_NEAR(q6_pathloss_uma_los_bp_db(500, 25, 1.5, 3.5e9, 100), 110.6492, 1e-4);
    /* The override with 38.901's own breakpoint is the standard model. */
    CHECK_NEAR(q6_pathloss_uma_los_bp_db(800, 25, 1.5, 3.5e9, 560.3876799),
               q6_pathloss_uma_los_db(800, 25, 1.5, 3.5e9), 1e-6);
    /* NLoS is max(LoS, PL'NLoS): PL'NLoS = 13.54 + 39.08 log10(500.552)
     * = 13.54 + 105.4945 + 10.8814 = 129.916 dB, above both LoS values. */
    CHECK_NEAR(q6_pathloss_uma_nlos_bp_db(500, 25, 1.5, 3.5e9, 100), 129.9158, 1e-3);
    CHECK(isnan(q6_pathloss_uma_los_bp_db(500, 25, 1.5, 3.5e9, 0.0)));
    CHECK(isnan(q6_pathloss_uma_los_bp_db(500, 25, 1.5, 3.5e9, NAN)));
}

static void test_los_probability_override(void)
{
    /* Paper 004 eq. 29 with p1 = 63 m, d1 = 100 m: 1 up to d1, then
     * d1/d + (1 - d1/d) exp(-d/p1); at 200 m 0.5 + 0.5 e^(-200/63) = 0.520905. */
    CHECK_NEAR(q6_los_probability(100, 100, 63), 1.0, 0.0);
    CHECK_NEAR(q6_los_probability(200, 100, 63), 0.5209053, 1e-7);
    /* 36.777's height formula at 50 m: d1 = max(460 log10 50 - 700, 18)
     * = 81.53 m, p1 = 4300 log10 50 - 3800 = 3505.5 m; at 200 m
     * 0.40766 + 0.59234 e^(-200/3505.5) = 0.96709 -- not the paper's value. */
    CHECK_NEAR(q6_los_probability_uav(200, 50), 0.96709, 1e-4);
}

static void test_hata_validity(void)
{
    CHECK(q6_hata_validity(5000, 900e6, 50, 1.5) == 0);
    /* Paper 004 Table III: h_BS = 25 m, below 30 m. */
    CHECK(q6_hata_validity(5000, 900e6, 25, 1.5) == Q6_HATA_OUT_BS_HEIGHT);
    CHECK(q6_hata_validity(500, 3.5e9, 25, 1.5) ==
          (Q6_HATA_OUT_CARRIER | Q6_HATA_OUT_BS_HEIGHT | Q6_HATA_OUT_DISTANCE));
    CHECK(q6_hata_validity(-1, 900e6, 50, 15) == Q6_HATA_OUT_MS_HEIGHT); /* distance skipped */
    CHECK(q6_hata_validity(5000, NAN, 50, 1.5) == Q6_HATA_OUT_CARRIER);
}

static void test_steering_and_gain(void)
{
    /* Table II: delta = 0.005 m, lambda = 0.009 m; at 30 degrees element m
     * turns by m x 2 pi 0.005 sin(30 deg) / 0.009 = m x 1.745329 rad. */
    double a[8];
    CHECK(q6_steering_vector(4, 0.005, 0.009, M_PI / 6, a) == 0);
    CHECK_NEAR(a[0], 1.0, 1e-15);
    CHECK_NEAR(a[1], 0.0, 1e-15);
    CHECK_NEAR(a[2], cos(1.7453293), 1e-7);
    CHECK_NEAR(a[7], sin(3 * 1.7453293), 1e-6);
    double norm2 = 0;
    for (int i = 0; i < 8; i++)
        norm2 += a[i] * a[i];
    CHECK_NEAR(norm2, 4.0, 1e-12); /* |a|^2 = M at any angle */
    CHECK(q6_steering_vector(0, 0.005, 0.009, 0.1, a) == -1);

    gsl_rng *r = q6_rng_stream(5, 0, Q6_STREAM_FADING);
    /* Eq. 11 with no CSI error: |h|^2 = 10^(-PL/10) |a|^2 = M 10^(-PL/10),
     * whatever the Doppler phase (unit modulus). */
    q6_vec_link_spec s = {100.0, 4, 0.005, 0.009, 0.3, 333.0, 0.02, -1.0, 1, 0.0, 0.0};
    double h[8];
    CHECK_NEAR(q6_vec_link_gain(r, &s, h), 4e-10, 1e-22);
    /* The Doppler phase 2 pi 333 x 0.02 turns h_0 = sqrt(1e-10) x 1. */
    CHECK_NEAR(h[0], 1e-5 * cos(2 * M_PI * 333 * 0.02), 1e-17);
    CHECK_NEAR(h[1], 1e-5 * sin(2 * M_PI * 333 * 0.02), 1e-17);
    /* Bounded error tau = 0.3 on |a| = 2: every draw within
     * [(2 - 0.3)^2, (2 + 0.3)^2] x 1e-10 (triangle inequality). */
    s.csi_variance = 0.10;
    s.csi_bound = 0.3;
    int inside = 1;
    for (int i = 0; i < 2000; i++) {
        double g = q6_vec_link_gain(r, &s, NULL) / 1e-10;
        inside &= g >= 1.7 * 1.7 - 1e-9 && g <= 2.3 * 2.3 + 1e-9;
    }
    CHECK(inside);
    /* Rician K = 6 (eq. 24), M = 1, N = 8 paths, no error: mean |h|^2 =
     * K/(K+1) + 1/(K+1) = 1 (the NLoS sum has unit mean power). */
    q6_vec_link_spec ric = {0.0, 1, 0.005, 0.009, 0.0, 100.0, 0.02, 6.0, 8, 0.0, 0.0};
    double mean = 0;
    for (int i = 0; i < 20000; i++)
        mean += q6_vec_link_gain(r, &ric, NULL) / 20000;
    CHECK_NEAR(mean, 1.0, 0.02);
    ric.nlos_paths = 0;
    CHECK(isnan(q6_vec_link_gain(r, &ric, NULL)));
    gsl_rng_free(r);
}

static void test_fbl_latency(void)
{
    /* B = 1 MHz, SNR 10, n = 100, eps = 1e-6: R = 2.776497 Mbit/s (the
     * rate test's hand value). 10^4 bits take 10^4 / 2.776497e6 = 3.60166 ms,
     * plus the block n / B = 0.1 ms and decoding 100 x 1 us = 0.1 ms. */
    CHECK_NEAR(q6_fbl_coding_delay_s(100, 1e6, 1e-6), 2e-4, 1e-15);
    CHECK_NEAR(q6_fbl_latency_s(1e4, 1e6, 10.0, 100, 1e-6, 1e-6), 3.60166e-3 + 2e-4, 1e-8);
    /* Latency grows with the blocklength once the coding delay dominates
     * (Fig. 7): a small subtask, 3 us of decoding per channel use. */
    double prev = 0;
    int grows = 1;
    for (double n = 100; n <= 500; n += 100) {
        double l = q6_fbl_latency_s(2000, 10e6, 10.0, n, 1e-6, 3e-6);
        grows &= l > prev;
        prev = l;
    }
    CHECK(grows);
    /* A block too short for the target: rate 0, latency infinite. */
    CHECK(isinf(q6_fbl_latency_s(1e4, 1e6, 0.1, 1, 1e-6, 0)));
    CHECK(isnan(q6_fbl_latency_s(-1, 1e6, 10, 100, 1e-6, 0)));
    CHECK(isnan(q6_fbl_coding_delay_s(0.5, 1e6, 0)));
}

static void test_hops(void)
{
    /* 1 MB = 8e6 bits at 10 Mbit/s: 0.8 s; C = 330 cycles/byte = 41.25
     * cycles/bit (Table II) on 10 GHz: 41.25 x 8e6 / 1e10 = 0.033 s. */
    double c = 330.0 / 8.0;
    CHECK_NEAR(q6_hop_latency_s(8e6, 1e7, 0, c, 1e10), 0.8, 1e-12);
    CHECK_NEAR(q6_hop_latency_s(8e6, 1e7, 1, c, 1e10), 0.833, 1e-12);
    CHECK(isnan(q6_hop_latency_s(8e6, 0.0, 0, c, 1e10)));
    CHECK(isnan(q6_hop_latency_s(8e6, 1e7, 2, c, 1e10)));
    /* v -> b (10 Mbit/s) -> u (20) -> u' (40, computes at 5 GHz), eqs.
     * 5a, 5d, 5c: 0.8 + 0.4 + 0.2 + 41.25 x 8e6 / 5e9 = 1.466 s. */
    double rate[3] = {1e7, 2e7, 4e7}, f[3] = {1e10, 1e10, 5e9};
    int kappa[3] = {0, 0, 1};
    CHECK_NEAR(q6_chain_latency_s(8e6, c, rate, kappa, f, 3), 1.466, 1e-12);
    int two[3] = {0, 1, 1}, early[3] = {1, 0, 0};
    CHECK(isnan(q6_chain_latency_s(8e6, c, rate, two, f, 3)));
    CHECK(isnan(q6_chain_latency_s(8e6, c, rate, early, f, 3)));
    /* Eq. 6: v -> b at 10 Mbit/s, b -> u taken (20), u -> u' not, on the
     * fastest CPU (10 GHz): 0.8 + 0.4 + 0.033 = 1.233 s. */
    double relay[2] = {2e7, 4e7}, cpus[2] = {5e9, 1e10};
    int used[2] = {1, 0};
    CHECK_NEAR(q6_path_latency_s(8e6, c, 1e7, relay, used, 2, cpus, 2), 1.233, 1e-12);
    CHECK(isnan(q6_path_latency_s(8e6, c, 1e7, relay, used, 2, cpus, 0)));
}

static void test_priorities(void)
{
    /* Eq. 1, j = 1 of two: C = [330, 660], D = [1e6, 3e6], alpha 0.5,
     * beta 0.3, gamma 0.2, chi 0.5, varpi 0.8, varkappa 0.9:
     * (0.5 x 660/990 + 0.3 x 3/4 + 0.2 x 0.5) x 0.72 = 0.658333 x 0.72 = 0.474. */
    q6_priority_weights w = {0.5, 0.3, 0.2};
    double cyc[2] = {330, 660}, bits[2] = {1e6, 3e6};
    CHECK_NEAR(q6_subtask_priority(&w, cyc, bits, 2, 1, 0.5, 0.8, 0.9), 0.474, 1e-12);
    q6_priority_weights bad = {0.5, 0.3, 0.1}; /* eq. 2 broken */
    CHECK(isnan(q6_subtask_priority(&bad, cyc, bits, 2, 1, 0.5, 0.8, 0.9)));
    CHECK(isnan(q6_subtask_priority(&w, cyc, bits, 2, 1, 1.0, 0.8, 0.9)));
    /* Eq. 3: 0.2 x 0.1 + (not offloaded) + 0.3 x 0.4 = 0.14. */
    double p[3] = {0.2, 0.5, 0.3}, l[3] = {0.1, NAN, 0.4};
    CHECK_NEAR(q6_priority_weighted_latency(p, l, 3), 0.14, 1e-15);
}

static void test_cpu_jitter(void)
{
    gsl_rng *r = q6_rng_stream(9, 3, Q6_STREAM_FADING);
    CHECK_NEAR(q6_mec_cpu_hz(r, 10e9, 0.0, 0.0), 10e9, 0.0);
    /* |CN(0, 0.1)| is Rayleigh with mean sqrt(pi 0.1) / 2 = 0.280250, so the
     * mean frequency is 10 GHz x (1 - 0.280250) = 7.1975 GHz; never above
     * f_max, never below f_min. */
    double mean = 0, lo = INFINITY, hi = 0;
    for (int i = 0; i < 40000; i++) {
        double f = q6_mec_cpu_hz(r, 10e9, 0.1, 1e9);
        mean += f / 40000;
        lo = fmin(lo, f);
        hi = fmax(hi, f);
    }
    CHECK_REL(mean, 7.1975e9, 0.01);
    CHECK(hi <= 10e9 && lo >= 1e9);
    CHECK(isnan(q6_mec_cpu_hz(r, 10e9, 0.1, 11e9)));
    gsl_rng_free(r);
}

static void test_energy_qos(void)
{
    /* 0.2 W for 8e6 bits at 10 Mbit/s: 0.2 x 0.8 = 0.16 J. */
    CHECK_NEAR(q6_offload_energy_j(0.2, 8e6, 1e7), 0.16, 1e-15);
    /* xi 1e-6 J/cycle (Table II) x 41.25 x 8e4 bits = 3.3 J. */
    CHECK_NEAR(q6_processing_energy_j(1e-6, 41.25, 8e4), 3.3, 1e-12);
    /* Eq. 48: 0.7 / 0.01 - 0.3 x 0.16 = 69.952; eq. 93 with Q_min 60,
     * Q_max 100: 100 x 9.952 / 40 + 60 = 84.88. */
    double q = q6_qos(0.7, 0.01, 0.3, 0.16);
    CHECK_NEAR(q, 69.952, 1e-12);
    CHECK_NEAR(q6_qos_normalised(q, 60, 100), 84.88, 1e-10);
    CHECK(isnan(q6_qos(0.7, 0.0, 0.3, 0.16)));
    CHECK(isnan(q6_qos_normalised(q, 60, 60)));
}

int main(void)
{
    test_breakpoint_override();
    test_los_probability_override();
    test_hata_validity();
    test_steering_and_gain();
    test_fbl_latency();
    test_hops();
    test_priorities();
    test_cpu_jitter();
    test_energy_qos();
    return CHECK_DONE();
}
