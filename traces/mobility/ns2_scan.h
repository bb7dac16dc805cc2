/* Sizing an ns-2 mobility replay before creating it. */
#ifndef Q6_TRACES_NS2_SCAN_H
#define Q6_TRACES_NS2_SCAN_H
#include <stddef.h>

/* Number of node slots the file needs (largest $node_(I) index + 1).
 * 0, or -1 with "file: reason" in err. */
int q6_ns2_count_nodes(const char *path, size_t *n_nodes, char *err, size_t errlen);

#endif
