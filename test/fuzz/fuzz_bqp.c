/* Fuzz harness: OR-Library bqp files (solvers/qubo/qubo_io.c). Input: the
 * file's bytes, written as model.bqp; problems 0 and 1 are read with
 * q6_qubo_read_bqp (the second exercises skipping a whole problem). An
 * accepted model must survive a write and re-read (qubo_roundtrip.c). */
#include "fuzz_util.h"
#include "qubo_roundtrip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = q6fuzz_write("model.bqp", data, size);
    for (size_t problem = 0; problem < 2; problem++) {
        q6_bqm bqm;
        q6_qubo_error err;
        if (q6_qubo_read_bqp(path, problem, &bqm, &err) != 0) {
            q6fuzz_note("problem %zu: %s", problem, err.message);
            break;
        }
        q6fuzz_note("problem %zu: accepted, %zu variables", problem, bqm.num_vars);
        if (problem == 0)
            q6fuzz_qubo_roundtrip(&bqm, Q6_QUBO_FORMAT_BQP);
        q6_bqm_free(&bqm);
    }
    return 0;
}
