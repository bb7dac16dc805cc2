/* Infrastructure platform: reads a user's SimGrid v4.1 platform (one top
 * zone of infrastructure hosts with q6sim properties), checks it, and writes
 * the platform SimGrid loads: the user's zone plus a generated radio access
 * network (router "ran", one air link per access point) and one cluster of
 * vehicle hosts whose private links are their radio links. Mobile nodes thus
 * need no hand-written routes. */
#ifndef Q6_SIM_PLATFORM_H
#define Q6_SIM_PLATFORM_H
#include "models/quantum_gate.h"
#include <stddef.h>

typedef enum {
    Q6_ROLE_BS = 0, Q6_ROLE_UAV, Q6_ROLE_HAP, Q6_ROLE_LEO,
    Q6_ROLE_CLOUD, Q6_ROLE_QPU, Q6_ROLE_GRID, Q6_ROLE_OTHER, Q6_ROLE_COUNT
} q6_role;

const char *q6_role_name(q6_role r);

typedef enum { Q6_PL_FSPL = 0, Q6_PL_UMA, Q6_PL_HATA, Q6_PL_UAV } q6_pathloss_kind;
typedef enum { Q6_FADE_NONE = 0, Q6_FADE_RAYLEIGH, Q6_FADE_RICIAN } q6_fading_kind;

typedef struct {
    char name[128];
    q6_role role;
    int line;                 /* line in the user's platform file */
    double x_m, y_m, z_m;     /* position property (x_m, y_m, z_m) */
    double bandwidth_hz;      /* access points: radio bandwidth */
    double carrier_hz;        /* access points: carrier frequency */
    double antenna_gain_dbi;  /* access points: receive antenna gain */
    double air_capacity_bps;  /* access points: aggregate air-interface cap */
    double range_m;           /* access points: 3-D link distance beyond which a vehicle is out of
                               * reach (no path loss, no fading draw, SNR 0); 0: no limit */
    q6_pathloss_kind pathloss;/* access points: path-loss model */
    q6_fading_kind fading;    /* access points: small-scale fading */
    double rician_k;          /* Rician K factor (linear) */
    int antennas;             /* receive antennas, maximum-ratio combined */
    double tx_power_w;        /* BS: downlink output power (paper 000 eq. 1) */
    int orbiting;             /* LEO: moves on the circular orbit below */
    double orbit_altitude_m, orbit_inclination_rad, orbit_raan_rad, orbit_phase_rad;
    double min_elevation_rad; /* LEO: below this elevation it is out of reach */
    double station_radius_m;  /* HAP: station-keeping circle around x_m, y_m (0: fixed) */
    double station_speed_mps; /* HAP: speed along that circle */
    char backhaul_link[128];  /* UAV: link whose latency follows its relay path to a BS */
    double qpu_qubits;        /* QPU: physical qubit capacity (property qubits) */
    q6_qpu_params qpu;        /* QPU: gate-model device (models/quantum_gate.h); circuit fields unused */
    /* Scheduler ABI 3 (docs/platform-format.md). */
    double gpu_flops;         /* access points: edge GPU speed; 0 none */
    double gpu_power_w;       /* access points: GPU power while it computes */
    double beta_min, beta_max;/* access points: bounds of one node's bandwidth fraction */
    int rate_fbl;             /* access points: uplink rate by finite blocklength (else Shannon) */
    double blocklength, error_target; /* FBL: channel uses per block, block error target */
    /* Paper 004 (docs/paper004.md): constants where the paper departs from
     * the standards, and the block coding delay on the air link. */
    double uma_breakpoint_m;  /* UMa d'BP; 0: 38.901's 4 h'BS h'UT fc / c */
    double los_d1_m, los_p1_m;/* LoS probability d1, p1; 0: the standard's */
    int hata_override;        /* 1: Okumura-Hata allowed outside its validity (warned) */
    int fbl_coding_delay;     /* 1: air link latency = one block's coding delay */
    double decode_s_per_use;  /* decoding work per channel use (coding delay) */
    double csi_error_variance;/* bounded CSI error of eq. 12 added per antenna (0: none) */
    double csi_error_bound;   /* its norm bound tau; 0: sqrt(M x variance) */
    /* Paper 004 eq. 4, MEC CPU jitter (sim/scenario/cpu_jitter.c): the
     * variance of Delta f (0: off), the floor f_min, the host's speed f_max,
     * and the speed drawn for each slot (slots entries; NULL when off). */
    double cpu_jitter_variance, cpu_min_flops, cpu_max_flops;
    double *cpu_jitter_flops;
    /* Power states of wattage_per_state's first pstate (0 without one). */
    double idle_w, busy_w;
    /* QPU host: the annealer job model (models/annealer.h) and what the
     * process cost model bills (docs/paper000.md, "Optimiser cost"). */
    double annealer_programming_s, annealer_anneal_s, annealer_readout_s, annealer_delay_s;
    double annealer_power_w;  /* system wall-plug power while serving a job (default busy_w) */
    double pegasus_m;         /* Pegasus size M of the QPU graph (16: Advantage) */
    double billed_power_w;    /* process cost model: power charged per second of billed access (default 0) */
    /* Cloud host: power of the optimiser's process (process cost model). */
    double process_idle_w;    /* while it waits (default idle_w) */
    double process_busy_w;    /* computing a problem of infinite size (default busy_w) */
    double process_half_pairs;/* buyer x seller pairs at which it draws half way between (default 1e4) */
    /* QPU host (its classical front end, which runs the minor-embedding
     * heuristic) and cloud host (which runs QUBO samplers on the CPU for
     * solve_qubo_cpu): how counted sampler work becomes time and energy
     * (solvers/qubo/qpu_cost.h); defaults q6_cpu_host_default. */
    double classical_clock_hz, classical_cycles_per_attempt, classical_cycles_per_field_update,
        classical_power_w;
} q6_infra_host;

typedef struct {
    q6_infra_host *hosts;
    size_t n_hosts;
    size_t *aps;              /* indices of hosts that are access points */
    size_t n_aps;
    long cloud, qpu, grid;    /* host index or -1 */
    char zone_id[128];
} q6_platform;

/* Host names of the generated parts. */
#define Q6_VEHICLE_PREFIX "veh-"
#define Q6_VEHICLE_CLUSTER "vehicles"
#define Q6_RAN_ROUTER "ran"

struct q6_scenario;

/* Reads and checks the user's platform, then writes the full platform to
 * out_path. Returns -1 with "file:line: field: message" in err. */
int q6_platform_prepare(const struct q6_scenario *sc, const char *out_path,
                        q6_platform *pf, char *err, size_t errlen);

void q6_platform_free(q6_platform *pf);

/* Whether role r serves tasks at the access point (LEO satellites relay only). */
int q6_role_computes(q6_role r);

#endif
