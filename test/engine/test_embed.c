/* Embedding: a program that uses only the public header sim/engine.h runs a
 * scenario through libq6sim and finds its outputs. argv: scenario, out dir. */
#include "sim/engine/engine.h"
#include "test/check.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    static const char *const overrides[] = {"slots=3", "vehicles.count=5"};
    q6_run_options o = {0};
    o.scenario_path = argv[1];
    o.overrides = overrides;
    o.n_overrides = 2;
    o.out_dir = argv[2];
    o.quiet = 1;
    o.progress = 0;
    o.argc = argc;
    o.argv = argv;
    CHECK(q6_run(&o) == 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", argv[2]);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    return CHECK_DONE();
}
