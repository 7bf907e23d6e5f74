/* corr: Pearson, Spearman, Kendall, partial correlation and regression. */
#include <config.h>

#include "corr.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

static void
oom(void)
{
    die(EXIT_DATA, "memory exhausted");
}

static void
work_grow(struct corr_work *w, size_t n, size_t k)
{
    if (n > w->cap) {
        w->a = xreallocarray(w->a, n, sizeof *w->a);
        w->b = xreallocarray(w->b, n, sizeof *w->b);
        w->c = xreallocarray(w->c, 3 * n, sizeof *w->c);
        w->idx = xreallocarray(w->idx, n, sizeof *w->idx);
        w->cap = n;
    }
    if (n * k > w->zcap) {
        w->zr = xreallocarray(w->zr, n * k, sizeof *w->zr);
        w->zcap = n * k;
    }
}

void
corr_work_free(struct corr_work *w)
{
    free(w->a);
    free(w->b);
    free(w->c);
    free(w->zr);
    free(w->idx);
    memset(w, 0, sizeof *w);
}

static double
clamp_r(double r)
{
    if (r > 1)
        return 1;
    if (r < -1)
        return -1;
    return r;
}

double
corr_pearson(const double *x, const double *y, size_t n)
{
    if (n < 2)
        return NAN;
    /* GSL updates running means (Welford), so sums are centred. */
    double r = gsl_stats_correlation(x, 1, y, 1, n);
    return isfinite(r) ? clamp_r(r) : NAN;
}

double
corr_wpearson(const double *x, const double *y, const double *w, size_t n)
{
    if (n < 2)
        return NAN;
    long double sw = 0, mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        mx += (long double)w[i] * x[i];
        my += (long double)w[i] * y[i];
    }
    if (!(sw > 0))
        return NAN;
    mx /= sw;
    my /= sw;
    /* Second pass around the weighted means, with a correction for the
     * rounding of the means themselves. */
    long double cx = 0, cy = 0;
    for (size_t i = 0; i < n; i++) {
        cx += w[i] * (x[i] - mx);
        cy += w[i] * (y[i] - my);
    }
    mx += cx / sw;
    my += cy / sw;
    long double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        long double dx = x[i] - mx, dy = y[i] - my;
        sxx += w[i] * dx * dx;
        syy += w[i] * dy * dy;
        sxy += w[i] * dx * dy;
    }
    if (!(sxx > 0) || !(syy > 0))
        return NAN;
    return clamp_r((double)(sxy / sqrtl(sxx * syy)));
}

void
corr_ranks(const double *x, size_t n, double *r, size_t *idx)
{
    gsl_sort_index(idx, x, 1, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && x[idx[j]] == x[idx[i]])
            j++;
        /* Positions i+1 .. j share the average rank. */
        double avg = (double)(i + 1 + j) / 2;
        for (size_t t = i; t < j; t++)
            r[idx[t]] = avg;
        i = j;
    }
}

/* Kendall: Knight (1966), as in SciPy. */

struct xy {
    double x, y;
};

static int
xy_cmp(const void *pa, const void *pb)
{
    const struct xy *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return 0;
}

/* Sorts v ascending (stable merge sort), returning the number of pairs
 * i < j with v[i] > v[j]. */
static double
merge_count(double *v, double *tmp, size_t n)
{
    double swaps = 0;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (v[j] < v[i]) {
                    swaps += (double)(mid - i);
                    tmp[k++] = v[j++];
                } else {
                    tmp[k++] = v[i++];
                }
            }
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    return swaps;
}

/* Tie sums over runs of equal values in sorted v: pairs t(t-1)/2, and the
 * terms of Var(S): t(t-1), t(t-1)(t-2), t(t-1)(2t+5). */
struct ties {
    double pairs, a, b, c;
};

static void
tie_add(struct ties *t, double len)
{
    if (len < 2)
        return;
    t->pairs += len * (len - 1) / 2;
    t->a += len * (len - 1);
    t->b += len * (len - 1) * (len - 2);
    t->c += len * (len - 1) * (2 * len + 5);
}

void
corr_kendall(const double *x, const double *y, size_t n, struct kendall *k)
{
    memset(k, 0, sizeof *k);
    k->tau = k->var = NAN;
    if (n < 2)
        return;
    struct xy *p = xreallocarray(NULL, n, sizeof *p);
    for (size_t i = 0; i < n; i++) {
        p[i].x = x[i];
        p[i].y = y[i];
    }
    qsort(p, n, sizeof *p, xy_cmp);
    struct ties tx = {0}, ty = {0}, txy = {0};
    size_t run = 1, jrun = 1;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && p[i].x == p[i - 1].x) {
            run++;
            if (p[i].y == p[i - 1].y)
                jrun++;
            else {
                tie_add(&txy, (double)jrun);
                jrun = 1;
            }
            continue;
        }
        tie_add(&tx, (double)run);
        tie_add(&txy, (double)jrun);
        run = jrun = 1;
    }
    double *v = xreallocarray(NULL, 2 * n, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = p[i].y;
    free(p);
    double nd = merge_count(v, v + n, n);
    run = 1;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && v[i] == v[i - 1]) {
            run++;
            continue;
        }
        tie_add(&ty, (double)run);
        run = 1;
    }
    free(v);

    double dn = (double)n;
    double n0 = dn * (dn - 1) / 2;
    double nc = n0 - tx.pairs - ty.pairs + txy.pairs - nd;
    k->nc = nc;
    k->nd = nd;
    k->s = nc - nd;
    double den = (n0 - tx.pairs) * (n0 - ty.pairs);
    k->tau = den > 0 ? clamp_r(k->s / sqrt(den)) : NAN;
    double v0 = dn * (dn - 1) * (2 * dn + 5);
    double var = (v0 - tx.c - ty.c) / 18 + tx.a * ty.a / (2 * dn * (dn - 1));
    if (n > 2)
        var += tx.b * ty.b / (9 * dn * (dn - 1) * (dn - 2));
    k->var = var;
}

/* Fisher z interval around r with standard error se of atanh r. */
static void
fisher_interval(double r, double se, double conf, struct corr_est *e)
{
    if (!isfinite(se) || !isfinite(r))
        return;
    if (fabs(r) >= 1) {
        e->lo = e->hi = r;
        return;
    }
    double zc = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
    double z = atanh(r);
    e->lo = tanh(z - zc * se);
    e->hi = tanh(z + zc * se);
}

void
corr_test_t(double r, size_t n, size_t df_less, bool bonett_wright, double conf,
            struct corr_est *e)
{
    e->r = r;
    e->lo = e->hi = e->p = e->stat = NAN;
    if (isnan(r) || n < 3 + df_less)
        return;
    double df = (double)(n - 2 - df_less);
    if (fabs(r) >= 1) {
        e->stat = r > 0 ? INFINITY : -INFINITY;
        e->p = 0;
    } else {
        e->stat = r * sqrt(df) / sqrt(1 - r * r);
        e->p = 2 * gsl_cdf_tdist_Q(fabs(e->stat), df);
    }
    if (n < 4 + df_less)
        return;
    double m = (double)(n - 3 - df_less);
    double se = bonett_wright ? sqrt((1 + r * r / 2) / m) : 1 / sqrt(m);
    fisher_interval(r, se, conf, e);
}

void
corr_test_kendall(const struct kendall *k, size_t n, double conf,
                  struct corr_est *e)
{
    e->r = k->tau;
    e->lo = e->hi = e->p = e->stat = NAN;
    if (isnan(k->tau) || n < 3)
        return;
    if (k->var > 0) {
        e->stat = k->s / sqrt(k->var);
        e->p = 2 * gsl_cdf_ugaussian_Q(fabs(e->stat));
    }
    if (n < 5)
        return;
    fisher_interval(k->tau, sqrt(0.437 / (double)(n - 4)), conf, e);
}

bool
corr_residuals(const double *v, const double *z, size_t k, const double *w,
               size_t n, double *res)
{
    size_t p = k + 1;
    if (n <= p)
        return false;
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *yv = gsl_vector_alloc(n);
    gsl_vector *c = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    gsl_vector *wv = w ? gsl_vector_alloc(n) : NULL;
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    if (!X || !yv || !c || !cov || !ws || (w && !wv))
        oom();
    /* Centre every column first: the fit is then well conditioned even
     * with large offsets; the intercept takes up the rest. */
    double mv = gsl_stats_mean(v, 1, n);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(yv, i, v[i] - mv);
        gsl_matrix_set(X, i, 0, 1);
        if (wv)
            gsl_vector_set(wv, i, w[i]);
    }
    for (size_t j = 0; j < k; j++) {
        double mz = gsl_stats_mean(z + j, k, n);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(X, i, j + 1, z[i * k + j] - mz);
    }
    double chisq;
    int st = wv ? gsl_multifit_wlinear(X, wv, yv, c, cov, &chisq, ws)
                : gsl_multifit_linear(X, yv, c, cov, &chisq, ws);
    gsl_vector_view rv = gsl_vector_view_array(res, n);
    if (st == GSL_SUCCESS)
        st = gsl_multifit_linear_residuals(X, yv, c, &rv.vector);
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(X);
    gsl_vector_free(yv);
    gsl_vector_free(c);
    gsl_matrix_free(cov);
    if (wv)
        gsl_vector_free(wv);
    return st == GSL_SUCCESS;
}

/* True when the covariates explain v entirely (up to rounding): what is
 * left is noise, and a correlation of noise would be a wrong number. */
static bool
explained(const double *v, const double *res, size_t n)
{
    double m = gsl_stats_mean(v, 1, n);
    long double tot = 0, left = 0;
    for (size_t i = 0; i < n; i++) {
        tot += (v[i] - m) * (v[i] - m);
        left += (long double)res[i] * res[i];
    }
    return !(left > 1e-12L * tot);
}

void
corr_prepare(enum corr_method m, const struct corr_data *d, struct corr_work *w,
             double **xt, double **yt)
{
    size_t n = d->n, k = d->k;
    work_grow(w, n, k);
    *xt = w->a;
    *yt = w->b;
    if (m == CORR_SPEARMAN) {
        corr_ranks(d->x, n, w->a, w->idx);
        corr_ranks(d->y, n, w->b, w->idx);
        for (size_t j = 0; j < k; j++) {
            for (size_t i = 0; i < n; i++)
                w->c[i] = d->z[i * k + j];
            corr_ranks(w->c, n, w->c + n, w->idx);
            for (size_t i = 0; i < n; i++)
                w->zr[i * k + j] = w->c[n + i];
        }
    } else {
        memcpy(w->a, d->x, n * sizeof *w->a);
        memcpy(w->b, d->y, n * sizeof *w->b);
        if (k)
            memcpy(w->zr, d->z, n * k * sizeof *w->zr);
    }
    if (k && m != CORR_KENDALL) {
        const double *wt = m == CORR_PEARSON ? d->w : NULL;
        memcpy(w->c, w->a, n * sizeof *w->c);
        bool ok = corr_residuals(w->c, w->zr, k, wt, n, w->a) &&
                  !explained(w->c, w->a, n);
        memcpy(w->c, w->b, n * sizeof *w->c);
        ok = ok && corr_residuals(w->c, w->zr, k, wt, n, w->b) &&
             !explained(w->c, w->b, n);
        if (!ok)
            for (size_t i = 0; i < n; i++)
                w->a[i] = NAN;
    }
}

double
corr_prepared_stat(enum corr_method m, const double *xt, const double *yt,
                   const double *wt, size_t n)
{
    if (m == CORR_KENDALL) {
        struct kendall k;
        corr_kendall(xt, yt, n, &k);
        return k.tau;
    }
    if (m == CORR_PEARSON && wt)
        return corr_wpearson(xt, yt, wt, n);
    return corr_pearson(xt, yt, n);
}

void
corr_estimate(enum corr_method m, const struct corr_data *d, double conf,
              struct corr_est *e, struct corr_work *w)
{
    size_t n = d->n, k = d->k;
    e->r = e->lo = e->hi = e->p = e->stat = NAN;
    if (n < 3 + k || (m == CORR_KENDALL && k))
        return;
    if (m == CORR_KENDALL) {
        struct kendall kd;
        corr_kendall(d->x, d->y, n, &kd);
        corr_test_kendall(&kd, n, conf, e);
        return;
    }
    double r;
    if (m == CORR_SPEARMAN && !k) {
        work_grow(w, n, 0);
        r = gsl_stats_spearman(d->x, 1, d->y, 1, n, w->c);
        r = isfinite(r) ? clamp_r(r) : NAN;
    } else if (m == CORR_PEARSON && !k) {
        r = d->w ? corr_wpearson(d->x, d->y, d->w, n)
                 : corr_pearson(d->x, d->y, n);
    } else {
        double *xt, *yt;
        corr_prepare(m, d, w, &xt, &yt);
        r = corr_prepared_stat(m, xt, yt, m == CORR_PEARSON ? d->w : NULL, n);
    }
    corr_test_t(r, n, k, m == CORR_SPEARMAN, conf, e);
}

/* Sum of w(y - yw)^2 around the weighted mean (w NULL: all 1). */
static double
centred_ss(const double *y, const double *w, size_t n)
{
    double m = w ? gsl_stats_wmean(w, 1, y, 1, n) : gsl_stats_mean(y, 1, n);
    long double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double dy = y[i] - m;
        ss += (w ? w[i] : 1) * dy * dy;
    }
    return (double)ss;
}

static bool
regression_plain(const struct corr_data *d, double *c0, double *c1,
                 double *var1, double *chisq)
{
    double c00, c01, c11;
    size_t n = d->n;
    int st;
    if (d->w) {
        st = gsl_fit_wlinear(d->x, 1, d->w, 1, d->y, 1, n, c0, c1, &c00, &c01,
                             &c11, chisq);
        /* GSL takes weights as 1/variance; ours are relative. */
        c11 *= *chisq / (double)(n - 2);
    } else {
        st = gsl_fit_linear(d->x, 1, d->y, 1, n, c0, c1, &c00, &c01, &c11,
                            chisq);
    }
    *var1 = c11;
    return st == GSL_SUCCESS && isfinite(*c1) && isfinite(c11);
}

static bool
regression_multi(const struct corr_data *d, double *c0, double *c1,
                 double *var1, double *chisq)
{
    size_t n = d->n, k = d->k, p = k + 2;
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *yv = gsl_vector_alloc(n);
    gsl_vector *c = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    gsl_vector *wv = d->w ? gsl_vector_alloc(n) : NULL;
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    if (!X || !yv || !c || !cov || !ws || (d->w && !wv))
        oom();
    double my = gsl_stats_mean(d->y, 1, n), mx = gsl_stats_mean(d->x, 1, n);
    double icpt = my;
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(yv, i, d->y[i] - my);
        gsl_matrix_set(X, i, 0, 1);
        gsl_matrix_set(X, i, 1, d->x[i] - mx);
        if (wv)
            gsl_vector_set(wv, i, d->w[i]);
    }
    double *mz = xcalloc(k ? k : 1, sizeof *mz);
    for (size_t j = 0; j < k; j++) {
        mz[j] = gsl_stats_mean(d->z + j, k, n);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(X, i, j + 2, d->z[i * k + j] - mz[j]);
    }
    int st = wv ? gsl_multifit_wlinear(X, wv, yv, c, cov, chisq, ws)
                : gsl_multifit_linear(X, yv, c, cov, chisq, ws);
    *c1 = gsl_vector_get(c, 1);
    *var1 = gsl_matrix_get(cov, 1, 1);
    if (wv)
        *var1 *= *chisq / (double)(n - p);
    icpt += gsl_vector_get(c, 0) - *c1 * mx;
    for (size_t j = 0; j < k; j++)
        icpt -= gsl_vector_get(c, j + 2) * mz[j];
    *c0 = icpt;
    free(mz);
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(X);
    gsl_vector_free(yv);
    gsl_vector_free(c);
    gsl_matrix_free(cov);
    if (wv)
        gsl_vector_free(wv);
    return st == GSL_SUCCESS && isfinite(*c1) && isfinite(*var1);
}

void
corr_regression(const struct corr_data *d, double conf, struct corr_reg *r)
{
    size_t n = d->n, k = d->k;
    r->slope = r->slope_lo = r->slope_hi = r->intercept = r->r2 = NAN;
    if (n < 3 + k)
        return;
    /* A constant x has no slope. */
    if (!(centred_ss(d->x, NULL, n) > 0))
        return;
    if (k) {
        /* x explained by the covariates has no slope of its own. */
        double *res = xreallocarray(NULL, n, sizeof *res);
        bool ok = corr_residuals(d->x, d->z, k, d->w, n, res) &&
                  !explained(d->x, res, n);
        free(res);
        if (!ok)
            return;
    }
    double c0, c1, var1, chisq;
    bool ok = k ? regression_multi(d, &c0, &c1, &var1, &chisq)
                : regression_plain(d, &c0, &c1, &var1, &chisq);
    if (!ok)
        return;
    r->slope = c1;
    r->intercept = c0;
    double se = sqrt(var1 > 0 ? var1 : 0);
    double t = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, (double)(n - 2 - k));
    r->slope_lo = c1 - t * se;
    r->slope_hi = c1 + t * se;
    double tss = centred_ss(d->y, d->w, n);
    if (tss > 0) {
        double r2 = 1 - chisq / tss;
        r->r2 = r2 < 0 ? 0 : r2 > 1 ? 1 : r2;
    }
}
