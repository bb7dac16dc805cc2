/* CPU (DVFS) and CPU/GPU split models; sources in compute.h. */
#include "models/compute.h"
#include <math.h>
#include <stddef.h>

double q6_cpu_time_s(double cycles, double freq_hz)
{
    if (!(cycles >= 0.0) || !isfinite(cycles) || !(freq_hz > 0.0) || !isfinite(freq_hz))
        return NAN;
    return cycles / freq_hz;
}

double q6_cpu_energy_j(double kappa, double freq_hz, double cycles)
{
    if (!(kappa >= 0.0) || !isfinite(kappa) || !(freq_hz >= 0.0) || !isfinite(freq_hz) ||
        !(cycles >= 0.0) || !isfinite(cycles))
        return NAN;
    return kappa * freq_hz * freq_hz * cycles;
}

static int nonneg(double x) { return x >= 0.0 && isfinite(x); }

/* Time and energy of one device doing `work` FLOP (eq. 3 term, eq. 4). */
static int device_run(double work, double flop_per_cycle, double freq, double alpha,
                      double beta, double a, double b, double c, double *t, double *e)
{
    double speed = flop_per_cycle * freq;
    if (work == 0.0) {
        *t = 0.0;
        *e = 0.0;
        return 0;
    }
    if (!(speed > 0.0))
        return -1;
    *t = work / speed;
    *e = (alpha * a * freq * freq * freq + beta * b + c * freq) * *t;
    return 0;
}

int q6_cpu_gpu_split(const q6_cpu_gpu_params *p, double work_flop, double kappa,
                     q6_cpu_gpu_result *out)
{
    if (!p || !out || !nonneg(work_flop) || !(kappa >= 0.0 && kappa <= 1.0))
        return -1;
    const double v[] = {p->cpu_flop_per_cycle, p->cpu_freq_hz, p->gpu_flop_per_cycle,
                        p->gpu_freq_hz, p->alpha, p->beta, p->cpu_a_w_per_hz3, p->cpu_b_w,
                        p->cpu_c_w_per_hz, p->gpu_a_w_per_hz3, p->gpu_b_w, p->gpu_c_w_per_hz};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!nonneg(v[i]))
            return -1;
    if (p->alpha > 1.0 || p->beta > 1.0)
        return -1;
    q6_cpu_gpu_result r;
    if (device_run(kappa * work_flop, p->cpu_flop_per_cycle, p->cpu_freq_hz, p->alpha,
                   p->beta, p->cpu_a_w_per_hz3, p->cpu_b_w, p->cpu_c_w_per_hz,
                   &r.cpu_time_s, &r.cpu_energy_j) != 0 ||
        device_run((1.0 - kappa) * work_flop, p->gpu_flop_per_cycle, p->gpu_freq_hz,
                   p->alpha, p->beta, p->gpu_a_w_per_hz3, p->gpu_b_w, p->gpu_c_w_per_hz,
                   &r.gpu_time_s, &r.gpu_energy_j) != 0)
        return -1;
    r.delay_s = fmax(r.cpu_time_s, r.gpu_time_s);
    r.energy_j = r.cpu_energy_j + r.gpu_energy_j;
    *out = r;
    return 0;
}
