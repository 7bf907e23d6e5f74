/* Unit tests for suppress: primary and complementary suppression on small
 * tables worked out by hand (the rule is in suppress.h). */
#include <config.h>

#include <stdbool.h>

#include "suppress.h"

#include "check.h"

int
main(void)
{
    bool h[8];

    /* One dimension (teams) within one period: team B (3) is below 5, the
     * smallest other team, D (6), is hidden with it. */
    static const size_t k1[] = {0, 9, 1, 9, 2, 9, 3, 9};
    static const size_t c1[] = {10, 3, 12, 6};
    CHECK(suppress_cells(4, 2, 1, k1, c1, 5, h) == 1);
    CHECK(!h[0] && h[1] && !h[2] && h[3]);

    /* Two hidden teams already protect each other. */
    static const size_t c2[] = {10, 3, 12, 4};
    CHECK(suppress_cells(4, 2, 1, k1, c2, 5, h) == 0);
    CHECK(!h[0] && h[1] && !h[2] && h[3]);

    /* The period (second key) is never summed over: team 0 in two periods,
     * one of them small, is one cell per line. */
    static const size_t k3[] = {0, 1, 0, 2};
    static const size_t c3[] = {3, 20};
    CHECK(suppress_cells(2, 2, 1, k3, c3, 5, h) == 0);
    CHECK(h[0] && !h[1]);

    /* A team with no respondents has nothing to protect. */
    static const size_t c4[] = {10, 0, 12, 6};
    CHECK(suppress_cells(4, 2, 1, k1, c4, 5, h) == 0);
    CHECK(!h[0] && h[1] && !h[2] && !h[3]);

    /* unit x item x period: A,B,C (0,1,2) x q1,q2 (0,1); A/q2 has 3.
     * Along units for q2: A/q2 alone hidden, so C/q2 (6, smaller than B/q2
     * 9) goes; along items for unit A: A/q1 goes; for unit C: C/q1 goes.
     * Then every line holds 0 or 2 hidden cells. */
    static const size_t k5[] = {0, 0, 7, 0, 1, 7, 1, 0, 7,
                                1, 1, 7, 2, 0, 7, 2, 1, 7};
    static const size_t c5[] = {10, 3, 8, 9, 12, 6};
    CHECK(suppress_cells(6, 3, 2, k5, c5, 5, h) == 3);
    CHECK(h[0] && h[1] && !h[2] && !h[3] && h[4] && h[5]);

    /* No dimension to vary (no -g): only primary suppression. */
    CHECK(suppress_cells(2, 2, 0, k3, c3, 5, h) == 0);
    CHECK(h[0] && !h[1]);
    CHECK_DONE();
}
