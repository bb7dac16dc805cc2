/* A started plugin: its state and, for an ABI 1/2 plugin, the adapter that
 * turns the ABI-3 problem into the version-2 q6_slot_problem and maps its
 * choices back. The engine calls plugins only through these functions. */
#ifndef Q6_SIM_PLUGIN_RUN_H
#define Q6_SIM_PLUGIN_RUN_H
#include "sim/core/plugins.h"

typedef struct {
    const q6_plugin_ref *ref;
    void *state;
    int started;        /* init ran (finish is due) */
    int owns_state;     /* 0: shares the state of another run (legacy scheduler + matcher) */
    /* Legacy adapter scratch (grown as needed). */
    q6_node_view *nodes;
    q6_ap_view *aps;
    q6_task_view *tasks;
    q6_task_choice *choices;
    size_t cap_nodes, cap_aps, cap_tasks, cap_choices;
} q6_plugin_run;

/* Calls init. `share` (may be NULL): a started run of the same legacy
 * plugin whose state this one uses (as ABI 2 did for decide and match).
 * 0, or -1 with "plugin 'x': <its message>" in err. */
int q6_plugin_start(q6_plugin_run *r, const q6_plugin_ref *ref, const q6_plugin_init_args *a,
                    const q6_plugin_run *share, char *err, size_t errlen);
/* decide() of a scheduler; 0, or non-zero with the plugin's reason in err. */
int q6_plugin_decide(q6_plugin_run *r, const q6_sched_problem *p, q6_sched_decision *d, char *err,
                     size_t errlen);
/* match() of a matcher; 0, or non-zero with the plugin's reason in err. */
int q6_plugin_match(q6_plugin_run *r, const q6_market_problem *p, q6_market_decision *d, char *err,
                    size_t errlen);
/* 1 when the plugin reads the channel from the reach lists only (an ABI-3
 * scheduler whose header sets Q6_PLUGIN_REACH_LISTS): the engine then
 * hands it no dense per-pair arrays. */
int q6_plugin_reads_lists(const q6_plugin_run *r);
/* Calls finish (once, by the run that owns the state) and frees the scratch. */
void q6_plugin_stop(q6_plugin_run *r);

#endif
