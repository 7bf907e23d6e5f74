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

    /* NaN is not a test: m counts the others; in place works. */
    double v[] = {0.01, NAN, 0.04, NAN};
    padj_adjust(PADJ_BONFERRONI, v, 4, v);
    CHECK_NEAR(v[0], 0.02, 1e-12);
    CHECK(isnan(v[1]));
    CHECK_NEAR(v[2], 0.08, 1e-12);
    CHECK(isnan(v[3]));
    padj_adjust(PADJ_BH, v, 0, v);

    enum padj_method m;
    CHECK(padj_parse("bh", &m) && m == PADJ_BH);
    CHECK(padj_parse("fdr", &m) && m == PADJ_BH);
    CHECK(padj_parse("holm", &m) && m == PADJ_HOLM);
    CHECK(padj_parse("bonferroni", &m) && m == PADJ_BONFERRONI);
    CHECK(padj_parse("none", &m) && m == PADJ_NONE);
    CHECK(!padj_parse("BH", &m));
    CHECK_DONE();
}
