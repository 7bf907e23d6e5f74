/* Unit tests for corr against STATISTICS.md B.6, B.7, B.8 and python3's
 * statistics module (values computed once by hand-written python, quoted
 * beside each table). */
#include <config.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

#include "corr.h"

#include "check.h"

#define TOL 1e-10

/* Hollander and Wolfe 1973 p. 187, R's ?cor.test data (B.6). */
static const double hw_x[] = {44.4, 45.9, 41.9, 53.3, 44.7,
                              44.1, 50.7, 45.2, 60.1};
static const double hw_y[] = {2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8};
/* The ties example of B.7 and B.8. */
static const double tie_x[] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7};
static const double tie_y[] = {2, 1, 3, 3, 5, 4, 6, 6, 8, 7};

struct want {
    enum corr_method m;
    const double *x, *y;
    size_t n;
    double r, lo, hi, p;
};

/* Every estimate, interval and p-value the sources give. */
static void
test_table(void)
{
    static const struct want w[] = {
        /* B.6 [R]+[GSL]: r, Fisher z CI, t-test p. */
        {CORR_PEARSON, hw_x, hw_y, 9, 0.571181557563829, -0.149742633036757,
         0.895579461838739, 0.108173054349494},
        /* B.7 [R]: Pearson on the ties data. */
        {CORR_PEARSON, tie_x, tie_y, 10, 0.913057286414980, 0.666715846017022,
         0.979553239181251, 0.000224835218557698},
        /* B.7 [R]+[GSL]: rho with average ranks, t-approximation p; the
         * interval is Fisher z with the Bonett-Wright se, from python:
         * tanh(atanh(r) -+ 1.959963984540054*sqrt((1+r*r/2)/(n-3))). */
        {CORR_SPEARMAN, tie_x, tie_y, 10, 0.938120959995470, 0.6821794445241514,
         0.9892673031669499, 5.95022070769685e-05},
        /* B.7: Hollander-Wolfe without ties, rho 0.6: R's default exact
         * p, twice the one-sided AS 89 0.0483989197530864. */
        {CORR_SPEARMAN, hw_x, hw_y, 9, 0.6, -0.17424406977828497,
         0.9157978790133389, 2 * 0.0483989197530864},
        /* B.8 [R]: tau-b with ties, tie-corrected variance, normal p; the
         * interval Fisher z with the Fieller se sqrt(0.437/(n-4)) (python). */
        {CORR_KENDALL, tie_x, tie_y, 10, 0.833569639401697, 0.5854882961709358,
         0.9388985360698847, 0.00130419186293635},
        /* B.8: Hollander-Wolfe without ties: R's default exact p. */
        {CORR_KENDALL, hw_x, hw_y, 9, 0.444444444444444, -0.10132909957581748,
         0.7845858117719934, 0.119438932980600},
    };
    struct corr_work wk = {0};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        struct corr_data d = {w[i].n, w[i].x, w[i].y, NULL, NULL, 0, false};
        struct corr_est e;
        corr_estimate(w[i].m, &d, 0.95, &e, &wk);
        CHECK_NEAR(e.r, w[i].r, TOL);
        CHECK_NEAR(e.lo, w[i].lo, TOL);
        CHECK_NEAR(e.hi, w[i].hi, TOL);
        CHECK_NEAR(e.p, w[i].p, 1e-9);
    }
    corr_work_free(&wk);
}

/* The intermediate figures the sources print. */
static void
test_details(void)
{
    struct corr_work wk = {0};
    struct corr_est e;
    struct corr_data d = {9, hw_x, hw_y, NULL, NULL, 0, false};
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.stat, 1.841082638115338, TOL); /* B.6 t */

    d = (struct corr_data){10, tie_x, tie_y, NULL, NULL, 0, false};
    corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.stat, 7.661990513776612, TOL); /* B.7 t */

    struct kendall k;
    corr_kendall(tie_x, tie_y, 10, &k); /* B.8 */
    CHECK_NEAR(k.nc, 37, 0);
    CHECK_NEAR(k.nd, 2, 0);
    CHECK_NEAR(k.s, 35, 0);
    CHECK_NEAR(k.var, 118.511111111111, TOL);
    corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.stat, 3.215055759465304, TOL);
    corr_kendall(hw_x, hw_y, 9, &k); /* B.8: T = n_c = 26 */
    CHECK_NEAR(k.nc, 26, 0);
    d = (struct corr_data){9, hw_x, hw_y, NULL, NULL, 0, false};
    corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.stat, 1.668115312456599, TOL);

    /* B.6: r = 0.5, n = 30. */
    corr_test_t(0.5, 30, 0, false, 0.95, &e);
    CHECK_NEAR(e.lo, 0.170431365111800, TOL);
    CHECK_NEAR(e.hi, 0.728958556388355, TOL);

    /* B.7: the ranks with ties. */
    static const double want_rx[] = {1, 2.5, 2.5, 4, 6, 6, 6, 8, 9, 10};
    static const double want_ry[] = {2, 1, 3.5, 3.5, 6, 5, 7.5, 7.5, 10, 9};
    double r[10];
    size_t idx[10];
    corr_ranks(tie_x, 10, r, idx);
    for (size_t i = 0; i < 10; i++)
        CHECK_NEAR(r[i], want_rx[i], 0);
    corr_ranks(tie_y, 10, r, idx);
    for (size_t i = 0; i < 10; i++)
        CHECK_NEAR(r[i], want_ry[i], 0);
    corr_work_free(&wk);
}

/* Too few pairs, constant measures, perfect lines. */
static void
test_edges(void)
{
    struct corr_work wk = {0};
    struct corr_est e;
    static const double x3[] = {1, 2, 3}, y3[] = {2, 1, 4};
    static const double c3[] = {5, 5, 5};
    for (int m = CORR_PEARSON; m <= CORR_KENDALL; m++) {
        struct corr_data d = {2, x3, y3, NULL, NULL, 0, false};
        corr_estimate(m, &d, 0.95, &e, &wk);
        CHECK(isnan(e.r) && isnan(e.p)); /* fewer than 3: nothing */
        d.n = 3;
        corr_estimate(m, &d, 0.95, &e, &wk);
        CHECK(!isnan(e.r) && !isnan(e.p)); /* 3: estimate and p */
        CHECK(isnan(e.lo) && isnan(e.hi)); /* but no interval */
        d.y = c3;
        corr_estimate(m, &d, 0.95, &e, &wk);
        CHECK(isnan(e.r) && isnan(e.p)); /* constant y */
    }
    /* A perfect line: r = 1, a zero-width interval, p = 0 from the t test;
     * Spearman and Kendall without ties take the exact p: the identity is
     * one of 6! orderings, two-sided 2/720. */
    static const double lx[] = {1, 2, 3, 4, 5, 6}, ly[] = {5, 7, 9, 11, 13, 15};
    for (int m = CORR_PEARSON; m <= CORR_KENDALL; m++) {
        struct corr_data d = {6, lx, ly, NULL, NULL, 0, false};
        corr_estimate(m, &d, 0.95, &e, &wk);
        CHECK_NEAR(e.r, 1, 0);
        CHECK_NEAR(e.p, m == CORR_PEARSON ? 0 : 2.0 / 720, 1e-12);
        CHECK_NEAR(e.lo, 1, 0);
        CHECK_NEAR(e.hi, 1, 0);
    }
    struct corr_data d = {6, lx, ly, NULL, NULL, 0, false};
    struct corr_reg rg = {0};
    corr_regression(&d, 0.95, &rg);
    CHECK_NEAR(rg.slope, 2, 1e-15);
    CHECK_NEAR(rg.intercept, 3, 1e-15);
    CHECK_NEAR(rg.slope_lo, 2, 1e-15);
    CHECK_NEAR(rg.slope_hi, 2, 1e-15);
    CHECK_NEAR(rg.r2, 1, 1e-15);
    corr_work_free(&wk);
}

/* A large constant offset in both measures changes nothing. */
static void
test_offset(void)
{
    struct corr_work wk = {0};
    double ox[9], oy[9], w[9];
    for (size_t i = 0; i < 9; i++) {
        ox[i] = hw_x[i] + 10000000.1;
        oy[i] = hw_y[i] + 10000000.1;
        w[i] = 1;
    }
    struct corr_est e;
    struct corr_data d = {9, ox, oy, NULL, NULL, 0, false};
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.571181557563829, 1e-9);
    d.w = w;
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.571181557563829, 1e-9);
    struct corr_reg rg = {0};
    corr_regression(&d, 0.95, &rg);
    CHECK_NEAR(rg.slope, 0.09718095394872218, 1e-8);
    /* Covariates: residuals are computed on centred columns. */
    static const double z[] = {3, 1, 4, 1, 5, 9, 2, 6, 5};
    double oz[9];
    for (size_t i = 0; i < 9; i++)
        oz[i] = z[i] + 10000000.1;
    d = (struct corr_data){9, ox, oy, NULL, oz, 1, false};
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.549674581495783, 1e-8);
    corr_work_free(&wk);
}

/* Weights, covariates and regression, against python3 (statistics module
 * and the textbook formulas written out): see the comment of each. */
static void
test_weighted_partial(void)
{
    static const double w[] = {10, 20, 5, 8, 12, 30, 7, 9, 4};
    static const double z[] = {3, 1, 4, 1, 5, 9, 2, 6, 5};
    struct corr_work wk = {0};
    struct corr_est e;
    struct corr_reg rg = {0};
    /* Weighted Pearson: sums of w(x-mx)(y-my) around weighted means. */
    struct corr_data d = {9, hw_x, hw_y, w, NULL, 0, false};
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.5161726663819343, TOL);
    /* Weighted least squares, slope se from the weighted residual
     * variance chisq/(n-2); t(7, 0.975) = 2.364624251592785. */
    corr_regression(&d, 0.95, &rg);
    CHECK_NEAR(rg.slope, 0.10389244659919565, TOL);
    CHECK_NEAR(rg.intercept, -1.1843329048012503, TOL);
    CHECK_NEAR(rg.slope_lo,
               0.10389244659919565 - 2.364624251592785 * 0.06515676027395624,
               1e-9);
    CHECK_NEAR(rg.r2, 0.2664342215198354, TOL);
    /* Unweighted regression: statistics.linear_regression; r2 = r^2. */
    d.w = NULL;
    corr_regression(&d, 0.95, &rg);
    CHECK_NEAR(rg.slope, 0.09718095394872218, TOL);
    CHECK_NEAR(rg.intercept, -1.024107164903906, TOL);
    CHECK_NEAR(rg.slope_hi,
               0.09718095394872218 + 2.364624251592785 * 0.052784677850312815,
               1e-9);
    CHECK_NEAR(rg.r2, 0.3262483717010414, TOL);
    /* Partial r with one covariate: (rxy - rxz ryz) /
     * sqrt((1-rxz^2)(1-ryz^2)); df n-3, t 1.6117504278717159, Fisher z
     * se 1/sqrt(n-4). */
    d = (struct corr_data){9, hw_x, hw_y, NULL, z, 1, false};
    corr_estimate(CORR_PEARSON, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.549674581495783, TOL);
    CHECK_NEAR(e.stat, 1.6117504278717159, TOL);
    CHECK_NEAR(e.p, 2 * gsl_cdf_tdist_Q(1.6117504278717159, 6), TOL);
    CHECK_NEAR(e.lo, -0.25299276692264505, TOL);
    CHECK_NEAR(e.hi, 0.9041379829797556, TOL);
    /* Partial Spearman: the same formula on average ranks. */
    corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
    CHECK_NEAR(e.r, 0.5978131686935871, TOL);
    /* Kendall has no partial form here. */
    corr_estimate(CORR_KENDALL, &d, 0.95, &e, &wk);
    CHECK(isnan(e.r));
    /* A covariate that is x itself (shifted and scaled): nothing is left
     * of x, so there is no partial correlation; the regression, in R's
     * order y ~ x + z, leaves z out as aliased and gives the plain slope
     * (python3 statistics.linear_regression). */
    double zx[9];
    for (size_t i = 0; i < 9; i++)
        zx[i] = 2 * hw_x[i] + 1;
    struct corr_data dc = {9, hw_x, hw_y, NULL, zx, 1, false};
    corr_estimate(CORR_PEARSON, &dc, 0.95, &e, &wk);
    CHECK(isnan(e.r));
    corr_estimate(CORR_SPEARMAN, &dc, 0.95, &e, &wk);
    CHECK(isnan(e.r));
    corr_regression(&dc, 0.95, &rg);
    CHECK_NEAR(rg.slope, 0.09718095394872218, TOL);
    CHECK(rg.naliased == 1);
    /* Regression with the covariate: x's coefficient
     * (ryx - ryz rxz)/(1 - rxz^2) sy/sx, intercept my - bx mx - bz mz,
     * R^2 = (ryx^2 + ryz^2 - 2 ryx ryz rxz)/(1 - rxz^2), se = bx / t of the
     * partial correlation, t(6, 0.975) = 2.446911851144969 (python3). */
    corr_regression(&d, 0.95, &rg);
    CHECK_NEAR(rg.slope, 0.09395595604147375, TOL);
    CHECK_NEAR(rg.intercept, -0.7441816155050406, TOL);
    CHECK_NEAR(rg.r2, 0.33271600519785266, TOL);
    CHECK_NEAR(rg.slope_lo, -0.04868519878490887, 1e-9);
    CHECK_NEAR(rg.slope_hi, 0.23659711086785637, 1e-9);
    corr_work_free(&wk);
}

/* Knight's algorithm against the O(n^2) definition on random data with
 * many ties; the prepared statistic against the direct estimate. */
static void
test_kendall_random(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    struct corr_work wk = {0};
    for (int rep = 0; rep < 50; rep++) {
        size_t n = 3 + gsl_rng_uniform_int(rng, 60);
        double x[64], y[64];
        for (size_t i = 0; i < n; i++) {
            x[i] = (double)gsl_rng_uniform_int(rng, 6);
            y[i] = (double)gsl_rng_uniform_int(rng, 8) + 0.5 * x[i];
        }
        double nc = 0, nd = 0, n1 = 0, n2 = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double s = (x[i] - x[j]) * (y[i] - y[j]);
                nc += s > 0;
                nd += s < 0;
                n1 += x[i] == x[j];
                n2 += y[i] == y[j];
            }
        double n0 = (double)n * (double)(n - 1) / 2;
        double tau = (nc - nd) / sqrt((n0 - n1) * (n0 - n2));
        struct kendall k;
        corr_kendall(x, y, n, &k);
        CHECK_NEAR(k.nc, nc, 0);
        CHECK_NEAR(k.nd, nd, 0);
        CHECK_NEAR(k.tau, tau, 1e-12);
        struct corr_data d = {n, x, y, NULL, NULL, 0, false};
        struct corr_est e;
        double *xt, *yt;
        corr_estimate(CORR_SPEARMAN, &d, 0.95, &e, &wk);
        corr_prepare(CORR_SPEARMAN, &d, &wk, &xt, &yt);
        CHECK_NEAR(corr_prepared_stat(CORR_SPEARMAN, xt, yt, NULL, n), e.r,
                   1e-12);
    }
    corr_work_free(&wk);
    gsl_rng_free(rng);
}

int
main(void)
{
    test_table();
    test_details();
    test_edges();
    test_offset();
    test_weighted_partial();
    test_kendall_random();
    CHECK_DONE();
}
