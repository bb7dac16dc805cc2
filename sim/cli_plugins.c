#include "sim/cli.h"
#include <stdio.h>
int q6_cli_plugins(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "q6sim plugins: not available in this build\n");
    return Q6_EXIT_RUN_FAILURE;
}
