#include "traces/mobility/ns2_scan.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int q6_ns2_count_nodes(const char *path, size_t *n_nodes, char *err, size_t errlen)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path ? path : "(null)", strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, n = 0;
    while (getline(&line, &cap, f) >= 0) {
        const char *p = strstr(line, "$node_(");
        if (!p)
            continue;
        char *end;
        unsigned long id = strtoul(p + 7, &end, 10);
        if (end != p + 7 && *end == ')' && id + 1 > n)
            n = id + 1;
    }
    free(line);
    fclose(f);
    *n_nodes = n;
    return 0;
}
