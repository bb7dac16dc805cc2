/* meqc-drl (paper 001, sec. V): the Lyapunov drift-plus-penalty outer loop
 * around two trained networks, run by the shared C inference
 * (solvers/agent/policy.h): a DQN scoring each classical task's modes
 * (local, whole task to the cloud CPU, partial; discrete head) and a DDPG
 * actor giving the offloaded fraction of a partial task (fraction head).
 * Both were trained by agents.meqc on the penalty alone (reward: minus the
 * task's WSET with the drop penalty), so the outer loop adds the drift of
 * eq. (18) exactly with the device's virtual queue Q_i (eq. 13,
 * solvers/paper001/devq.h): mode = argmax V score + Q_i 1{offloads}.
 * Offloaded work goes to the cloud through the node's policy AP with the
 * server's fair CPU sharing, as in training (q6env); circuits keep their
 * QPU preset (Q1) and are routed through the node's AP.
 * plugin_params: weights=DQN.q6w,actor=ACTOR.q6w; other keys (those of the
 * paper-001 WSET model, which the other paper-001 schedulers read) are
 * accepted and unused, so one plugin_params serves a whole comparison. */
#include "solvers/meqc/meqc.h"
#include "solvers/agent/policy.h"
#include "solvers/paper001/devq.h"
#include "solvers/paper001/wset.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    void *dqn, *actor;
    q6_p001_devq devq;
} meqc_state;

double q6_meqc_choose(const double scores[3], double fraction_logit, int can_offload, double v, double q,
                      q6_meqc_mode *mode)
{
    int best = 0;
    double best_obj = v * scores[0] + 0.0 * q;
    for (int m = 1; can_offload && m < 3; m++) {
        double obj = v * scores[m] + 1.0 * q;
        if (obj > best_obj)
            best = m, best_obj = obj;
    }
    *mode = (q6_meqc_mode)best;
    return best == Q6_MEQC_LOCAL ? 0.0 : best == Q6_MEQC_CPU ? 1.0 : 1.0 / (1.0 + exp(-fraction_logit));
}

/* Loads one network given as KEY=PATH, checking its head's output count. */
static int load_net(const char *key, const char *path, uint32_t want_out, void **net, char *err, size_t errlen)
{
    char *arg = malloc(strlen(path) + 9);
    if (!arg) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    sprintf(arg, "weights=%s", path);
    q6_plugin_init_args pa = {0, arg};
    int rc = q6_policy_init(&pa, "mlp", q6_mlp_policy_load, net, err, errlen);
    free(arg);
    if (rc == 0 && ((q6_policy *)*net)->n_out != want_out) {
        snprintf(err, errlen, "plugin_params: %s=%s has %u outputs; meqc-drl needs %u (%s head)", key, path,
                 ((q6_policy *)*net)->n_out, want_out, want_out == 3 ? "discrete" : "fraction");
        return -1;
    }
    return rc;
}

static void meqc_finish(void *state)
{
    meqc_state *s = state;
    if (!s)
        return;
    q6_policy_finish(s->dqn);
    q6_policy_finish(s->actor);
    q6_p001_devq_free(&s->devq);
    free(s);
}

static int meqc_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    const char *params = a->params ? a->params : "";
    char *buf = strdup(params), *rest = calloc(strlen(params) + 1, 1);
    meqc_state *s = calloc(1, sizeof *s);
    const char *dqn = NULL, *actor = NULL;
    int rc = -1;
    if (!buf || !rest || !s) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        const char **dst = !strncmp(kv, "weights=", 8) ? &dqn : !strncmp(kv, "actor=", 6) ? &actor : NULL;
        if (!dst) {
            if (rest[0])
                strcat(rest, ",");
            strcat(rest, kv);
        } else if (*dst) {
            snprintf(err, errlen, "plugin_params: %.*s= given twice", (int)(strchr(kv, '=') - kv), kv);
            goto out;
        } else {
            *dst = strchr(kv, '=') + 1;
        }
    }
    if (!dqn || !*dqn || !actor || !*actor) {
        snprintf(err, errlen, "plugin_params: meqc-drl needs weights=DQN and actor=ACTOR (e.g. "
                              "weights=platforms/paper001/meqc-drl-dqn.q6w,actor=platforms/paper001/meqc-drl-ddpg.q6w)");
        goto out;
    }
    q6_p001_params unused;
    if (q6_p001_parse(rest, &unused, err, errlen) < 0 || load_net("weights", dqn, 3, &s->dqn, err, errlen) < 0 ||
        load_net("actor", actor, 1, &s->actor, err, errlen) < 0)
        goto out;
    *state = s;
    s = NULL;
    rc = 0;
out:
    meqc_finish(s);
    free(buf);
    free(rest);
    return rc;
}

static int meqc_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    meqc_state *s = state;
    if (q6_p001_devq_fit(&s->devq, p->n_nodes) < 0) {
        snprintf(err, errlen, "out of memory for %u nodes", p->n_nodes);
        return -1;
    }
    uint32_t n_scores = 0, n_logit = 0;
    const double *scores = q6_policy_outputs(s->dqn, p, &n_scores, err, errlen);
    if (!scores && p->n_tasks)
        return -1;
    const double *logits = q6_policy_outputs(s->actor, p, &n_logit, err, errlen);
    if (!logits && p->n_tasks)
        return -1;
    double v = p->lyapunov_v > 0 ? p->lyapunov_v : 1.0;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue;
        uint32_t a = q6_policy_ap(p, task->node);
        q6_meqc_mode mode;
        double x = q6_meqc_choose(scores + (size_t)t * n_scores, logits[t], a != UINT32_MAX, v,
                                  q6_p001_devq_get(&s->devq, task->node), &mode);
        q6_sched_task_choice *ch = &d->tasks[t];
        if (mode == Q6_MEQC_LOCAL) {
            ch->target = Q6_RUN_LOCAL;
            continue;
        }
        ch->target = Q6_RUN_CLOUD;
        ch->ap = a;
        ch->offload_fraction = x;
    }
    q6_sched_route_quantum(p, d);
    q6_p001_devq_update(&s->devq, p, d);
    return 0;
}

const q6_scheduler q6_sched_meqc_drl = {
    {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "meqc-drl",
     "paper 001 proposed: Lyapunov outer loop, DQN mode + DDPG fraction (weights=DQN.q6w,actor=ACTOR.q6w)"},
    meqc_init, meqc_decide, meqc_finish};
