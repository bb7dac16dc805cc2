/* Fuzz harness: sweep SPEC files (sim/workflow/spec.c, `q6sim sweep`).
 * Input: the SPEC text, written as spec.cfg in the scratch directory next
 * to a small valid scenario.cfg that a SPEC names as "scenario.cfg" (the
 * loader checks every grid point by loading that scenario with the point's
 * overrides, so scenario overrides are fuzzed through here too). An
 * accepted SPEC is expanded into jobs when there are at most MAX_JOBS.
 *
 * Checks beyond "no crash, no leak": expansion yields points x seeds x
 * schedulers jobs with distinct ids, each naming a listed scheduler. */
#include "fuzz_util.h"
#include "sim/workflow/spec.h"
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS 100000

static const char scenario_text[] =
    "name = \"fuzz\";\nplatform = \"platform.xml\";\nslot_s = 1.0;\nslots = 2;\n"
    "vehicles = { count = 3; mobility = { model = \"static\"; }; };\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        q6fuzz_write_text("scenario.cfg", scenario_text);
        ready = 1;
    }
    const char *path = q6fuzz_write("spec.cfg", data, size);
    q6_sweep_spec *sp = malloc(sizeof *sp);
    char err[1024];
    if (!sp)
        return 0;
    if (q6_sweep_spec_load(path, sp, err, sizeof err) < 0) {
        q6fuzz_note("%s", err);
        free(sp);
        return 0;
    }
    q6fuzz_note("accepted: %zu parameters, %zu seeds", sp->n_params, sp->n_seeds);
    size_t points = 1;
    for (size_t i = 0; i < sp->n_params; i++)
        points *= sp->params[i].values.n;
    size_t want = points * sp->n_seeds * sp->schedulers.n;
    if (want > 0 && want <= MAX_JOBS) {
        size_t n = 0;
        q6_sweep_job *jobs = q6_sweep_expand(sp, &n);
        if (!jobs)
            q6fuzz_fail("expansion failed on a small spec");
        if (n != want)
            q6fuzz_fail("expansion gave a job count other than points x seeds x schedulers");
        for (size_t j = 0; j < n; j++) {
            if (j && strcmp(jobs[j - 1].id, jobs[j].id) >= 0)
                q6fuzz_fail("job ids not strictly increasing");
            int listed = 0;
            for (size_t k = 0; k < sp->schedulers.n; k++)
                listed |= jobs[j].scheduler == sp->schedulers.v[k];
            if (!listed)
                q6fuzz_fail("job scheduler not one of the spec's");
        }
        q6_sweep_jobs_free(jobs, n);
    } else if (want == 0) {
        q6fuzz_fail("accepted spec with no jobs");
    }
    q6_sweep_spec_free(sp);
    free(sp);
    return 0;
}
