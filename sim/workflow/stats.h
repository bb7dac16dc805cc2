/* Replication statistics for q6sim compare: mean, sample standard deviation
 * and the two-sided Student-t confidence interval of the mean, for single
 * samples and for paired differences. Pure functions (GSL for the quantile). */
#ifndef Q6_WORKFLOW_STATS_H
#define Q6_WORKFLOW_STATS_H
#include <stddef.h>

typedef struct {
    size_t n;          /* values used (NaN entries are "missing" and skipped) */
    double mean;       /* NaN when n == 0 */
    double sd;         /* sample standard deviation (n - 1); NaN when n < 2 */
    double half_width; /* CI half-width t(1-(1-level)/2, n-1) * sd / sqrt(n); NaN when n < 2 */
} q6_ci;

/* Quantile p of Student's t with dof degrees of freedom (GSL
 * gsl_cdf_tdist_Pinv). NaN when p is outside (0, 1) or dof is not > 0. */
double q6_stats_t_quantile(double p, double dof);

/* Mean and confidence interval of x[0..n-1] at confidence `level` (e.g.
 * 0.95): x-bar +- t_{(1+level)/2, n-1} s / sqrt(n) (the Student-t interval,
 * e.g. Montgomery & Runger, Applied Statistics, eq. 8-16). NaN entries are
 * missing values and skipped. Returns -1 for NULL pointers, a level outside
 * (0, 1) or an infinite entry, else 0. */
int q6_stats_ci(const double *x, size_t n, double level, q6_ci *out);

/* Paired-difference interval of d_i = a_i - b_i (pairs with a NaN member
 * are skipped): the same interval applied to the differences, which removes
 * the between-replication variance that a and b share (common random
 * numbers). Same return values as q6_stats_ci. */
int q6_stats_paired_ci(const double *a, const double *b, size_t n, double level, q6_ci *out);

#endif
