/* Model lookup, parameter parsing and checked evaluation. */
#include "models/model_registry.h"
#include "models/model_tables.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const q6_model_desc *table;
    const size_t *count;
} groups[] = {
    {q6_models_channel, &q6_models_channel_count},
    {q6_models_energy, &q6_models_energy_count},
    {q6_models_quantum, &q6_models_quantum_count},
    {q6_models_vec, &q6_models_vec_count},
};

size_t q6_model_count(void)
{
    size_t n = 0;
    for (size_t g = 0; g < Q6_COUNT(groups); g++)
        n += *groups[g].count;
    return n;
}

const q6_model_desc *q6_model_at(size_t index)
{
    for (size_t g = 0; g < Q6_COUNT(groups); g++) {
        if (index < *groups[g].count)
            return &groups[g].table[index];
        index -= *groups[g].count;
    }
    return NULL;
}

const q6_model_desc *q6_model_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0, n = q6_model_count(); i < n; i++) {
        const q6_model_desc *m = q6_model_at(i);
        if (!strcmp(m->name, name))
            return m;
    }
    return NULL;
}

int q6_model_param_index(const q6_model_desc *m, const char *key)
{
    if (!m || !key)
        return -1;
    for (size_t i = 0; i < m->n_params; i++)
        if (!strcmp(m->params[i].name, key))
            return (int)i;
    return -1;
}

int q6_model_output_index(const q6_model_desc *m, const char *name)
{
    if (!m || !name)
        return -1;
    for (size_t i = 0; i < m->n_outputs; i++)
        if (!strcmp(m->outputs[i].name, name))
            return (int)i;
    return -1;
}

void q6_model_params_defaults(const q6_model_desc *m, double *values)
{
    for (size_t i = 0; m && values && i < m->n_params; i++)
        values[i] = m->params[i].def;
}

int q6_model_fail(char *err, size_t errlen, const char *field, const char *message)
{
    if (err && errlen)
        snprintf(err, errlen, "parameter '%s': %s", field, message);
    return -1;
}

/* Range and integrality check of one value; 0 if acceptable. */
static int check_value(const q6_model_param *p, double v, char *err, size_t errlen)
{
    char msg[160];
    if (!isfinite(v))
        return q6_model_fail(err, errlen, p->name, "must be a finite number");
    if (v < p->min || v > p->max) {
        snprintf(msg, sizeof msg, "%.10g %s is outside [%.10g, %.10g]", v, p->unit, p->min,
                 p->max);
        return q6_model_fail(err, errlen, p->name, msg);
    }
    if (p->integer && v != floor(v)) {
        snprintf(msg, sizeof msg, "%.10g must be a whole number", v);
        return q6_model_fail(err, errlen, p->name, msg);
    }
    return 0;
}

int q6_model_params_set(const q6_model_desc *m, double *values, const char *key,
                        const char *value_text, char *err, size_t errlen)
{
    if (!m || !values || !key || !value_text)
        return q6_model_fail(err, errlen, key ? key : "(null)", "missing");
    int idx = q6_model_param_index(m, key);
    if (idx < 0) {
        if (err && errlen)
            snprintf(err, errlen, "parameter '%s': unknown for model '%s' (see q6sim model %s --help)",
                     key, m->name, m->name);
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(value_text, &end);
    if (end == value_text || *end != '\0' || value_text[0] == ' ' || value_text[0] == '\t')
        return q6_model_fail(err, errlen, key, "not a number");
    if (errno == ERANGE && isinf(v))
        return q6_model_fail(err, errlen, key, "number out of the double range");
    if (check_value(&m->params[idx], v, err, errlen) != 0)
        return -1;
    values[idx] = v;
    return 0;
}

int q6_model_evaluate(const q6_model_desc *m, const double *values, double *outputs,
                      char *err, size_t errlen)
{
    if (!m || !values || !outputs)
        return q6_model_fail(err, errlen, "(model)", "missing");
    for (size_t i = 0; i < m->n_params; i++)
        if (check_value(&m->params[i], values[i], err, errlen) != 0)
            return -1;
    return m->eval(values, outputs, err, errlen);
}
