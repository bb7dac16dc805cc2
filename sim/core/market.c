/* Paper-000 market state and problem building; see market.h. */
#include "sim/core/market.h"
#include "sim/base/alloc.h"
#include "models/bs_power.h"
#include "models/edge_time.h"
#include "models/ev_energy.h"
#include "models/market_utility.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *q6_flow_name(int flow)
{
    static const char *const names[Q6_FLOW_COUNT] = {"v2g", "t2g", "t2v", "ev2bs", "g2v", "g2t"};
    return flow >= 0 && flow < Q6_FLOW_COUNT ? names[flow] : "?";
}

q6_market *q6_market_create(const q6_scenario *sc, const q6_platform *pf, const double *soc_initial,
                            const double *bs_load)
{
    if (!sc->market.enabled)
        return NULL;
    const q6_market_config *c = &sc->market;
    char err[256]; /* the caller reports "cannot allocate the market" */
    q6_market *m = q6_calloc_checked(1, sizeof *m, "market", err, sizeof err);
    if (!m)
        return NULL;
    m->sc = sc;
    m->n_ev = sc->vehicles.count;
#define Q6_M_ALLOC(field, n)                                                                 \
    if (!(m->field = q6_calloc_checked((n), sizeof *m->field, #field, err, sizeof err))) {  \
        q6_market_free(m);                                                                   \
        return NULL;                                                                         \
    }
    Q6_M_ALLOC(bs_ap, pf->n_aps)
    for (size_t a = 0; a < pf->n_aps; a++)
        if (pf->hosts[pf->aps[a]].role == Q6_ROLE_BS)
            m->bs_ap[m->n_bs++] = (uint32_t)a;
    m->n_parties = m->n_ev + m->n_bs;
    size_t np = m->n_parties ? m->n_parties : 1;
    Q6_M_ALLOC(party, np)
    Q6_M_ALLOC(bids, np)
    Q6_M_ALLOC(offered, np)
    Q6_M_ALLOC(sold_j, np)
    Q6_M_ALLOC(chunks_given, np)
    m->bs_load = bs_load;
    for (size_t i = 0; i < m->n_parties; i++) {
        q6_market_party *p = &m->party[i];
        int ev = i < m->n_ev;
        p->kind = ev ? Q6_PARTY_EV : Q6_PARTY_BS;
        p->index = ev ? (uint32_t)i : m->bs_ap[i - m->n_ev];
        p->capacity_j = ev ? c->ev_battery_capacity_j : c->bs_battery_capacity_j;
        p->soc_j = soc_initial[i] * p->capacity_j;
    }
    /* Problem buffers: at most n_parties buyers and sellers. */
    Q6_M_ALLOC(buyers, np)
    Q6_M_ALLOC(sellers, np)
    Q6_M_ALLOC(buyer_party, np)
    Q6_M_ALLOC(seller_party, np)
    Q6_M_ALLOC(seller_of, np)
    Q6_M_ALLOC(metrics, sc->slots)
#undef Q6_M_ALLOC
    return m;
}

void q6_market_free(q6_market *m)
{
    if (!m)
        return;
    free(m->bs_ap);
    free(m->party);
    free(m->bids);
    free(m->offered);
    free(m->sold_j);
    free(m->chunks_given);
    free(m->buyers);
    free(m->sellers);
    free(m->buyer_party);
    free(m->seller_party);
    free(m->u_i);
    free(m->u_j);
    free(m->travel_j);
    free(m->travel_s);
    free(m->charge_s);
    free(m->ev_flops);
    free(m->admissible);
    free(m->seller_of);
    free(m->metrics);
    free(m->rec);
    free(m);
}

static double bs_power_w(const q6_market *m, size_t b)
{
    q6_bs_power_params p = q6_bs_power_defaults();
    double load = m->bs_load[b];
    return q6_bs_power_w(&p, load * p.max_output_w, load);
}

static double ev_speed(const q6_market *m, const q6_pose *pose)
{
    return fmax(pose->speed_mps, m->sc->market.min_speed_mps);
}

static double travel_energy(const q6_market *m, double distance_m, double speed_mps)
{
    const q6_market_config *c = &m->sc->market;
    return q6_ev_travel_energy_j(distance_m, speed_mps, c->ev_mass_kg, c->rolling_coeff, c->drag_coeff,
                                 c->frontal_area_m2);
}

void q6_market_add_energy(q6_market_party *p, double delta_j)
{
    p->soc_j = fmin(fmax(p->soc_j + delta_j, 0.0), p->capacity_j);
}

/* SoC_i of Q_i in percent; floored so that an empty battery keeps Q finite. */
static double soc_percent(const q6_market_party *p, double soc_j)
{
    return fmax(100.0 * soc_j / p->capacity_j, 1e-3);
}

q6_bid q6_market_bid(q6_market *m, uint32_t party, const q6_pose *pose, int first_slot)
{
    const q6_market_config *c = &m->sc->market;
    q6_market_party *p = &m->party[party];
    q6_bid bid = {party, Q6_BID_NONE, 0, p->soc_j, 0};
    int ev = p->kind == Q6_PARTY_EV;
    if (ev && (!pose || !pose->present))
        return bid;
    if (ev) {
        double v = ev_speed(m, pose);
        if (!first_slot && !p->busy && pose->speed_mps > 0)
            q6_market_add_energy(p, -travel_energy(m, pose->speed_mps * m->sc->slot_s, pose->speed_mps));
        p->reserve_j = travel_energy(m, v * 3600.0, v); /* RE_j: one hour of driving */
    } else {
        double w = bs_power_w(m, party - m->n_ev);
        if (!first_slot)
            q6_market_add_energy(p, -w * m->sc->slot_s); /* the battery powers the BS; below empty the grid does */
        p->reserve_j = w * 3600.0;                        /* RE_j: one hour of its own consumption */
    }
    bid.soc_j = p->soc_j;
    bid.reserve_j = p->reserve_j;
    if (p->busy)
        return bid;
    if (p->soc_j < c->buy_below_soc * p->capacity_j) {
        bid.role = Q6_BID_BUY;
        bid.energy_j = c->target_soc * p->capacity_j - p->soc_j;
    } else if (p->soc_j > p->reserve_j) {
        bid.role = Q6_BID_SELL;
        bid.energy_j = p->soc_j - p->reserve_j;
    }
    return bid;
}

/* Distance from (x, y) to the nearest BS site, where grid chargers stand
 * (INFINITY without BSs). */
static double nearest_bs_m(const q6_market *m, const double *ap_xyz, double x, double y)
{
    double best = INFINITY;
    for (size_t b = 0; b < m->n_bs; b++) {
        const double *q = &ap_xyz[3 * m->bs_ap[b]];
        best = fmin(best, hypot(q[0] - x, q[1] - y));
    }
    return best;
}

static void grow(double **p, size_t n) { *p = realloc(*p, (n ? n : 1) * sizeof **p); }

void q6_market_begin_rounds(q6_market *m)
{
    for (size_t i = 0; i < m->n_parties; i++) {
        m->offered[i] = m->bids[i];
        m->sold_j[i] = 0;
        m->chunks_given[i] = 0;
    }
}

void q6_market_take_pair(q6_market *m, uint32_t b, uint32_t s, double energy_j)
{
    const q6_market_config *c = &m->sc->market;
    m->bids[b].role = Q6_BID_NONE;
    q6_bid *sb = &m->bids[s];
    m->sold_j[s] += energy_j;
    sb->energy_j -= energy_j;
    sb->soc_j -= energy_j; /* committed: C4 of the next round sees what is left */
    uint32_t bs = m->party[s].kind == Q6_PARTY_BS ? s : b;
    m->chunks_given[bs]++;
    double cap = fmin(c->bs_task_chunks, c->bs_max_evs);
    if (m->party[s].kind == Q6_PARTY_EV || m->chunks_given[s] >= cap || !(sb->energy_j > 0))
        sb->role = Q6_BID_NONE;
}

/* Grid-side utility of a party (eqs. 7-8, grid case). EVs trade at the
 * charger of the nearest BS site, so they pay that travel. */
double q6_market_grid_utility(const q6_market *m, const q6_bid *b, double energy_j, const q6_pose *poses,
                              const double *ap_xyz)
{
    const q6_market_party *p = &m->party[b->party];
    const q6_market_params *u = &m->sc->market.utility;
    double trv = 0;
    if (p->kind == Q6_PARTY_EV && m->n_bs) {
        const q6_pose *pose = &poses[p->index];
        trv = travel_energy(m, nearest_bs_m(m, ap_xyz, pose->x_m, pose->y_m), ev_speed(m, pose));
    }
    double soc_pct = soc_percent(p, b->soc_j);
    return b->role == Q6_BID_BUY ? q6_market_buyer_grid_utility(u, soc_pct, energy_j, trv)
                                 : q6_market_seller_grid_utility(u, energy_j, trv);
}

void q6_market_build(q6_market *m, uint64_t k, double now_s, const q6_pose *poses, const double *ap_xyz,
                     double ev_cpu_hz, const double *bs_cpu_hz, const q6_services *svc,
                     q6_market_problem *p)
{
    const q6_market_config *c = &m->sc->market;
    const q6_market_params *u = &c->utility;
    uint32_t nb = 0, ns = 0;
    for (size_t i = 0; i < m->n_parties; i++) {
        const q6_bid *b = &m->bids[i];
        if (b->role == Q6_BID_NONE)
            continue;
        const q6_market_party *party = &m->party[i];
        q6_party_view v = {party->kind, party->index, b->energy_j, b->soc_j, b->reserve_j,
                           fmax(q6_market_grid_utility(m, b, b->energy_j, poses, ap_xyz), 0.0)};
        if (b->role == Q6_BID_BUY) {
            m->buyer_party[nb] = (uint32_t)i;
            m->buyers[nb++] = v;
        } else {
            m->seller_party[ns] = (uint32_t)i;
            m->sellers[ns++] = v;
        }
    }
    size_t pairs = (size_t)nb * ns;
    grow(&m->u_i, pairs);
    grow(&m->u_j, pairs);
    grow(&m->travel_j, pairs);
    grow(&m->travel_s, pairs);
    grow(&m->charge_s, pairs);
    grow(&m->ev_flops, pairs);
    m->admissible = realloc(m->admissible, pairs ? pairs : 1);
    double chunk_flops = c->chunk_bytes * c->ev_cycles_per_byte;
    for (uint32_t i = 0; i < nb; i++)
        for (uint32_t j = 0; j < ns; j++) {
            size_t ij = (size_t)i * ns + j;
            const q6_party_view *bu = &m->buyers[i], *se = &m->sellers[j];
            m->u_i[ij] = m->u_j[ij] = m->travel_j[ij] = m->travel_s[ij] = m->charge_s[ij] = m->ev_flops[ij] = 0;
            m->admissible[ij] = 0;
            if (bu->kind == se->kind)
                continue; /* pairs are one EV and one BS */
            int ev_buys = bu->kind == Q6_PARTY_EV;
            const q6_party_view *ev = ev_buys ? bu : se;
            uint32_t bs_party = ev_buys ? m->seller_party[j] : m->buyer_party[i];
            const q6_pose *pose = &poses[ev->index];
            const double *q = &ap_xyz[3 * (size_t)(ev_buys ? se->index : bu->index)];
            double v = ev_speed(m, pose), d = hypot(q[0] - pose->x_m, q[1] - pose->y_m);
            double trv_j = travel_energy(m, d, v), trv_s = d / v;
            double e = bu->energy_j, t_chg = q6_ev_charge_time_s(e, c->charge_power_w);
            /* Eq. 4: the EV computes while the energy flows, and leaves when
             * it ends unless ev_stays; the BS computes what is left (eq. 2). */
            double t_full = chunk_flops / ev_cpu_hz;
            double t_ev = c->ev_stays ? t_full : fmin(t_full, t_chg);
            double f_bbu = bs_cpu_hz[bs_party - m->n_ev];
            double t_bs = fmax(chunk_flops - t_ev * ev_cpu_hz, 0.0) / f_bbu + c->bs_add_time_s;
            double t_ev_total = trv_s + fmax(t_chg, t_ev);
            double u_bs = q6_market_bs_comp_utility(u, c->chunk_bytes, t_ev_total, t_bs, c->bs_add_time_s);
            double u_ev = q6_market_ev_comp_utility(u, t_ev_total, trv_j, c->chunk_bytes);
            double soc_pct = soc_percent(&m->party[m->buyer_party[i]], bu->soc_j);
            m->u_i[ij] = q6_market_buyer_utility(u, soc_pct, e, ev_buys ? u_ev : u_bs);
            m->u_j[ij] = q6_market_seller_utility(u, e, ev_buys ? u_bs : u_ev);
            m->travel_j[ij] = trv_j;
            m->travel_s[ij] = trv_s;
            m->charge_s[ij] = t_chg;
            m->ev_flops[ij] = t_ev * ev_cpu_hz;
            int c3 = !ev_buys || trv_j <= bu->soc_j;           /* buyer EV reaches the seller */
            int c4 = e <= se->soc_j - se->reserve_j;            /* seller keeps RE_j */
            int c5 = ev_buys || se->reserve_j >= trv_j;         /* seller EV's reserve covers the trip */
            m->admissible[ij] = (uint8_t)(c3 && c4 && c5);
        }
    for (uint32_t i = 0; i < nb; i++)
        m->seller_of[i] = -1;
    *p = (q6_market_problem){Q6_PLUGIN_ABI_VERSION, k, now_s, nb, ns, m->buyers, m->sellers, m->u_i, m->u_j,
                             m->travel_j, m->admissible, c->qubo_penalty, svc};
}

void q6_market_check_bounds(q6_edge_record *r, double add_time_s)
{
    r->lower_s = q6_edge_task_time_lower_s(r->bs_comp_s, r->ev_comp_s, add_time_s);
    /* The upper bound assumes the BS computed no part of the chunk itself. */
    int bs_computed = r->ev_flops < r->chunk_flops;
    r->upper_s = bs_computed ? NAN : q6_edge_task_time_upper_s(r->ev_comp_s, add_time_s);
    /* Times come from the simulation clock: allow rounding of sums of doubles. */
    double tol = 1e-9 * fmax(1.0, r->task_s);
    r->within_bounds = r->task_s + tol >= r->lower_s && (isnan(r->upper_s) || r->task_s <= r->upper_s + tol);
}

q6_edge_record *q6_market_new_record(q6_market *m)
{
    if (m->n_rec == m->cap_rec) {
        m->cap_rec = m->cap_rec ? 2 * m->cap_rec : 64;
        m->rec = realloc(m->rec, m->cap_rec * sizeof *m->rec);
    }
    q6_edge_record *r = &m->rec[m->n_rec++];
    memset(r, 0, sizeof *r);
    return r;
}
