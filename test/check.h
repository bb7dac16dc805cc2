/* Minimal assertion helpers for q6sim tests: each failed check prints its
 * location; a test program exits non-zero when any check failed. */
#ifndef Q6_TEST_CHECK_H
#define Q6_TEST_CHECK_H
#include <math.h>
#include <stdio.h>

static int q6_check_failures;
static int q6_check_count;

#define CHECK(cond)                                                              \
    do {                                                                         \
        q6_check_count++;                                                        \
        if (!(cond)) {                                                           \
            q6_check_failures++;                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                    \
    do {                                                                         \
        double q6_a_ = (a), q6_b_ = (b), q6_t_ = (tol);                          \
        q6_check_count++;                                                        \
        if (!(fabs(q6_a_ - q6_b_) <= q6_t_)) {                                   \
            q6_check_failures++;                                                 \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g, tol %g\n", \
                    __FILE__, __LINE__, #a, q6_a_, #b, q6_b_, q6_t_);            \
        }                                                                        \
    } while (0)

/* Relative tolerance check: |a-b| <= rel * max(|a|,|b|). */
#define CHECK_REL(a, b, rel)                                                     \
    do {                                                                         \
        double q6_a_ = (a), q6_b_ = (b);                                         \
        double q6_m_ = fmax(fabs(q6_a_), fabs(q6_b_));                           \
        q6_check_count++;                                                        \
        if (!(fabs(q6_a_ - q6_b_) <= (rel) * q6_m_)) {                           \
            q6_check_failures++;                                                 \
            fprintf(stderr, "%s:%d: CHECK_REL failed: %s = %.17g, %s = %.17g, rel %g\n", \
                    __FILE__, __LINE__, #a, q6_a_, #b, q6_b_, (double)(rel));    \
        }                                                                        \
    } while (0)

#define CHECK_DONE()                                                             \
    (fprintf(stderr, "%d checks, %d failed\n", q6_check_count, q6_check_failures), \
     q6_check_failures ? 1 : 0)

#endif
