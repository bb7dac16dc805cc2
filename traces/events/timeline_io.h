/* Exogenous timeline files (timeline.proto): record a run's exogenous
 * values slot by slot, or read them back instead of drawing them.
 *
 * A version 2 file ends with a trailer holding the SHA-256 of every byte
 * before it, and its header names the recording run (seed, scenario name
 * and identity). Opening a file for reading checks everything before the
 * run starts: the checksum and the trailer's slot count, then every value
 * against what physics allows (finite positions; non-negative speeds,
 * fading gains, renewable energy and task sizes; loads and charges in
 * [0, 1]; task arrivals inside their slot and ordered). Version 1 files
 * (no trailer, no provenance) still open, with version = 1 in the header. */
#ifndef Q6_TRACES_TIMELINE_IO_H
#define Q6_TRACES_TIMELINE_IO_H
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#define Q6_TIMELINE_SCHEMA_VERSION 2u

typedef struct {
    uint32_t node;
    double arrival_s, input_bytes, output_bytes, work_flops;
    /* Quantum tasks (kind 1) only; classical tasks leave them 0. */
    uint32_t kind;
    double logical_qubits, depth_steps, gates_1q_per_step, gates_2q_per_step, meas_per_step, min_success;
    uint64_t qpu_key;
    uint32_t n_subtasks;   /* 0 or 1: whole */
} q6_timeline_task;

/* One slot; arrays sized by the header (nodes, aps). */
typedef struct {
    uint64_t slot;
    double *node_pose;        /* 5 per node: x, y, z, speed, heading */
    uint8_t *present;         /* per node */
    double *ap_xyz;           /* 3 per AP */
    double *fading;           /* nodes x aps */
    q6_timeline_task *tasks;
    size_t n_tasks;
    double *renewable_j;      /* per AP */
    double *bs_load;          /* per market BS (header market_bs) */
    uint8_t *link_up;         /* nodes x aps, 1: link exists (header random_links only) */
} q6_timeline_slot;

typedef struct {
    uint32_t version;         /* reading: the file's (1 or 2); writing: ignored */
    uint32_t nodes, aps;
    uint64_t slots;
    double slot_s;
    double *battery_initial;  /* per AP */
    uint32_t market_parties, market_bs;   /* 0 without an energy market */
    double *market_soc_initial;           /* per market party */
    /* Provenance (version 2; zero and empty in a version 1 file). */
    uint64_t seed;
    char scenario_name[128];
    char scenario_identity[65];           /* hex SHA-256 (sim/scenario_inputs.h) */
    int random_links;                     /* slots carry link_up (paper 002's Bernoulli connectivity) */
} q6_timeline_header;

typedef struct q6_timeline_file q6_timeline_file;

/* Writing: create, then one write per slot, then close (-1 if any write failed). */
q6_timeline_file *q6_timeline_create(const char *path, const q6_timeline_header *h);
int q6_timeline_write(q6_timeline_file *f, const q6_timeline_slot *s);

/* Reading: open checks the whole file (see above) and returns with the
 * header; each read fills the file's own slot buffers (valid until the
 * next read). Errors name the file, the record and the field, e.g.
 * "t.pb: record 3 (slot 2): node_pose[7] (node 1 speed_mps): -1 is negative". */
q6_timeline_file *q6_timeline_open(const char *path, q6_timeline_header *h, char *err, size_t errlen);
int q6_timeline_read(q6_timeline_file *f, const q6_timeline_slot **s, char *err, size_t errlen);

/* `q6sim timeline dump`: the header, then every slot, as CSV (long form:
 * slot,field,i,j,value after a "# {header json}" line) or JSON lines
 * ({"header": {...}}, then one object per slot). The file is checked first
 * (as for a replay); -1 with a message in err. Format: docs/outputs.md. */
int q6_timeline_dump(const char *path, FILE *out, int jsonl, char *err, size_t errlen);

/* Closes; a file being written gets its trailer first. -1 if any write failed. */
int q6_timeline_close(q6_timeline_file *f);

#endif
