/* Fuzz harness: scenario files (libconfig) through q6_scenario_load_with.
 *
 * Input: the scenario text, optionally followed by a NUL byte and --set
 * overrides, one per line ("task.deadline_s=3"); libconfig text cannot hold
 * NUL, so the split costs the fuzzer nothing. The scenario is written as
 * scenario.cfg into the scratch directory, next to small FCD and ns-2
 * traces (trace.fcd.xml, trace.ns2) so that scenarios replaying a trace
 * reach the trace-sizing code as the real loader does.
 *
 * Checks beyond "no crash, no leak": a loaded scenario holds the ranges
 * docs/scenario-format.md promises (slot length, slot count, vehicles). */
#include "fuzz_util.h"
#include "sim/scenario/scenario.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char fcd_trace[] =
    "<fcd-export>\n"
    "<timestep time=\"0.00\"><vehicle id=\"a\" x=\"10\" y=\"20\" angle=\"90\" speed=\"5\"/></timestep>\n"
    "<timestep time=\"1.00\"><vehicle id=\"a\" x=\"15\" y=\"20\" angle=\"90\" speed=\"5\"/>"
    "<vehicle id=\"b\" x=\"0\" y=\"0\" speed=\"1\"/></timestep>\n"
    "</fcd-export>\n";

static const char ns2_trace[] =
    "$node_(0) set X_ 0.0\n$node_(0) set Y_ 0.0\n$node_(1) set X_ 100.0\n$node_(1) set Y_ 100.0\n"
    "$ns_ at 1.0 \"$node_(0) setdest 30.0 40.0 5.0\"\n";

#define MAX_OVERRIDES 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        q6fuzz_write_text("trace.fcd.xml", fcd_trace);
        q6fuzz_write_text("trace.ns2", ns2_trace);
        ready = 1;
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t text_len = nul ? (size_t)(nul - data) : size;
    const char *path = q6fuzz_write("scenario.cfg", data, text_len);

    /* Overrides: the bytes after the NUL, split at newlines, as C strings. */
    size_t ov_len = nul ? size - text_len - 1 : 0;
    char *ov_buf = malloc(ov_len + 1);
    if (!ov_buf)
        return 0;
    if (ov_len)
        memcpy(ov_buf, nul + 1, ov_len);
    ov_buf[ov_len] = 0;
    const char *ov[MAX_OVERRIDES];
    size_t n_ov = 0;
    for (char *p = ov_buf, *save = NULL, *line = nul ? strtok_r(p, "\n", &save) : NULL;
         line && n_ov < MAX_OVERRIDES; line = strtok_r(NULL, "\n", &save))
        ov[n_ov++] = line;

    q6_scenario *sc = malloc(sizeof *sc);
    char err[1024];
    int rc = sc ? q6_scenario_load_with(path, ov, n_ov, sc, err, sizeof err) : -1;
    q6fuzz_note("%s", rc == 0 ? "accepted" : err);
    if (sc && rc == 0) {
        if (!(sc->slot_s >= 1e-6 && sc->slot_s <= 1e6))
            q6fuzz_fail("slot_s outside [1e-6, 1e6] s");
        if (sc->slots < 1 || sc->slots > 1000000000u)
            q6fuzz_fail("slots outside [1, 1e9]");
        if (sc->vehicles.count < 1 || sc->vehicles.count > 1000000u)
            q6fuzz_fail("vehicles.count outside [1, 1e6]");
        if (!isfinite(sc->task.deadline_s) || sc->task.deadline_s <= 0)
            q6fuzz_fail("task.deadline_s not a positive number");
    } else if (sc && !memchr(err, 0, sizeof err)) {
        q6fuzz_fail("error message not terminated");
    }
    free(sc);
    free(ov_buf);
    return 0;
}
