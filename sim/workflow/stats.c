#include "sim/workflow/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

double q6_stats_t_quantile(double p, double dof)
{
    if (!(p > 0.0 && p < 1.0) || !(dof > 0.0) || isinf(dof))
        return NAN;
    return gsl_cdf_tdist_Pinv(p, dof);
}

int q6_stats_ci(const double *x, size_t n, double level, q6_ci *out)
{
    if (!out || (n && !x) || !(level > 0.0 && level < 1.0))
        return -1;
    out->n = 0;
    out->mean = out->sd = out->half_width = NAN;
    double sum = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        if (isinf(x[i]))
            return -1;
        sum += x[i];
        m++;
    }
    out->n = m;
    if (!m)
        return 0;
    /* Two passes: the centred sum of squares does not cancel catastrophically. */
    double mean = sum / (double)m, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - mean) * (x[i] - mean);
    out->mean = mean;
    if (m < 2)
        return 0;
    out->sd = sqrt(ss / (double)(m - 1));
    out->half_width = q6_stats_t_quantile(0.5 + level / 2.0, (double)(m - 1)) * out->sd / sqrt((double)m);
    return 0;
}

int q6_stats_paired_ci(const double *a, const double *b, size_t n, double level, q6_ci *out)
{
    if (!out || (n && (!a || !b)))
        return -1;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i++)
        d[i] = (isinf(a[i]) || isinf(b[i])) ? INFINITY /* rejected below */
             : (isnan(a[i]) || isnan(b[i])) ? NAN
                                            : a[i] - b[i];
    int rc = q6_stats_ci(d, n, level, out);
    free(d);
    return rc;
}
