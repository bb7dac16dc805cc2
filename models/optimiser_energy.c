/* Process cost model of an optimiser call; definitions in optimiser_energy.h. */
#include "models/optimiser_energy.h"
#include <math.h>

double q6_process_power_w(const q6_process_power *p, double pairs)
{
    if (!p || !(p->idle_w >= 0) || !(p->busy_w >= 0) || !(p->half_pairs > 0) || !(pairs >= 0) ||
        !isfinite(p->idle_w + p->busy_w + p->half_pairs + pairs))
        return NAN;
    return p->idle_w + (p->busy_w - p->idle_w) * pairs / (pairs + p->half_pairs);
}

double q6_process_energy_j(const q6_process_power *p, double pairs, double time_s, double wait_s,
                           double access_s)
{
    double busy_w = q6_process_power_w(p, pairs);
    if (isnan(busy_w) || !(time_s >= 0) || !(wait_s >= 0) || !(access_s >= 0) || !(p->billed_power_w >= 0))
        return NAN;
    /* Waiting can exceed the call's time only by rounding of the clock. */
    double wait = fmin(wait_s, time_s);
    return busy_w * (time_s - wait) + p->idle_w * wait + p->billed_power_w * access_s;
}
