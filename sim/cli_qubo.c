/* Placeholder until the qubo command lands; replaced by its real implementation. */
#include "sim/cli.h"
#include <stdio.h>
int q6_cli_qubo(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "q6sim qubo: not available in this build\n");
    return Q6_EXIT_RUN_FAILURE;
}
