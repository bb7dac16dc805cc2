/* Gate-model QPU execution of quantum tasks; what and why in qpu_exec.h.
 *
 * The task's own worker makes the round trip: each hop is a SimGrid
 * host-to-host transfer on the platform's route between the two hosts
 * (sg_host_sendto), then the worker moves there (sg_actor_set_host). APs reach the QPU only through the cloud, as the
 * platform routes them.
 *
 * The QPU serves one job at a time in arrival order. Runs are reserved:
 * a run arriving at t starts at max(t, end of the last reserved run), so
 * the actor sleeps until its start and through its run time, and the
 * queue a scheduler sees (work and jobs ahead of a new job) is exact. */
#include "agents/qpu_exec.h"
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct q6_qpu_exec {
    const q6_infra_host *host;  /* the QPU host; NULL without one */
    double busy_until_s;        /* end of the last reserved run */
    uint32_t jobs;              /* runs reserved and not yet ended */
};

q6_qpu_exec *q6_qpu_exec_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen)
{
    if (sc->task.quantum.share > 0 && pf->qpu < 0) {
        snprintf(err, errlen, "%s:%d: task.quantum.share: quantum tasks need a QPU host (role qpu) in %s",
                 sc->path, sc->task.quantum.line, sc->platform_path);
        return NULL;
    }
    q6_qpu_exec *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    q->host = pf->qpu >= 0 ? &pf->hosts[pf->qpu] : NULL;
    return q;
}

void q6_qpu_exec_free(q6_qpu_exec *q) { free(q); }

size_t q6_qpu_views(q6_world *w, q6_sched_qpu *out)
{
    if (!q6_qpu_count(w) || !w->qpu_exec)
        return 0;
    const q6_qpu_exec *q = w->qpu_exec;
    const q6_qpu_params *p = &q->host->qpu;
    out[0] = (q6_sched_qpu){q->host->name, q->host->qpu_qubits, fmax(0.0, q->busy_until_s - simgrid_get_clock()),
                            q->jobs, p->physical_error, p->threshold_error, p->qec_level, p->code_block_size};
    return 1;
}

void q6_qpu_task_from_exo(q6_task *t, const q6_exo_task *et)
{
    t->kind = et->kind;
    t->circuit = et->circuit;
    t->qpu_key = et->qpu_key;
}

/* ---- The round trip ------------------------------------------------------ */

/* Slot whose interval holds time t (the last one past the horizon). */
static uint64_t slot_at(const q6_world *w, double t)
{
    uint64_t k = (uint64_t)floor(t / w->sc->slot_s);
    return k < w->sc->slots ? k : w->sc->slots - 1;
}

/* Runs the circuit until a run succeeds or the scenario's failure rule
 * stops it, at the QPU host. Returns 1 when the last run succeeded. */
static int run_on_qpu(q6_world *w, q6_task *t)
{
    q6_qpu_exec *q = w->qpu_exec;
    const q6_quantum_config *qc = &w->sc->task.quantum;
    const char *host = q->host->name;
    q6_qpu_result r;
    if (q6_qpu_circuit_result(w, 0, &t->circuit, &r) < 0) {
        q6_world_fail(w, "task %llu: invalid quantum circuit", (unsigned long long)t->id);
        return 0;
    }
    for (;;) {
        double now = simgrid_get_clock(), start = fmax(now, q->busy_until_s);
        q->busy_until_s = start + r.time_s;
        q->jobs++;
        sg_actor_sleep_until(start);
        char detail[96];
        snprintf(detail, sizeof detail, "run %u, success probability %.9g", t->qpu_runs + 1, r.success_probability);
        q6_world_event(w, Q6_EV_QPU_JOB_START, t->slot, t->id, (int32_t)t->node, -1, host, r.time_s, detail);
        sg_actor_sleep_until(start + r.time_s);
        q->jobs--;
        t->energy_qpu_j += r.energy_j;
        w->energy.qpu_job_unbooked_j += r.energy_j;
        int ok = q6_qpu_run_uniform(t->qpu_key, t->qpu_runs) < r.success_probability;
        q6_slot_metrics *m = &w->log.metrics[slot_at(w, simgrid_get_clock())];
        m->qpu_runs++;
        m->qpu_failures += !ok;
        t->qpu_runs++;
        t->qpu_success = ok;
        if (ok) {
            q6_world_event(w, Q6_EV_QPU_JOB_END, t->slot, t->id, (int32_t)t->node, -1, host, r.energy_j, "success");
            return 1;
        }
        /* A retry after the deadline could only make the task late. */
        int retry = qc->retry && t->qpu_runs <= qc->max_retries && simgrid_get_clock() < t->deadline_s;
        snprintf(detail, sizeof detail, retry ? "failed, retrying" : "failed after %u runs", t->qpu_runs);
        q6_world_event(w, Q6_EV_QPU_JOB_FAILED, t->slot, t->id, (int32_t)t->node, -1, host, r.energy_j, detail);
        if (!retry)
            return 0;
    }
}

void q6_qpu_run_task(q6_world *w, q6_task *t)
{
    sg_host_t node = w->net.node_host[t->node], ap = w->net.ap_host[t->ap];
    double t0 = simgrid_get_clock();
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap, sg_host_get_name(node),
                   t->input_bytes, "to QPU");
    double radio = q6_radio_begin(w, t->node);
    q6_node_radio_hop(w, t->node, t->ap, ap, t->input_bytes);
    /* The node's radio transmits while its circuit goes up (as task.c books it). */
    double radio_j = t->tx_power_w * q6_radio_end(w, t->node, radio);
    t->energy_radio_j += radio_j;
    w->log.metrics[slot_at(w, t0)].energy_j[Q6_ENERGY_VEHICLE] += radio_j;
    q6_hop(w->net.cloud_host, t->input_bytes);
    q6_hop(w->net.qpu_host, t->input_bytes);
    int ok = run_on_qpu(w, t);
    q6_hop(w->net.cloud_host, t->output_bytes);
    q6_hop(ap, t->output_bytes);
    q6_node_radio_hop(w, t->node, t->ap, node, t->output_bytes);
    double now = simgrid_get_clock();
    if (ok) {
        q6_world_task_finished(w, t, now);
        return;
    }
    if (t->state != Q6_TASK_PENDING)
        return;
    t->state = Q6_TASK_DROPPED;
    t->done_s = now;
    w->log.metrics[t->slot].dropped++;
    char detail[64];
    snprintf(detail, sizeof detail, "QPU run failed (%u runs)", t->qpu_runs);
    q6_world_event(w, Q6_EV_TASK_DROPPED, t->slot, t->id, (int32_t)t->node, -1, NULL, now - t->arrival_s, detail);
    q6_world_task_ended(w, t); /* its outcome goes to the scheduler */
}

/* ---- Presets ---------------------------------------------------------------- */

uint32_t q6_qpu_preset_ap(const double *snr, uint32_t n_aps, double min_snr)
{
    uint32_t best = UINT32_MAX;
    for (uint32_t a = 0; a < n_aps; a++)
        if (snr[a] >= min_snr && (best == UINT32_MAX || snr[a] > snr[best]))
            best = a;
    return best;
}

