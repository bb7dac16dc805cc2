/* q6sim plugins [--plugin PATH]... */
#include "sim/cli/cli.h"
#include "sim/core/plugins.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int q6_cli_plugins(int argc, char **argv)
{
    static const struct option opts[] = {{"plugin", required_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c, rc = Q6_EXIT_OK;
    char err[1024];
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: q6sim plugins [--plugin PATH]...\n\n"
                   "Lists the scheduler plugins: built-in ones and those loaded with --plugin.\n"
                   "Plugin ABI version: %u (solvers/plugin.h).\n", Q6_PLUGIN_ABI_VERSION);
            q6_plugins_unload();
            return Q6_EXIT_OK;
        }
        if (c != 'p' || !q6_plugins_load(optarg, err, sizeof err)) {
            if (c == 'p')
                fprintf(stderr, "q6sim plugins: %s\n", err);
            rc = Q6_EXIT_BAD_INPUT;
            break;
        }
    }
    if (rc == Q6_EXIT_OK && optind != argc) {
        fprintf(stderr, "q6sim plugins: unexpected argument '%s'\n", argv[optind]);
        rc = Q6_EXIT_BAD_INPUT;
    }
    if (rc == Q6_EXIT_OK) {
        /* "market": the plugin can match energy trades (ABI 2 `match`). */
        printf("%-16s %-10s %-6s %s\n", "name", "origin", "market", "description");
        const char *origin;
        for (size_t i = 0; q6_plugins_at(i, &origin); i++) {
            const q6_plugin *p = q6_plugins_at(i, &origin);
            printf("%-16s %-10s %-6s %s\n", p->name, origin, q6_plugin_match(p) ? "yes" : "no",
                   p->description ? p->description : "");
        }
    }
    q6_plugins_unload();
    return rc;
}
