/* WSET of one task per mode (paper 001 eqs. 1-7 and 11 as reconstructed in
 * docs/paper001.md). The predictions follow what the engine executes:
 * local DVFS energy kappa f^2 C, Shannon uplink, the cloud part at the
 * task's CPU share, the result back at the uplink rate, the QPU model of
 * models/quantum_gate.h with the view's error figures. */
#include "solvers/paper001/wset.h"
#include "models/quantum_gate.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

q6_p001_params q6_p001_defaults(void)
{
    /* kappa: the scenario default (energy.vehicle_kappa); cloud: the
     * paper001 platform's cloud, (600 - 400) W over 200 Gf; fibre: its
     * AP-cloud route (0.5 ms + 2 ms); x on a 5 % grid. */
    return (q6_p001_params){.kappa = 1e-28, .cloud_j_per_flop = 1e-9, .wired_s = 2.5e-3,
                            .fraction_step = 0.05};
}

int q6_p001_parse(const char *params, q6_p001_params *out, char *err, size_t errlen)
{
    *out = q6_p001_defaults();
    if (!params || !*params)
        return 0;
    char *buf = strdup(params);
    if (!buf) {
        snprintf(err, errlen, "plugin_params: out of memory");
        return -1;
    }
    int rc = 0;
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv && rc == 0; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, errlen, "plugin_params: '%s' is not key=value", kv);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *end = NULL;
        errno = 0;
        double v = strtod(eq + 1, &end);
        int ok = end != eq + 1 && *end == '\0' && errno == 0 && isfinite(v);
        double *dst = NULL, lo = 0, hi = 0;
        if (!strcmp(kv, "kappa"))
            dst = &out->kappa, lo = 0, hi = 1e-20;
        else if (!strcmp(kv, "cloud_j_per_flop"))
            dst = &out->cloud_j_per_flop, lo = 0, hi = 1e-3;
        else if (!strcmp(kv, "wired_s"))
            dst = &out->wired_s, lo = 0, hi = 10;
        else if (!strcmp(kv, "fraction_step"))
            dst = &out->fraction_step, lo = 1e-3, hi = 1;
        if (!dst) {
            snprintf(err, errlen, "plugin_params: unknown key '%s' (kappa, cloud_j_per_flop, wired_s, fraction_step)", kv);
            rc = -1;
        } else if (!ok || v < lo || v > hi) {
            snprintf(err, errlen, "plugin_params: %s=%s is not a number in [%g, %g]", kv, eq + 1, lo, hi);
            rc = -1;
        } else {
            *dst = v;
        }
    }
    free(buf);
    return rc;
}

static q6_wset finish(const q6_sched_problem *p, double delay_s, double energy_j)
{
    return (q6_wset){delay_s, energy_j, p->weight_latency * delay_s + p->weight_energy * energy_j};
}

q6_wset q6_p001_classical(const q6_sched_problem *p, const q6_p001_params *par, const q6_sched_task *t,
                          const q6_p001_link *l, double x)
{
    const q6_sched_node *n = &p->nodes[t->node];
    double f = n->cpu_flops;
    /* Local part (eq. 1): after the node's queued work, DVFS energy. */
    double local_s = x < 1 ? n->backlog_s + l->slot_local_s + (1 - x) * t->work_flops / f : 0.0;
    double energy = par->kappa * f * f * (1 - x) * t->work_flops;
    double remote_s = 0.0;
    if (x > 0) {
        /* Eq. 3: T1 upload, T2 cloud compute at the share, T3 result back. */
        /* The upload waits for the node's bytes still queued for upload. */
        double up_s = l->rate_bps > 0 ? 8.0 * (n->backlog_bytes + l->slot_bytes + x * t->input_bytes) / l->rate_bps : INFINITY;
        double down_s = l->rate_bps > 0 ? 8.0 * x * t->output_bytes / l->rate_bps : INFINITY;
        double cpu_s = x * t->work_flops / l->cloud_share_flops;
        remote_s = up_s + par->wired_s + cpu_s + par->wired_s + down_s;
        /* Eq. 4 and the radio: upload energy plus the cloud's marginal energy. */
        double own_up_s = l->rate_bps > 0 ? 8.0 * x * t->input_bytes / l->rate_bps : INFINITY;
        energy += l->tx_power_w * own_up_s + par->cloud_j_per_flop * x * t->work_flops;
    }
    /* Partial mode: both parts run in parallel; done when both are. */
    return finish(p, fmax(local_s, remote_s), energy);
}

int q6_p001_quantum(const q6_sched_problem *p, const q6_p001_params *par, const q6_sched_task *t,
                    const q6_p001_link *l, uint32_t qpu, q6_wset *out)
{
    if (qpu >= p->n_qpus || t->kind != Q6_TASK_QUANTUM)
        return -1;
    const q6_sched_qpu *v = &p->qpus[qpu];
    q6_qpu_params m = q6_qpu_defaults(); /* gate times and energies: the view omits them */
    m.logical_qubits = t->circuit.logical_qubits;
    m.depth_steps = t->circuit.depth_steps;
    m.gates_1q_per_step = t->circuit.gates_1q_per_step;
    m.gates_2q_per_step = t->circuit.gates_2q_per_step;
    m.meas_per_step = t->circuit.meas_per_step;
    m.physical_error = v->physical_error;
    m.threshold_error = v->threshold_error;
    m.qec_level = v->qec_level;
    m.code_block_size = v->code_block_size;
    /* Error locations: the circuit's logical operations (docs/quantum.md). */
    m.error_locations = m.logical_qubits * m.depth_steps *
                        (m.gates_1q_per_step + m.gates_2q_per_step + m.meas_per_step);
    q6_qpu_result r;
    if (q6_qpu_evaluate(&m, &r, NULL) < 0 || !q6_qpu_usable(&r, v->physical_qubits, t->circuit.min_success))
        return -1;
    double own_up_s = l->rate_bps > 0 ? 8.0 * t->input_bytes / l->rate_bps : INFINITY;
    double up_s = own_up_s + (l->rate_bps > 0 ? 8.0 * (p->nodes[t->node].backlog_bytes + l->slot_bytes) / l->rate_bps : 0.0);
    double down_s = l->rate_bps > 0 ? 8.0 * t->output_bytes / l->rate_bps : INFINITY;
    /* Eq. 5: T1 + (queue) + T2 = D (N1 t1 + N2 t2 + Nm tm) + T3; eq. 6 energy. */
    double delay = up_s + par->wired_s + v->queue_s + r.time_s + par->wired_s + down_s;
    *out = finish(p, delay, l->tx_power_w * own_up_s + r.energy_j);
    return 0;
}
