/* The five matching plugins through the registry: ABI 2 with match,
 * feasible matchings, counted work charged, the qubo plugin sampled on the
 * QPU service (CPU when no QPU host answers), reproducible for a seed,
 * params checked, offloading delegated. */
#include "sim/core/plugin_run.h"
#include "solvers/market/market.h"
#include "test/check.h"
#include "test/market/instance.h"
#include <string.h>

typedef struct {
    int qpu_up;
    int qpu_calls, cpu_calls, charges;
    double ops;
} fake_engine;

/* The fake QPU and CPU answer "nothing chosen": the plumbing is under test
 * here; sampling itself is exercised without services below and in
 * test_qubo.c. */
static int answer(const q6_qubo_view *q, q6_qubo_outcome *out)
{
    memset(out->assignment, 0, q->n_vars);
    out->energy = q->offset;
    return 0;
}

static int fake_qpu(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out)
{
    fake_engine *e = engine;
    (void)o;
    e->qpu_calls++;
    return e->qpu_up ? answer(q, out) : -1;
}

static int fake_cpu(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out)
{
    (void)o;
    ((fake_engine *)engine)->cpu_calls++;
    return answer(q, out);
}

static int fake_charge(void *engine, double ops)
{
    fake_engine *e = engine;
    e->charges++;
    e->ops += ops;
    return 0;
}

/* Runs plugin `name` (params, seed) once on p; returns the seller_of[0..nb). */
static void run(const char *name, const char *params, const q6_market_problem *p, int32_t *m)
{
    const q6_plugin_ref *ref = q6_plugins_find(Q6_KIND_MATCHER, name);
    CHECK(ref && ref->abi_version == Q6_ABI_VERSION && ref->matcher && ref->kind == Q6_KIND_MATCHER);
    if (!ref)
        return;
    q6_plugin_run run;
    q6_plugin_init_args args = {11, params};
    char err[256] = "";
    CHECK(q6_plugin_start(&run, ref, &args, NULL, err, sizeof err) == 0);
    q6_market_decision d = {m};
    CHECK(q6_plugin_match(&run, p, &d, err, sizeof err) == 0);
    CHECK(q6_market_check(p, m, NULL, NULL) == 0);
    q6_plugin_stop(&run);
}

int main(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    instance in;
    instance_random(&in, r, 7, 6);
    fake_engine e = {1, 0, 0, 0, 0.0};
    q6_services services = {&e, fake_qpu, fake_cpu, fake_charge};
    in.p.services = &services;
    const char *names[] = {"gale-shapley", "exact", "qubo", "greedy", "random"};
    for (size_t k = 0; k < 5; k++) {
        int32_t a[7], b[7];
        e = (fake_engine){1, 0, 0, 0, 0.0};
        run(names[k], "", &in.p, a);
        CHECK(e.charges == 1 && e.ops > 0);
        CHECK(e.qpu_calls == (k == 2) && e.cpu_calls == 0);
        run(names[k], "", &in.p, b);
        CHECK(!memcmp(a, b, sizeof a));
    }

    int32_t m[7];
    /* No QPU host: the qubo plugin samples on the aggregator's CPU. */
    e = (fake_engine){0, 0, 0, 0, 0.0};
    run("qubo", "solver=tabu,reads=3,sweeps=50,objective=paper", &in.p, m);
    CHECK(e.qpu_calls == 1 && e.cpu_calls == 1);
    e = (fake_engine){1, 0, 0, 0, 0.0};
    run("qubo", "host=cpu", &in.p, m);
    CHECK(e.qpu_calls == 0 && e.cpu_calls == 1);
    /* Useful pairs only: still a feasible matching. */
    e = (fake_engine){1, 0, 0, 0, 0.0};
    run("qubo", "pairs=useful,solver=exact", &in.p, m);
    CHECK(q6_market_check(&in.p, m, NULL, NULL) == 0);
    /* Without services (outside the engine) it samples locally. */
    in.p.services = NULL;
    int32_t again[7];
    run("qubo", "solver=sa,reads=2", &in.p, m);
    run("qubo", "solver=sa,reads=2", &in.p, again);
    CHECK(!memcmp(m, again, sizeof m));
    int matched = 0;
    for (int i = 0; i < 7; i++)
        matched += m[i] >= 0;
    CHECK(matched > 0);

    const q6_matcher *qubo = q6_plugins_find(Q6_KIND_MATCHER, "qubo")->matcher;
    const char *bad[] = {"solver=foo", "reads=0", "sweeps=x", "objective", "colour=red", "reads=2000000"};
    for (size_t k = 0; qubo && k < sizeof bad / sizeof bad[0]; k++) {
        q6_plugin_init_args args = {1, bad[k]};
        void *state = NULL;
        char err[256] = "";
        CHECK(qubo->init(&args, &state, err, sizeof err) != 0 && strstr(err, "plugin_params"));
    }
    instance_free(&in);
    gsl_rng_free(r);
    return CHECK_DONE();
}
