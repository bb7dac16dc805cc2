/* Shared by the .qubo and bqp harnesses: a model a reader accepted must
 * survive the matching writer and reader unchanged (q6_qubo_write_* print
 * 17 significant digits precisely so that it does). */
#ifndef Q6_TEST_FUZZ_QUBO_ROUNDTRIP_H
#define Q6_TEST_FUZZ_QUBO_ROUNDTRIP_H
#include "solvers/qubo/qubo_io.h"

/* Writes bqm in `format` to the scratch file roundtrip.qubo, reads it back
 * and fails the input when the energies of a few fixed states differ. */
void q6fuzz_qubo_roundtrip(const q6_bqm *bqm, q6_qubo_format format);

#endif
