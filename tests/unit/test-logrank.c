/* Unit tests for logrank and km_rmst against R's survival package: the aml
 * data of STATISTICS.md B.5 and the 60 generated cases of
 * survival-cases.h (tests/r/survival-cases.R: survdiff, plain and
 * stratified, and print(survfit, rmean = tau)). */
#include <config.h>

#include <stdlib.h>

#include "km.h"
#include "logrank.h"

#include "check.h"
#include "survival-cases.h"

#define TOL 1e-10

/* survival::aml: Maintained (group 0) and Nonmaintained (group 1). */
static void
test_aml(void)
{
    static const double t[] = {9,  13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                               5,  5,  8,  8,  12, 16, 23, 27, 30, 33, 43, 45};
    static const int e[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                            1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
    struct lr_obs obs[23];
    for (size_t i = 0; i < 23; i++)
        obs[i] = (struct lr_obs){t[i], e[i], i >= 11, 0};
    struct logrank lr;
    logrank_test(obs, 23, 2, &lr);
    /* R: survdiff(Surv(time, status) ~ x, aml). */
    CHECK_NEAR(lr.observed[0], 7, TOL);
    CHECK_NEAR(lr.expected[0], 10.6893359923007, 1e-12);
    CHECK_NEAR(lr.expected[1], 7.31066400769928, 1e-12);
    CHECK_NEAR(lr.chisq, 3.39638869898, 1e-10);
    CHECK_NEAR(lr.df, 1, 0);
    CHECK_NEAR(lr.p, 0.06533932204, 1e-10);
    logrank_free(&lr);

    /* B.5: rmean 52.6454545 (se 19.8286) with the upper limit 161. */
    struct km_obs ko[11];
    for (size_t i = 0; i < 11; i++)
        ko[i] = (struct km_obs){t[i], e[i]};
    struct km km;
    km_fit(&km, ko, 11, KM_CI_LOG, 0.95);
    double m, se;
    km_rmst(&km, 161, &m, &se);
    CHECK_NEAR(m, 52.6454545454545, 1e-12);
    CHECK_NEAR(se, 19.82860279556, 1e-11);
    /* A horizon before the first wait: the mean is the horizon, se 0. */
    km_rmst(&km, 5, &m, &se);
    CHECK_NEAR(m, 5, 0);
    CHECK_NEAR(se, 0, 0);
    km_free(&km);
}

static void
test_cases(void)
{
    size_t nc = sizeof surv_cases / sizeof surv_cases[0];
    CHECK(nc >= 50);
    for (size_t c = 0; c < nc; c++) {
        const struct surv_case *sc = &surv_cases[c];
        struct lr_obs *obs = calloc(sc->n, sizeof *obs);
        struct km_obs *ko = calloc(sc->n, sizeof *ko);
        for (size_t i = 0; i < sc->n; i++)
            obs[i] = (struct lr_obs){sc->t[i], sc->event[i],
                                     (size_t)sc->group[i],
                                     (size_t)sc->stratum[i]};
        struct logrank lr;
        logrank_test(obs, sc->n, sc->ngroups, &lr);
        for (size_t g = 0; g < sc->ngroups; g++) {
            CHECK_NEAR(lr.observed[g], sc->observed[g], TOL);
            CHECK_NEAR(lr.expected[g], sc->expected[g], TOL);
        }
        CHECK_NEAR(lr.chisq, sc->chisq, TOL);
        CHECK_NEAR(lr.df, sc->df, 0);
        CHECK_NEAR(lr.p, sc->p, TOL);
        logrank_free(&lr);
        for (size_t g = 0; g < sc->ngroups; g++) {
            size_t n = 0;
            for (size_t i = 0; i < sc->n; i++)
                if ((size_t)sc->group[i] == g)
                    ko[n++] = (struct km_obs){sc->t[i], sc->event[i]};
            struct km km;
            km_fit(&km, ko, n, KM_CI_LOG, 0.95);
            double m, se;
            km_rmst(&km, sc->tau, &m, &se);
            CHECK_NEAR(m, sc->rmean[g], TOL);
            CHECK_NEAR(se, sc->rse[g], TOL);
            km_free(&km);
        }
        free(obs);
        free(ko);
    }
}

int
main(void)
{
    test_aml();
    test_cases();
    CHECK_DONE();
}
