/* See register.h. */
#include "traces/mobility/register.h"
#include "traces/mobility/sources.h"

void q6_trace_mobility_register(void)
{
    q6_mobility_register_source(Q6_MOB_FCD, q6_mob_fcd_init);
    q6_mobility_register_source(Q6_MOB_NS2, q6_mob_ns2_init);
}
