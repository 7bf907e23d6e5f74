/* check.h: the few assertions the library's unit tests use. Each failed
 * check prints file, line and values, and the test exits with status 1. */
#ifndef CX_CHECK_H
#define CX_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                          \
    do {                                                                     \
        check_count++;                                                       \
        if (!(cond)) {                                                       \
            check_failures++;                                                \
            printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                    \
    } while (0)

#define CHECK_STR(got, want)                                                 \
    do {                                                                     \
        const char *g_ = (got), *w_ = (want);                                \
        check_count++;                                                       \
        if (strcmp(g_, w_) != 0) {                                           \
            check_failures++;                                                \
            printf("%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, g_,   \
                   w_);                                                      \
        }                                                                    \
    } while (0)

/* Relative tolerance, absolute near zero; NaN matches only NaN. */
#define CHECK_NEAR(got, want, tol)                                           \
    do {                                                                     \
        double g_ = (got), w_ = (want);                                      \
        double s_ = fabs(w_) > 1 ? fabs(w_) : 1;                             \
        check_count++;                                                       \
        if (!((isnan(g_) && isnan(w_)) || fabs(g_ - w_) <= (tol) * s_)) {    \
            check_failures++;                                                \
            printf("%s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__,    \
                   #got, g_, w_);                                            \
        }                                                                    \
    } while (0)

#define CHECK_DONE()                                                         \
    do {                                                                     \
        printf("%d checks, %d failed\n", check_count, check_failures);       \
        return check_failures ? 1 : 0;                                       \
    } while (0)

#endif
