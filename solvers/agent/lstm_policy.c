/* lstm-policy: an LSTM runs once per slot over the slot features
 * (policy_features.h, slot-v1) and keeps its state between slots -- a learned
 * summary of the recent past, as the LSTM predictor of paper 003 -- and a
 * feed-forward head scores each task from [task features, h].
 * Weight file: model lstm, layers L (of the head), tensors lstm.weight_ih
 * [4H, 6], lstm.weight_hh [4H, H], lstm.bias_ih, lstm.bias_hh [4H],
 * head0.weight [h0, 11 + H] ... ; optional slot_norm.mean/scale [6]. */
#include "solvers/agent/agent.h"
#include "solvers/agent/policy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    q6_lstm lstm;
    q6_mlp head;
    const q6_tensor *slot_mean, *slot_scale;
    double *h, *c, *gates, *x, *tmp;
} lstm_model;

static int lstm_outputs(q6_policy *pol, const q6_sched_problem *p, double *out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    lstm_model *m = pol->model;
    double s[Q6_SLOT_FEATURES];
    q6_slot_features(p, s);
    if (m->slot_mean)
        for (int i = 0; i < Q6_SLOT_FEATURES; i++)
            s[i] = (s[i] - m->slot_mean->v[i]) * m->slot_scale->v[i];
    q6_lstm_step(&m->lstm, s, m->h, m->c, m->gates);
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        q6_policy_task_input(pol, p, t, m->x);
        memcpy(m->x + Q6_TASK_FEATURES, m->h, m->lstm.hidden * sizeof *m->h);
        q6_mlp_forward(&m->head, m->x, out + (size_t)t * pol->n_out, m->tmp);
    }
    return 0;
}

static void lstm_free(q6_policy *pol)
{
    lstm_model *m = pol->model;
    if (m) {
        free(m->h);
        free(m->c);
        free(m->gates);
        free(m->x);
        free(m->tmp);
    }
    free(m);
}

int q6_lstm_policy_load(q6_policy *pol, char *err, size_t errlen)
{
    long layers;
    if (q6_weights_int(&pol->w, "layers", 1, 16, &layers, err, errlen) < 0)
        return -1;
    lstm_model *m = calloc(1, sizeof *m);
    pol->model = m;
    pol->free_model = lstm_free;
    pol->outputs = lstm_outputs;
    if (!m || q6_lstm_load(&pol->w, "lstm", Q6_SLOT_FEATURES, &m->lstm, err, errlen) < 0)
        return -1;
    uint32_t H = m->lstm.hidden;
    if (q6_mlp_load(&pol->w, "head", (uint32_t)layers, Q6_TASK_FEATURES + H, pol->act, &m->head, err, errlen) < 0)
        return -1;
    if (m->head.n_out != pol->n_out) {
        snprintf(err, errlen, "%s: the head has %u outputs, head needs %u", pol->w.path, m->head.n_out, pol->n_out);
        return -1;
    }
    uint32_t sd[1] = {Q6_SLOT_FEATURES};
    int has = q6_weights_has(&pol->w, "slot_norm.mean") + q6_weights_has(&pol->w, "slot_norm.scale");
    if (has == 1) {
        snprintf(err, errlen, "%s: slot_norm.mean and slot_norm.scale come together", pol->w.path);
        return -1;
    }
    if (has == 2 && (!(m->slot_mean = q6_weights_tensor(&pol->w, "slot_norm.mean", 1, sd, err, errlen)) ||
                     !(m->slot_scale = q6_weights_tensor(&pol->w, "slot_norm.scale", 1, sd, err, errlen))))
        return -1;
    m->h = calloc(H, sizeof *m->h);
    m->c = calloc(H, sizeof *m->c);
    m->gates = calloc(4 * (size_t)H, sizeof *m->gates);
    m->x = calloc(Q6_TASK_FEATURES + H, sizeof *m->x);
    m->tmp = calloc(2 * (size_t)m->head.widest, sizeof *m->tmp);
    if (!m->h || !m->c || !m->gates || !m->x || !m->tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int lstm_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    return q6_policy_init(a, "lstm", q6_lstm_policy_load, state, err, errlen);
}

const q6_scheduler q6_sched_lstm_policy = {
    .h = {.table_size = sizeof(q6_scheduler), .abi_version = Q6_ABI_VERSION, .kind = Q6_KIND_SCHEDULER,
          .name = "lstm-policy",
          .description = "trained LSTM + feed-forward policy run in C (plugin_params weights=PATH)"},
    .init = lstm_init, .decide = q6_policy_decide, .finish = q6_policy_finish};
