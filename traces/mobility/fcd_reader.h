/* Streaming reader of SUMO floating-car-data output (sumo --fcd-output,
 * plain or gzip-compressed), one <timestep> at a time, through libxml2's
 * xmlTextReader: memory holds one timestep, whatever the file length.
 * Only <vehicle> records are read (persons and containers are skipped). */
#ifndef Q6_TRACES_FCD_READER_H
#define Q6_TRACES_FCD_READER_H
#include <stddef.h>

typedef struct q6_fcd_sample {
    const char *id;         /* valid until the next q6_fcd_next_step */
    double x_m, y_m, z_m;   /* SUMO network frame; z NaN when absent */
    double speed_mps;       /* NaN when the attribute is absent */
    double angle_deg;       /* SUMO: clockwise from north; NaN when absent */
} q6_fcd_sample;

typedef struct q6_fcd_reader q6_fcd_reader;

typedef struct q6_fcd_summary {
    double first_time_s, last_time_s;  /* NaN when the file has no timestep */
    size_t n_steps;
    size_t max_vehicles_per_step;      /* slots a replay needs */
    size_t n_samples;
} q6_fcd_summary;

q6_fcd_reader *q6_fcd_open(const char *path, char *err, size_t errlen);

/* Reads the next timestep: returns 1 with its time and samples, 0 at the
 * end of the file, -1 with "file:line: ..." in err (malformed XML, missing
 * or non-numeric attribute, time not increasing, duplicate vehicle id). */
int q6_fcd_next_step(q6_fcd_reader *r, double *time_s, const q6_fcd_sample **samples,
                     size_t *n_samples, char *err, size_t errlen);

void q6_fcd_close(q6_fcd_reader *r);

/* Reads a whole file once (streaming) to size a replay. 0, or -1 + err. */
int q6_fcd_scan(const char *path, q6_fcd_summary *out, char *err, size_t errlen);

#endif
