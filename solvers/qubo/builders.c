/* Penalty, slack and binary-expansion builders (see builders.h). */
#include "solvers/qubo/builders.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>

double q6_qubo_penalty_default(const q6_bqm *objective)
{
    if (!objective)
        return NAN;
    double sum = 0.0;
    for (size_t i = 0; i < objective->num_vars; i++)
        sum += fabs(objective->linear[i]);
    for (size_t k = 0; k < objective->num_terms; k++)
        sum += fabs(objective->terms[k].bias);
    return 1.0 + sum;
}

static int check_terms(const q6_bqm *bqm, const size_t *vars, const double *coef, size_t count)
{
    if (!bqm || bqm->vartype != Q6_VARTYPE_BINARY || (count && (!vars || !coef)))
        return -EINVAL;
    for (size_t k = 0; k < count; k++) {
        if (vars[k] >= bqm->num_vars || !isfinite(coef[k]))
            return -EINVAL;
        for (size_t l = 0; l < k; l++)
            if (vars[l] == vars[k])
                return -EINVAL;
    }
    return 0;
}

int q6_qubo_add_equality(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count,
                         double rhs, double penalty)
{
    int rc = check_terms(bqm, vars, coef, count);
    if (rc || !isfinite(rhs) || !isfinite(penalty) || penalty <= 0.0)
        return rc ? rc : -EINVAL;
    /* P (sum a x - b)^2 = P [sum a_i^2 x_i + 2 sum_{i<j} a_i a_j x_i x_j - 2 b sum a_i x_i + b^2] */
    for (size_t k = 0; k < count && !rc; k++) {
        rc = q6_bqm_add_linear(bqm, vars[k], penalty * (coef[k] * coef[k] - 2.0 * rhs * coef[k]));
        for (size_t l = k + 1; l < count && !rc; l++)
            rc = q6_bqm_add_quadratic(bqm, vars[k], vars[l], 2.0 * penalty * coef[k] * coef[l]);
    }
    return rc ? rc : q6_bqm_add_offset(bqm, penalty * rhs * rhs);
}

int q6_qubo_add_one_hot(q6_bqm *bqm, const size_t *vars, size_t count, double penalty)
{
    if (!bqm || count == 0)
        return -EINVAL;
    double *ones = malloc(count * sizeof *ones);
    if (!ones)
        return -ENOMEM;
    for (size_t k = 0; k < count; k++)
        ones[k] = 1.0;
    int rc = q6_qubo_add_equality(bqm, vars, ones, count, 1.0, penalty);
    free(ones);
    return rc;
}

static int is_integer(double v) { return isfinite(v) && v == floor(v) && fabs(v) < 0x1p52; }

int q6_qubo_add_le(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count, double rhs,
                   double penalty, size_t *first_slack, size_t *num_slack)
{
    int rc = check_terms(bqm, vars, coef, count);
    if (rc || !is_integer(rhs) || !isfinite(penalty) || penalty <= 0.0)
        return rc ? rc : -EINVAL;
    double min_lhs = 0.0;
    for (size_t k = 0; k < count; k++) {
        if (!is_integer(coef[k]))
            return -EINVAL;
        min_lhs += fmin(coef[k], 0.0);
    }
    double range = rhs - min_lhs; /* the slack takes values in [0, range] */
    if (range < 0.0 || range >= 0x1p52)
        return -EINVAL;
    /* log encoding 1, 2, 4, ..., last weight capped so the sum is range */
    size_t bits = 0;
    for (double covered = 0.0; covered < range; bits++)
        covered += ldexp(1.0, (int)bits);
    size_t first = 0;
    if (bits && (rc = q6_bqm_add_variables(bqm, bits, &first)) != 0)
        return rc;
    size_t total = count + bits;
    size_t *all_vars = malloc((total ? total : 1) * sizeof *all_vars);
    double *all_coef = malloc((total ? total : 1) * sizeof *all_coef);
    if (!all_vars || !all_coef) {
        free(all_vars);
        free(all_coef);
        return -ENOMEM;
    }
    double covered = 0.0;
    for (size_t k = 0; k < total; k++) {
        if (k < count) {
            all_vars[k] = vars[k];
            all_coef[k] = coef[k];
            continue;
        }
        size_t b = k - count;
        double w = b + 1 < bits ? ldexp(1.0, (int)b) : range - covered;
        covered += w;
        all_vars[k] = first + b;
        all_coef[k] = w;
    }
    rc = q6_qubo_add_equality(bqm, all_vars, all_coef, total, rhs, penalty);
    free(all_vars);
    free(all_coef);
    if (!rc) {
        if (first_slack)
            *first_slack = first;
        if (num_slack)
            *num_slack = bits;
    }
    return rc;
}

int q6_qubo_add_ge(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count, double rhs,
                   double penalty, size_t *first_slack, size_t *num_slack)
{
    if (count && !coef)
        return -EINVAL;
    double *neg = malloc((count ? count : 1) * sizeof *neg);
    if (!neg)
        return -ENOMEM;
    for (size_t k = 0; k < count; k++)
        neg[k] = -coef[k];
    int rc = q6_qubo_add_le(bqm, vars, neg, count, -rhs, penalty, first_slack, num_slack);
    free(neg);
    return rc;
}

size_t q6_qubo_expansion_bits(const q6_qubo_expansion *e)
{
    return e ? (size_t)e->n_int + e->n_frac + e->n_neg : 0;
}

double q6_qubo_expansion_weight(const q6_qubo_expansion *e, size_t bit)
{
    if (!e || bit >= q6_qubo_expansion_bits(e))
        return NAN;
    if (bit < e->n_int)
        return ldexp(1.0, (int)bit);
    if (bit < (size_t)e->n_int + e->n_frac)
        return ldexp(1.0, -(int)(bit - e->n_int + 1));
    return -ldexp(1.0, (int)(bit - e->n_int - e->n_frac));
}

double q6_qubo_expansion_value(const q6_qubo_expansion *e, const int8_t *state)
{
    if (!e || !state)
        return NAN;
    double eta = 0.0;
    for (size_t b = 0; b < q6_qubo_expansion_bits(e); b++)
        eta += q6_qubo_expansion_weight(e, b) * state[e->first_var + b];
    return eta;
}

int q6_qubo_add_expansion(q6_bqm *bqm, unsigned n_int, unsigned n_frac, unsigned n_neg,
                          q6_qubo_expansion *out)
{
    size_t bits = (size_t)n_int + n_frac + n_neg;
    if (!bqm || !out || bqm->vartype != Q6_VARTYPE_BINARY || bits == 0 || bits > 62)
        return -EINVAL;
    size_t first;
    int rc = q6_bqm_add_variables(bqm, bits, &first);
    if (rc)
        return rc;
    out->first_var = first;
    out->n_int = n_int;
    out->n_frac = n_frac;
    out->n_neg = n_neg;
    return 0;
}

int q6_qubo_add_expansion_linear(q6_bqm *bqm, const q6_qubo_expansion *e, double scale)
{
    if (!bqm || !e || !isfinite(scale) || e->first_var + q6_qubo_expansion_bits(e) > bqm->num_vars)
        return -EINVAL;
    int rc = 0;
    for (size_t b = 0; b < q6_qubo_expansion_bits(e) && !rc; b++)
        rc = q6_bqm_add_linear(bqm, e->first_var + b, scale * q6_qubo_expansion_weight(e, b));
    return rc;
}
