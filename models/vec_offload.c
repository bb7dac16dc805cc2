/* Paper 004 offloading costs; sources in vec_offload.h. */
#include "models/vec_offload.h"
#include <gsl/gsl_randist.h>
#include <math.h>

static int open_unit(double x)
{
    return x > 0.0 && x < 1.0;
}

double q6_subtask_priority(const q6_priority_weights *w, const double *cycles_per_bit,
                           const double *bits, size_t n, size_t j, double chi, double varpi,
                           double varkappa)
{
    if (!w || !cycles_per_bit || !bits || n == 0 || j >= n || !open_unit(w->alpha) ||
        !open_unit(w->beta) || !open_unit(w->gamma) ||
        !(fabs(w->alpha + w->beta + w->gamma - 1.0) <= 1e-9) || !open_unit(chi) ||
        !open_unit(varpi) || !open_unit(varkappa))
        return NAN;
    double sum_c = 0.0, sum_d = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (!(cycles_per_bit[k] > 0.0) || !isfinite(cycles_per_bit[k]) || !(bits[k] > 0.0) ||
            !isfinite(bits[k]))
            return NAN;
        sum_c += cycles_per_bit[k];
        sum_d += bits[k];
    }
    return (w->alpha * cycles_per_bit[j] / sum_c + w->beta * bits[j] / sum_d + w->gamma * chi) *
           varpi * varkappa;
}

double q6_priority_weighted_latency(const double *priority, const double *latency_s, size_t n)
{
    if (!priority || !latency_s)
        return NAN;
    double sum = 0.0;
    for (size_t j = 0; j < n; j++) {
        if (isnan(latency_s[j]))
            continue; /* not offloaded: Gamma = 0 */
        if (!(latency_s[j] >= 0.0) || !(priority[j] >= 0.0) || !isfinite(priority[j]))
            return NAN;
        sum += priority[j] * latency_s[j];
    }
    return sum;
}

double q6_mec_cpu_hz(gsl_rng *rng, double f_max_hz, double variance, double f_min_hz)
{
    if (!rng || !(f_max_hz > 0.0) || !isfinite(f_max_hz) || !(variance >= 0.0) ||
        !isfinite(variance) || !(f_min_hz >= 0.0) || !(f_min_hz <= f_max_hz))
        return NAN;
    /* CN(0, s2): real and imaginary parts N(0, s2 / 2). */
    double sd = sqrt(variance / 2.0);
    double re = gsl_ran_gaussian_ziggurat(rng, sd), im = gsl_ran_gaussian_ziggurat(rng, sd);
    double f = f_max_hz - hypot(re, im) * f_max_hz;
    return fmax(f, f_min_hz);
}

double q6_hop_latency_s(double bits, double rate_bps, int processed, double cycles_per_bit,
                        double f_cpu_hz)
{
    if (!(bits >= 0.0) || !isfinite(bits) || !(rate_bps > 0.0) || (processed != 0 && processed != 1))
        return NAN;
    double t = bits / rate_bps;
    if (!processed)
        return t;
    if (!(cycles_per_bit >= 0.0) || !isfinite(cycles_per_bit) || !(f_cpu_hz > 0.0) ||
        !isfinite(f_cpu_hz))
        return NAN;
    return t + cycles_per_bit * bits / f_cpu_hz;
}

double q6_chain_latency_s(double bits, double cycles_per_bit, const double *rate_bps,
                          const int *processed, const double *f_cpu_hz, size_t n_hops)
{
    if (!rate_bps || !processed || !f_cpu_hz || n_hops == 0)
        return NAN;
    double sum = 0.0;
    for (size_t h = 0; h < n_hops; h++) {
        int last = h + 1 == n_hops;
        if (processed[h] != last)
            return NAN; /* exactly the last hop computes */
        double t = q6_hop_latency_s(bits, rate_bps[h], processed[h], cycles_per_bit, f_cpu_hz[h]);
        if (isnan(t))
            return NAN;
        sum += t;
    }
    return sum;
}

double q6_path_latency_s(double bits, double cycles_per_bit, double first_rate_bps,
                         const double *relay_rate_bps, const int *relay_used, size_t n_relays,
                         const double *f_cpu_hz, size_t n_cpus)
{
    if (!(bits >= 0.0) || !isfinite(bits) || !(first_rate_bps > 0.0) || !(cycles_per_bit >= 0.0) ||
        !isfinite(cycles_per_bit) || !f_cpu_hz || n_cpus == 0 || (n_relays && (!relay_rate_bps || !relay_used)))
        return NAN;
    double t = bits / first_rate_bps;
    for (size_t h = 0; h < n_relays; h++) {
        if (relay_used[h] != 0 && relay_used[h] != 1)
            return NAN;
        if (!relay_used[h])
            continue;
        if (!(relay_rate_bps[h] > 0.0))
            return NAN;
        t += bits / relay_rate_bps[h];
    }
    double f_best = 0.0;
    for (size_t z = 0; z < n_cpus; z++) {
        if (!(f_cpu_hz[z] > 0.0) || !isfinite(f_cpu_hz[z]))
            return NAN;
        f_best = fmax(f_best, f_cpu_hz[z]);
    }
    return t + cycles_per_bit * bits / f_best;
}

double q6_offload_energy_j(double tx_power_w, double bits, double rate_bps)
{
    if (!(tx_power_w >= 0.0) || !isfinite(tx_power_w) || !(bits >= 0.0) || !isfinite(bits) ||
        !(rate_bps > 0.0))
        return NAN;
    return tx_power_w * bits / rate_bps;
}

double q6_processing_energy_j(double j_per_cycle, double cycles_per_bit, double bits)
{
    if (!(j_per_cycle >= 0.0) || !isfinite(j_per_cycle) || !(cycles_per_bit >= 0.0) ||
        !isfinite(cycles_per_bit) || !(bits >= 0.0) || !isfinite(bits))
        return NAN;
    return j_per_cycle * cycles_per_bit * bits;
}

double q6_qos(double w_latency, double latency_s, double w_energy, double energy_j)
{
    if (!isfinite(w_latency) || !(latency_s > 0.0) || !isfinite(w_energy) || !isfinite(energy_j))
        return NAN;
    return isfinite(latency_s) ? w_latency / latency_s - w_energy * energy_j : -w_energy * energy_j;
}

double q6_qos_normalised(double qos, double q_min, double q_max)
{
    if (!isfinite(qos) || !isfinite(q_min) || !isfinite(q_max) || !(q_max > q_min))
        return NAN;
    return 100.0 * (qos - q_min) / (q_max - q_min) + q_min;
}
