/* test-km: Kaplan-Meier, Greenwood, intervals and quantiles against the
 * reference values of STATISTICS.md B.5 (R 4.2.2, survival 3.5.3). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "km.h"

#define TOL 1e-9
/* The CIs of B.5 are printed with 7 to 9 significant digits. */
#define TOL_CI 5e-7

/* A sample written as in R: a negative number is a censored time. */
static size_t
obs_from(struct km_obs *o, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o[i].t = fabs(v[i]);
        o[i].event = v[i] > 0;
    }
    return n;
}

/* aml, Maintained group: 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+
 * (given out of order, so km_fit must sort, putting 13 before 13+). */
static const double aml_m[] = {13, -13, 9, 18, 23, -28, 31, 34, -45, 48, -161};
static const double aml_n[] = {5, 5, 8, 8, 12, -16, 23, 27, 30, 33, 43, 45};
/* Toy waiting list, B.5. */
static const double toy[] = {5, 8, -8, 12, 15, 15, -20, 21, 30, -45};

static const struct km_step *
step_at(const struct km *km, double t)
{
    for (size_t i = 0; i < km->n; i++)
        if (km->s[i].t == t)
            return &km->s[i];
    return NULL;
}

static void
test_aml_curve(void)
{
    struct km_obs o[16];
    struct km km;
    km_fit(&km, o, obs_from(o, aml_m, 11), KM_CI_LOG, 0.95);
    static const struct {
        double t;
        size_t n_risk, n_event;
        double surv, se, lo, hi;
    } want[] = {
        {9, 11, 1, 0.909090909090909, 0.0953462589245592, 0.754133845, 1},
        {13, 10, 1, 0.818181818181818, 0.1421338109037403, 0.619248987, 1},
        {18, 8, 1, 0.715909090909091, 0.1950875779212071, 0.488426287, 1},
        {23, 7, 1, 0.613636363636364, 0.2487341690815455, 0.376867060,
         0.999157600},
        {31, 5, 1, 0.490909090909091, 0.3344677665615730, 0.254859951,
         0.945584955},
        {34, 4, 1, 0.368181818181818, 0.4418167269377883, 0.154877118,
         0.875260678},
        {48, 2, 1, 0.184090909090909, 0.8337877548885089, 0.035917898,
         0.943525769},
    };
    CHECK(km.n == 10); /* 7 event times and the censorings at 28, 45, 161 */
    CHECK(km.nobs == 11 && km.nevents == 7);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct km_step *s = step_at(&km, want[i].t);
        CHECK(s != NULL);
        if (!s)
            continue;
        CHECK(s->at_risk == want[i].n_risk);
        CHECK(s->events == want[i].n_event);
        CHECK_NEAR(s->surv, want[i].surv, TOL);
        CHECK_NEAR(s->se, want[i].se, TOL);
        CHECK_NEAR(s->lo, want[i].lo, TOL_CI);
        CHECK_NEAR(s->hi, want[i].hi, TOL_CI);
    }
    /* Events before censorings at equal times: 13 and 13+ share a step
     * where 10 are at risk, one ends, one is censored. */
    const struct km_step *s13 = step_at(&km, 13);
    CHECK(s13 && s13->censored == 1 && s13->events == 1);
    CHECK(step_at(&km, 28) && step_at(&km, 28)->at_risk == 6);
    km_free(&km);

    /* The other interval types at t = 9, 13, 18, 23. */
    static const double ll[][2] = {{0.5080802, 0.9866738},
                                   {0.4474286, 0.9511622},
                                   {0.3501904, 0.8990240},
                                   {0.2657520, 0.8352992}};
    static const double pl[][2] = {{0.7392043, 1},
                                   {0.5902551, 1},
                                   {0.4421708, 0.9896474},
                                   {0.3144825, 0.9127902}};
    static const double ts[] = {9, 13, 18, 23};
    struct km kl, kp;
    km_fit(&kl, o, obs_from(o, aml_m, 11), KM_CI_LOGLOG, 0.95);
    km_fit(&kp, o, obs_from(o, aml_m, 11), KM_CI_PLAIN, 0.95);
    for (size_t i = 0; i < 4; i++) {
        const struct km_step *a = step_at(&kl, ts[i]), *b = step_at(&kp, ts[i]);
        CHECK(a && b);
        if (!a || !b)
            continue;
        CHECK_NEAR(a->lo, ll[i][0], 1e-6);
        CHECK_NEAR(a->hi, ll[i][1], 1e-6);
        CHECK_NEAR(b->lo, pl[i][0], 1e-6);
        CHECK_NEAR(b->hi, pl[i][1], 1e-6);
    }
    km_free(&kl);
    km_free(&kp);
}

static void
test_aml_quantiles(void)
{
    struct km_obs o[32];
    struct km km;
    double p[] = {0.25, 0.5, 0.75}, q[3], lo[3], hi[3];

    /* Maintained: quartiles 18/31/48; median CI by type. */
    static const struct {
        enum km_ci ci;
        double lo, hi;
    } med[] = {
        {KM_CI_LOG, 18, NAN}, {KM_CI_LOGLOG, 13, NAN}, {KM_CI_PLAIN, 18, 48}};
    for (size_t i = 0; i < 3; i++) {
        km_fit(&km, o, obs_from(o, aml_m, 11), med[i].ci, 0.95);
        km_quantiles(&km, p, 3, q, lo, hi);
        CHECK_NEAR(q[0], 18, TOL);
        CHECK_NEAR(q[1], 31, TOL);
        CHECK_NEAR(q[2], 48, TOL);
        CHECK_NEAR(lo[1], med[i].lo, TOL);
        CHECK_NEAR(hi[1], med[i].hi, TOL);
        km_free(&km);
    }

    /* Nonmaintained: median 23 (8 - NA). */
    km_fit(&km, o, obs_from(o, aml_n, 12), KM_CI_LOG, 0.95);
    km_quantiles(&km, p + 1, 1, q, lo, hi);
    CHECK_NEAR(q[0], 23, TOL);
    CHECK_NEAR(lo[0], 8, TOL);
    CHECK(isnan(hi[0]));
    km_free(&km);

    /* Pooled aml: median 27 (18 - 45). */
    obs_from(o, aml_m, 11);
    obs_from(o + 11, aml_n, 12);
    km_fit(&km, o, 23, KM_CI_LOG, 0.95);
    km_quantiles(&km, p + 1, 1, q, lo, hi);
    CHECK_NEAR(q[0], 27, TOL);
    CHECK_NEAR(lo[0], 18, TOL);
    CHECK_NEAR(hi[0], 45, TOL);
    km_free(&km);
}

static void
test_toy(void)
{
    struct km_obs o[16];
    struct km km;
    km_fit(&km, o, obs_from(o, toy, 10), KM_CI_LOG, 0.95);
    static const double want[][2] = {
        {5, 0.9},
        {8, 0.8},
        {12, 0.685714285714286},
        {15, 0.457142857142857},
        {21, 0.304761904761905},
        {30, 0.152380952380952},
    };
    for (size_t i = 0; i < 6; i++) {
        const struct km_step *s = step_at(&km, want[i][0]);
        CHECK(s != NULL);
        if (s)
            CHECK_NEAR(s->surv, want[i][1], TOL);
    }
    CHECK_NEAR(step_at(&km, 15)->se, 0.363514589999985, TOL);
    /* 8 and 8+: one event with 9 at risk, the censored one still at risk. */
    CHECK(step_at(&km, 8)->at_risk == 9 && step_at(&km, 8)->censored == 1);

    double p[] = {0.5, 0.92}, q[2], lo[2], hi[2];
    km_quantiles(&km, p, 2, q, lo, hi);
    CHECK_NEAR(q[0], 15, TOL);
    CHECK_NEAR(lo[0], 12, TOL);
    CHECK(isnan(hi[0]));
    /* The 92nd percentile: S never reaches 0.08, so not estimable (not
     * the last time seen). */
    CHECK(isnan(q[1]));
    km_free(&km);

    static const struct {
        enum km_ci ci;
        double lo, hi;
    } med[] = {{KM_CI_LOGLOG, 5, 30}, {KM_CI_PLAIN, 12, 30}};
    for (size_t i = 0; i < 2; i++) {
        km_fit(&km, o, obs_from(o, toy, 10), med[i].ci, 0.95);
        km_quantiles(&km, p, 1, q, lo, hi);
        CHECK_NEAR(q[0], 15, TOL);
        CHECK_NEAR(lo[0], med[i].lo, TOL);
        CHECK_NEAR(hi[0], med[i].hi, TOL);
        km_free(&km);
    }
}

static void
test_flat_and_edges(void)
{
    struct km_obs o[8];
    struct km km;
    double p = 0.5, q, lo, hi;

    /* Times 1, 2, 3, 4, all events: S = 0.5 on [2, 3), median 2.5. */
    static const double four[] = {4, 3, 2, 1};
    km_fit(&km, o, obs_from(o, four, 4), KM_CI_LOG, 0.95);
    km_quantiles(&km, &p, 1, &q, NULL, NULL);
    CHECK_NEAR(q, 2.5, TOL);
    /* S = 0 at 4: no interval there (R gives NA). */
    CHECK(isnan(km.s[3].lo) && isnan(km.s[3].hi) && km.s[3].surv == 0);
    km_free(&km);

    /* 1 and 2+: the curve ends flat at exactly 0.5; R's rule takes the
     * midpoint of its start and the last observed time: 1.5. */
    static const double flat_end[] = {1, -2};
    km_fit(&km, o, obs_from(o, flat_end, 2), KM_CI_LOG, 0.95);
    km_quantiles(&km, &p, 1, &q, NULL, NULL);
    CHECK_NEAR(q, 1.5, TOL);
    km_free(&km);

    /* All censored: nothing reaches 0.5; S stays 1. */
    static const double cens[] = {-3, -5};
    km_fit(&km, o, obs_from(o, cens, 2), KM_CI_LOG, 0.95);
    km_quantiles(&km, &p, 1, &q, &lo, &hi);
    CHECK(isnan(q) && isnan(lo) && isnan(hi));
    CHECK(km_surv_at(&km, 4, &lo, &hi) == 1);
    CHECK(isnan(km_surv_at(&km, 6, &lo, &hi)));
    km_free(&km);

    /* No observations at all. */
    km_fit(&km, o, 0, KM_CI_LOG, 0.95);
    km_quantiles(&km, &p, 1, &q, &lo, &hi);
    CHECK(isnan(q) && isnan(lo) && isnan(hi));
    km_free(&km);
}

static void
test_surv_at(void)
{
    struct km_obs o[16];
    struct km km;
    double lo, hi;
    km_fit(&km, o, obs_from(o, aml_m, 11), KM_CI_LOG, 0.95);
    /* Before the first event: 1, with the interval 1 - 1 (se 0). */
    CHECK(km_surv_at(&km, 8, &lo, &hi) == 1 && lo == 1 && hi == 1);
    /* Right-continuous: S(18) includes the event at 18. */
    CHECK_NEAR(km_surv_at(&km, 18, &lo, &hi), 0.715909090909091, TOL);
    CHECK_NEAR(lo, 0.488426287, TOL_CI);
    CHECK_NEAR(km_surv_at(&km, 30, &lo, &hi), 0.613636363636364, TOL);
    CHECK_NEAR(hi, 0.999157600, TOL_CI);
    CHECK_NEAR(km_surv_at(&km, 161, &lo, &hi), 0.184090909090909, TOL);
    /* Beyond the last observed time S is unknown. */
    CHECK(isnan(km_surv_at(&km, 162, &lo, &hi)));
    km_free(&km);

    enum km_ci ci;
    CHECK(km_ci_parse("log", &ci) && ci == KM_CI_LOG);
    CHECK(km_ci_parse("log-log", &ci) && ci == KM_CI_LOGLOG);
    CHECK(km_ci_parse("plain", &ci) && ci == KM_CI_PLAIN);
    CHECK(!km_ci_parse("arcsin", &ci));
}

int
main(void)
{
    test_aml_curve();
    test_aml_quantiles();
    test_toy();
    test_flat_and_edges();
    test_surv_at();
    CHECK_DONE();
}
