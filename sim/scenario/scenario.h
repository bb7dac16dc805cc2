/* A scenario: infrastructure platform + populations, task model, mobility,
 * slot length, horizon, scheduler and seed. File format: libconfig (see
 * docs/scenario-format.md). All values SI. */
#ifndef Q6_SIM_SCENARIO_H
#define Q6_SIM_SCENARIO_H
#include "models/mobility/mobility.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/scenario_lyapunov.h"
#include "sim/scenario/scenario_market.h"
#include "sim/scenario/scenario_quantum.h"
#include <stddef.h>
#include <stdint.h>

/* Bounds of the whole-number fields that the command line can override
 * too (--seed, --slots): one definition for both. Seeds stop at 2^53 so
 * that every seed is exact wherever it is read back as a double (JSON). */
#define Q6_SLOTS_MAX 1000000000ULL
#define Q6_SEED_MAX 9007199254740992ULL
/* Most vehicles in a pool, given or sized from a trace (FCD or ns-2). */
#define Q6_VEHICLES_MAX 1000000ULL
#define Q6_MAX_PRIORITY_WEIGHTS 64
#define Q6_MAX_SUBTASKS 64          /* most parts a task splits into */

typedef struct {
    int one_per_slot;         /* arrival = "per-slot": one task per vehicle at each slot's start */
    double arrival_rate_hz;   /* Poisson arrivals per vehicle (arrival = "poisson") */
    double input_bytes[2];    /* uniform [min, max] */
    double flops_per_byte;    /* computation density */
    double output_ratio;      /* result bytes / input bytes */
    double deadline_s;        /* tasks finishing later count as dropped */
    q6_quantum_config quantum; /* share of quantum circuits and their ranges */
    /* Priority weight of node i's tasks: priority_weights[i % n] (1 when none). */
    double priority_weights[Q6_MAX_PRIORITY_WEIGHTS];
    size_t n_priority_weights;
    /* Subtasks: each classical task splits into a whole number of equal
     * parts drawn uniformly in [min, max] (1, 1: not split). */
    double subtasks[2];
    /* task.subtask_priority (paper 004, eqs. 1-2): when on, subtask j of n
     * gets P_j = (alpha C_j / sum C + beta D_j / sum D + gamma chi) varpi
     * varkappa, with chi the node's priority_weights entry (its intrinsic
     * priority, in (0, 1)); off: the entry itself. */
    int subtask_priority_on;
    double prio_alpha, prio_beta, prio_gamma;  /* eq. 2: each in (0, 1), sum 1 */
    double prio_complexity_weight;             /* varpi, in (0, 1) */
    double prio_size_weight;                   /* varkappa, in (0, 1) */
} q6_task_model;

typedef struct {
    size_t count;             /* number of vehicle slots (pool size for replay) */
    double cpu_flops;         /* local CPU speed */
    double tx_power_w;        /* uplink transmit power */
    double antenna_gain_dbi;
    double idle_power_w;      /* CPU idle power; dynamic energy is DVFS (energy.vehicle_kappa) */
    q6_mobility_config mobility;
} q6_vehicle_population;

/* Energy supply of the infrastructure (paper 003): every BS site has
 * renewable generation and a battery; other hosts draw from the grid. */
typedef struct {
    double grid_g_per_kwh;          /* constant grid emission factor */
    char emission_csv[4096];        /* time series of the grid factor (resolved), or "" */
    double renewable_peak_w;        /* BS site generation: uniform [0, peak] per slot */
    double renewable_g_per_kwh, battery_g_per_kwh;
    double battery_capacity_j;
    double battery_keep_per_slot;   /* self-discharge: fraction kept per slot */
    double battery_charge_efficiency;
    double battery_initial[2];      /* initial level as a fraction of capacity, uniform */
    double vehicle_kappa;           /* DVFS effective switched capacitance, W/Hz^3 */
} q6_energy_params;

typedef struct {
    double noise_psd_w_per_hz;   /* thermal noise incl. noise figure */
    int fading;                  /* -1: each AP's model; else a q6_fading_kind for all */
    double min_snr_linear;       /* below this an AP is out of reach */
    double relay_range_m;        /* vehicle-to-vehicle relay range for the connectivity graph; 0: none */
    double uav_relay_range_m;    /* UAV-UAV and UAV-BS relay range (paper 004); 0: none */
    int dual_connectivity;       /* 1: a node may use one BS and one UAV per slot (paper 004) */
    /* Probability that a (vehicle, AP) link exists in a slot, drawn per
     * slot (paper 002's alpha_ij); 1: every link exists and nothing is drawn. */
    double connectivity_probability;
} q6_channel_params;

typedef struct q6_scenario {
    char path[4096];            /* scenario file as given */
    char dir[4096];             /* its directory, for relative paths */
    char name[128];
    char platform_path[4096];   /* resolved */
    uint64_t seed;
    double slot_s;
    uint64_t slots;
    int slots_line;             /* where slots is set, for later checks */
    char scheduler[128];
    char matcher[128];          /* energy-market matcher; "" when not given (see engine.c) */
    char plugin_params[1024];   /* "key=value,key=value" passed to init */
    double control_latency_s;   /* signalling latency, vehicle <-> aggregator */
    double grid_price_per_kwh;  /* energy offers from the grid actor */
    q6_task_model task;
    q6_vehicle_population vehicles;
    q6_mobility_config uav_mobility;
    int uav_mobility_set;       /* 0: UAVs stay at their platform position */
    q6_channel_params channel;
    q6_energy_params energy;
    q6_market_config market;    /* paper-000 energy market (market.enabled) */
    q6_lyapunov_config lyapunov; /* virtual queues and V (lyapunov.enabled) */
    q6_limits_config limits;    /* budgets the engine checks (limits.enabled; sim/core/limits.h) */
    /* Group `cost`: cost = weight_latency x latency + weight_energy x energy. */
    int cost_set;
    double weight_latency, weight_energy;
    /* Geographic origin of the scenario frame (x east, y north), for orbits. */
    double site_latitude_rad, site_longitude_rad;
    int earth_rotation;
} q6_scenario;

/* Loads and validates a scenario file. On error returns -1 with
 * "file:line: field: message" in err. */
int q6_scenario_load(const char *path, q6_scenario *sc, char *err, size_t errlen);

/* Same, after applying overrides "dotted.path=value" (e.g.
 * "task.arrival_rate_hz=0.8", "vehicles.mobility.model=gauss-markov") to
 * the file's settings; a value parses as a number when it is one, else as
 * a string. Errors name the override. */
int q6_scenario_load_with(const char *path, const char *const *overrides, size_t n_overrides,
                          q6_scenario *sc, char *err, size_t errlen);

#endif
