/* What solving a QUBO costs in simulated time, energy and CO2, from counted
 * work only (never wall clock), so classical and quantum solving compare.
 *
 * QPU: the per-job times and power come from the annealer model in models/
 * (programming, anneal, readout, delay per read); this file composes them
 * with the number of reads and a minor-embedding estimate. Classical: the
 * counts of a sampler run (samplers.h) -> CPU cycles -> seconds at a clock
 * -> joules at a power -> kg CO2 at an emission factor. */
#ifndef Q6_SOLVERS_QUBO_QPU_COST_H
#define Q6_SOLVERS_QUBO_QPU_COST_H
#include "solvers/qubo/samplers.h"

/* Pegasus-like hardware graph. */
typedef struct {
    size_t num_qubits;   /* P16 (D-Wave Advantage): 24 M (M-1) - 8 (M-1) = 5,640 */
    unsigned degree;     /* couplers per qubit: 15 */
    unsigned m;          /* Pegasus size parameter M */
} q6_qpu_topology;

/* P_M (Boothby, King, Roy 2020, "Next-generation topology of D-Wave quantum
 * processors", arXiv:2003.00133): 24 M (M-1) - 8 (M-1) qubits, degree 15.
 * m >= 2. */
int q6_qpu_topology_pegasus(unsigned m, q6_qpu_topology *out);

typedef struct {
    size_t logical_vars, logical_edges;
    double density;            /* 2E / (n (n-1)) */
    double mean_degree;        /* 2E / n */
    double clique_chain_length;/* chain length a clique of n would need */
    double mean_chain_length;  /* estimate for this graph */
    size_t physical_qubits;    /* ceil(n * mean chain length) */
    size_t physical_couplers;  /* E + n (L - 1) intra-chain couplers */
    int fits;                  /* physical_qubits <= topology qubits */
} q6_qubo_embedding;

/* Chain-length estimate (documented rule, not a real embedding):
 *  - a clique K_n needs chains of L_K(n) = n/12 + 2 qubits on Pegasus
 *    (clique embeddings of K_{12(M-1)} with chains of M+1 qubits, Boothby
 *    et al. 2020), L_K = 1 for n <= 4 (native K_4);
 *  - a graph of edge density rho interpolates: L = 1 + (L_K(n) - 1) rho,
 *    i.e. about 1 + mean degree / 12. That stays above the counting bound
 *    (a chain of L qubits has at most L (degree - 2) + 2 outside couplers,
 *    so L >= mean degree / 13) for every graph. */
int q6_qubo_embedding_estimate(size_t num_vars, size_t num_edges, const q6_qpu_topology *topo,
                               q6_qubo_embedding *out);

/* Per-job annealer figures, supplied by the annealer model in models/. */
typedef struct {
    double programming_s;  /* once per job */
    double anneal_s;       /* per read */
    double readout_s;      /* per read */
    double delay_s;        /* per read (readout thermalisation) */
    double power_w;        /* QPU system power during the job (cryostat etc.) */
} q6_qpu_job_model;

/* Classical host that runs a solver or the embedding heuristic. */
typedef struct {
    double clock_hz;
    double cycles_per_attempt;      /* per single-flip candidate evaluated */
    double cycles_per_field_update; /* per neighbour local-field update */
    double power_w;                 /* per core, active */
} q6_cpu_host;

/* One core of the AMD EPYC server the SA kernel was measured on
 * (bench/qubo/run.sh, quiet machine): 3.0 GHz, ~35 cycles per attempt and
 * ~1.2 cycles per field update (fitted to bqp50 and bqp1000 reads at
 * 8e7 and 4.2e7 attempts/s), 10 W per active core (a 64-core 280 W-TDP
 * part with its uncore shared). Tabu candidate evaluations are cheaper than
 * SA attempts, so this overcharges tabu (an upper bound). */
void q6_cpu_host_default(q6_cpu_host *out);

typedef struct {
    double time_s, energy_j, co2_kg;
} q6_solve_cost;

/* cycles = attempts * cycles_per_attempt + field_updates * cycles_per_field_update;
 * time = cycles / clock; energy = time * power; co2 = energy * co2_kg_per_j. */
int q6_qubo_classical_cost(const q6_sampler_stats *stats, const q6_cpu_host *cpu, double co2_kg_per_j,
                           q6_solve_cost *out);

typedef struct {
    double qpu_access_s;       /* programming + reads (anneal + readout + delay) */
    double embedding_s;        /* host time of the embedding heuristic (0 if reused) */
    q6_solve_cost total;       /* QPU + embedding */
    double embedding_ops;      /* counted relaxations of the embedding estimate */
    int fits;
} q6_qpu_cost;

/* Embedding work model: one shortest-path pass over every hardware coupler
 * per logical variable per try (Cai, Macready, Roy 2014, "A practical
 * heuristic for finding graph minors"): ops = tries * n * Q * degree / 2,
 * each op charged cycles_per_field_update on `host`. embedding_tries = 0
 * means the embedding is cached (no cost). Returns -ERANGE (cost still
 * filled) when the model does not fit the QPU. */
int q6_qubo_qpu_cost(const q6_qpu_job_model *job, size_t num_reads, const q6_qubo_embedding *emb,
                     const q6_qpu_topology *topo, unsigned embedding_tries, const q6_cpu_host *host,
                     double co2_kg_per_j, q6_qpu_cost *out);

#endif
