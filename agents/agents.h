/* SimGrid actors of a q6sim run. SimGrid runs one simulation per process,
 * so the actors share one bound world (q6_agents_bind). Actor data is the
 * q6_task of a task actor, or the index of the node / AP / host an actor
 * stands for, stored as (void *)(uintptr_t)index. */
#ifndef Q6_AGENTS_AGENTS_H
#define Q6_AGENTS_AGENTS_H
#include "sim/core/world.h"
#include <stdint.h>

void q6_agents_bind(q6_world *w);
q6_world *q6_agents_world(void);

/* Starts an actor on host with data, by function. */
void q6_spawn(const char *name, sg_host_t host, void (*fn)(int, char **), void *data);

void q6_actor_aggregator(int argc, char **argv); /* data: unused */
void q6_aggregator_release(void);                /* after the run */
void q6_actor_grid(int argc, char **argv);
void q6_actor_bs_energy(int argc, char **argv);  /* data: platform host index */
void q6_actor_qpu(int argc, char **argv);
/* Energy market (agents/market.c): a party's bids, data: party index. */
void q6_actor_market_party(int argc, char **argv);
/* The aggregator's market step of slot k: bids in, matching, trades out. */
void q6_market_run_slot(q6_world *w, uint64_t k);
/* Fills the services plugins may call (solvers/plugin.h). */
void q6_agents_services(q6_world *w, q6_services *svc);

/* A node's radio (agents/radio.c): call begin as an upload goes on the air
 * and end when it has arrived; end returns the upload's share of the
 * radio's on-air time in seconds (its energy: transmit power x that). */
double q6_radio_begin(q6_world *w, uint32_t node);
double q6_radio_end(q6_world *w, uint32_t node, double stamp);

/* Sends `bytes` from the calling actor's host to `to` over the platform's
 * route (a SimGrid host-to-host transfer: no mailbox, nothing waits to be
 * matched), then moves the actor there: store and forward, each hop starts
 * when the one before it ends. */
void q6_hop(sg_host_t to, double bytes);

/* Runs `flops` on node's own CPU from the calling actor, which returns when
 * they are done (agents/node_cpu.c): in SimGrid (w->local_cpu_simgrid) or
 * in the exact analytic processor-sharing model of the same core. */
void q6_node_cpu_execute(q6_world *w, size_t node, double flops);
/* A whole local task's `flops` start on its node's analytic CPU now; no one
 * waits: q6_node_cpu_collect hands back in *done, in the order they ended
 * (task id among equal times), the *n tasks that ended by `now` since the
 * last call (valid until the next call). -1 when out of memory. */
typedef struct {
    double end_s, flops;
    q6_task *task;
} q6_node_cpu_done;
int q6_node_cpu_start(q6_world *w, q6_task *t, double flops);
int q6_node_cpu_collect(double now, const q6_node_cpu_done **done, size_t *n);
void q6_node_cpu_release(void); /* after the run */

/* Moves `bytes` between node and AP `ap` over the node's radio link from
 * the calling actor, which is then moved to `to` (the AP's host for an
 * upload, the node's for a download) (agents/node_radio.c): in SimGrid
 * (w->radio_simgrid, as q6_hop) or in the exact analytic model of the
 * node's link. q6_node_radio_set_rate sets that link's bandwidth, B/s. */
void q6_node_radio_hop(q6_world *w, size_t node, uint32_t ap, sg_host_t to, double bytes);
void q6_node_radio_set_rate(q6_world *w, size_t node, double bytes_per_s);
void q6_node_radio_release(void); /* after the run */

/* Worker pool (agents/pool.c): runs fn(world, t) on a reused worker actor
 * placed on host; q6_pool_release frees the pool after the run. */
typedef void (*q6_job_fn)(q6_world *w, q6_task *t);
void q6_pool_run(sg_host_t host, q6_job_fn fn, q6_task *t);
void q6_pool_release(void);

/* A task's whole life from its node (agents/task.c): run locally, offload
 * (part or all), or the QPU round trip; a job for q6_pool_run. */
void q6_task_job(q6_world *w, q6_task *t);
/* A whole local task on the analytic CPU (no worker): its start now, and
 * its end as q6_node_cpu_collect reports it (-1 when out of memory). */
int q6_task_local_start(q6_world *w, q6_task *t);
void q6_task_local_done(q6_world *w, const q6_node_cpu_done *d);

#endif
