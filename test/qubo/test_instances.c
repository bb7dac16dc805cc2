/* The OR-Library instances of ../shared/benchmarks/qubo: parse counts and
 * the published optima (proven optimal for n <= 250) reached by tabu and
 * SA. Skips (77) when the folder is missing. */
#include "solvers/qubo/qubo_io.h"
#include "solvers/qubo/samplers.h"
#include "test/check.h"
#include <stdio.h>
#include <sys/stat.h>

static void solve(const char *dir, const char *name, size_t n, size_t couplers, double optimum)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.qubo", dir, name);
    q6_bqm m;
    q6_qubo_error err;
    int rc = q6_qubo_read_qbsolv(path, &m, &err);
    CHECK(rc == 0);
    if (rc) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    CHECK(m.num_vars == n && q6_bqm_num_couplers(&m) == couplers);
    CHECK(q6_bqm_scale(&m, -1.0) == 0); /* maximisation instance */
    q6_sampler_params p;
    q6_sampler_params_default(&p);
    p.seed = 3;
    p.num_reads = 20;
    p.num_sweeps = 20 * n;
    q6_sample_set set;
    q6_sampler_stats st;
    CHECK(q6_sample_tabu(&m, &p, &set, &st) == 0);
    CHECK_NEAR(-set.energies[0], optimum, 1e-9);
    q6_sample_set_free(&set);
    p.num_reads = 50;
    p.num_sweeps = 1000;
    CHECK(q6_sample_sa(&m, &p, &set, &st) == 0);
    CHECK_NEAR(-set.energies[0], optimum, 1e-9);
    q6_sample_set_free(&set);
    q6_bqm_free(&m);
}

int main(int argc, char **argv)
{
    struct stat sb;
    if (argc < 2 || stat(argv[1], &sb) || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "instance folder missing: skipped\n");
        return 77;
    }
    /* header of bqp50_1.qubo: p qubo 0 50 3 108; best_known.tsv: 2098 */
    solve(argv[1], "bqp50_1", 50, 108, 2098.0);
    /* bqp100_1: p qubo 0 100 11 464; 7970 (OR-Library) */
    solve(argv[1], "bqp100_1", 100, 464, 7970.0);
    return CHECK_DONE();
}
