/* Model registry: table sanity, key=value parsing and checked evaluation. */
#include "check.h"
#include "models/model_registry.h"
#include <string.h>

static void test_tables(void)
{
    CHECK(q6_model_count() >= 20);
    CHECK(q6_model_at(q6_model_count()) == NULL);
    for (size_t i = 0; i < q6_model_count(); i++) {
        const q6_model_desc *m = q6_model_at(i);
        CHECK(q6_model_find(m->name) == m); /* names unique */
        CHECK(m->n_params <= Q6_MODEL_MAX_PARAMS && m->n_outputs <= Q6_MODEL_MAX_OUTPUTS);
        CHECK(m->source && m->source[0]);
        for (size_t j = 0; j < m->n_params; j++) {
            const q6_model_param *p = &m->params[j];
            CHECK(p->min <= p->def && p->def <= p->max);
            CHECK(q6_model_param_index(m, p->name) == (int)j);
        }
        /* Every model evaluates at its defaults. */
        double in[Q6_MODEL_MAX_PARAMS], out[Q6_MODEL_MAX_OUTPUTS];
        char err[256] = "";
        q6_model_params_defaults(m, in);
        int rc = q6_model_evaluate(m, in, out, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "%s: %s\n", m->name, err);
        CHECK(rc == 0);
        for (size_t j = 0; rc == 0 && j < m->n_outputs; j++)
            CHECK(isfinite(out[j]));
    }
}

static void test_set(void)
{
    const q6_model_desc *m = q6_model_find("pathloss_fspl");
    double in[Q6_MODEL_MAX_PARAMS], out[Q6_MODEL_MAX_OUTPUTS];
    char err[256];
    CHECK(m != NULL);
    CHECK(q6_model_find("no_such_model") == NULL);
    q6_model_params_defaults(m, in);
    CHECK(q6_model_params_set(m, in, "distance_m", "1000", err, sizeof err) == 0);
    CHECK(q6_model_params_set(m, in, "carrier_hz", "2e9", err, sizeof err) == 0);
    CHECK(q6_model_evaluate(m, in, out, err, sizeof err) == 0);
    CHECK_NEAR(out[0], 98.468, 1e-3); /* Friis at 1 km, 2 GHz (see test_pathloss) */

    double before = in[0];
    const struct {
        const char *key, *value, *want;
    } bad[] = {
        {"distance", "5", "parameter 'distance': unknown"},
        {"distance_m", "abc", "parameter 'distance_m': not a number"},
        {"distance_m", "12abc", "parameter 'distance_m': not a number"},
        {"distance_m", "", "parameter 'distance_m': not a number"},
        {"distance_m", "nan", "parameter 'distance_m': must be a finite number"},
        {"distance_m", "inf", "parameter 'distance_m': must be a finite number"},
        {"distance_m", "1e400", "parameter 'distance_m': number out of"},
        {"distance_m", "-5", "parameter 'distance_m': -5 m is outside"},
        {"carrier_hz", "1e13", "parameter 'carrier_hz': 1e+13 Hz is outside"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(q6_model_params_set(m, in, bad[i].key, bad[i].value, err, sizeof err) == -1);
        if (!strstr(err, bad[i].want))
            fprintf(stderr, "got '%s', wanted '%s'\n", err, bad[i].want);
        CHECK(strstr(err, bad[i].want) != NULL);
    }
    CHECK(in[0] == before); /* rejected values leave the array alone */

    /* Integer parameters reject fractions. */
    const q6_model_desc *f = q6_model_find("fading");
    q6_model_params_defaults(f, in);
    CHECK(q6_model_params_set(f, in, "antennas", "2.5", err, sizeof err) == -1);
    CHECK(strstr(err, "'antennas'") && strstr(err, "whole number"));

    /* evaluate re-checks ranges of values filled in directly. */
    q6_model_params_defaults(m, in);
    in[1] = -1;
    CHECK(q6_model_evaluate(m, in, out, err, sizeof err) == -1);
    CHECK(strstr(err, "'carrier_hz'") != NULL);

    /* Cross-field checks name the field. */
    const q6_model_desc *b = q6_model_find("battery");
    q6_model_params_defaults(b, in);
    CHECK(q6_model_params_set(b, in, "discharge_j", "2e6", err, sizeof err) == 0);
    CHECK(q6_model_evaluate(b, in, out, err, sizeof err) == -1);
    CHECK(strstr(err, "'discharge_j'") != NULL);
}

static void test_fading_model(void)
{
    /* K = 0, 100000 draws: mean of Exp(1) within 5 SE = 5/sqrt(1e5) = 0.0158;
     * same seed gives the same numbers. */
    const q6_model_desc *f = q6_model_find("fading");
    double in[Q6_MODEL_MAX_PARAMS], a[Q6_MODEL_MAX_OUTPUTS], b[Q6_MODEL_MAX_OUTPUTS];
    char err[256];
    q6_model_params_defaults(f, in);
    CHECK(q6_model_params_set(f, in, "k_factor", "0", err, sizeof err) == 0);
    CHECK(q6_model_params_set(f, in, "draws", "100000", err, sizeof err) == 0);
    CHECK(q6_model_evaluate(f, in, a, err, sizeof err) == 0);
    CHECK(q6_model_evaluate(f, in, b, err, sizeof err) == 0);
    CHECK_NEAR(a[0], 1.0, 0.0158);
    CHECK_NEAR(a[1], 1.0, 0.05);
    CHECK(a[0] == b[0] && a[1] == b[1]);
}

int main(void)
{
    test_tables();
    test_set();
    test_fading_model();
    return CHECK_DONE();
}
