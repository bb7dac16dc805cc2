/* qdrl, sa-qdrl, qdrl-no-lstm, qdrl-no-dt: paper 004's multi-agent quantum
 * DRL and its ablations run in C on weights of python/agents/p4_qdrl.py
 * (model p4-qdrl, docs/weight-format.md; what each variant is in
 * docs/paper004.md). Every slot:
 *   1. the digital twin: per vehicle, the twin state of p4_features.h is
 *      normalised and an LSTM (its state kept per vehicle across slots)
 *      with a linear readout predicts the next slot's (twin lstm); or the
 *      prediction is the current state (twin last); or there is none;
 *   2. per task, [task features, the prediction of its vehicle] is
 *      normalised and encoded as RY angles of a variational circuit
 *      (statevector-simulated, nn.h), whose <Z> readout scores the four
 *      choices; q6_p4_apply turns the best valid ones into decisions.
 *   3. with `ap_agents 1`, the UAV and BS agents: for each task placed at
 *      an AP's server, a second circuit over the AP features of
 *      p4_features.h chooses to compute there or forward to fwd(a)
 *      (compute_ap).
 * The plugin checks that the file's `twin` and `agents` headers are the
 * ones its name promises, so a run never uses another variant's weights. */
#include "sim/base/alloc.h"
#include "solvers/paper004/paper004.h"
#include "solvers/agent/nn.h"
#include "solvers/paper004/p4_features.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { TWIN_NONE, TWIN_LAST, TWIN_LSTM } twin_kind;

typedef struct {
    q6_weights w;
    twin_kind twin;
    uint32_t n, layers, n_in;
    const q6_tensor *tw_mean, *tw_scale, *tro_w, *tro_b;
    q6_lstm lstm;
    const q6_tensor *mean, *scale, *enc_w, *enc_b, *theta, *ro_w, *ro_b;
    double *psi, *gates, angles[16], z[16];
    uint32_t cap_nodes;
    double *h, *c, *pred;            /* per vehicle: LSTM state, prediction */
    size_t cap_tasks;
    double *inputs, *scores;         /* per task of the last slot */
    uint32_t *fixed;                 /* 2 per vehicle, q6_p4_apply's scratch */
    /* UAV and BS agents (ap_agents 1). */
    int ap_agents;
    uint32_t ap_n, ap_layers;
    const q6_tensor *ap_mean, *ap_scale, *ap_enc_w, *ap_enc_b, *ap_theta, *ap_ro_w, *ap_ro_b;
    double *ap_psi;
    uint32_t cap_aps, *fwd;
    double *dist_m, *placed;
    double *ap_inputs, *ap_scores;   /* per task of the last slot (rows of tasks not at a server: 0) */
} qdrl_state;

static const char *const TWIN_NAMES[] = {"none", "last", "lstm"};

static void qdrl_finish(void *state)
{
    qdrl_state *s = state;
    if (!s)
        return;
    q6_weights_free(&s->w);
    free(s->psi);
    free(s->gates);
    free(s->h);
    free(s->c);
    free(s->pred);
    free(s->inputs);
    free(s->scores);
    free(s->fixed);
    free(s->ap_psi);
    free(s->fwd);
    free(s->dist_m);
    free(s->placed);
    free(s->ap_inputs);
    free(s->ap_scores);
    free(s);
}

static int header_is(const q6_weights *w, const char *key, const char *want, const char *plugin, char *err,
                     size_t errlen)
{
    const char *v = q6_weights_get(w, key);
    if (v && !strcmp(v, want))
        return 0;
    snprintf(err, errlen, "%s: header '%s' is '%s', the %s plugin needs '%s'", w->path, key, v ? v : "(missing)",
             plugin, want);
    return -1;
}

static int load(qdrl_state *s, const char *plugin, twin_kind twin, const char *agents, char *err, size_t errlen)
{
    q6_weights *w = &s->w;
    long n, layers;
    if (header_is(w, "model", "p4-qdrl", plugin, err, errlen) || header_is(w, "features", "p4-v1", plugin, err, errlen) ||
        header_is(w, "head", "p4-choices", plugin, err, errlen) ||
        header_is(w, "twin", TWIN_NAMES[twin], plugin, err, errlen) ||
        header_is(w, "agents", agents, plugin, err, errlen) ||
        q6_weights_int(w, "qubits", 1, 16, &n, err, errlen) < 0 ||
        q6_weights_int(w, "layers", 0, 64, &layers, err, errlen) < 0)
        return -1;
    s->twin = twin;
    s->n = (uint32_t)n;
    s->layers = (uint32_t)layers;
    s->n_in = Q6_P4_TASK + (twin != TWIN_NONE ? Q6_P4_TWIN : 0);
    uint32_t tw[1] = {Q6_P4_TWIN}, in[1] = {s->n_in}, ew[2] = {s->n, s->n_in}, eb[1] = {s->n},
             th[2] = {s->layers, s->n}, rw[2] = {Q6_P4_CHOICES, s->n}, rb[1] = {Q6_P4_CHOICES};
    if (twin != TWIN_NONE && (!(s->tw_mean = q6_weights_tensor(w, "twin_norm.mean", 1, tw, err, errlen)) ||
                              !(s->tw_scale = q6_weights_tensor(w, "twin_norm.scale", 1, tw, err, errlen))))
        return -1;
    if (twin == TWIN_LSTM) {
        if (q6_lstm_load(w, "lstm", Q6_P4_TWIN, &s->lstm, err, errlen) < 0)
            return -1;
        uint32_t trw[2] = {Q6_P4_TWIN, s->lstm.hidden};
        if (!(s->tro_w = q6_weights_tensor(w, "twin_readout.weight", 2, trw, err, errlen)) ||
            !(s->tro_b = q6_weights_tensor(w, "twin_readout.bias", 1, tw, err, errlen)))
            return -1;
        if (!(s->gates = malloc(4 * (size_t)s->lstm.hidden * sizeof *s->gates))) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    static const double no_theta = 0.0;
    static const q6_tensor empty = {.name = "theta", .ndim = 2, .v = (double *)&no_theta};
    if (!(s->mean = q6_weights_tensor(w, "norm.mean", 1, in, err, errlen)) ||
        !(s->scale = q6_weights_tensor(w, "norm.scale", 1, in, err, errlen)) ||
        !(s->enc_w = q6_weights_tensor(w, "enc.weight", 2, ew, err, errlen)) ||
        !(s->enc_b = q6_weights_tensor(w, "enc.bias", 1, eb, err, errlen)) ||
        !(s->theta = layers ? q6_weights_tensor(w, "theta", 2, th, err, errlen) : &empty) ||
        !(s->ro_w = q6_weights_tensor(w, "readout.weight", 2, rw, err, errlen)) ||
        !(s->ro_b = q6_weights_tensor(w, "readout.bias", 1, rb, err, errlen)))
        return -1;
    if (!(s->psi = malloc(((size_t)1 << s->n) * sizeof *s->psi))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    long ap_agents = 0, ap_n, ap_layers;
    if (q6_weights_get(w, "ap_agents") && q6_weights_int(w, "ap_agents", 0, 1, &ap_agents, err, errlen) < 0)
        return -1;
    s->ap_agents = (int)ap_agents;
    if (!ap_agents)
        return 0;
    if (q6_weights_int(w, "ap_qubits", 1, 16, &ap_n, err, errlen) < 0 ||
        q6_weights_int(w, "ap_layers", 0, 64, &ap_layers, err, errlen) < 0)
        return -1;
    s->ap_n = (uint32_t)ap_n;
    s->ap_layers = (uint32_t)ap_layers;
    uint32_t af[1] = {Q6_P4_AP}, aew[2] = {s->ap_n, Q6_P4_AP}, aeb[1] = {s->ap_n}, ath[2] = {s->ap_layers, s->ap_n},
             arw[2] = {Q6_P4_AP_CHOICES, s->ap_n}, arb[1] = {Q6_P4_AP_CHOICES};
    if (!(s->ap_mean = q6_weights_tensor(w, "ap_norm.mean", 1, af, err, errlen)) ||
        !(s->ap_scale = q6_weights_tensor(w, "ap_norm.scale", 1, af, err, errlen)) ||
        !(s->ap_enc_w = q6_weights_tensor(w, "ap_enc.weight", 2, aew, err, errlen)) ||
        !(s->ap_enc_b = q6_weights_tensor(w, "ap_enc.bias", 1, aeb, err, errlen)) ||
        !(s->ap_theta = ap_layers ? q6_weights_tensor(w, "ap_theta", 2, ath, err, errlen) : &empty) ||
        !(s->ap_ro_w = q6_weights_tensor(w, "ap_readout.weight", 2, arw, err, errlen)) ||
        !(s->ap_ro_b = q6_weights_tensor(w, "ap_readout.bias", 1, arb, err, errlen)))
        return -1;
    if (!(s->ap_psi = malloc(((size_t)1 << s->ap_n) * sizeof *s->ap_psi))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int qdrl_init(const q6_plugin_init_args *args, void **state, const char *plugin, twin_kind twin,
                     const char *agents, char *err, size_t errlen)
{
    const char *params = args->params ? args->params : "";
    if (strncmp(params, "weights=", 8) || !params[8] || strchr(params, ',')) {
        snprintf(err, errlen, "plugin_params: the %s scheduler takes exactly weights=PATH, got '%s'", plugin, params);
        return -1;
    }
    qdrl_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (q6_weights_load(params + 8, &s->w, err, errlen) < 0) {
        free(s);
        return -1;
    }
    if (load(s, plugin, twin, agents, err, errlen) < 0) {
        qdrl_finish(s);
        return -1;
    }
    *state = s;
    return 0;
}

/* Grows the per-vehicle arrays; new vehicles start from a zero LSTM state. */
static int reserve(qdrl_state *s, const q6_sched_problem *p, char *err, size_t errlen)
{
    uint32_t H = s->twin == TWIN_LSTM ? s->lstm.hidden : 0;
    if (p->n_nodes > s->cap_nodes) {
        uint32_t n = p->n_nodes, old = s->cap_nodes;
        if (q6_resize_array(&s->h, (size_t)n * H + 1, sizeof *s->h) < 0 ||
            q6_resize_array(&s->c, (size_t)n * H + 1, sizeof *s->c) < 0 ||
            q6_resize_array(&s->pred, (size_t)n * Q6_P4_TWIN, sizeof *s->pred) < 0 ||
            q6_resize_array(&s->fixed, 2 * (size_t)n, sizeof *s->fixed) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        memset(s->h + (size_t)old * H, 0, (size_t)(n - old) * H * sizeof *s->h);
        memset(s->c + (size_t)old * H, 0, (size_t)(n - old) * H * sizeof *s->c);
        s->cap_nodes = n;
    }
    size_t nt = p->n_tasks ? p->n_tasks : 1;
    if (nt > s->cap_tasks) {
        if (q6_resize_array(&s->inputs, nt * s->n_in, sizeof *s->inputs) < 0 ||
            q6_resize_array(&s->scores, nt * Q6_P4_CHOICES, sizeof *s->scores) < 0 ||
            q6_resize_array(&s->ap_inputs, nt * Q6_P4_AP, sizeof *s->ap_inputs) < 0 ||
            q6_resize_array(&s->ap_scores, nt * Q6_P4_AP_CHOICES, sizeof *s->ap_scores) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->cap_tasks = nt;
    }
    if (p->n_aps > s->cap_aps) {
        if (q6_resize_array(&s->fwd, p->n_aps, sizeof *s->fwd) < 0 ||
            q6_resize_array(&s->dist_m, p->n_aps, sizeof *s->dist_m) < 0 ||
            q6_resize_array(&s->placed, p->n_aps, sizeof *s->placed) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->cap_aps = p->n_aps;
    }
    return 0;
}

static void twin_step(qdrl_state *s, const q6_sched_problem *p)
{
    uint32_t H = s->twin == TWIN_LSTM ? s->lstm.hidden : 0;
    if (p->slot == 0 && H) {     /* a new episode: the twin starts from zero, as in training */
        memset(s->h, 0, (size_t)s->cap_nodes * H * sizeof *s->h);
        memset(s->c, 0, (size_t)s->cap_nodes * H * sizeof *s->c);
    }
    for (uint32_t v = 0; v < p->n_nodes; v++) {
        double x[Q6_P4_TWIN];
        q6_p4_twin_state(p, v, x);
        for (int i = 0; i < Q6_P4_TWIN; i++)
            x[i] = (x[i] - s->tw_mean->v[i]) * s->tw_scale->v[i];
        double *pred = s->pred + (size_t)v * Q6_P4_TWIN;
        if (s->twin == TWIN_LAST) {
            memcpy(pred, x, sizeof x);
            continue;
        }
        double *h = s->h + (size_t)v * H;
        q6_lstm_step(&s->lstm, x, h, s->c + (size_t)v * H, s->gates);
        for (int i = 0; i < Q6_P4_TWIN; i++) {
            double acc = s->tro_b->v[i];
            for (uint32_t k = 0; k < H; k++)
                acc += s->tro_w->v[(size_t)i * H + k] * h[k];
            pred[i] = acc;
        }
    }
}

int q6_p4_qdrl_forward(void *state, const q6_sched_problem *p, char *err, size_t errlen)
{
    qdrl_state *s = state;
    if (reserve(s, p, err, errlen) < 0)
        return -1;
    if (s->twin != TWIN_NONE)
        twin_step(s, p);
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        double *x = s->inputs + (size_t)t * s->n_in;
        q6_p4_task_features(p, t, x);
        if (s->twin != TWIN_NONE)
            memcpy(x + Q6_P4_TASK, s->pred + (size_t)p->tasks[t].node * Q6_P4_TWIN, Q6_P4_TWIN * sizeof *x);
        for (uint32_t i = 0; i < s->n_in; i++)
            x[i] = (x[i] - s->mean->v[i]) * s->scale->v[i];
        for (uint32_t q = 0; q < s->n; q++) {
            double a = s->enc_b->v[q];
            for (uint32_t k = 0; k < s->n_in; k++)
                a += s->enc_w->v[(size_t)q * s->n_in + k] * x[k];
            s->angles[q] = a;
        }
        q6_vqc_expect_z(s->n, s->layers, s->angles, s->theta->v, s->psi, s->z);
        double *o = s->scores + (size_t)t * Q6_P4_CHOICES;
        for (uint32_t r = 0; r < Q6_P4_CHOICES; r++) {
            double a = s->ro_b->v[r];
            for (uint32_t q = 0; q < s->n; q++)
                a += s->ro_w->v[(size_t)r * s->n + q] * s->z[q];
            o[r] = a;
        }
    }
    return 0;
}

const double *q6_p4_qdrl_prediction(const void *state, uint32_t node)
{
    const qdrl_state *s = state;
    return s->twin != TWIN_NONE && node < s->cap_nodes ? s->pred + (size_t)node * Q6_P4_TWIN : NULL;
}

const double *q6_p4_qdrl_inputs(const void *state, uint32_t *n_in)
{
    const qdrl_state *s = state;
    *n_in = s->n_in;
    return s->inputs;
}

const double *q6_p4_qdrl_scores(const void *state) { return ((const qdrl_state *)state)->scores; }

const double *q6_p4_qdrl_ap(const void *state, const double **scores)
{
    const qdrl_state *s = state;
    *scores = s->ap_agents ? s->ap_scores : NULL;
    return s->ap_agents ? s->ap_inputs : NULL;
}

/* The UAV and BS agents on the tasks d places at a server. */
static void ap_decide(qdrl_state *s, const q6_sched_problem *p, q6_sched_decision *d)
{
    q6_p4_relay_neighbours(p, s->fwd, s->dist_m);
    q6_p4_placed(p, d, s->placed);
    memset(s->ap_inputs, 0, (size_t)p->n_tasks * Q6_P4_AP * sizeof *s->ap_inputs);
    memset(s->ap_scores, 0, (size_t)p->n_tasks * Q6_P4_AP_CHOICES * sizeof *s->ap_scores);
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        q6_sched_task_choice *ch = &d->tasks[t];
        if (p->tasks[t].kind == Q6_TASK_QUANTUM || ch->target != Q6_RUN_AP)
            continue;
        double *x = s->ap_inputs + (size_t)t * Q6_P4_AP, *o = s->ap_scores + (size_t)t * Q6_P4_AP_CHOICES;
        q6_p4_ap_features(p, t, ch->ap, s->fwd, s->dist_m, s->placed, x);
        int can_forward = x[4] > 0;
        for (int i = 0; i < Q6_P4_AP; i++)
            x[i] = (x[i] - s->ap_mean->v[i]) * s->ap_scale->v[i];
        for (uint32_t q = 0; q < s->ap_n; q++) {
            double a = s->ap_enc_b->v[q];
            for (int k = 0; k < Q6_P4_AP; k++)
                a += s->ap_enc_w->v[(size_t)q * Q6_P4_AP + k] * x[k];
            s->angles[q] = a;
        }
        q6_vqc_expect_z(s->ap_n, s->ap_layers, s->angles, s->ap_theta->v, s->ap_psi, s->z);
        for (uint32_t r = 0; r < Q6_P4_AP_CHOICES; r++) {
            double a = s->ap_ro_b->v[r];
            for (uint32_t q = 0; q < s->ap_n; q++)
                a += s->ap_ro_w->v[(size_t)r * s->ap_n + q] * s->z[q];
            o[r] = a;
        }
        ch->compute_ap = can_forward && o[1] > o[0] ? s->fwd[ch->ap] : Q6_SAME_AP;
    }
}

static int qdrl_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    qdrl_state *s = state;
    if (q6_p4_qdrl_forward(s, p, err, errlen) < 0)
        return -1;
    q6_p4_apply(p, s->scores, p->dual_connectivity != 0, s->fixed, d);
    if (s->ap_agents)
        ap_decide(s, p, d);
    return 0;
}

#define P4_QDRL(var, name, twin, agents, desc)                                                        \
    static int var##_init(const q6_plugin_init_args *a, void **st, char *err, size_t n)               \
    {                                                                                                  \
        return qdrl_init(a, st, name, twin, agents, err, n);                                          \
    }                                                                                                  \
    const q6_scheduler var = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, name, desc}, \
                              var##_init, qdrl_decide, qdrl_finish};

P4_QDRL(q6_sched_p4_qdrl, "qdrl", TWIN_LSTM, "multi",
        "paper 004 multi-agent quantum DRL: VQC agents per vehicle, LSTM digital twin, Nash-shaped reward "
        "(weights=PATH)")
P4_QDRL(q6_sched_p4_sa_qdrl, "sa-qdrl", TWIN_LSTM, "single",
        "paper 004 single-agent quantum DRL: qdrl trained as one agent on the slot's joint reward (weights=PATH)")
P4_QDRL(q6_sched_p4_qdrl_no_lstm, "qdrl-no-lstm", TWIN_LAST, "multi",
        "paper 004 qdrl with a last-value twin instead of the LSTM (weights=PATH)")
P4_QDRL(q6_sched_p4_qdrl_no_dt, "qdrl-no-dt", TWIN_NONE, "multi",
        "paper 004 qdrl without the digital twin: no predicted state, no twin-based shaping (weights=PATH)")
