/* Unit tests for spc: the XmR example of STATISTICS.md B.14 (by hand),
 * Montgomery's p-chart Example 7.1 (orange juice cans, 30 samples of 50;
 * the book prints pbar 0.2313, UCL 0.4102, LCL 0.0524, samples 15 and 23
 * beyond), and each rule on a series built to trigger it or just not. */
#include <config.h>

#include <stdlib.h>

#include "spc.h"

#include "check.h"

#define TOL 1e-12
#define MAXP 64

static struct spc_params par;
static struct spc_point pts[MAXP];

/* Fills pts with values (NaN missing), all in phase 1 and the baseline. */
static void
load(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pts[i] = (struct spc_point){
            .value = v[i], .n = 1, .phase = 1, .baseline = true};
}

static void
xmr(const double *v, size_t n)
{
    spc_params_init(&par);
    load(v, n);
    spc_limits(&par, pts, n);
    spc_rules(&par, pts, n);
}

/* B.14: x = 5 7 6 9 8, mean 7, MR 2 1 3 1, MRbar 1.75, limits 7 -/+ 4.655. */
static void
test_b14(void)
{
    static const double v[] = {5, 7, 6, 9, 8};
    xmr(v, 5);
    for (size_t i = 0; i < 5; i++) {
        CHECK_NEAR(pts[i].centre, 7, TOL);
        CHECK_NEAR(pts[i].lcl, 2.345, TOL);
        CHECK_NEAR(pts[i].ucl, 11.655, TOL);
        /* (2/3) 2.66 1.75 = 3.10333... */
        CHECK_NEAR(pts[i].lcl2, 7 - 2.66 * 1.75 * 2 / 3, TOL);
        CHECK_NEAR(pts[i].ucl2, 7 + 2.66 * 1.75 * 2 / 3, TOL);
        CHECK(pts[i].used);
        CHECK(!pts[i].beyond && !pts[i].run && !pts[i].trend &&
              !pts[i].two_of_three);
    }
    CHECK(isnan(pts[0].mr));
    CHECK_NEAR(pts[1].mr, 2, TOL);
    CHECK_NEAR(pts[2].mr, 1, TOL);
    CHECK_NEAR(pts[3].mr, 3, TOL);
    CHECK_NEAR(pts[4].mr, 1, TOL);
}

/* A missing value is skipped: the moving range bridges it. */
static void
test_missing(void)
{
    static const double v[] = {5, 7, NAN, 6, 9, 8};
    xmr(v, 6);
    CHECK_NEAR(pts[0].centre, 7, TOL);
    CHECK_NEAR(pts[0].ucl, 11.655, TOL);
    CHECK(isnan(pts[2].mr));
    CHECK(!pts[2].used);
    CHECK_NEAR(pts[3].mr, 1, TOL);
}

/* Baseline: the first 3 points give mean 6, MRbar 1.5; later points are
 * judged against those limits (6 -/+ 3.99). */
static void
test_baseline(void)
{
    static const double v[] = {5, 7, 6, 12, 8};
    spc_params_init(&par);
    load(v, 5);
    pts[3].baseline = pts[4].baseline = false;
    spc_limits(&par, pts, 5);
    spc_rules(&par, pts, 5);
    CHECK_NEAR(pts[4].centre, 6, TOL);
    CHECK_NEAR(pts[4].ucl, 6 + 2.66 * 1.5, TOL);
    CHECK(pts[3].beyond == 1);
    CHECK(!pts[3].used);
    CHECK(pts[4].beyond == 0);
}

/* Phases: each has its own centre; a run does not cross phases. */
static void
test_phases(void)
{
    static const double v[] = {1, 2, 1, 2, 10, 11, 10, 11};
    spc_params_init(&par);
    load(v, 8);
    for (size_t i = 4; i < 8; i++)
        pts[i].phase = 2;
    spc_limits(&par, pts, 8);
    CHECK_NEAR(pts[0].centre, 1.5, TOL);
    CHECK_NEAR(pts[7].centre, 10.5, TOL);
    CHECK(isnan(pts[4].mr));
    CHECK_NEAR(pts[5].mr, 1, TOL);
    /* One baseline value: a centre, no limits. */
    spc_params_init(&par);
    load(v, 2);
    pts[1].baseline = false;
    spc_limits(&par, pts, 2);
    CHECK_NEAR(pts[1].centre, 1, TOL);
    CHECK(isnan(pts[1].ucl));
}

/* Montgomery, Introduction to Statistical Quality Control, Example 7.1. */
static void
test_montgomery_p(void)
{
    static const int d[] = {12, 15, 8,  10, 4,  7,  16, 9,  14, 10,
                            5,  6,  17, 12, 22, 8,  10, 5,  13, 11,
                            20, 18, 24, 15, 9,  12, 7,  13, 9,  6};
    spc_params_init(&par);
    par.chart = SPC_P;
    for (size_t i = 0; i < 30; i++)
        pts[i] = (struct spc_point){
            .value = d[i] / 50.0, .n = 50, .phase = 1, .baseline = true};
    spc_limits(&par, pts, 30);
    spc_rules(&par, pts, 30);
    /* 347 / 1500 and 3 sqrt(pbar (1 - pbar) / 50), python3. */
    CHECK_NEAR(pts[0].centre, 347.0 / 1500, TOL);
    CHECK_NEAR(pts[0].ucl, 0.41023911859473844, 1e-12);
    CHECK_NEAR(pts[0].lcl, 0.05242754807192823, 1e-12);
    CHECK_NEAR(pts[0].ucl2, 0.35060385684093676, 1e-12);
    CHECK_NEAR(pts[0].lcl2, 0.11206280982572993, 1e-12);
    for (size_t i = 0; i < 30; i++)
        CHECK(pts[i].beyond == ((i == 14 || i == 22) ? 1 : 0));
}

/* p-chart limits are clamped to [0, 1] and vary with n. */
static void
test_p_clamp(void)
{
    spc_params_init(&par);
    par.chart = SPC_P;
    pts[0] =
        (struct spc_point){.value = 0.1, .n = 4, .phase = 1, .baseline = true};
    pts[1] = (struct spc_point){
        .value = 0.1, .n = 100, .phase = 1, .baseline = true};
    pts[2] =
        (struct spc_point){.value = 0.5, .n = 0, .phase = 1, .baseline = true};
    spc_limits(&par, pts, 3);
    CHECK_NEAR(pts[0].centre, 0.1, TOL);
    CHECK_NEAR(pts[0].lcl, 0, TOL);
    CHECK_NEAR(pts[0].ucl, 0.1 + 3 * sqrt(0.09 / 4), TOL);
    CHECK_NEAR(pts[1].lcl, 0.01, TOL);
    CHECK_NEAR(pts[1].ucl, 0.19, TOL);
    CHECK(!pts[2].used);
    CHECK(isnan(pts[2].ucl));
}

/* Run: 7 below the centre are flagged, 6 are not; a point on the centre
 * breaks a run. Values chosen so the centre is exactly 0 (symmetric). */
static void
test_run(void)
{
    static const double v7[] = {-1, -1, -1, -1, -1, -1, -1,
                                1,  1,  1,  1,  1,  1,  1};
    xmr(v7, 14);
    CHECK_NEAR(pts[0].centre, 0, TOL);
    for (size_t i = 0; i < 14; i++) {
        CHECK(pts[i].run == (i < 7 ? -1 : 1));
        CHECK(pts[i].run_len == 7);
    }
    static const double v6[] = {-1, -1, -1, 0, -1, -1, -1, 1, 1, 1, 1, 1, 1};
    xmr(v6, 13);
    CHECK_NEAR(pts[0].centre, 0, TOL);
    for (size_t i = 0; i < 13; i++)
        CHECK(pts[i].run == 0);
    /* --run-length 6 flags the six above. */
    spc_params_init(&par);
    par.run_min = 6;
    load(v6, 13);
    spc_limits(&par, pts, 13);
    spc_rules(&par, pts, 13);
    for (size_t i = 0; i < 13; i++)
        CHECK(pts[i].run == (i >= 7 ? 1 : 0));
}

/* Trend: 7 rising points flag, a repeated value breaks the trend, and the
 * turning point of a rise and a fall belongs to the later trend. */
static void
test_trend(void)
{
    static const double up7[] = {1, 2, 3, 4, 5, 6, 7};
    xmr(up7, 7);
    for (size_t i = 0; i < 7; i++) {
        CHECK(pts[i].trend == 1);
        CHECK(pts[i].trend_len == 7);
    }
    static const double rep[] = {1, 2, 3, 3, 4, 5, 6, 7};
    xmr(rep, 8);
    for (size_t i = 0; i < 8; i++)
        CHECK(pts[i].trend == 0);
    static const double peak[] = {1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1};
    xmr(peak, 13);
    for (size_t i = 0; i < 13; i++)
        CHECK(pts[i].trend == (i < 6 ? 1 : -1));
    CHECK(pts[6].trend_len == 7);
    static const double six[] = {6, 5, 4, 3, 2, 1};
    xmr(six, 6);
    for (size_t i = 0; i < 6; i++)
        CHECK(pts[i].trend == 0);
}

/* Two of three beyond two sigma: baseline 10 10 10 10 12 8 (mean 10, MR 0
 * 0 0 2 4, MRbar 1.2, two-sigma 10 -/+ 2.128, limits 10 -/+ 3.192), then
 * 12.5 11 12.5: two of three above 12.128, the middle one not flagged. */
static void
test_two_of_three(void)
{
    static const double v[] = {10, 10, 10, 10, 12, 8, 12.5, 11, 12.5, 9};
    spc_params_init(&par);
    load(v, 10);
    for (size_t i = 6; i < 10; i++)
        pts[i].baseline = false;
    spc_limits(&par, pts, 10);
    spc_rules(&par, pts, 10);
    CHECK_NEAR(pts[0].ucl2, 10 + 2.66 * 1.2 * 2 / 3, TOL);
    for (size_t i = 0; i < 10; i++)
        CHECK(pts[i].two_of_three == ((i == 6 || i == 8) ? 1 : 0));
    CHECK(pts[6].two_len == 2);
    CHECK(pts[6].beyond == 0);
    const char *rule;
    CHECK(spc_signal(&pts[8], &rule) == 1);
    CHECK_STR(rule, "two_of_three");
    CHECK(spc_signal(&pts[7], &rule) == 0);
    CHECK_STR(rule, "");
}

/* Screening: the moving range 20 (above 3.267 MRbar) leaves MRbar. */
static void
test_screen(void)
{
    static const double v[] = {1, 2, 1, 2, 1, 2, 22, 21, 22, 21};
    /* MR: 1 1 1 1 1 20 1 1 1 -> MRbar 28/9 = 3.111; 20 > 10.16: screened,
     * MRbar 8/8 = 1. Mean 95/10 = 9.5. */
    spc_params_init(&par);
    par.screen_mr = true;
    load(v, 10);
    spc_limits(&par, pts, 10);
    CHECK_NEAR(pts[0].centre, 9.5, TOL);
    CHECK_NEAR(pts[0].ucl, 9.5 + 2.66, TOL);
    xmr(v, 10);
    CHECK_NEAR(pts[0].ucl, 9.5 + 2.66 * 28 / 9, TOL);
}

int
main(void)
{
    test_b14();
    test_missing();
    test_baseline();
    test_phases();
    test_montgomery_p();
    test_p_clamp();
    test_run();
    test_trend();
    test_two_of_three();
    test_screen();
    CHECK_DONE();
}
