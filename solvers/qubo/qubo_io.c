/* Readers and writers for the qbsolv .qubo and OR-Library bqp formats. */
#include "solvers/qubo/qubo_io.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 8

typedef struct {
    const char *path;
    FILE *f;
    char *buf;
    size_t cap;
    size_t line;
    char *field[MAX_FIELDS];
    size_t nfields;
    q6_qubo_error *err;
} reader;

static int fail(reader *r, const char *field, const char *fmt, ...)
{
    if (r->err) {
        r->err->line = r->line;
        char what[320];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        if (field)
            snprintf(r->err->message, sizeof r->err->message, "%s:%zu: field '%s': %s",
                     r->path, r->line, field, what);
        else if (r->line)
            snprintf(r->err->message, sizeof r->err->message, "%s:%zu: %s", r->path, r->line, what);
        else
            snprintf(r->err->message, sizeof r->err->message, "%s: %s", r->path, what);
    }
    return -EINVAL;
}

/* Next non-blank line split into whitespace fields; 1 got one, 0 EOF. */
static int next_line(reader *r)
{
    for (;;) {
        ssize_t len = getline(&r->buf, &r->cap, r->f);
        if (len < 0)
            return 0;
        r->line++;
        r->nfields = 0;
        char *save = NULL;
        for (char *tok = strtok_r(r->buf, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
            if (r->nfields == MAX_FIELDS)
                break;
            r->field[r->nfields++] = tok;
        }
        if (r->nfields)
            return 1;
    }
}

static int parse_index(reader *r, const char *tok, const char *name, size_t lo, size_t hi, size_t *out)
{
    char *end;
    errno = 0;
    if (!tok || *tok == '-' || *tok == '+')
        return fail(r, name, "expected an integer in [%zu, %zu], got '%s'", lo, hi, tok ? tok : "");
    unsigned long long v = strtoull(tok, &end, 10);
    if (errno || end == tok || *end || v < lo || v > hi)
        return fail(r, name, "expected an integer in [%zu, %zu], got '%s'", lo, hi, tok);
    *out = (size_t)v;
    return 0;
}

static int parse_value(reader *r, const char *tok, const char *name, double *out)
{
    char *end;
    errno = 0;
    double v = tok ? strtod(tok, &end) : NAN;
    if (!tok || errno || end == tok || *end || !isfinite(v))
        return fail(r, name, "expected a finite number, got '%s'", tok ? tok : "");
    *out = v;
    return 0;
}

static int expect_fields(reader *r, size_t n, const char *what)
{
    if (r->nfields != n)
        return fail(r, NULL, "expected %zu fields (%s), got %zu", n, what, r->nfields);
    return 0;
}

static int open_reader(reader *r, const char *path, q6_qubo_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path ? path : "(null)";
    r->err = err;
    if (err) {
        err->line = 0;
        err->message[0] = '\0';
    }
    if (!path)
        return fail(r, NULL, "no file name given");
    r->f = fopen(path, "r");
    if (!r->f) {
        int e = errno;
        fail(r, NULL, "cannot open: %s", strerror(e));
        return -e;
    }
    return 0;
}

static void close_reader(reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
}

static int nomem(reader *r)
{
    fail(r, NULL, "out of memory");
    return -ENOMEM;
}

static int read_qbsolv_body(reader *r, q6_bqm *bqm)
{
    size_t n = 0, want_nodes = 0, want_couplers = 0, nodes = 0, couplers = 0, p_line = 0;
    double offset = 0.0;
    int have_p = 0, rc;
    while (next_line(r)) {
        const char *f0 = r->field[0];
        if (f0[0] == 'c' && f0[1] == '\0') {
            if (r->nfields >= 3 && !strcmp(r->field[1], "q6-offset")) {
                if ((rc = parse_value(r, r->field[2], "offset", &offset)) != 0)
                    return rc;
            }
            continue;
        }
        if (!strcmp(f0, "p")) {
            if (have_p)
                return fail(r, NULL, "second 'p' line (first on line %zu)", p_line);
            if ((rc = expect_fields(r, 6, "p qubo topology maxNodes nNodes nCouplers")) != 0)
                return rc;
            if (strcmp(r->field[1], "qubo"))
                return fail(r, "problem type", "expected 'qubo', got '%s'", r->field[1]);
            if ((rc = parse_index(r, r->field[3], "maxNodes", 0, Q6_QUBO_FILE_MAX_VARS, &n)) ||
                (rc = parse_index(r, r->field[4], "nNodes", 0, n, &want_nodes)) ||
                (rc = parse_index(r, r->field[5], "nCouplers", 0, (size_t)-1 / 2, &want_couplers)))
                return rc;
            if ((rc = q6_bqm_init(bqm, n, Q6_VARTYPE_BINARY)) != 0)
                return nomem(r);
            have_p = 1;
            p_line = r->line;
            continue;
        }
        if (!have_p)
            return fail(r, NULL, "entry before the 'p qubo' line");
        if ((rc = expect_fields(r, 3, "i j value")) != 0)
            return rc;
        size_t i = 0, j = 0;
        double v = 0.0;
        if (!n)
            return fail(r, "i", "entry in a model with maxNodes 0");
        if ((rc = parse_index(r, r->field[0], "i", 0, n - 1, &i)) ||
            (rc = parse_index(r, r->field[1], "j", 0, n - 1, &j)) ||
            (rc = parse_value(r, r->field[2], "value", &v)))
            return rc;
        if (i > j)
            return fail(r, "j", "coupler %zu %zu is below the diagonal (need i < j)", i, j);
        if (i == j) {
            if (++nodes > want_nodes)
                return fail(r, NULL, "more diagonal entries than nNodes = %zu (line %zu)", want_nodes, p_line);
        } else if (++couplers > want_couplers) {
            return fail(r, NULL, "more couplers than nCouplers = %zu (line %zu)", want_couplers, p_line);
        }
        rc = i == j ? q6_bqm_add_linear(bqm, i, v) : q6_bqm_add_quadratic(bqm, i, j, v);
        if (rc)
            return nomem(r);
    }
    if (!have_p)
        return fail(r, NULL, "no 'p qubo' line");
    r->line = p_line;
    if (nodes != want_nodes)
        return fail(r, "nNodes", "declares %zu diagonal entries, file has %zu", want_nodes, nodes);
    if (couplers != want_couplers)
        return fail(r, "nCouplers", "declares %zu couplers, file has %zu", want_couplers, couplers);
    bqm->offset = offset;
    return q6_bqm_compile(bqm) ? nomem(r) : 0;
}

int q6_qubo_read_qbsolv(const char *path, q6_bqm *bqm, q6_qubo_error *err)
{
    reader r;
    if (!bqm)
        return -EINVAL;
    memset(bqm, 0, sizeof *bqm);
    int rc = open_reader(&r, path, err);
    if (!rc)
        rc = read_qbsolv_body(&r, bqm);
    if (rc)
        q6_bqm_free(bqm);
    close_reader(&r);
    return rc;
}

static int read_bqp_problem(reader *r, q6_bqm *bqm, int store)
{
    size_t n, nnz;
    int rc;
    if (!next_line(r))
        return fail(r, NULL, "unexpected end of file (expected 'n nnz')");
    if ((rc = expect_fields(r, 2, "n nnz")) || (rc = parse_index(r, r->field[0], "n", 1, Q6_QUBO_FILE_MAX_VARS, &n)) ||
        (rc = parse_index(r, r->field[1], "nnz", 0, (size_t)-1 / 2, &nnz)))
        return rc;
    if (store && q6_bqm_init(bqm, n, Q6_VARTYPE_BINARY))
        return nomem(r);
    for (size_t k = 0; k < nnz; k++) {
        size_t i = 0, j = 0;
        double v = 0.0;
        if (!next_line(r))
            return fail(r, NULL, "unexpected end of file after %zu of %zu entries", k, nnz);
        if ((rc = expect_fields(r, 3, "i j q_ij")) || (rc = parse_index(r, r->field[0], "i", 1, n, &i)) ||
            (rc = parse_index(r, r->field[1], "j", 1, n, &j)) || (rc = parse_value(r, r->field[2], "q_ij", &v)))
            return rc;
        if (!store)
            continue;
        /* symmetric matrix: an off-diagonal pair appears twice in x^T Q x */
        rc = i == j ? q6_bqm_add_linear(bqm, i - 1, v) : q6_bqm_add_quadratic(bqm, i - 1, j - 1, 2.0 * v);
        if (rc)
            return nomem(r);
    }
    return 0;
}

int q6_qubo_read_bqp(const char *path, size_t problem_index, q6_bqm *bqm, q6_qubo_error *err)
{
    reader r;
    if (!bqm)
        return -EINVAL;
    memset(bqm, 0, sizeof *bqm);
    int rc = open_reader(&r, path, err);
    if (rc) {
        close_reader(&r);
        return rc;
    }
    /* One leading field = problem count; two = a single problem's header. */
    size_t count = 1;
    long where = ftell(r.f);
    if (!next_line(&r)) {
        rc = fail(&r, NULL, "empty file");
    } else if (r.nfields == 1) {
        rc = parse_index(&r, r.field[0], "problem count", 1, (size_t)-1, &count);
    } else {
        rc = fseek(r.f, where, SEEK_SET) ? fail(&r, NULL, "cannot seek") : 0;
        r.line = 0;
    }
    int declared = r.line != 0; /* the file starts with a problem count */
    size_t count_line = r.line;
    if (!rc && declared && problem_index >= count)
        rc = fail(&r, "problem count", "file holds %zu problems, problem %zu asked", count, problem_index);
    if (!rc && !declared && problem_index > 0)
        rc = fail(&r, NULL, "file holds one problem (no problem-count line), problem %zu asked", problem_index);
    for (size_t p = 0; !rc && p <= problem_index; p++)
        rc = read_bqp_problem(&r, bqm, p == problem_index);
    /* The rest of the file must be the problems declared, nothing more:
     * each is parsed (not stored) so that no line is dropped unread. */
    for (size_t p = problem_index + 1; !rc && p < count; p++) {
        q6_bqm unused;
        rc = read_bqp_problem(&r, &unused, 0);
        if (rc && r.err && strstr(r.err->message, "unexpected end of file") && r.line && declared) {
            size_t at = r.line;
            r.line = count_line;
            rc = fail(&r, "problem count", "declares %zu problems, the file ends in problem %zu (line %zu)", count,
                      p + 1, at);
        }
    }
    if (!rc && next_line(&r))
        rc = fail(&r, NULL, declared ? "line after the last of the %zu declared problems (and its nnz entries)"
                                     : "line after the problem's nnz entries (a file with several problems starts "
                                       "with their count)",
                  count);
    if (!rc && q6_bqm_compile(bqm))
        rc = nomem(&r);
    if (rc)
        q6_bqm_free(bqm);
    close_reader(&r);
    return rc;
}

q6_qubo_format q6_qubo_detect_format(const char *path)
{
    reader r;
    q6_qubo_format format = Q6_QUBO_FORMAT_BQP;
    if (!open_reader(&r, path, NULL) && next_line(&r) &&
        (!strcmp(r.field[0], "c") || !strcmp(r.field[0], "p")))
        format = Q6_QUBO_FORMAT_QBSOLV;
    close_reader(&r);
    return format;
}

int q6_qubo_read_file(const char *path, q6_qubo_format format, q6_bqm *bqm, q6_qubo_error *err)
{
    if (format == Q6_QUBO_FORMAT_AUTO)
        format = q6_qubo_detect_format(path);
    if (format == Q6_QUBO_FORMAT_QBSOLV)
        return q6_qubo_read_qbsolv(path, bqm, err);
    if (format == Q6_QUBO_FORMAT_BQP)
        return q6_qubo_read_bqp(path, 0, bqm, err);
    return -EINVAL;
}

static int writable(const q6_bqm *bqm)
{
    return bqm && bqm->compiled && bqm->vartype == Q6_VARTYPE_BINARY;
}

int q6_qubo_write_qbsolv(FILE *out, const q6_bqm *bqm)
{
    if (!out || !writable(bqm))
        return -EINVAL;
    size_t nodes = 0;
    for (size_t i = 0; i < bqm->num_vars; i++)
        nodes += bqm->linear[i] != 0.0;
    fprintf(out, "c written by q6sim\n");
    if (bqm->offset != 0.0)
        fprintf(out, "c q6-offset %.17g\n", bqm->offset);
    fprintf(out, "p qubo 0 %zu %zu %zu\n", bqm->num_vars, nodes, bqm->num_terms);
    for (size_t i = 0; i < bqm->num_vars; i++)
        if (bqm->linear[i] != 0.0)
            fprintf(out, "%zu %zu %.17g\n", i, i, bqm->linear[i]);
    for (size_t k = 0; k < bqm->num_terms; k++)
        fprintf(out, "%u %u %.17g\n", bqm->terms[k].i, bqm->terms[k].j, bqm->terms[k].bias);
    return ferror(out) ? -EIO : 0;
}

int q6_qubo_write_bqp(FILE *out, const q6_bqm *bqm)
{
    if (!out || !writable(bqm) || bqm->offset != 0.0 || bqm->num_vars == 0)
        return -EINVAL;
    size_t nodes = 0;
    for (size_t i = 0; i < bqm->num_vars; i++)
        nodes += bqm->linear[i] != 0.0;
    fprintf(out, "1\n%zu %zu\n", bqm->num_vars, nodes + bqm->num_terms);
    for (size_t i = 0; i < bqm->num_vars; i++)
        if (bqm->linear[i] != 0.0)
            fprintf(out, "%zu %zu %.17g\n", i + 1, i + 1, bqm->linear[i]);
    for (size_t k = 0; k < bqm->num_terms; k++)
        fprintf(out, "%u %u %.17g\n", bqm->terms[k].i + 1, bqm->terms[k].j + 1, bqm->terms[k].bias / 2.0);
    return ferror(out) ? -EIO : 0;
}

const char *q6_qubo_format_name(q6_qubo_format format)
{
    switch (format) {
    case Q6_QUBO_FORMAT_QBSOLV: return "qbsolv";
    case Q6_QUBO_FORMAT_BQP: return "bqp";
    default: return "auto";
    }
}
