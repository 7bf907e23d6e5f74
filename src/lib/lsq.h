/* lsq: weighted linear least squares with the figures of R's summary.lm,
 * for cx-correlate's regression and partial correlation.
 *
 * The fit is a Householder QR in long double of the design after centring
 * every column (and y) around its weighted mean when there is an
 * intercept, so a large common offset (values such as 1e7 + 0.001) costs
 * no digits. Columns are taken in the order given, with the limited
 * pivoting of R's dqrdc2: a column whose part not explained by the columns
 * before it (and the intercept) is below 1e-7 of its own centred norm is
 * aliased, a linear combination of the others; it is left out of the fit
 * and its coefficient is NaN, as lm() prints NA. (R measures the 1e-7
 * against the uncentred norm, which also drops a column with a large
 * offset and a small spread; centring avoids that.)
 *
 * Weights are relative (frequency-like, as lm's weights): the residual
 * variance is sum w r^2 / (n - rank - intercept). The caller owns X, y and
 * w; lsq_fit allocates the arrays inside struct lsq, which lsq_free
 * releases. NaN marks a figure that cannot be estimated. */
#ifndef CX_LSQ_H
#define CX_LSQ_H

#include <stdbool.h>
#include <stddef.h>

struct lsq {
    size_t n, p;  /* observations, columns given */
    size_t rank;  /* columns kept (the intercept not counted) */
    bool intercept;
    bool *aliased; /* p: left out as a combination of earlier columns */
    double *coef;  /* p: NaN when aliased */
    double *se;    /* p: standard errors, NaN when aliased */
    double *resid; /* n: y - fitted (unweighted residuals) */
    double icpt, icpt_se; /* NaN without an intercept */
    double rss;    /* sum w r^2 */
    double tss;    /* sum w (y - ybar)^2, or sum w y^2 without intercept */
    double df;     /* residual degrees of freedom */
    double sigma;  /* residual standard error sqrt(rss / df) */
    double r2, adj_r2;
};

/* Fits y on the p columns of X (n rows of p values, row by row), with an
 * intercept when asked, weights w (NULL: all 1, else all > 0). false only
 * when n is 0; a fit with df 0 has NaN sigma, standard errors and adj_r2. */
bool lsq_fit(struct lsq *f, const double *X, const double *y, const double *w,
             size_t n, size_t p, bool intercept);
void lsq_free(struct lsq *f);

#endif
