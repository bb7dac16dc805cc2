#include "sim/scenario/platform.h"
#include "sim/scenario/platform_check.h"
#include "sim/scenario/scenario.h"
#include "models/annealer.h"
#include "models/pathloss.h"
#include "models/vec_link.h"
#include "sim/scenario/cpu_jitter.h"
#include "solvers/qubo/qpu_cost.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[Q6_ROLE_COUNT] = {"bs", "uav", "hap", "leo", "cloud",
                                                      "qpu", "grid", "other"};

const char *q6_role_name(q6_role r) { return r < Q6_ROLE_COUNT ? role_names[r] : "?"; }

int q6_role_computes(q6_role r) { return r == Q6_ROLE_BS || r == Q6_ROLE_UAV || r == Q6_ROLE_HAP; }

static int is_ap(q6_role r) { return r <= Q6_ROLE_LEO; }

typedef struct {
    const char *file;
    char *err;
    size_t errlen;
} ctx;

static int fail(const ctx *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(const ctx *c, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%ld: %s", c->file, line, msg);
    return -1;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name);
}

/* Attribute as a malloc'd C string (free with xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The <prop id="key"> child of a host element, or NULL. */
static const xmlNode *find_prop(const xmlNode *host, const char *key)
{
    for (const xmlNode *p = host->children; p; p = p->next) {
        if (!is_elem(p, "prop"))
            continue;
        char *id = attr(p, "id");
        int match = id && !strcmp(id, key);
        xmlFree(id);
        if (match)
            return p;
    }
    return NULL;
}

/* Reads property `key` of a host element as a finite number. */
static int host_prop(const ctx *c, const xmlNode *host, const char *hname, const char *key,
                     int required, double def, double min, double max, double *out)
{
    const xmlNode *p = find_prop(host, key);
    if (!p) {
        if (required)
            return fail(c, xmlGetLineNo(host), "host '%s': required property %s is missing", hname, key);
        *out = def;
        return 0;
    }
    char *v = attr(p, "value");
    char *end = NULL;
    double d = v ? strtod(v, &end) : NAN;
    int bad = !v || end == v || *end || !isfinite(d);
    xmlFree(v);
    if (bad)
        return fail(c, xmlGetLineNo(p), "host '%s': property %s: expected a finite number", hname, key);
    if (d < min || d > max)
        return fail(c, xmlGetLineNo(p), "host '%s': property %s: %g is outside [%g, %g]", hname, key, d,
                    min, max);
    *out = d;
    return 0;
}

static char *host_prop_string(const xmlNode *host, const char *key)
{
    const xmlNode *p = find_prop(host, key);
    return p ? attr(p, "value") : NULL;
}

/* Reads a property naming one of `names` (index into *out); absent keeps *out. */
static int host_prop_choice(const ctx *c, const xmlNode *host, const char *hname, const char *key,
                            const char *const *names, int *out)
{
    char *v = host_prop_string(host, key);
    if (!v)
        return 0;
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            xmlFree(v);
            return 0;
        }
    char list[256] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    int rc = fail(c, xmlGetLineNo(host), "host '%s': property %s: unknown value '%s' (%s)", hname, key, v, list);
    xmlFree(v);
    return rc;
}

/* Gate-model QPU device properties (models/quantum_gate.h): each named as
 * its q6_qpu_params field, defaults from q6_qpu_defaults(). */
#define QPU_PROP(f, lo, hi) {#f, offsetof(q6_qpu_params, f), lo, hi}
static const struct {
    const char *key;
    size_t offset;
    double min, max;
} qpu_props[] = {
    QPU_PROP(gate_1q_time_s, 0, 1e6),     QPU_PROP(gate_2q_time_s, 0, 1e6),
    QPU_PROP(meas_time_s, 0, 1e6),        QPU_PROP(gate_1q_energy_j, 0, 1e6),
    QPU_PROP(gate_2q_energy_j, 0, 1e6),   QPU_PROP(meas_energy_j, 0, 1e6),
    QPU_PROP(qubit_energy_per_step_j, 0, 1e6), QPU_PROP(qec_level, 0, 10),
    QPU_PROP(code_block_size, 1, 1e6),    QPU_PROP(cold_temperature_k, 1e-9, 1e6),
    QPU_PROP(hot_temperature_k, 1e-9, 1e6), QPU_PROP(fridge_efficiency, 1e-12, 1),
    QPU_PROP(physical_error, 0, 1),       QPU_PROP(threshold_error, 1e-12, 1),
};

/* Default capacity: 127 physical qubits (a current superconducting chip). */
#define QPU_DEFAULT_QUBITS 127

static int read_qpu(const ctx *c, const xmlNode *n, q6_infra_host *h)
{
    h->qpu = q6_qpu_defaults();
    if (host_prop(c, n, h->name, "qubits", 0, QPU_DEFAULT_QUBITS, 1, 1e12, &h->qpu_qubits) < 0)
        return -1;
    for (size_t i = 0; i < sizeof qpu_props / sizeof qpu_props[0]; i++) {
        double *v = (double *)((char *)&h->qpu + qpu_props[i].offset);
        if (host_prop(c, n, h->name, qpu_props[i].key, 0, *v, qpu_props[i].min, qpu_props[i].max, v) < 0)
            return -1;
    }
    /* What one property cannot say alone (an integer level, T_hot >= T_cold). */
    q6_qpu_result r;
    const char *bad = NULL;
    if (q6_qpu_evaluate(&h->qpu, &r, &bad) < 0)
        return fail(c, h->line, "host '%s': property %s: invalid for the gate-model QPU (qec_level is a whole "
                    "number, hot_temperature_k >= cold_temperature_k)", h->name, bad);
    return 0;
}

/* Idle and all-cores power of the first pstate of wattage_per_state
 * ("idle:one-core:all-cores" or "idle:busy"); 0 when absent. SimGrid
 * itself checks the syntax when it loads the platform. */
static void read_wattage(const xmlNode *n, q6_infra_host *h)
{
    char *v = host_prop_string(n, "wattage_per_state");
    h->idle_w = h->busy_w = 0;
    if (!v)
        return;
    char *end = NULL;
    double first = strtod(v, &end), last = first;
    while (end && *end == ':') {
        char *next = NULL;
        double x = strtod(end + 1, &next);
        if (next == end + 1)
            break;
        last = x;
        end = next;
    }
    if (isfinite(first) && isfinite(last) && first >= 0 && last >= 0) {
        h->idle_w = first;
        h->busy_w = last;
    }
    xmlFree(v);
}

/* Optimiser-cost properties of the QPU and cloud hosts (platform.h). */
static int read_cost_props(const ctx *c, const xmlNode *n, q6_infra_host *h)
{
    q6_annealer_params a = q6_annealer_defaults();
    read_wattage(n, h);
    if (h->role == Q6_ROLE_QPU &&
        (host_prop(c, n, h->name, "annealer_programming_s", 0, a.programming_time_s, 0, 3600,
                   &h->annealer_programming_s) < 0 ||
         host_prop(c, n, h->name, "annealer_anneal_s", 0, a.anneal_time_s, 1e-9, 3600, &h->annealer_anneal_s) < 0 ||
         host_prop(c, n, h->name, "annealer_readout_s", 0, a.readout_time_s, 0, 3600, &h->annealer_readout_s) < 0 ||
         host_prop(c, n, h->name, "annealer_delay_s", 0, a.delay_time_s, 0, 3600, &h->annealer_delay_s) < 0 ||
         host_prop(c, n, h->name, "annealer_power_w", 0, h->busy_w, 0, 1e9, &h->annealer_power_w) < 0 ||
         host_prop(c, n, h->name, "pegasus_m", 0, 16, 2, 1000, &h->pegasus_m) < 0 ||
         host_prop(c, n, h->name, "billed_power_w", 0, 0, 0, 1e9, &h->billed_power_w) < 0))
        return -1;
    if (h->role == Q6_ROLE_QPU && h->pegasus_m != floor(h->pegasus_m))
        return fail(c, h->line, "host '%s': property pegasus_m: must be a whole number", h->name);
    q6_cpu_host cpu;
    q6_cpu_host_default(&cpu);
    if ((h->role == Q6_ROLE_QPU || h->role == Q6_ROLE_CLOUD) &&
        (host_prop(c, n, h->name, "classical_clock_hz", 0, cpu.clock_hz, 1e3, 1e13, &h->classical_clock_hz) < 0 ||
         host_prop(c, n, h->name, "classical_cycles_per_attempt", 0, cpu.cycles_per_attempt, 0, 1e9,
                   &h->classical_cycles_per_attempt) < 0 ||
         host_prop(c, n, h->name, "classical_cycles_per_field_update", 0, cpu.cycles_per_field_update, 0, 1e9,
                   &h->classical_cycles_per_field_update) < 0 ||
         host_prop(c, n, h->name, "classical_power_w", 0, cpu.power_w, 0, 1e9, &h->classical_power_w) < 0))
        return -1;
    if (h->role == Q6_ROLE_CLOUD &&
        (host_prop(c, n, h->name, "process_idle_w", 0, h->idle_w, 0, 1e9, &h->process_idle_w) < 0 ||
         host_prop(c, n, h->name, "process_busy_w", 0, h->busy_w, 0, 1e9, &h->process_busy_w) < 0 ||
         host_prop(c, n, h->name, "process_half_pairs", 0, 1e4, 1e-9, 1e15, &h->process_half_pairs) < 0))
        return -1;
    return 0;
}

/* Paper 004's per-AP constants (docs/paper004.md). Flags are 0 or 1. */
static int read_vec_props(const ctx *c, const xmlNode *n, q6_infra_host *h)
{
    double hata_override, coding;
    if (host_prop(c, n, h->name, "uma_breakpoint_m", 0, 0, 0, 1e5, &h->uma_breakpoint_m) < 0 ||
        host_prop(c, n, h->name, "los_d1_m", 0, 0, 0, 1e6, &h->los_d1_m) < 0 ||
        host_prop(c, n, h->name, "los_p1_m", 0, 0, 0, 1e6, &h->los_p1_m) < 0 ||
        host_prop(c, n, h->name, "hata_override", 0, 0, 0, 1, &hata_override) < 0 ||
        host_prop(c, n, h->name, "fbl_coding_delay", 0, 0, 0, 1, &coding) < 0 ||
        host_prop(c, n, h->name, "decode_s_per_use", 0, 0, 0, 1, &h->decode_s_per_use) < 0 ||
        host_prop(c, n, h->name, "csi_error_variance", 0, 0, 0, 10, &h->csi_error_variance) < 0 ||
        host_prop(c, n, h->name, "csi_error_bound", 0, 0, 0, 1e3, &h->csi_error_bound) < 0 ||
        host_prop(c, n, h->name, "cpu_jitter_variance", 0, 0, 0, 1e3, &h->cpu_jitter_variance) < 0)
        return -1;
    /* Eq. 4 jitter: f_max is the host's speed (one pstate: the run's
     * pstates become the slots' speeds), f_min by default a tenth of it. */
    h->cpu_max_flops = q6_platform_host_speed(n);
    if (host_prop(c, n, h->name, "cpu_min_flops", 0, 0.1 * h->cpu_max_flops, 1.0, h->cpu_max_flops > 1.0 ? h->cpu_max_flops : 1.0,
                  &h->cpu_min_flops) < 0)
        return -1;
    if (h->cpu_jitter_variance > 0 && q6_platform_host_pstates(n) != 1)
        return fail(c, h->line, "host '%s': property cpu_jitter_variance: needs a host with one speed (pstate), not %zu",
                    h->name, q6_platform_host_pstates(n));
    if (hata_override != floor(hata_override))
        return fail(c, h->line, "host '%s': property hata_override: must be 0 or 1", h->name);
    if (coding != floor(coding))
        return fail(c, h->line, "host '%s': property fbl_coding_delay: must be 0 or 1", h->name);
    h->hata_override = (int)hata_override;
    h->fbl_coding_delay = (int)coding;
    return 0;
}

/* Okumura-Hata outside its published 150-1500 MHz and 30-200 m BS heights
 * only on request (hata_override = 1), and then with a warning on the
 * run's log (stderr); the distance range is not checked here. */
static int check_hata(const ctx *c, const q6_infra_host *h)
{
    if (h->pathloss != Q6_PL_HATA)
        return 0;
    int out = q6_hata_validity(-1.0, h->carrier_hz, h->z_m, 1.5) &
              (Q6_HATA_OUT_CARRIER | Q6_HATA_OUT_BS_HEIGHT);
    if (!out)
        return 0;
    if (!h->hata_override)
        return fail(c, h->line, "host '%s': property pathloss: Okumura-Hata is valid for 150-1500 MHz "
                    "and BS heights of 30-200 m, not %g Hz at %g m; set hata_override=1 to use it anyway",
                    h->name, h->carrier_hz, h->z_m);
    fprintf(stderr, "q6sim: warning: %s:%d: host '%s': Okumura-Hata used outside its validity "
            "(150-1500 MHz, BS 30-200 m): %g Hz at %g m (hata_override=1)\n",
            c->file, h->line, h->name, h->carrier_hz, h->z_m);
    return 0;
}

static int read_host(const ctx *c, const xmlNode *n, q6_infra_host *h)
{
    memset(h, 0, sizeof *h);
    h->line = (int)xmlGetLineNo(n);
    char *id = attr(n, "id");
    if (!id || !id[0] || strlen(id) >= sizeof h->name) {
        xmlFree(id);
        return fail(c, h->line, "host: attribute id is missing or longer than %zu characters",
                    sizeof h->name - 1);
    }
    snprintf(h->name, sizeof h->name, "%s", id);
    xmlFree(id);
    if (!strncmp(h->name, Q6_VEHICLE_PREFIX, strlen(Q6_VEHICLE_PREFIX)) || !strcmp(h->name, Q6_RAN_ROUTER))
        return fail(c, h->line, "host '%s': names starting with '%s' and the name '%s' are reserved",
                    h->name, Q6_VEHICLE_PREFIX, Q6_RAN_ROUTER);
    char *role = host_prop_string(n, "role");
    h->role = Q6_ROLE_OTHER;
    if (role) {
        int found = 0;
        for (int r = 0; r < Q6_ROLE_COUNT; r++)
            if (!strcmp(role, role_names[r])) {
                h->role = (q6_role)r;
                found = 1;
            }
        if (!found) {
            int rc = fail(c, h->line, "host '%s': property role: unknown role '%s' (bs, uav, hap, leo, cloud, qpu, grid, other)", h->name, role);
            xmlFree(role);
            return rc;
        }
        xmlFree(role);
    }
    int ap = is_ap(h->role);
    /* Defaults by tier: terrestrial BSs UMa + Rayleigh (paper 002 B2U,
     * paper 004), UAVs TR 36.777 + Rician, HAP and LEO free space + Rician
     * (paper 002 H2U, S2U). */
    static const char *const pl_names[] = {"fspl", "uma", "hata", "uav", NULL};
    static const char *const fade_names[] = {"none", "rayleigh", "rician", NULL};
    static const char *const rate_names[] = {"shannon", "fbl", NULL};
    h->rate_fbl = 0;
    int pl = h->role == Q6_ROLE_BS ? Q6_PL_UMA : h->role == Q6_ROLE_UAV ? Q6_PL_UAV : Q6_PL_FSPL;
    int fade = h->role == Q6_ROLE_BS ? Q6_FADE_RAYLEIGH : Q6_FADE_RICIAN;
    double antennas;
    if (host_prop_choice(c, n, h->name, "pathloss", pl_names, &pl) < 0 ||
        host_prop_choice(c, n, h->name, "fading", fade_names, &fade) < 0 ||
        host_prop(c, n, h->name, "rician_k", 0, 6.0, 0, 1e6, &h->rician_k) < 0 ||
        host_prop(c, n, h->name, "antennas", 0, 1, 1, 1024, &antennas) < 0 ||
        host_prop(c, n, h->name, "tx_power_w", 0, 20.0, 0, 1e4, &h->tx_power_w) < 0 ||
        host_prop(c, n, h->name, "gpu_flops", 0, 0, 0, 1e18, &h->gpu_flops) < 0 ||
        host_prop(c, n, h->name, "gpu_power_w", 0, 0, 0, 1e6, &h->gpu_power_w) < 0 ||
        host_prop(c, n, h->name, "beta_min", 0, 0, 0, 1, &h->beta_min) < 0 ||
        host_prop(c, n, h->name, "beta_max", 0, 1, 0, 1, &h->beta_max) < 0 ||
        host_prop_choice(c, n, h->name, "rate_model", rate_names, &h->rate_fbl) < 0 ||
        host_prop(c, n, h->name, "blocklength", 0, 1000, 1, 1e9, &h->blocklength) < 0 ||
        host_prop(c, n, h->name, "error_target", 0, 1e-5, 1e-300, 0.5, &h->error_target) < 0 ||
        read_vec_props(c, n, h) < 0)
        return -1;
    if (h->beta_min > h->beta_max)
        return fail(c, h->line, "host '%s': property beta_min: %g is above beta_max %g", h->name, h->beta_min,
                    h->beta_max);
    if (antennas != floor(antennas))
        return fail(c, h->line, "host '%s': property antennas: must be a whole number", h->name);
    if (h->role == Q6_ROLE_LEO) {
        double inc_deg, raan_deg, phase_deg, min_el_deg;
        h->orbit_altitude_m = 0;
        if (host_prop(c, n, h->name, "orbit_altitude_m", 0, 0, 0, 1e8, &h->orbit_altitude_m) < 0 ||
            host_prop(c, n, h->name, "orbit_inclination_deg", 0, 53, 0, 180, &inc_deg) < 0 ||
            host_prop(c, n, h->name, "orbit_raan_deg", 0, 0, -360, 360, &raan_deg) < 0 ||
            host_prop(c, n, h->name, "orbit_phase_deg", 0, 0, -360, 360, &phase_deg) < 0 ||
            host_prop(c, n, h->name, "min_elevation_deg", 0, 10, 0, 90, &min_el_deg) < 0)
            return -1;
        h->orbiting = h->orbit_altitude_m > 0;
        h->orbit_inclination_rad = inc_deg * M_PI / 180;
        h->orbit_raan_rad = raan_deg * M_PI / 180;
        h->orbit_phase_rad = phase_deg * M_PI / 180;
        h->min_elevation_rad = min_el_deg * M_PI / 180;
    }
    if (h->role == Q6_ROLE_UAV) {
        char *bl = host_prop_string(n, "backhaul_link");
        if (bl && strlen(bl) >= sizeof h->backhaul_link) {
            xmlFree(bl);
            return fail(c, h->line, "host '%s': property backhaul_link: name too long", h->name);
        }
        snprintf(h->backhaul_link, sizeof h->backhaul_link, "%s", bl ? bl : "");
        xmlFree(bl);
    }
    if (h->role == Q6_ROLE_QPU && read_qpu(c, n, h) < 0)
        return -1;
    h->pathloss = (q6_pathloss_kind)pl;
    h->fading = (q6_fading_kind)fade;
    h->antennas = (int)antennas;
    if (host_prop(c, n, h->name, "x_m", ap, 0, -1e8, 1e8, &h->x_m) < 0 ||
        host_prop(c, n, h->name, "y_m", ap, 0, -1e8, 1e8, &h->y_m) < 0 ||
        host_prop(c, n, h->name, "z_m", 0, 0, -1e4, 1e8, &h->z_m) < 0 ||
        host_prop(c, n, h->name, "bandwidth_hz", 0, 20e6, 1.0, 1e12, &h->bandwidth_hz) < 0 ||
        host_prop(c, n, h->name, "carrier_hz", 0, 3.5e9, 1e6, 1e12, &h->carrier_hz) < 0 ||
        host_prop(c, n, h->name, "antenna_gain_dbi", 0, 0, -50, 80, &h->antenna_gain_dbi) < 0 ||
        host_prop(c, n, h->name, "air_capacity_bps", 0, 10e9, 1.0, 1e15, &h->air_capacity_bps) < 0 ||
        host_prop(c, n, h->name, "range_m", 0, 0, 0, 1e9, &h->range_m) < 0)
        return -1;
    if (h->range_m > 0 && !ap)
        return fail(c, h->line, "host '%s': property range_m: only access points (bs, uav, hap, leo) have a "
                    "coverage range, not a '%s' host", h->name, q6_role_name(h->role));
    if (h->role == Q6_ROLE_HAP) {
        /* Stratospheric platforms fly at 17-22 km (paper 002). */
        if (h->z_m < 17000 || h->z_m > 22000)
            return fail(c, h->line, "host '%s': property z_m: a HAP flies at 17000-22000 m, not %g m", h->name, h->z_m);
        if (host_prop(c, n, h->name, "station_radius_m", 0, 0, 0, 1e5, &h->station_radius_m) < 0 ||
            host_prop(c, n, h->name, "station_speed_mps", 0, 10, 1e-3, 1e3, &h->station_speed_mps) < 0)
            return -1;
    }
    if (check_hata(c, h) < 0)
        return -1;
    return read_cost_props(c, n, h);
}

/* Route graph over declared <route> elements, to check reachability now
 * rather than let SimGrid abort mid-run on a missing route. */
typedef struct {
    char (*names)[128];
    size_t n, cap;
    size_t (*edges)[2];
    size_t n_edges, cap_edges;
} route_graph;

static size_t rg_node(route_graph *g, const char *name)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->names[i], name))
            return i;
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        g->names = realloc(g->names, g->cap * sizeof *g->names);
    }
    snprintf(g->names[g->n], sizeof g->names[0], "%s", name);
    return g->n++;
}

static void rg_edge(route_graph *g, size_t a, size_t b)
{
    if (g->n_edges == g->cap_edges) {
        g->cap_edges = g->cap_edges ? 2 * g->cap_edges : 64;
        g->edges = realloc(g->edges, g->cap_edges * sizeof *g->edges);
    }
    g->edges[g->n_edges][0] = a;
    g->edges[g->n_edges][1] = b;
    g->n_edges++;
}

/* Whether b is reachable from a; direct_only for Full routing. */
static int rg_reaches(const route_graph *g, const char *a, const char *b, int direct_only)
{
    size_t ia = g->n, ib = g->n;
    for (size_t i = 0; i < g->n; i++) {
        if (!strcmp(g->names[i], a)) ia = i;
        if (!strcmp(g->names[i], b)) ib = i;
    }
    if (ia == g->n || ib == g->n)
        return 0;
    if (direct_only) {
        for (size_t e = 0; e < g->n_edges; e++)
            if ((g->edges[e][0] == ia && g->edges[e][1] == ib) ||
                (g->edges[e][0] == ib && g->edges[e][1] == ia))
                return 1;
        return 0;
    }
    unsigned char *seen = calloc(g->n, 1);
    size_t *stack = malloc(g->n * sizeof *stack), top = 0;
    stack[top++] = ia;
    seen[ia] = 1;
    int found = 0;
    while (top && !found) {
        size_t u = stack[--top];
        if (u == ib)
            found = 1;
        for (size_t e = 0; e < g->n_edges; e++) {
            size_t v = g->edges[e][0] == u ? g->edges[e][1] : g->edges[e][1] == u ? g->edges[e][0] : g->n;
            if (v < g->n && !seen[v]) {
                seen[v] = 1;
                stack[top++] = v;
            }
        }
    }
    free(seen);
    free(stack);
    return found;
}

static void rg_free(route_graph *g)
{
    free(g->names);
    free(g->edges);
}

static xmlNode *new_child(xmlNode *parent, xmlNode *before, const char *name)
{
    xmlNode *n = xmlNewNode(NULL, (const xmlChar *)name);
    if (before)
        xmlAddPrevSibling(before, n);
    else
        xmlAddChild(parent, n);
    return n;
}

static void set_attr(xmlNode *n, const char *k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_attr(xmlNode *n, const char *k, const char *fmt, ...)
{
    char v[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    xmlSetProp(n, (const xmlChar *)k, (const xmlChar *)v);
}

static void add_route(xmlNode *zone, const char *src, const char *dst, const char *link)
{
    xmlNode *r = new_child(zone, NULL, "route");
    set_attr(r, "src", "%s", src);
    set_attr(r, "dst", "%s", dst);
    xmlNode *l = xmlNewChild(r, NULL, (const xmlChar *)"link_ctn", NULL);
    set_attr(l, "id", "%s", link);
}

static int check_and_collect(const ctx *c, xmlNode *zone, q6_platform *pf, route_graph *g, route_graph *links)
{
    size_t cap = 16;
    pf->hosts = calloc(cap, sizeof *pf->hosts);
    pf->cloud = pf->qpu = pf->grid = -1;
    for (xmlNode *n = zone->children; n; n = n->next) {
        if (is_elem(n, "host")) {
            if (pf->n_hosts == cap) {
                cap *= 2;
                pf->hosts = realloc(pf->hosts, cap * sizeof *pf->hosts);
            }
            q6_infra_host *h = &pf->hosts[pf->n_hosts];
            if (read_host(c, n, h) < 0)
                return -1;
            for (size_t i = 0; i < pf->n_hosts; i++)
                if (!strcmp(pf->hosts[i].name, h->name))
                    return fail(c, h->line, "host '%s': duplicate id (first on line %d)", h->name,
                                pf->hosts[i].line);
            long *single = h->role == Q6_ROLE_CLOUD ? &pf->cloud
                         : h->role == Q6_ROLE_QPU   ? &pf->qpu
                         : h->role == Q6_ROLE_GRID  ? &pf->grid : NULL;
            if (single && *single >= 0)
                return fail(c, h->line, "host '%s': property role: only one '%s' host is allowed ('%s' is one)",
                            h->name, q6_role_name(h->role), pf->hosts[*single].name);
            if (single)
                *single = (long)pf->n_hosts;
            pf->n_hosts++;
        } else if (is_elem(n, "route")) {
            char *src = attr(n, "src"), *dst = attr(n, "dst");
            if (!src || !dst) {
                xmlFree(src);
                xmlFree(dst);
                return fail(c, xmlGetLineNo(n), "route: attributes src and dst are required");
            }
            rg_edge(g, rg_node(g, src), rg_node(g, dst));
            xmlFree(src);
            xmlFree(dst);
        } else if (is_elem(n, "link")) {
            char *id = attr(n, "id"), *sp = attr(n, "sharing_policy");
            if (id && !(sp && !strcmp(sp, "SPLITDUPLEX")))
                rg_node(links, id);
            xmlFree(id);
            xmlFree(sp);
        }
    }
    if (pf->cloud < 0)
        return fail(c, xmlGetLineNo(zone), "zone: no host has property role=cloud (the aggregator runs there)");
    pf->aps = calloc(pf->n_hosts, sizeof *pf->aps);
    for (size_t i = 0; i < pf->n_hosts; i++)
        if (is_ap(pf->hosts[i].role))
            pf->aps[pf->n_aps++] = i;
    if (pf->n_aps == 0)
        return fail(c, xmlGetLineNo(zone), "zone: no access point (a host with role bs, uav, hap or leo)");
    for (size_t i = 0; i < pf->n_hosts; i++) {
        const q6_infra_host *h = &pf->hosts[i];
        size_t k = links->n;
        for (size_t j = 0; h->backhaul_link[0] && j < links->n; j++)
            if (!strcmp(links->names[j], h->backhaul_link))
                k = j;
        if (h->backhaul_link[0] && k == links->n)
            return fail(c, h->line, "host '%s': property backhaul_link: no link '%s' in this zone (SPLITDUPLEX links cannot be used)",
                        h->name, h->backhaul_link);
    }
    return 0;
}

static int check_routes(const ctx *c, const q6_platform *pf, const route_graph *g, int full)
{
    const char *cloud = pf->hosts[pf->cloud].name;
    for (size_t k = 0; k < pf->n_aps; k++) {
        const q6_infra_host *h = &pf->hosts[pf->aps[k]];
        if (!rg_reaches(g, h->name, cloud, full))
            return fail(c, h->line, "host '%s': no route to the cloud host '%s'%s", h->name, cloud,
                        full ? " (Full routing needs a <route> between them)" : "");
        if (pf->grid >= 0 && h->role == Q6_ROLE_BS &&
            !rg_reaches(g, h->name, pf->hosts[pf->grid].name, full))
            return fail(c, h->line, "host '%s': no route to the grid host '%s'", h->name,
                        pf->hosts[pf->grid].name);
    }
    if (pf->qpu >= 0 && !rg_reaches(g, cloud, pf->hosts[pf->qpu].name, full))
        return fail(c, pf->hosts[pf->qpu].line, "host '%s': no route to the cloud host '%s'",
                    pf->hosts[pf->qpu].name, cloud);
    return 0;
}

/* SimGrid's energy plugin aborts on a host without power properties:
 * hosts that declare none draw 0 W (documented in docs/platform-format.md). */
static void default_power(xmlNode *zone)
{
    for (xmlNode *n = zone->children; n; n = n->next) {
        if (!is_elem(n, "host"))
            continue;
        char *v = host_prop_string(n, "wattage_per_state");
        if (v) {
            xmlFree(v);
            continue;
        }
        /* One profile per pstate, as the energy plugin requires. */
        size_t pstates = q6_platform_host_pstates(n);
        char profiles[4096] = "";
        for (size_t k = 0; k < pstates && strlen(profiles) + 7 < sizeof profiles; k++)
            strcat(profiles, k ? ",0:0:0" : "0:0:0");
        xmlNode *p = xmlNewNode(NULL, (const xmlChar *)"prop");
        set_attr(p, "id", "wattage_per_state");
        set_attr(p, "value", "%s", profiles);
        if (n->children)
            xmlAddPrevSibling(n->children, p);
        else
            xmlAddChild(n, p);
    }
}

/* Adds router "ran", air links and their routes, and the control route. */
static void add_radio_network(xmlNode *zone, const q6_platform *pf, const q6_scenario *sc)
{
    xmlNode *first_route = NULL;
    for (xmlNode *n = zone->children; n; n = n->next)
        if (is_elem(n, "route") || is_elem(n, "zoneRoute") || is_elem(n, "bypassRoute")) {
            first_route = n;
            break;
        }
    xmlNode *r = new_child(zone, first_route, "router");
    set_attr(r, "id", "%s", Q6_RAN_ROUTER);
    for (size_t k = 0; k < pf->n_aps; k++) {
        const q6_infra_host *h = &pf->hosts[pf->aps[k]];
        xmlNode *l = new_child(zone, first_route, "link");
        set_attr(l, "id", "air-%s", h->name);
        set_attr(l, "bandwidth", "%.17gBps", h->air_capacity_bps / 8.0);
        /* Paper 004: one block's coding delay on every transfer over the
         * AP's air link when asked for (models/vec_link.h). */
        double lat = h->rate_fbl && h->fbl_coding_delay
                         ? q6_fbl_coding_delay_s(h->blocklength, h->bandwidth_hz, h->decode_s_per_use)
                         : 0.0;
        set_attr(l, "latency", "%.17gs", lat);
    }
    xmlNode *ctl = new_child(zone, first_route, "link");
    set_attr(ctl, "id", "control");
    set_attr(ctl, "bandwidth", "1TBps");
    set_attr(ctl, "latency", "%.17gs", sc->control_latency_s);
    for (size_t k = 0; k < pf->n_aps; k++) {
        char link[160];
        snprintf(link, sizeof link, "air-%s", pf->hosts[pf->aps[k]].name);
        add_route(zone, Q6_RAN_ROUTER, pf->hosts[pf->aps[k]].name, link);
    }
    add_route(zone, Q6_RAN_ROUTER, pf->hosts[pf->cloud].name, "control");
}

static void add_vehicle_cluster(xmlNode *top, const q6_scenario *sc, const char *zone_id)
{
    const q6_vehicle_population *v = &sc->vehicles;
    xmlNode *cl = xmlNewChild(top, NULL, (const xmlChar *)"cluster", NULL);
    set_attr(cl, "id", Q6_VEHICLE_CLUSTER);
    set_attr(cl, "prefix", Q6_VEHICLE_PREFIX);
    set_attr(cl, "suffix", "%s", "");
    set_attr(cl, "radical", "0-%zu", v->count - 1);
    set_attr(cl, "speed", "%.17gf", v->cpu_flops);
    set_attr(cl, "bw", "1MBps");
    set_attr(cl, "lat", "0s");
    set_attr(cl, "bb_bw", "1PBps");
    set_attr(cl, "bb_lat", "0s");
    set_attr(cl, "sharing_policy", "SHARED");
    set_attr(cl, "router_id", Q6_VEHICLE_CLUSTER "-gw");
    xmlNode *p = xmlNewChild(cl, NULL, (const xmlChar *)"prop", NULL);
    set_attr(p, "id", "wattage_per_state");
    /* Idle power only: the dynamic part is the DVFS model, added per task. */
    set_attr(p, "value", "%.17g:%.17g:%.17g", v->idle_power_w, v->idle_power_w, v->idle_power_w);
    p = xmlNewChild(cl, NULL, (const xmlChar *)"prop", NULL);
    set_attr(p, "id", "wattage_off");
    set_attr(p, "value", "0");
    xmlNode *l = xmlNewChild(top, NULL, (const xmlChar *)"link", NULL);
    set_attr(l, "id", Q6_VEHICLE_CLUSTER "-ran");
    set_attr(l, "bandwidth", "1PBps");
    set_attr(l, "latency", "0s");
    xmlNode *zr = xmlNewChild(top, NULL, (const xmlChar *)"zoneRoute", NULL);
    set_attr(zr, "src", Q6_VEHICLE_CLUSTER);
    set_attr(zr, "dst", "%s", zone_id);
    set_attr(zr, "gw_src", Q6_VEHICLE_CLUSTER "-gw");
    set_attr(zr, "gw_dst", Q6_RAN_ROUTER);
    xmlNode *lc = xmlNewChild(zr, NULL, (const xmlChar *)"link_ctn", NULL);
    set_attr(lc, "id", Q6_VEHICLE_CLUSTER "-ran");
}

/* Keeps the first parser error: later ones are usually consequences. */
typedef struct {
    int set, line, code;
    char msg[256];
} first_error;

static void keep_first_error(void *user, xmlErrorPtr e)
{
    first_error *f = user;
    if (f->set || !e || e->level < XML_ERR_ERROR)
        return;
    f->set = 1;
    f->line = e->line;
    f->code = e->code;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "parse error");
}

int q6_platform_prepare(const q6_scenario *sc, const char *out_path, q6_platform *pf,
                        char *err, size_t errlen)
{
    memset(pf, 0, sizeof *pf);
    ctx c = {sc->platform_path, err, errlen};
    first_error fe = {0};
    xmlSetStructuredErrorFunc(&fe, keep_first_error);
    xmlDoc *doc = xmlReadFile(sc->platform_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc) {
        if (!fe.set || fe.code == XML_IO_LOAD_ERROR)
            snprintf(err, errlen, "%s: cannot open platform file", sc->platform_path);
        else
            snprintf(err, errlen, "%s:%d: malformed XML: %s", sc->platform_path, fe.line, fe.msg);
        size_t len = strlen(err);
        if (len && err[len - 1] == '\n')
            err[len - 1] = 0;
        return -1;
    }
    int rc = -1;
    route_graph g = {0}, links = {0};
    xmlDoc *out = NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !is_elem(root, "platform")) {
        fail(&c, root ? xmlGetLineNo(root) : 1, "root element must be <platform version=\"4.1\">");
        goto done;
    }
    char *ver = attr(root, "version");
    int ver_ok = ver && !strcmp(ver, "4.1");
    xmlFree(ver);
    if (!ver_ok) {
        fail(&c, xmlGetLineNo(root), "platform: attribute version must be \"4.1\"");
        goto done;
    }
    xmlNode *zone = NULL;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(n, "zone") || zone) {
            fail(&c, xmlGetLineNo(n), "platform: expected exactly one top-level <zone> holding the infrastructure, found <%s>", (const char *)n->name);
            goto done;
        }
        zone = n;
    }
    if (!zone) {
        fail(&c, xmlGetLineNo(root), "platform: no <zone> element");
        goto done;
    }
    char *zid = attr(zone, "id"), *routing = attr(zone, "routing");
    snprintf(pf->zone_id, sizeof pf->zone_id, "%s", zid ? zid : "");
    int full = routing && !strcmp(routing, "Full");
    int routing_ok = routing && (full || !strcmp(routing, "Floyd") || !strcmp(routing, "Dijkstra") ||
                                 !strcmp(routing, "DijkstraCache"));
    xmlFree(zid);
    xmlFree(routing);
    if (!pf->zone_id[0] || !routing_ok) {
        fail(&c, xmlGetLineNo(zone), "zone: needs an id and routing=\"Full\", \"Floyd\", \"Dijkstra\" or \"DijkstraCache\"");
        goto done;
    }
    if (!strcmp(pf->zone_id, Q6_VEHICLE_CLUSTER) || !strcmp(pf->zone_id, "q6sim")) {
        fail(&c, xmlGetLineNo(zone), "zone: id '%s' is reserved", pf->zone_id);
        goto done;
    }
    if (q6_platform_check_xml(sc->platform_path, root, zone, err, errlen) < 0 ||
        check_and_collect(&c, zone, pf, &g, &links) < 0 || check_routes(&c, pf, &g, full) < 0)
        goto done;

    out = xmlNewDoc((const xmlChar *)"1.0");
    xmlCreateIntSubset(out, (const xmlChar *)"platform", NULL, (const xmlChar *)"https://simgrid.org/simgrid.dtd");
    xmlNode *oroot = xmlNewNode(NULL, (const xmlChar *)"platform");
    xmlDocSetRootElement(out, oroot);
    set_attr(oroot, "version", "4.1");
    xmlNode *top = xmlNewChild(oroot, NULL, (const xmlChar *)"zone", NULL);
    set_attr(top, "id", "q6sim");
    set_attr(top, "routing", "Full");
    xmlNode *zcopy = xmlDocCopyNode(zone, out, 1);
    xmlAddChild(top, zcopy);
    default_power(zcopy);
    if (q6_cpu_jitter_prepare(zcopy, pf, sc->seed, sc->slots, err, errlen) < 0)
        goto done;
    add_radio_network(zcopy, pf, sc);
    add_vehicle_cluster(top, sc, pf->zone_id);
    if (xmlSaveFormatFileEnc(out_path, out, "UTF-8", 1) < 0) {
        snprintf(err, errlen, "%s: cannot write generated platform", out_path);
        goto done;
    }
    rc = 0;
done:
    rg_free(&g);
    rg_free(&links);
    if (out)
        xmlFreeDoc(out);
    xmlFreeDoc(doc);
    if (rc < 0)
        q6_platform_free(pf);
    return rc;
}

void q6_platform_free(q6_platform *pf)
{
    for (size_t h = 0; pf->hosts && h < pf->n_hosts; h++)
        free(pf->hosts[h].cpu_jitter_flops);
    free(pf->hosts);
    free(pf->aps);
    pf->hosts = NULL;
    pf->aps = NULL;
    pf->n_hosts = pf->n_aps = 0;
}
