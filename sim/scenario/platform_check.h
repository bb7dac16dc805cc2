/* Checks a user's platform against what q6sim's platform format supports
 * (docs/platform-format.md) before SimGrid reads it: SimGrid aborts with a
 * C++ backtrace (exit 134) on bad input and names the generated file in
 * the temporary output folder, not the user's file and line. */
#ifndef Q6_SIM_PLATFORM_CHECK_H
#define Q6_SIM_PLATFORM_CHECK_H
#include <libxml/tree.h>
#include <stddef.h>

/* Checks the <platform> root and its infrastructure <zone>: elements and
 * attributes known, ids unique and not reserved, routes naming hosts,
 * routers and links declared before them, no route declared twice (also
 * in reverse when symmetrical), speeds and bandwidths > 0, latencies >= 0,
 * every value with a unit SimGrid knows, power profiles matching the
 * pstates. 0, or -1 with "file:line: element 'id': field: message" in err. */
int q6_platform_check_xml(const char *file, const xmlNode *root, const xmlNode *zone, char *err,
                          size_t errlen);

/* Number of pstates (comma-separated speeds) of a host element, >= 1. */
size_t q6_platform_host_pstates(const xmlNode *host);

/* Speed of a checked host's first pstate in flop/s (0 if unreadable). */
double q6_platform_host_speed(const xmlNode *host);

#endif
