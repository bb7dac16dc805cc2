/* Test plugin whose ABI-3 scheduler table declares a size smaller than a
 * q6_scheduler (as if built against a truncated header): the loader must
 * refuse it, naming the file, the table and the sizes, rather than read
 * past its end. */
#include "solvers/abi/scheduler.h"

static int decide(void *s, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)s, (void)p, (void)d, (void)err, (void)errlen;
    return 0;
}

static const q6_scheduler short_table = {
    {sizeof(q6_plugin_header) + sizeof(void *), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "short", "test"},
    NULL, decide, NULL};
static const q6_plugin_header *const tables[] = {&short_table.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
