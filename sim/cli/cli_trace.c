/* q6sim trace dump FILE [--format csv|jsonl] */
#include "sim/cli/cli.h"
#include "traces/events/trace_io.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: q6sim trace dump FILE [--format csv|jsonl]\n\n"
               "Converts a trace.pb file (length-delimited q6.trace.Record messages, schema\n"
               "traces/events/trace.proto, version %u) to CSV (default) or JSON lines on stdout.\n"
               "Columns: time_s,kind,slot,task,node,ap,host,value,detail.\n",
            Q6_TRACE_SCHEMA_VERSION);
}

int q6_cli_trace(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c, jsonl = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return Q6_EXIT_OK;
        }
        if (c != 'f') {
            usage(stderr);
            return Q6_EXIT_BAD_INPUT;
        }
        if (!strcmp(optarg, "jsonl"))
            jsonl = 1;
        else if (strcmp(optarg, "csv")) {
            fprintf(stderr, "q6sim trace: --format: unknown format '%s' (csv or jsonl)\n", optarg);
            return Q6_EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "dump")) {
        usage(stderr);
        return Q6_EXIT_BAD_INPUT;
    }
    char err[1024];
    if (q6_trace_dump(argv[optind + 1], stdout, jsonl, err, sizeof err) < 0) {
        fflush(stdout);
        fprintf(stderr, "q6sim trace: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    return Q6_EXIT_OK;
}
