/* funnel: funnel-plot limits and overdispersion (see funnel.h). */
#include <config.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>

#include "funnel.h"
#include "xalloc.h"

/* The two-sided 95% and 99.8% levels: lower and upper tail probabilities,
 * and the normal quantiles (1.96 and 3.09 rounded). */
#define P95_LO 0.025
#define P95_HI 0.975
#define P998_LO 0.001
#define P998_HI 0.999

const char *
funnel_od_name(enum funnel_od m)
{
    switch (m) {
    case FUNNEL_OD_AUTO:
        return "auto";
    case FUNNEL_OD_NONE:
        return "none";
    case FUNNEL_OD_MULTIPLICATIVE:
        return "multiplicative";
    case FUNNEL_OD_ADDITIVE:
        return "additive";
    }
    return "";
}

static bool
has_value(const struct funnel_fit *f, const struct funnel_unit *u)
{
    if (isnan(u->y) || isnan(u->n) || !(u->n > 0))
        return false;
    return f->kind == FUNNEL_BINOMIAL || (u->s > 0 && isfinite(u->s));
}

/* Standard error at size n under the null (no overdispersion). */
static double
null_se(const struct funnel_fit *f, double n, double s)
{
    if (f->kind == FUNNEL_BINOMIAL)
        return sqrt(f->target * (1 - f->target) / n);
    if (!isnan(s))
        return s;
    return isnan(f->sigma) ? 1 / sqrt(n) : f->sigma / sqrt(n);
}

static double
unit_value(const struct funnel_fit *f, const struct funnel_unit *u)
{
    return f->kind == FUNNEL_BINOMIAL ? u->y / u->n : u->y;
}

/* R's type 7 quantile of sorted x[0..n). */
static double
quantile7(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

double
funnel_phi(double *z, size_t n)
{
    if (n == 0)
        return NAN;
    gsl_sort(z, 1, n);
    double q10 = quantile7(z, n, 0.1), q90 = quantile7(z, n, 0.9);
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double w = z[i] < q10 ? q10 : z[i] > q90 ? q90 : z[i];
        sum += w * w;
    }
    return sum / (double)n;
}

bool
funnel_fit(struct funnel_fit *f, const struct funnel_unit *u, size_t n,
           bool target_given)
{
    double sy = 0, sn = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!has_value(f, &u[i]))
            continue;
        k++;
        if (f->kind == FUNNEL_BINOMIAL) {
            sy += u[i].y;
            sn += u[i].n;
        } else {
            double w = 1 / (u[i].s * u[i].s);
            sy += w * u[i].y;
            sn += w;
        }
    }
    f->units = k;
    f->phi = f->chisq_p = NAN;
    f->tau2 = 0;
    f->method = FUNNEL_OD_NONE;
    if (k == 0) {
        if (!target_given)
            f->target = NAN;
        return false;
    }
    if (!target_given)
        f->target = sy / sn;

    double *z = xreallocarray(NULL, k, sizeof *z);
    double sw = 0, sw2 = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (!has_value(f, &u[i]))
            continue;
        double s = null_se(f, u[i].n, u[i].s);
        z[j++] = (unit_value(f, &u[i]) - f->target) / s;
        sw += 1 / (s * s);
        sw2 += 1 / (s * s * s * s);
    }
    /* A target of exactly 0 or 1 gives s = 0: no z-scores, no test. */
    bool finite = true;
    for (size_t i = 0; i < k; i++)
        finite = finite && isfinite(z[i]);
    if (finite) {
        f->phi = funnel_phi(z, k);
        double stat = (double)k * f->phi;
        f->chisq_p = k > 1 ? gsl_cdf_chisq_Q(stat, (double)(k - 1)) : NAN;
        double den = sw - sw2 / sw;
        double t = den > 0 ? (stat - (double)(k - 1)) / den : 0;
        f->tau2 = t > 0 ? t : 0;
    }
    free(z);

    switch (f->requested) {
    case FUNNEL_OD_AUTO:
        f->method = f->chisq_p < 0.05 && f->tau2 > 0 ? FUNNEL_OD_ADDITIVE
                                                     : FUNNEL_OD_NONE;
        break;
    case FUNNEL_OD_NONE:
        f->method = FUNNEL_OD_NONE;
        break;
    case FUNNEL_OD_MULTIPLICATIVE:
        f->method = f->phi > 1 ? FUNNEL_OD_MULTIPLICATIVE : FUNNEL_OD_NONE;
        break;
    case FUNNEL_OD_ADDITIVE:
        f->method = f->tau2 > 0 ? FUNNEL_OD_ADDITIVE : FUNNEL_OD_NONE;
        break;
    }
    return true;
}

double
funnel_binom_limit(double p0, double n, double P)
{
    unsigned int nn = (unsigned int)n;
    /* Start near the normal approximation and walk to the smallest r with
     * F(r) >= P, so that large n costs a few CDF calls, not n. */
    double g = n * p0 + gsl_cdf_ugaussian_Pinv(P) * sqrt(n * p0 * (1 - p0));
    double r0 = floor(g);
    unsigned int r = r0 < 0 ? 0 : r0 > n ? nn : (unsigned int)r0;
    while (r > 0 && gsl_cdf_binomial_P(r - 1, p0, nn) >= P)
        r--;
    while (r < nn && gsl_cdf_binomial_P(r, p0, nn) < P)
        r++;
    double F = gsl_cdf_binomial_P(r, p0, nn);
    double prev = r > 0 ? gsl_cdf_binomial_P(r - 1, p0, nn) : 0;
    double alpha = F > prev ? (F - P) / (F - prev) : 0;
    double lim = ((double)r - alpha) / n;
    return lim < 0 ? 0 : lim > 1 ? 1 : lim;
}

static double
clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

void
funnel_limits(const struct funnel_fit *f, double n, double s, double *lo95,
              double *hi95, double *lo998, double *hi998)
{
    double t = f->target;
    if (isnan(t) || isnan(n) || !(n > 0)) {
        *lo95 = *hi95 = *lo998 = *hi998 = NAN;
        return;
    }
    bool binom = f->kind == FUNNEL_BINOMIAL;
    if (binom && f->exact && f->method == FUNNEL_OD_NONE && n == floor(n) &&
        n < 4294967295.0 && t > 0 && t < 1) {
        *lo95 = funnel_binom_limit(t, n, P95_LO);
        *hi95 = funnel_binom_limit(t, n, P95_HI);
        *lo998 = funnel_binom_limit(t, n, P998_LO);
        *hi998 = funnel_binom_limit(t, n, P998_HI);
        return;
    }
    double se = null_se(f, n, s);
    if (f->method == FUNNEL_OD_MULTIPLICATIVE)
        se *= sqrt(f->phi);
    else if (f->method == FUNNEL_OD_ADDITIVE)
        se = sqrt(se * se + f->tau2);
    double z95 = gsl_cdf_ugaussian_Pinv(P95_HI);
    double z998 = gsl_cdf_ugaussian_Pinv(P998_HI);
    *lo95 = t - z95 * se;
    *hi95 = t + z95 * se;
    *lo998 = t - z998 * se;
    *hi998 = t + z998 * se;
    if (binom) {
        *lo95 = clamp01(*lo95);
        *hi95 = clamp01(*hi95);
        *lo998 = clamp01(*lo998);
        *hi998 = clamp01(*hi998);
    }
}

void
funnel_assess(const struct funnel_fit *f, struct funnel_unit *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct funnel_unit *x = &u[i];
        if (!has_value(f, x)) {
            x->value = x->lo95 = x->hi95 = x->lo998 = x->hi998 = x->z = NAN;
            continue;
        }
        x->value = unit_value(f, x);
        double s = f->kind == FUNNEL_NORMAL ? x->s : NAN;
        funnel_limits(f, x->n, s, &x->lo95, &x->hi95, &x->lo998, &x->hi998);
        double se = null_se(f, x->n, s);
        if (f->method == FUNNEL_OD_MULTIPLICATIVE)
            se *= sqrt(f->phi);
        else if (f->method == FUNNEL_OD_ADDITIVE)
            se = sqrt(se * se + f->tau2);
        x->z = se > 0 ? (x->value - f->target) / se : NAN;
    }
}
