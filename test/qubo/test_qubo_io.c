/* qbsolv and OR-Library bqp readers/writers: hand-read files, round trips,
 * and malformed files rejected with their line number and field. */
#include "solvers/qubo/qubo_io.h"
#include "test/check.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/q6_qubo_io_XXXXXX";

static char made[32][256];
static size_t num_made;

static const char *write_tmp(const char *name, const char *text)
{
    if (num_made == 32)
        return NULL;
    char *path = made[num_made++];
    snprintf(path, sizeof made[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

/* Expect rejection at `line` with `field` named in the message. */
static void expect_bad(q6_qubo_format fmt, const char *name, const char *text, size_t line, const char *field)
{
    q6_bqm m;
    q6_qubo_error err;
    const char *path = write_tmp(name, text);
    CHECK(path != NULL);
    int rc = q6_qubo_read_file(path, fmt, &m, &err);
    CHECK(rc == -EINVAL);
    CHECK(err.line == line);
    char where[300];
    snprintf(where, sizeof where, "%s:%zu:", path, line);
    CHECK(strstr(err.message, where) != NULL);
    CHECK(strstr(err.message, field) != NULL);
    if (rc != -EINVAL || err.line != line || !strstr(err.message, field))
        fprintf(stderr, "  got rc %d: %s\n", rc, err.message);
}

/* Same model: same variables, offset and merged terms, bit for bit. */
static int same_model(const q6_bqm *a, const q6_bqm *b)
{
    if (a->num_vars != b->num_vars || a->offset != b->offset || a->num_terms != b->num_terms)
        return 0;
    for (size_t i = 0; i < a->num_vars; i++)
        if (a->linear[i] != b->linear[i])
            return 0;
    for (size_t k = 0; k < a->num_terms; k++)
        if (a->terms[k].i != b->terms[k].i || a->terms[k].j != b->terms[k].j || a->terms[k].bias != b->terms[k].bias)
            return 0;
    return 1;
}

static void round_trip(q6_qubo_format fmt, const q6_bqm *m)
{
    char path[256];
    snprintf(path, sizeof path, "%s/rt_%s", tmpdir, q6_qubo_format_name(fmt));
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK((fmt == Q6_QUBO_FORMAT_QBSOLV ? q6_qubo_write_qbsolv(f, m) : q6_qubo_write_bqp(f, m)) == 0);
    fclose(f);
    q6_bqm r;
    q6_qubo_error err;
    CHECK(q6_qubo_read_file(path, Q6_QUBO_FORMAT_AUTO, &r, &err) == 0);
    CHECK(same_model(m, &r));
    q6_bqm_free(&r);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 99;
    q6_bqm m;
    q6_qubo_error err;

    /* qbsolv by hand: E(1,1,1,1) = 3.5 - 1 + 2 - 4 + 0.5 = 1.0 */
    const char *p = write_tmp("a.qubo", "c test\np qubo 0 4 2 3\n0 0 3.5\n2 2 -1\n\n0 1 2\n1 3 -4\n2 3 0.5\n");
    CHECK(q6_qubo_read_file(p, Q6_QUBO_FORMAT_AUTO, &m, &err) == 0);
    CHECK(m.num_vars == 4 && q6_bqm_num_couplers(&m) == 3);
    CHECK(m.linear[0] == 3.5 && m.linear[1] == 0.0 && m.linear[2] == -1.0);
    int8_t ones[4] = {1, 1, 1, 1};
    CHECK_NEAR(q6_bqm_energy(&m, ones), 1.0, 1e-12);
    q6_bqm_free(&m);

    /* bqp by hand, second problem of two: x^T Q x at (1,1) = 2*7 + 1 = 15 */
    p = write_tmp("b.txt", "2\n3 3\n1 1 5\n1 2 -2\n3 3 1\n2 2\n1 2 7\n2 2 1\n");
    CHECK(q6_qubo_read_bqp(p, 1, &m, &err) == 0);
    CHECK(m.num_vars == 2);
    CHECK_NEAR(q6_bqm_energy(&m, ones), 15.0, 1e-12);
    q6_bqm_free(&m);
    CHECK(q6_qubo_read_bqp(p, 0, &m, &err) == 0); /* 5 - 4 + 1 = 2 at (1,1,1) */
    CHECK(m.num_vars == 3);
    CHECK_NEAR(q6_bqm_energy(&m, ones), 2.0, 1e-12);
    q6_bqm_free(&m);
    CHECK(q6_qubo_read_bqp(p, 2, &m, &err) == -EINVAL);

    /* round trips: non-dyadic values, an offset (qbsolv only) */
    CHECK(q6_bqm_init(&m, 5, Q6_VARTYPE_BINARY) == 0);
    CHECK(q6_bqm_add_linear(&m, 0, 0.1) == 0 && q6_bqm_add_linear(&m, 4, -1.0 / 3.0) == 0);
    CHECK(q6_bqm_add_quadratic(&m, 0, 3, 2.0 / 7.0) == 0 && q6_bqm_add_quadratic(&m, 4, 1, -1e-300) == 0);
    CHECK(q6_bqm_add_quadratic(&m, 2, 3, 12345.678) == 0);
    CHECK(q6_bqm_compile(&m) == 0);
    round_trip(Q6_QUBO_FORMAT_BQP, &m);
    CHECK(q6_bqm_add_offset(&m, 0.7) == 0);
    round_trip(Q6_QUBO_FORMAT_QBSOLV, &m);
    FILE *devnull = fopen("/dev/null", "w");
    CHECK(q6_qubo_write_bqp(devnull, &m) == -EINVAL); /* bqp has no offset */
    fclose(devnull);
    q6_bqm_free(&m);

    /* malformed: line number and field in the message */
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "v.qubo", "p qubo 0 3 1 1\n0 0 1\n0 1 abc\n", 3, "'value'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "j.qubo", "c x\np qubo 0 3 0 1\n0 9 1\n", 3, "'j'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "low.qubo", "p qubo 0 3 0 1\n2 1 1\n", 2, "below the diagonal");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "cnt.qubo", "c\nc\np qubo 0 3 1 2\n0 0 1\n0 1 1\n", 3, "'nCouplers'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "nop.qubo", "c only\n0 0 1\n", 2, "before the 'p qubo'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "f.qubo", "p qubo 0 3 1 0\n0 0 1 5\n", 2, "expected 3 fields");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "nan.qubo", "p qubo 0 3 1 0\n0 0 nan\n", 2, "'value'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "p.qubo", "p qubo 0 -3 1 0\n", 1, "'maxNodes'");
    expect_bad(Q6_QUBO_FORMAT_BQP, "b1.txt", "1\n3 2\n1 1 5\n1 4 2\n", 4, "'j'");
    expect_bad(Q6_QUBO_FORMAT_BQP, "b2.txt", "3 2\n1 1 5\n", 2, "unexpected end of file");
    expect_bad(Q6_QUBO_FORMAT_BQP, "b3.txt", "1\n3 1\n1 x 5\n", 3, "'j'");
    /* Declared sizes beyond the documented maximum (2^24 variables) are
     * refused before anything is allocated for them (2^31 took 16.8 GB). */
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "huge.qubo", "c 54 bytes\np qubo 0 2147483648 0 0\n", 2, "'maxNodes'");
    expect_bad(Q6_QUBO_FORMAT_QBSOLV, "over.qubo", "p qubo 0 16777217 0 0\n", 1, "'maxNodes'");
    expect_bad(Q6_QUBO_FORMAT_BQP, "hugen.txt", "1\n2147483648 0\n", 2, "'n'");
    /* bqp: the problem count is checked, and no line is dropped unread. */
    expect_bad(Q6_QUBO_FORMAT_BQP, "count.txt", "3\n2 1\n1 1 5\n2 1\n2 2 1\n", 1, "'problem count'");
    expect_bad(Q6_QUBO_FORMAT_BQP, "past.txt", "1\n2 1\n1 1 5\n2 2 1\n", 4, "after the last of the 1 declared");
    expect_bad(Q6_QUBO_FORMAT_BQP, "extra.txt", "1\n2 1\n1 1 5\n2 1\n1 1 5\n", 4, "declared problems");
    expect_bad(Q6_QUBO_FORMAT_BQP, "single.txt", "2 1\n1 1 5\n1 2 3\n", 3, "nnz entries");
    {
        /* The file is valid as a whole only: problem 0 of a file whose
         * second problem is malformed is refused as well. */
        const char *bad2 = write_tmp("bad2.txt", "2\n2 1\n1 1 5\n2 1\n1 7 1\n");
        CHECK(q6_qubo_read_bqp(bad2, 0, &m, &err) == -EINVAL && err.line == 5);
    }

    /* missing file: errno code and the file named */
    CHECK(q6_qubo_read_file("/nonexistent/x.qubo", Q6_QUBO_FORMAT_AUTO, &m, &err) == -ENOENT);
    CHECK(strstr(err.message, "/nonexistent/x.qubo") != NULL);

    for (size_t k = 0; k < num_made; k++)
        unlink(made[k]);
    rmdir(tmpdir);
    return CHECK_DONE();
}
