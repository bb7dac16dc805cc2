/* Writing and reading length-delimited trace records (see trace.proto). */
#ifndef Q6_TRACES_TRACE_IO_H
#define Q6_TRACES_TRACE_IO_H
#include <stdint.h>
#include <stdio.h>

#define Q6_TRACE_SCHEMA_VERSION 1u

/* Event kinds, the same numbers as EventKind in trace.proto (checked at
 * compile time in trace_writer.c). */
enum {
    Q6_EV_TASK_ARRIVAL = 1, Q6_EV_TASK_DECIDED = 2, Q6_EV_TASK_SENT = 3,
    Q6_EV_EXEC_START = 4, Q6_EV_EXEC_END = 5, Q6_EV_TASK_DONE = 6,
    Q6_EV_TASK_DROPPED = 7, Q6_EV_INFEASIBLE = 8, Q6_EV_SLOT_DECIDED = 9,
    Q6_EV_LINK_RATE = 10, Q6_EV_ENERGY_BID = 11, Q6_EV_ENERGY_OFFER = 12,
    Q6_EV_HANDOVER = 13, Q6_EV_VISIBILITY_START = 14, Q6_EV_VISIBILITY_END = 15,
    Q6_EV_MARKET_MATCH = 16, Q6_EV_MARKET_GRID = 17, Q6_EV_EDGE_CHUNK_DONE = 18,
    Q6_EV_QPU_JOB_START = 19, Q6_EV_QPU_JOB_END = 20, Q6_EV_QPU_JOB_FAILED = 21
};

typedef struct q6_trace_writer q6_trace_writer;

typedef struct {
    double time_s;
    int kind;            /* Q6_EV_* */
    uint64_t slot, task;
    int32_t node, ap;    /* -1 when not applicable */
    const char *host;    /* may be NULL */
    double value;
    const char *detail;  /* may be NULL */
} q6_trace_event;

/* Opens path for writing and writes the header record. NULL on error. */
q6_trace_writer *q6_trace_open(const char *path, const char *scenario, uint64_t seed,
                               const char *scheduler, double slot_s, uint64_t slots);
/* Records an event: counted always, written when its kind is selected. */
int q6_trace_write(q6_trace_writer *w, const q6_trace_event *e);
/* Records so far, written or not: the header and every event. */
uint64_t q6_trace_count(const q6_trace_writer *w);
/* Whether events of `kind` are written (a NULL writer writes none). */
int q6_trace_wants(const q6_trace_writer *w, int kind);
/* Which kinds are written: bit k for kind k (default every kind). */
void q6_trace_set_kinds(q6_trace_writer *w, uint64_t kinds);
/* "all", "none" or "KIND,KIND,..." (names of trace.proto's EventKind) to
 * such a mask; -1 with a message naming the bad entry. */
int q6_trace_kinds_parse(const char *list, uint64_t *kinds, char *err, size_t errlen);
/* Flushes and closes; returns -1 if any write failed. */
int q6_trace_close(q6_trace_writer *w);

/* Converts a trace file to CSV or JSON lines on out, events in time order
 * (ties in emission order). With `header`, the trace header comes first:
 * CSV "# {json}" (a comment line), JSON lines {"header": {...}}. The whole
 * file is checked before anything is printed. Returns 0, or -1 with
 * "file: record N (byte offset B): message" in err (a directory, an empty
 * file or a damaged record). */
int q6_trace_dump(const char *path, FILE *out, int jsonl, int header, char *err, size_t errlen);

#endif
