/* Unit tests for funnel. Reference values: Spiegelhalter's interpolated
 * binomial limits and the winsorised phi from R (tests/cx-funnel/check.R,
 * qbinom/pbinom and quantile type 7) and python3 (tests/cx-funnel/ref.py,
 * math.comb), which agree to 1e-15; the rest by hand, as noted. */
#include <config.h>

#include <stdlib.h>

#include "funnel.h"

#include "check.h"

#define TOL 1e-12

static void
test_binom_limit(void)
{
    /* check.R: p0 0.1, n 10: F(0) = 0.349 >= 0.025 gives r = 0 and a
     * negative limit, clipped to 0. */
    CHECK_NEAR(funnel_binom_limit(0.1, 10, 0.025), 0, TOL);
    CHECK_NEAR(funnel_binom_limit(0.1, 10, 0.975), 0.278735659796248, TOL);
    CHECK_NEAR(funnel_binom_limit(0.1, 10, 0.999), 0.442669526277209, TOL);
    CHECK_NEAR(funnel_binom_limit(0.5, 20, 0.025), 0.255823529411765, TOL);
    CHECK_NEAR(funnel_binom_limit(0.5, 20, 0.975), 0.694176470588235, TOL);
    CHECK_NEAR(funnel_binom_limit(0.5, 20, 0.001), 0.136735789473684, TOL);
    CHECK_NEAR(funnel_binom_limit(0.5, 20, 0.999), 0.813264210526316, TOL);
    CHECK_NEAR(funnel_binom_limit(0.3, 200, 0.025), 0.235030537068657, TOL);
    CHECK_NEAR(funnel_binom_limit(0.3, 200, 0.975), 0.362040775349205, TOL);
    CHECK_NEAR(funnel_binom_limit(0.3, 200, 0.001), 0.200523260210929, TOL);
    CHECK_NEAR(funnel_binom_limit(0.3, 200, 0.999), 0.400105406228201, TOL);
}

static void
test_phi(void)
{
    /* Deciles -1.15 and 2.11 (R type 7); mean of squares 1.40146. */
    double z[] = {-2.5, -1.0, -0.3, 0.0, 0.4, 0.9, 1.3, 2.0, 3.1, -0.7};
    CHECK_NEAR(funnel_phi(z, 10), 1.40146, TOL);
    double one[] = {2};
    CHECK_NEAR(funnel_phi(one, 1), 4, TOL);
}

/* Two units of 50 with 20 and 30 successes: p0 = 0.5, s = sqrt(0.25/50) =
 * 0.0707107, z = -/+ sqrt(2); the type 7 deciles are -/+ 0.8 sqrt(2), so
 * the winsorised z are -/+ 0.8 sqrt(2) and phi = 1.28; I phi = 2.56
 * against chi-square(1): p = 0.109598583399116 (R: pchisq(2.56, 1, lower =
 * FALSE)), not significant, so auto applies none; tau2 = (2.56 - 1) / (sum
 * w - sum w^2 / sum w) = 1.56 / (400 - 200) = 0.0078. */
static void
test_fit_counts(void)
{
    struct funnel_unit u[3] = {
        {.y = 20, .n = 50}, {.y = 30, .n = 50}, {.y = NAN, .n = 10}};
    struct funnel_fit f = {
        .kind = FUNNEL_BINOMIAL, .requested = FUNNEL_OD_AUTO, .exact = true};
    CHECK(funnel_fit(&f, u, 3, false));
    CHECK(f.units == 2);
    CHECK_NEAR(f.target, 0.5, TOL);
    CHECK_NEAR(f.phi, 1.28, TOL);
    CHECK_NEAR(f.chisq_p, 0.109598583399116, 1e-10);
    CHECK_NEAR(f.tau2, 0.0078, TOL);
    CHECK(f.method == FUNNEL_OD_NONE);
    f.requested = FUNNEL_OD_ADDITIVE;
    funnel_fit(&f, u, 3, false);
    CHECK(f.method == FUNNEL_OD_ADDITIVE);
    funnel_assess(&f, u, 3);
    /* Additive: 0.5 -/+ 1.959964 sqrt(0.005 + 0.0078). */
    double e = sqrt(0.0128);
    CHECK_NEAR(u[0].lo95, 0.5 - 1.959963984540054 * e, 1e-12);
    CHECK_NEAR(u[0].hi998, 0.5 + 3.090232306167813 * e, 1e-12);
    CHECK_NEAR(u[0].z, -0.1 / e, 1e-12);
    CHECK(isnan(u[2].value) && isnan(u[2].lo95));

    f.requested = FUNNEL_OD_MULTIPLICATIVE;
    funnel_fit(&f, u, 3, false);
    CHECK(f.method == FUNNEL_OD_MULTIPLICATIVE);
    funnel_assess(&f, u, 3);
    /* sqrt(0.005 x 1.28) = 0.08. */
    CHECK_NEAR(u[1].hi95, 0.5 + 1.959963984540054 * 0.08, 1e-12);
    CHECK_NEAR(u[1].z, 1.25, 1e-12);

    /* None: exact limits at n = 50 (the interpolated binomial). */
    f.requested = FUNNEL_OD_NONE;
    funnel_fit(&f, u, 3, false);
    funnel_assess(&f, u, 3);
    CHECK_NEAR(u[0].lo95, funnel_binom_limit(0.5, 50, 0.025), TOL);
    CHECK_NEAR(u[0].z, -0.1 / sqrt(0.005), 1e-12);
    /* Normal limits. */
    f.exact = false;
    funnel_assess(&f, u, 3);
    CHECK_NEAR(u[0].lo95, 0.5 - 1.959963984540054 * sqrt(0.005), 1e-12);
}

/* Means with standard errors: weights 1/s^2 = 100, 25, 4 give the target
 * (100 10 + 25 12 + 4 9) / 129 = 1336/129; no overdispersion requested. */
static void
test_fit_normal(void)
{
    struct funnel_unit u[3] = {{.y = 10, .s = 0.1, .n = 100},
                               {.y = 12, .s = 0.2, .n = 25},
                               {.y = 9, .s = 0.5, .n = 4}};
    struct funnel_fit f = {
        .kind = FUNNEL_NORMAL, .requested = FUNNEL_OD_NONE, .sigma = NAN};
    funnel_fit(&f, u, 3, false);
    CHECK_NEAR(f.target, 1336.0 / 129, TOL);
    funnel_assess(&f, u, 3);
    CHECK_NEAR(u[1].hi95, 1336.0 / 129 + 1.959963984540054 * 0.2, 1e-12);
    CHECK_NEAR(u[2].z, (9 - 1336.0 / 129) / 0.5, 1e-12);
    /* The curve at precision 25 without sigma: s = 1/sqrt(25). */
    double l95, h95, l998, h998;
    funnel_limits(&f, 25, NAN, &l95, &h95, &l998, &h998);
    CHECK_NEAR(h95, 1336.0 / 129 + 1.959963984540054 * 0.2, 1e-12);
    /* A given target. */
    f.target = 11;
    funnel_fit(&f, u, 3, true);
    CHECK_NEAR(f.target, 11, TOL);
}

int
main(void)
{
    test_binom_limit();
    test_phi();
    test_fit_counts();
    test_fit_normal();
    CHECK_DONE();
}
