/* Virtual queues by hand: three queues of the three kinds over three
 * slots, their views and slots.csv columns, the drift-plus-penalty helper
 * of solvers/abi/scheduler.h, and the lyapunov group's input errors. */
#include "sim/core/lyapunov.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include <math.h>
#include <string.h>

static char dir[256];
static q6_scenario sc;

/* Loads a scenario made of the common head and `tail`; returns the rc. */
static int load(const char *tail, char *err, size_t n)
{
    char text[4096], path[512];
    snprintf(text, sizeof text,
             "platform = \"p.xml\"; slot_s = 1.0; slots = 4;\nvehicles = { count = 1; };\n%s", tail);
    tmp_write(dir, "s.cfg", text, path, sizeof path);
    return q6_scenario_load(path, &sc, err, n);
}

static void expect_error(const char *tail, const char *a, const char *b)
{
    char err[1024] = "";
    int rc = load(tail, err, sizeof err);
    CHECK(rc < 0);
    CHECK(strstr(err, a) != NULL);
    CHECK(strstr(err, b) != NULL);
    if (rc == 0 || !strstr(err, a) || !strstr(err, b))
        fprintf(stderr, "  scenario tail %s\n  gave: %s\n", tail, err);
}

static void check_queue(const q6_vqueue *v, const char *name, uint32_t kind, uint32_t ap, double backlog,
                        double arrival, double service, double budget)
{
    CHECK(!strcmp(v->name, name));
    CHECK(v->kind == kind);
    CHECK(v->ap == ap);
    CHECK_NEAR(v->backlog, backlog, 1e-12);
    CHECK_NEAR(v->last_arrival, arrival, 1e-12);
    CHECK_NEAR(v->last_service, service, 1e-12);
    CHECK_NEAR(v->budget, budget, 1e-12);
}

static void hand_queues(void)
{
    char err[1024] = "";
    int rc = load("lyapunov = { V = 100.0; queues = (\n"
                  "  { name = \"e-bs2\"; kind = \"ap-energy\"; ap = \"bs2\"; budget_j_per_slot = 500.0; },\n"
                  "  { name = \"offload\"; kind = \"offload-rate\"; rho = 0.6; },\n"
                  "  { name = \"co2-bs1\"; kind = \"site-emissions\"; ap = \"bs1\"; budget_g_per_slot = 2.0; } ); };\n",
                  err, sizeof err);
    CHECK(rc == 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    q6_infra_host hosts[3];
    memset(hosts, 0, sizeof hosts);
    snprintf(hosts[0].name, sizeof hosts[0].name, "cloud");
    snprintf(hosts[1].name, sizeof hosts[1].name, "bs1");
    snprintf(hosts[2].name, sizeof hosts[2].name, "bs2");
    size_t aps[2] = {1, 2};
    q6_platform pf = {hosts, 3, aps, 2, 0, -1, -1, "z"};
    q6_lyapunov *l = q6_lyapunov_create(&sc, &pf, err, sizeof err);
    CHECK(l != NULL);
    if (!l)
        return;
    CHECK(q6_lyapunov_count(l) == 3);
    CHECK(q6_lyapunov_v(l) == 100.0);
    q6_vqueue v[3];
    q6_lyapunov_views(l, v);
    check_queue(&v[0], "e-bs2", Q6_VQ_AP_ENERGY, 1, 0, 0, 0, 500);
    check_queue(&v[1], "offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 0, 0, 0, 0.6);
    check_queue(&v[2], "co2-bs1", Q6_VQ_SITE_EMISSIONS, 0, 0, 0, 0, 2.0);

    /* Slot 0: e = 0 + 700 - 500 = 200; offload = 0 + 0.6 x 10 - 4 = 2; co2 = 0 + 5 - 2 = 3. */
    double e0[2] = {300, 700}, g0[2] = {5, 1};
    q6_lyapunov_update(l, &(q6_lyapunov_slot_input){0, e0, g0, 10, 4});
    q6_lyapunov_views(l, v);
    check_queue(&v[0], "e-bs2", Q6_VQ_AP_ENERGY, 1, 200, 700, 500, 500);
    check_queue(&v[1], "offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 2, 6, 4, 0.6);
    check_queue(&v[2], "co2-bs1", Q6_VQ_SITE_EMISSIONS, 0, 3, 5, 2, 2.0);
    /* The same slot again changes nothing (no double counting), nor does a skipped one. */
    q6_lyapunov_update(l, &(q6_lyapunov_slot_input){0, e0, g0, 10, 4});
    q6_lyapunov_update(l, &(q6_lyapunov_slot_input){2, e0, g0, 10, 4});
    q6_lyapunov_views(l, v);
    CHECK_NEAR(v[0].backlog, 200, 1e-12);
    /* Slot 1: e = max(200 + 200 - 500, 0) = 0; offload = max(2 + 3 - 5, 0) = 0; co2 = 3 + 0.5 - 2 = 1.5. */
    double e1[2] = {100, 200}, g1[2] = {0.5, 9};
    q6_lyapunov_update(l, &(q6_lyapunov_slot_input){1, e1, g1, 5, 5});
    q6_lyapunov_views(l, v);
    check_queue(&v[0], "e-bs2", Q6_VQ_AP_ENERGY, 1, 0, 200, 500, 500);
    check_queue(&v[1], "offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 0, 3, 5, 0.6);
    check_queue(&v[2], "co2-bs1", Q6_VQ_SITE_EMISSIONS, 0, 1.5, 0.5, 2, 2.0);
    /* Slot 2: e = 0 + 650 - 500 = 150; offload = 0; co2 = 1.5 + 2.5 - 2 = 2. */
    double e2[2] = {0, 650}, g2[2] = {2.5, 0};
    q6_lyapunov_update(l, &(q6_lyapunov_slot_input){2, e2, g2, 0, 0});
    q6_lyapunov_views(l, v);
    check_queue(&v[0], "e-bs2", Q6_VQ_AP_ENERGY, 1, 150, 650, 500, 500);
    check_queue(&v[1], "offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 0, 0, 0, 0.6);
    check_queue(&v[2], "co2-bs1", Q6_VQ_SITE_EMISSIONS, 0, 2, 2.5, 2, 2.0);

    /* slots.csv columns: three per queue, each slot's own values. */
    const char *names[9];
    double values[9];
    CHECK(q6_lyapunov_columns(l, 0, NULL, NULL) == 9);
    CHECK(q6_lyapunov_columns(l, 1, names, values) == 9);
    const char *want[9] = {"vq_e-bs2", "vq_e-bs2_arrival", "vq_e-bs2_service", "vq_offload", "vq_offload_arrival",
                           "vq_offload_service", "vq_co2-bs1", "vq_co2-bs1_arrival", "vq_co2-bs1_service"};
    for (int c = 0; c < 9; c++)
        CHECK(!strcmp(names[c], want[c]));
    const double slot1[9] = {0, 200, 500, 0, 3, 5, 1.5, 0.5, 2};
    for (int c = 0; c < 9; c++)
        CHECK_NEAR(values[c], slot1[c], 1e-12);
    q6_lyapunov_columns(l, 0, NULL, values);
    CHECK_NEAR(values[0], 200, 1e-12);
    CHECK_NEAR(values[6], 3, 1e-12);
    q6_lyapunov_columns(l, 3, NULL, values); /* never updated */
    for (int c = 0; c < 9; c++)
        CHECK(isnan(values[c]));

    /* Drift-plus-penalty of a candidate: V x penalty + sum Q_q y_q
     * = 100 x 2.5 + 150 x 10 + 0 x (-1) + 2 x 0.5 = 1751. */
    q6_sched_problem p;
    memset(&p, 0, sizeof p);
    p.lyapunov_v = q6_lyapunov_v(l);
    p.n_queues = (uint32_t)q6_lyapunov_count(l);
    p.queues = v;
    double y[3] = {10, -1, 0.5};
    CHECK_NEAR(q6_dpp_objective(&p, 2.5, y), 1751.0, 1e-9);
    p.lyapunov_v = 0;
    CHECK_NEAR(q6_dpp_objective(&p, 2.5, y), 1501.0, 1e-9);
    q6_lyapunov_free(l);

    /* A queue naming an AP the platform lacks: file, line, field, AP. */
    rc = load("lyapunov = { V = 1.0; queues = (\n"
              "  { name = \"e\"; kind = \"ap-energy\"; ap = \"bs9\"; budget_j_per_slot = 5.0; } ); };\n",
              err, sizeof err);
    CHECK(rc == 0);
    l = q6_lyapunov_create(&sc, &pf, err, sizeof err);
    CHECK(l == NULL);
    CHECK(strstr(err, "s.cfg:4: lyapunov.queues.ap") != NULL && strstr(err, "'bs9'") != NULL);
    q6_lyapunov_free(l);

    /* Without the group: no queues, V = 0. */
    CHECK(load("", err, sizeof err) == 0);
    l = q6_lyapunov_create(&sc, &pf, err, sizeof err);
    CHECK(l && q6_lyapunov_count(l) == 0 && q6_lyapunov_v(l) == 0);
    CHECK(q6_lyapunov_columns(l, 0, NULL, NULL) == 0);
    q6_lyapunov_free(l);
}

int main(void)
{
    tmp_make_dir(dir, sizeof dir);
    hand_queues();
    expect_error("lyapunov = { queues = (); };\n", "s.cfg:3: lyapunov.V", "required");
    expect_error("lyapunov = { V = -1.0; };\n", "s.cfg:3: lyapunov.V", "outside");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a\"; kind = \"power\"; } ); };\n",
                 "s.cfg:3: lyapunov.queues.kind", "unknown kind 'power'");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a\"; kind = \"offload-rate\"; rho = 1.5; } ); };\n",
                 "lyapunov.queues.rho", "outside [0, 1]");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a\"; kind = \"offload-rate\"; } ); };\n",
                 "lyapunov.queues.rho", "required");
    expect_error("lyapunov = { V = 1.0; queues = (\n { name = \"a\"; kind = \"ap-energy\"; ap = \"x\";\n"
                 "   budget_g_per_slot = 1.0; } ); };\n",
                 "s.cfg:5: lyapunov.queues.budget_g_per_slot", "unknown field");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a\"; kind = \"site-emissions\"; "
                 "budget_g_per_slot = 1.0; } ); };\n",
                 "lyapunov.queues.ap", "required");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a\"; kind = \"offload-rate\"; rho = 0.5; },\n"
                 "  { name = \"a\"; kind = \"offload-rate\"; rho = 0.2; } ); };\n",
                 "s.cfg:4: lyapunov.queues.name", "already used");
    expect_error("lyapunov = { V = 1.0; queues = ( { name = \"a,b\"; kind = \"offload-rate\"; rho = 0.5; } ); };\n",
                 "lyapunov.queues.name", "not a valid name");
    expect_error("lyapunov = { V = 1.0; queues = { a = 1; }; };\n", "lyapunov.queues", "expected a list");
    expect_error("lyapunov = { V = 1.0; W = 2.0; };\n", "lyapunov.W", "unknown field");
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
