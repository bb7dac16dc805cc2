/* QPU host and the QUBO services plugins call from the aggregator.
 *
 * solve_qubo_qpu: the aggregator sends the QUBO to the QPU host (message size
 * from the model size), the QPU actor samples it and holds the host for the
 * annealer's access time plus the embedding estimate (models/annealer.h,
 * solvers/qubo/qpu_cost.h), then returns the assignment (n bytes).
 * solve_qubo_cpu: the aggregator samples on its own host and executes the
 * counted work there. Simulated time comes from counts, never wall clock. */
#include "agents/agents.h"
#include "sim/core/qubo_service.h"
#include <simgrid/actor.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <math.h>

typedef struct {
    const q6_qubo_view *q;
    const q6_qubo_options *o;
    q6_qubo_outcome *out;
    double access_s;
    int rc;
} qpu_job;

void q6_actor_qpu(int argc, char **argv)
{
    (void)argc; (void)argv;
    sg_actor_daemonize(sg_actor_self());
    q6_world *w = q6_agents_world();
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->net.qpu_mb));
    for (;;) {
        qpu_job *job = sg_mailbox_get(w->net.qpu_mb);
        q6_sampler_stats stats;
        q6_qpu_job_cost cost = {0};
        job->rc = q6_qubo_service_sample(job->q, job->o, job->out, &stats);
        if (job->rc == 0)
            job->rc = q6_qubo_service_qpu_cost(&w->pf->hosts[w->pf->qpu], job->q, job->o, &cost);
        if (job->rc == 0) {
            job->out->fits_on_qpu = cost.fits;
            job->out->solve_energy_j = cost.energy_j;
            job->access_s = cost.access_s;
            /* The host's idle draw (platform wattage_per_state) already covers
             * time_s x idle; the annealer model's system power gives the rest.
             * A shared (cloud-access) QPU idles at 0 W, so a job brings its
             * whole energy; a dedicated one at its full draw, so none. */
            double beyond_idle_j = cost.energy_j - sg_host_get_idle_consumption(w->net.qpu_host) * cost.time_s;
            if (beyond_idle_j > 0)
                w->energy.qpu_unaccounted_j += beyond_idle_j;
            sg_actor_sleep_for(cost.time_s);
        }
        sg_mailbox_put(w->net.qpu_reply_mb, job, (long)job->q->n_vars);
    }
}

static int solve_qpu(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out)
{
    q6_world *w = engine;
    if (!w->net.qpu_host || !q || !o || !out)
        return -1;
    qpu_job job = {q, o, out, 0, -1};
    double t0 = simgrid_get_clock();
    sg_mailbox_put(w->net.qpu_mb, &job, (long)q6_qubo_service_bytes(q));
    sg_mailbox_get(w->net.qpu_reply_mb);
    out->solve_time_s = simgrid_get_clock() - t0;
    /* The aggregator waited the whole round trip; the cloud service bills
     * the access time only (the process cost model needs both). */
    w->energy.qpu_wait_s += out->solve_time_s;
    if (job.rc == 0) {
        w->energy.qpu_j += out->solve_energy_j;
        w->energy.qpu_access_s += job.access_s;
    }
    return job.rc;
}

static int solve_cpu(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out)
{
    q6_world *w = engine;
    q6_sampler_stats stats;
    if (!q || !o || !out || q6_qubo_service_sample(q, o, out, &stats) < 0)
        return -1;
    double t0 = simgrid_get_clock(), time_s = q6_qubo_service_cpu_time_s(&w->pf->hosts[w->pf->cloud], &stats);
    /* One core's worth of work on the aggregator's host. */
    sg_actor_execute(time_s * sg_host_get_speed(w->net.cloud_host) / sg_host_core_count(w->net.cloud_host));
    out->solve_time_s = simgrid_get_clock() - t0;
    out->solve_energy_j = 0;
    out->fits_on_qpu = 1;
    return 0;
}

static int charge_compute(void *engine, double operations)
{
    (void)engine;
    if (!(operations >= 0.0) || !isfinite(operations))
        return -1;
    if (operations > 0.0)
        sg_actor_execute(operations); /* the aggregator's actor: one core of its host */
    return 0;
}

void q6_agents_services(q6_world *w, q6_services *svc)
{
    svc->charge_compute = charge_compute;
    svc->engine = w;
    svc->solve_qubo_qpu = solve_qpu;
    svc->solve_qubo_cpu = solve_cpu;
}
