/* Time-varying emission factors read from a CSV series (paper 003: the
 * factors "vary with the fuel mix, the time of day and the location").
 *
 * Format: a header line exactly "time_s,g_co2_per_kwh", then one
 * "TIME,VALUE" line per sample: TIME in seconds of simulated time, strictly
 * increasing; VALUE >= 0 in g CO2 per kWh. Blank lines and lines starting
 * with '#' are skipped. Anything else (missing field, extra field, text
 * that is not a finite number, decreasing time) is rejected with
 * "FILE:LINE: field 'NAME': reason".
 *
 * Lookup: Q6_SERIES_STEP holds each value until the next sample time;
 * Q6_SERIES_LINEAR interpolates linearly between samples. Before the first
 * sample the first value holds, after the last the last value holds. */
#ifndef Q6_MODELS_EMISSION_SERIES_H
#define Q6_MODELS_EMISSION_SERIES_H
#include <stddef.h>

typedef enum { Q6_SERIES_STEP = 0, Q6_SERIES_LINEAR = 1 } q6_series_mode;

typedef struct q6_emission_series q6_emission_series;

/* Parses a whole file. Returns NULL and writes one message to err on error. */
q6_emission_series *q6_emission_series_load(const char *path, char *err, size_t errlen);
/* Parses text held in memory; `name` stands for the file in messages. */
q6_emission_series *q6_emission_series_parse(const char *text, const char *name, char *err,
                                             size_t errlen);
void q6_emission_series_free(q6_emission_series *s);
size_t q6_emission_series_count(const q6_emission_series *s);

/* Factor at time t in g CO2/kWh (NAN for NULL series or NaN time). */
double q6_emission_series_at(const q6_emission_series *s, double time_s, q6_series_mode mode);

#endif
