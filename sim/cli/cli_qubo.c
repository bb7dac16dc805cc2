/* q6sim qubo solve FILE ...: read a QUBO file, sample it, print JSON.
 * Everything except the "timing" object is deterministic under a sweep
 * budget (same file, options and seed -> same bytes); --time-limit makes a
 * run depend on the wall clock and thus not reproducible. */
#include "sim/cli/cli.h"
#include "sim/base/json_write.h"
#include "solvers/qubo/qpu_cost.h"
#include "solvers/qubo/qubo_io.h"
#include "solvers/qubo/samplers.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *file;
    q6_qubo_format format;
    int solver, maximize, timing, reads_given;
    q6_sampler_params p;
} qubo_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim qubo solve FILE [--solver exact|sa|tabu] [--reads N] [--sweeps N]\n"
            "                 [--seed S] [--maximize] [--time-limit SEC] [--top K]\n"
            "                 [--format auto|qbsolv|bqp] [--no-timing]\n"
            "\n"
            "Solve a QUBO (qbsolv .qubo or OR-Library bqp file) and print JSON: best\n"
            "energy and assignment, the K best distinct samples, counted work, the\n"
            "simulated CPU cost and QPU embedding estimate, wall time and update rate.\n"
            "  --solver      exact (n <= %d), sa (default) or tabu\n"
            "  --reads       SA anneals / tabu restarts (default 10; unlimited with\n"
            "                --time-limit)\n"
            "  --sweeps      SA sweeps per anneal (default 1000); tabu iterations without\n"
            "                improvement per restart (default 20 n)\n"
            "  --maximize    the file's objective is maximised (energies reported as such)\n"
            "  --time-limit  wall-clock cap in seconds: such a run is NOT reproducible\n"
            "  --no-timing   omit the wall-clock fields (byte-identical output per seed)\n",
            Q6_EXACT_MAX_VARS);
}

static int bad(const char *opt, const char *what, const char *got)
{
    fprintf(stderr, "q6sim qubo: %s: %s, got '%s'\n", opt, what, got ? got : "(nothing)");
    return Q6_EXIT_BAD_INPUT;
}

static int parse_count(const char *opt, const char *v, size_t min, size_t *out)
{
    char *end;
    errno = 0;
    if (!v || !*v || *v == '-' || *v == '+')
        return bad(opt, min ? "expected a positive integer" : "expected a non-negative integer", v);
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || *end || x < min)
        return bad(opt, min ? "expected a positive integer" : "expected a non-negative integer", v);
    *out = (size_t)x;
    return 0;
}

static int parse_opts(int argc, char **argv, qubo_opts *o)
{
    memset(o, 0, sizeof *o);
    q6_sampler_params_default(&o->p);
    o->p.top_k = 5;
    o->p.seed = 1;
    o->solver = Q6_SAMPLER_SA;
    o->timing = 1;
    for (int a = 2; a < argc; a++) {
        const char *k = argv[a];
        if (k[0] != '-') {
            if (o->file) {
                fprintf(stderr, "q6sim qubo: more than one FILE ('%s' and '%s')\n", o->file, k);
                return Q6_EXIT_BAD_INPUT;
            }
            o->file = k;
            continue;
        }
        if (!strcmp(k, "--maximize")) {
            o->maximize = 1;
            continue;
        }
        if (!strcmp(k, "--no-timing")) {
            o->timing = 0;
            continue;
        }
        const char *v = a + 1 < argc ? argv[++a] : NULL;
        int rc = 0;
        size_t count = 0;
        if (!strcmp(k, "--solver")) {
            if ((o->solver = q6_sampler_from_name(v)) < 0)
                return bad(k, "unknown solver (exact, sa, tabu)", v);
        } else if (!strcmp(k, "--reads")) {
            rc = parse_count(k, v, 1, &o->p.num_reads);
            o->reads_given = 1;
        } else if (!strcmp(k, "--sweeps")) {
            rc = parse_count(k, v, 1, &o->p.num_sweeps);
        } else if (!strcmp(k, "--top")) {
            rc = parse_count(k, v, 1, &o->p.top_k);
            if (!rc && o->p.top_k > 100000)
                return bad(k, "expected at most 100000", v);
        } else if (!strcmp(k, "--seed")) {
            if (!(rc = parse_count(k, v, 0, &count)))
                o->p.seed = count;
        } else if (!strcmp(k, "--time-limit")) {
            char *end;
            double t = v ? strtod(v, &end) : NAN;
            if (!v || *end || !isfinite(t) || t <= 0.0)
                return bad(k, "expected a positive number of seconds", v);
            o->p.time_limit_s = t;
        } else if (!strcmp(k, "--format")) {
            if (v && !strcmp(v, "auto"))
                o->format = Q6_QUBO_FORMAT_AUTO;
            else if (v && !strcmp(v, "qbsolv"))
                o->format = Q6_QUBO_FORMAT_QBSOLV;
            else if (v && !strcmp(v, "bqp"))
                o->format = Q6_QUBO_FORMAT_BQP;
            else
                return bad(k, "expected auto, qbsolv or bqp", v);
        } else {
            fprintf(stderr, "q6sim qubo: unknown option '%s' (see q6sim qubo --help)\n", k);
            return Q6_EXIT_BAD_INPUT;
        }
        if (rc)
            return rc;
    }
    if (!o->file) {
        fprintf(stderr, "q6sim qubo: solve needs a FILE (see q6sim qubo --help)\n");
        return Q6_EXIT_BAD_INPUT;
    }
    if (o->p.time_limit_s > 0.0 && !o->reads_given)
        o->p.num_reads = SIZE_MAX;
    return 0;
}

static void jstate(q6_jw *j, const int8_t *x, size_t n)
{
    q6_jw_begin_array(j, 1);
    for (size_t i = 0; i < n; i++)
        q6_jw_int(j, x[i]);
    q6_jw_end_array(j);
}

static void print_result(const qubo_opts *o, const q6_bqm *bqm, q6_qubo_format fmt, const q6_sample_set *set,
                         const q6_sampler_stats *st)
{
    double sense = o->maximize ? -1.0 : 1.0;
    size_t n = bqm->num_vars;
    q6_jw j;
    q6_jw_init(&j, stdout);
    q6_jw_begin_object(&j, 0);
    q6_jw_kstring(&j, "file", o->file);
    q6_jw_kstring(&j, "format", q6_qubo_format_name(fmt));
    q6_jw_kstring(&j, "solver", q6_sampler_name((q6_sampler_kind)o->solver));
    q6_jw_kstring(&j, "sense", o->maximize ? "maximize" : "minimize");
    q6_jw_kuint(&j, "num_vars", n);
    q6_jw_kuint(&j, "num_couplers", q6_bqm_num_couplers(bqm));
    q6_jw_kuint(&j, "seed", o->p.seed);
    q6_jw_key(&j, "reads");
    if (o->p.num_reads == SIZE_MAX)
        q6_jw_null(&j);
    else
        q6_jw_uint(&j, o->p.num_reads);
    q6_jw_kuint(&j, "sweeps", o->p.num_sweeps);
    q6_jw_kuint(&j, "top_k", o->p.top_k);
    q6_jw_knumber(&j, "best_energy", sense * set->energies[0]);
    q6_jw_key(&j, "best_assignment");
    jstate(&j, set->states, n);
    q6_jw_key(&j, "samples");
    q6_jw_begin_array(&j, 0);
    for (size_t k = 0; k < set->count; k++) {
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "energy", sense * set->energies[k]);
        q6_jw_key(&j, "assignment");
        jstate(&j, set->states + k * n, n);
        q6_jw_end_object(&j);
    }
    q6_jw_end_array(&j);
    q6_jw_key(&j, "work");
    q6_jw_begin_object(&j, 1);
    q6_jw_kuint(&j, "spin_update_attempts", st->spin_update_attempts);
    q6_jw_kuint(&j, "accepted_flips", st->accepted_flips);
    q6_jw_kuint(&j, "field_updates", st->field_updates);
    q6_jw_kuint(&j, "sweeps", st->sweeps);
    q6_jw_kuint(&j, "reads", st->reads);
    q6_jw_kbool(&j, "exhaustive_complete", st->exhaustive_complete);
    q6_jw_kbool(&j, "stopped_by_time", st->stopped_by_time);
    q6_jw_end_object(&j);
    q6_cpu_host cpu;
    q6_solve_cost cost;
    q6_cpu_host_default(&cpu);
    q6_qubo_classical_cost(st, &cpu, 0.0, &cost);
    q6_jw_key(&j, "simulated_cpu");
    q6_jw_begin_object(&j, 1);
    q6_jw_knumber(&j, "clock_hz", cpu.clock_hz);
    q6_jw_knumber(&j, "time_s", cost.time_s);
    q6_jw_knumber(&j, "energy_j", cost.energy_j);
    q6_jw_end_object(&j);
    q6_qpu_topology topo;
    q6_qubo_embedding emb;
    q6_qpu_topology_pegasus(16, &topo);
    q6_qubo_embedding_estimate(n, q6_bqm_num_couplers(bqm), &topo, &emb);
    q6_jw_key(&j, "qpu_embedding_estimate");
    q6_jw_begin_object(&j, 1);
    q6_jw_kstring(&j, "topology", "pegasus-16");
    q6_jw_kuint(&j, "qubits", topo.num_qubits);
    q6_jw_knumber(&j, "mean_chain_length", emb.mean_chain_length);
    q6_jw_kuint(&j, "physical_qubits", emb.physical_qubits);
    q6_jw_kbool(&j, "fits", emb.fits);
    q6_jw_end_object(&j);
    if (o->timing) {
        q6_jw_key(&j, "timing");
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "wall_s", st->wall_s);
        q6_jw_knumber(&j, "spin_updates_per_s", st->wall_s > 0.0 ? (double)st->spin_update_attempts / st->wall_s : 0.0);
        q6_jw_end_object(&j);
    }
    q6_jw_end_object(&j);
    putchar('\n');
}

int q6_cli_qubo(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
        usage(stdout);
        return Q6_EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "solve")) {
        if (argc >= 2)
            fprintf(stderr, "q6sim qubo: unknown action '%s' (expected 'solve')\n", argv[1]);
        usage(stderr);
        return Q6_EXIT_BAD_INPUT;
    }
    qubo_opts o;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc;
    q6_bqm bqm;
    q6_qubo_error err;
    q6_qubo_format fmt = o.format;
    if (fmt == Q6_QUBO_FORMAT_AUTO)
        fmt = q6_qubo_detect_format(o.file);
    if (q6_qubo_read_file(o.file, fmt, &bqm, &err)) {
        fprintf(stderr, "q6sim qubo: %s\n", err.message);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o.solver == Q6_SAMPLER_EXACT && bqm.num_vars > Q6_EXACT_MAX_VARS) {
        fprintf(stderr, "q6sim qubo: --solver exact: %s has %zu variables, at most %d can be enumerated\n", o.file,
                bqm.num_vars, Q6_EXACT_MAX_VARS);
        q6_bqm_free(&bqm);
        return Q6_EXIT_BAD_INPUT;
    }
    if (bqm.num_vars == 0) {
        fprintf(stderr, "q6sim qubo: %s: the model has no variables\n", o.file);
        q6_bqm_free(&bqm);
        return Q6_EXIT_BAD_INPUT;
    }
    if (!o.p.num_sweeps)
        o.p.num_sweeps = o.solver == Q6_SAMPLER_TABU ? 20 * bqm.num_vars : 1000;
    if (o.maximize)
        q6_bqm_scale(&bqm, -1.0); /* samplers minimise */
    q6_sample_set set;
    q6_sampler_stats st;
    rc = q6_sample((q6_sampler_kind)o.solver, &bqm, &o.p, &set, &st);
    if (rc == -ERANGE) {
        fprintf(stderr, "q6sim qubo: %s: coefficients too large: |offset| + sum of |biases| = %g exceeds %g, "
                        "so energies could overflow a double; scale the problem down\n",
                o.file, q6_bqm_abs_sum(&bqm), Q6_QUBO_MAX_ABS_SUM);
        q6_bqm_free(&bqm);
        return Q6_EXIT_BAD_INPUT;
    }
    if (rc) {
        fprintf(stderr, "q6sim qubo: %s sampler failed: %s\n", q6_sampler_name((q6_sampler_kind)o.solver),
                strerror(-rc));
        q6_bqm_free(&bqm);
        return Q6_EXIT_RUN_FAILURE;
    }
    print_result(&o, &bqm, fmt, &set, &st);
    q6_sample_set_free(&set);
    q6_bqm_free(&bqm);
    return Q6_EXIT_OK;
}
