/* Runs the `q6sim model` subcommand on its own so its tests need neither
 * the engine nor the other subcommands: `driver model ARGS...`. */
#include "sim/cli/cli.h"

int main(int argc, char **argv)
{
    return argc < 2 ? Q6_EXIT_BAD_INPUT : q6_cli_model(argc - 1, argv + 1);
}
