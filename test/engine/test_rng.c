/* Keyed streams: reproducible, distinct per key, and independent of how
 * much other streams were used. */
#include "sim/base/rng.h"
#include "test/check.h"

int main(void)
{
    gsl_rng *a = q6_rng_stream(42, 7, Q6_STREAM_ARRIVALS);
    gsl_rng *b = q6_rng_stream(42, 7, Q6_STREAM_ARRIVALS);
    gsl_rng *c = q6_rng_stream(42, 7, Q6_STREAM_FADING);
    gsl_rng *d = q6_rng_stream(42, 8, Q6_STREAM_ARRIVALS);
    gsl_rng *e = q6_rng_stream(43, 7, Q6_STREAM_ARRIVALS);
    int same_b = 1, diff_c = 0, diff_d = 0, diff_e = 0;
    for (int i = 0; i < 1000; i++) {
        /* Drawing from c and d in between must not change a's sequence. */
        gsl_rng_uniform(c);
        double va = gsl_rng_uniform(a), vb = gsl_rng_uniform(b);
        same_b &= va == vb;
        diff_c += va != gsl_rng_uniform(c);
        diff_d += va != gsl_rng_uniform(d);
        diff_e += va != gsl_rng_uniform(e);
    }
    CHECK(same_b);
    CHECK(diff_c == 1000 && diff_d == 1000 && diff_e == 1000);

    /* Uniform(0,1) moments over 10^6 draws: mean 1/2 and variance 1/12,
     * within 6 standard errors (sd of the mean = sqrt(1/12/1e6) = 2.9e-4). */
    q6_rng_reseed(a, 1, 0, Q6_STREAM_TASK_SIZE);
    double sum = 0, sum2 = 0;
    const int n = 1000000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(a);
        CHECK(u >= 0.0 && u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    CHECK_NEAR(mean, 0.5, 6 * 2.9e-4);
    CHECK_NEAR(var, 1.0 / 12.0, 0.001);
    /* gsl_rng_uniform_int must cover its range evenly: 10 bins, 10^5 draws. */
    int bins[10] = {0};
    for (int i = 0; i < 100000; i++)
        bins[gsl_rng_uniform_int(a, 10)]++;
    for (int k = 0; k < 10; k++)
        CHECK_NEAR(bins[k], 10000, 6 * 95); /* sd = sqrt(1e5 * 0.1 * 0.9) = 94.9 */
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(c);
    gsl_rng_free(d);
    gsl_rng_free(e);
    return CHECK_DONE();
}
