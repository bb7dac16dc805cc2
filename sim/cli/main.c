/* q6sim: command dispatcher. */
#include "sim/cli/cli.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"run", q6_cli_run, "run one scenario with one scheduler and write outputs"},
    {"plugins", q6_cli_plugins, "list built-in and loaded scheduler plugins"},
    {"trace", q6_cli_trace, "convert a trace.pb file (trace dump FILE --format csv|jsonl)"},
    {"timeline", q6_cli_timeline, "print a recorded timeline (timeline dump FILE --format csv|jsonl)"},
    {"model", q6_cli_model, "evaluate a physical model and print JSON (model --list)"},
    {"qubo", q6_cli_qubo, "solve a QUBO file with a sampler and print JSON"},
    {"mobility", q6_cli_mobility, "print node positions of a mobility source at a time"},
    {"compare", q6_cli_compare, "run schedulers on identical timelines; means, 95% CIs, plots"},
    {"sweep", q6_cli_sweep, "run a parameter grid x seeds x schedulers locally or on Slurm"},
    {"collect", q6_cli_collect, "merge the results of a sweep folder into one CSV table"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim COMMAND [ARGS...]\n"
            "\n"
            "Discrete-event simulator for quantum-assisted 6G edge computing.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\n"
            "'q6sim COMMAND --help' describes each command.\n"
            "exit codes: 0 success, 1 the run failed, 2 bad input\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return Q6_EXIT_BAD_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return Q6_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("q6sim %s\n", Q6_VERSION);
        return Q6_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "q6sim: unknown command '%s' (see q6sim --help)\n", argv[1]);
    return Q6_EXIT_BAD_INPUT;
}
