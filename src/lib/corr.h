/* corr: correlation and simple regression between two measures, with the
 * intervals and tests cx-correlate reports (STATISTICS.md B.6 to B.8).
 *
 * Pearson (GSL's gsl_stats_correlation, or a centred two-pass weighted
 * version), Spearman (average ranks, GSL's gsl_stats_spearman), Kendall
 * tau-b (ours: Knight's O(n log n) algorithm with the tie-corrected
 * variance of Kendall 1945), partial correlation (residuals of both
 * measures on the covariates), least-squares regression (gsl_fit_linear,
 * gsl_fit_wlinear, gsl_multifit_linear with covariates).
 *
 * Data go in as plain arrays of complete cases; every array here belongs
 * to the caller. A figure that cannot be estimated is NaN. Sums are taken
 * around the mean, so a large constant offset in both measures (values
 * such as 10000000.1) does not change the result. */
#ifndef CX_CORR_H
#define CX_CORR_H

#include <stdbool.h>
#include <stddef.h>

enum corr_method { CORR_PEARSON, CORR_SPEARMAN, CORR_KENDALL };

/* One pair of measures: n complete cases. */
struct corr_data {
    size_t n;
    const double *x, *y;
    const double *w; /* weights (Pearson and regression), or NULL */
    const double *z; /* n * k covariates, row by row, or NULL */
    size_t k;
    bool no_intercept; /* regression through the origin */
};

/* How p was found: Student's t, the exact null distribution, the
 * Edgeworth series of AS 89 (Spearman, 10 <= n < 1290), the normal
 * approximation (Kendall with ties or n >= 50). */
enum corr_pmethod { CORR_P_NONE, CORR_P_T, CORR_P_EXACT, CORR_P_EDGEWORTH,
                    CORR_P_NORMAL };

/* "t", "exact", "edgeworth", "normal"; "" for none. */
const char *corr_pmethod_name(enum corr_pmethod m);

/* Estimate, interval at level conf, two-sided p. */
struct corr_est {
    double r, lo, hi, p;
    double stat; /* t (Pearson, Spearman) or z (Kendall) */
    enum corr_pmethod pm;
};

/* The regression of y on x (and the covariates), as R's summary(lm()):
 * coefficients with standard errors and t intervals (df residual degrees
 * of freedom), residual standard error sigma, R-squared and adjusted
 * R-squared. Without an intercept the intercept figures are NaN and r2 is
 * 1 - RSS / sum w y^2, as lm(y ~ 0 + x) gives. zcoef and zse, when not
 * NULL, are the caller's arrays of k: the covariates' coefficients and
 * standard errors (NaN for a covariate left out as aliased). */
struct corr_reg {
    double slope, slope_lo, slope_hi, intercept, r2;
    double slope_se, intercept_se, intercept_lo, intercept_hi;
    double adj_r2, sigma, df;
    double *zcoef, *zse;
    size_t naliased; /* covariates left out as aliased */
};

/* Scratch space, grown as needed; one per thread of work. */
struct corr_work {
    double *a, *b, *c, *zr;
    size_t *idx;
    size_t cap, zcap;
    size_t zrank; /* after corr_prepare: covariates not aliased */
};

void corr_work_free(struct corr_work *w);

/* Plain estimates (NaN when n < 2 or a measure is constant): two passes
 * in long double around the means, the second correcting the rounding of
 * the first, so that a common offset costs no digits. */
double corr_pearson(const double *x, const double *y, size_t n);
/* Weighted Pearson: sums of w(x - xw)(y - yw) around the weighted means. */
double corr_wpearson(const double *x, const double *y, const double *w,
                     size_t n);
/* Average ranks (1-based) of x into r; idx is scratch of n. */
void corr_ranks(const double *x, size_t n, double *r, size_t *idx);

/* Kendall tau-b and what its test needs. */
struct kendall {
    double tau; /* tau-b */
    double s;   /* n_c - n_d */
    double var; /* Var(S) under independence, tie-corrected */
    double nc, nd;
};

/* Sorts copies of the data; NaN tau when either measure is constant. */
void corr_kendall(const double *x, const double *y, size_t n,
                  struct kendall *k);

/* Tests and intervals from an estimate. df_less is the number of
 * covariates partialled out (0 for a plain correlation).
 * Pearson: t = r sqrt(df)/sqrt(1-r^2), df = n-2-df_less; Fisher z interval
 * with se 1/sqrt(n-3-df_less).
 * Spearman: the same t; Fisher z interval with the Bonett-Wright (2000)
 * se sqrt((1 + r^2/2)/(n-3-df_less)).
 * Kendall: z = S/sqrt(Var S); Fisher z interval with the Fieller, Hartley
 * and Pearson (1957) se sqrt(0.437/(n-4)).
 * An r within 4 ulps of +-1 (1 - |r| <= 4 DBL_EPSILON, closer than double
 * precision resolves) is an exact fit: r is +-1 and p 0, as R gives for an
 * exact line. p comes from stats_t_p2 (relative accuracy in the tail). */
void corr_test_t(double r, size_t n, size_t df_less, bool bonett_wright,
                 double conf, struct corr_est *e);
void corr_test_kendall(const struct kendall *k, size_t n, double conf,
                       struct corr_est *e);

/* The whole estimate for one method: transforms (ranks, residuals on the
 * covariates), estimate, test and interval. Weights apply to Pearson only;
 * covariates to Pearson and Spearman (Kendall with covariates is NaN).
 * The p-value is R's cor.test default (exact = NULL): without ties and
 * covariates, Spearman below 1290 pairs and Kendall below 50 use the
 * exact distributions of rankexact.h; otherwise the t (Pearson,
 * Spearman) or normal (Kendall) approximation. */
void corr_estimate(enum corr_method m, const struct corr_data *d, double conf,
                   struct corr_est *e, struct corr_work *w);

/* For resampling: prepare once (ranks, residuals) into the work space,
 * then corr_prepared_stat on the prepared arrays in any order. xt and yt
 * point into w and stay valid until the next call with w. */
void corr_prepare(enum corr_method m, const struct corr_data *d,
                  struct corr_work *w, double **xt, double **yt);
double corr_prepared_stat(enum corr_method m, const double *xt,
                          const double *yt, const double *wt, size_t n);

/* Residuals of v (n values) on an intercept and the k covariates in z,
 * weighted least squares when w is not NULL (see lsq.h: aliased
 * covariates are left out; *rank, when not NULL, is the number kept).
 * false when n <= k + 1. */
bool corr_residuals(const double *v, const double *z, size_t k, const double *w,
                    size_t n, double *res, size_t *rank);

/* Which of the k covariates in z (n rows) are linear combinations of the
 * intercept and the covariates before them (R's order: the later one is
 * dropped); aliased is the caller's array of k. Returns how many. */
size_t corr_aliased(const double *z, size_t k, size_t n, bool *aliased);

/* Least squares of y on x (and the covariates of d, in the order of R's
 * y ~ x + z1 + z2: a covariate that is a combination of x and those before
 * it is left out and counted in naliased), with t intervals at level conf.
 * With weights, the variances are scaled by the weighted residual variance
 * (the weights are relative, not known variances). Fills r->zcoef and
 * r->zse when they are not NULL. */
void corr_regression(const struct corr_data *d, double conf,
                     struct corr_reg *r);

#endif
