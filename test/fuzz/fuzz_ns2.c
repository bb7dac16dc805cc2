/* Fuzz harness: ns-2 setdest mobility traces (traces/mobility/ns2_scan.c
 * and ns2_replay.c). Input: the file's bytes, written as trace.ns2. See
 * mobility_exercise.c for what is read and which invariants hold. */
#include "fuzz_util.h"
#include "mobility_exercise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    q6fuzz_exercise_ns2(q6fuzz_write("trace.ns2", data, size));
    return 0;
}
