/* Internal: the model tables of each topic, gathered by model_registry.c. */
#ifndef Q6_MODELS_MODEL_TABLES_H
#define Q6_MODELS_MODEL_TABLES_H
#include "models/model_registry.h"
#include <math.h>

extern const q6_model_desc q6_models_channel[];
extern const size_t q6_models_channel_count;
extern const q6_model_desc q6_models_energy[];
extern const size_t q6_models_energy_count;
extern const q6_model_desc q6_models_quantum[];
extern const size_t q6_models_quantum_count;
extern const q6_model_desc q6_models_vec[];
extern const size_t q6_models_vec_count;

#define Q6_COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* One table row: a real or an integer parameter. */
#define Q6_P(name, unit, def, lo, hi, desc) {name, unit, def, lo, hi, 0, desc}
#define Q6_I(name, unit, def, lo, hi, desc) {name, unit, def, lo, hi, 1, desc}
#define Q6_MODEL(name, summary, source, params, outputs, eval)                  \
    {name, summary, source, params, Q6_COUNT(params), outputs, Q6_COUNT(outputs), eval}

#endif
