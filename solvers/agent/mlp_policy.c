/* mlp-policy: a feed-forward network over each task's features
 * (policy_features.h), as exported from python/agents (DQN Q-network, PPO or
 * DDPG actor, preference-conditioned agent with its preference fixed).
 * Weight file: model mlp, layers L, tensors mlp0.weight [h0, 11] ...
 * mlp{L-1}.weight [3 or 4, h]. */
#include "solvers/agent/agent.h"
#include "solvers/agent/policy.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    q6_mlp net;
    double *tmp;
} mlp_model;

static int mlp_outputs(q6_policy *pol, const q6_sched_problem *p, double *out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    mlp_model *m = pol->model;
    double x[Q6_TASK_FEATURES];
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        q6_policy_task_input(pol, p, t, x);
        q6_mlp_forward(&m->net, x, out + (size_t)t * pol->n_out, m->tmp);
    }
    return 0;
}

static void mlp_free(q6_policy *pol)
{
    mlp_model *m = pol->model;
    if (m)
        free(m->tmp);
    free(m);
}

int q6_mlp_policy_load(q6_policy *pol, char *err, size_t errlen)
{
    long layers;
    if (q6_weights_int(&pol->w, "layers", 1, 16, &layers, err, errlen) < 0)
        return -1;
    mlp_model *m = calloc(1, sizeof *m);
    pol->model = m;
    pol->free_model = mlp_free;
    pol->outputs = mlp_outputs;
    if (!m || q6_mlp_load(&pol->w, "mlp", (uint32_t)layers, Q6_TASK_FEATURES, pol->act, &m->net, err, errlen) < 0)
        return -1;
    if (m->net.n_out != pol->n_out) {
        snprintf(err, errlen, "%s: the last layer has %u outputs, head needs %u", pol->w.path, m->net.n_out,
                 pol->n_out);
        return -1;
    }
    m->tmp = malloc(2 * m->net.widest * sizeof *m->tmp);
    return m->tmp ? 0 : -1;
}

static int mlp_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    return q6_policy_init(a, "mlp", q6_mlp_policy_load, state, err, errlen);
}

const q6_scheduler q6_sched_mlp_policy = {
    .h = {.table_size = sizeof(q6_scheduler), .abi_version = Q6_ABI_VERSION, .kind = Q6_KIND_SCHEDULER,
          .name = "mlp-policy", .description = "trained feed-forward policy run in C (plugin_params weights=PATH)"},
    .init = mlp_init, .decide = q6_policy_decide, .finish = q6_policy_finish};
