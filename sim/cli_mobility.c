/* Placeholder until the mobility command lands; replaced by its real implementation. */
#include "sim/cli.h"
#include <stdio.h>
int q6_cli_mobility(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "q6sim mobility: not available in this build\n");
    return Q6_EXIT_RUN_FAILURE;
}
