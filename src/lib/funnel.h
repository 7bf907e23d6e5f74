/* funnel: funnel plots for comparing units of different sizes
 * (Spiegelhalter 2005), with the overdispersion adjustments of
 * Spiegelhalter's "Handling over-dispersion of performance indicators"
 * (cx-funnel). The caller fills an array of struct funnel_unit; funnel_fit
 * finds the target and the overdispersion estimate, funnel_limits gives the
 * limits at any size. Nothing here allocates beyond a call; the caller owns
 * the arrays.
 *
 * Two kinds of indicator. A proportion y/n (FUNNEL_BINOMIAL): target p0 =
 * sum y / sum n, s(n)^2 = p0 (1 - p0) / n; without an overdispersion
 * adjustment the limits are the exact binomial quantiles with the paper's
 * interpolation (Stat Med 24:1185, appendix A.1.1), with one they are
 * normal. A mean with standard error s (FUNNEL_NORMAL): "size" is the
 * precision 1/s^2 (or n when s = sigma/sqrt(n)), target the
 * inverse-variance weighted mean, limits normal. */
#ifndef CX_FUNNEL_H
#define CX_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>

enum funnel_kind { FUNNEL_BINOMIAL, FUNNEL_NORMAL };

enum funnel_od {
    FUNNEL_OD_AUTO, /* additive when the chi-square test says so */
    FUNNEL_OD_NONE,
    FUNNEL_OD_MULTIPLICATIVE, /* limits widened by sqrt(phi) when phi > 1 */
    FUNNEL_OD_ADDITIVE,       /* random effects: s^2 + tau2 */
};

struct funnel_unit {
    /* Input. BINOMIAL: y successes of n (n > 0). NORMAL: y the value, n the
     * size on the funnel's axis, s its standard error (s > 0). A unit with
     * NaN y is missing: skipped by the fit, with NaN results. */
    double y, n, s;

    /* Output of funnel_assess. */
    double value; /* y / n (BINOMIAL) or y (NORMAL) */
    double lo95, hi95, lo998, hi998;
    double z; /* z-score under the method in use */
};

struct funnel_fit {
    enum funnel_kind kind;
    enum funnel_od requested;
    bool exact;    /* BINOMIAL: exact limits when no adjustment is made */
    double target; /* p0 or the weighted mean (or the caller's target) */
    /* NORMAL with sigma: s(n) = sigma / sqrt(n) for the curve; NaN: s(n)
     * = 1 / sqrt(n) (n is the precision). */
    double sigma;
    size_t units;          /* units in the fit */
    double phi;            /* winsorised mean of squared z-scores */
    double chisq_p;        /* P(chi-square(units - 1) > units * phi) */
    double tau2;           /* additive between-unit variance (0 when none) */
    enum funnel_od method; /* what was applied: NONE, MULTIPLICATIVE or
                            * ADDITIVE */
};

/* Target (unless target_given), phi, the test and tau2 from the units;
 * sets method (AUTO resolves to ADDITIVE when chisq_p < 0.05, else NONE).
 * Returns false when no unit has a value. */
bool funnel_fit(struct funnel_fit *f, const struct funnel_unit *u, size_t n,
                bool target_given);

/* The 95% and 99.8% limits at size n (and standard error s for a NORMAL
 * unit without sigma; pass NaN to use 1/sqrt(n)). */
void funnel_limits(const struct funnel_fit *f, double n, double s, double *lo95,
                   double *hi95, double *lo998, double *hi998);

/* Value, limits and z of every unit. */
void funnel_assess(const struct funnel_fit *f, struct funnel_unit *u, size_t n);

/* The 10% winsorised mean of squared z (percentiles by linear
 * interpolation, R's type 7); z is reordered. */
double funnel_phi(double *z, size_t n);

/* Spiegelhalter's interpolated binomial quantile: the P quantile of
 * Binomial(n, p0) divided by n, interpolated between whole counts,
 * clamped to [0, 1]. n must be a whole number >= 1. */
double funnel_binom_limit(double p0, double n, double P);

const char *funnel_od_name(enum funnel_od m);

#endif
