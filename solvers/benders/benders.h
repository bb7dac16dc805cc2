/* Paper 002: one slot's drift-plus-penalty problem of the SATIN offloading
 * system and its generalized Benders decomposition (docs/paper002.md).
 *
 * The problem is a plain struct so the solvers do not depend on the engine:
 * the ABI-3 plugins (plugins.c) translate q6_sched_problem into it, tests and
 * benchmarks build it by hand.
 *
 * Binaries: x_ij (user i associated with AP j, only where reach_ij) and
 * y_ij (AP j computes i's task onboard, only where AP j has a CPU).
 * Continuous: beta_ij (bandwidth fraction), f_ij (CPU speed given to i).
 * Objective (per slot, the decision-dependent part of eq. (30)):
 *   V sum_i D_i + sum_j Q_j E_j
 * with D_i = sum_j x_ij L_i / (beta_ij rbar_ij)           upload, eq. (13)
 *          + (x_ij - y_ij) (L_i / R_j + c_i / f_cloud)    relay + cloud, (14) (20)
 *          + y_ij c_i / f_ij                              onboard, (18)
 *      E_j = sum_i (x_ij - y_ij) P_j L_i / R_j             relay energy, (15)
 *          + y_ij kappa_j c_i f_ij^2                      onboard energy, (19)
 * subject to one AP per user (7), reach (6), y <= x (9), y = 0 at relays
 * (8), beta in [beta_min, beta_max] x and sum_i beta_ij <= 1 (11)(12),
 * f in [f_min, f_max] y and sum_i f_ij <= F_j (16)(17).
 * rbar_ij is the rate over AP j's whole band (eq. 10 with the noise of the
 * whole band), so a fraction beta uploads at beta rbar_ij. */
#ifndef Q6_SOLVERS_BENDERS_BENDERS_H
#define Q6_SOLVERS_BENDERS_BENDERS_H
#include <stddef.h>
#include <stdint.h>
#include "solvers/qubo/bqm.h"

typedef struct {
    uint32_t n_users, n_aps;
    double v;                  /* Lyapunov weight V (>= 0) */
    double cloud_flops;        /* f_cloud: cloud CPU speed per task */
    /* per user */
    const double *input_bits;  /* L_i */
    const double *work_cycles; /* c_i = C_i L_i */
    /* per AP */
    const double *beta_min, *beta_max;  /* bounds of one user's bandwidth fraction */
    const double *cpu_hz;      /* F_j; 0: relay only (LEO) */
    const double *f_min, *f_max;        /* bounds of one task's CPU share (when cpu_hz > 0) */
    const double *kappa;       /* effective switched capacitance */
    const double *backhaul_bps;/* R_j to the cloud */
    const double *tx_power_w;  /* P_j of the relay link */
    const double *queue_j;     /* Q_j: energy virtual-queue backlog (J) */
    /* per (user, AP), index i * n_aps + j */
    const double *rate_bps;    /* rbar_ij; used only where reach */
    const uint8_t *reach;      /* connectivity alpha_ij (and rate > 0) */
} q6_bd_problem;

/* 0 when the problem is well formed, else -1 with a message naming the field. */
int q6_bd_check(const q6_bd_problem *p, char *err, size_t errlen);

/* A binary assignment: ap[i] (UINT32_MAX: user unserved, only where it reaches
 * nothing) and onboard[i] (0/1). */
typedef struct {
    uint32_t *ap;
    uint8_t *onboard;
} q6_bd_binaries;

/* Continuous allocation and its value. */
typedef struct {
    int feasible;
    double value;              /* primal objective (upper bound) */
    double *beta;              /* per user, on its AP (0 when unserved) */
    double *f_hz;              /* per user (0 unless onboard) */
    double *lambda;            /* per AP: multiplier of sum beta <= 1 */
    double *mu;                /* per AP: multiplier of sum f <= F */
    double *delay_s;           /* per user D_i */
    double *energy_j;          /* per AP E_j */
    uint32_t *infeasible_bw;   /* per AP: 1 when sum beta_min > 1 */
    uint32_t *infeasible_cpu;  /* per AP: 1 when sum f_min > F */
} q6_bd_alloc;

int q6_bd_alloc_init(q6_bd_alloc *a, const q6_bd_problem *p);
void q6_bd_alloc_free(q6_bd_alloc *a);

/* The convex subproblem for fixed binaries, solved from its KKT conditions
 * per AP (bisection on the two multipliers, the per-user optimum in closed
 * form or by a safeguarded Newton step on a monotone cubic). */
int q6_bd_subproblem(const q6_bd_problem *p, const q6_bd_binaries *b, q6_bd_alloc *out);

/* Relay cost w_ij = V (L_i / R_j + c_i / f_cloud) + Q_j P_j L_i / R_j. */
double q6_bd_relay_cost(const q6_bd_problem *p, uint32_t i, uint32_t j);
/* phi_ij(lambda) = min_{b in [bmin,bmax]} V L_i / (b rbar_ij) + lambda b, *arg the b. */
double q6_bd_phi(const q6_bd_problem *p, uint32_t i, uint32_t j, double lambda, double *arg);
/* psi_ij(mu) = min_{f in [fmin,fmax]} V c_i / f + Q_j kappa_j c_i f^2 + mu f. */
double q6_bd_psi(const q6_bd_problem *p, uint32_t i, uint32_t j, double mu, double *arg);

/* Delays D_i (21) and AP energies E_j (22) of a feasible point, and its
 * objective V sum D + sum Q E (the one formula the subproblem uses too). */
double q6_bd_outcome(const q6_bd_problem *p, const q6_bd_binaries *b, const double *beta, const double *f_hz,
                     double *delay_s, double *energy_j);
/* Objective of a full assignment (binaries + continuous), NAN when it breaks
 * a constraint; used to check solutions independently of the solver. */
double q6_bd_evaluate(const q6_bd_problem *p, const q6_bd_binaries *b, const double *beta, const double *f_hz);

/* ---- Cuts ---------------------------------------------------------------- *
 * Variable numbering of the master: x vars first (one per reachable pair, in
 * (i, j) order), then y vars (one per reachable pair at an AP with a CPU). */
typedef struct {
    uint32_t n_x, n_y;
    uint32_t *x_user, *x_ap;   /* per x var */
    uint32_t *y_user, *y_ap;   /* per y var */
    int32_t *x_of;             /* per (i, j): x var index or -1 */
    int32_t *y_of;             /* per (i, j): y var index or -1 */
} q6_bd_vars;

int q6_bd_vars_init(q6_bd_vars *v, const q6_bd_problem *p);
void q6_bd_vars_free(q6_bd_vars *v);
/* z (n_x + n_y entries 0/1) <-> binaries */
void q6_bd_vars_to_z(const q6_bd_vars *v, const q6_bd_problem *p, const q6_bd_binaries *b, uint8_t *z);

typedef enum { Q6_BD_CUT_OPTIMALITY = 0, Q6_BD_CUT_FEASIBILITY = 1 } q6_bd_cut_kind;

/* Optimality: eta >= constant + sum_v coef[v] z_v.
 * Feasibility: sum_v coef[v] z_v <= rhs (coef 0/1 over one AP's x or y vars). */
typedef struct {
    q6_bd_cut_kind kind;
    double constant;           /* optimality */
    double rhs;                /* feasibility */
    double *coef;              /* n_x + n_y */
} q6_bd_cut;

/* The Lagrangian (Geoffrion) cut of a solved subproblem:
 * eta >= sum_j (-lambda_j - mu_j F_j) + sum x_ij (phi_ij(lambda_j) + w_ij)
 *        + sum y_ij (psi_ij(mu_j) - w_ij). Valid for every binary point. */
int q6_bd_optimality_cut(const q6_bd_problem *p, const q6_bd_vars *v, const q6_bd_alloc *a, q6_bd_cut *out);
/* Feasibility cuts of an infeasible subproblem (one per overfull AP
 * resource); *n_out cuts written to out (room for 2 n_aps). */
int q6_bd_feasibility_cuts(const q6_bd_problem *p, const q6_bd_vars *v, const q6_bd_alloc *a, q6_bd_cut *out,
                           uint32_t *n_out);
void q6_bd_cut_free(q6_bd_cut *c);
/* Value of the cut's right-hand side at z (optimality), or lhs - rhs (feasibility). */
double q6_bd_cut_eval(const q6_bd_cut *c, const q6_bd_vars *v, const uint8_t *z);

/* ---- Master problems ------------------------------------------------------ */

typedef struct {
    const q6_bd_problem *p;
    const q6_bd_vars *v;
    const q6_bd_cut *cuts;
    uint32_t n_cuts;
    const uint8_t *hint;       /* MILP: a known point (the incumbent) offered to GLPK; may be NULL */
    uint32_t node_limit;       /* MILP: stop branch and bound after this many nodes (0: none) */
} q6_bd_master;

/* Simulated cost of one master solve. */
typedef struct {
    double sim_s;              /* simulated solve time (counted work or QPU model) */
    double energy_j;           /* energy of the solving host (0 when unknown) */
    double wall_s;             /* measured, reported only */
    double ops;                /* counted classical operations (GLPK) */
    uint32_t qubo_vars, qubo_couplers;
} q6_bd_master_cost;

/* Classical clock the counted MILP operations are charged at (one op per
 * cycle on the host of q6_cpu_host_default). */
double q6_bd_milp_clock_hz(void);

/* MILP master by GLPK (branch and bound): z_out (n_x + n_y) the optimum,
 * *lb_out its value. With a node limit that stops the search, z_out is the
 * incumbent and *lb_out the best bound of the open nodes (still a valid
 * lower bound). 0, 1 when infeasible (or stopped without an incumbent),
 * -1 on error. */
int q6_bd_master_milp(const q6_bd_master *m, uint8_t *z_out, double *lb_out, q6_bd_master_cost *cost);

/* QUBO master: eta by binary expansion eta = delta N, N of eta_bits bits
 * (paper eq. 35), cuts and constraints as penalties with slack bits (36)-(40). */
typedef enum { Q6_BD_SAMPLER_EXACT = 0, Q6_BD_SAMPLER_SA = 1, Q6_BD_SAMPLER_TABU = 2 } q6_bd_sampler;
typedef enum { Q6_BD_HOST_CPU = 0, Q6_BD_HOST_QPU = 1 } q6_bd_host;

struct q6_services;
typedef struct {
    q6_bd_sampler sampler;
    q6_bd_host host;
    uint32_t eta_bits;         /* default 16 */
    double delta;              /* eta resolution (set by the loop) */
    uint32_t reads, sweeps;    /* 0: sampler default */
    uint64_t seed;
    const struct q6_services *services; /* NULL: cost from the local models */
} q6_bd_qubo_options;

/* Returns the up to k best distinct decoded z (repaired to one AP per user),
 * rows of n_x + n_y in z_out, *count_out how many, and per row in value_out
 * a lower-bound candidate: exact, delta N of the delta-grid master (a
 * certified lower bound: its cuts are rounded down); SA/tabu, the master
 * value at the repaired sample (max over the cuts, not certified, as with
 * the paper's annealer). 0, or -1 on error (exact: more than 2^24 points). */
int q6_bd_master_qubo(const q6_bd_master *m, const q6_bd_qubo_options *o, uint32_t k, uint8_t *z_out,
                      double *value_out, uint32_t *count_out, q6_bd_master_cost *cost);

/* The master's QUBO itself (compiled; caller frees): the first n_x + n_y
 * variables are z, then eta's bits, then the slack bits. For tests and
 * benchmarks (size, ground state by brute force). */
int q6_bd_master_qubo_model(const q6_bd_master *m, const q6_bd_qubo_options *o, q6_bqm *out);

/* Master value at z: max(0, max over optimality cuts), +INF when a
 * feasibility cut or a master constraint is broken. */
double q6_bd_master_value(const q6_bd_master *m, const uint8_t *z);

/* ---- The decomposition loop --------------------------------------------- */

typedef enum { Q6_BD_MASTER_MILP = 0, Q6_BD_MASTER_QUBO = 1 } q6_bd_master_kind;

typedef struct {
    q6_bd_master_kind master;
    q6_bd_qubo_options qubo;
    uint32_t cuts_per_iter;    /* K (multi-cut); 1 single-cut */
    uint32_t max_iter;         /* default 100 */
    uint32_t milp_node_limit;  /* GLPK nodes per master (0: none, the default; deterministic) */
    double tol_rel;            /* stop when UB - LB <= tol_rel max(1, |UB|); default 1e-6 */
} q6_bd_options;

void q6_bd_options_default(q6_bd_options *o);

typedef struct {
    double ub, lb;             /* after the iteration */
    double master_sim_s, master_wall_s;
    uint32_t cuts;             /* cuts added in the iteration */
} q6_bd_iter;

/* What one slot's solve did (the per-slot record of the issue). */
typedef struct {
    uint32_t iterations;
    q6_bd_iter *iter;          /* iterations entries */
    uint32_t iter_cap;
    double master_sim_s, master_wall_s, master_energy_j;  /* totals */
    double gap;                /* final UB - LB (>= 0) */
    double ub, lb;
    int converged;             /* gap within tolerance */
    uint32_t subproblems;
} q6_bd_record;

void q6_bd_record_free(q6_bd_record *r);

/* Solves the slot problem; best binaries and their allocation in b_out and
 * a_out (both sized for p). start: initial binaries (NULL: the heuristic's
 * max-SNR, all-to-cloud point). 0, 1 when no feasible point exists, -1 error. */
int q6_bd_solve(const q6_bd_problem *p, const q6_bd_options *o, const q6_bd_binaries *start,
                q6_bd_binaries *b_out, q6_bd_alloc *a_out, q6_bd_record *rec);

/* ---- Heuristic baseline -------------------------------------------------- */

/* Max-SNR association (users taken by rate order, an AP taking at most
 * floor(1/beta_min) users, the next best AP otherwise), onboard with
 * probability 1/2 at an AP with a CPU (at most floor(F/f_min) tasks)
 * drawn from u01 (one uniform per user), relays to the cloud otherwise.
 * onboard_prob < 0 means none onboard. */
int q6_bd_heuristic_binaries(const q6_bd_problem *p, const double *u01, double onboard_prob, q6_bd_binaries *b);
/* Equal allocation: beta = 1/|U_j| and f = F_j/|S_j| clamped to the bounds. */
int q6_bd_equal_alloc(const q6_bd_problem *p, const q6_bd_binaries *b, q6_bd_alloc *out);

int q6_bd_binaries_init(q6_bd_binaries *b, uint32_t n_users);
void q6_bd_binaries_free(q6_bd_binaries *b);

#endif
