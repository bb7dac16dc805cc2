/* Fuzz harness: SUMO FCD traces, plain XML (traces/mobility/fcd_reader.c
 * and fcd_replay.c). Input: the file's bytes, written as trace.fcd.xml.
 * See mobility_exercise.c for what is read and which invariants hold. */
#include "fuzz_util.h"
#include "mobility_exercise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    q6fuzz_exercise_fcd(q6fuzz_write("trace.fcd.xml", data, size));
    return 0;
}
