#include "sim/engine/engine.h"
#include "agents/agents.h"
#include "sim/base/exit_codes.h"
#include "sim/core/energy_account.h"
#include "sim/base/fsutil.h"
#include "sim/base/stage.h"
#include "sim/core/market.h"
#include "sim/core/market_outputs.h"
#include "sim/core/outputs.h"
#include "sim/core/plugins.h"
#include "sim/core/world.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <simgrid/mailbox.h>
#include <simgrid/plugins/energy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* SimGrid settings every run uses: CM02 without cross-traffic so links
 * behave exactly as set; no stack guard pages so 10^4+ actors fit. */
static void init_simgrid(void)
{
    static char *args[] = {"q6sim", "--log=root.thres:error", "--log=xbt_cfg.thres:error",
                           "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                           "--cfg=contexts/guard-size:0", "--cfg=contexts/stack-size:64", NULL};
    int argc = (int)(sizeof args / sizeof args[0]) - 1;
    simgrid_init(&argc, args);
    sg_host_energy_plugin_init();
}

static void default_out_dir(const q6_scenario *sc, const char *sched, char *out, size_t n)
{
    snprintf(out, n, "out/%s-%s-s%llu", sc->name, sched, (unsigned long long)sc->seed);
}

static int alloc_world(q6_world *w, const q6_scenario *sc, const q6_platform *pf)
{
    w->sc = sc;
    w->pf = pf;
    w->n_nodes = sc->vehicles.count;
    w->n_aps = pf->n_aps;
    size_t nn = w->n_nodes ? w->n_nodes : 1;
    w->node_host = calloc(nn, sizeof *w->node_host);
    w->node_link = calloc(nn, sizeof *w->node_link);
    w->node_ctl_mb = calloc(nn, sizeof *w->node_ctl_mb);
    w->node_res_mb = calloc(nn, sizeof *w->node_res_mb);
    w->node_backlog_flops = calloc(nn, sizeof *w->node_backlog_flops);
    w->node_ap = calloc(nn, sizeof *w->node_ap);
    w->node_index = calloc(nn, sizeof *w->node_index);
    w->node_first_task = calloc(nn, sizeof *w->node_first_task);
    w->node_energy_prev_j = calloc(nn, sizeof *w->node_energy_prev_j);
    w->ap_host = calloc(w->n_aps, sizeof *w->ap_host);
    w->ap_mb = calloc(w->n_aps, sizeof *w->ap_mb);
    w->ap_backlog_flops = calloc(w->n_aps, sizeof *w->ap_backlog_flops);
    w->ap_visible = calloc(w->n_aps, sizeof *w->ap_visible);
    w->uav_backhaul = calloc(w->n_aps, sizeof *w->uav_backhaul);
    w->uav_backhaul_bw = calloc(w->n_aps, sizeof *w->uav_backhaul_bw);
    w->infra_host = calloc(pf->n_hosts, sizeof *w->infra_host);
    w->infra_energy_mb = calloc(pf->n_hosts, sizeof *w->infra_energy_mb);
    w->infra_energy_prev_j = calloc(pf->n_hosts, sizeof *w->infra_energy_prev_j);
    w->energy_msg = calloc(pf->n_hosts, sizeof *w->energy_msg);
    w->slot_first_task = calloc(sc->slots, sizeof *w->slot_first_task);
    w->metrics = calloc(sc->slots, sizeof *w->metrics);
    return w->metrics && w->slot_first_task ? 0 : -1;
}

static void free_world(q6_world *w)
{
    free(w->node_host);
    free(w->node_link);
    free(w->node_ctl_mb);
    free(w->node_res_mb);
    free(w->node_backlog_flops);
    free(w->node_ap);
    free(w->node_index);
    free(w->node_first_task);
    free(w->node_energy_prev_j);
    free(w->ap_host);
    free(w->ap_mb);
    free(w->ap_backlog_flops);
    free(w->ap_visible);
    free(w->uav_backhaul);
    free(w->uav_backhaul_bw);
    free(w->infra_host);
    free(w->infra_energy_mb);
    free(w->infra_energy_prev_j);
    free(w->energy_msg);
    free(w->slot_first_task);
    free(w->metrics);
    for (size_t p = 0; p < w->tasks.n_pages; p++)
        free(w->tasks.pages[p]);
    free(w->tasks.pages);
}

/* Looks up hosts, links and mailboxes of the loaded platform. */
static void bind_platform(q6_world *w)
{
    char name[256];
    const q6_platform *pf = w->pf;
    for (size_t h = 0; h < pf->n_hosts; h++) {
        w->infra_host[h] = sg_host_by_name(pf->hosts[h].name);
        snprintf(name, sizeof name, "energy/%s", pf->hosts[h].name);
        w->infra_energy_mb[h] = sg_mailbox_by_name(name);
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        w->ap_host[a] = w->infra_host[pf->aps[a]];
        snprintf(name, sizeof name, "ap/%s", pf->hosts[pf->aps[a]].name);
        w->ap_mb[a] = sg_mailbox_by_name(name);
        const char *bl = pf->hosts[pf->aps[a]].backhaul_link;
        if (bl[0] && w->sc->channel.uav_relay_range_m > 0) {
            w->uav_backhaul[a] = sg_link_by_name(bl);
            w->uav_backhaul_bw[a] = sg_link_get_bandwidth(w->uav_backhaul[a]);
        }
    }
    for (size_t i = 0; i < w->n_nodes; i++) {
        snprintf(name, sizeof name, Q6_VEHICLE_PREFIX "%zu", i);
        w->node_host[i] = sg_host_by_name(name);
        snprintf(name, sizeof name, Q6_VEHICLE_CLUSTER "_link_%zu", i);
        w->node_link[i] = sg_link_by_name(name);
        snprintf(name, sizeof name, "ctl/" Q6_VEHICLE_PREFIX "%zu", i);
        w->node_ctl_mb[i] = sg_mailbox_by_name(name);
        snprintf(name, sizeof name, "res/" Q6_VEHICLE_PREFIX "%zu", i);
        w->node_res_mb[i] = sg_mailbox_by_name(name);
        w->node_index[i] = (uint32_t)i;
        w->node_ap[i] = UINT32_MAX;
    }
    w->cloud_host = w->infra_host[pf->cloud];
    w->agg_mb = sg_mailbox_by_name("aggregator");
    w->cloud_mb = sg_mailbox_by_name("cloud");
    w->grid_mb = sg_mailbox_by_name("grid");
    w->qpu_mb = sg_mailbox_by_name("qpu");
    w->qpu_reply_mb = sg_mailbox_by_name("qpu-reply");
    w->market_mb = sg_mailbox_by_name("market");
    q6_agents_services(w, &w->services);
    w->grid_host = pf->grid >= 0 ? w->infra_host[pf->grid] : NULL;
    w->qpu_host = pf->qpu >= 0 ? w->infra_host[pf->qpu] : NULL;
}

static void start_actors(q6_world *w)
{
    /* Plugins run on the aggregator's stack: give it 8 MiB (the unit of
     * sg_actor_set_stacksize is bytes, but 3.32 multiplies it by 1024). */
    sg_actor_t agg = sg_actor_init("aggregator", w->cloud_host);
    sg_actor_set_stacksize(agg, 8192);
    sg_actor_start_(agg, q6_actor_aggregator, 0, NULL);
    q6_spawn("cloud", w->cloud_host, q6_actor_cloud, NULL);
    for (size_t a = 0; a < w->n_aps; a++)
        q6_spawn(q6_role_name(w->pf->hosts[w->pf->aps[a]].role), w->ap_host[a], q6_actor_ap, (void *)(uintptr_t)a);
    if (w->grid_host) {
        q6_spawn("grid", w->grid_host, q6_actor_grid, NULL);
        for (size_t h = 0; h < w->pf->n_hosts; h++)
            if (w->pf->hosts[h].role == Q6_ROLE_BS)
                q6_spawn("bs-energy", w->infra_host[h], q6_actor_bs_energy, (void *)(uintptr_t)h);
    }
    if (w->qpu_host)
        q6_spawn("qpu", w->qpu_host, q6_actor_qpu, NULL);
    for (size_t i = 0; i < w->n_nodes; i++)
        q6_spawn("vehicle", w->node_host[i], q6_actor_vehicle, (void *)(uintptr_t)i);
    if (w->market)
        for (size_t p = 0; p < w->market->n_parties; p++) {
            const q6_market_party *mp = &w->market->party[p];
            q6_spawn(mp->kind == Q6_PARTY_EV ? "ev-market" : "bs-market",
                     mp->kind == Q6_PARTY_EV ? w->node_host[mp->index] : w->ap_host[mp->index],
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
                          const char *digest, const char *gen_platform, const char *path)
{
    char h_sc[65] = "", h_pf[65] = "", h_gen[65] = "";
    q6_sha256_file(sc->path, h_sc);
    q6_sha256_file(sc->platform_path, h_pf);
    q6_sha256_file(gen_platform, h_gen);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n  \"q6sim_version\": \"%s\",\n  \"plugin_abi\": %u,\n  \"trace_schema\": %u,\n",
            Q6_VERSION, Q6_PLUGIN_ABI_VERSION, Q6_TRACE_SCHEMA_VERSION);
    fputs("  \"command\": [", f);
    for (int i = 0; i < o->argc; i++) {
        fputs(i ? ", \"" : "\"", f);
        for (const char *c = o->argv[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                fputc('\\', f);
            fputc(*c, f);
        }
        fputc('"', f);
    }
    fprintf(f, "],\n  \"seed\": %llu,\n  \"scheduler\": \"%s\",\n  \"slots\": %llu,\n"
               "  \"scenario\": {\"path\": \"%s\", \"sha256\": \"%s\"},\n"
               "  \"platform\": {\"path\": \"%s\", \"sha256\": \"%s\"},\n"
               "  \"generated_platform_sha256\": \"%s\",\n  \"timeline_digest\": \"%s\"\n}\n",
            (unsigned long long)sc->seed, sched, (unsigned long long)sc->slots, sc->path, h_sc,
            sc->platform_path, h_pf, h_gen, digest);
    return fclose(f) == 0 ? 0 : -1;
}

int q6_run(const q6_run_options *o)
{
    char err[2048];
    static q6_scenario sc;
    if (q6_scenario_load_with(o->scenario_path, o->overrides, o->n_overrides, &sc, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o->scheduler)
        snprintf(sc.scheduler, sizeof sc.scheduler, "%s", o->scheduler);
    if (o->has_seed)
        sc.seed = o->seed;
    if (o->has_slots)
        sc.slots = o->slots;
    for (size_t i = 0; i < o->n_plugin_paths; i++)
        if (!q6_plugins_load(o->plugin_paths[i], err, sizeof err)) {
            fprintf(stderr, "q6sim: %s\n", err);
            return Q6_EXIT_BAD_INPUT;
        }
    const q6_plugin *plugin = q6_plugins_find(sc.scheduler);
    if (!plugin) {
        fprintf(stderr, "q6sim: %s: scheduler: unknown plugin '%s' (see 'q6sim plugins')\n",
                o->scheduler ? "--scheduler" : sc.path, sc.scheduler);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }

    char out_dir[4096], path[4400], gen_platform[4400];
    if (o->out_dir)
        snprintf(out_dir, sizeof out_dir, "%s", o->out_dir);
    else
        default_out_dir(&sc, plugin->name, out_dir, sizeof out_dir);
    if (o->record_timeline && q6_stage_check_file(o->record_timeline, o->overwrite, "--record-timeline", err,
                                                  sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }
    q6_stage stage;
    if (q6_stage_begin_dir(&stage, out_dir, o->overwrite, o->out_dir ? "--out" : "output folder", err,
                           sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        q6_plugins_unload();
        return Q6_EXIT_BAD_INPUT;
    }
    snprintf(out_dir, sizeof out_dir, "%s", stage.final);
    const char *tmp_dir = stage.tmp;
    snprintf(gen_platform, sizeof gen_platform, "%s/platform.xml", tmp_dir);

    int rc = Q6_EXIT_BAD_INPUT;
    q6_platform pf;
    q6_world w;
    memset(&w, 0, sizeof w);
    void *plugin_state = NULL;
    int plugin_started = 0;
    if (q6_platform_prepare(&sc, gen_platform, &pf, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        goto fail_early;
    }
    alloc_world(&w, &sc, &pf);
    w.exo = q6_exo_create(&sc, &pf, err, sizeof err);
    if (!w.exo) {
        fprintf(stderr, "q6sim: %s: %s\n", sc.path, err);
        goto fail;
    }
    char record_tmp[4200] = "";
    if (o->record_timeline)
        snprintf(record_tmp, sizeof record_tmp, "%s.tmp.%ld", o->record_timeline, (long)getpid());
    if (q6_exo_set_timeline_io(w.exo, o->record_timeline ? record_tmp : NULL, o->replay_timeline, err,
                               sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        goto fail;
    }
    if (sc.market.enabled && !q6_plugin_match(plugin)) {
        fprintf(stderr, "q6sim: %s: market: scheduler '%s' cannot match energy trades (no match function); "
                        "use gale-shapley, qubo, exact, greedy or random\n", sc.path, plugin->name);
        goto fail;
    }
    w.market = q6_market_create(&sc, &pf, q6_exo_market_soc_initial(w.exo), q6_exo_bs_load(w.exo));
    if (q6_energy_account_init(&w, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        goto fail;
    }
    q6_plugin_init_args pargs = {sc.seed, sc.plugin_params};
    if (plugin->init && plugin->init(&pargs, &plugin_state, err, sizeof err) != 0) {
        fprintf(stderr, "q6sim: plugin '%s': %s\n", plugin->name, err);
        goto fail;
    }
    plugin_started = 1;
    w.plugin = plugin;
    w.plugin_state = plugin_state;
    w.strict = o->strict;
    snprintf(path, sizeof path, "%s/trace.pb", tmp_dir);
    w.trace = q6_trace_open(path, sc.name, sc.seed, plugin->name, sc.slot_s, sc.slots);
    if (!w.trace) {
        fprintf(stderr, "q6sim: %s: cannot write the trace\n", path);
        rc = Q6_EXIT_RUN_FAILURE;
        goto fail;
    }

    init_simgrid();
    simgrid_load_platform(gen_platform);
    bind_platform(&w);
    q6_agents_bind(&w);
    start_actors(&w);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    q6_progress_start(&w.progress, o->progress);
    simgrid_run();
    q6_progress_end(&w.progress);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    q6_aggregator_release();
    double wall_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);

    rc = Q6_EXIT_RUN_FAILURE;
    if (w.failed) {
        if (w.failed_on_input)
            rc = Q6_EXIT_BAD_INPUT;
        fprintf(stderr, "q6sim: %s%s\n", w.failed_on_input ? "" : "run failed: ", w.fail_msg);
        goto fail;
    }
    char digest[65];
    q6_exo_digest_hex(w.exo, digest);
    uint64_t events = q6_trace_count(w.trace);
    int trace_rc = q6_trace_close(w.trace);
    w.trace = NULL;
    q6_totals tot;
    q6_compute_totals(&w, &tot);
    char p_slots[4400], p_summary[4400], p_manifest[4400];
    snprintf(p_slots, sizeof p_slots, "%s/slots.csv", tmp_dir);
    snprintf(p_summary, sizeof p_summary, "%s/summary.json", tmp_dir);
    snprintf(p_manifest, sizeof p_manifest, "%s/manifest.json", tmp_dir);
    if (trace_rc < 0 || q6_write_slots_csv(&w, p_slots) < 0 ||
        q6_write_summary_json(&w, &tot, digest, events, p_summary) < 0 ||
        write_manifest(o, &sc, plugin->name, digest, gen_platform, p_manifest) < 0 ||
        write_market(&w, tmp_dir) < 0) {
        fprintf(stderr, "q6sim: %s: cannot write the outputs\n", tmp_dir);
        goto fail;
    }
    if (o->record_timeline && (q6_exo_close_timeline(w.exo) < 0 || rename(record_tmp, o->record_timeline) != 0)) {
        fprintf(stderr, "q6sim: %s: cannot write the timeline\n", o->record_timeline);
        goto fail;
    }
    if (q6_stage_commit(&stage, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim: %s\n", err);
        goto fail;
    }
    if (!o->quiet)
        q6_print_table(stdout, &w, &tot, digest);
    fprintf(stderr, "q6sim: wrote %s (%llu events, %.2f s wall, %.0f events/s)\n", out_dir,
            (unsigned long long)events, wall_s, wall_s > 0 ? (double)events / wall_s : 0.0);
    rc = Q6_EXIT_OK;
    goto done;
fail:
    q6_stage_abort(&stage);
    if (record_tmp[0]) {
        q6_exo_close_timeline(w.exo);
        remove(record_tmp);
    }
done:
    if (w.trace)
        q6_trace_close(w.trace);
    if (plugin_started && plugin->finish)
        plugin->finish(plugin_state);
    q6_energy_account_free(&w);
    q6_market_free(w.market);
    q6_exo_free(w.exo);
    free_world(&w);
    q6_platform_free(&pf);
    q6_plugins_unload();
    return rc;
fail_early:
    q6_stage_abort(&stage);
    q6_plugins_unload();
    return rc;
}
