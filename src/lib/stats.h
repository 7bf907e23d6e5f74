/* stats: small inferential statistics several tools need and GSL lacks in
 * one call: normal and t quantiles for a --conf level, the t interval of a
 * mean, the Wilson score interval of a proportion, Welch's two-sample t-test
 * and the pooled two-proportion z-test. Formulas and reference values are
 * in STATISTICS.md (B.2, B.4). Nothing here allocates; a result that is not
 * estimable is NaN (csvw_num writes it as an empty field). */
#ifndef CX_STATS_H
#define CX_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* z_{1-(1-conf)/2}: 1.959963984540054 for conf 0.95. */
double stats_z(double conf);
/* t_{df,1-(1-conf)/2}; NaN when df <= 0. */
double stats_t(double conf, double df);

/* Two-sided p of Student's t with df degrees of freedom, from the
 * regularized incomplete beta I_{df/(df+t^2)}(df/2, 1/2), which keeps its
 * relative accuracy in the far tail (1 - cdf loses it below about 1e-16,
 * and GSL's tdist_Q loses digits beyond 1e-30). NaN t or df <= 0: NaN;
 * infinite t: 0. */
double stats_t_p2(double t, double df);

/* The t interval mean -/+ t_{n-1} sd/sqrt(n); false (and NaN) when n < 2. */
bool stats_mean_ci(size_t n, double mean, double sd, double conf, double *lo,
                   double *hi);

/* Wilson score interval of x successes out of n, as proportions in [0,1]
 * (clamped, so that 0/n gives exactly 0 and n/n exactly 1); false (and
 * NaN) when n is 0. z from stats_z. */
bool stats_wilson(double x, double n, double z, double *lo, double *hi);

/* The Wilson interval with continuity correction exactly as R's
 * prop.test(x, n) (correct = TRUE) gives it: the correction is
 * min(0.5, |x - n/2|) (R takes it against the default null p = 0.5, so it
 * vanishes at x = n/2), lower limit 0 when x/n minus it is <= 0, upper 1
 * when x/n plus it is >= 1 (Newcombe 1998, method 4). false (and NaN)
 * when n is 0. */
bool stats_wilson_cc(double x, double n, double z, double *lo, double *hi);

/* The Clopper-Pearson (1934) exact interval, as R's binom.test: beta
 * quantiles B(a/2; x, n-x+1) and B(1-a/2; x+1, n-x), 0 at x = 0 and 1 at
 * x = n, a = 1 - conf. false (and NaN) when n is 0. */
bool stats_clopper_pearson(double x, double n, double conf, double *lo,
                           double *hi);

/* Welch's unequal-variance t-test of mean1 - mean2 from summaries (sample
 * sds with n-1): t, Welch-Satterthwaite df and the two-sided p. False (and
 * NaN) when a group has fewer than 2 values or both sds are 0. */
bool stats_welch(double m1, double s1, size_t n1, double m2, double s2,
                 size_t n2, double *t, double *df, double *p);

/* Pooled two-proportion z-test of x1/n1 - x2/n2 (the score test, equal to
 * R's prop.test(correct = FALSE)): z and the two-sided p. False (and NaN)
 * when a group is empty or the pooled share is 0 or 1. */
bool stats_two_prop(double x1, double n1, double x2, double n2, double *z,
                    double *p);

#endif
