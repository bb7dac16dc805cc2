/* What the three C policy schedulers (mlp-policy, lstm-policy, vqc-policy)
 * share: plugin_params weights=PATH, the weight file's common header
 * (model, features, head, activation, optional input normalisation), the
 * per-task loop and the output mapping of policy_features.h. Each model file
 * supplies a loader and a forward pass. */
#ifndef Q6_SOLVERS_AGENT_POLICY_H
#define Q6_SOLVERS_AGENT_POLICY_H
#include "solvers/agent/policy_features.h"
#include "solvers/agent/nn.h"

typedef struct q6_policy q6_policy;
struct q6_policy {
    q6_weights w;
    uint32_t n_out;               /* 3 discrete, 4 hybrid, 1 fraction (meqc-drl actor) */
    q6_activation act;
    const q6_tensor *mean, *scale; /* optional: x' = (x - mean) * scale on task features */
    /* Outputs for every task of p into out (n_tasks * n_out), row by task. */
    int (*outputs)(q6_policy *pol, const q6_sched_problem *p, double *out, char *err, size_t errlen);
    void (*free_model)(q6_policy *pol);
    void *model;
    double *out;                  /* grown per slot */
    size_t out_cap;
};

typedef int (*q6_policy_loader)(q6_policy *pol, char *err, size_t errlen);

/* Parses weights=PATH, loads the file, checks `model` equals model, reads
 * the common header and calls load. */
int q6_policy_init(const q6_plugin_init_args *args, const char *model, q6_policy_loader load, void **state,
                   char *err, size_t errlen);
int q6_policy_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen);
void q6_policy_finish(void *state);
/* The raw outputs (n_tasks * n_out, valid until the next call), for tests
 * and for decide. NULL with the reason in err. */
const double *q6_policy_outputs(void *state, const q6_sched_problem *p, uint32_t *n_out, char *err, size_t errlen);
/* Normalised task features of task t. */
void q6_policy_task_input(const q6_policy *pol, const q6_sched_problem *p, uint32_t t, double x[Q6_TASK_FEATURES]);

int q6_mlp_policy_load(q6_policy *pol, char *err, size_t errlen);
int q6_lstm_policy_load(q6_policy *pol, char *err, size_t errlen);
int q6_vqc_policy_load(q6_policy *pol, char *err, size_t errlen);

#endif
