/* Round trip of a parsed QUBO model (see qubo_roundtrip.h). Energies are
 * compared on the all-zero, all-one and two alternating states, which
 * between them touch every linear and quadratic coefficient. Models above
 * MAX_VARS variables are skipped to keep one input cheap. The bqp writer
 * halves couplers, which is exact except for subnormal values, hence the
 * relative tolerance rather than bit equality. */
#include "qubo_roundtrip.h"
#include "fuzz_util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_VARS 4096

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b)) || fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b)) + 1e-300;
}

void q6fuzz_qubo_roundtrip(const q6_bqm *bqm, q6_qubo_format format)
{
    if (bqm->num_vars > MAX_VARS)
        return;
    if (format == Q6_QUBO_FORMAT_BQP && (bqm->offset != 0.0 || bqm->num_vars == 0))
        return;   /* not expressible in bqp */
    const char *path = q6fuzz_path("roundtrip.qubo");
    FILE *f = fopen(path, "w");
    if (!f)
        q6fuzz_fail("cannot create the round-trip file");
    int wrc = format == Q6_QUBO_FORMAT_BQP ? q6_qubo_write_bqp(f, bqm) : q6_qubo_write_qbsolv(f, bqm);
    if (fclose(f) != 0 || wrc != 0)
        q6fuzz_fail("writer refused a model its reader accepted");
    q6_bqm back;
    q6_qubo_error err;
    if (q6_qubo_read_file(path, format, &back, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        q6fuzz_fail("reader refused what the writer wrote");
    }
    if (back.num_vars != bqm->num_vars)
        q6fuzz_fail("round trip changed the number of variables");
    int8_t *state = calloc(bqm->num_vars ? bqm->num_vars : 1, 1);
    if (!state) {
        q6_bqm_free(&back);
        return;
    }
    for (int pattern = 0; pattern < 4; pattern++) {
        for (size_t i = 0; i < bqm->num_vars; i++)
            state[i] = pattern == 0 ? 0 : pattern == 1 ? 1 : (int8_t)((i + (size_t)pattern) % 2);
        if (!same(q6_bqm_energy(bqm, state), q6_bqm_energy(&back, state)))
            q6fuzz_fail("round trip changed an energy");
    }
    free(state);
    q6_bqm_free(&back);
}
