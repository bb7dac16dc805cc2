/* Energy-market actors of paper 000.
 *
 * Every slot each party (EV on its vehicle host, BS on its host) sends its
 * bid or offer to the aggregator as an energy message. The aggregator
 * builds the market problem (sim/market.c), calls the plugin's matcher,
 * checks the matching (C1-C5, one partner each) and applies it: unmatched
 * parties trade with the grid when that pays, and every matched EV travels
 * to its BS, exchanges energy at P_chg and computes the BS's edge chunk
 * meanwhile; the BS computes what the EV left and adds the result. Each
 * finished chunk is checked against Theorem 1 with the times measured on
 * the simulation clock. */
#include "agents/agents.h"
#include "sim/core/market.h"
#include "sim/core/plugins.h"
#include "models/optimiser_energy.h"
#include "solvers/market/market.h"
#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/plugins/energy.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define Q6_BID_MSG_BYTES 64

static int ensure_slot(q6_world *w, uint64_t k)
{
    char err[512];
    /* Whichever actor wakes first makes slot k current (BS loads included). */
    if (q6_exo_ensure(w->exo, k, err, sizeof err) < 0) {
        q6_world_fail_input(w, err);
        return -1;
    }
    return 0;
}

void q6_actor_market_party(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    q6_market *m = w->market;
    uint32_t party = (uint32_t)(uintptr_t)sg_actor_self_get_data();
    for (uint64_t k = 0; k < w->sc->slots && !w->status.failed; k++) {
        sg_actor_sleep_until((double)(k + 1) * w->sc->slot_s);
        if (ensure_slot(w, k) < 0)
            return;
        const q6_market_party *p = &m->party[party];
        const q6_pose *pose = p->kind == Q6_PARTY_EV ? &q6_exo_node_poses(w->exo)[p->index] : NULL;
        m->bids[party] = q6_market_bid(m, party, pose, k == 0);
        sg_mailbox_put(w->net.market_mb, &m->bids[party], Q6_BID_MSG_BYTES);
    }
}

/* Ends one side of an exchange; the last side settles the energy. */
static void side_done(q6_world *w, size_t idx)
{
    q6_market *m = w->market;
    q6_edge_record *r = &m->rec[idx];
    if (--r->pending > 0)
        return;
    q6_market_party *buyer = &m->party[r->buyer_party], *seller = &m->party[r->seller_party];
    q6_market_add_energy(buyer, r->energy_j);
    q6_market_add_energy(seller, -r->energy_j);
    q6_market_add_energy(&m->party[r->ev], -r->travel_energy_j);
    buyer->busy--;
    seller->busy--;
}

/* The BS's side of a chunk: what the EV did not compute, then the adding. */
static void bs_finish(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    q6_market *m = w->market;
    size_t idx = (size_t)(uintptr_t)sg_actor_self_get_data();
    double t0 = simgrid_get_clock();
    double rest = m->rec[idx].chunk_flops - m->rec[idx].ev_flops;
    double add_flops = w->sc->market.bs_add_time_s * sg_host_get_speed(sg_host_self());
    if (rest > 0)
        sg_actor_execute(rest);
    double add0 = simgrid_get_clock();
    if (add_flops > 0)
        sg_actor_execute(add_flops);
    q6_edge_record *r = &m->rec[idx];
    r->end_s = simgrid_get_clock();
    /* Measured: a BS serving several EVs shares its CPU between their
     * chunks, so the adding can take longer than bs_add_time_s. */
    r->add_s = r->end_s - add0;
    r->bs_comp_s = r->end_s - t0;
    r->task_s = r->end_s - r->arrive_s;
    r->done = 1;
    q6_market_check_bounds(r, r->add_s);
    if (!r->within_bounds)
        m->bound_violations++;
    char detail[256];
    snprintf(detail, sizeof detail, "t_ev %.6g s, t_bs %.6g s, Theorem 1 [%.6g, %.6g] %s", r->ev_comp_s,
             r->bs_comp_s, r->lower_s, r->upper_s, r->within_bounds ? "holds" : "VIOLATED");
    q6_world_event(w, Q6_EV_EDGE_CHUNK_DONE, r->slot, 0, (int32_t)r->ev, (int32_t)r->bs,
                   sg_host_get_name(sg_host_self()), r->task_s, detail);
    side_done(w, idx);
}

/* The EV's side: travel, then compute while the energy flows (eq. 4). */
static void ev_exchange(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    q6_market *m = w->market;
    size_t idx = (size_t)(uintptr_t)sg_actor_self_get_data();
    sg_actor_sleep_for(m->rec[idx].travel_s);
    m->rec[idx].arrive_s = simgrid_get_clock();
    if (m->rec[idx].ev_flops > 0)
        q6_node_cpu_execute(w, m->rec[idx].ev, m->rec[idx].ev_flops);
    q6_edge_record *r = &m->rec[idx];
    r->ev_end_s = simgrid_get_clock();
    r->ev_comp_s = r->ev_end_s - r->arrive_s;
    q6_spawn("edge-chunk", w->net.ap_host[r->bs], bs_finish, (void *)(uintptr_t)idx);
    /* The energy keeps flowing after the EV's part if charging is longer. */
    sg_actor_sleep_until(fmax(m->rec[idx].arrive_s + m->rec[idx].charge_s, m->rec[idx].ev_end_s));
    side_done(w, idx);
}

typedef struct {
    q6_world *w;
    uint64_t slot;
    uint8_t *bad;
} market_violation_ctx;

static void report_market_violation(void *vctx, uint32_t buyer, const char *constraint, const char *detail)
{
    market_violation_ctx *c = vctx;
    char subject[64];
    snprintf(subject, sizeof subject, "energy buyer %u", buyer);
    q6_world_violation(c->w, c->w->plug.matcher->ref->name, c->slot, 0, -1, buyer, subject, "the pair is not formed", constraint, detail);
    c->bad[buyer] = 1;
}

static void grid_trade(q6_world *w, uint64_t k, uint32_t party, double energy_j, int buys)
{
    q6_market *m = w->market;
    q6_market_slot_metrics *mt = &m->metrics[k];
    q6_market_party *p = &m->party[party];
    int ev = p->kind == Q6_PARTY_EV;
    int flow = buys ? (ev ? Q6_FLOW_G2V : Q6_FLOW_G2T) : (ev ? Q6_FLOW_V2G : Q6_FLOW_T2G);
    mt->flow_j[flow] += energy_j;
    q6_market_add_energy(p, buys ? energy_j : -energy_j);
    q6_world_event(w, Q6_EV_MARKET_GRID, k, 0, ev ? (int32_t)p->index : -1, ev ? -1 : (int32_t)p->index, NULL,
                   energy_j, q6_flow_name(flow));
}

static void start_exchange(q6_world *w, uint64_t k, const q6_market_problem *p, uint32_t i, uint32_t j)
{
    q6_market *m = w->market;
    size_t ij = (size_t)i * p->n_sellers + j;
    const q6_party_view *bu = &p->buyers[i], *se = &p->sellers[j];
    int ev_buys = bu->kind == Q6_PARTY_EV;
    q6_edge_record *r = q6_market_new_record(m);
    r->slot = k;
    r->ev = ev_buys ? bu->index : se->index;
    r->bs = ev_buys ? se->index : bu->index;
    r->buyer_party = m->buyer_party[i];
    r->seller_party = m->seller_party[j];
    r->bs_party = ev_buys ? r->seller_party : r->buyer_party;
    r->energy_j = bu->energy_j;
    r->ev_buys = ev_buys;
    r->decided_s = simgrid_get_clock();
    r->travel_s = m->travel_s[ij];
    r->travel_energy_j = m->travel_j[ij];
    r->charge_s = m->charge_s[ij];
    r->chunk_flops = w->sc->market.chunk_bytes * w->sc->market.ev_cycles_per_byte;
    r->ev_flops = m->ev_flops[ij];
    r->lower_s = r->upper_s = NAN;
    r->pending = 2;
    m->party[r->buyer_party].busy++; /* a BS may be in several exchanges (many-to-one) */
    m->party[r->seller_party].busy++;
    int flow = ev_buys ? Q6_FLOW_T2V : Q6_FLOW_EV2BS;
    m->metrics[k].flow_j[flow] += r->energy_j;
    q6_world_event(w, Q6_EV_MARKET_MATCH, k, 0, (int32_t)r->ev, (int32_t)r->bs, NULL, r->energy_j,
                   q6_flow_name(flow));
    q6_spawn("ev-exchange", w->net.node_host[r->ev], ev_exchange, (void *)(uintptr_t)(m->n_rec - 1));
}

/* One matching round on the current bids: builds the problem, has the
 * plugin match it (its cost recorded under both cost models), checks the
 * matching and starts the exchanges. Returns the pairs formed, or -1 when
 * the run failed. *welfare_pairs gets U_i + U_j of each pair formed. */
static int match_round(q6_world *w, uint64_t k, int first, double *welfare_pairs)
{
    q6_market *m = w->market;
    double *bs_hz = malloc((m->n_bs ? m->n_bs : 1) * sizeof *bs_hz);
    for (size_t b = 0; b < m->n_bs; b++)
        bs_hz[b] = sg_host_get_speed(w->net.ap_host[m->bs_ap[b]]);
    q6_market_problem p;
    q6_market_build(m, k, simgrid_get_clock(), q6_exo_node_poses(w->exo), q6_exo_ap_xyz(w->exo),
                    w->sc->vehicles.cpu_flops, bs_hz, &w->plug.services, &p);
    free(bs_hz);
    q6_market_slot_metrics *mt = &m->metrics[k];
    if (first) {
        mt->buyers = p.n_buyers;
        mt->sellers = p.n_sellers;
        int32_t *none = malloc((p.n_buyers ? p.n_buyers : 1) * sizeof *none);
        for (uint32_t i = 0; i < p.n_buyers; i++)
            none[i] = -1;
        mt->welfare_grid_only = q6_market_welfare(&p, none);
        free(none);
    }
    if (!p.n_buyers || !p.n_sellers)
        return 0;
    q6_market_decision d = {m->seller_of};
    double t0 = simgrid_get_clock(), e0 = sg_host_get_consumed_energy(w->net.cloud_host), q0 = w->energy.qpu_j;
    double wait0 = w->energy.qpu_wait_s, access0 = w->energy.qpu_access_s;
    char err[512];
    if (q6_plugin_match(w->plug.matcher, &p, &d, err, sizeof err) != 0) {
        q6_world_fail(w, "slot %llu: matcher '%s' failed: %s", (unsigned long long)k, w->plug.matcher->ref->name, err);
        return -1;
    }
    double pairs = (double)p.n_buyers * p.n_sellers, t = simgrid_get_clock() - t0;
    const q6_infra_host *cloud = &w->pf->hosts[w->pf->cloud];
    q6_process_power pp = {cloud->process_idle_w, cloud->process_busy_w, cloud->process_half_pairs,
                           w->pf->qpu >= 0 ? w->pf->hosts[w->pf->qpu].billed_power_w : 0.0};
    mt->opt_time_s += t;
    mt->opt_pairs += pairs;
    mt->opt_energy_system_j += sg_host_get_consumed_energy(w->net.cloud_host) - e0 + (w->energy.qpu_j - q0);
    mt->opt_energy_process_j += q6_process_energy_j(&pp, pairs, t, w->energy.qpu_wait_s - wait0, w->energy.qpu_access_s - access0);
    mt->opt_energy_j = w->sc->market.optimiser_cost_process ? mt->opt_energy_process_j : mt->opt_energy_system_j;
    mt->opt_co2_kg = mt->opt_energy_j / 3.6e6 * w->sc->energy.grid_g_per_kwh / 1000.0;
    uint8_t *bad = calloc(p.n_buyers, 1);
    market_violation_ctx vc = {w, k, bad};
    q6_market_check(&p, d.seller_of, report_market_violation, &vc);
    if (w->status.failed) {
        free(bad);
        return -1;
    }
    for (uint32_t i = 0; i < p.n_buyers; i++)
        if (bad[i]) {
            d.seller_of[i] = -1;
            mt->rejected++;
        }
    free(bad);
    int formed = 0;
    for (uint32_t i = 0; i < p.n_buyers; i++) {
        int32_t j = d.seller_of[i];
        if (j < 0)
            continue;
        size_t ij = (size_t)i * p.n_sellers + (size_t)j;
        *welfare_pairs += p.buyer_utility[ij] + p.seller_utility[ij];
        mt->matched++;
        formed++;
        start_exchange(w, k, &p, i, (uint32_t)j);
        q6_market_take_pair(m, m->buyer_party[i], m->seller_party[j], p.buyers[i].energy_j);
    }
    return formed;
}

/* After the last round: unmatched buyers buy from the grid when that pays
 * (or below their reserve, must_buy_below_reserve); sellers sell to the
 * grid what peers did not buy when that pays (all of it when unmatched;
 * the rest with sell_rest_to_grid). Returns what the welfare counts of
 * these trades: the outside options (never below 0) of the parties never
 * matched, as in market.h's W. The rest a matched seller sells is energy
 * (T2G, V2G) but no term of W: the paper's W has none, and the matchers
 * maximise W, so counting it would score them on what they never saw. */
static double grid_round(q6_world *w, uint64_t k)
{
    q6_market *m = w->market;
    const q6_market_config *c = &w->sc->market;
    const q6_pose *poses = q6_exo_node_poses(w->exo);
    const double *ap_xyz = q6_exo_ap_xyz(w->exo);
    double welfare = 0;
    for (uint32_t i = 0; i < m->n_parties; i++) {
        const q6_bid *b = &m->offered[i];
        if (b->role == Q6_BID_BUY && m->bids[i].role == Q6_BID_BUY) { /* never served */
            double u = q6_market_grid_utility(m, b, b->energy_j, poses, ap_xyz);
            int must = c->must_buy_below_reserve && b->soc_j < b->reserve_j;
            if (u > 0 || must)
                grid_trade(w, k, i, b->energy_j, 1);
            welfare += fmax(u, 0.0);
        } else if (b->role == Q6_BID_SELL) {
            int matched = m->sold_j[i] > 0;
            double rest = b->energy_j - m->sold_j[i];
            if (rest <= 0 || (matched && !c->sell_rest_to_grid))
                continue;
            double u = q6_market_grid_utility(m, b, rest, poses, ap_xyz);
            if (u > 0)
                grid_trade(w, k, i, rest, 0);
            if (!matched)
                welfare += fmax(u, 0.0);
        }
    }
    return welfare;
}

void q6_market_run_slot(q6_world *w, uint64_t k)
{
    q6_market *m = w->market;
    if (ensure_slot(w, k) < 0)
        return;
    /* All receives are posted at once, so the bids travel in parallel. */
    size_t np = m->n_parties ? m->n_parties : 1;
    void **payloads = calloc(np, sizeof *payloads);
    sg_comm_t *comms = calloc(np, sizeof *comms);
    for (size_t r = 0; r < m->n_parties; r++)
        comms[r] = sg_mailbox_get_async(w->net.market_mb, &payloads[r]);
    sg_comm_wait_all(comms, m->n_parties);
    free(comms);
    static const char *const role_name[] = {"none", "buy", "sell"}; /* by q6_bid_role */
    for (size_t r = 0; r < m->n_parties; r++) {
        const q6_bid *bid = payloads[r];
        q6_world_event(w, Q6_EV_ENERGY_BID, k, 0, -1, -1, NULL, bid->energy_j, role_name[bid->role]);
    }
    free(payloads);
    q6_market_begin_rounds(m);
    q6_market_slot_metrics *mt = &m->metrics[k];
    /* The slot's bids arrive at (k + 1) slot_s (q6_actor_market_party). */
    double slot_end = (double)(k + 2) * w->sc->slot_s, welfare_pairs = 0;
    for (uint32_t round = 0; round < (uint32_t)w->sc->market.rounds; round++) {
        double t0 = simgrid_get_clock();
        int formed = match_round(w, k, round == 0, &welfare_pairs);
        if (formed < 0)
            return;
        mt->rounds++;
        double took = simgrid_get_clock() - t0;
        /* Another round only when this one formed pairs (else the next
         * would see the same problem) and one as long fits in the slot. */
        if (formed == 0 || simgrid_get_clock() + took > slot_end)
            break;
    }
    mt->welfare = welfare_pairs + grid_round(w, k);
}
