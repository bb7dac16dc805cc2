/* The JSON writer (sim/json_write.c): every expected text below is written
 * out by hand from RFC 8259 (escapes, no NaN/Infinity literals) and the
 * layout rules of json_write.h. */
#include "sim/base/json_write.h"
#include "test/check.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Runs fn on a memory stream and compares the text with want. */
static int writes(void (*fn)(q6_jw *), const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    q6_jw j;
    q6_jw_init(&j, f);
    fn(&j);
    fclose(f);
    int ok = strcmp(buf, want) == 0;
    if (!ok)
        fprintf(stderr, "wrote <%s>\nwant  <%s>\n", buf, want);
    free(buf);
    return ok;
}

static void escapes(q6_jw *j)
{
    /* quote, backslash, newline, tab, CR, BS, FF, 0x01, 0x1f, DEL */
    q6_jw_string(j, "a\"b\\c\nd\te\rf\bg\fh\x01i\x1fj\x7fk");
}

static void utf8(q6_jw *j)
{
    /* valid 2-, 3- and 4-byte sequences pass through; a lone continuation
     * byte, a truncated sequence, an overlong '/' (C0 AF) and a UTF-16
     * surrogate (ED A0 80) are each replaced by U+FFFD per byte. */
    q6_jw_string(j, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x9a\x97|\x80|\xe2\x82|\xc0\xaf|\xed\xa0\x80");
}

static void numbers(q6_jw *j)
{
    q6_jw_begin_array(j, 1);
    q6_jw_number(j, NAN);
    q6_jw_number(j, INFINITY);
    q6_jw_number(j, -INFINITY);
    q6_jw_number(j, -0.0);
    q6_jw_number(j, 0.1);
    q6_jw_number(j, 1e300);
    q6_jw_int(j, -3);
    q6_jw_uint(j, 18446744073709551615ULL);
    q6_jw_bool(j, 1);
    q6_jw_null(j);
    q6_jw_end_array(j);
}

static void nesting(q6_jw *j)
{
    q6_jw_begin_object(j, 0);
    q6_jw_kstring(j, "k\"ey", "v");
    q6_jw_key(j, "inner");
    q6_jw_begin_object(j, 1);
    q6_jw_knumber(j, "x", 1.5);
    q6_jw_key(j, "empty");
    q6_jw_begin_array(j, 1);
    q6_jw_end_array(j);
    q6_jw_end_object(j);
    q6_jw_key(j, "rows");
    q6_jw_begin_array(j, 0);
    q6_jw_uint(j, 1);
    q6_jw_uint(j, 2);
    q6_jw_end_array(j);
    q6_jw_key(j, "none");
    q6_jw_begin_object(j, 0);
    q6_jw_end_object(j);
    q6_jw_end_object(j);
}

/* 40 nested inline arrays. */
static void deep(q6_jw *j)
{
    for (int i = 0; i < 40; i++)
        q6_jw_begin_array(j, 1);
    q6_jw_int(j, 7);
    for (int i = 0; i < 40; i++)
        q6_jw_end_array(j);
}

static void digits9(q6_jw *j)
{
    j->digits = 9;
    q6_jw_number(j, 1.0 / 3.0);
}

int main(void)
{
    CHECK(writes(escapes, "\"a\\\"b\\\\c\\nd\\te\\rf\\bg\\fh\\u0001i\\u001fj\\u007fk\""));
    CHECK(writes(utf8, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x9a\x97|\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd|"
                       "\\ufffd\\ufffd\\ufffd\""));
    CHECK(writes(numbers, "[null, null, null, 0, 0.10000000000000001, 1.0000000000000001e+300, -3, "
                          "18446744073709551615, true, null]"));
    CHECK(writes(nesting, "{\n  \"k\\\"ey\": \"v\",\n  \"inner\": {\"x\": 1.5, \"empty\": []},\n"
                          "  \"rows\": [\n    1,\n    2\n  ],\n  \"none\": {}\n}"));
    CHECK(writes(digits9, "0.333333333"));
    char want[128] = "";
    for (int i = 0; i < 40; i++)
        strcat(want, "[");
    strcat(want, "7");
    for (int i = 0; i < 40; i++)
        strcat(want, "]");
    CHECK(writes(deep, want));
    /* Past Q6_JW_MAX_DEPTH the writer stops rather than write bad JSON. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    q6_jw j;
    q6_jw_init(&j, f);
    for (int i = 0; i < Q6_JW_MAX_DEPTH + 1; i++)
        q6_jw_begin_array(&j, 1);
    q6_jw_int(&j, 1);
    fclose(f);
    CHECK(j.too_deep && len == Q6_JW_MAX_DEPTH);
    free(buf);
    return CHECK_DONE();
}
