/* q6sim model: evaluate one physical model from key=value arguments and
 * print its inputs (with units) and outputs as JSON; --list lists models. */
#include "models/model_registry.h"
#include "sim/cli/cli.h"
#include "sim/base/json_write.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: q6sim model NAME [KEY=VALUE ...]\n"
               "       q6sim model NAME --help   parameters of one model\n"
               "       q6sim model --list        all models and their parameters\n"
               "\n"
               "Evaluates a physical model (SI units; each parameter name ends with its\n"
               "unit) and prints JSON {model, source, inputs, outputs}. Unset parameters\n"
               "take their defaults. Unknown names and non-numeric, NaN or out-of-range\n"
               "values are rejected with exit code 2.\n");
}

static void print_params(FILE *f, const q6_model_desc *m)
{
    fprintf(f, "%s: %s\n  source: %s\n  parameters:\n", m->name, m->summary, m->source);
    for (size_t i = 0; i < m->n_params; i++) {
        const q6_model_param *p = &m->params[i];
        fprintf(f, "    %-26s default %-12.6g range [%g, %g] %s%s - %s\n", p->name, p->def,
                p->min, p->max, p->unit, p->integer ? ", integer" : "", p->desc);
    }
    fprintf(f, "  outputs:\n");
    for (size_t i = 0; i < m->n_outputs; i++)
        fprintf(f, "    %-26s %s - %s\n", m->outputs[i].name, m->outputs[i].unit,
                m->outputs[i].desc);
}

static void print_json(const q6_model_desc *m, const double *in, const double *out)
{
    q6_jw j;
    q6_jw_init(&j, stdout);
    q6_jw_begin_object(&j, 0);
    q6_jw_kstring(&j, "model", m->name);
    q6_jw_kstring(&j, "source", m->source);
    q6_jw_key(&j, "inputs");
    q6_jw_begin_object(&j, 0);
    for (size_t i = 0; i < m->n_params; i++) {
        q6_jw_key(&j, m->params[i].name);
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "value", in[i]);
        q6_jw_kstring(&j, "unit", m->params[i].unit);
        q6_jw_end_object(&j);
    }
    q6_jw_end_object(&j);
    q6_jw_key(&j, "outputs");
    q6_jw_begin_object(&j, 0);
    for (size_t i = 0; i < m->n_outputs; i++) {
        q6_jw_key(&j, m->outputs[i].name);
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "value", out[i]);
        q6_jw_kstring(&j, "unit", m->outputs[i].unit);
        q6_jw_end_object(&j);
    }
    q6_jw_end_object(&j);
    q6_jw_end_object(&j);
    putchar('\n');
}

int q6_cli_model(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "q6sim model: missing model name (usage: q6sim model NAME "
                        "[KEY=VALUE ...] | --list | --help)\n");
        return Q6_EXIT_BAD_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return Q6_EXIT_OK;
    }
    if (!strcmp(argv[1], "--list")) {
        for (size_t i = 0, n = q6_model_count(); i < n; i++) {
            if (i)
                putchar('\n');
            print_params(stdout, q6_model_at(i));
        }
        return Q6_EXIT_OK;
    }
    const q6_model_desc *m = q6_model_find(argv[1]);
    if (!m) {
        fprintf(stderr, "q6sim model: unknown model '%s' (see q6sim model --list)\n", argv[1]);
        return Q6_EXIT_BAD_INPUT;
    }
    double in[Q6_MODEL_MAX_PARAMS], out[Q6_MODEL_MAX_OUTPUTS];
    int given[Q6_MODEL_MAX_PARAMS] = {0};
    char err[256];
    q6_model_params_defaults(m, in);
    for (int a = 2; a < argc; a++) {
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
            print_params(stdout, m);
            return Q6_EXIT_OK;
        }
        char key[128];
        const char *eq = strchr(argv[a], '=');
        size_t klen = eq ? (size_t)(eq - argv[a]) : 0;
        if (!eq || klen == 0 || klen >= sizeof key) {
            fprintf(stderr, "q6sim model: argument '%s' is not KEY=VALUE\n", argv[a]);
            return Q6_EXIT_BAD_INPUT;
        }
        memcpy(key, argv[a], klen);
        key[klen] = '\0';
        int idx = q6_model_param_index(m, key);
        if (idx >= 0 && given[idx]) {
            fprintf(stderr, "q6sim model: parameter '%s': given twice\n", key);
            return Q6_EXIT_BAD_INPUT;
        }
        if (q6_model_params_set(m, in, key, eq + 1, err, sizeof err) != 0) {
            fprintf(stderr, "q6sim model: %s\n", err);
            return Q6_EXIT_BAD_INPUT;
        }
        given[idx] = 1;
    }
    if (q6_model_evaluate(m, in, out, err, sizeof err) != 0) {
        fprintf(stderr, "q6sim model %s: %s\n", m->name, err);
        return Q6_EXIT_BAD_INPUT;
    }
    print_json(m, in, out);
    return Q6_EXIT_OK;
}
