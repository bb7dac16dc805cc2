/* BS power; source in bs_power.h. */
#include "models/bs_power.h"
#include <math.h>
#include <stddef.h>

q6_bs_power_params q6_bs_power_defaults(void)
{
    return (q6_bs_power_params){.max_output_w = 40.0, .pa_efficiency = 0.311,
                                .rf_power_w = 21.9, .sleep_power_w = 6.45,
                                .bbu_cores = 1.0, .bbu_core_min_w = 5.0,
                                .bbu_core_max_w = 20.0, .bbu_freq_hz = 2.5e9,
                                .bbu_ref_freq_hz = 2.5e9, .bbu_freq_exponent = 1.0};
}

static int params_ok(const q6_bs_power_params *p)
{
    const double v[] = {p->max_output_w, p->rf_power_w, p->sleep_power_w, p->bbu_cores,
                        p->bbu_core_min_w, p->bbu_core_max_w, p->bbu_freq_hz,
                        p->bbu_ref_freq_hz, p->bbu_freq_exponent};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(v[i] >= 0.0) || !isfinite(v[i]))
            return 0;
    return p->pa_efficiency > 0.0 && p->pa_efficiency <= 1.0 && p->max_output_w > 0.0 &&
           p->bbu_ref_freq_hz > 0.0 && p->bbu_core_max_w >= p->bbu_core_min_w;
}

double q6_bs_power_w(const q6_bs_power_params *p, double output_power_w, double cpu_load)
{
    if (!p || !params_ok(p) || !(output_power_w >= 0.0) ||
        !(output_power_w <= p->max_output_w) || !(cpu_load >= 0.0) || !(cpu_load <= 1.0))
        return NAN;
    if (output_power_w == 0.0)
        return p->sleep_power_w;
    double rru = output_power_w / p->pa_efficiency + p->rf_power_w;
    double fr = pow(p->bbu_freq_hz / p->bbu_ref_freq_hz, p->bbu_freq_exponent);
    double bbu = p->bbu_cores *
                 (p->bbu_core_min_w + (p->bbu_core_max_w - p->bbu_core_min_w) * cpu_load * fr);
    return rru + bbu;
}
