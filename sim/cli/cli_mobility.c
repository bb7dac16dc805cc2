/* q6sim mobility SOURCE --at T: node positions of a mobility source at one
 * time, so that traces and models can be checked outside the simulator.
 * Options after SOURCE are scenario keys (see sim/scenario_mobility.c),
 * parsed by the same code as a scenario's mobility group. */
#include "sim/cli/cli.h"
#include "traces/mobility/register.h"
#include "sim/base/csv_write.h"
#include "sim/base/json_write.h"
#include "models/mobility/mobility.h"
#include "sim/scenario/scenario_mobility.h"
#include "traces/mobility/fcd_reader.h"
#include "traces/mobility/ns2_scan.h"
#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: q6sim mobility SOURCE --at T [--format csv|json] [--seed S] [--nodes N]\n"
          "                        [--set KEY=VALUE]...\n"
          "Prints the position of every node present at time T (s):\n"
          "  id,x_m,y_m,z_m,speed_mps,heading_rad   (heading from +x, counter-clockwise)\n"
          "SOURCE: a trace file (SUMO FCD .xml or .xml.gz; ns-2 setdest .tcl, .ns2,\n"
          "        .movements) or a model: static, random-waypoint, gauss-markov.\n"
          "  --at T        simulated time, s (required)\n"
          "  --format F    csv (default) or json\n"
          "  --seed S      seed of the model's random streams (default 1)\n"
          "  --nodes N     node slots (default 10 for models; for traces, as many as\n"
          "                the trace needs)\n"
          "  --set K=V     a key of the scenario's mobility group, in libconfig syntax,\n"
          "                e.g. --set area_m=[500.0,500.0] --set alpha=0.9\n"
          "                (messages cite <command line>:N: line 1 is SOURCE, line\n"
          "                N > 1 the (N-1)-th --set)\n"
          "Exit status: 0 ok, 1 run failure, 2 bad input.\n", out);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Appends text to a growing string; -1 when out of memory. */
static int append(char **buf, size_t *len, size_t *cap, const char *text)
{
    size_t k = strlen(text);
    if (*len + k + 1 > *cap) {
        size_t c = (*cap ? *cap : 256);
        while (*len + k + 1 > c)
            c *= 2;
        char *b = realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, text, k + 1);
    *len += k;
    return 0;
}

/* libconfig string literal of s (quotes and backslashes escaped). */
static int append_quoted(char **buf, size_t *len, size_t *cap, const char *s)
{
    char one[3] = {0};
    if (append(buf, len, cap, "\"") < 0)
        return -1;
    for (; *s; s++) {
        one[0] = (*s == '"' || *s == '\\') ? '\\' : *s;
        one[1] = (*s == '"' || *s == '\\') ? *s : '\0';
        if (append(buf, len, cap, one) < 0)
            return -1;
    }
    return append(buf, len, cap, "\"");
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-' || v == 0 || v > 100000000ULL)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* CSV id: the trace's name (quoted when it must be) or the slot number. */
static void print_csv_id(FILE *out, const char *name, size_t slot)
{
    if (name[0])
        q6_csv_field(out, name);
    else
        fprintf(out, "%zu", slot);
}

static void print_poses(FILE *out, const q6_mobility *m, const q6_pose *poses, size_t n,
                        double t_s, int json)
{
    q6_jw j;
    q6_jw_init(&j, out);
    if (json) {
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "t_s", t_s);
        q6_jw_key(&j, "nodes");
        q6_jw_begin_array(&j, 0);
    } else {
        fputs("id,x_m,y_m,z_m,speed_mps,heading_rad\n", out);
    }
    for (size_t i = 0; i < n; i++) {
        const q6_pose *p = &poses[i];
        if (!p->present)
            continue;
        const char *name = q6_mobility_slot_name(m, i);
        if (json) {
            char id[32];
            snprintf(id, sizeof id, "%zu", i);
            q6_jw_begin_object(&j, 1);
            q6_jw_kstring(&j, "id", name[0] ? name : id);
            q6_jw_knumber(&j, "x_m", p->x_m);
            q6_jw_knumber(&j, "y_m", p->y_m);
            q6_jw_knumber(&j, "z_m", p->z_m);
            q6_jw_knumber(&j, "speed_mps", p->speed_mps);
            q6_jw_knumber(&j, "heading_rad", p->heading_rad);
            q6_jw_end_object(&j);
        } else {
            print_csv_id(out, name, i);
            fprintf(out, ",%.6f,%.6f,%.6f,%.6f,%.6f\n", p->x_m, p->y_m, p->z_m, p->speed_mps,
                    p->heading_rad);
        }
    }
    if (json) {
        q6_jw_end_array(&j);
        q6_jw_end_object(&j);
        fputc('\n', out);
    }
}

typedef struct {
    const char *source;
    double at_s;
    int have_at, json;
    uint64_t seed;
    size_t n_nodes;
    char *group;       /* libconfig text of the mobility group */
    size_t len, cap;
} cli_args;

/* Parses argv into a; 0, or -1 after printing one message. */
static int parse_args(int argc, char **argv, cli_args *a)
{
    a->seed = 1;
    if (append(&a->group, &a->len, &a->cap, "mobility = {\n") < 0)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(opt, "--at") == 0 || strcmp(opt, "--format") == 0 ||
                    strcmp(opt, "--seed") == 0 || strcmp(opt, "--nodes") == 0 ||
                    strcmp(opt, "--set") == 0;
        if (takes && !val) {
            fprintf(stderr, "q6sim mobility: %s needs a value\n", opt);
            return -1;
        }
        if (strcmp(opt, "--at") == 0) {
            char *end;
            a->at_s = strtod(val, &end);
            if (end == val || *end || !isfinite(a->at_s)) {
                fprintf(stderr, "q6sim mobility: --at: not a finite time in seconds: '%s'\n", val);
                return -1;
            }
            a->have_at = 1;
        } else if (strcmp(opt, "--format") == 0) {
            if (strcmp(val, "csv") && strcmp(val, "json")) {
                fprintf(stderr, "q6sim mobility: --format: csv or json, not '%s'\n", val);
                return -1;
            }
            a->json = strcmp(val, "json") == 0;
        } else if (strcmp(opt, "--seed") == 0) {
            char *end;
            errno = 0;
            a->seed = strtoull(val, &end, 10);
            if (end == val || *end || errno || val[0] == '-') {
                fprintf(stderr, "q6sim mobility: --seed: not a non-negative integer: '%s'\n", val);
                return -1;
            }
        } else if (strcmp(opt, "--nodes") == 0) {
            if (parse_size(val, &a->n_nodes) < 0) {
                fprintf(stderr, "q6sim mobility: --nodes: not an integer in [1, 1e8]: '%s'\n", val);
                return -1;
            }
        } else if (strcmp(opt, "--set") == 0) {
            if (!strchr(val, '=') || strchr(val, '\n') || strchr(val, ';')) {
                fprintf(stderr, "q6sim mobility: --set: expected KEY=VALUE, got '%s'\n", val);
                return -1;
            }
            if (append(&a->group, &a->len, &a->cap, val) < 0 ||
                append(&a->group, &a->len, &a->cap, ";\n") < 0)
                return -1;
        } else if (opt[0] == '-' && opt[1]) {
            fprintf(stderr, "q6sim mobility: unknown option '%s' (see --help)\n", opt);
            return -1;
        } else if (!a->source) {
            a->source = opt;
            continue;
        } else {
            fprintf(stderr, "q6sim mobility: more than one SOURCE ('%s', '%s')\n", a->source, opt);
            return -1;
        }
        i++;
    }
    if (!a->source || !a->have_at) {
        fprintf(stderr, "q6sim mobility: need SOURCE and --at T (see --help)\n");
        return -1;
    }
    return 0;
}

/* Model or trace kind of SOURCE, and the group's first line for it. */
static int source_line(cli_args *a, char **line, size_t *len, size_t *cap, int *kind)
{
    const char *s = a->source;
    int is_fcd = has_suffix(s, ".xml") || has_suffix(s, ".xml.gz") || has_suffix(s, ".gz");
    int is_ns2 = has_suffix(s, ".tcl") || has_suffix(s, ".ns2") || has_suffix(s, ".movements");
    if (is_fcd || is_ns2) {
        *kind = is_fcd ? Q6_MOB_FCD : Q6_MOB_NS2;
        return (append(line, len, cap, is_fcd ? "model = \"fcd\"; file = " : "model = \"ns2\"; file = ") < 0 ||
                append_quoted(line, len, cap, s) < 0 || append(line, len, cap, ";\n") < 0) ? -1 : 0;
    }
    *kind = q6_mobility_kind_from_name(s);
    if (*kind < 0 || *kind == Q6_MOB_FCD || *kind == Q6_MOB_NS2) {
        fprintf(stderr, "q6sim mobility: SOURCE '%s' is neither a trace file (.xml, .xml.gz, .tcl, "
                ".ns2, .movements) nor a model (static, random-waypoint, gauss-markov)\n", s);
        return -1;
    }
    return (append(line, len, cap, "model = ") < 0 || append_quoted(line, len, cap, s) < 0 ||
            append(line, len, cap, ";\n") < 0) ? -1 : 0;
}

static int run(cli_args *a)
{
    char *text = NULL;
    size_t len = 0, cap = 0;
    int kind;
    if (append(&text, &len, &cap, "mobility = {") < 0 || source_line(a, &text, &len, &cap, &kind) < 0 ||
        append(&text, &len, &cap, a->group + strlen("mobility = {\n")) < 0 ||
        append(&text, &len, &cap, "};\n") < 0) {
        free(text);
        return Q6_EXIT_BAD_INPUT;
    }
    config_t config;
    config_init(&config);
    char err[1024];
    q6_mobility_config cfg;
    int rc = Q6_EXIT_BAD_INPUT;
    q6_mobility *m = NULL;
    q6_pose *poses = NULL;
    if (config_read_string(&config, text) != CONFIG_TRUE) {
        fprintf(stderr, "q6sim mobility: <command line>:%d: %s\n", config_error_line(&config),
                config_error_text(&config));
        goto out;
    }
    if (q6_scenario_parse_mobility(config_lookup(&config, "mobility"), "<command line>", &cfg, err,
                                   sizeof err) < 0) {
        fprintf(stderr, "q6sim mobility: %s\n", err);
        goto out;
    }
    size_t n = a->n_nodes;
    if (n == 0 && kind == Q6_MOB_FCD) {
        q6_fcd_summary sum;
        if (q6_fcd_scan(cfg.trace_path, &sum, err, sizeof err) < 0) {
            fprintf(stderr, "q6sim mobility: %s\n", err);
            goto out;
        }
        n = sum.max_vehicles_per_step;
    } else if (n == 0 && kind == Q6_MOB_NS2) {
        if (q6_ns2_count_nodes(cfg.trace_path, &n, err, sizeof err) < 0) {
            fprintf(stderr, "q6sim mobility: %s\n", err);
            goto out;
        }
    } else if (n == 0) {
        n = 10;
    }
    q6_trace_mobility_register();
    m = q6_mobility_create(&cfg, n, a->seed, 0, err, sizeof err);
    poses = calloc(n ? n : 1, sizeof *poses);
    if (!m || !poses) {
        fprintf(stderr, "q6sim mobility: %s\n", m ? "out of memory" : err);
        goto out;
    }
    if (q6_mobility_advance(m, a->at_s, poses, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim mobility: %s\n", err);
        goto out;
    }
    print_poses(stdout, m, poses, n, a->at_s, a->json);
    rc = fflush(stdout) == 0 ? Q6_EXIT_OK : Q6_EXIT_RUN_FAILURE;
out:
    free(poses);
    q6_mobility_free(m);
    config_destroy(&config);
    free(text);
    return rc;
}

int q6_cli_mobility(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return Q6_EXIT_OK;
        }
    cli_args a = {0};
    int rc = parse_args(argc, argv, &a) < 0 ? Q6_EXIT_BAD_INPUT : run(&a);
    free(a.group);
    return rc;
}
