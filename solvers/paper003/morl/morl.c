/* morl (paper 003, Algorithm 1 and section III-A), the learned controller:
 * stage 1, an LSTM predictor P^ steps once per slot on the slot's emission
 * features (p3_slot_features) and forecasts the emission state over its
 * horizon (mean grid factor ahead minus now, fraction of servers in
 * deficit); stage 2, per server, learned Q-heads give each objective's
 * cost-to-go of the battery candidates (Q_S emissions, Q_E battery losses)
 * from the forecast and the server's state (p3_site_features), the local
 * policies q_r ~ exp(-cost_r / rho) are mixed by zeta (eq. 21) and the most
 * probable candidate is applied. The CPU/GPU split uses the same mixture on
 * its one-slot costs (exact Q-functions: a split's effects end with the
 * slot). Trained by python/agents/p3_morl.py (docs/paper003.md); inference
 * is the shared C code of the learning schedulers (solvers/agent/nn.h).
 * plugin_params: weights=PATH plus the keys of the built-in controllers. */
#include "solvers/agent/nn.h"
#include "solvers/paper003/morl/morl.h"
#include "solvers/paper003/p3_controller.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct p3_morl_net {
    q6_weights w;
    q6_lstm lstm;
    q6_mlp readout, qhead;
    const q6_tensor *pred_mean, *pred_scale, *site_mean, *site_scale;
    double *h, *c, *gates, *tmp;
};

static const q6_tensor *vec(const q6_weights *w, const char *name, uint32_t n, char *err, size_t errlen)
{
    uint32_t d[1] = {n};
    return q6_weights_tensor(w, name, 1, d, err, errlen);
}

p3_morl_net *p3_morl_net_load(const char *path, char *err, size_t errlen)
{
    p3_morl_net *n = calloc(1, sizeof *n);
    if (!n) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (q6_weights_load(path, &n->w, err, errlen) < 0) {
        free(n);
        return NULL;
    }
    const char *model = q6_weights_get(&n->w, "model"), *feat = q6_weights_get(&n->w, "features");
    const char *act = q6_weights_get(&n->w, "activation");
    long layers;
    if (!model || strcmp(model, "p3-morl") || !feat || strcmp(feat, "p3-v1")) {
        snprintf(err, errlen, "%s: model %s, features %s: morl needs model p3-morl, features p3-v1", path,
                 model ? model : "(none)", feat ? feat : "(none)");
        goto fail;
    }
    if (!act || (strcmp(act, "relu") && strcmp(act, "tanh"))) {
        snprintf(err, errlen, "%s: activation %s is not relu or tanh", path, act ? act : "(none)");
        goto fail;
    }
    q6_activation a = strcmp(act, "relu") ? Q6_ACT_TANH : Q6_ACT_RELU;
    if (q6_weights_int(&n->w, "layers", 1, 16, &layers, err, errlen) < 0 ||
        q6_lstm_load(&n->w, "lstm", P3_PRED_IN, &n->lstm, err, errlen) < 0 ||
        q6_mlp_load(&n->w, "readout", 1, n->lstm.hidden, a, &n->readout, err, errlen) < 0 ||
        q6_mlp_load(&n->w, "q", (uint32_t)layers, P3_SITE_IN, a, &n->qhead, err, errlen) < 0 ||
        !(n->pred_mean = vec(&n->w, "pred_norm.mean", P3_PRED_IN, err, errlen)) ||
        !(n->pred_scale = vec(&n->w, "pred_norm.scale", P3_PRED_IN, err, errlen)) ||
        !(n->site_mean = vec(&n->w, "site_norm.mean", P3_SITE_IN, err, errlen)) ||
        !(n->site_scale = vec(&n->w, "site_norm.scale", P3_SITE_IN, err, errlen)))
        goto fail;
    if (n->readout.n_out != P3_PRED_OUT || n->qhead.n_out != 2 * P3_N_BATT) {
        snprintf(err, errlen, "%s: the readout has %u outputs (needs %d), the Q-heads %u (needs %d)", path,
                 n->readout.n_out, P3_PRED_OUT, n->qhead.n_out, 2 * P3_N_BATT);
        goto fail;
    }
    uint32_t H = n->lstm.hidden, widest = n->qhead.widest > H ? n->qhead.widest : H;
    n->h = calloc(H, sizeof *n->h);
    n->c = calloc(H, sizeof *n->c);
    n->gates = calloc(4 * (size_t)H, sizeof *n->gates);
    n->tmp = calloc(2 * (size_t)widest, sizeof *n->tmp);
    if (!n->h || !n->c || !n->gates || !n->tmp) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    return n;
fail:
    p3_morl_net_free(n);
    return NULL;
}

void p3_morl_net_free(p3_morl_net *n)
{
    if (!n)
        return;
    free(n->h);
    free(n->c);
    free(n->gates);
    free(n->tmp);
    q6_weights_free(&n->w);
    free(n);
}

void p3_morl_net_step(p3_morl_net *n, const double x[P3_PRED_IN], double pred[P3_PRED_OUT])
{
    double z[P3_PRED_IN];
    for (int i = 0; i < P3_PRED_IN; i++)
        z[i] = (x[i] - n->pred_mean->v[i]) * n->pred_scale->v[i];
    q6_lstm_step(&n->lstm, z, n->h, n->c, n->gates);
    q6_mlp_forward(&n->readout, n->h, pred, n->tmp);
}

void p3_morl_net_costs(p3_morl_net *n, const double site[P3_SITE_IN], double cost[P3_N_OBJ * P3_N_BATT])
{
    double z[P3_SITE_IN], q[2 * P3_N_BATT];
    for (int i = 0; i < P3_SITE_IN; i++)
        z[i] = (site[i] - n->site_mean->v[i]) * n->site_scale->v[i];
    q6_mlp_forward(&n->qhead, z, q, n->tmp);
    for (int i = 0; i < P3_N_BATT; i++) {
        cost[P3_OBJ_S * P3_N_BATT + i] = q[i];
        cost[P3_OBJ_E * P3_N_BATT + i] = q[P3_N_BATT + i];
        cost[P3_OBJ_D * P3_N_BATT + i] = 0.0;
    }
}

static void hook_step(void *ctx, const double x[P3_PRED_IN], double pred[P3_PRED_OUT]) { p3_morl_net_step(ctx, x, pred); }
static void hook_costs(void *ctx, const double s[P3_SITE_IN], double c[P3_N_OBJ * P3_N_BATT]) { p3_morl_net_costs(ctx, s, c); }
static void hook_free(void *ctx) { p3_morl_net_free(ctx); }

/* Splits params into weights=PATH and the rest (the controllers' keys). */
static int morl_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    const char *params = a->params ? a->params : "";
    size_t len = strlen(params);
    char *weights = calloc(len + 1, 1), *rest = calloc(len + 1, 1), *buf = strdup(params);
    int rc = -1;
    if (!weights || !rest || !buf) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        int is_w = !strncmp(kv, "weights=", 8);
        if (is_w && weights[0]) {
            snprintf(err, errlen, "plugin_params: weights= given twice");
            goto out;
        }
        char *dst = is_w ? weights : rest;
        if (!is_w && dst[0])
            strcat(dst, ",");
        strcat(dst, is_w ? kv + 8 : kv);
    }
    if (!weights[0]) {
        snprintf(err, errlen, "plugin_params: morl needs weights=PATH (platforms/paper003/morl.q6w)");
        goto out;
    }
    p3_morl_net *net = p3_morl_net_load(weights, err, errlen);
    if (!net)
        goto out;
    p3_learned l = {net, hook_step, hook_costs, hook_free};
    if (p3_init_learned(rest, &l, state, err, errlen) < 0) {
        p3_morl_net_free(net);
        goto out;
    }
    rc = 0;
out:
    free(weights);
    free(rest);
    free(buf);
    return rc;
}

const q6_scheduler q6_sched_p3_morl = {
    .h = {.table_size = sizeof(q6_scheduler), .abi_version = Q6_ABI_VERSION, .kind = Q6_KIND_SCHEDULER,
          .name = "morl",
          .description = "paper 003 MORL: LSTM emission predictor + learned per-objective Q-heads mixed by zeta "
                         "(eqs. 19-21), run in C (plugin_params weights=PATH)"},
    .init = morl_init, .decide = p3_decide, .finish = p3_finish};
