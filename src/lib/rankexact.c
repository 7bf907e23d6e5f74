/* rankexact: exact null distributions of Spearman's S and Kendall's T. */
#include <config.h>

#include "rankexact.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

/* Counts of S = sum (i - p_i)^2 over the n! permutations, for one n at a
 * time (the last asked), by Heap's algorithm. S is even and at most
 * (n^3 - n)/3 = 240 for n = 9. */
#define SMAX 241
static double s_count[SMAX];
static size_t s_n;

static void
spearman_table(size_t n)
{
    if (s_n == n)
        return;
    memset(s_count, 0, sizeof s_count);
    int p[RANKEXACT_SPEARMAN_EXACT], c[RANKEXACT_SPEARMAN_EXACT];
    for (size_t i = 0; i < n; i++) {
        p[i] = (int)i;
        c[i] = 0;
    }
    for (;;) {
        int s = 0;
        for (size_t i = 0; i < n; i++)
            s += ((int)i - p[i]) * ((int)i - p[i]);
        s_count[s]++;
        /* Heap's algorithm, iterative: the next permutation by one swap. */
        size_t i = 1;
        while (i < n && c[i] >= (int)i)
            c[i++] = 0;
        if (i >= n)
            break;
        size_t j = i % 2 ? (size_t)c[i] : 0;
        int t = p[j];
        p[j] = p[i];
        p[i] = t;
        c[i]++;
    }
    s_n = n;
}

/* P[S >= s] (upper) or P[S <= s] (lower) for n > 9, by the Edgeworth
 * series of AS 89. The series is evaluated where R's cor.test evaluates
 * it: AS 89 takes its argument less 1, and cor.test passes s for the
 * upper tail and s + 2 for the lower (S moves in steps of 2), so the
 * series sees s - 1 and s + 1. */
static double
spearman_edgeworth(double s, size_t n, bool upper)
{
    static const double c[12] = {0.2274, 0.2531, 0.1745, 0.0758,
                                 0.1033, 0.3932, 0.0879, 0.0151,
                                 0.0072, 0.0831, 0.0131, 4.6e-4};
    double dn = (double)n, b = 1 / dn;
    double at = upper ? s - 1 : s + 1;
    /* x is -rho sqrt(n - 1) at the corrected statistic: about N(0, 1). */
    double x = (6 * at * b / (dn * dn - 1) - 1) * sqrt(dn - 1);
    double y = x * x;
    double u =
        x * b *
        (c[0] + b * (c[1] + c[2] * b) +
         y * (-c[3] + b * (c[4] + c[5] * b) -
              y * b *
                  (c[6] + c[7] * b -
                   y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
    double corr = u / exp(y / 2);
    double p = upper ? corr + gsl_cdf_ugaussian_Q(x)
                     : -corr + gsl_cdf_ugaussian_P(x);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

double
rankexact_spearman_p(double rho, size_t n, bool *edgeworth)
{
    if (edgeworth)
        *edgeworth = n > RANKEXACT_SPEARMAN_EXACT;
    if (n < 2 || n > RANKEXACT_SPEARMAN_MAX || isnan(rho))
        return NAN;
    double dn = (double)n, tot = dn * (dn * dn - 1);
    double s = round(tot * (1 - rho) / 6);
    bool upper = s > tot / 6; /* rho below 0: the upper tail of S */
    double p;
    if (n <= RANKEXACT_SPEARMAN_EXACT) {
        spearman_table(n);
        double hit = 0, all = 0;
        for (int k = 0; k < SMAX; k++) {
            all += s_count[k];
            if (upper ? k >= s : k <= s)
                hit += s_count[k];
        }
        p = hit / all;
    } else {
        p = spearman_edgeworth(s, n, upper);
    }
    p *= 2;
    return p > 1 ? 1 : p;
}

/* Mahonian numbers for one n at a time: k_count[t] permutations of n with
 * t inversions, t = 0 .. n(n-1)/2 (1176 for n = 49). */
#define TMAX (RANKEXACT_KENDALL_MAX * (RANKEXACT_KENDALL_MAX - 1) / 2 + 1)
static double k_count[TMAX];
static double k_total;
static size_t k_n;

static void
kendall_table(size_t n)
{
    if (k_n == n)
        return;
    static double prev[TMAX];
    memset(k_count, 0, sizeof k_count);
    k_count[0] = 1;
    /* Adding element m to permutations of m - 1 adds 0 .. m-1 inversions. */
    for (size_t m = 2; m <= n; m++) {
        size_t tm = m * (m - 1) / 2, tp = (m - 1) * (m - 2) / 2;
        memcpy(prev, k_count, (tp + 1) * sizeof *prev);
        for (size_t t = 0; t <= tm; t++) {
            double sum = 0;
            for (size_t i = 0; i < m && i <= t; i++)
                if (t - i <= tp)
                    sum += prev[t - i];
            k_count[t] = sum;
        }
    }
    k_total = 0;
    for (size_t t = 0; t <= n * (n - 1) / 2; t++)
        k_total += k_count[t];
    k_n = n;
}

double
rankexact_kendall_cdf(double q, size_t n)
{
    if (n < 1 || n > RANKEXACT_KENDALL_MAX || isnan(q))
        return NAN;
    double tmax = (double)(n * (n - 1) / 2);
    if (q < 0)
        return 0;
    if (q >= tmax)
        return 1;
    kendall_table(n);
    double sum = 0;
    for (size_t t = 0; (double)t <= q; t++)
        sum += k_count[t];
    return sum / k_total;
}

double
rankexact_kendall_p(double nc, size_t n)
{
    if (n < 2 || n > RANKEXACT_KENDALL_MAX || isnan(nc))
        return NAN;
    double tmax = (double)(n * (n - 1) / 2), q = round(nc);
    /* The far tail, summed directly on its own side (T is symmetric about
     * tmax/2), rather than as 1 minus the near one. */
    double p = q > tmax / 2 ? rankexact_kendall_cdf(tmax - q, n)
                            : rankexact_kendall_cdf(q, n);
    p *= 2;
    return p > 1 ? 1 : p;
}
