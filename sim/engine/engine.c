#include "sim/engine/engine.h"
#include "agents/agents.h"
#include "sim/base/alloc.h"
#include "sim/base/exit_codes.h"
#include "sim/core/energy_account.h"
#include "sim/base/fsutil.h"
#include "sim/base/stage.h"
#include "sim/core/limits.h"
#include "sim/core/task_log.h"
#include "sim/base/parallel.h"
#include "sim/core/lyapunov.h"
#include "agents/qpu_exec.h"
#include "sim/core/market.h"
#include "sim/core/market_outputs.h"
#include "sim/core/outputs.h"
#include "sim/core/plugins.h"
#include "sim/scenario/scenario_inputs.h"
#include "sim/core/world.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <simgrid/mailbox.h>
#include <simgrid/plugins/energy.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* SimGrid settings every run uses: CM02 without cross-traffic so links
 * behave exactly as set; no stack guard pages so 10^4+ actors fit.
 * Stacks of 32 KiB (the aggregator, which runs the plugins, sets 8 MiB):
 * the whole test suite passes with 16 KiB stacks and guard pages on (an
 * overflow would have faulted), so 32 KiB is twice what any worker,
 * energy or market actor was seen to need. Outputs are byte-identical at
 * 16, 32 and 64 KiB and with the raw, ucontext and boost context
 * factories; raw (SimGrid's default here) is kept, as none was faster
 * (docs/engine.md). */
static void init_simgrid(void)
{
    static char *args[] = {"q6sim", "--log=root.thres:error", "--log=xbt_cfg.thres:error",
                           "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                           "--cfg=contexts/guard-size:0", "--cfg=contexts/stack-size:32", NULL};
    int argc = (int)(sizeof args / sizeof args[0]) - 1;
    simgrid_init(&argc, args);
    sg_host_energy_plugin_init();
}

static void default_out_dir(const q6_scenario *sc, const char *sched, char *out, size_t n)
{
    snprintf(out, n, "out/%s-%s-s%llu", sc->name, sched, (unsigned long long)sc->seed);
}

/* Bytes each slot costs before the run starts (per-slot records). */
static size_t bytes_per_slot(const q6_scenario *sc)
{
    size_t b = sizeof(uint64_t) + sizeof(q6_slot_metrics);
    if (sc->market.enabled)
        b += sizeof(q6_market_slot_metrics);
    return b;
}

/* Every array the world needs, each checked: -1 with "what: reason". */
static int alloc_world(q6_world *w, const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen)
{
    w->sc = sc;
    w->pf = pf;
    w->n_nodes = sc->vehicles.count;
    w->n_aps = pf->n_aps;
    size_t nn = w->n_nodes, na = w->n_aps, nh = pf->n_hosts;
#define Q6_ALLOC(field, n)                                                                   \
    if (!(w->field = q6_calloc_checked((n), sizeof *w->field, #field, err, errlen)))        \
        return -1;
    Q6_ALLOC(net.node_host, nn)
    Q6_ALLOC(net.node_link, nn)
    Q6_ALLOC(node.backlog_flops, nn)
    Q6_ALLOC(node.ap, nn)
    Q6_ALLOC(node.first_task, nn)
    Q6_ALLOC(node.task_count, nn)
    Q6_ALLOC(node.upload_bytes, nn)
    Q6_ALLOC(node.radio_uploads, nn)
    Q6_ALLOC(node.radio_share_s, nn)
    Q6_ALLOC(node.radio_last_s, nn)
    Q6_ALLOC(node.prev_xyz, 3 * nn)
    Q6_ALLOC(net.ap_host, na)
    Q6_ALLOC(ap.backlog_flops, na)
    Q6_ALLOC(ap.visible, na)
    Q6_ALLOC(net.uav_backhaul, na)
    Q6_ALLOC(net.uav_backhaul_bw, na)
    Q6_ALLOC(net.air_latency_s, na)
    Q6_ALLOC(net.air_capacity_Bps, na)
    Q6_ALLOC(ap.battery_choice, na)
    Q6_ALLOC(ap.cpu_allocated, na)
    Q6_ALLOC(net.infra_host, nh)
    Q6_ALLOC(net.infra_energy_mb, nh)
    Q6_ALLOC(energy.infra_prev_j, nh)
    Q6_ALLOC(energy.msg, nh)
    Q6_ALLOC(log.slot_first_task, sc->slots)
    Q6_ALLOC(log.metrics, sc->slots)
    Q6_ALLOC(log.ap_slots, sc->slots * (na ? na : 1))
#undef Q6_ALLOC
    for (size_t i = 0; i < 3 * nn; i++)
        w->node.prev_xyz[i] = NAN; /* no previous position: velocity 0 */
    for (size_t a = 0; a < na; a++)
        w->ap.battery_choice[a][0] = w->ap.battery_choice[a][1] = w->ap.battery_choice[a][2] = Q6_UNSET;
    return 0;
}

static void free_world(q6_world *w)
{
    free(w->net.node_host);
    free(w->net.node_link);
    free(w->node.backlog_flops);
    free(w->node.ap);
    free(w->node.first_task);
    free(w->node.task_count);
    free(w->net.ap_host);
    free(w->ap.backlog_flops);
    free(w->ap.visible);
    free(w->net.uav_backhaul);
    free(w->net.uav_backhaul_bw);
    free(w->net.air_latency_s);
    free(w->net.air_capacity_Bps);
    free(w->net.infra_host);
    free(w->net.infra_energy_mb);
    free(w->energy.infra_prev_j);
    free(w->energy.msg);
    free(w->log.slot_first_task);
    free(w->log.metrics);
    free(w->log.ap_slots);
    free(w->node.prev_xyz);
    free(w->node.upload_bytes);
    free(w->node.radio_uploads);
    free(w->node.radio_share_s);
    free(w->node.radio_last_s);
    free(w->ap.battery_choice);
    free(w->ap.cpu_allocated);
    free(w->plug.ended_ids);
    q6_task_log_free(w);
}

/* Looks up hosts, links and mailboxes of the loaded platform. */
static void bind_platform(q6_world *w)
{
    char name[256];
    const q6_platform *pf = w->pf;
    for (size_t h = 0; h < pf->n_hosts; h++) {
        w->net.infra_host[h] = sg_host_by_name(pf->hosts[h].name);
        snprintf(name, sizeof name, "energy/%s", pf->hosts[h].name);
        w->net.infra_energy_mb[h] = sg_mailbox_by_name(name);
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        w->net.ap_host[a] = w->net.infra_host[pf->aps[a]];
        const char *bl = pf->hosts[pf->aps[a]].backhaul_link;
        if (bl[0] && w->sc->channel.uav_relay_range_m > 0) {
            w->net.uav_backhaul[a] = sg_link_by_name(bl);
            w->net.uav_backhaul_bw[a] = sg_link_get_bandwidth(w->net.uav_backhaul[a]);
        }
        /* The air link platform.c generated (the analytic radio's limits). */
        snprintf(name, sizeof name, "air-%s", pf->hosts[pf->aps[a]].name);
        sg_link_t air = sg_link_by_name(name);
        w->net.air_latency_s[a] = sg_link_get_latency(air);
        w->net.air_capacity_Bps[a] = sg_link_get_bandwidth(air);
    }
    for (size_t i = 0; i < w->n_nodes; i++) {
        snprintf(name, sizeof name, Q6_VEHICLE_PREFIX "%zu", i);
        w->net.node_host[i] = sg_host_by_name(name);
        snprintf(name, sizeof name, Q6_VEHICLE_CLUSTER "_link_%zu", i);
        w->net.node_link[i] = sg_link_by_name(name);
        w->node.ap[i] = UINT32_MAX;
    }
    w->net.cloud_host = w->net.infra_host[pf->cloud];
    w->net.grid_mb = sg_mailbox_by_name("grid");
    w->net.qpu_mb = sg_mailbox_by_name("qpu");
    w->net.qpu_reply_mb = sg_mailbox_by_name("qpu-reply");
    w->net.market_mb = sg_mailbox_by_name("market");
    q6_agents_services(w, &w->plug.services);
    w->net.grid_host = pf->grid >= 0 ? w->net.infra_host[pf->grid] : NULL;
    w->net.qpu_host = pf->qpu >= 0 ? w->net.infra_host[pf->qpu] : NULL;
}

static void start_actors(q6_world *w)
{
    /* Plugins run on the aggregator's stack: give it 8 MiB (the unit of
     * sg_actor_set_stacksize is bytes, but 3.32 multiplies it by 1024). */
    sg_actor_t agg = sg_actor_init("aggregator", w->net.cloud_host);
    sg_actor_set_stacksize(agg, 8192);
    sg_actor_start_(agg, q6_actor_aggregator, 0, NULL);
    if (w->net.grid_host) {
        q6_spawn("grid", w->net.grid_host, q6_actor_grid, NULL);
        for (size_t h = 0; h < w->pf->n_hosts; h++)
            if (w->pf->hosts[h].role == Q6_ROLE_BS)
                q6_spawn("bs-energy", w->net.infra_host[h], q6_actor_bs_energy, (void *)(uintptr_t)h);
    }
    if (w->net.qpu_host)
        q6_spawn("qpu", w->net.qpu_host, q6_actor_qpu, NULL);
    if (w->market)
        for (size_t p = 0; p < w->market->n_parties; p++) {
            const q6_market_party *mp = &w->market->party[p];
            q6_spawn(mp->kind == Q6_PARTY_EV ? "ev-market" : "bs-market",
                     mp->kind == Q6_PARTY_EV ? w->net.node_host[mp->index] : w->net.ap_host[mp->index],
                     q6_actor_market_party, (void *)(uintptr_t)p);
        }
}

static int write_market(const q6_world *w, const char *dir)
{
    if (!w->market)
        return 0;
    char path[4400];
    snprintf(path, sizeof path, "%s/market.csv", dir);
    if (q6_market_write_slots_csv(w->market, w->sc->slots, w->sc->slot_s, path) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/edge_tasks.csv", dir);
    return q6_market_write_edge_csv(w->market, path);
}

static int write_manifest(const q6_run_options *o, const q6_scenario *sc, const char *sched,
                          const char *matcher, const char *digest, const char *gen_platform,
                          const q6_replay_info *replay, const char *path)
{
    char h_sc[65] = "", h_pf[65] = "", h_gen[65] = "";
    q6_sha256_file(sc->path, h_sc);
    q6_sha256_file(sc->platform_path, h_pf);
    q6_sha256_file(gen_platform, h_gen);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    q6_jw j;
    q6_jw_init(&j, f);
    q6_jw_begin_object(&j, 0);
    q6_jw_kstring(&j, "q6sim_version", Q6_VERSION);
    q6_jw_kuint(&j, "plugin_abi", Q6_ABI_VERSION);
    q6_jw_kuint(&j, "trace_schema", Q6_TRACE_SCHEMA_VERSION);
    q6_jw_key(&j, "command");
    q6_jw_begin_array(&j, 1);
    for (int i = 0; i < o->argc; i++)
        q6_jw_string(&j, o->argv[i]);
    q6_jw_end_array(&j);
    q6_jw_kuint(&j, "seed", sc->seed);
    q6_write_replay_json(&j, replay);
    q6_jw_kstring(&j, "scheduler", sched);
    q6_jw_kuint(&j, "slots", sc->slots);
    q6_jw_key(&j, "scenario");
    q6_jw_begin_object(&j, 1);
    q6_jw_kstring(&j, "path", sc->path);
    q6_jw_kstring(&j, "sha256", h_sc);
    q6_jw_end_object(&j);
    q6_jw_key(&j, "platform");
    q6_jw_begin_object(&j, 1);
    q6_jw_kstring(&j, "path", sc->platform_path);
    q6_jw_kstring(&j, "sha256", h_pf);
    q6_jw_end_object(&j);
    /* Every input file with its hash: a resumed sweep checks them. */
    q6_scenario_input in[Q6_SCENARIO_MAX_INPUTS];
    size_t n_in = q6_scenario_inputs(sc, in);
    q6_jw_key(&j, "inputs");
    q6_jw_begin_object(&j, 0);
    for (size_t i = 0; i < n_in; i++) {
        char h[65] = "";
        q6_sha256_file(in[i].path, h);
        q6_jw_key(&j, in[i].role);
        q6_jw_begin_object(&j, 1);
        q6_jw_kstring(&j, "path", in[i].path);
        q6_jw_kstring(&j, "sha256", h);
        q6_jw_end_object(&j);
    }
    q6_jw_end_object(&j);
    q6_jw_kstring(&j, "generated_platform_sha256", h_gen);
    q6_jw_kstring(&j, "timeline_digest", digest);
    if (matcher)
        q6_jw_kstring(&j, "matcher", matcher);
    q6_jw_end_object(&j);
    fputc('\n', f);
    return fclose(f) == 0 ? 0 : -1;
}

/* Which scheduler and matcher a run uses. A scenario with a market needs a
 * matcher: `matcher` (or --matcher) names it; when it names none and
 * `scheduler` names a matcher (the ABI-2 way: "gale-shapley" used to be a
 * scheduler that also matched), that plugin is the matcher and the
 * scheduler is the matcher's own offloading if it also schedules, else
 * greedy (what the ABI-2 matchers did). Without a market the matcher is
 * unused. */
static int resolve_plugins(const q6_scenario *sc, const q6_run_options *o, const q6_plugin_ref **sched,
                           const q6_plugin_ref **match, char *err, size_t errlen)
{
    const char *where = o->scheduler ? "--scheduler" : sc->path;
    *sched = q6_plugins_find(Q6_KIND_SCHEDULER, sc->scheduler);
    *match = NULL;
    if (sc->market.enabled) {
        if (sc->matcher[0]) {
            *match = q6_plugins_find(Q6_KIND_MATCHER, sc->matcher);
            if (!*match) {
                snprintf(err, errlen, "%.1024s: matcher: unknown matcher '%.127s' (see 'q6sim plugins', kind matcher)",
                         o->matcher ? "--matcher" : sc->path, sc->matcher);
                return -1;
            }
        } else {
            *match = q6_plugins_find(Q6_KIND_MATCHER, sc->scheduler);
            if (!*match) {
                snprintf(err, errlen, "%.1024s: market: the scenario has an energy market but names no matcher, and "
                         "scheduler '%.127s' is not one; set matcher = \"gale-shapley\" (or exact, qubo, greedy, random)",
                         sc->path, sc->scheduler);
                return -1;
            }
            if (!*sched)
                *sched = q6_plugins_find(Q6_KIND_SCHEDULER, "greedy");
        }
    }
    if (!*sched) {
        int is_matcher = q6_plugins_find(Q6_KIND_MATCHER, sc->scheduler) != NULL;
        snprintf(err, errlen, "%.1024s: scheduler: %s '%.127s'%s (see 'q6sim plugins')", where,
                 is_matcher ? "not a scheduler:" : "unknown plugin", sc->scheduler,
                 is_matcher ? " is an energy-market matcher; name it with matcher = ... or --matcher" : "");
        return -1;
    }
    return 0;
}

/* The state of one run between open and close. */
struct q6_sim {
    q6_run_options o;
    q6_scenario sc;
    q6_stage stage;
    q6_platform pf;
    q6_world w;
    q6_plugin_run sched_run, match_run;
    const q6_plugin_ref *sched_ref, *match_ref;
    q6_totals tot;
    const char *label;           /* the scheduler name as given */
    char out_dir[4096], gen_platform[4400], record_tmp[4200];
    double wall_s;
    int opened, ran;
};

int q6_sim_open(const q6_run_options *opts, q6_sim **out)
{
    q6_sim *s = calloc(1, sizeof *s);
    *out = s;
    if (!s) {
        fprintf(stderr, "q6sim: out of memory for a run\n");
        return Q6_EXIT_RUN_FAILURE;
    }
    s->o = *opts;
    char err[2048];
    const q6_run_options *o = &s->o;
    if (q6_scenario_load_with(o->scenario_path, o->overrides, o->n_overrides, &s->sc, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o->scheduler)
        snprintf(s->sc.scheduler, sizeof s->sc.scheduler, "%s", o->scheduler);
    /* Command-line values meet the scenario file's bounds (the CLI checks
     * them too; this is for embedding callers). */
    if ((o->has_seed && o->seed > Q6_SEED_MAX) || (o->has_slots && (o->slots < 1 || o->slots > Q6_SLOTS_MAX))) {
        fprintf(stderr, "q6sim: %s: %llu is outside [%llu, %llu]\n", o->has_slots ? "--slots" : "--seed",
                (unsigned long long)(o->has_slots ? o->slots : o->seed), o->has_slots ? 1ULL : 0ULL,
                o->has_slots ? Q6_SLOTS_MAX : Q6_SEED_MAX);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o->has_seed)
        s->sc.seed = o->seed;
    if (o->has_slots)
        s->sc.slots = o->slots;
    /* Per-slot records are allocated up front: more slots than the
     * machine's memory holds is bad input, said now rather than as a crash. */
    if (q6_check_fits_memory(s->sc.slots, bytes_per_slot(&s->sc), "slots", err, sizeof err) < 0) {
        if (o->has_slots)
            fprintf(stderr, "q6sim: --slots: %s\n", err);
        else
            fprintf(stderr, "q6sim: %s:%d: slots: %s\n", s->sc.path, s->sc.slots_line, err);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o->matcher)
        snprintf(s->sc.matcher, sizeof s->sc.matcher, "%s", o->matcher);
    for (size_t i = 0; i < o->n_plugin_paths; i++)
        if (q6_plugins_load(o->plugin_paths[i], err, sizeof err) < 0) {
            fprintf(stderr, "q6sim: %s\n", err);
            return Q6_EXIT_BAD_INPUT;
        }
    if (resolve_plugins(&s->sc, o, &s->sched_ref, &s->match_ref, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }
    /* The run's label (output directory, trace, summary "scheduler"): the
     * name the scenario or --scheduler gave, as before ABI 3. */
    s->label = s->sc.scheduler;

    char path[4400];
    if (o->out_dir)
        snprintf(s->out_dir, sizeof s->out_dir, "%s", o->out_dir);
    else
        default_out_dir(&s->sc, s->label, s->out_dir, sizeof s->out_dir);
    if (o->record_timeline && q6_stage_check_file(o->record_timeline, o->overwrite, "--record-timeline", err,
                                                  sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }
    if (q6_stage_begin_dir(&s->stage, s->out_dir, o->overwrite, o->out_dir ? "--out" : "output folder", err,
                           sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }
    snprintf(s->out_dir, sizeof s->out_dir, "%s", s->stage.final);
    const char *tmp_dir = s->stage.tmp;
    snprintf(s->gen_platform, sizeof s->gen_platform, "%s/platform.xml", tmp_dir);

    /* From here a failure leaves what was built to q6_sim_close. */
    int rc = Q6_EXIT_BAD_INPUT;
    if (q6_platform_prepare(&s->sc, s->gen_platform, &s->pf, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    if (alloc_world(&s->w, &s->sc, &s->pf, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        rc = Q6_EXIT_RUN_FAILURE;
        return rc;
    }
    s->w.exo = q6_exo_create(&s->sc, &s->pf, err, sizeof err);
    if (!s->w.exo) {
        fprintf(stderr, "q6sim: %s: %s\n", s->sc.path, err);
        return rc;
    }
    s->w.threads = o->threads ? o->threads : q6_parallel_cpus();
    q6_exo_set_threads(s->w.exo, s->w.threads);
    q6_exo_set_draw_ahead(s->w.exo, o->draw_ahead > 0   ? Q6_EXO_AHEAD_ON
                                    : o->draw_ahead < 0 ? Q6_EXO_AHEAD_OFF
                                                        : Q6_EXO_AHEAD_AUTO);
    if (o->record_timeline)
        snprintf(s->record_tmp, sizeof s->record_tmp, "%s.tmp.%ld", o->record_timeline, (long)getpid());
    char identity[65];
    if (q6_scenario_identity(&s->sc, o->overrides, o->n_overrides, identity, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    q6_exo_identity exo_id = {s->sc.seed, s->sc.name, identity};
    if (q6_exo_set_timeline_io(s->w.exo, o->record_timeline ? s->record_tmp : NULL, o->replay_timeline, &exo_id,
                               o->replay_any_timeline, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    s->w.market = q6_market_create(&s->sc, &s->pf, q6_exo_market_soc_initial(s->w.exo), q6_exo_bs_load(s->w.exo));
    if (s->sc.market.enabled && !s->w.market) {
        fprintf(stderr, "q6sim: cannot allocate the energy market: out of memory\n");
        rc = Q6_EXIT_RUN_FAILURE;
        return rc;
    }
    /* Virtual queues and the gate-model QPU. */
    if (!(s->w.lyapunov = q6_lyapunov_create(&s->sc, &s->pf, err, sizeof err)) ||
        !(s->w.qpu_exec = q6_qpu_exec_create(&s->sc, &s->pf, err, sizeof err))) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    if (!(s->w.limits = q6_limits_create(&s->w))) {
        fprintf(stderr, "q6sim: cannot allocate the scenario's limits: out of memory\n");
        rc = Q6_EXIT_RUN_FAILURE;
        return rc;
    }
    if (q6_energy_account_init(&s->w, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    q6_plugin_init_args pargs = {s->sc.seed, s->sc.plugin_params};
    if (q6_plugin_start(&s->sched_run, s->sched_ref, &pargs, NULL, err, sizeof err) < 0 ||
        (s->match_ref && q6_plugin_start(&s->match_run, s->match_ref, &pargs, &s->sched_run, err, sizeof err) < 0)) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    s->w.plug.scheduler = &s->sched_run;
    s->w.plug.matcher = s->match_ref ? &s->match_run : NULL;
    s->w.plug.label = s->label;
    s->w.plug.strict = o->strict;
    s->w.local_cpu_simgrid = o->local_cpu_simgrid;
    /* An energy market's messages cross vehicle links in SimGrid, so the
     * radio stays there with one (agents/node_radio.c). */
    s->w.radio_simgrid = o->radio_simgrid || s->w.market;
    s->w.dense_channel = o->dense_channel;
    snprintf(path, sizeof path, "%s/trace.pb", tmp_dir);
    s->w.log.trace = q6_trace_open(path, s->sc.name, s->sc.seed, s->label, s->sc.slot_s, s->sc.slots);
    if (!s->w.log.trace) {
        fprintf(stderr, "q6sim: %s: cannot write the trace\n", path);
        rc = Q6_EXIT_RUN_FAILURE;
        return rc;
    }
    if (o->trace_kinds_set)
        q6_trace_set_kinds(s->w.log.trace, o->trace_kinds);

    s->opened = 1;
    return Q6_EXIT_OK;
}

int q6_sim_run(q6_sim *s)
{
    if (!s || !s->opened || s->ran) {
        fprintf(stderr, "q6sim: q6_sim_run needs a run that q6_sim_open opened and that has not run\n");
        return Q6_EXIT_RUN_FAILURE;
    }
    s->ran = 1;
    const q6_run_options *o = &s->o;
    int rc;
    init_simgrid();
    simgrid_load_platform(s->gen_platform);
    bind_platform(&s->w);
    q6_agents_bind(&s->w);
    start_actors(&s->w);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    q6_progress_start(&s->w.log.progress, o->progress);
    simgrid_run();
    q6_progress_end(&s->w.log.progress);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    q6_aggregator_release();
    q6_pool_release();
    q6_node_cpu_release();
    q6_node_radio_release();
    s->wall_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);

    rc = Q6_EXIT_RUN_FAILURE;
    if (s->w.status.failed) {
        if (s->w.status.failed_on_input)
            rc = Q6_EXIT_BAD_INPUT;
        fprintf(stderr, "q6sim: %s%s\n", s->w.status.failed_on_input ? "" : "run failed: ", s->w.status.fail_msg);
        return rc;
    }
    return Q6_EXIT_OK;
}

int q6_sim_write(q6_sim *s)
{
    char err[2048];
    const q6_run_options *o = &s->o;
    const char *tmp_dir = s->stage.tmp;
    int rc = Q6_EXIT_RUN_FAILURE;
    if (!s->ran || s->w.status.failed) {
        fprintf(stderr, "q6sim: q6_sim_write needs a run that q6_sim_run completed\n");
        return rc;
    }
    char digest[65];
    q6_exo_digest_hex(s->w.exo, digest);
    uint64_t events = q6_trace_count(s->w.log.trace);
    int trace_rc = q6_trace_close(s->w.log.trace);
    s->w.log.trace = NULL;
    q6_compute_totals(&s->w, &s->tot);
    q6_replay_info replay = {0};
    const q6_exo_replayed *rp = q6_exo_replayed_info(s->w.exo);
    if (rp)
        replay = (q6_replay_info){o->replay_timeline, rp->version >= 2, rp->seed, rp->scenario_name,
                                  rp->scenario_identity, rp->matches};
    char p_slots[4400], p_summary[4400], p_manifest[4400];
    snprintf(p_slots, sizeof p_slots, "%s/slots.csv", tmp_dir);
    snprintf(p_summary, sizeof p_summary, "%s/summary.json", tmp_dir);
    snprintf(p_manifest, sizeof p_manifest, "%s/manifest.json", tmp_dir);
    if (trace_rc < 0 || q6_write_slots_csv(&s->w, p_slots) < 0 ||
        q6_write_summary_json(&s->w, &s->tot, digest, events, replay.matches ? NULL : &replay, p_summary) < 0 ||
        write_manifest(o, &s->sc, s->label, s->w.plug.matcher ? s->w.plug.matcher->ref->name : NULL, digest,
                       s->gen_platform, &replay, p_manifest) < 0 ||
        write_market(&s->w, tmp_dir) < 0) {
        fprintf(stderr, "q6sim: %s: cannot write the outputs\n", tmp_dir);
        return rc;
    }
    if (o->record_timeline && (q6_exo_close_timeline(s->w.exo) < 0 || rename(s->record_tmp, o->record_timeline) != 0)) {
        fprintf(stderr, "q6sim: %s: cannot write the timeline\n", o->record_timeline);
        return rc;
    }
    s->record_tmp[0] = 0; /* in place: nothing for q6_sim_close to remove */
    if (q6_stage_commit(&s->stage, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return rc;
    }
    if (!o->quiet)
        q6_print_table(stdout, &s->w, &s->tot, digest);
    fprintf(stderr, "q6sim: wrote %s (%llu events, %.2f s wall, %.0f events/s)\n", s->out_dir,
            (unsigned long long)events, s->wall_s, s->wall_s > 0 ? (double)events / s->wall_s : 0.0);
    return Q6_EXIT_OK;
}

void q6_sim_close(q6_sim *s)
{
    if (!s)
        return;
    /* Committed output stays; anything else staged is removed. */
    q6_stage_abort(&s->stage);
    if (s->record_tmp[0]) {
        q6_exo_close_timeline(s->w.exo);
        remove(s->record_tmp);
    }
    q6_totals_free(&s->tot);
    if (s->w.log.trace)
        q6_trace_close(s->w.log.trace);
    q6_plugin_stop(&s->match_run);
    q6_plugin_stop(&s->sched_run);
    q6_energy_account_free(&s->w);
    q6_market_free(s->w.market);
    q6_lyapunov_free(s->w.lyapunov);
    q6_limits_free(s->w.limits);
    q6_qpu_exec_free(s->w.qpu_exec);
    q6_exo_free(s->w.exo);
    free_world(&s->w);
    q6_platform_free(&s->pf);
    q6_plugins_unload();
    free(s);
}

int q6_run(const q6_run_options *o)
{
    q6_sim *s;
    int rc = q6_sim_open(o, &s);
    if (rc == Q6_EXIT_OK)
        rc = q6_sim_run(s);
    if (rc == Q6_EXIT_OK)
        rc = q6_sim_write(s);
    q6_sim_close(s);
    return rc;
}
