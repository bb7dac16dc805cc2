/* MEC CPU jitter (paper 004 eq. 4) in the loop. Every speed a run will use
 * is drawn before it starts, from an exogenous stream per access point, so
 * no decision can shift it; SimGrid 3.32's C API changes a host's speed
 * only through its pstates (sg_host_set_pstate), so the generated platform
 * gives a jittered host one pstate per slot and the aggregator selects
 * slot k's at the start of slot k: executions in progress then run at the
 * new speed, exactly as a real speed change would re-share them. */
#include "sim/scenario/cpu_jitter.h"
#include "models/vec_offload.h"
#include "sim/base/rng.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int q6_cpu_jitter_speeds(uint64_t seed, uint32_t ap, double f_max, double variance, double f_min, uint64_t slots,
                         double *out)
{
    gsl_rng *r = q6_rng_stream(seed, ap, Q6_STREAM_CPU_JITTER);
    if (!r)
        return -1;
    int rc = 0;
    for (uint64_t k = 0; k < slots && rc == 0; k++) {
        out[k] = q6_mec_cpu_hz(r, f_max, variance, f_min);
        rc = isfinite(out[k]) && out[k] > 0 ? 0 : -1;
    }
    gsl_rng_free(r);
    return rc;
}

static xmlNode *find_host(xmlNode *zone, const char *name)
{
    for (xmlNode *n = zone->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "host"))
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        int match = id && !strcmp((const char *)id, name);
        xmlFree(id);
        if (match)
            return n;
    }
    return NULL;
}

/* Appends to a growing string; -1 when out of memory. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf;

static int sb_add(strbuf *b, const char *piece)
{
    size_t n = strlen(piece);
    if (b->len + n + 1 > b->cap) {
        size_t cap = 2 * (b->len + n + 1) + 64;
        char *s = realloc(b->s, cap);
        if (!s)
            return -1;
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, piece, n + 1);
    b->len += n;
    return 0;
}

/* speed = "f_max,f_0,...", wattage_per_state = its first profile repeated. */
static int rewrite_host(xmlNode *host, const q6_infra_host *h, uint64_t slots)
{
    xmlNode *watt = NULL;
    for (xmlNode *p = host->children; p; p = p->next) {
        if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "prop"))
            continue;
        xmlChar *id = xmlGetProp(p, (const xmlChar *)"id");
        if (id && !strcmp((const char *)id, "wattage_per_state"))
            watt = p;
        xmlFree(id);
    }
    char profile[256] = "0:0:0";
    if (watt) {
        xmlChar *v = xmlGetProp(watt, (const xmlChar *)"value");
        if (v)
            snprintf(profile, sizeof profile, "%.*s", (int)strcspn((const char *)v, ","), (const char *)v);
        xmlFree(v);
    }
    strbuf speed = {0}, power = {0};
    char item[64];
    snprintf(item, sizeof item, "%.17gf", h->cpu_max_flops);
    int rc = sb_add(&speed, item) | sb_add(&power, profile);
    for (uint64_t k = 0; k < slots && rc == 0; k++) {
        snprintf(item, sizeof item, ",%.17gf", h->cpu_jitter_flops[k]);
        rc = sb_add(&speed, item) | sb_add(&power, ",") | sb_add(&power, profile);
    }
    if (rc == 0) {
        xmlSetProp(host, (const xmlChar *)"speed", (const xmlChar *)speed.s);
        xmlSetProp(host, (const xmlChar *)"pstate", (const xmlChar *)"0");
        if (watt)
            xmlSetProp(watt, (const xmlChar *)"value", (const xmlChar *)power.s);
    }
    free(speed.s);
    free(power.s);
    return rc;
}

int q6_cpu_jitter_prepare(xmlNode *zone, q6_platform *pf, uint64_t seed, uint64_t slots, char *err, size_t errlen)
{
    for (size_t a = 0; a < pf->n_aps; a++) {
        q6_infra_host *h = &pf->hosts[pf->aps[a]];
        if (!(h->cpu_jitter_variance > 0))
            continue;
        xmlNode *host = find_host(zone, h->name);
        h->cpu_jitter_flops = malloc((slots ? slots : 1) * sizeof *h->cpu_jitter_flops);
        if (!host || !h->cpu_jitter_flops ||
            q6_cpu_jitter_speeds(seed, (uint32_t)a, h->cpu_max_flops, h->cpu_jitter_variance, h->cpu_min_flops,
                                 slots, h->cpu_jitter_flops) < 0 ||
            rewrite_host(host, h, slots) < 0) {
            snprintf(err, errlen, "host '%s': cannot prepare the CPU jitter of %llu slots (out of memory)", h->name,
                     (unsigned long long)slots);
            return -1;
        }
    }
    return 0;
}
