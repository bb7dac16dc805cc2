/* Test plugin whose ABI-3 scheduler table sets a header flag this engine
 * does not know (as if built for a newer q6sim): the loader must refuse
 * it, naming the file, the table and the unknown bits, rather than run it
 * without what it asked for. */
#include "solvers/abi/scheduler.h"

static int decide(void *s, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)s, (void)p, (void)d, (void)err, (void)errlen;
    return 0;
}

static const q6_scheduler future = {
    {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, Q6_PLUGIN_REACH_LISTS | 0x80000000u, "future", "test"},
    NULL, decide, NULL};
static const q6_plugin_header *const tables[] = {&future.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
