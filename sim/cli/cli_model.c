/* q6sim model: evaluate one physical model from key=value arguments and
 * print its inputs (with units) and outputs as JSON; --list lists models. */
#include "models/model_registry.h"
#include "sim/cli/cli.h"
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

/* Numbers as JSON: non-finite values have no JSON form, so null. */
static void json_number(double v)
{
    if (isfinite(v))
        printf("%.17g", v);
    else
        fputs("null", stdout);
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", (unsigned char)*s);
        else
            putchar(*s);
    }
    putchar('"');
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
    printf("{\n  \"model\": ");
    json_string(m->name);
    printf(",\n  \"source\": ");
    json_string(m->source);
    printf(",\n  \"inputs\": {");
    for (size_t i = 0; i < m->n_params; i++) {
        printf("%s\n    ", i ? "," : "");
        json_string(m->params[i].name);
        printf(": {\"value\": ");
        json_number(in[i]);
        printf(", \"unit\": ");
        json_string(m->params[i].unit);
        putchar('}');
    }
    printf("\n  },\n  \"outputs\": {");
    for (size_t i = 0; i < m->n_outputs; i++) {
        printf("%s\n    ", i ? "," : "");
        json_string(m->outputs[i].name);
        printf(": {\"value\": ");
        json_number(out[i]);
        printf(", \"unit\": ");
        json_string(m->outputs[i].unit);
        putchar('}');
    }
    printf("\n  }\n}\n");
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
