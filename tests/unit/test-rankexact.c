/* Unit tests for rankexact and the p-value choice of corr_estimate against
 * R's cor.test (default exact = NULL) on permutations of n = 3 .. 12, 15,
 * 20, 30 and 49 (exact-cases.h, from tests/r/exact-cases.R), and the
 * Hollander-Wolfe values of STATISTICS.md B.7 and B.8. */
#include <config.h>

#include "corr.h"
#include "rankexact.h"

#include "check.h"
#include "exact-cases.h"

static void
test_cases(void)
{
    struct corr_work wk = {0};
    double x[49];
    for (size_t i = 0; i < 49; i++)
        x[i] = (double)(i + 1);
    size_t nc = sizeof exact_cases / sizeof exact_cases[0];
    CHECK(nc > 250);
    for (size_t c = 0; c < nc; c++) {
        const struct exact_case *ec = &exact_cases[c];
        struct corr_data d = {ec->n, x, ec->y, NULL, NULL, 0, false};
        struct corr_est e;
        corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
        CHECK_NEAR(e.p, ec->p_spearman, 1e-12);
        CHECK(e.pm == (ec->n <= 9 ? CORR_P_EXACT : CORR_P_EDGEWORTH));
        corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
        CHECK_NEAR(e.p, ec->p_kendall, 1e-12);
        CHECK(e.pm == CORR_P_EXACT);
    }
    corr_work_free(&wk);
}

static void
test_choice(void)
{
    /* B.7/B.8 (Hollander and Wolfe): exact Kendall two-sided
     * 0.119438932980600; exact Spearman one-sided 0.0483989197530864. */
    static const double hx[] = {44.4, 45.9, 41.9, 53.3, 44.7,
                                44.1, 50.7, 45.2, 60.1};
    static const double hy[] = {2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8};
    struct corr_work wk = {0};
    struct corr_data d = {9, hx, hy, NULL, NULL, 0, false};
    struct corr_est e;
    corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.p, 0.119438932980600, 1e-12);
    corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.p, 2 * 0.0483989197530864, 1e-12);
    /* With ties the approximations, as R (B.7, B.8). */
    static const double tx[] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7};
    static const double ty[] = {2, 1, 3, 3, 5, 4, 6, 6, 8, 7};
    d = (struct corr_data){10, tx, ty, NULL, NULL, 0, false};
    corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
    CHECK(e.pm == CORR_P_T);
    CHECK_NEAR(e.p, 5.95022070769685e-05, 1e-12);
    corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
    CHECK(e.pm == CORR_P_NORMAL);
    CHECK_NEAR(e.p, 0.00130419186293635, 1e-12);
    /* Pearson is always t. */
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK(e.pm == CORR_P_T);
    corr_work_free(&wk);
    /* Kendall's null distribution: P[T <= 0] = 1/n!, P[T <= max] = 1. */
    CHECK_NEAR(rankexact_kendall_cdf(0, 5), 1.0 / 120, 1e-15);
    CHECK_NEAR(rankexact_kendall_cdf(10, 5), 1, 1e-15);
    CHECK(isnan(rankexact_kendall_p(3, 50)));
}

int
main(void)
{
    test_cases();
    test_choice();
    CHECK_DONE();
}
