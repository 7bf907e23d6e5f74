/* Unit tests for padjust against STATISTICS.md B.10 (R's p.adjust); the
 * Holm and Bonferroni values past the four B.10 prints were computed with
 * python3 from the definitions (Holm: running max of (m-i+1) p_(i)). */
#include <config.h>

#include "padjust.h"

#include "check.h"

#define N15 15

int
main(void)
{
    /* Benjamini and Hochberg 1995, the 15 p-values. */
    static const double p[N15] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
                                  0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                                  0.4262, 0.5719, 0.6528, 0.7590, 1.000};
    static const struct {
        enum padj_method m;
        double q[N15];
    } t[] = {
        {PADJ_BH,
         {0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571429,
          0.0638571428571429, 0.0645, 0.0765, 0.486, 0.581181818181818,
          0.714875, 0.753230769230769, 0.813214285714286, 1}},
        {PADJ_HOLM,
         {0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1,
          1, 1, 1, 1, 1}},
        {PADJ_BONFERRONI,
         {0.0015, 0.006, 0.0285, 0.1425, 0.3015, 0.417, 0.447, 0.516, 0.6885, 1,
          1, 1, 1, 1, 1}},
        {PADJ_NONE,
         {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
          0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000}},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        double q[N15];
        padj_adjust(t[i].m, p, N15, q);
        int rejected = 0;
        for (size_t j = 0; j < N15; j++) {
            CHECK_NEAR(q[j], t[i].q[j], 1e-12);
            rejected += q[j] <= 0.05;
        }
        if (t[i].m == PADJ_BH)
            CHECK(rejected == 4); /* B.10: 4 rejected at q = 0.05 */
    }

    /* Unsorted input, output in input order (B.10). */
    static const double u[] = {0.01, 0.04, 0.03, 0.005, 0.20};
    static const double ubh[] = {0.025, 0.05, 0.05, 0.025, 0.20};
    static const double uholm[] = {0.04, 0.09, 0.09, 0.025, 0.2};
    double q[5];
    padj_adjust(PADJ_BH, u, 5, q);
    for (size_t j = 0; j < 5; j++)
        CHECK_NEAR(q[j], ubh[j], 1e-12);
    padj_adjust(PADJ_HOLM, u, 5, q);
    for (size_t j = 0; j < 5; j++)
        CHECK_NEAR(q[j], uholm[j], 1e-12);

    /* Hochberg, Hommel and Benjamini-Yekutieli: R 4.2 p.adjust on the
     * 15 p-values, the unsorted five, a set with ties and a pair (Hommel
     * with two tests is Hochberg), tests/r/padjust.R. */
    {
        static const double pu[] = {0.01, 0.04, 0.03, 0.005, 0.20};
        static const double pt[] = {0.03, 0.01, 0.03, 0.2, 0.01, 0.04};
        static const double p2[] = {0.02, 0.04};
        static const struct {
            enum padj_method m;
            const double *p;
            size_t n;
            double q[N15];
        } r[] = {
            {PADJ_HOCHBERG, p, N15, {0.0015, 0.0055999999999999999, 0.0247, 0.11399999999999999, 0.22109999999999999, 0.26819999999999999, 0.26819999999999999, 0.2752, 0.32130000000000003, 1, 1, 1, 1, 1, 1}},
            {PADJ_HOCHBERG, pu, 5, {0.040000000000000001, 0.080000000000000002, 0.080000000000000002, 0.025000000000000001, 0.20000000000000001}},
            {PADJ_HOCHBERG, pt, 6, {0.080000000000000002, 0.050000000000000003, 0.080000000000000002, 0.20000000000000001, 0.050000000000000003, 0.080000000000000002}},
            {PADJ_HOCHBERG, p2, 2, {0.040000000000000001, 0.040000000000000001}},
            {PADJ_HOMMEL, p, N15, {0.0015, 0.0055999999999999999, 0.0247, 0.095000000000000001, 0.1608, 0.1946, 0.20860000000000001, 0.24080000000000001, 0.32130000000000003, 1, 1, 1, 1, 1, 1}},
            {PADJ_HOMMEL, pu, 5, {0.040000000000000001, 0.080000000000000002, 0.059999999999999998, 0.025000000000000001, 0.20000000000000001}},
            {PADJ_HOMMEL, pt, 6, {0.059999999999999998, 0.049999999999999996, 0.059999999999999998, 0.20000000000000001, 0.049999999999999996, 0.080000000000000002}},
            {PADJ_HOMMEL, p2, 2, {0.040000000000000001, 0.040000000000000001}},
            {PADJ_BY, p, N15, {0.0049773434898434899, 0.0099546869796869799, 0.031523175435675434, 0.11821190788378289, 0.20008920829170829, 0.21189262285333715, 0.21189262285333715, 0.21402577006327006, 0.25384451798201801, 1, 1, 1, 1, 1, 1}},
            {PADJ_BY, pu, 5, {0.057083333333333333, 0.11416666666666667, 0.11416666666666665, 0.057083333333333333, 0.45666666666666667}},
            {PADJ_BY, pt, 6, {0.11025, 0.07350000000000001, 0.11025, 0.49000000000000005, 0.07350000000000001, 0.11760000000000002}},
            {PADJ_BY, p2, 2, {0.059999999999999998, 0.059999999999999998}},
        };
        for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
            double qq[N15];
            padj_adjust(r[i].m, r[i].p, r[i].n, qq);
            for (size_t j = 0; j < r[i].n; j++)
                CHECK_NEAR(qq[j], r[i].q[j], 1e-12);
        }
    }

    /* NaN is not a test: m counts the others; in place works. */
    double v[] = {0.01, NAN, 0.04, NAN};
    padj_adjust(PADJ_BONFERRONI, v, 4, v);
    CHECK_NEAR(v[0], 0.02, 1e-12);
    CHECK(isnan(v[1]));
    CHECK_NEAR(v[2], 0.08, 1e-12);
    CHECK(isnan(v[3]));
    padj_adjust(PADJ_BH, v, 0, v);

    enum padj_method m;
    CHECK(padj_parse("hochberg", &m) && m == PADJ_HOCHBERG);
    CHECK(padj_parse("hommel", &m) && m == PADJ_HOMMEL);
    CHECK(padj_parse("by", &m) && m == PADJ_BY);
    CHECK(padj_parse("bh", &m) && m == PADJ_BH);
    CHECK(padj_parse("fdr", &m) && m == PADJ_BH);
    CHECK(padj_parse("holm", &m) && m == PADJ_HOLM);
    CHECK(padj_parse("bonferroni", &m) && m == PADJ_BONFERRONI);
    CHECK(padj_parse("none", &m) && m == PADJ_NONE);
    CHECK(!padj_parse("BH", &m));
    CHECK_DONE();
}
