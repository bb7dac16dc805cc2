/* Built-in offloading optimisers beyond the baselines. */
#ifndef Q6_SOLVERS_OFFLOAD_H
#define Q6_SOLVERS_OFFLOAD_H
#include "solvers/plugin.h"

extern const q6_plugin q6_plugin_qubo_offload;

#endif
