/* State of the paper-000 energy market during a run (no SimGrid here):
 * parties (every EV and every BS) with their batteries, their bids, the
 * slot's market problem built from positions and the utility models, and
 * the records of the edge chunks computed during exchanges. The actors
 * that carry bids, matches and exchanges are in agents/market.c. */
#ifndef Q6_SIM_MARKET_H
#define Q6_SIM_MARKET_H
#include "models/mobility/mobility.h"
#include "sim/scenario/platform.h"
#include "sim/scenario/scenario.h"
#include "solvers/plugin.h"
#include <stddef.h>
#include <stdint.h>

typedef enum { Q6_BID_NONE = 0, Q6_BID_BUY = 1, Q6_BID_SELL = 2 } q6_bid_role;

/* An energy message from a party to the aggregator. */
typedef struct {
    uint32_t party;
    q6_bid_role role;
    double energy_j;       /* demand (buy) or surplus (sell) */
    double soc_j, reserve_j;
} q6_bid;

typedef struct {
    q6_party_kind kind;
    uint32_t index;        /* vehicle index, or AP index of the BS */
    double capacity_j, soc_j;
    double reserve_j;      /* RE_j of the current slot */
    int busy;              /* in an exchange: no bids until it ends */
} q6_market_party;

/* Energy delivered in a slot by direction (J), as in Fig. 5 of paper 000. */
enum { Q6_FLOW_V2G = 0, Q6_FLOW_T2G, Q6_FLOW_T2V, Q6_FLOW_EV2BS, Q6_FLOW_G2V, Q6_FLOW_G2T, Q6_FLOW_COUNT };
const char *q6_flow_name(int flow);

typedef struct {
    uint32_t buyers, sellers, matched, rejected; /* buyers, sellers: bids at the slot's start */
    uint32_t rounds;               /* matching rounds run */
    double welfare;                /* sum of all utilities: pairs of every round + grid trades' outside options */
    double welfare_grid_only;      /* the same with every party left to the grid */
    double flow_j[Q6_FLOW_COUNT];
    double opt_time_s, opt_energy_j, opt_co2_kg; /* opt_energy_j: the scenario's cost model */
    double opt_energy_system_j, opt_energy_process_j; /* both cost models (models/optimiser_energy.h) */
    double opt_pairs;              /* buyer x seller pairs the optimiser was given, summed over rounds */
} q6_market_slot_metrics;

/* One edge chunk a BS handed to its matched EV. Times in seconds. */
typedef struct {
    uint64_t slot;
    uint32_t bs, ev;               /* AP index, vehicle index */
    uint32_t bs_party, buyer_party, seller_party;
    double energy_j;               /* traded */
    int ev_buys;                   /* 1: T2V, 0: EV to BS */
    double decided_s, travel_s, travel_energy_j, charge_s;
    double chunk_flops, ev_flops;  /* chunk, and the part the EV computed */
    double arrive_s, ev_end_s, end_s;
    double ev_comp_s, bs_comp_s, task_s;   /* measured: t_EV^comp, t_BS^comp (incl. add), t_task^comp */
    double add_s;                  /* measured t_BS^add (longer than bs_add_time_s while the BS's CPU is shared) */
    double lower_s, upper_s;       /* Theorem 1 bounds (upper NAN when the BS computed a part) */
    int done, within_bounds;
    int pending;                   /* sides (EV, BS) still busy with this exchange */
} q6_edge_record;

typedef struct q6_market {
    const q6_scenario *sc;
    size_t n_ev, n_bs, n_parties;  /* parties: EVs first, then BSs */
    uint32_t *bs_ap;               /* AP index of BS party n_ev + b */
    q6_market_party *party;
    const double *bs_load;         /* current slot's load of each BS, P_out / P_max (the exogenous timeline's) */
    q6_bid *bids;                  /* per party, current slot (updated between matching rounds) */
    q6_bid *offered;               /* per party, the bid as sent at the slot's start */
    double *sold_j;                /* per party, energy sold to peers this slot */
    uint32_t *chunks_given;        /* per party (BS), chunks handed to EVs this slot */
    /* The slot's problem (owned buffers). */
    q6_party_view *buyers, *sellers;
    uint32_t *buyer_party, *seller_party;
    double *u_i, *u_j, *travel_j, *travel_s, *charge_s, *ev_flops;
    uint8_t *admissible;
    int32_t *seller_of;
    q6_market_slot_metrics *metrics; /* per slot */
    q6_edge_record *rec;
    size_t n_rec, cap_rec;
    uint64_t bound_violations;
} q6_market;

/* NULL when the scenario has no market. soc_initial: each party's initial
 * charge (fraction); bs_load: the BSs' load, updated by the exogenous
 * timeline every slot (sim/exogenous.h), read when bidding. */
q6_market *q6_market_create(const q6_scenario *sc, const q6_platform *pf, const double *soc_initial,
                            const double *bs_load);
void q6_market_free(q6_market *m);

/* A party's bid at the start of a slot: it first pays its own use since the
 * last slot (EV: driving, eq. 5; BS: eq. 1 at the slot's load, from its
 * battery), then buys below market.buy_below_soc or sells its surplus
 * above RE_j (one hour of its own consumption). Busy or absent: NONE. */
q6_bid q6_market_bid(q6_market *m, uint32_t party, const q6_pose *pose, int first_slot);

/* Starts a slot's matching rounds: offered = bids, nothing sold. */
void q6_market_begin_rounds(q6_market *m);

/* Records that buyer party b buys energy_j from seller party s in this
 * round and updates the bids of the next round: the buyer is served; an
 * EV seller has computed its one chunk; a BS seller keeps selling what is
 * left of its surplus while it has chunks for more EVs
 * (min(bs_task_chunks, bs_max_evs) per slot). */
void q6_market_take_pair(q6_market *m, uint32_t b, uint32_t s, double energy_j);

/* Utility of party `b->party` trading energy_j with the grid (eqs. 7-8,
 * grid case, for its bid's role; EVs trade at the nearest BS site and pay
 * the trip), not clamped. */
double q6_market_grid_utility(const q6_market *m, const q6_bid *b, double energy_j, const q6_pose *poses,
                              const double *ap_xyz);

/* Builds the slot's q6_market_problem from the bids in m->bids.
 * ev_cpu_hz is f_EV; bs_cpu_hz[b] is f_BBU of BS party b (flops/s). */
void q6_market_build(q6_market *m, uint64_t k, double now_s, const q6_pose *poses, const double *ap_xyz,
                     double ev_cpu_hz, const double *bs_cpu_hz, const q6_services *svc,
                     q6_market_problem *p);

/* A party's stored energy changes by delta_j, kept within [0, capacity]. */
void q6_market_add_energy(q6_market_party *p, double delta_j);

/* Theorem 1 of paper 000 on a finished record, with t_BS^add = add_time_s
 * (the measured adding time): fills lower_s, upper_s and within_bounds. */
void q6_market_check_bounds(q6_edge_record *r, double add_time_s);

q6_edge_record *q6_market_new_record(q6_market *m);

#endif
