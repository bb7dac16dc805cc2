/* Subcommands of the q6sim command. Each returns an exit code
 * (sim/base/exit_codes.h). */
#ifndef Q6_SIM_CLI_H
#define Q6_SIM_CLI_H
#include "sim/base/exit_codes.h"

int q6_cli_run(int argc, char **argv);      /* q6sim run SCENARIO ... */
int q6_cli_plugins(int argc, char **argv);  /* q6sim plugins */
int q6_cli_trace(int argc, char **argv);    /* q6sim trace dump FILE */
int q6_cli_timeline(int argc, char **argv); /* q6sim timeline dump FILE */
int q6_cli_model(int argc, char **argv);    /* q6sim model NAME k=v ... */
int q6_cli_qubo(int argc, char **argv);     /* q6sim qubo solve FILE ... */
int q6_cli_mobility(int argc, char **argv); /* q6sim mobility SOURCE --at T */
int q6_cli_compare(int argc, char **argv);  /* q6sim compare SCENARIO --schedulers a,b */
int q6_cli_sweep(int argc, char **argv);    /* q6sim sweep SPEC */
int q6_cli_collect(int argc, char **argv);  /* q6sim collect DIR */

#endif
