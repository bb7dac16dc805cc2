/* The GBD subproblem of paper 002 (its eq. 32) for fixed binaries, solved
 * exactly from the KKT conditions.
 *
 * With the binaries fixed the problem splits per AP into two independent
 * convex resource problems:
 *   bandwidth: min sum_i a_i / b_i, b_i in [bmin, bmax], sum b_i <= 1,
 *              a_i = V L_i / rbar_ij;
 *   CPU:       min sum_i V c_i / f_i + Q_j kappa_j c_i f_i^2,
 *              f_i in [fmin, fmax], sum f_i <= F_j.
 * Each has one coupling constraint; for its multiplier (lambda_j, mu_j) every
 * user's optimum is a clamped closed form (b = sqrt(a / lambda)) or the root
 * of a monotone cubic (2 Q kappa c f^3 + mu f^2 - V c = 0), and the sum of
 * the optima falls as the multiplier grows, so bisection on the multiplier
 * finds the KKT point. The multipliers are the ones the cuts need (cuts.c).
 * NLopt would do the same with more code and less accuracy, so it is not used. */
#include "solvers/benders/benders.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BISECT_STEPS 200

int q6_bd_binaries_init(q6_bd_binaries *b, uint32_t n_users)
{
    b->ap = calloc(n_users ? n_users : 1, sizeof *b->ap);
    b->onboard = calloc(n_users ? n_users : 1, 1);
    if (!b->ap || !b->onboard) {
        q6_bd_binaries_free(b);
        return -1;
    }
    return 0;
}

void q6_bd_binaries_free(q6_bd_binaries *b)
{
    free(b->ap);
    free(b->onboard);
    b->ap = NULL;
    b->onboard = NULL;
}

static int bad(char *err, size_t errlen, const char *field, uint32_t index)
{
    if (err && errlen)
        snprintf(err, errlen, "benders problem: %s[%u] missing, negative or not finite", field, index);
    return -1;
}

static int pos(double x) { return isfinite(x) && x > 0.0; }
static int nonneg(double x) { return isfinite(x) && x >= 0.0; }

int q6_bd_check(const q6_bd_problem *p, char *err, size_t errlen)
{
    if (!p || !p->input_bits || !p->work_cycles || !p->beta_min || !p->beta_max || !p->cpu_hz || !p->f_min ||
        !p->f_max || !p->kappa || !p->backhaul_bps || !p->tx_power_w || !p->queue_j || !p->rate_bps || !p->reach)
        return bad(err, errlen, "array", 0);
    if (!nonneg(p->v))
        return bad(err, errlen, "v", 0);
    if (!pos(p->cloud_flops))
        return bad(err, errlen, "cloud_flops", 0);
    for (uint32_t i = 0; i < p->n_users; i++) {
        if (!nonneg(p->input_bits[i]))
            return bad(err, errlen, "input_bits", i);
        if (!nonneg(p->work_cycles[i]))
            return bad(err, errlen, "work_cycles", i);
        int any = 0;
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            if (p->reach[k] && !pos(p->rate_bps[k]))
                return bad(err, errlen, "rate_bps", (uint32_t)k);
            any |= p->reach[k] != 0;
        }
        if (!any) {
            if (err && errlen)
                snprintf(err, errlen, "benders problem: user %u reaches no AP", i);
            return -1;
        }
    }
    for (uint32_t j = 0; j < p->n_aps; j++) {
        if (!pos(p->beta_min[j]) || p->beta_min[j] > 1.0)
            return bad(err, errlen, "beta_min", j);
        if (!(p->beta_max[j] >= p->beta_min[j]) || p->beta_max[j] > 1.0)
            return bad(err, errlen, "beta_max", j);
        if (!nonneg(p->cpu_hz[j]))
            return bad(err, errlen, "cpu_hz", j);
        if (p->cpu_hz[j] > 0.0 && (!pos(p->f_min[j]) || p->f_min[j] > p->cpu_hz[j]))
            return bad(err, errlen, "f_min", j);
        if (p->cpu_hz[j] > 0.0 && (!(p->f_max[j] >= p->f_min[j]) || !isfinite(p->f_max[j])))
            return bad(err, errlen, "f_max", j);
        if (!nonneg(p->kappa[j]))
            return bad(err, errlen, "kappa", j);
        if (!pos(p->backhaul_bps[j]))
            return bad(err, errlen, "backhaul_bps", j);
        if (!nonneg(p->tx_power_w[j]))
            return bad(err, errlen, "tx_power_w", j);
        if (!nonneg(p->queue_j[j]))
            return bad(err, errlen, "queue_j", j);
    }
    return 0;
}

int q6_bd_alloc_init(q6_bd_alloc *a, const q6_bd_problem *p)
{
    memset(a, 0, sizeof *a);
    size_t nu = p->n_users ? p->n_users : 1, na = p->n_aps ? p->n_aps : 1;
    a->beta = calloc(nu, sizeof *a->beta);
    a->f_hz = calloc(nu, sizeof *a->f_hz);
    a->delay_s = calloc(nu, sizeof *a->delay_s);
    a->lambda = calloc(na, sizeof *a->lambda);
    a->mu = calloc(na, sizeof *a->mu);
    a->energy_j = calloc(na, sizeof *a->energy_j);
    a->infeasible_bw = calloc(na, sizeof *a->infeasible_bw);
    a->infeasible_cpu = calloc(na, sizeof *a->infeasible_cpu);
    if (!a->beta || !a->f_hz || !a->delay_s || !a->lambda || !a->mu || !a->energy_j || !a->infeasible_bw ||
        !a->infeasible_cpu) {
        q6_bd_alloc_free(a);
        return -1;
    }
    return 0;
}

void q6_bd_alloc_free(q6_bd_alloc *a)
{
    free(a->beta);
    free(a->f_hz);
    free(a->delay_s);
    free(a->lambda);
    free(a->mu);
    free(a->energy_j);
    free(a->infeasible_bw);
    free(a->infeasible_cpu);
    memset(a, 0, sizeof *a);
}

double q6_bd_relay_cost(const q6_bd_problem *p, uint32_t i, uint32_t j)
{
    double relay_s = p->input_bits[i] / p->backhaul_bps[j];
    return p->v * (relay_s + p->work_cycles[i] / p->cloud_flops) + p->queue_j[j] * p->tx_power_w[j] * relay_s;
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

double q6_bd_phi(const q6_bd_problem *p, uint32_t i, uint32_t j, double lambda, double *arg)
{
    double a = p->v * p->input_bits[i] / p->rate_bps[(size_t)i * p->n_aps + j];
    double lo = p->beta_min[j], hi = p->beta_max[j], b;
    if (lambda > 0.0)
        b = clamp(sqrt(a / lambda), lo, hi);
    else
        b = a > 0.0 ? hi : lo; /* lambda = 0: any b is optimal when a = 0; take the least */
    if (arg)
        *arg = b;
    return a / b + lambda * b;
}

double q6_bd_psi(const q6_bd_problem *p, uint32_t i, uint32_t j, double mu, double *arg)
{
    double c = p->work_cycles[i];
    double a = p->v * c, q = p->queue_j[j] * p->kappa[j] * c;
    double lo = p->f_min[j], hi = fmin(p->f_max[j], p->cpu_hz[j]);
    /* h(f) = 2 q f^3 + mu f^2 - a is increasing for f > 0; its sign is that
     * of the derivative of the convex per-task cost. */
    double f;
    if (2.0 * q * hi * hi * hi + mu * hi * hi - a <= 0.0)
        f = hi;
    else if (2.0 * q * lo * lo * lo + mu * lo * lo - a >= 0.0)
        f = lo;
    else {
        double l = lo, h = hi;
        for (int s = 0; s < BISECT_STEPS && h - l > 1e-15 * h; s++) {
            double m = 0.5 * (l + h);
            if (2.0 * q * m * m * m + mu * m * m - a > 0.0)
                h = m;
            else
                l = m;
        }
        f = 0.5 * (l + h);
    }
    if (arg)
        *arg = f;
    return a / f + q * f * f + mu * f;
}

/* Bisection on a multiplier t >= 0 of "sum_i arg_i(t) <= cap": the smallest
 * t (to the bisection accuracy, from the feasible side) at which it holds. */
typedef double (*per_user_fn)(const q6_bd_problem *, uint32_t, uint32_t, double, double *);

static double sum_args(const q6_bd_problem *p, per_user_fn fn, const uint32_t *users, uint32_t n, uint32_t j,
                       double t)
{
    double s = 0.0, x;
    for (uint32_t k = 0; k < n; k++) {
        fn(p, users[k], j, t, &x);
        s += x;
    }
    return s;
}

static double find_multiplier(const q6_bd_problem *p, per_user_fn fn, const uint32_t *users, uint32_t n,
                              uint32_t j, double cap)
{
    if (sum_args(p, fn, users, n, j, 0.0) <= cap)
        return 0.0;
    double lo = 0.0, hi = 1.0;
    for (int s = 0; s < 2000 && sum_args(p, fn, users, n, j, hi) > cap; s++)
        hi *= 2.0;
    for (int s = 0; s < BISECT_STEPS && hi - lo > 1e-14 * hi; s++) {
        double m = 0.5 * (lo + hi);
        if (sum_args(p, fn, users, n, j, m) > cap)
            lo = m;
        else
            hi = m;
    }
    return hi;
}

int q6_bd_subproblem(const q6_bd_problem *p, const q6_bd_binaries *b, q6_bd_alloc *out)
{
    uint32_t nu = p->n_users, na = p->n_aps;
    uint32_t *users = malloc((nu ? nu : 1) * sizeof *users);
    if (!users)
        return -1;
    out->feasible = 1;
    for (uint32_t i = 0; i < nu; i++) {
        if (b->ap[i] >= na || !p->reach[(size_t)i * na + b->ap[i]] || (b->onboard[i] && !(p->cpu_hz[b->ap[i]] > 0))) {
            free(users);
            return -1;
        }
        out->beta[i] = out->f_hz[i] = 0.0;
    }
    for (uint32_t j = 0; j < na; j++) {
        out->lambda[j] = out->mu[j] = 0.0;
        out->infeasible_bw[j] = out->infeasible_cpu[j] = 0;
        uint32_t n = 0;
        for (uint32_t i = 0; i < nu; i++)
            if (b->ap[i] == j)
                users[n++] = i;
        if (n * p->beta_min[j] > 1.0 + 1e-12) {
            out->infeasible_bw[j] = 1;
            out->feasible = 0;
        } else if (n) {
            out->lambda[j] = find_multiplier(p, q6_bd_phi, users, n, j, 1.0);
            for (uint32_t k = 0; k < n; k++)
                q6_bd_phi(p, users[k], j, out->lambda[j], &out->beta[users[k]]);
        }
        n = 0;
        for (uint32_t i = 0; i < nu; i++)
            if (b->ap[i] == j && b->onboard[i])
                users[n++] = i;
        if (n && n * p->f_min[j] > p->cpu_hz[j] * (1.0 + 1e-12)) {
            out->infeasible_cpu[j] = 1;
            out->feasible = 0;
        } else if (n) {
            out->mu[j] = find_multiplier(p, q6_bd_psi, users, n, j, p->cpu_hz[j]);
            for (uint32_t k = 0; k < n; k++)
                q6_bd_psi(p, users[k], j, out->mu[j], &out->f_hz[users[k]]);
        }
    }
    free(users);
    if (!out->feasible) {
        out->value = INFINITY;
        return 0;
    }
    out->value = q6_bd_outcome(p, b, out->beta, out->f_hz, out->delay_s, out->energy_j);
    return 0;
}

double q6_bd_outcome(const q6_bd_problem *p, const q6_bd_binaries *b, const double *beta, const double *f_hz,
                     double *delay_s, double *energy_j)
{
    uint32_t nu = p->n_users, na = p->n_aps;
    double v = 0.0;
    for (uint32_t j = 0; j < na; j++)
        energy_j[j] = 0.0;
    for (uint32_t i = 0; i < nu; i++) {
        uint32_t j = b->ap[i];
        double d = p->input_bits[i] / (beta[i] * p->rate_bps[(size_t)i * na + j]);
        if (b->onboard[i]) {
            d += p->work_cycles[i] / f_hz[i];
            energy_j[j] += p->kappa[j] * p->work_cycles[i] * f_hz[i] * f_hz[i];
        } else {
            double relay_s = p->input_bits[i] / p->backhaul_bps[j];
            d += relay_s + p->work_cycles[i] / p->cloud_flops;
            energy_j[j] += p->tx_power_w[j] * relay_s;
        }
        delay_s[i] = d;
        v += p->v * d;
    }
    for (uint32_t j = 0; j < na; j++)
        v += p->queue_j[j] * energy_j[j];
    return v;
}

double q6_bd_evaluate(const q6_bd_problem *p, const q6_bd_binaries *b, const double *beta, const double *f_hz)
{
    const double tol = 1e-9;
    uint32_t nu = p->n_users, na = p->n_aps;
    double *bw = calloc(na ? na : 1, sizeof *bw), *cpu = calloc(na ? na : 1, sizeof *cpu);
    double *energy = calloc(na ? na : 1, sizeof *energy);
    double v = 0.0;
    if (!bw || !cpu || !energy) {
        v = NAN;
        goto out;
    }
    for (uint32_t i = 0; i < nu && !isnan(v); i++) {
        uint32_t j = b->ap[i];
        if (j >= na || !p->reach[(size_t)i * na + j] || beta[i] < p->beta_min[j] - tol ||
            beta[i] > p->beta_max[j] + tol) {
            v = NAN;
            break;
        }
        bw[j] += beta[i];
        double d = p->input_bits[i] / (beta[i] * p->rate_bps[(size_t)i * na + j]);
        if (b->onboard[i]) {
            if (!(p->cpu_hz[j] > 0) || f_hz[i] < p->f_min[j] * (1 - tol) || f_hz[i] > p->f_max[j] * (1 + tol)) {
                v = NAN;
                break;
            }
            cpu[j] += f_hz[i];
            d += p->work_cycles[i] / f_hz[i];
            energy[j] += p->kappa[j] * p->work_cycles[i] * f_hz[i] * f_hz[i];
        } else {
            double relay_s = p->input_bits[i] / p->backhaul_bps[j];
            d += relay_s + p->work_cycles[i] / p->cloud_flops;
            energy[j] += p->tx_power_w[j] * relay_s;
        }
        v += p->v * d;
    }
    for (uint32_t j = 0; j < na && !isnan(v); j++) {
        if (bw[j] > 1.0 + tol || cpu[j] > p->cpu_hz[j] * (1.0 + tol))
            v = NAN;
        else
            v += p->queue_j[j] * energy[j];
    }
out:
    free(bw);
    free(cpu);
    free(energy);
    return v;
}
