/* Unit tests of the workflow statistics (Student-t intervals, GSL) against
 * values computed by hand, and of the digest check and the CSV and JSON
 * readers that q6sim compare and collect rely on. */
#include "check.h"
#include "sim/workflow/compare.h"
#include "sim/workflow/csv.h"
#include "sim/base/json.h"
#include "sim/workflow/stats.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* t quantiles from tables (e.g. Montgomery & Runger, Table V). */
static void test_t_quantiles(void)
{
    CHECK_NEAR(q6_stats_t_quantile(0.975, 4), 2.7764451, 1e-6);
    CHECK_NEAR(q6_stats_t_quantile(0.975, 1), 12.7062047, 1e-6);
    CHECK_NEAR(q6_stats_t_quantile(0.975, 3), 3.1824463, 1e-6);
    CHECK_NEAR(q6_stats_t_quantile(0.95, 9), 1.8331129, 1e-6);
    CHECK(isnan(q6_stats_t_quantile(1.0, 4)));
    CHECK(isnan(q6_stats_t_quantile(0.975, 0)));
}

/* x = 10, 12, 9, 11, 13: mean 11, sum of squares 1+1+4+0+4 = 10, s^2 = 10/4
 * = 2.5, s / sqrt(5) = sqrt(0.5); half-width t_{0.975,4} sqrt(0.5). */
static void test_ci_by_hand(void)
{
    const double x[] = {10, 12, 9, 11, 13};
    q6_ci ci;
    CHECK(q6_stats_ci(x, 5, 0.95, &ci) == 0);
    CHECK(ci.n == 5);
    CHECK_NEAR(ci.mean, 11.0, 1e-12);
    CHECK_NEAR(ci.sd, sqrt(2.5), 1e-12);
    CHECK_NEAR(ci.half_width, 2.7764451 * sqrt(0.5), 1e-6);
    CHECK_NEAR(ci.mean - ci.half_width, 9.0367568, 1e-6);
    CHECK_NEAR(ci.mean + ci.half_width, 12.9632432, 1e-6);
    /* A missing value (NaN) is skipped: 10, 12, 11, 13 -> mean 11.5,
     * squares 2.25+0.25+0.25+2.25 = 5, s^2 = 5/3, t_{0.975,3} = 3.1824463. */
    const double y[] = {10, 12, NAN, 11, 13};
    CHECK(q6_stats_ci(y, 5, 0.95, &ci) == 0);
    CHECK(ci.n == 4);
    CHECK_NEAR(ci.mean, 11.5, 1e-12);
    CHECK_NEAR(ci.half_width, 3.1824463 * sqrt(5.0 / 3.0) / 2.0, 1e-6);
    /* One value: a mean, no interval. */
    CHECK(q6_stats_ci(x, 1, 0.95, &ci) == 0);
    CHECK(ci.n == 1 && ci.mean == 10 && isnan(ci.sd) && isnan(ci.half_width));
    /* Constant values: zero width. */
    const double z[] = {3, 3, 3};
    CHECK(q6_stats_ci(z, 3, 0.95, &ci) == 0 && ci.half_width == 0.0);
    const double bad[] = {1, INFINITY};
    CHECK(q6_stats_ci(bad, 2, 0.95, &ci) == -1);
    CHECK(q6_stats_ci(x, 5, 1.5, &ci) == -1);
}

/* d = a - b = 1, 2, 0, 1, 2: mean 1.2, squares 0.04+0.64+1.44+0.04+0.64 =
 * 2.8, s^2 = 0.7, half-width t_{0.975,4} sqrt(0.7 / 5). */
static void test_paired_by_hand(void)
{
    const double a[] = {10, 12, 9, 11, 13}, b[] = {9, 10, 9, 10, 11};
    q6_ci ci;
    CHECK(q6_stats_paired_ci(a, b, 5, 0.95, &ci) == 0);
    CHECK(ci.n == 5);
    CHECK_NEAR(ci.mean, 1.2, 1e-12);
    CHECK_NEAR(ci.half_width, 2.7764451 * sqrt(0.14), 1e-6);
    CHECK_NEAR(ci.mean - ci.half_width, 0.1611494, 1e-6);
    /* The unpaired intervals overlap; the paired one excludes 0. */
    CHECK(ci.mean - ci.half_width > 0);
    q6_ci same;
    CHECK(q6_stats_paired_ci(a, a, 5, 0.95, &same) == 0 && same.mean == 0 && same.half_width == 0);
}

static void test_digest_check(void)
{
    char *sched[] = {"a", "b"};
    const uint64_t seeds[] = {7, 8};
    q6_compare_layout L = {2, 2, sched, seeds, "."};
    char dig[4][65];
    memset(dig, 0, sizeof dig);
    /* [s * n_rep + r]: a/rep0, a/rep1, b/rep0, b/rep1 */
    memset(dig[0], '1', 64);
    memset(dig[1], '2', 64);
    memset(dig[2], '1', 64);
    memset(dig[3], '2', 64);
    q6_compare_data D;
    memset(&D, 0, sizeof D);
    D.digest = dig;
    FILE *sink = fopen("/dev/null", "w");
    CHECK(q6_compare_check_digests(&L, &D, sink) == 0);
    dig[3][10] = '3';
    CHECK(q6_compare_check_digests(&L, &D, sink) == -1);
    fclose(sink);
}

static void test_csv_json(void)
{
    char line[] = "1,\"a,b\",\"say \"\"hi\"\"\",,x\n";
    char *f[8];
    CHECK(q6_csv_split(line, f, 8) == 5);
    CHECK(!strcmp(f[0], "1") && !strcmp(f[1], "a,b") && !strcmp(f[2], "say \"hi\"") && !f[3][0] &&
          !strcmp(f[4], "x"));
    char bad[] = "\"open,1";
    CHECK(q6_csv_split(bad, f, 8) == -1);
    double v;
    CHECK(q6_csv_number("", &v) == 0 && isnan(v));
    CHECK(q6_csv_number("1e3", &v) == 0 && v == 1000);
    CHECK(q6_csv_number("x", &v) == -1);

    q6_json_flat j;
    char err[256];
    CHECK(q6_json_parse_flat("{\"a\": 1.5, \"s\": \"x\\\"y\", \"e\": {\"bs\": 2, \"v\": null}, \"l\": [1, 2]}", "t", &j,
                             err, sizeof err) == 0);
    CHECK(j.n == 5);
    CHECK(q6_json_get(&j, "a") && !strcmp(q6_json_get(&j, "a")->value, "1.5"));
    CHECK(q6_json_get(&j, "s") && !strcmp(q6_json_get(&j, "s")->value, "x\"y") && q6_json_get(&j, "s")->is_string);
    CHECK(q6_json_get(&j, "e.bs") && !strcmp(q6_json_get(&j, "e.bs")->value, "2"));
    CHECK(q6_json_get(&j, "e.v") && !strcmp(q6_json_get(&j, "e.v")->value, "null"));
    CHECK(q6_json_get(&j, "l") && !strcmp(q6_json_get(&j, "l")->value, "[1, 2]"));
    q6_json_free(&j);
    CHECK(q6_json_parse_flat("{\"a\": 1,}", "t", &j, err, sizeof err) == -1);
    CHECK(strstr(err, "t: offset") != NULL);
}

/* Physical ranges by metric name, and the clamp of an interval. */
static void test_metric_range(void)
{
    double lo, hi;
    q6_metric_range("completion_ratio", &lo, &hi);
    CHECK(lo == 0.0 && hi == 1.0);
    const char *nonneg[] = {"latency_mean_s", "energy_j.vehicle", "supply_j.grid", "emissions_kg", "tasks_dropped",
                            "energy_bs_j", "vehicles_connected", "mean_hops", "market.matched", "market.v2g_j"};
    for (size_t i = 0; i < sizeof nonneg / sizeof nonneg[0]; i++) {
        q6_metric_range(nonneg[i], &lo, &hi);
        CHECK(lo == 0.0 && isinf(hi) && hi > 0);
    }
    q6_metric_range("market.welfare", &lo, &hi);
    CHECK(isinf(lo) && lo < 0 && isinf(hi));
    /* Latencies 0.01, 0.02, 0.9 s: mean 0.31, sd 0.511077..., t(0.975, 2)
     * = 4.302653: the raw interval is [-0.9595, 1.5795]; clamped [0, 1.5795]. */
    double x[3] = {0.01, 0.02, 0.9};
    q6_ci ci;
    q6_stats_ci(x, 3, 0.95, &ci);
    lo = ci.mean - ci.half_width;
    hi = ci.mean + ci.half_width;
    CHECK(lo < -0.95 && lo > -0.97);
    q6_metric_clamp("latency_mean_s", &lo, &hi);
    CHECK(lo == 0.0 && hi > 1.579 && hi < 1.580);
    lo = -0.2;
    hi = 1.3;
    q6_metric_clamp("completion_ratio", &lo, &hi);
    CHECK(lo == 0.0 && hi == 1.0);
}

int main(void)
{
    test_metric_range();
    test_t_quantiles();
    test_ci_by_hand();
    test_paired_by_hand();
    test_digest_check();
    test_csv_json();
    return CHECK_DONE();
}
