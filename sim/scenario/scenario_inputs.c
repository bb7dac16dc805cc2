/* Input files of a scenario and its identity (see scenario_inputs.h). */
#include "sim/scenario/scenario_inputs.h"
#include "sim/base/fsutil.h"
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static int is_trace(const q6_mobility_config *m)
{
    return (m->kind == Q6_MOB_FCD || m->kind == Q6_MOB_NS2) && m->trace_path[0];
}

size_t q6_scenario_inputs(const q6_scenario *sc, q6_scenario_input out[Q6_SCENARIO_MAX_INPUTS])
{
    size_t n = 0;
    out[n++] = (q6_scenario_input){"scenario", sc->path};
    out[n++] = (q6_scenario_input){"platform", sc->platform_path};
    if (is_trace(&sc->vehicles.mobility))
        out[n++] = (q6_scenario_input){"vehicles.mobility.file", sc->vehicles.mobility.trace_path};
    if (sc->uav_mobility_set && is_trace(&sc->uav_mobility))
        out[n++] = (q6_scenario_input){"uav_mobility.file", sc->uav_mobility.trace_path};
    if (sc->energy.emission_csv[0])
        out[n++] = (q6_scenario_input){"energy.emission_csv", sc->energy.emission_csv};
    return n;
}

int q6_scenario_identity(const q6_scenario *sc, const char *const *overrides, size_t n_overrides, char out[65],
                         char *err, size_t errlen)
{
    q6_scenario_input in[Q6_SCENARIO_MAX_INPUTS];
    size_t n = q6_scenario_inputs(sc, in);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        snprintf(err, errlen, "cannot compute SHA-256");
        return -1;
    }
    /* Length-prefixed fields, so no two different lists hash alike. */
    char line[200];
    for (size_t i = 0; i < n; i++) {
        char h[65];
        if (q6_sha256_file(in[i].path, h) < 0) {
            snprintf(err, errlen, "%s: cannot read (%s of %s)", in[i].path, in[i].role, sc->path);
            EVP_MD_CTX_free(md);
            return -1;
        }
        int len = snprintf(line, sizeof line, "%zu:%s=%s\n", strlen(in[i].role) + 65, in[i].role, h);
        EVP_DigestUpdate(md, line, (size_t)len);
    }
    for (size_t i = 0; i < n_overrides; i++) {
        int len = snprintf(line, sizeof line, "%zu:set=", strlen(overrides[i]));
        EVP_DigestUpdate(md, line, (size_t)len);
        EVP_DigestUpdate(md, overrides[i], strlen(overrides[i]));
    }
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    EVP_DigestFinal_ex(md, d, &dl);
    EVP_MD_CTX_free(md);
    for (unsigned i = 0; i < 32 && i < dl; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    out[64] = 0;
    return 0;
}
