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
                   "Lists the plugins: schedulers (per-slot offloading and resource allocation)\n"
                   "and matchers (the energy market), built in or loaded with --plugin.\n"
                   "Plugin ABI version: %u (solvers/abi/); ABI %u and %u plugins still load.\n",
                   Q6_ABI_VERSION, Q6_PLUGIN_ABI_MIN_VERSION, Q6_PLUGIN_ABI_VERSION);
            q6_plugins_unload();
            return Q6_EXIT_OK;
        }
        if (c != 'p' || q6_plugins_load(optarg, err, sizeof err) < 0) {
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
        /* The name column is as wide as the longest name, so the table
         * stays aligned for any loaded plugin. */
        const q6_plugin_ref *r;
        int width = 4;
        for (size_t i = 0; (r = q6_plugins_at(i)); i++)
            if ((int)strlen(r->name) > width)
                width = (int)strlen(r->name);
        printf("%-*s %-10s %-4s %-10s %s\n", width, "name", "kind", "abi", "origin", "description");
        for (size_t i = 0; (r = q6_plugins_at(i)); i++)
            printf("%-*s %-10s %-4u %-10s %s\n", width, r->name,
                   r->kind == Q6_KIND_SCHEDULER ? "scheduler" : "matcher", r->abi_version, r->origin,
                   r->description ? r->description : "");
    }
    q6_plugins_unload();
    return rc;
}
