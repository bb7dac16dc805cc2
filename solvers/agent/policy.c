/* Shared part of the C policy schedulers (see policy.h). */
#include "solvers/agent/policy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int q6_policy_init(const q6_plugin_init_args *args, const char *model, q6_policy_loader load, void **state,
                   char *err, size_t errlen)
{
    const char *params = args->params ? args->params : "";
    if (strncmp(params, "weights=", 8) || !params[8] || strchr(params, ',')) {
        snprintf(err, errlen, "plugin_params: the %s-policy scheduler takes exactly weights=PATH, got '%s'", model,
                 params);
        return -1;
    }
    q6_policy *pol = calloc(1, sizeof *pol);
    if (!pol) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (q6_weights_load(params + 8, &pol->w, err, errlen) < 0) {
        free(pol);
        return -1;
    }
    const char *m = q6_weights_get(&pol->w, "model"), *feat = q6_weights_get(&pol->w, "features"),
               *head = q6_weights_get(&pol->w, "head"), *act = q6_weights_get(&pol->w, "activation");
    const char *want_feat = strcmp(model, "lstm") ? "task-v1" : "task-v1+slot-v1";
    if (!m || strcmp(m, model))
        snprintf(err, errlen, "%s: header 'model' is '%s', the %s-policy scheduler needs '%s'", pol->w.path,
                 m ? m : "(missing)", model, model);
    else if (!feat || strcmp(feat, want_feat))
        snprintf(err, errlen, "%s: header 'features' is '%s', this q6sim computes '%s'", pol->w.path,
                 feat ? feat : "(missing)", want_feat);
    else if (!head || (strcmp(head, "discrete") && strcmp(head, "hybrid") && strcmp(head, "fraction")))
        snprintf(err, errlen, "%s: header 'head' must be discrete, hybrid or fraction, got '%s'", pol->w.path,
                 head ? head : "(missing)");
    else if (act && strcmp(act, "relu") && strcmp(act, "tanh"))
        snprintf(err, errlen, "%s: header 'activation' must be relu or tanh, got '%s'", pol->w.path, act);
    else
        err[0] = 0;
    if (!err[0]) {
        pol->n_out = !strcmp(head, "hybrid") ? 4 : !strcmp(head, "fraction") ? 1 : 3;
        pol->act = act && !strcmp(act, "tanh") ? Q6_ACT_TANH : Q6_ACT_RELU;
        uint32_t fd[1] = {Q6_TASK_FEATURES};
        /* Optional, but when present it must fit. */
        int has = q6_weights_has(&pol->w, "norm.mean") + q6_weights_has(&pol->w, "norm.scale");
        if (has == 1)
            snprintf(err, errlen, "%s: norm.mean and norm.scale (%u values each) come together", pol->w.path,
                     Q6_TASK_FEATURES);
        else if (has == 2 && (!(pol->mean = q6_weights_tensor(&pol->w, "norm.mean", 1, fd, err, errlen)) ||
                              !(pol->scale = q6_weights_tensor(&pol->w, "norm.scale", 1, fd, err, errlen))))
            pol->mean = pol->scale = NULL;
    }
    if (err[0] || load(pol, err, errlen) < 0) {
        q6_policy_finish(pol);
        return -1;
    }
    *state = pol;
    return 0;
}

void q6_policy_task_input(const q6_policy *pol, const q6_sched_problem *p, uint32_t t, double x[Q6_TASK_FEATURES])
{
    q6_task_features(p, t, x);
    if (pol->mean)
        for (int i = 0; i < Q6_TASK_FEATURES; i++)
            x[i] = (x[i] - pol->mean->v[i]) * pol->scale->v[i];
}

const double *q6_policy_outputs(void *state, const q6_sched_problem *p, uint32_t *n_out, char *err, size_t errlen)
{
    q6_policy *pol = state;
    /* At least one element: a slot without tasks must still get a buffer,
     * or NULL would read as a failure (a run stopped at its first empty
     * slot with "decide returned -1 without a message"). */
    size_t need = (size_t)p->n_tasks * pol->n_out;
    if (need == 0)
        need = 1;
    if (need > pol->out_cap) {
        double *o = realloc(pol->out, need * sizeof *o);
        if (!o) {
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        pol->out = o;
        pol->out_cap = need;
    }
    if (pol->outputs(pol, p, pol->out, err, errlen) < 0)
        return NULL;
    *n_out = pol->n_out;
    return pol->out;
}

int q6_policy_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    uint32_t n_out;
    const double *out = q6_policy_outputs(state, p, &n_out, err, errlen);
    if (!out)
        return -1;
    /* A fraction head (meqc-drl's actor, docs/paper001.md) has no choice scores. */
    if (n_out < 3) {
        q6_policy *pol = state;
        snprintf(err, errlen, "%s: head 'fraction' is meqc-drl's fraction actor; a policy needs discrete or hybrid",
                 pol->w.path);
        return -1;
    }
    for (uint32_t t = 0; t < p->n_tasks; t++)
        q6_policy_apply(p, t, out + (size_t)t * n_out, n_out, d);
    return 0;
}

void q6_policy_finish(void *state)
{
    q6_policy *pol = state;
    if (!pol)
        return;
    if (pol->free_model)
        pol->free_model(pol);
    q6_weights_free(&pol->w);
    free(pol->out);
    free(pol);
}
