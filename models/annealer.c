/* Annealer job time and energy; structure and defaults in annealer.h. */
#include "models/annealer.h"
#include <math.h>
#include <stddef.h>

q6_annealer_params q6_annealer_defaults(void)
{
    return (q6_annealer_params){.programming_time_s = 15e-3, .anneal_time_s = 20e-6,
                                .readout_time_s = 150e-6, .delay_time_s = 20e-6,
                                .reads = 100, .system_power_w = 25e3, .qubits = 5000};
}

int q6_annealer_evaluate(const q6_annealer_params *p, q6_annealer_result *out,
                         const char **field)
{
    const char *bad = NULL;
    if (!p || !out)
        bad = "params";
    else if (!(p->programming_time_s >= 0.0) || !isfinite(p->programming_time_s))
        bad = "programming_time_s";
    else if (!(p->anneal_time_s > 0.0) || !isfinite(p->anneal_time_s))
        bad = "anneal_time_s";
    else if (!(p->readout_time_s >= 0.0) || !isfinite(p->readout_time_s))
        bad = "readout_time_s";
    else if (!(p->delay_time_s >= 0.0) || !isfinite(p->delay_time_s))
        bad = "delay_time_s";
    else if (!(p->reads >= 1.0) || !isfinite(p->reads) || p->reads != floor(p->reads))
        bad = "reads";
    else if (!(p->system_power_w >= 0.0) || !isfinite(p->system_power_w))
        bad = "system_power_w";
    else if (!(p->qubits >= 1.0) || !isfinite(p->qubits))
        bad = "qubits";
    if (bad) {
        if (field)
            *field = bad;
        return -1;
    }
    q6_annealer_result r;
    r.sampling_time_s = p->reads * (p->anneal_time_s + p->readout_time_s + p->delay_time_s);
    r.access_time_s = p->programming_time_s + r.sampling_time_s;
    r.energy_j = p->system_power_w * r.access_time_s;
    *out = r;
    return 0;
}
