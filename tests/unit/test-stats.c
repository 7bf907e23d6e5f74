/* Unit tests for stats: quantiles, the t interval, Wilson, Welch and the
 * two-proportion test. Expected values: STATISTICS.md B.2 and B.4 [R], and
 * python3's statistics module (NormalDist) where noted. */
#include <config.h>

#include <math.h>

#include "stats.h"

#include "check.h"

int
main(void)
{
    /* Quantiles: B.2 gives z for 95 %; B.4 gives t_{9,0.975};
     * NormalDist().inv_cdf(0.95) and (0.995) [py] for 90 % and 99 %. */
    CHECK_NEAR(stats_z(0.95), 1.959963984540054, 1e-12);
    CHECK_NEAR(stats_z(0.90), 1.6448536269514715, 1e-12);
    CHECK_NEAR(stats_z(0.99), 2.5758293035489, 1e-12);
    CHECK_NEAR(stats_t(0.95, 9), 2.262157162798204, 1e-10);
    CHECK(isnan(stats_t(0.95, 0)));

    /* Two-sided t p-values with relative accuracy in the far tail (issue
     * 12 defect 2): R 4.2 2*pt(-|t|, df), tests/r/defects.R; B.6's p. */
    CHECK(fabs(stats_t_p2(20, 98) / 2.2781693677341171e-36 - 1) < 1e-12);
    CHECK(fabs(stats_t_p2(-1e5, 3) / 2.2053155808932506e-15 - 1) < 1e-12);
    CHECK_NEAR(stats_t_p2(1.841082638115338, 7), 0.10817305434949379, 1e-13);
    CHECK_NEAR(stats_t_p2(0, 7), 1, 1e-15);
    CHECK(stats_t_p2(INFINITY, 7) == 0);
    CHECK(isnan(stats_t_p2(1, 0)));
    {
        /* Welch from summaries (means 4.1, 3.2; sds 0.5, 0.6; n 400 each):
         * R's t.test formulas and 2*pt, tests/r/defects.R. */
        double t, df, p;
        CHECK(stats_welch(4.1, 0.5, 400, 3.2, 0.6, 400, &t, &df, &p));
        CHECK_NEAR(t, 23.046638387921263, 1e-12);
        CHECK_NEAR(df, 772.86777719937515, 1e-12);
        CHECK(fabs(p / 7.2926817507743686e-90 - 1) < 1e-11);
    }

    {
        /* Continuity-corrected Wilson (R's prop.test) and Clopper-Pearson
         * (R's binom.test), 95 %: STATISTICS.md B.2's rows and more, all
         * digits from R 4.2.2 (tests/r/box-ci.R). */
        static const double b2[][6] = {
        {81, 263, 0.25350868229518525, 0.36817620104300364, 0.25273674558527121, 0.3676219226013514},
        {15, 148, 0.059778208428498125, 0.16444977936483696, 0.057844010083448555, 0.16165049034947898},
        {0, 20, 0, 0.20045334501348699, 0, 0.16843347098308536},
        {1, 29, 0.0018026402132796672, 0.19628175100975948, 0.0008726468835799228, 0.17764429548872285},
        {29, 29, 0.85438352442042664, 1, 0.88055513093049731, 1},
        {7, 50, 0.062770089526210382, 0.27356376220752482, 0.058191700340372111, 0.26739600249700846},
        {42, 50, 0.70339463296802007, 0.92362044281417377, 0.70887369340488915, 0.92829923281671389},
        {5, 10, 0.23659309051256402, 0.76340690948743595, 0.18708602844739858, 0.81291397155260148},
        {10, 20, 0.2992980081982124, 0.70070199180178772, 0.27195784956079183, 0.72804215043920817},
        {3, 7, 0.11808301126155255, 0.79762830639351456, 0.09898827844250789, 0.81594843235991699},
        };
        double z = stats_z(0.95), lo, hi;
        for (size_t i = 0; i < sizeof b2 / sizeof b2[0]; i++) {
            CHECK(stats_wilson_cc(b2[i][0], b2[i][1], z, &lo, &hi));
            CHECK_NEAR(lo, b2[i][2], 1e-13);
            CHECK_NEAR(hi, b2[i][3], 1e-13);
            CHECK(stats_clopper_pearson(b2[i][0], b2[i][1], 0.95, &lo, &hi));
            CHECK_NEAR(lo, b2[i][4], 1e-11);
            CHECK_NEAR(hi, b2[i][5], 1e-11);
        }
        CHECK(!stats_wilson_cc(0, 0, z, &lo, &hi) && isnan(lo));
        CHECK(!stats_clopper_pearson(0, 0, 0.95, &lo, &hi) && isnan(hi));
    }

    /* B.4: the t interval of the sleep data, group 1. */
    double lo, hi;
    CHECK(stats_mean_ci(10, 0.75, 1.78900965775916, 0.95, &lo, &hi));
    CHECK_NEAR(lo, -0.529780413526232, 1e-10);
    CHECK_NEAR(hi, 2.029780413526232, 1e-10);
    CHECK(!stats_mean_ci(1, 3, NAN, 0.95, &lo, &hi));
    CHECK(isnan(lo) && isnan(hi));

    /* B.2: every row of the Wilson column, 0/20 clamped to 0, 29/29 to 1. */
    static const struct {
        double x, n, lo, hi;
    } wilson[] = {
        {81, 263, 0.2552885199, 0.3662095770},
        {15, 148, 0.0623863995, 0.1604872417},
        {0, 20, 0, 0.1611251581},
        {1, 29, 0.0061132143, 0.1717552188},
        {29, 29, 0.8830302015, 1},
        {7, 50, 0.0695083343, 0.2618619371},
        {42, 50, 0.7148578394, 0.9166257932},
    };
    double z = stats_z(0.95);
    for (size_t i = 0; i < sizeof wilson / sizeof *wilson; i++) {
        CHECK(stats_wilson(wilson[i].x, wilson[i].n, z, &lo, &hi));
        CHECK_NEAR(lo, wilson[i].lo, 1e-9);
        CHECK_NEAR(hi, wilson[i].hi, 1e-9);
    }
    stats_wilson(0, 20, z, &lo, &hi);
    CHECK(lo == 0);
    stats_wilson(29, 29, z, &lo, &hi);
    CHECK(hi == 1);
    CHECK(!stats_wilson(0, 0, z, &lo, &hi));
    CHECK(isnan(lo) && isnan(hi));

    /* Welch on the sleep data (group 1 vs group 2): t and df from python3's
     * statistics (mean, stdev) by the formula, p by numerical integration
     * of the t density in python3 (R prints t = -1.8608, df = 17.776,
     * p-value = 0.07939). */
    double t, df, p;
    CHECK(stats_welch(0.75, 1.7890096577591625, 10, 2.33, 2.002248735796829, 10,
                      &t, &df, &p));
    CHECK_NEAR(t, -1.860813467486853, 1e-10);
    CHECK_NEAR(df, 17.776473516178488, 1e-10);
    CHECK_NEAR(p, 0.07939414018735846, 1e-8);
    CHECK(!stats_welch(1, 0, 5, 1, 0, 5, &t, &df, &p)); /* both sd 0 */
    CHECK(!stats_welch(1, 1, 1, 1, 1, 5, &t, &df, &p)); /* n < 2 */
    CHECK(isnan(p));

    /* Two-proportion z-test, pooled: z by hand, p = math.erfc(|z|/sqrt(2))
     * [py] (NormalDist().cdf loses digits this far out). */
    static const struct {
        double x1, n1, x2, n2, z, p;
    } prop[] = {
        {81, 263, 15, 148, 4.752688538523141, 2.007294420236505e-06},
        {42, 50, 7, 50, 7.001400420140048, 2.5341651980309975e-12},
        {29, 29, 0, 20, 7.0, 2.55962508777167e-12},
    };
    for (size_t i = 0; i < sizeof prop / sizeof *prop; i++) {
        CHECK(stats_two_prop(prop[i].x1, prop[i].n1, prop[i].x2, prop[i].n2, &z,
                             &p));
        CHECK_NEAR(z, prop[i].z, 1e-10);
        CHECK_NEAR(p / prop[i].p, 1, 1e-8);
    }
    CHECK(!stats_two_prop(5, 5, 3, 3, &z, &p)); /* pooled share 1 */
    CHECK(!stats_two_prop(0, 0, 3, 3, &z, &p));
    CHECK_DONE();
}
