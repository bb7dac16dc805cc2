/* Exogenous timeline files (timeline.proto): record a run's exogenous
 * values slot by slot, or read them back instead of drawing them. */
#ifndef Q6_TRACES_TIMELINE_IO_H
#define Q6_TRACES_TIMELINE_IO_H
#include <stddef.h>
#include <stdint.h>

#define Q6_TIMELINE_SCHEMA_VERSION 1u

typedef struct {
    uint32_t node;
    double arrival_s, input_bytes, output_bytes, work_flops;
    /* Quantum tasks (kind 1) only; classical tasks leave them 0. */
    uint32_t kind;
    double logical_qubits, depth_steps, gates_1q_per_step, gates_2q_per_step, meas_per_step, min_success;
    uint64_t qpu_key;
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
} q6_timeline_slot;

typedef struct {
    uint32_t nodes, aps;
    uint64_t slots;
    double slot_s;
    double *battery_initial;  /* per AP */
    uint32_t market_parties, market_bs;   /* 0 without an energy market */
    double *market_soc_initial;           /* per market party */
} q6_timeline_header;

typedef struct q6_timeline_file q6_timeline_file;

/* Writing: create, then one write per slot, then close (-1 if any write failed). */
q6_timeline_file *q6_timeline_create(const char *path, const q6_timeline_header *h);
int q6_timeline_write(q6_timeline_file *f, const q6_timeline_slot *s);

/* Reading: open checks the header; each read fills the file's own slot
 * buffers (valid until the next read). Errors name the file and record. */
q6_timeline_file *q6_timeline_open(const char *path, q6_timeline_header *h, char *err, size_t errlen);
int q6_timeline_read(q6_timeline_file *f, const q6_timeline_slot **s, char *err, size_t errlen);

int q6_timeline_close(q6_timeline_file *f);

#endif
