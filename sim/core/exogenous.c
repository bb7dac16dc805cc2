#include "sim/core/exogenous.h"
#include "sim/base/alloc.h"
#include "models/channel.h"
#include "models/mobility/connectivity.h"
#include "models/mobility/hap.h"
#include "models/mobility/orbit.h"
#include "sim/core/radio.h"
#include "sim/core/reach.h"
#include "sim/base/parallel.h"
#include "sim/base/rng.h"
#include "traces/events/timeline_io.h"
#include "traces/mobility/register.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reach lists' per-entry arrays (compressed rows, offsets apart). */
typedef struct {
    uint32_t *ap;
    double *gain, *rx_w, *snr;
    size_t cap;
} reach_lists;

/* A part of a slot's per-vehicle radio work after the first, on a thread
 * of its own (sim/base/parallel.h): its own copy of the AP terms (their
 * UT-height cache is written as it goes), scratch, and lists, appended to
 * the run's in vehicle order once every part is done. */
typedef struct {
    q6_radio_ap_terms *terms;  /* n_aps */
    uint32_t *scratch;         /* n_aps */
    uint64_t *off;             /* n_nodes + 1: ends of its vehicles' entries */
    reach_lists lists;
    int failed;                /* out of memory */
} radio_part;

static void lists_free(reach_lists *l);
static void parts_free(q6_exo *x);
static void free_pub_buffers(q6_exo *x);
static void job_wait(q6_exo *x);
static void publish(q6_exo *x);

/* The per-slot values the accessors hand out: the published slot. When
 * the next slot is drawn ahead (below), the drawing writes into buffers
 * of its own, swapped with these when that slot is made current, so a
 * reader of slot k never sees slot k + 1 being written; otherwise they
 * are the drawing's own buffers. */
typedef struct {
    uint64_t slot;
    size_t present, connected;
    double mean_hops;
    q6_pose *poses;
    double *ap_xyz;
    q6_exo_task *tasks;
    size_t task_cap;
    size_t *task_off;
    double *gain, *rx_w, *snr;   /* dense only (gain: hashed) */
    uint8_t *link_up;
    uint64_t *reach_off;
    reach_lists lists;
    double *renewable_j;
    int *visible;
    double *uav_delay_s;
    int *uav_hops;
} exo_frame;

/* Stream node keys: vehicles use their index; UAVs use this offset. */
#define Q6_UAV_KEY_BASE 2000000u
/* ... and access-point sites this one. */
#define Q6_SITE_KEY_BASE 3000000u
/* ... and the BSs of the energy market this one (EVs use their index). */
#define Q6_MARKET_BS_KEY_BASE 4000000u

/* Per-record values are hashed through a buffer: SHA-256 over the same
 * bytes gives the same digest however they are split, and one update per
 * 40-byte record adds a call's overhead to each (about 1 ms of a slot's
 * 15 ms of hashing at 100,000 vehicles). */
enum { HASH_BUF_DOUBLES = 1024 };
typedef struct {
    double v[HASH_BUF_DOUBLES];
    size_t n;
} hash_buf;

struct q6_exo {
    const q6_scenario *sc;
    const q6_platform *pf;
    size_t n_nodes, n_aps, n_uavs;
    q6_mobility *veh_mob, *uav_mob;
    gsl_rng **arr_rng, **size_rng, **fade_rng;
    gsl_rng **quantum_rng, **qpu_key_rng; /* per node, only when task.quantum.share > 0 */
    gsl_rng **subtask_rng;       /* per node, only when task.subtasks can exceed 1 */
    /* Paper 002's random connectivity (channel.connectivity_probability < 1):
     * one stream per node, one draw per (node, AP) and slot. */
    gsl_rng **link_rng;
    uint8_t *link_up;            /* nodes x aps; NULL when every link exists */
    q6_pose *poses, *uav_poses;
    size_t *uav_ap;          /* AP index of each UAV */
    double *ap_xyz;
    double *gain;            /* fading power gain (sparse: only to record or replay a timeline) */
    double *rx_w, *snr;      /* dense only */
    /* Sparse channel (some AP has a range_m, sim/core/reach.h): per node
     * the APs covering it, ascending, in compressed rows, and per entry its
     * fading gain, received power and SNR. Nothing is kept for the other
     * pairs: their SNR is 0 and no fading is drawn for them. */
    int sparse;
    q6_reach_index *reach;
    uint64_t *reach_off;     /* n_nodes + 1 */
    reach_lists lists;
    uint32_t *reach_scratch; /* n_aps */
    size_t threads;          /* parts of the per-vehicle radio work (q6_exo_set_threads) */
    radio_part *parts;       /* [1, threads), made at the first parallel slot */
    int parts_failed;        /* the first part ran out of memory */
    q6_radio_ap_terms *ap_terms; /* per AP, refreshed each slot (radio) */
    q6_exo_task *tasks;
    size_t *task_off;        /* n_nodes + 1 */
    size_t task_cap, present;
    double *uniforms;
    size_t uniforms_cap;
    gsl_rng **site_rng;      /* per AP: renewable generation */
    q6_timeline_file *record, *replay;
    q6_exo_replayed replayed;
    q6_conn *conn;           /* per-slot connectivity graph */
    q6_conn *relay_conn;     /* UAV/BS relay graph (access points only) */
    q6_pose *ap_poses;
    double *snr_db;
    unsigned char *ap_open;  /* nodes x aps: the access link closes (connectivity) */
    size_t connected;
    double mean_hops;
    double *uav_delay_s;
    int *uav_hops;
    long *path;
    q6_geo_frame frame;      /* scenario origin on the Earth, for orbits */
    int *visible;            /* per AP: LEO above its minimum elevation at the origin */
    double *renewable_j, *battery_initial;
    /* Energy market (paper 000): BSs in AP order, initial charge per party
     * (EVs then BSs), each BS's load this slot. */
    size_t n_mbs;
    double *market_soc0, *bs_load;
    gsl_rng **mbs_rng;
    uint64_t slot;           /* the slot drawn last */
    int started;
    EVP_MD_CTX *md;
    exo_frame pub;           /* the current slot, as the accessors see it */
    hash_buf hash_scratch;
    /* Drawing ahead (q6_exo_set_draw_ahead, with 2 threads or more): slot
     * k + 1 is drawn on a thread of its own while the simulation runs slot
     * k. The job fields but job_rc and job_err are the simulation
     * thread's; those two are read after the join. */
    q6_exo_ahead_mode ahead_mode;
    int ahead;               /* decided at slot 0 */
    int own_pub;             /* pub holds buffers of its own (else it aliases the drawing's) */
    pthread_t job;
    int job_pending;         /* job_slot is being or has been drawn ahead, not yet made current */
    int job_running;         /* ... on a thread not yet joined */
    uint64_t job_slot;
    int job_rc;
    char job_err[512];
};

static void hash(q6_exo *x, const void *p, size_t n) { EVP_DigestUpdate(x->md, p, n); }

static void hash_buf_put(q6_exo *x, hash_buf *b, const double *v, size_t n)
{
    if (b->n + n > HASH_BUF_DOUBLES) {
        hash(x, b->v, b->n * sizeof *b->v);
        b->n = 0;
    }
    memcpy(&b->v[b->n], v, n * sizeof *v);
    b->n += n;
}

static void hash_buf_flush(q6_exo *x, hash_buf *b)
{
    hash(x, b->v, b->n * sizeof *b->v);
    b->n = 0;
}

/* Checked allocation of an exo field; on failure the create function
 * frees what it has and returns NULL (err says what could not be had). */
#define Q6_X_ALLOC(field, n)                                                                 \
    if (!(x->field = q6_calloc_checked((n), sizeof *x->field, #field, err, errlen)))        \
        goto oom;

static int market_create(q6_exo *x, char *err, size_t errlen)
{
    const q6_market_config *m = &x->sc->market;
    for (size_t a = 0; a < x->n_aps; a++)
        x->n_mbs += x->pf->hosts[x->pf->aps[a]].role == Q6_ROLE_BS;
    Q6_X_ALLOC(market_soc0, x->n_nodes + x->n_mbs + 1)
    Q6_X_ALLOC(bs_load, x->n_mbs + 1)
    Q6_X_ALLOC(mbs_rng, x->n_mbs + 1)
    for (size_t p = 0; p < x->n_nodes + x->n_mbs; p++) {
        int ev = p < x->n_nodes;
        const double *range = ev ? m->ev_soc_initial : m->bs_soc_initial;
        gsl_rng *r = q6_rng_stream(x->sc->seed, ev ? p : Q6_MARKET_BS_KEY_BASE + (p - x->n_nodes), Q6_STREAM_INITIAL_STATE);
        x->market_soc0[p] = range[0] + gsl_rng_uniform(r) * (range[1] - range[0]);
        gsl_rng_free(r);
    }
    for (size_t b = 0; b < x->n_mbs; b++)
        x->mbs_rng[b] = q6_rng_stream(x->sc->seed, Q6_MARKET_BS_KEY_BASE + b, Q6_STREAM_ENERGY);
    return 0;
oom:
    return -1;
}

q6_exo *q6_exo_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen)
{
    q6_exo *x = q6_calloc_checked(1, sizeof *x, "the exogenous state", err, errlen);
    if (!x)
        return NULL;
    x->sc = sc;
    x->threads = 1;
    x->pf = pf;
    x->n_nodes = sc->vehicles.count;
    x->n_aps = pf->n_aps;
    q6_trace_mobility_register();
    x->veh_mob = q6_mobility_create(&sc->vehicles.mobility, x->n_nodes, sc->seed, 0, err, errlen);
    if (!x->veh_mob) {
        free(x);
        return NULL;
    }
    Q6_X_ALLOC(uav_ap, x->n_aps)
    Q6_X_ALLOC(ap_terms, x->n_aps)
    Q6_X_ALLOC(ap_xyz, 3 * x->n_aps)
    for (size_t a = 0; a < x->n_aps; a++) {
        const q6_infra_host *h = &pf->hosts[pf->aps[a]];
        x->ap_xyz[3 * a] = h->x_m;
        x->ap_xyz[3 * a + 1] = h->y_m;
        x->ap_xyz[3 * a + 2] = h->z_m;
        if (h->role == Q6_ROLE_UAV)
            x->uav_ap[x->n_uavs++] = a;
    }
    if (x->n_uavs && sc->uav_mobility_set) {
        x->uav_mob = q6_mobility_create(&sc->uav_mobility, x->n_uavs, sc->seed, Q6_UAV_KEY_BASE, err, errlen);
        if (!x->uav_mob) {
            q6_exo_free(x);
            return NULL;
        }
        Q6_X_ALLOC(uav_poses, x->n_uavs)
    }
    size_t n = x->n_nodes ? x->n_nodes : 1;
    Q6_X_ALLOC(arr_rng, n)
    Q6_X_ALLOC(size_rng, n)
    Q6_X_ALLOC(fade_rng, n)
    for (size_t i = 0; i < x->n_nodes; i++) {
        x->arr_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_ARRIVALS);
        x->size_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_TASK_SIZE);
        x->fade_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_FADING);
    }
    if (sc->task.quantum.share > 0) {
        /* Streams of their own: the classical draws above stay what they were. */
        Q6_X_ALLOC(quantum_rng, n)
        Q6_X_ALLOC(qpu_key_rng, n)
        for (size_t i = 0; i < x->n_nodes; i++) {
            x->quantum_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_QUANTUM);
            x->qpu_key_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_QPU_SUCCESS);
        }
    }
    if (sc->task.subtasks[1] > 1) {
        /* A stream of its own: the other draws stay what they were. */
        Q6_X_ALLOC(subtask_rng, n)
        for (size_t i = 0; i < x->n_nodes; i++)
            x->subtask_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_SUBTASKS);
    }
    Q6_X_ALLOC(poses, n)
    size_t na_aps = x->n_aps ? x->n_aps : 1;
    if (na_aps > SIZE_MAX / n) {
        snprintf(err, errlen, "%zu vehicles x %zu access points overflow", n, na_aps);
        goto oom;
    }
    size_t na = n * na_aps;
    x->sparse = q6_reach_any_range(pf);
    if (!x->sparse) {
        Q6_X_ALLOC(gain, na)
        Q6_X_ALLOC(rx_w, na)
        Q6_X_ALLOC(snr, na)
    } else {
        unsigned char *moves = q6_calloc_checked(na_aps, 1, "the reach index", err, errlen);
        if (!moves)
            goto oom;
        for (size_t u = 0; u < x->n_uavs && x->uav_mob; u++)
            moves[x->uav_ap[u]] = 1;
        for (size_t a = 0; a < x->n_aps; a++) {
            const q6_infra_host *h = &pf->hosts[pf->aps[a]];
            moves[a] |= h->role == Q6_ROLE_HAP && h->station_radius_m > 0;
        }
        x->reach = q6_reach_create(pf, moves, err, errlen);
        free(moves);
        if (!x->reach)
            goto oom;
        Q6_X_ALLOC(reach_off, n + 1)
        Q6_X_ALLOC(reach_scratch, na_aps)
    }
    Q6_X_ALLOC(task_off, n + 1)
    if (sc->channel.connectivity_probability < 1) {
        /* A stream of its own: the other draws stay what they were. */
        Q6_X_ALLOC(link_rng, n)
        Q6_X_ALLOC(link_up, na)
        for (size_t i = 0; i < x->n_nodes; i++)
            x->link_rng[i] = q6_rng_stream(sc->seed, i, Q6_STREAM_CONNECTIVITY);
    }
    x->md = EVP_MD_CTX_new();
    if (!x->md || !EVP_DigestInit_ex(x->md, EVP_sha256(), NULL)) {
        snprintf(err, errlen, "cannot start the timeline digest (SHA-256)");
        goto oom;
    }
    if (q6_geo_frame_init(&x->frame, sc->site_latitude_rad, sc->site_longitude_rad, sc->earth_rotation,
                          err, errlen) < 0) {
        q6_exo_free(x);
        return NULL;
    }
    Q6_X_ALLOC(visible, x->n_aps)
    x->conn = q6_conn_create(x->n_nodes, x->n_aps);
    x->relay_conn = q6_conn_create(0, x->n_aps);
    if (!x->conn || !x->relay_conn) {
        snprintf(err, errlen, "cannot allocate the connectivity graph of %zu vehicles", x->n_nodes);
        goto oom;
    }
    Q6_X_ALLOC(ap_poses, x->n_aps)
    if (!x->sparse || sc->channel.relay_range_m > 0) {
        /* The relay graph reads every pair (sparse: filled from the lists). */
        Q6_X_ALLOC(snr_db, na)
        Q6_X_ALLOC(ap_open, na)
    }
    Q6_X_ALLOC(uav_delay_s, x->n_aps)
    Q6_X_ALLOC(uav_hops, x->n_aps)
    Q6_X_ALLOC(path, x->n_aps + 2)
    Q6_X_ALLOC(site_rng, x->n_aps)
    Q6_X_ALLOC(renewable_j, x->n_aps)
    Q6_X_ALLOC(battery_initial, x->n_aps)
    const double *bi = sc->energy.battery_initial;
    for (size_t a = 0; a < x->n_aps; a++) {
        x->site_rng[a] = q6_rng_stream(sc->seed, Q6_SITE_KEY_BASE + a, Q6_STREAM_ENERGY);
        gsl_rng *r = q6_rng_stream(sc->seed, Q6_SITE_KEY_BASE + a, Q6_STREAM_INITIAL_STATE);
        x->battery_initial[a] = bi[0] + gsl_rng_uniform(r) * (bi[1] - bi[0]);
        gsl_rng_free(r);
    }
    if (sc->market.enabled && market_create(x, err, errlen) < 0)
        goto oom;
    publish(x); /* the accessors read the initial state until the first slot, as before */
    return x;
oom:
    q6_exo_free(x);
    return NULL;
}
#undef Q6_X_ALLOC

void q6_exo_free(q6_exo *x)
{
    if (!x)
        return;
    job_wait(x);
    free_pub_buffers(x);
    q6_mobility_free(x->veh_mob);
    q6_mobility_free(x->uav_mob);
    /* Any array may be missing when creation stopped half-way. */
    for (size_t i = 0; i < x->n_nodes && x->arr_rng && x->size_rng && x->fade_rng; i++) {
        gsl_rng_free(x->arr_rng[i]);
        gsl_rng_free(x->size_rng[i]);
        gsl_rng_free(x->fade_rng[i]);
    }
    for (size_t i = 0; i < x->n_nodes && x->quantum_rng; i++) {
        gsl_rng_free(x->quantum_rng[i]);
        gsl_rng_free(x->qpu_key_rng[i]);
    }
    free(x->quantum_rng);
    free(x->qpu_key_rng);
    for (size_t i = 0; i < x->n_nodes && x->subtask_rng; i++)
        gsl_rng_free(x->subtask_rng[i]);
    free(x->subtask_rng);
    for (size_t i = 0; i < x->n_nodes && x->link_rng; i++)
        gsl_rng_free(x->link_rng[i]);
    free(x->link_rng);
    free(x->link_up);
    free(x->arr_rng);
    free(x->size_rng);
    free(x->fade_rng);
    free(x->poses);
    free(x->uav_poses);
    free(x->uav_ap);
    free(x->ap_terms);
    free(x->ap_xyz);
    free(x->gain);
    free(x->rx_w);
    free(x->snr);
    q6_reach_free(x->reach);
    free(x->reach_off);
    lists_free(&x->lists);
    parts_free(x);
    free(x->reach_scratch);
    free(x->tasks);
    free(x->task_off);
    free(x->uniforms);
    for (size_t a = 0; x->site_rng && a < x->n_aps; a++)
        gsl_rng_free(x->site_rng[a]);
    free(x->site_rng);
    free(x->renewable_j);
    free(x->battery_initial);
    for (size_t b = 0; b < x->n_mbs && x->mbs_rng; b++)
        gsl_rng_free(x->mbs_rng[b]);
    free(x->mbs_rng);
    free(x->market_soc0);
    free(x->bs_load);
    free(x->visible);
    q6_conn_free(x->conn);
    q6_conn_free(x->relay_conn);
    free(x->ap_poses);
    free(x->snr_db);
    free(x->ap_open);
    free(x->uav_delay_s);
    free(x->uav_hops);
    free(x->path);
    q6_timeline_close(x->record);
    q6_timeline_close(x->replay);
    if (x->md)
        EVP_MD_CTX_free(x->md);
    free(x);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Whole number uniform in [r[0], r[1]]. */
static double uniform_whole(gsl_rng *g, const double r[2])
{
    return fmin(r[0] + floor(gsl_rng_uniform(g) * (r[1] - r[0] + 1.0)), r[1]);
}

static double uniform_in(gsl_rng *g, const double r[2])
{
    return r[0] + gsl_rng_uniform(g) * (r[1] - r[0]);
}

/* Quantum or classical, and the circuit: with share > 0 every task takes
 * the same number of draws from the node's quantum and key streams,
 * whatever it turns out to be, so a task's circuit does not depend on the
 * kinds of the tasks before it. A quantum task has no classical work. */
static void draw_quantum(q6_exo *x, size_t i, q6_exo_task *t)
{
    const q6_quantum_config *q = &x->sc->task.quantum;
    t->kind = Q6_TASK_CLASSICAL;
    t->circuit = (q6_circuit){0};
    t->qpu_key = 0;
    if (!x->quantum_rng)
        return;
    gsl_rng *g = x->quantum_rng[i];
    int quantum = gsl_rng_uniform(g) < q->share;
    q6_circuit c = {uniform_whole(g, q->logical_qubits), uniform_whole(g, q->depth_steps),
                    uniform_in(g, q->gates_1q_per_step), uniform_in(g, q->gates_2q_per_step),
                    uniform_in(g, q->meas_per_step), q->min_success};
    uint64_t key = (uint64_t)gsl_rng_get(x->qpu_key_rng[i]) << 32;
    key |= (uint64_t)gsl_rng_get(x->qpu_key_rng[i]);
    if (!quantum)
        return;
    t->kind = Q6_TASK_QUANTUM;
    t->circuit = c;
    t->qpu_key = key;
    t->work_flops = 0;
}

/* Arrivals of one node in [t0, t0 + slot_s): Poisson count, uniform times. */
/* Grows the slot's task array to hold n tasks; -1 when out of memory. */
static int tasks_reserve(q6_exo *x, size_t n)
{
    if (n <= x->task_cap)
        return 0;
    size_t cap = 2 * n + 64;
    q6_exo_task *t = realloc(x->tasks, cap * sizeof *t);
    if (!t)
        return -1;
    x->tasks = t;
    x->task_cap = cap;
    return 0;
}

/* Node i's tasks of the slot starting at t0; -1 when out of memory. */
static int draw_tasks(q6_exo *x, size_t i, double t0)
{
    const q6_task_model *tm = &x->sc->task;
    double slot_s = x->sc->slot_s;
    /* "per-slot": one task at the slot's start (paper 002), no arrival draws. */
    unsigned k = tm->one_per_slot ? 1u : gsl_ran_poisson(x->arr_rng[i], tm->arrival_rate_hz * slot_s);
    if (k > x->uniforms_cap) {
        double *u = realloc(x->uniforms, 2 * (size_t)k * sizeof *u);
        if (!u)
            return -1;
        x->uniforms = u;
        x->uniforms_cap = 2 * (size_t)k;
    }
    for (unsigned j = 0; j < k; j++)
        x->uniforms[j] = tm->one_per_slot ? t0 : t0 + gsl_rng_uniform(x->arr_rng[i]) * slot_s;
    if (k > 1) /* the buffer may not exist yet when k == 0 (qsort wants a valid pointer) */
        qsort(x->uniforms, k, sizeof *x->uniforms, cmp_double);
    size_t base = x->task_off[i];
    if (tasks_reserve(x, base + k) < 0)
        return -1;
    for (unsigned j = 0; j < k; j++) {
        q6_exo_task *t = &x->tasks[base + j];
        t->arrival_s = x->uniforms[j];
        t->input_bytes = floor(tm->input_bytes[0] +
                               gsl_rng_uniform(x->size_rng[i]) * (tm->input_bytes[1] - tm->input_bytes[0]));
        t->work_flops = t->input_bytes * tm->flops_per_byte;
        t->output_bytes = ceil(t->input_bytes * tm->output_ratio);
        draw_quantum(x, i, t);
        /* One draw per task whatever its kind; a quantum task stays whole. */
        t->n_subtasks = 1;
        if (x->subtask_rng) {
            const double *r = tm->subtasks;
            uint32_t parts = (uint32_t)r[0] + (uint32_t)gsl_rng_uniform_int(x->subtask_rng[i],
                                                                           (unsigned long)(r[1] - r[0]) + 1);
            if (t->kind == Q6_TASK_CLASSICAL)
                t->n_subtasks = parts;
        }
    }
    x->task_off[i + 1] = base + k;
    return 0;
}

/* Received power of a vehicle's uplink at full power (P_tx G_tx G_rx /
 * PL x fading) and its SNR over the AP's whole band: one formula for the
 * dense and the sparse budgets, so both give the same bits. */
static double uplink_rx_w(const q6_scenario *sc, const q6_infra_host *h, double pl_db, double fading_gain)
{
    return sc->vehicles.tx_power_w * q6_db_to_linear(sc->vehicles.antenna_gain_dbi + h->antenna_gain_dbi - pl_db) *
           fading_gain;
}

static double uplink_snr(const q6_scenario *sc, const q6_infra_host *h, double rx_w)
{
    return rx_w / (sc->channel.noise_psd_w_per_hz * h->bandwidth_hz);
}

/* Parts the slot's per-vehicle radio work is split into: one per thread,
 * but no part under 1,000 vehicles (a thread start would cost more). */
static size_t radio_parts(const q6_exo *x)
{
    size_t p = x->threads, by_size = x->n_nodes / 1000;
    if (p > by_size)
        p = by_size;
    return p ? p : 1;
}

/* Room for n entries in reach lists; -1 when out of memory. */
static int lists_reserve(reach_lists *l, size_t n)
{
    if (n <= l->cap)
        return 0;
    size_t cap = n < 1024 ? 1024 : n + n / 2;
    if (q6_resize_array(&l->ap, cap, sizeof *l->ap) < 0 || q6_resize_array(&l->gain, cap, sizeof *l->gain) < 0 ||
        q6_resize_array(&l->rx_w, cap, sizeof *l->rx_w) < 0 || q6_resize_array(&l->snr, cap, sizeof *l->snr) < 0)
        return -1;
    l->cap = cap;
    return 0;
}

static void lists_free(reach_lists *l)
{
    free(l->ap);
    free(l->gain);
    free(l->rx_w);
    free(l->snr);
}

/* The scratch of the parts after the first; -1 when out of memory. */
static int parts_ready(q6_exo *x, size_t n_parts)
{
    if (n_parts < 2 || x->parts)
        return 0;
    if (!(x->parts = calloc(x->threads, sizeof *x->parts)))
        return -1;
    for (size_t p = 1; p < x->threads; p++) {
        radio_part *r = &x->parts[p];
        r->terms = malloc((x->n_aps ? x->n_aps : 1) * sizeof *r->terms);
        r->scratch = malloc((x->n_aps ? x->n_aps : 1) * sizeof *r->scratch);
        r->off = malloc((x->n_nodes + 1) * sizeof *r->off);
        if (!r->terms || !r->scratch || !r->off)
            return -1;
    }
    return 0;
}

static void parts_free(q6_exo *x)
{
    for (size_t p = 1; x->parts && p < x->threads; p++) {
        free(x->parts[p].terms);
        free(x->parts[p].scratch);
        free(x->parts[p].off);
        lists_free(&x->parts[p].lists);
    }
    free(x->parts);
    x->parts = NULL;
}

/* The AP terms a part reads and writes (part 0: the run's own). */
static q6_radio_ap_terms *part_terms(q6_exo *x, size_t part)
{
    if (part == 0)
        return x->ap_terms;
    memcpy(x->parts[part].terms, x->ap_terms, x->n_aps * sizeof *x->ap_terms);
    return x->parts[part].terms;
}

/* Uplink budget: P_tx G_tx G_rx / PL x fading, noise over the AP band.
 * A satellite below its minimum elevation is out of reach. A pair whose
 * received power is 0 whatever the path loss (node absent, link down this
 * slot) skips the path loss; the AP's own terms are computed once. Each
 * vehicle's row is its own, so parts of the vehicles run in parallel. */
static void radio_rows(void *ctx, size_t part, size_t n_parts)
{
    q6_exo *x = ctx;
    const q6_scenario *sc = x->sc;
    q6_radio_ap_terms *terms = part_terms(x, part);
    size_t lo, hi;
    q6_parallel_range(x->n_nodes, part, n_parts, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const q6_pose *p = &x->poses[i];
        for (size_t a = 0; a < x->n_aps; a++) {
            const q6_infra_host *h = terms[a].ap;
            size_t k = i * x->n_aps + a;
            /* A link that does not exist this slot carries nothing: SNR 0, out of reach. */
            x->rx_w[k] = 0.0;
            if (p->present && (!x->link_up || x->link_up[k])) {
                double pl_db = h->orbiting && q6_reach_elevation_rad(&x->ap_xyz[3 * a], p->x_m, p->y_m, p->z_m) <
                                                  h->min_elevation_rad
                                   ? INFINITY
                                   : q6_radio_pathloss_terms_db(&terms[a], p->x_m, p->y_m, p->z_m);
                x->rx_w[k] = uplink_rx_w(sc, h, pl_db, x->gain[k]);
            }
            x->snr[k] = uplink_snr(sc, h, x->rx_w[k]);
        }
    }
}

/* The slot's AP terms, and the parts' scratch: how many parts, or 0 when
 * out of memory (err says so). */
static size_t radio_begin(q6_exo *x, char *err, size_t errlen)
{
    for (size_t a = 0; a < x->n_aps; a++)
        q6_radio_ap_terms_init(&x->ap_terms[a], &x->pf->hosts[x->pf->aps[a]], &x->ap_xyz[3 * a]);
    size_t n_parts = radio_parts(x);
    if (parts_ready(x, n_parts) < 0) {
        snprintf(err, errlen, "out of memory for the radio's %zu threads", x->threads);
        return 0;
    }
    return n_parts;
}

static int radio(q6_exo *x, char *err, size_t errlen)
{
    size_t n_parts = radio_begin(x, err, errlen);
    if (!n_parts)
        return -1;
    q6_parallel_run(n_parts, radio_rows, x);
    return 0;
}

/* The sparse uplink budget of vehicles [lo, hi): per present node the APs
 * covering it (sim/core/reach.h), ascending, each with a fading draw from
 * the node's stream in that order (or the replayed timeline's value), the
 * path loss and the SNR, as radio() computes them, into lists l; off[i -
 * lo + 1] is where vehicle i's entries end (off[0] = 0). A covered pair
 * whose link is down this slot carries nothing (SNR 0): it is left out,
 * like an absent node's. -1 when out of memory. */
static int sparse_rows(q6_exo *x, size_t lo, size_t hi, q6_radio_ap_terms *terms, uint32_t *scratch,
                       reach_lists *l, uint64_t *off)
{
    const q6_scenario *sc = x->sc;
    int scatter = x->record && !x->replay; /* the recorded timeline holds every pair's fading */
    off[0] = 0;
    for (size_t i = lo; i < hi; i++) {
        const q6_pose *p = &x->poses[i];
        size_t k = off[i - lo];
        off[i - lo + 1] = k;
        if (!p->present)
            continue;
        size_t m = q6_reach_vehicle(x->reach, p->x_m, p->y_m, p->z_m, scratch);
        if (lists_reserve(l, k + m) < 0)
            return -1;
        for (size_t j = 0; j < m; j++) {
            size_t a = scratch[j], ia = i * x->n_aps + a;
            const q6_infra_host *h = terms[a].ap;
            double g = x->replay ? x->gain[ia] : q6_radio_fading_gain(h, sc->channel.fading, x->fade_rng[i]);
            if (scatter)
                x->gain[ia] = g;
            if (x->link_up && !x->link_up[ia])
                continue;
            double pl_db = q6_radio_pathloss_terms_db(&terms[a], p->x_m, p->y_m, p->z_m);
            double rx_w = uplink_rx_w(sc, h, pl_db, g);
            if (!(rx_w > 0))
                continue; /* carries nothing: unlisted, as in the dense lists (docs/engine.md) */
            l->ap[k] = (uint32_t)a;
            l->gain[k] = g;
            l->rx_w[k] = rx_w;
            l->snr[k] = uplink_snr(sc, h, rx_w);
            k++;
        }
        off[i - lo + 1] = k;
    }
    return 0;
}

static void sparse_part(void *ctx, size_t part, size_t n_parts)
{
    q6_exo *x = ctx;
    size_t lo, hi;
    q6_parallel_range(x->n_nodes, part, n_parts, &lo, &hi);
    q6_radio_ap_terms *terms = part_terms(x, part);
    if (part == 0) {
        x->parts_failed = sparse_rows(x, lo, hi, terms, x->reach_scratch, &x->lists, x->reach_off) < 0;
        return;
    }
    radio_part *r = &x->parts[part];
    r->failed = sparse_rows(x, lo, hi, terms, r->scratch, &r->lists, r->off) < 0;
}

static int radio_sparse(q6_exo *x, char *err, size_t errlen)
{
    if (q6_reach_slot(x->reach, x->ap_xyz, x->poses, x->n_nodes, err, errlen) < 0)
        return -1;
    size_t n_parts = radio_begin(x, err, errlen);
    if (!n_parts)
        return -1;
    int scatter = x->record && !x->replay; /* the recorded timeline holds every pair's fading */
    if (scatter)
        memset(x->gain, 0, x->n_nodes * x->n_aps * sizeof *x->gain);
    q6_parallel_run(n_parts, sparse_part, x);
    int failed = x->parts_failed;
    /* The later parts' lists after the first's, in vehicle order. */
    for (size_t p = 1; p < n_parts && !failed; p++) {
        const radio_part *r = &x->parts[p];
        size_t lo, hi;
        q6_parallel_range(x->n_nodes, p, n_parts, &lo, &hi);
        uint64_t base = x->reach_off[lo], m = r->off[hi - lo];
        if (r->failed || lists_reserve(&x->lists, base + m) < 0) {
            failed = 1;
            break;
        }
        memcpy(x->lists.ap + base, r->lists.ap, m * sizeof *r->lists.ap);
        memcpy(x->lists.gain + base, r->lists.gain, m * sizeof *r->lists.gain);
        memcpy(x->lists.rx_w + base, r->lists.rx_w, m * sizeof *r->lists.rx_w);
        memcpy(x->lists.snr + base, r->lists.snr, m * sizeof *r->lists.snr);
        for (size_t i = lo; i < hi; i++)
            x->reach_off[i + 1] = base + r->off[i - lo + 1];
    }
    if (failed) {
        snprintf(err, errlen, "out of memory for the (vehicle, AP) pairs in reach");
        return -1;
    }
    return 0;
}

void q6_exo_set_draw_ahead(q6_exo *x, q6_exo_ahead_mode mode) { x->ahead_mode = mode; }

void q6_exo_set_threads(q6_exo *x, size_t threads)
{
    if (x->parts) /* its scratch was made for the earlier count */
        parts_free(x);
    x->threads = threads ? (threads > 64 ? 64 : threads) : 1;
}

int q6_exo_set_timeline_io(q6_exo *x, const char *record_path, const char *replay_path, const q6_exo_identity *id,
                           int replay_any, char *err, size_t errlen)
{
    /* A timeline file holds every pair's fading (0 out of reach). */
    if ((record_path || replay_path) && !x->gain &&
        !(x->gain = q6_calloc_checked((x->n_nodes ? x->n_nodes : 1) * (x->n_aps ? x->n_aps : 1), sizeof *x->gain,
                                      "the fading of a recorded or replayed timeline", err, errlen)))
        return -1;
    if (replay_path) {
        q6_timeline_header h;
        x->replay = q6_timeline_open(replay_path, &h, err, errlen);
        if (!x->replay)
            return -1;
        const char *bad = h.nodes != x->n_nodes ? "nodes" : h.aps != x->n_aps ? "aps"
                        : h.slots < x->sc->slots ? "slots" : h.slot_s != x->sc->slot_s ? "slot_length_s"
                        : h.market_bs != x->n_mbs ? "market_bs"
                        : h.market_parties != (x->n_mbs ? x->n_nodes + x->n_mbs : 0) ? "market_parties"
                        : h.random_links != (x->link_up != NULL) ? "random_links" : NULL;
        if (bad) {
            snprintf(err, errlen, "%s: record 0: header field %s does not match the scenario "
                     "(%zu vehicles, %zu APs, %llu slots of %g s, %zu market BSs, %s)", replay_path, bad, x->n_nodes,
                     x->n_aps, (unsigned long long)x->sc->slots, x->sc->slot_s, x->n_mbs,
                     x->link_up ? "random links" : "every link up");
            return -1;
        }
        q6_exo_replayed *r = &x->replayed;
        r->version = (int)h.version;
        r->seed = h.seed;
        snprintf(r->scenario_name, sizeof r->scenario_name, "%s", h.scenario_name);
        snprintf(r->scenario_identity, sizeof r->scenario_identity, "%s", h.scenario_identity);
        int same_scenario = h.version >= 2 && !strcmp(h.scenario_identity, id->scenario_identity);
        r->matches = same_scenario && h.seed == id->seed;
        if (!r->matches && !replay_any) {
            if (h.version < 2)
                snprintf(err, errlen, "%s: a version %u timeline records neither checksum nor the scenario and "
                         "seed it came from; pass --replay-any-timeline to replay it anyway", replay_path, h.version);
            else
                snprintf(err, errlen, "%s: recorded from %s'%s' (identity %.12s...) with seed %llu, but this run "
                         "is %s'%s' (identity %.12s...) with seed %llu; pass --replay-any-timeline to replay it "
                         "anyway", replay_path, same_scenario ? "the same scenario " : "scenario ", h.scenario_name,
                         h.scenario_identity, (unsigned long long)h.seed, same_scenario ? "the same scenario " :
                         "scenario ", id->scenario_name, id->scenario_identity, (unsigned long long)id->seed);
            return -1;
        }
        memcpy(x->battery_initial, h.battery_initial, x->n_aps * sizeof *x->battery_initial);
        if (h.market_parties)
            memcpy(x->market_soc0, h.market_soc_initial, h.market_parties * sizeof *x->market_soc0);
    }
    if (record_path) {
        q6_timeline_header h = {0};
        h.nodes = (uint32_t)x->n_nodes;
        h.aps = (uint32_t)x->n_aps;
        h.slots = x->sc->slots;
        h.slot_s = x->sc->slot_s;
        h.battery_initial = x->battery_initial;
        h.market_parties = (uint32_t)(x->n_mbs ? x->n_nodes + x->n_mbs : 0);
        h.market_bs = (uint32_t)x->n_mbs;
        h.market_soc_initial = x->market_soc0;
        h.random_links = x->link_up != NULL;
        /* Re-recording a replayed timeline keeps where its values came from. */
        int keep = x->replay && x->replayed.version >= 2;
        h.seed = keep ? x->replayed.seed : id->seed;
        snprintf(h.scenario_name, sizeof h.scenario_name, "%s", keep ? x->replayed.scenario_name : id->scenario_name);
        snprintf(h.scenario_identity, sizeof h.scenario_identity, "%s",
                 keep ? x->replayed.scenario_identity : id->scenario_identity);
        x->record = q6_timeline_create(record_path, &h);
        if (!x->record) {
            snprintf(err, errlen, "%s: cannot write the timeline", record_path);
            return -1;
        }
    }
    return 0;
}

const q6_exo_replayed *q6_exo_replayed_info(const q6_exo *x) { return x->replay ? &x->replayed : NULL; }

int q6_exo_close_timeline(q6_exo *x)
{
    job_wait(x); /* it may be recording */
    int rc = q6_timeline_close(x->record);
    x->record = NULL;
    return rc;
}

/* Fills the current slot from the replayed timeline. */
static int replay_slot(q6_exo *x, char *err, size_t errlen)
{
    const q6_timeline_slot *s;
    if (q6_timeline_read(x->replay, &s, err, errlen) < 0)
        return -1;
    /* The reader checked order (record k is slot k - 1) and every value. */
    for (size_t i = 0; i < x->n_nodes; i++) {
        const double *v = &s->node_pose[5 * i];
        x->poses[i] = (q6_pose){0};
        x->poses[i].x_m = v[0];
        x->poses[i].y_m = v[1];
        x->poses[i].z_m = v[2];
        x->poses[i].speed_mps = v[3];
        x->poses[i].heading_rad = v[4];
        x->poses[i].present = s->present[i];
    }
    memcpy(x->ap_xyz, s->ap_xyz, 3 * x->n_aps * sizeof *x->ap_xyz);
    memcpy(x->gain, s->fading, x->n_nodes * x->n_aps * sizeof *x->gain);
    if (x->link_up) /* the header said the slots carry it (checked when opened) */
        memcpy(x->link_up, s->link_up, x->n_nodes * x->n_aps);
    memcpy(x->renewable_j, s->renewable_j, x->n_aps * sizeof *x->renewable_j);
    if (x->n_mbs)
        memcpy(x->bs_load, s->bs_load, x->n_mbs * sizeof *x->bs_load);
    if (tasks_reserve(x, s->n_tasks) < 0) {
        snprintf(err, errlen, "out of memory for the %zu tasks of a replayed slot", (size_t)s->n_tasks);
        return -1;
    }
    memset(x->task_off, 0, (x->n_nodes + 1) * sizeof *x->task_off);
    for (size_t k = 0; k < s->n_tasks; k++) {
        const q6_timeline_task *t = &s->tasks[k]; /* of a present node: checked by the reader */
        x->tasks[k] = (q6_exo_task){t->arrival_s, t->input_bytes, t->output_bytes, t->work_flops, t->kind,
                                    {t->logical_qubits, t->depth_steps, t->gates_1q_per_step, t->gates_2q_per_step,
                                     t->meas_per_step, t->min_success},
                                    t->qpu_key, t->n_subtasks ? t->n_subtasks : 1};
        x->task_off[t->node + 1]++;
    }
    for (size_t i = 0; i < x->n_nodes; i++)
        x->task_off[i + 1] += x->task_off[i];
    return 0;
}

/* Writes the current slot to the recorded timeline. */
static void record_slot(q6_exo *x, uint64_t slot)
{
    double *pose = malloc((5 * x->n_nodes + 1) * sizeof *pose);
    uint8_t *present = malloc(x->n_nodes + 1);
    q6_timeline_task *tasks = malloc((x->task_off[x->n_nodes] + 1) * sizeof *tasks);
    for (size_t i = 0; i < x->n_nodes; i++) {
        const q6_pose *p = &x->poses[i];
        double v[5] = {p->x_m, p->y_m, p->z_m, p->speed_mps, p->heading_rad};
        memcpy(&pose[5 * i], v, sizeof v);
        present[i] = p->present ? 1 : 0;
        for (size_t k = x->task_off[i]; k < x->task_off[i + 1]; k++) {
            const q6_exo_task *et = &x->tasks[k];
            const q6_circuit *c = &et->circuit;
            tasks[k] = (q6_timeline_task){(uint32_t)i, et->arrival_s, et->input_bytes, et->output_bytes,
                                          et->work_flops, et->kind, c->logical_qubits, c->depth_steps,
                                          c->gates_1q_per_step, c->gates_2q_per_step, c->meas_per_step,
                                          c->min_success, et->qpu_key, et->n_subtasks};
        }
    }
    q6_timeline_slot s = {slot, pose, present, x->ap_xyz, x->gain, tasks, x->task_off[x->n_nodes], x->renewable_j,
                          x->bs_load, x->link_up};
    q6_timeline_write(x->record, &s);
    free(pose);
    free(present);
    free(tasks);
}

/* Per-hop forwarding delay of a relay (store and forward at a UAV or BS). */
#define RELAY_HOP_S 1e-3

typedef struct {
    q6_conn_matrix m;
    const q6_exo *x;
} link_ctx;

/* Access links by SNR, vehicle relays by range (q6_conn_matrix_link);
 * between APs only UAV-UAV and UAV-BS hops within the UAV relay range. */
static int link_fn(void *vctx, size_t u, size_t v, double dist_m, double *delay_s)
{
    link_ctx *c = vctx;
    size_t nm = c->m.n_mobile;
    if (!c->m.metric)
        nm = 0; /* the relay graph has no mobiles */
    if (u < nm || v < nm)
        return q6_conn_matrix_link(&c->m, u, v, dist_m, delay_s);
    q6_role ru = c->x->pf->hosts[c->x->pf->aps[u - nm]].role, rv = c->x->pf->hosts[c->x->pf->aps[v - nm]].role;
    int uav_pair = (ru == Q6_ROLE_UAV && (rv == Q6_ROLE_UAV || rv == Q6_ROLE_BS)) ||
                   (rv == Q6_ROLE_UAV && ru == Q6_ROLE_BS);
    *delay_s = RELAY_HOP_S + dist_m / Q6_SPEED_OF_LIGHT_MPS;
    return uav_pair && dist_m <= c->x->sc->channel.uav_relay_range_m;
}

/* Shortest relay path of each UAV to any BS, in a graph of access points
 * only (vehicles never relay backhaul). */
static int uav_relays(q6_exo *x, char *err, size_t errlen)
{
    link_ctx lc = {{NULL, 0, x->n_aps, 0, 0, 0}, x};
    q6_conn_params cp = {INFINITY, Q6_LINK_AP_AP, link_fn, &lc, 0, NULL};
    if (q6_conn_update(x->relay_conn, NULL, x->ap_poses, &cp, err, errlen) < 0)
        return -1;
    for (size_t a = 0; a < x->n_aps; a++) {
        x->uav_delay_s[a] = 0;
        x->uav_hops[a] = 0;
        if (x->pf->hosts[x->pf->aps[a]].role != Q6_ROLE_UAV)
            continue;
        x->uav_delay_s[a] = INFINITY;
        for (size_t b = 0; b < x->n_aps; b++) {
            if (x->pf->hosts[x->pf->aps[b]].role != Q6_ROLE_BS)
                continue;
            double d;
            long n = q6_conn_path(x->relay_conn, a, b, x->path, x->n_aps + 2, &d, err, errlen);
            if (n < 0)
                return -1;
            if (n > 1 && d < x->uav_delay_s[a]) {
                x->uav_delay_s[a] = d;
                x->uav_hops[a] = (int)(n - 1);
            }
        }
    }
    return 0;
}

/* Connected nodes and their mean hop count without the graph, when
 * vehicles do not relay: every AP hangs off the graph's root by a 0-delay
 * edge and a vehicle's only neighbours are APs, so Dijkstra reaches a
 * present vehicle iff one of its access links closes, always in one hop
 * (whichever AP serves it, which nothing else reads). A link is an edge of
 * q6_conn_update iff it closes and its distance is <= infinity (not NaN);
 * an infinite distance, which q6_conn_update rejects with an error,
 * returns 0 so that the graph reports it. 1: done. */
static int direct_links(q6_exo *x)
{
    size_t connected = 0;
    for (size_t i = 0; i < x->n_nodes; i++) {
        const q6_pose *p = &x->poses[i];
        if (!p->present)
            continue;
        int linked = 0;
        for (size_t a = 0; a < x->n_aps; a++) {
            if (!x->ap_open[i * x->n_aps + a])
                continue;
            const q6_pose *ap = &x->ap_poses[a];
            double d = sqrt((ap->x_m - p->x_m) * (ap->x_m - p->x_m) + (ap->y_m - p->y_m) * (ap->y_m - p->y_m) +
                            (ap->z_m - p->z_m) * (ap->z_m - p->z_m));
            if (d == INFINITY)
                return 0;
            linked |= d <= INFINITY;
        }
        connected += linked ? 1 : 0;
    }
    x->connected = connected;
    x->mean_hops = connected ? 1.0 : 0.0;
    return 1;
}

/* Connectivity graph: an access link closes at SNR >= min_snr; vehicles
 * relay for each other within channel.relay_range_m; UAVs relay to BSs. */
/* The SNR in dB only decides whether a link closes (snr_db >= the
 * threshold in dB). An SNR below half the minimum or above twice it is
 * 3 dB from the threshold, far beyond log10's rounding error, so its
 * side is known without the logarithm: -/+ infinity decide the same. */
static double link_snr_db(double s, double min_snr, int bracket)
{
    if (bracket && s < 0.5 * min_snr)
        return -INFINITY;
    if (bracket && s > 2.0 * min_snr)
        return INFINITY;
    return s > 0 ? 10.0 * log10(s) : -INFINITY;
}

/* direct_links over the reach lists: an unlisted pair has SNR 0 and never
 * closes. 1: done. */
static int direct_links_sparse(q6_exo *x, double min_snr, double threshold_db, int bracket)
{
    size_t connected = 0;
    for (size_t i = 0; i < x->n_nodes; i++) {
        const q6_pose *p = &x->poses[i];
        int linked = 0;
        for (uint64_t k = x->reach_off[i]; p->present && k < x->reach_off[i + 1] && !linked; k++) {
            if (!(link_snr_db(x->lists.snr[k], min_snr, bracket) >= threshold_db))
                continue;
            const q6_pose *ap = &x->ap_poses[x->lists.ap[k]];
            double d = sqrt((ap->x_m - p->x_m) * (ap->x_m - p->x_m) + (ap->y_m - p->y_m) * (ap->y_m - p->y_m) +
                            (ap->z_m - p->z_m) * (ap->z_m - p->z_m));
            linked = d <= INFINITY;
        }
        connected += linked ? 1 : 0;
    }
    x->connected = connected;
    x->mean_hops = connected ? 1.0 : 0.0;
    return 1;
}

static int connectivity(q6_exo *x, char *err, size_t errlen)
{
    size_t na = x->n_nodes * x->n_aps;
    double min_snr = x->sc->channel.min_snr_linear, threshold_db = 10.0 * log10(min_snr);
    int bracket = min_snr > 0 && isfinite(min_snr) && isfinite(2.0 * min_snr);
    for (size_t k = 0; !x->sparse && k < na; k++) {
        x->snr_db[k] = link_snr_db(x->snr[k], min_snr, bracket);
        x->ap_open[k] = x->snr_db[k] >= threshold_db;
    }
    if (x->sparse && x->snr_db) { /* the relay graph reads every pair */
        for (size_t k = 0; k < na; k++) {
            x->snr_db[k] = -INFINITY;
            x->ap_open[k] = 0;
        }
        for (size_t i = 0; i < x->n_nodes; i++)
            for (uint64_t k = x->reach_off[i]; k < x->reach_off[i + 1]; k++) {
                size_t ia = i * x->n_aps + x->lists.ap[k];
                x->snr_db[ia] = link_snr_db(x->lists.snr[k], min_snr, bracket);
                x->ap_open[ia] = x->snr_db[ia] >= threshold_db;
            }
    }
    for (size_t a = 0; a < x->n_aps; a++) {
        x->ap_poses[a] = (q6_pose){0};
        x->ap_poses[a].x_m = x->ap_xyz[3 * a];
        x->ap_poses[a].y_m = x->ap_xyz[3 * a + 1];
        x->ap_poses[a].z_m = x->ap_xyz[3 * a + 2];
        x->ap_poses[a].present = 1;
    }
    double relay = x->sc->channel.relay_range_m;
    link_ctx lc = {{x->snr_db, x->n_nodes, x->n_aps, 10.0 * log10(x->sc->channel.min_snr_linear), 0.0, relay}, x};
    int uav_relay = x->sc->channel.uav_relay_range_m > 0;
    q6_conn_params cp = {INFINITY, Q6_LINK_MOBILE_AP | (relay > 0 ? Q6_LINK_MOBILE_MOBILE : 0u),
                         q6_conn_matrix_link, &lc.m, relay, x->ap_open};
    int direct = relay == 0 && (x->sparse ? direct_links_sparse(x, min_snr, threshold_db, bracket) : direct_links(x));
    if (!direct) {
        if (q6_conn_update(x->conn, x->poses, x->ap_poses, &cp, err, errlen) < 0)
            return -1;
        x->connected = 0;
        double hops = 0;
        for (size_t i = 0; i < x->n_nodes; i++)
            if (x->poses[i].present && q6_conn_serving_ap(x->conn, i) >= 0) {
                x->connected++;
                hops += q6_conn_hops(x->conn, i);
            }
        x->mean_hops = x->connected ? hops / (double)x->connected : 0.0;
    }
    if (uav_relay && uav_relays(x, err, errlen) < 0)
        return -1;
    return 0;
}

/* Draws the current slot from the keyed streams. */
static int draw_slot(q6_exo *x, double t0, double epoch, char *err, size_t errlen)
{
    if (q6_mobility_advance(x->veh_mob, epoch, x->poses, err, errlen) < 0)
        return -1;
    if (x->uav_mob) {
        if (q6_mobility_advance(x->uav_mob, epoch, x->uav_poses, err, errlen) < 0)
            return -1;
        for (size_t u = 0; u < x->n_uavs; u++) {
            double *xyz = &x->ap_xyz[3 * x->uav_ap[u]];
            xyz[0] = x->uav_poses[u].x_m;
            xyz[1] = x->uav_poses[u].y_m;
            xyz[2] = x->uav_poses[u].z_m;
        }
    }
    for (size_t a = 0; a < x->n_aps; a++) {
        const q6_infra_host *h = &x->pf->hosts[x->pf->aps[a]];
        if (h->role == Q6_ROLE_HAP && h->station_radius_m > 0) {
            q6_hap hap = {h->x_m, h->y_m, h->z_m, h->station_radius_m, h->station_speed_mps, 0.0};
            q6_pose pose;
            q6_hap_pose(&hap, epoch, &pose);
            x->ap_xyz[3 * a] = pose.x_m;
            x->ap_xyz[3 * a + 1] = pose.y_m;
            x->ap_xyz[3 * a + 2] = pose.z_m;
        }
        if (!h->orbiting)
            continue;
        q6_orbit o = {h->orbit_altitude_m, h->orbit_inclination_rad, h->orbit_raan_rad, h->orbit_phase_rad};
        double *xyz = &x->ap_xyz[3 * a];
        q6_orbit_local(&o, &x->frame, epoch, &xyz[0], &xyz[1], &xyz[2]);
    }
    x->task_off[0] = 0;
    for (size_t i = 0; i < x->n_nodes; i++) {
        /* Draws happen whether or not the node is present, so streams stay aligned. */
        if (draw_tasks(x, i, t0) < 0) {
            snprintf(err, errlen, "out of memory for the tasks of node %zu", i);
            return -1;
        }
        for (size_t a = 0; !x->sparse && a < x->n_aps; a++)
            x->gain[i * x->n_aps + a] = q6_radio_fading_gain(&x->pf->hosts[x->pf->aps[a]], x->sc->channel.fading, x->fade_rng[i]);
        /* alpha_ij ~ Bernoulli(p), drawn for every AP whether or not the node is present. */
        for (size_t a = 0; x->link_up && a < x->n_aps; a++)
            x->link_up[i * x->n_aps + a] = gsl_rng_uniform(x->link_rng[i]) < x->sc->channel.connectivity_probability;
        if (!x->poses[i].present)
            x->task_off[i + 1] = x->task_off[i];
    }
    for (size_t a = 0; a < x->n_aps; a++) {
        double u = gsl_rng_uniform(x->site_rng[a]);
        int bs = x->pf->hosts[x->pf->aps[a]].role == Q6_ROLE_BS;
        x->renewable_j[a] = bs ? u * x->sc->energy.renewable_peak_w * x->sc->slot_s : 0.0;
    }
    const double *load = x->sc->market.bs_load;
    for (size_t b = 0; b < x->n_mbs; b++)
        x->bs_load[b] = load[0] + gsl_rng_uniform(x->mbs_rng[b]) * (load[1] - load[0]);
    return 0;
}

/* The slot's tasks, field by field. The classical fields hash exactly as
 * the four-double tasks of earlier versions did, the quantum fields only
 * in slots that hold a quantum task and the part counts only in slots
 * that hold a split task, so timelines without them keep their digests. */
static void hash_tasks(q6_exo *x, const q6_exo_task *tasks, size_t n)
{
    int any_quantum = 0;
    hash_buf *b = &x->hash_scratch;
    for (size_t k = 0; k < n; k++) {
        const q6_exo_task *t = &tasks[k];
        double v[4] = {t->arrival_s, t->input_bytes, t->output_bytes, t->work_flops};
        hash_buf_put(x, b, v, 4);
        any_quantum |= t->kind != Q6_TASK_CLASSICAL;
    }
    hash_buf_flush(x, b);
    for (size_t k = 0; any_quantum && k < n; k++) {
        const q6_exo_task *t = &tasks[k];
        hash(x, &t->kind, sizeof t->kind);
        if (t->kind == Q6_TASK_CLASSICAL)
            continue;
        const q6_circuit *c = &t->circuit;
        double v[6] = {c->logical_qubits, c->depth_steps, c->gates_1q_per_step, c->gates_2q_per_step,
                       c->meas_per_step, c->min_success};
        hash(x, v, sizeof v);
        hash(x, &t->qpu_key, sizeof t->qpu_key);
    }
    int any_split = 0;
    for (size_t k = 0; k < n; k++)
        any_split |= tasks[k].n_subtasks > 1;
    for (size_t k = 0; any_split && k < n; k++)
        hash(x, &tasks[k].n_subtasks, sizeof tasks[k].n_subtasks);
}

/* Draws `slot` into the drawing's buffers (nothing is hashed here). */
static int generate(q6_exo *x, uint64_t slot, char *err, size_t errlen)
{
    x->slot = slot;
    double slot_s = x->sc->slot_s, t0 = (double)slot * slot_s, epoch = t0 + slot_s;
    if (x->replay) {
        if (replay_slot(x, err, errlen) < 0)
            return -1;
    } else if (draw_slot(x, t0, epoch, err, errlen) < 0) {
        return -1;
    }
    x->present = 0;
    for (size_t i = 0; i < x->n_nodes; i++)
        x->present += x->poses[i].present ? 1 : 0;
    for (size_t a = 0; a < x->n_aps; a++) {
        const q6_infra_host *h = &x->pf->hosts[x->pf->aps[a]];
        x->visible[a] = h->orbiting && q6_reach_elevation_rad(&x->ap_xyz[3 * a], 0, 0, 0) >= h->min_elevation_rad;
    }
    if (x->sparse ? radio_sparse(x, err, errlen) < 0 : radio(x, err, errlen) < 0)
        return -1;
    if (connectivity(x, err, errlen) < 0)
        return -1;
    if (x->record)
        record_slot(x, slot);
    return 0;
}

#define Q6_SWAP(field)                                                                                  \
    do {                                                                                                \
        __typeof__(x->field) t_ = x->field;                                                             \
        x->field = x->pub.field;                                                                        \
        x->pub.field = t_;                                                                              \
    } while (0)

/* Makes the slot just drawn the current one: its buffers become the
 * published ones (the published ones the next drawing's, when pub has
 * buffers of its own), its counts are copied. */
static void publish(q6_exo *x)
{
    exo_frame *f = &x->pub;
    if (x->own_pub) {
        Q6_SWAP(poses);
        Q6_SWAP(ap_xyz);
        Q6_SWAP(tasks);
        Q6_SWAP(task_cap);
        Q6_SWAP(task_off);
        Q6_SWAP(link_up);
        Q6_SWAP(renewable_j);
        Q6_SWAP(visible);
        Q6_SWAP(uav_delay_s);
        Q6_SWAP(uav_hops);
        if (x->sparse) {
            Q6_SWAP(reach_off);
            Q6_SWAP(lists);
        } else {
            Q6_SWAP(gain);
            Q6_SWAP(rx_w);
            Q6_SWAP(snr);
        }
    } else {
        f->poses = x->poses;
        f->ap_xyz = x->ap_xyz;
        f->tasks = x->tasks;
        f->task_off = x->task_off;
        f->link_up = x->link_up;
        f->renewable_j = x->renewable_j;
        f->visible = x->visible;
        f->uav_delay_s = x->uav_delay_s;
        f->uav_hops = x->uav_hops;
        f->reach_off = x->reach_off;
        f->lists = x->lists;
        f->gain = x->sparse ? NULL : x->gain;
        f->rx_w = x->rx_w;
        f->snr = x->snr;
    }
    f->slot = x->slot;
    f->present = x->present;
    f->connected = x->connected;
    f->mean_hops = x->mean_hops;
}

/* Drawing ahead needs a second set of the per-slot buffers. The
 * positions start as the drawing's (static APs never move, and each
 * drawing starts from the last published poses, see job_main). */
static int own_pub_buffers(q6_exo *x, char *err, size_t errlen)
{
    exo_frame *f = &x->pub;
    size_t n = x->n_nodes ? x->n_nodes : 1, na_aps = x->n_aps ? x->n_aps : 1, na = n * na_aps;
#define Q6_PUB_ALLOC(field, count)                                                                     \
    if (!(f->field = q6_calloc_checked((count), sizeof *f->field, "the slot drawn ahead", err, errlen))) \
        return -1;
    Q6_PUB_ALLOC(poses, n)
    Q6_PUB_ALLOC(ap_xyz, 3 * na_aps)
    memcpy(f->ap_xyz, x->ap_xyz, 3 * x->n_aps * sizeof *f->ap_xyz);
    Q6_PUB_ALLOC(task_off, n + 1)
    if (x->link_up)
        Q6_PUB_ALLOC(link_up, na)
    Q6_PUB_ALLOC(renewable_j, na_aps)
    Q6_PUB_ALLOC(visible, na_aps)
    Q6_PUB_ALLOC(uav_delay_s, na_aps)
    Q6_PUB_ALLOC(uav_hops, na_aps)
    if (x->sparse) {
        Q6_PUB_ALLOC(reach_off, n + 1)
    } else {
        Q6_PUB_ALLOC(gain, na)
        Q6_PUB_ALLOC(rx_w, na)
        Q6_PUB_ALLOC(snr, na)
    }
#undef Q6_PUB_ALLOC
    x->own_pub = 1;
    return 0;
}

static void free_pub_buffers(q6_exo *x)
{
    exo_frame *f = &x->pub;
    if (!x->own_pub)
        return;
    free(f->poses);
    free(f->ap_xyz);
    free(f->tasks);
    free(f->task_off);
    free(f->link_up);
    free(f->renewable_j);
    free(f->visible);
    free(f->uav_delay_s);
    free(f->uav_hops);
    free(f->reach_off);
    lists_free(&f->lists);
    free(f->gain);
    free(f->rx_w);
    free(f->snr);
    x->own_pub = 0;
}

/* The published slot into the digest, field by field (struct padding is
 * not part of the timeline), in the order of every earlier version. */
static void hash_published(q6_exo *x)
{
    const exo_frame *f = &x->pub;
    uint64_t slot = f->slot;
    hash(x, &slot, sizeof slot);
    hash(x, f->renewable_j, x->n_aps * sizeof *f->renewable_j);
    if (x->n_mbs)
        hash(x, x->bs_load, x->n_mbs * sizeof *x->bs_load);
    for (size_t i = 0; i < x->n_nodes; i++) {
        const q6_pose *p = &f->poses[i];
        double v[5] = {p->x_m, p->y_m, p->z_m, p->speed_mps, p->present ? 1.0 : 0.0};
        hash_buf_put(x, &x->hash_scratch, v, 5);
    }
    hash_buf_flush(x, &x->hash_scratch);
    hash(x, f->ap_xyz, 3 * x->n_aps * sizeof *f->ap_xyz);
    if (!x->sparse) {
        hash(x, f->gain, x->n_nodes * x->n_aps * sizeof *f->gain);
    } else {
        /* The pairs in reach and their fading. A covered pair whose link
         * is down had its fading drawn (the stream stays as without the
         * link draw) but carries nothing and is not listed: link_up,
         * hashed below, says which. */
        size_t m = f->reach_off[x->n_nodes];
        hash(x, f->reach_off, (x->n_nodes + 1) * sizeof *f->reach_off);
        hash(x, f->lists.ap, m * sizeof *f->lists.ap);
        hash(x, f->lists.gain, m * sizeof *f->lists.gain);
    }
    if (f->link_up) /* only then: timelines without random links keep their digests */
        hash(x, f->link_up, x->n_nodes * x->n_aps);
    hash(x, f->task_off, (x->n_nodes + 1) * sizeof *f->task_off);
    hash_tasks(x, f->tasks, f->task_off[x->n_nodes]);
    /* Jittered MEC CPU speeds (eq. 4; drawn when the platform was prepared,
     * sim/scenario/cpu_jitter.c): only where jitter is on, so timelines
     * without it keep their digests. */
    for (size_t a = 0; a < x->n_aps; a++) {
        const double *fl = x->pf->hosts[x->pf->aps[a]].cpu_jitter_flops;
        if (fl && slot < x->sc->slots)
            hash(x, &fl[slot], sizeof *fl);
    }
}

/* The drawing-ahead thread: the published slot into the digest (it is
 * only read while the simulation runs it), then the next slot drawn from
 * the last published positions. Nothing here touches SimGrid. */
static void *job_main(void *arg)
{
    q6_exo *x = arg;
    hash_published(x);
    memcpy(x->poses, x->pub.poses, x->n_nodes * sizeof *x->poses);
    memcpy(x->ap_xyz, x->pub.ap_xyz, 3 * x->n_aps * sizeof *x->ap_xyz);
    x->job_rc = generate(x, x->job_slot, x->job_err, sizeof x->job_err);
    return NULL;
}

/* Draws `slot` ahead, on a thread if one can be started (else here). */
static void job_start(q6_exo *x, uint64_t slot)
{
    x->job_slot = slot;
    x->job_pending = 1;
    x->job_running = pthread_create(&x->job, NULL, job_main, x) == 0;
    if (!x->job_running)
        job_main(x);
}

/* Waits for the slot being drawn ahead, if any. */
static void job_wait(q6_exo *x)
{
    if (x->job_running) {
        pthread_join(x->job, NULL);
        x->job_running = 0;
    }
}

/* Whether to draw ahead: asked for (q6_exo_set_draw_ahead), two threads,
 * and safe: the timeline must be read by the
 * simulation's thread only between slots. Not with the energy market (its
 * actor draws and reads the timeline itself, and its solvers use igraph,
 * which Debian builds without thread safety) nor with UAV relays (relay
 * paths are igraph queries during the slot, while the next slot's graph
 * would be rebuilt). */
static int can_draw_ahead(const q6_exo *x)
{
    int wanted = x->ahead_mode == Q6_EXO_AHEAD_ON || (x->ahead_mode == Q6_EXO_AHEAD_AUTO && x->n_nodes >= 1000);
    return wanted && x->threads >= 2 && !x->n_mbs && !(x->sc->channel.uav_relay_range_m > 0);
}

int q6_exo_ensure(q6_exo *x, uint64_t slot, char *err, size_t errlen)
{
    if (x->started && slot == x->pub.slot)
        return 0;
    if (x->started ? slot != x->pub.slot + 1 : slot != 0) {
        snprintf(err, errlen, "internal: exogenous slot %llu requested after %llu",
                 (unsigned long long)slot, (unsigned long long)x->pub.slot);
        return -1;
    }
    if (!x->started) {
        x->started = 1;
        x->ahead = can_draw_ahead(x);
        if (x->ahead && own_pub_buffers(x, err, errlen) < 0)
            return -1;
        hash(x, x->battery_initial, x->n_aps * sizeof *x->battery_initial);
        if (x->n_mbs)
            hash(x, x->market_soc0, (x->n_nodes + x->n_mbs) * sizeof *x->market_soc0);
    }
    if (x->job_pending && x->job_slot == slot) {
        job_wait(x);
        x->job_pending = 0;
        if (x->job_rc < 0) {
            snprintf(err, errlen, "%s", x->job_err);
            return -1;
        }
    } else if (generate(x, slot, err, errlen) < 0) {
        return -1;
    }
    publish(x);
    if (x->ahead && slot + 1 < x->sc->slots)
        job_start(x, slot + 1); /* hashes this slot first */
    else
        hash_published(x);
    return 0;
}

uint64_t q6_exo_slot(const q6_exo *x) { return x->pub.slot; }
double q6_exo_epoch_s(const q6_exo *x) { return (double)(x->pub.slot + 1) * x->sc->slot_s; }
const q6_pose *q6_exo_node_poses(const q6_exo *x) { return x->pub.poses; }
size_t q6_exo_present_count(const q6_exo *x) { return x->pub.present; }
const double *q6_exo_ap_xyz(const q6_exo *x) { return x->pub.ap_xyz; }
const double *q6_exo_snr(const q6_exo *x) { return x->pub.snr; }
const double *q6_exo_rx_power_w(const q6_exo *x) { return x->pub.rx_w; }
int q6_exo_sparse(const q6_exo *x) { return x->sparse; }

const uint64_t *q6_exo_reach(const q6_exo *x, const uint32_t **ap, const double **snr, const double **rx_w)
{
    *ap = x->pub.lists.ap;
    *snr = x->pub.lists.snr;
    *rx_w = x->pub.lists.rx_w;
    return x->pub.reach_off;
}
const double *q6_exo_renewable_j(const q6_exo *x) { return x->pub.renewable_j; }
const int *q6_exo_visible(const q6_exo *x) { return x->pub.visible; }
size_t q6_exo_connected(const q6_exo *x) { return x->pub.connected; }
const double *q6_exo_uav_relay_delay_s(const q6_exo *x) { return x->pub.uav_delay_s; }
const int *q6_exo_uav_relay_hops(const q6_exo *x) { return x->pub.uav_hops; }

long q6_exo_relay_path(q6_exo *x, uint32_t from, uint32_t to, long *path, double *delay_s)
{
    char err[256];
    *delay_s = INFINITY;
    if (!(x->sc->channel.uav_relay_range_m > 0) || from >= x->n_aps || to >= x->n_aps)
        return 0;
    long n = q6_conn_path(x->relay_conn, from, to, x->path, x->n_aps + 2, delay_s, err, sizeof err);
    if (n <= 0 || (size_t)n > x->n_aps)
        return 0;
    memcpy(path, x->path, (size_t)n * sizeof *path);
    return n;
}
double q6_exo_mean_hops(const q6_exo *x) { return x->pub.mean_hops; }
const double *q6_exo_battery_initial(const q6_exo *x) { return x->battery_initial; }

const q6_exo_task *q6_exo_node_tasks(const q6_exo *x, size_t node, size_t *n)
{
    *n = x->pub.task_off[node + 1] - x->pub.task_off[node];
    return x->pub.tasks + x->pub.task_off[node];
}

const double *q6_exo_market_soc_initial(const q6_exo *x) { return x->market_soc0; }
const double *q6_exo_bs_load(const q6_exo *x) { return x->bs_load; }

void q6_exo_digest_hex(q6_exo *x, char out[65])
{
    job_wait(x); /* it hashes the current slot first */
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    EVP_MD_CTX_copy_ex(copy, x->md);
    EVP_DigestFinal_ex(copy, md, &len);
    EVP_MD_CTX_free(copy);
    for (unsigned i = 0; i < len && i < 32; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
    out[64] = 0;
}
