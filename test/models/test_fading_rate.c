/* Fading statistics (fixed seeds, CLT tolerances), impairments and rates. */
#include "check.h"
#include "models/channel.h"
#include "models/fading.h"
#include "models/rate.h"
#include "sim/base/rng.h"

#define DRAWS 200000
/* 5 standard errors: a correct model fails with probability ~6e-7, and the
 * seeds are fixed, so the outcome is deterministic anyway. */
#define SIGMAS 5.0

/* Sample mean and variance of |h|^2 for one K. */
static void rician_moments(uint64_t seed, double k, double *mean, double *var)
{
    gsl_rng *r = q6_rng_stream(seed, 0, Q6_STREAM_FADING);
    double s = 0, s2 = 0;
    for (int i = 0; i < DRAWS; i++) {
        double x = q6_fading_rician_power(r, k);
        s += x;
        s2 += x * x;
    }
    gsl_rng_free(r);
    *mean = s / DRAWS;
    *var = s2 / DRAWS - *mean * *mean;
}

static void test_rayleigh_rician(void)
{
    double mean, var;
    /* K = 0 is Rayleigh: |h|^2 ~ Exp(1), mean 1, variance 1; SE of the mean
     * 1/sqrt(N) = 0.00224; the variance estimate has SE sqrt((mu4 - 1)/N)
     * = sqrt(8/N) = 0.0063 (mu4 = 4! = 24 central moment 9). */
    rician_moments(11, 0.0, &mean, &var);
    CHECK_NEAR(mean, 1.0, SIGMAS / sqrt(DRAWS));
    CHECK_NEAR(var, 1.0, SIGMAS * sqrt(8.0 / DRAWS));
    /* K = 6 (paper 004): mean 1, variance (1 + 2K)/(K + 1)^2 = 13/49 = 0.26531. */
    rician_moments(12, 6.0, &mean, &var);
    CHECK_NEAR(mean, 1.0, SIGMAS * sqrt(13.0 / 49.0 / DRAWS));
    CHECK_NEAR(var, 13.0 / 49.0, 0.01);
    /* Rician K = 0 and the Rayleigh draw have the same distribution:
     * empirical CDFs at x = 0.1, 1, 3 against 1 - exp(-x) (binomial SE
     * sqrt(p(1-p)/N) <= 0.0011). */
    gsl_rng *r = q6_rng_stream(13, 0, Q6_STREAM_FADING);
    const double xs[] = {0.1, 1.0, 3.0};
    int below_rice[3] = {0}, below_ray[3] = {0};
    for (int i = 0; i < DRAWS; i++) {
        double a = q6_fading_rician_power(r, 0.0), b = q6_fading_rayleigh_power(r);
        for (int j = 0; j < 3; j++) {
            below_rice[j] += a <= xs[j];
            below_ray[j] += b <= xs[j];
        }
    }
    for (int j = 0; j < 3; j++) {
        double p = 1.0 - exp(-xs[j]), se = sqrt(p * (1 - p) / DRAWS);
        CHECK_NEAR((double)below_rice[j] / DRAWS, p, SIGMAS * se);
        CHECK_NEAR((double)below_ray[j] / DRAWS, p, SIGMAS * se);
    }
    /* Very large K: the LoS term dominates, |h|^2 -> 1 with variance ~2/K. */
    double re, im;
    CHECK(q6_fading_rician_sample(r, 1e8, &re, &im) == 0);
    CHECK_NEAR(re * re + im * im, 1.0, 1e-3);
    CHECK(q6_fading_rician_sample(r, -1.0, &re, &im) == -1);
    CHECK(isnan(q6_fading_rician_power(r, NAN)));
    /* Same seed, same draws. */
    gsl_rng *r1 = q6_rng_stream(99, 3, Q6_STREAM_FADING), *r2 = q6_rng_stream(99, 3, Q6_STREAM_FADING);
    CHECK(q6_fading_rician_power(r1, 6.0) == q6_fading_rician_power(r2, 6.0));
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    /* MRC over M = 4 Rayleigh branches: Gamma(4, 1), mean 4 = array gain, variance 4. */
    double s = 0;
    for (int i = 0; i < DRAWS; i++)
        s += q6_fading_rayleigh_mrc_power(r, 4);
    CHECK_NEAR(s / DRAWS, 4.0, SIGMAS * 2.0 / sqrt(DRAWS));
    CHECK_NEAR(q6_array_gain_linear(4), 4.0, 0.0);
    CHECK(isnan(q6_fading_rayleigh_mrc_power(r, 0)));
    gsl_rng_free(r);
}

static void test_doppler_csi(void)
{
    /* 20 m/s head-on at 3.5 GHz: 20 * 3.5e9 / 299792458 = 233.495 Hz. */
    CHECK_NEAR(q6_doppler_shift_hz(20.0, 0.0, 3.5e9), 233.495, 1e-3);
    /* Paper 004 Table II: lambda = 0.009 m, v = 20 m/s: 20 / 0.009 = 2222.2 Hz. */
    CHECK_NEAR(q6_doppler_shift_hz(20.0, 0.0, Q6_SPEED_OF_LIGHT_MPS / 0.009), 2222.222, 1e-3);
    CHECK_NEAR(q6_doppler_shift_hz(20.0, M_PI / 2, 3.5e9), 0.0, 1e-9); /* broadside */
    CHECK(isnan(q6_doppler_shift_hz(-1.0, 0.0, 3.5e9)));

    /* Bounded error: the norm never exceeds tau; with a loose bound each
     * complex entry has E|e|^2 = sigma^2 = 0.05 (uniform parts: variance of
     * |e|^2 is 2 * 4a^4/45 = 0.001 with a^2 = 0.075, SE 7e-5 over 2e5 entries). */
    gsl_rng *r = q6_rng_stream(5, 0, Q6_STREAM_FADING);
    double e[8], sum = 0.0;
    int over = 0;
    for (int i = 0; i < DRAWS / 4; i++) {
        over |= q6_csi_error_sample(r, 4, 0.05, 0.3, e) != 0;
        double n2 = 0;
        for (int j = 0; j < 8; j++)
            n2 += e[j] * e[j];
        over |= sqrt(n2) > 0.3 * (1 + 1e-12);
    }
    CHECK(!over);
    for (int i = 0; i < DRAWS / 4; i++) {
        q6_csi_error_sample(r, 4, 0.05, 1e9, e);
        for (int j = 0; j < 8; j++)
            sum += e[j] * e[j];
    }
    CHECK_NEAR(sum / DRAWS, 0.05, 5e-4);
    CHECK(q6_csi_error_sample(r, 0, 0.05, 1.0, e) == -1);
    gsl_rng_free(r);
    /* Worst case |h| = 2, tau = 0.5: (2 - 0.5)^2 = 2.25; tau > |h| gives 0. */
    CHECK_NEAR(q6_csi_worst_case_gain(2.0, 0.5), 2.25, 1e-15);
    CHECK_NEAR(q6_csi_worst_case_gain(0.2, 0.5), 0.0, 0.0);
}

static void test_rates(void)
{
    /* 1 MHz, S = 1e-12 W, N0 = 1e-19 W/Hz -> N = 1e-13 W, SNR 10:
     * 1e6 log2(11) = 3.459432e6 bit/s. */
    CHECK_NEAR(q6_rate_shannon_bps(1e6, 1e-12, 1e-19, 0.0), 3.459432e6, 1.0);
    /* Interference adds to noise: I = 1e-13 -> SINR 5, 1e6 log2 6 = 2.584963e6. */
    CHECK_NEAR(q6_rate_shannon_bps(1e6, 1e-12, 1e-19, 1e-13), 2.584963e6, 1.0);
    /* OFDMA: 25 % of 20 MHz = 5 MHz, N = 1e-20 * 5e6 = 5e-14 W, S = 1e-9 W,
     * SNR = 20000: 5e6 log2(20001) = 5e6 * 14.287785 = 71.438923e6 bit/s. */
    CHECK_NEAR(q6_rate_ofdma_bps(20e6, 0.25, 1e-9, 1e-20, 0.0), 71.438923e6, 1.0);
    CHECK(isnan(q6_rate_ofdma_bps(20e6, 1.5, 1e-9, 1e-20, 0.0)));
    CHECK(isnan(q6_rate_ofdma_bps(20e6, 0.0, 1e-9, 1e-20, 0.0)));
    CHECK(isnan(q6_rate_shannon_bps(1e6, 1e-12, 0.0, 0.0))); /* no noise, no interference */

    /* Finite blocklength, B = 1 MHz, SNR = 10, n = 100, eps = 1e-6:
     * log2(11) = 3.459432; V = 1 - 1/121 = 0.991736; sqrt(V/100) = 0.0995859;
     * Q^-1(1e-6) = 4.753424 (standard normal table); / ln 2 = 6.857742;
     * 0.0995859 * 6.857742 = 0.682935; rate = 1e6 (3.459432 - 0.682935)
     * = 2.776497e6 bit/s. */
    CHECK_NEAR(q6_rate_fbl_bps(1e6, 10.0, 100.0, 1e-6), 2.776497e6, 1.0);
    CHECK_NEAR(q6_channel_dispersion(10.0), 1.0 - 1.0 / 121.0, 1e-15);
    /* n -> infinity approaches Shannon, from below and monotonically. */
    double shannon = 1e6 * log2(11.0), prev = 0.0;
    for (double n = 10; n <= 1e12; n *= 10) {
        double r = q6_rate_fbl_bps(1e6, 10.0, n, 1e-6);
        CHECK(r > prev && r < shannon);
        prev = r;
    }
    CHECK_REL(prev, shannon, 1e-5);
    /* eps = 0.5 -> Q^-1 = 0: exactly Shannon. SNR 0 -> 0 bit/s. */
    CHECK_NEAR(q6_rate_fbl_bps(1e6, 10.0, 100.0, 0.5), shannon, 1e-6);
    CHECK_NEAR(q6_rate_fbl_bps(1e6, 0.0, 100.0, 1e-6), 0.0, 0.0);
    /* A too-short block at low SNR gives no positive rate (floored at 0):
     * SNR 0.1, n = 1: 0.1375 - sqrt(0.1736) * 6.858 < 0. */
    CHECK_NEAR(q6_rate_fbl_bps(1e6, 0.1, 1.0, 1e-6), 0.0, 0.0);
    CHECK(isnan(q6_rate_fbl_bps(1e6, 10.0, 0.5, 1e-6)));
    CHECK(isnan(q6_rate_fbl_bps(1e6, 10.0, 100.0, 0.0)));
    CHECK(isnan(q6_rate_fbl_bps(1e6, -1.0, 100.0, 1e-6)));
}

int main(void)
{
    test_rayleigh_rician();
    test_doppler_csi();
    test_rates();
    return CHECK_DONE();
}
