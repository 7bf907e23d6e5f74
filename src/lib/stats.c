/* stats: quantiles, intervals and two-sample tests (see stats.h). */
#include <config.h>

#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

double
stats_z(double conf)
{
    return gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
}

double
stats_t(double conf, double df)
{
    if (!(df > 0))
        return NAN;
    return gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, df);
}

double
stats_t_p2(double t, double df)
{
    if (isnan(t) || !(df > 0))
        return NAN;
    if (isinf(t))
        return 0;
    /* The tail area itself, never 1 minus something: GSL picks the
     * continued fraction that converges on the side of x. */
    double p = gsl_sf_beta_inc(df / 2, 0.5, df / (df + t * t));
    return p > 1 ? 1 : p;
}

bool
stats_mean_ci(size_t n, double mean, double sd, double conf, double *lo,
              double *hi)
{
    *lo = *hi = NAN;
    if (n < 2 || !isfinite(sd))
        return false;
    double half = stats_t(conf, (double)n - 1) * sd / sqrt((double)n);
    *lo = mean - half;
    *hi = mean + half;
    return true;
}

bool
stats_wilson(double x, double n, double z, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!(n > 0))
        return false;
    double p = x / n, z2 = z * z;
    double den = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / den;
    double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;
    /* The closed form leaves rounding dust (1e-17) at x = 0 and x = n. */
    *lo = x <= 0 ? 0 : fmax(0, centre - half);
    *hi = x >= n ? 1 : fmin(1, centre + half);
    return true;
}

bool
stats_wilson_cc(double x, double n, double z, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!(n > 0))
        return false;
    double est = x / n, yates = fmin(0.5, fabs(x - n / 2));
    double z22n = z * z / (2 * n);
    double pc = est + yates / n;
    *hi = pc >= 1 ? 1
                  : (pc + z22n + z * sqrt(pc * (1 - pc) / n + z22n / (2 * n))) /
                        (1 + 2 * z22n);
    pc = est - yates / n;
    *lo = pc <= 0 ? 0
                  : (pc + z22n - z * sqrt(pc * (1 - pc) / n + z22n / (2 * n))) /
                        (1 + 2 * z22n);
    *lo = fmax(0, *lo);
    *hi = fmin(1, *hi);
    return true;
}

bool
stats_clopper_pearson(double x, double n, double conf, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!(n > 0))
        return false;
    double a = (1 - conf) / 2;
    *lo = x <= 0 ? 0 : gsl_cdf_beta_Pinv(a, x, n - x + 1);
    *hi = x >= n ? 1 : gsl_cdf_beta_Pinv(1 - a, x + 1, n - x);
    return true;
}

bool
stats_welch(double m1, double s1, size_t n1, double m2, double s2, size_t n2,
            double *t, double *df, double *p)
{
    *t = *df = *p = NAN;
    if (n1 < 2 || n2 < 2)
        return false;
    double v1 = s1 * s1 / (double)n1, v2 = s2 * s2 / (double)n2;
    double se2 = v1 + v2;
    if (!(se2 > 0))
        return false;
    *t = (m1 - m2) / sqrt(se2);
    *df = se2 * se2 / (v1 * v1 / ((double)n1 - 1) + v2 * v2 / ((double)n2 - 1));
    *p = stats_t_p2(*t, *df);
    return true;
}

bool
stats_two_prop(double x1, double n1, double x2, double n2, double *z, double *p)
{
    *z = *p = NAN;
    if (!(n1 > 0) || !(n2 > 0))
        return false;
    double pool = (x1 + x2) / (n1 + n2);
    double se = sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
    if (!(se > 0))
        return false;
    *z = (x1 / n1 - x2 / n2) / se;
    *p = 2 * gsl_cdf_ugaussian_Q(fabs(*z));
    if (*p > 1)
        *p = 1;
    return true;
}
