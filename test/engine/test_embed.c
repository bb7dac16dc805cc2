/* Embedding: a program that uses only the public header sim/engine/engine.h
 * runs a scenario through libq6sim with the open / run / write / close
 * interface and finds its outputs; nothing is in place before write.
 * argv: scenario, out dir. */
#include "sim/engine/engine.h"
#include "test/check.h"
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    static const char *const overrides[] = {"slots=3", "vehicles.count=5"};
    q6_run_options o = {0};
    o.scenario_path = argv[1];
    o.overrides = overrides;
    o.n_overrides = 2;
    /* A fresh folder each time, so "nothing before write" is meaningful. */
    char out[3000];
    snprintf(out, sizeof out, "%s/run-%ld", argv[2], (long)getpid());
    o.out_dir = out;
    o.quiet = 1;
    o.progress = 0;
    o.argc = argc;
    o.argv = argv;
    q6_sim *sim = NULL;
    CHECK(q6_sim_open(&o, &sim) == 0);
    CHECK(q6_sim_run(sim) == 0);
    char path0[4096];
    snprintf(path0, sizeof path0, "%s/summary.json", out);
    FILE *early = fopen(path0, "r");
    CHECK(early == NULL); /* not before write */
    if (early)
        fclose(early);
    CHECK(q6_sim_write(sim) == 0);
    q6_sim_close(sim);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", out);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    return CHECK_DONE();
}
