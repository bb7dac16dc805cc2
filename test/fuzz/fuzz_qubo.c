/* Fuzz harness: qbsolv .qubo files (solvers/qubo/qubo_io.c). Input: the
 * file's bytes, written as model.qubo; read with q6_qubo_read_qbsolv, and
 * also through format detection (q6_qubo_read_file AUTO, what `q6sim qubo`
 * does). An accepted model must survive a write and re-read
 * (qubo_roundtrip.c). */
#include "fuzz_util.h"
#include "qubo_roundtrip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = q6fuzz_write("model.qubo", data, size);
    q6_bqm bqm;
    q6_qubo_error err;
    if (q6_qubo_read_qbsolv(path, &bqm, &err) != 0) {
        q6fuzz_note("%s", err.message);
    } else {
        q6fuzz_note("accepted: %zu variables", bqm.num_vars);
        q6fuzz_qubo_roundtrip(&bqm, Q6_QUBO_FORMAT_QBSOLV);
        q6_bqm_free(&bqm);
    }
    if (q6_qubo_detect_format(path) == Q6_QUBO_FORMAT_QBSOLV)
        return 0;   /* AUTO would repeat the read above */
    if (q6_qubo_read_file(path, Q6_QUBO_FORMAT_AUTO, &bqm, &err) == 0)
        q6_bqm_free(&bqm);
    return 0;
}
