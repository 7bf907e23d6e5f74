/* Unit tests for survey: NPS (STATISTICS.md B.3, n denominator), Cronbach's
 * alpha with the Feldt interval (B.9 [R]), and the accumulator on a small
 * table checked by hand and with python3's statistics module. */
#include <config.h>

#include <math.h>

#include "stats.h"
#include "survey.h"

#include "check.h"

int
main(void)
{
    double z = stats_z(0.95), nps, se, lo, hi;

    /* B.3, every row. */
    static const struct {
        double p, pas, d, nps, se, lo, hi;
    } tab[] = {
        {50, 30, 20, 30, 7.810249676, 14.692191925, 45.307808075},
        {120, 50, 30, 45, 5.232112384, 34.745248164, 55.254751836},
        {3, 4, 3, 0, 24.494897428, -48.009116764, 48.009116764},
    };
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++) {
        CHECK(
            survey_nps(tab[i].p, tab[i].pas, tab[i].d, z, &nps, &se, &lo, &hi));
        CHECK_NEAR(nps, tab[i].nps, 1e-12);
        CHECK_NEAR(se, tab[i].se, 1e-9);
        CHECK_NEAR(lo, tab[i].lo, 1e-9);
        CHECK_NEAR(hi, tab[i].hi, 1e-9);
    }
    /* All promoters: NPS 100, se 0; 1 promoter, 1 detractor of 2: the Wald
     * interval 0 -/+ 1.96 * 100 is clipped to [-100, 100]. */
    CHECK(survey_nps(10, 0, 0, z, &nps, &se, &lo, &hi));
    CHECK(nps == 100 && se == 0 && lo == 100 && hi == 100);
    CHECK(survey_nps(1, 0, 1, z, &nps, &se, &lo, &hi));
    CHECK(lo == -100 && hi == 100);
    CHECK(!survey_nps(0, 0, 0, z, &nps, &se, &lo, &hi));
    CHECK(isnan(nps) && isnan(lo));

    /* B.9: 8 respondents x 4 items. */
    static const double b9[] = {4, 5, 4, 3, 3, 4, 3, 3, 5, 5, 5, 4, 2, 3, 2, 2,
                                4, 4, 5, 4, 3, 3, 3, 2, 5, 4, 4, 5, 1, 2, 2, 1};
    double a;
    CHECK(survey_alpha(b9, 8, 4, 0.95, &a, &lo, &hi));
    CHECK_NEAR(a, 0.952537722908093, 1e-12);
    CHECK_NEAR(lo, 0.859102044456283, 1e-9);
    CHECK_NEAR(hi, 0.989339212750292, 1e-9);
    /* Undefined: all answers equal, one item, one respondent. */
    static const double same[] = {3, 3, 3, 3, 3, 3};
    CHECK(!survey_alpha(same, 3, 2, 0.95, &a, &lo, &hi));
    CHECK(isnan(a) && isnan(lo) && isnan(hi));
    CHECK(!survey_alpha(b9, 8, 1, 0.95, &a, &lo, &hi));
    CHECK(!survey_alpha(b9, 1, 4, 0.95, &a, &lo, &hi));

    /* The accumulator: B.9's rows as respondents r1..r8 in group 0, with
     * r8 missing item 4 (so alpha has 7 complete respondents), plus group 1
     * with one respondent. Respondent means [py statistics]: r1 4, r2 3.25,
     * r3 4.75, r4 2.25, r5 4.25, r6 2.75, r7 4.5, r8 5/3; mean
     * 3.4270833333333335, stdev 1.1263770232087915, median 3.625. */
    struct svy_opts o = {.top_cut = 5,
                         .bottom_cut = 1,
                         .alpha = true,
                         .straightline = 4,
                         .conf = 0.95};
    struct svy s;
    svy_init(&s, &o);
    static const char *resp[] = {"r1", "r2", "r3", "r4",
                                 "r5", "r6", "r7", "r8"};
    static const char *item[] = {"q1", "q2", "q3", "q4"};
    for (size_t i = 0; i < 8; i++)
        for (size_t j = 0; j < 4; j++) {
            if (i == 7 && j == 3)
                svy_missing(&s, 0);
            else
                svy_answer(&s, 0, resp[i], item[j], b9[i * 4 + j]);
        }
    for (size_t j = 0; j < 4; j++)
        svy_answer(&s, 1, "x", item[j], 2);
    struct svy_sum out[2];
    svy_finish(&s, out);
    CHECK(s.g[0].responses == 31 && s.g[0].missing == 1);
    CHECK(s.g[0].top == 7 && s.g[0].bottom == 1);
    CHECK(out[0].respondents == 8 && out[0].n == 8);
    CHECK_NEAR(out[0].mean, 3.4270833333333335, 1e-12);
    CHECK_NEAR(out[0].sd, 1.1263770232087915, 1e-12);
    CHECK_NEAR(out[0].median, 3.625, 1e-12);
    CHECK(out[0].straightliners == 0);
    CHECK(out[0].alpha_n == 7);
    /* Alpha of B.9's first 7 rows: item variances and the variance of the
     * row sums by python3's statistics.variance, then the formula. */
    CHECK_NEAR(out[0].alpha, 0.923076923076923, 1e-12);
    CHECK(out[1].respondents == 1 && out[1].mean == 2 && isnan(out[1].sd));
    CHECK(out[1].median == 2 && out[1].straightliners == 1);
    CHECK(isnan(out[1].alpha) && out[1].alpha_n == 1);
    svy_free(&s);

    /* by_response: the units are the answers; 1 2 3 4 5 from two
     * respondents: mean 3, stdev 1.5811388300841898 [py], median 3. */
    o.alpha = false;
    o.by_response = true;
    svy_init(&s, &o);
    static const double v[] = {1, 2, 3, 4, 5};
    for (size_t i = 0; i < 5; i++)
        svy_answer(&s, 0, i < 2 ? "a" : "b", item[i % 4], v[i]);
    svy_finish(&s, out);
    CHECK(out[0].respondents == 2 && out[0].n == 5);
    CHECK_NEAR(out[0].mean, 3, 1e-12);
    CHECK_NEAR(out[0].sd, 1.5811388300841898, 1e-12);
    CHECK_NEAR(out[0].median, 3, 1e-12);
    svy_free(&s);
    CHECK_DONE();
}
