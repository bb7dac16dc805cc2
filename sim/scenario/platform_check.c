/* Validation of the user's platform XML before SimGrid sees it (see
 * platform_check.h). The rules mirror what SimGrid 3.32 accepts for the
 * subset q6sim supports, read in document order as SimGrid does (a route
 * may only name hosts, routers and links declared above it), plus the
 * physical rules SimGrid does not enforce: a link of 0 bit/s would be
 * infinitely fast in q6sim's flow model and a negative latency would lower
 * measured latency, so bandwidths must be > 0 and latencies >= 0. */
#include "sim/scenario/platform_check.h"
#include "sim/scenario/platform.h"
#include "traces/mobility/idmap.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- units, as SimGrid's parser knows them ---- */

typedef struct {
    const char *name;
    double scale;
} unit;

static const unit time_units[] = {{"w", 604800.0}, {"d", 86400.0}, {"h", 3600.0}, {"m", 60.0}, {"s", 1.0},
                                  {"ms", 1e-3},    {"us", 1e-6},    {"ns", 1e-9},  {"ps", 1e-12}};

/* Scale of `suffix` = PREFIX + base for the decimal (k M G ... or kilo
 * mega ...) and, when binary, the binary (Ki Mi ...) prefixes. */
static int prefixed(const char *suffix, const char *base, double base_scale, int long_names, int binary,
                    double *scale)
{
    static const char *const dec[] = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    static const char *const dec_long[] = {"kilo", "mega", "giga", "tera", "peta", "exa", "zeta", "yotta"};
    static const char *const bin[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    size_t sl = strlen(suffix), bl = strlen(base);
    if (sl < bl || strcmp(suffix + sl - bl, base))
        return 0;
    size_t pl = sl - bl;
    if (pl == 0) {
        *scale = base_scale;
        return 1;
    }
    double m = base_scale;
    for (int k = 0; k < 8; k++) {
        m *= 1000.0;
        const char *p = long_names ? dec_long[k] : dec[k];
        if (strlen(p) == pl && !strncmp(suffix, p, pl)) {
            *scale = m;
            return 1;
        }
    }
    m = base_scale;
    for (int k = 0; binary && k < 8; k++) {
        m *= 1024.0;
        if (strlen(bin[k]) == pl && !strncmp(suffix, bin[k], pl)) {
            *scale = m;
            return 1;
        }
    }
    return 0;
}

typedef enum { U_TIME, U_BANDWIDTH, U_SPEED } unit_kind;

/* Parses "number[unit]" into SI (s, B/s, flop/s). A unit-less value must
 * be 0 (SimGrid deprecates the others and guesses the unit). NULL, or the
 * reason it is not a value. */
static const char *parse_with_unit(const char *s, unit_kind kind, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return "not a number";
    if (errno == ERANGE || !isfinite(v))
        return "not a finite number";
    if (!*end) {
        if (v != 0)
            return kind == U_TIME ? "has no unit (append s, ms, us...)"
                 : kind == U_BANDWIDTH ? "has no unit (append bps, kbps, Mbps, Gbps, Bps, MBps...)"
                                       : "has no unit (append f, kf, Mf, Gf...)";
        *out = 0;
        return NULL;
    }
    double scale = 0;
    int ok = 0;
    if (kind == U_TIME) {
        for (size_t k = 0; k < sizeof time_units / sizeof time_units[0] && !ok; k++)
            if (!strcmp(end, time_units[k].name)) {
                scale = time_units[k].scale;
                ok = 1;
            }
    } else if (kind == U_BANDWIDTH) {
        ok = prefixed(end, "bps", 0.125, 0, 1, &scale) || prefixed(end, "Bps", 1.0, 0, 1, &scale);
    } else {
        ok = prefixed(end, "f", 1.0, 0, 0, &scale) || prefixed(end, "flops", 1.0, 1, 0, &scale);
    }
    if (!ok)
        return "unknown unit";
    *out = v * scale;
    return isfinite(*out) ? NULL : "not a finite number";
}

/* ---- checker state ---- */

typedef struct {
    const char *file;
    char *err;
    size_t errlen;
    q6_idmap points;          /* host and router ids -> line */
    q6_idmap links;           /* link ids (and X_UP, X_DOWN of split-duplex X) -> index */
    struct link_info {
        long line;
        int split;            /* SPLITDUPLEX: routes must say UP or DOWN */
        int derived;          /* X_UP / X_DOWN of a split-duplex link */
    } *link;
    size_t n_links, cap_links;
    q6_idmap routes;          /* "src\037dst" -> line */
    char **keys;              /* owned strings the maps borrow */
    size_t n_keys, cap_keys;
} checker;

static int fail(checker *c, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(checker *c, const xmlNode *n, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%ld: %s", c->file, n ? xmlGetLineNo(n) : 0L, msg);
    return -1;
}

static int nomem(checker *c)
{
    snprintf(c->err, c->errlen, "%s: out of memory while checking the platform", c->file);
    return -1;
}

/* A copy of s that lives as long as the checker (map keys are borrowed). */
static const char *keep(checker *c, const char *s)
{
    if (c->n_keys == c->cap_keys) {
        size_t cap = c->cap_keys ? 2 * c->cap_keys : 64;
        char **k = realloc(c->keys, cap * sizeof *k);
        if (!k)
            return NULL;
        c->keys = k;
        c->cap_keys = cap;
    }
    char *copy = strdup(s);
    if (copy)
        c->keys[c->n_keys++] = copy;
    return copy;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name);
}

/* Value of attribute `name` as the document holds it (borrowed), "" when
 * empty, NULL when absent. Attributes are plain text (checked first). */
static const char *aval(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!xmlStrcmp(a->name, (const xmlChar *)name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static void join(const char *const *list, char *out, size_t len)
{
    out[0] = 0;
    for (size_t k = 0; list[k]; k++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", k ? ", " : "", list[k]);
}

/* "host 'bs-0'" or "link" (no id yet), for messages. */
static void label(const xmlNode *n, char *out, size_t len)
{
    const char *id = aval(n, "id");
    if (id && id[0])
        snprintf(out, len, "%s '%s'", (const char *)n->name, id);
    else
        snprintf(out, len, "%s", (const char *)n->name);
}

/* Attributes: known names only, plain text (no entity references, which
 * would not survive into the generated platform), required ones present. */
static int check_attrs(checker *c, const xmlNode *n, const char *const *allowed, const char *const *required)
{
    char what[192], list[256];
    label(n, what, sizeof what);
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->ns || !in_list((const char *)a->name, allowed)) {
            join(allowed, list, sizeof list);
            return fail(c, n, "%s: unknown attribute '%s' (q6sim supports: %s)", what, (const char *)a->name, list);
        }
        if (a->children && (a->children->type != XML_TEXT_NODE || a->children->next))
            return fail(c, n, "%s: attribute '%s': entity references are not supported", what, (const char *)a->name);
    }
    for (; required && *required; required++)
        if (!aval(n, *required) || !aval(n, *required)[0])
            return fail(c, n, "%s: attribute '%s' is required", what, *required);
    return 0;
}

/* Children: allowed elements only; no text, no entity references. */
static int check_children(checker *c, const xmlNode *n, const char *const *allowed)
{
    char what[192], list[256];
    label(n, what, sizeof what);
    for (const xmlNode *k = n->children; k; k = k->next) {
        switch (k->type) {
        case XML_ELEMENT_NODE:
            if (allowed && in_list((const char *)k->name, allowed))
                break;
            if (allowed)
                join(allowed, list, sizeof list);
            return fail(c, k, "%s: unknown element <%s> (%s%s)", what, (const char *)k->name,
                        allowed ? "q6sim supports here: " : "it takes no elements", allowed ? list : "");
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            for (const xmlChar *t = k->content; t && *t; t++)
                if (!isspace(*t))
                    return fail(c, k, "%s: unexpected text", what);
            break;
        case XML_COMMENT_NODE:
            break;
        default:
            return fail(c, k, "%s: unsupported XML content (entity reference or processing instruction)", what);
        }
    }
    return 0;
}

static int starts_with(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(s) >= n && !memcmp(s, prefix, n);
}

/* An id not taken by q6sim's generated parts (docs/platform-format.md). */
static int check_reserved(checker *c, const xmlNode *n, const char *id, int is_link)
{
    int reserved = starts_with(id, "vehicles");
    if (is_link)
        reserved |= !strcmp(id, "control") || starts_with(id, "air-");
    else
        reserved |= !strcmp(id, Q6_RAN_ROUTER) || starts_with(id, Q6_VEHICLE_PREFIX);
    if (reserved)
        return fail(c, n, "%s '%s': the id is reserved for q6sim's generated %s", (const char *)n->name, id,
                    is_link ? "links (control, air-*, vehicles*)" : "network (ran, veh-*, vehicles*)");
    return 0;
}

static int add_point(checker *c, const xmlNode *n)
{
    const char *id = aval(n, "id");
    if (check_reserved(c, n, id, 0) < 0)
        return -1;
    int first = q6_idmap_get(&c->points, id);
    if (first >= 0)
        return fail(c, n, "%s '%s': duplicate id (a host or router on line %d has it)", (const char *)n->name, id,
                    first);
    if (q6_idmap_put(&c->points, id, (int)xmlGetLineNo(n)) < 0)
        return nomem(c);
    return 0;
}

static int add_link_name(checker *c, const xmlNode *n, const char *name, int split, int derived)
{
    int first = q6_idmap_get(&c->links, name);
    if (first >= 0)
        return fail(c, n, "link '%s': duplicate id%s (link on line %ld)", name,
                    derived || c->link[first].derived ? " (a SPLITDUPLEX link X also defines X_UP and X_DOWN)" : "",
                    c->link[first].line);
    if (c->n_links == c->cap_links) {
        size_t cap = c->cap_links ? 2 * c->cap_links : 64;
        struct link_info *l = realloc(c->link, cap * sizeof *l);
        if (!l)
            return nomem(c);
        c->link = l;
        c->cap_links = cap;
    }
    const char *key = keep(c, name);
    if (!key || q6_idmap_put(&c->links, key, (int)c->n_links) < 0)
        return nomem(c);
    c->link[c->n_links++] = (struct link_info){xmlGetLineNo(n), split, derived};
    return 0;
}

static const char *const prop_attrs[] = {"id", "value", NULL};

/* <prop id value>; wattage_per_state must give one profile per pstate. */
static int check_props(checker *c, const xmlNode *owner, size_t pstates)
{
    char what[192];
    label(owner, what, sizeof what);
    for (const xmlNode *p = owner->children; p; p = p->next) {
        if (!is_elem(p, "prop"))
            continue;
        if (check_attrs(c, p, prop_attrs, prop_attrs) < 0 || check_children(c, p, NULL) < 0)
            return -1;
        const char *key = aval(p, "id"), *v = aval(p, "value");
        if (!strcmp(key, "wattage_per_state") && pstates) {
            size_t profiles = 0;
            const char *s = v;
            for (;;) {
                const char *comma = strchr(s, ',');
                size_t len = comma ? (size_t)(comma - s) : strlen(s);
                int values = 0, bad = 0;
                for (const char *q = s; q < s + len && !bad;) {
                    char *end;
                    double w = strtod(q, &end);
                    bad = end == q || !isfinite(w) || w < 0 || (end < s + len && *end != ':');
                    values++;
                    q = end < s + len ? end + 1 : s + len;
                }
                if (bad || values < 2 || values > 3)
                    return fail(c, p, "%s: property wattage_per_state: profile %zu '%.*s' must be idle:busy or "
                                      "idle:epsilon:busy with finite powers >= 0 W",
                                what, profiles + 1, (int)len, s);
                profiles++;
                if (!comma)
                    break;
                s = comma + 1;
            }
            if (profiles != pstates)
                return fail(c, p, "%s: property wattage_per_state: %zu power profiles for %zu pstates (speeds)", what,
                            profiles, pstates);
        } else if (!strcmp(key, "wattage_off") && pstates) {
            char *end;
            double w = strtod(v, &end);
            if (end == v || *end || !isfinite(w) || w < 0)
                return fail(c, p, "%s: property wattage_off: expected a finite power >= 0 W, got '%s'", what, v);
        }
    }
    return 0;
}

size_t q6_platform_host_pstates(const xmlNode *host)
{
    const char *speed = aval(host, "speed");
    size_t n = 1;
    for (const char *s = speed; s && *s; s++)
        n += *s == ',';
    return n;
}

double q6_platform_host_speed(const xmlNode *host)
{
    const char *speed = aval(host, "speed");
    if (!speed)
        return 0.0;
    char item[128];
    size_t len = strcspn(speed, ",");
    while (len && isspace((unsigned char)*speed))
        speed++, len--;
    while (len && isspace((unsigned char)speed[len - 1]))
        len--;
    snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), speed);
    double flops = 0;
    return parse_with_unit(item, U_SPEED, &flops) ? 0.0 : flops;
}

static int check_host(checker *c, const xmlNode *n)
{
    static const char *const allowed[] = {"id", "speed", "core", "pstate", NULL};
    static const char *const required[] = {"id", "speed", NULL};
    static const char *const kids[] = {"prop", NULL};
    if (check_attrs(c, n, allowed, required) < 0 || check_children(c, n, kids) < 0 || add_point(c, n) < 0)
        return -1;
    const char *id = aval(n, "id"), *speed = aval(n, "speed");
    size_t pstates = q6_platform_host_pstates(n);
    /* One speed: as written; a list: each item trimmed (SimGrid's rules). */
    const char *s = speed;
    for (size_t k = 0; k < pstates; k++) {
        const char *comma = strchr(s, ',');
        char item[128];
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (pstates > 1) {
            while (len && isspace((unsigned char)*s))
                s++, len--;
            while (len && isspace((unsigned char)s[len - 1]))
                len--;
        }
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), s);
        double flops = 0;
        const char *why = parse_with_unit(item, U_SPEED, &flops);
        if (why || !(flops > 0))
            return fail(c, n, "host '%s': speed '%s': %s", id, item, why ? why : "must be > 0 flop/s");
        s = comma ? comma + 1 : s + len;
    }
    const char *core = aval(n, "core"), *pstate = aval(n, "pstate");
    char *end;
    if (core) {
        long v = strtol(core, &end, 10);
        if (end == core || *end || v < 1 || v > 1000000)
            return fail(c, n, "host '%s': core: expected a whole number in [1, 1000000], got '%s'", id, core);
    }
    if (pstate) {
        long v = strtol(pstate, &end, 10);
        if (end == pstate || *end || v < 0 || (size_t)v >= pstates)
            return fail(c, n, "host '%s': pstate: expected a whole number in [0, %zu] (one per speed), got '%s'", id,
                        pstates - 1, pstate);
    }
    return check_props(c, n, pstates);
}

static int check_link(checker *c, const xmlNode *n)
{
    static const char *const allowed[] = {"id", "bandwidth", "latency", "sharing_policy", NULL};
    static const char *const required[] = {"id", "bandwidth", NULL};
    static const char *const kids[] = {"prop", NULL};
    static const char *const policies[] = {"SHARED", "SPLITDUPLEX", "FATPIPE", NULL};
    if (check_attrs(c, n, allowed, required) < 0 || check_children(c, n, kids) < 0)
        return -1;
    const char *id = aval(n, "id"), *bw = aval(n, "bandwidth"), *lat = aval(n, "latency"),
               *policy = aval(n, "sharing_policy");
    if (check_reserved(c, n, id, 1) < 0)
        return -1;
    double bps = 0, lat_s = 0;
    const char *why = strchr(bw, ',') || strchr(bw, ';') ? "expected one value (bandwidth lists are for WIFI links, "
                                                           "which q6sim does not support)"
                                                         : parse_with_unit(bw, U_BANDWIDTH, &bps);
    if (why || !(bps > 0))
        return fail(c, n, "link '%s': bandwidth '%s': %s", id, bw,
                    why ? why : "must be > 0 (a link of 0 bit/s would be infinitely fast)");
    if (lat && ((why = parse_with_unit(lat, U_TIME, &lat_s)) != NULL || lat_s < 0))
        return fail(c, n, "link '%s': latency '%s': %s", id, lat, why ? why : "must be >= 0 s");
    char list[128];
    join(policies, list, sizeof list);
    if (policy && !in_list(policy, policies))
        return fail(c, n, "link '%s': sharing_policy '%s': q6sim supports %s", id, policy, list);
    int split = policy && !strcmp(policy, "SPLITDUPLEX");
    if (add_link_name(c, n, id, split, 0) < 0)
        return -1;
    if (split) {
        char derived[300];
        snprintf(derived, sizeof derived, "%s_UP", id);
        if (add_link_name(c, n, derived, 0, 1) < 0)
            return -1;
        snprintf(derived, sizeof derived, "%s_DOWN", id);
        if (add_link_name(c, n, derived, 0, 1) < 0)
            return -1;
    }
    return check_props(c, n, 0);
}

/* Records the directed pair src -> dst; fails when a route has it. */
static int add_route_pair(checker *c, const xmlNode *n, const char *a, const char *b, const char *src,
                          const char *dst)
{
    char key[600];
    snprintf(key, sizeof key, "%s\037%s", a, b);
    int first = q6_idmap_get(&c->routes, key);
    if (first >= 0)
        return fail(c, n, "route from '%s' to '%s': a route between '%s' and '%s' is already declared on line %d "
                          "(routes are symmetrical unless symmetrical=\"NO\")",
                    src, dst, a, b, first);
    const char *k = keep(c, key);
    if (!k || q6_idmap_put(&c->routes, k, (int)xmlGetLineNo(n)) < 0)
        return nomem(c);
    return 0;
}

static int check_route(checker *c, const xmlNode *n)
{
    static const char *const allowed[] = {"src", "dst", "symmetrical", NULL};
    static const char *const required[] = {"src", "dst", NULL};
    static const char *const kids[] = {"link_ctn", NULL};
    static const char *const sym_values[] = {"YES", "NO", "yes", "no", NULL};
    static const char *const ctn_attrs[] = {"id", "direction", NULL};
    static const char *const ctn_required[] = {"id", NULL};
    if (check_attrs(c, n, allowed, required) < 0 || check_children(c, n, kids) < 0)
        return -1;
    const char *src = aval(n, "src"), *dst = aval(n, "dst"), *sym = aval(n, "symmetrical");
    const char *ends[2] = {src, dst};
    for (int e = 0; e < 2; e++)
        if (q6_idmap_get(&c->points, ends[e]) < 0)
            return fail(c, n, "route from '%s' to '%s': %s '%s' is not a host or router declared above", src, dst,
                        e ? "dst" : "src", ends[e]);
    if (sym && !in_list(sym, sym_values))
        return fail(c, n, "route from '%s' to '%s': symmetrical: expected YES or NO, got '%s'", src, dst, sym);
    int symmetrical = !sym || !strcmp(sym, "YES") || !strcmp(sym, "yes");
    if (add_route_pair(c, n, src, dst, src, dst) < 0 ||
        (symmetrical && strcmp(src, dst) && add_route_pair(c, n, dst, src, src, dst) < 0))
        return -1;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (!is_elem(k, "link_ctn"))
            continue;
        if (check_attrs(c, k, ctn_attrs, ctn_required) < 0 || check_children(c, k, NULL) < 0)
            return -1;
        const char *id = aval(k, "id"), *dir = aval(k, "direction");
        int at = q6_idmap_get(&c->links, id);
        if (at < 0)
            return fail(c, k, "route from '%s' to '%s': link_ctn: no link '%s' declared above", src, dst, id);
        int updown = dir && (!strcmp(dir, "UP") || !strcmp(dir, "DOWN"));
        if (dir && !updown && strcmp(dir, "NONE"))
            return fail(c, k, "route from '%s' to '%s': link_ctn '%s': direction: expected UP, DOWN or NONE, got '%s'",
                        src, dst, id, dir);
        if (c->link[at].split && !updown)
            return fail(c, k, "route from '%s' to '%s': link_ctn '%s': a SPLITDUPLEX link needs direction=\"UP\" "
                              "or \"DOWN\"",
                        src, dst, id);
        if (!c->link[at].split && updown)
            return fail(c, k, "route from '%s' to '%s': link_ctn '%s': direction %s is only for SPLITDUPLEX links",
                        src, dst, id, dir);
    }
    return 0;
}

int q6_platform_check_xml(const char *file, const xmlNode *root, const xmlNode *zone, char *err, size_t errlen)
{
    static const char *const root_attrs[] = {"version", NULL};
    static const char *const zone_attrs[] = {"id", "routing", NULL};
    static const char *const zone_kids[] = {"host", "router", "link", "route", NULL};
    static const char *const router_attrs[] = {"id", NULL};
    checker c = {.file = file, .err = err, .errlen = errlen};
    int rc = -1;
    if (q6_idmap_init(&c.points) < 0 || q6_idmap_init(&c.links) < 0 || q6_idmap_init(&c.routes) < 0) {
        nomem(&c);
        goto done;
    }
    if (check_attrs(&c, root, root_attrs, root_attrs) < 0 || check_attrs(&c, zone, zone_attrs, zone_attrs) < 0)
        goto done;
    for (const xmlNode *n = zone->children; n; n = n->next) {
        if (is_elem(n, "cluster") || is_elem(n, "zone") || is_elem(n, "AS")) {
            fail(&c, n, "%s: nested zones and clusters are not supported inside the infrastructure zone; "
                        "declare hosts, routers and links with routes",
                 (const char *)n->name);
            goto done;
        }
    }
    if (check_children(&c, zone, zone_kids) < 0)
        goto done;
    for (const xmlNode *n = zone->children; n; n = n->next) {
        int r = 0;
        if (is_elem(n, "host"))
            r = check_host(&c, n);
        else if (is_elem(n, "router"))
            r = check_attrs(&c, n, router_attrs, router_attrs) < 0 || check_children(&c, n, NULL) < 0 ||
                        add_point(&c, n) < 0
                    ? -1
                    : 0;
        else if (is_elem(n, "link"))
            r = check_link(&c, n);
        else if (is_elem(n, "route"))
            r = check_route(&c, n);
        if (r < 0)
            goto done;
    }
    rc = 0;
done:
    q6_idmap_free(&c.points);
    q6_idmap_free(&c.links);
    q6_idmap_free(&c.routes);
    for (size_t k = 0; k < c.n_keys; k++)
        free(c.keys[k]);
    free(c.keys);
    free(c.link);
    return rc;
}
