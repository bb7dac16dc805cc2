/* Fuzz harness: the user's SimGrid platform XML as q6sim reads, checks and
 * rewrites it (q6_platform_prepare, sim/platform.c). SimGrid itself is
 * never started: the point is that nothing malformed gets past q6sim's own
 * checks into the platform SimGrid would load.
 *
 * Input: the platform file, written as platform.xml in the scratch
 * directory; a fixed small scenario (loaded once) names it. The generated
 * platform goes to out.xml in the same directory.
 *
 * Checks beyond "no crash, no leak": an accepted platform has consistent
 * indices (access points, cloud, QPU, grid host) and the generated file is
 * well-formed XML. */
#include "fuzz_util.h"
#include "sim/scenario/platform.h"
#include "sim/scenario/scenario.h"
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>

static const char scenario_text[] =
    "name = \"fuzz\";\nplatform = \"platform.xml\";\nslot_s = 1.0;\nslots = 2;\n"
    "vehicles = { count = 3; mobility = { model = \"static\"; }; };\n";

static q6_scenario *scenario(void)
{
    static q6_scenario *sc;
    if (sc)
        return sc;
    char err[1024];
    sc = malloc(sizeof *sc);
    if (!sc || q6_scenario_load(q6fuzz_write_text("scenario.cfg", scenario_text), sc, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_platform: fixed scenario does not load: %s\n", sc ? err : "out of memory");
        abort();
    }
    return sc;
}

static void check_indices(const q6_platform *pf)
{
    if (pf->n_aps > pf->n_hosts || (pf->n_hosts && !pf->hosts))
        q6fuzz_fail("more access points than hosts");
    for (size_t k = 0; k < pf->n_aps; k++)
        if (pf->aps[k] >= pf->n_hosts)
            q6fuzz_fail("access point index out of range");
    long n = (long)pf->n_hosts;
    if (pf->cloud < -1 || pf->cloud >= n || pf->qpu < -1 || pf->qpu >= n || pf->grid < -1 || pf->grid >= n)
        q6fuzz_fail("cloud, qpu or grid index out of range");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const q6_scenario *sc = scenario();
    q6fuzz_write("platform.xml", data, size);
    const char *out = q6fuzz_path("out.xml");
    q6_platform pf;
    char err[1024];
    if (q6_platform_prepare(sc, out, &pf, err, sizeof err) < 0) {
        q6fuzz_note("%s", err);
    } else {
        q6fuzz_note("accepted: %zu hosts, %zu access points", pf.n_hosts, pf.n_aps);
        check_indices(&pf);
        xmlDoc *gen = xmlReadFile(out, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!gen)
            q6fuzz_fail("generated platform is not well-formed XML");
        xmlFreeDoc(gen);
        q6_platform_free(&pf);
    }
    return 0;
}
