/* Paper 000 eq. (2) and Theorem 1; see edge_time.h for the validity notes. */
#include "models/edge_time.h"
#include <math.h>

static int ok(double x) { return x >= 0.0 && isfinite(x); }

double q6_edge_bs_time_s(double task_time_s, double ev_time_sum_s, double add_time_s)
{
    if (!ok(task_time_s) || !ok(ev_time_sum_s) || !ok(add_time_s))
        return NAN;
    return fmax(task_time_s - ev_time_sum_s, 0.0) + add_time_s;
}

double q6_edge_task_time_lower_s(double bs_time_s, double ev_time_sum_s, double add_time_s)
{
    if (!ok(bs_time_s) || !ok(ev_time_sum_s) || !ok(add_time_s))
        return NAN;
    double radicand = bs_time_s * bs_time_s - 2.0 * add_time_s * ev_time_sum_s;
    if (radicand <= 0.0)
        return 0.0;
    return fmax(sqrt(radicand) - ev_time_sum_s, 0.0);
}

double q6_edge_task_time_upper_s(double ev_time_sum_s, double add_time_s)
{
    if (!ok(ev_time_sum_s) || !ok(add_time_s))
        return NAN;
    return add_time_s + ev_time_sum_s;
}
