/* Registry of the physical models: for each model its parameters (name
 * with a unit suffix, unit, default, range, description), its outputs and
 * an evaluate function. Used by `q6sim model` and by the engine to
 * parameterise a model from key=value text (platform XML properties,
 * scenario fields):
 *
 *   const q6_model_desc *m = q6_model_find("pathloss_uma");
 *   double in[Q6_MODEL_MAX_PARAMS], out[Q6_MODEL_MAX_OUTPUTS];
 *   q6_model_params_defaults(m, in);
 *   if (q6_model_params_set(m, in, "carrier_hz", "3.5e9", err, sizeof err)) ...
 *   if (q6_model_evaluate(m, in, out, err, sizeof err)) ...
 *
 * Error messages name the parameter: "parameter 'carrier_hz': ...". */
#ifndef Q6_MODELS_MODEL_REGISTRY_H
#define Q6_MODELS_MODEL_REGISTRY_H
#include <stddef.h>

#define Q6_MODEL_MAX_PARAMS 32
#define Q6_MODEL_MAX_OUTPUTS 16

typedef struct {
    const char *name;  /* e.g. "distance_m": the suffix says the unit */
    const char *unit;  /* e.g. "m", "Hz", "dB", "1" for dimensionless */
    double def, min, max; /* inclusive range; +-INFINITY for unbounded */
    int integer;       /* 1: value must be a whole number */
    const char *desc;
} q6_model_param;

typedef struct {
    const char *name;
    const char *unit;
    const char *desc;
} q6_model_output;

/* Evaluates with inputs in parameter order (already range-checked); writes
 * the outputs in output order. Returns 0, or -1 with a message in err
 * naming the offending parameter (cross-field checks). */
typedef int (*q6_model_eval_fn)(const double *in, double *out, char *err, size_t errlen);

typedef struct {
    const char *name;
    const char *summary;
    const char *source;  /* paper file + equation, or standard + table */
    const q6_model_param *params;
    size_t n_params;
    const q6_model_output *outputs;
    size_t n_outputs;
    q6_model_eval_fn eval;
} q6_model_desc;

size_t q6_model_count(void);
const q6_model_desc *q6_model_at(size_t index);        /* NULL past the end */
const q6_model_desc *q6_model_find(const char *name);  /* NULL if unknown */
/* Index of a parameter or output by name, -1 if absent. */
int q6_model_param_index(const q6_model_desc *m, const char *key);
int q6_model_output_index(const q6_model_desc *m, const char *name);

void q6_model_params_defaults(const q6_model_desc *m, double *values);

/* Parses value_text into values[index of key]. Rejects (returning -1 and
 * leaving values untouched) an unknown key, text that is not a complete
 * number, NaN or infinity, a value outside [min, max], and a fraction for
 * an integer parameter. */
int q6_model_params_set(const q6_model_desc *m, double *values, const char *key,
                        const char *value_text, char *err, size_t errlen);

/* Checks every value against its range again (for callers that fill the
 * array themselves), then evaluates. Returns 0 or -1 with err set. */
int q6_model_evaluate(const q6_model_desc *m, const double *values, double *outputs,
                      char *err, size_t errlen);

/* Helper for eval functions: formats "parameter 'FIELD': MESSAGE" and
 * returns -1. */
int q6_model_fail(char *err, size_t errlen, const char *field, const char *message);

#endif
