/* corr: Pearson, Spearman, Kendall, partial correlation and regression. */
#include <config.h>

#include "corr.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lsq.h"
#include "rankexact.h"
#include "stats.h"
#include "xalloc.h"

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

const char *
corr_pmethod_name(enum corr_pmethod m)
{
    static const char *const names[] = {"", "t", "exact", "edgeworth",
                                        "normal"};
    return names[m];
}

/* True when two of the n values are equal. */
static bool
has_ties(const double *v, size_t n, double *tmp)
{
    memcpy(tmp, v, n * sizeof *tmp);
    gsl_sort(tmp, 1, n);
    for (size_t i = 1; i < n; i++)
        if (tmp[i] == tmp[i - 1])
            return true;
    return false;
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
    /* Two passes: GSL's running-mean update loses about eight digits when
     * the spread is 1e-10 of a common offset. */
    long double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    long double cx = 0, cy = 0;
    for (size_t i = 0; i < n; i++) {
        cx += x[i] - mx;
        cy += y[i] - my;
    }
    mx += cx / n;
    my += cy / n;
    long double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        long double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0) || !(syy > 0))
        return NAN;
    return clamp_r((double)(sxy / sqrtl(sxx * syy)));
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
    if (fabs(r) >= 1 - 4 * DBL_EPSILON)
        r = r > 0 ? 1 : -1; /* an exact fit, up to rounding */
    e->r = r;
    e->lo = e->hi = e->p = e->stat = NAN;
    e->pm = CORR_P_NONE;
    if (isnan(r) || n < 3 + df_less)
        return;
    double df = (double)(n - 2 - df_less);
    if (fabs(r) >= 1) {
        e->stat = r > 0 ? INFINITY : -INFINITY;
        e->p = 0;
    } else {
        e->stat = r * sqrt(df) / sqrt((1 - r) * (1 + r));
        e->p = stats_t_p2(e->stat, df);
    }
    e->pm = CORR_P_T;
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
    e->pm = CORR_P_NONE;
    if (isnan(k->tau) || n < 3)
        return;
    if (k->var > 0) {
        e->stat = k->s / sqrt(k->var);
        e->p = 2 * gsl_cdf_ugaussian_Q(fabs(e->stat));
        e->pm = CORR_P_NORMAL;
    }
    if (n < 5)
        return;
    fisher_interval(k->tau, sqrt(0.437 / (double)(n - 4)), conf, e);
}

bool
corr_residuals(const double *v, const double *z, size_t k, const double *w,
               size_t n, double *res, size_t *rank)
{
    if (n <= k + 1)
        return false;
    struct lsq f;
    lsq_fit(&f, z, v, w, n, k, true);
    memcpy(res, f.resid, n * sizeof *res);
    if (rank)
        *rank = f.rank;
    lsq_free(&f);
    return true;
}

size_t
corr_aliased(const double *z, size_t k, size_t n, bool *aliased)
{
    double *y = xcalloc(n + 1, sizeof *y);
    struct lsq f;
    lsq_fit(&f, z, y, NULL, n, k, true);
    size_t cnt = 0;
    for (size_t j = 0; j < k; j++) {
        aliased[j] = f.aliased[j];
        cnt += aliased[j];
    }
    lsq_free(&f);
    free(y);
    return cnt;
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
    w->zrank = 0;
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
        bool ok = corr_residuals(w->c, w->zr, k, wt, n, w->a, &w->zrank) &&
                  !explained(w->c, w->a, n);
        memcpy(w->c, w->b, n * sizeof *w->c);
        ok = ok && corr_residuals(w->c, w->zr, k, wt, n, w->b, NULL) &&
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
    e->pm = CORR_P_NONE;
    if (n < 3 + k || (m == CORR_KENDALL && k))
        return;
    bool ties = false;
    if (m != CORR_PEARSON && !k) {
        work_grow(w, n, 0);
        ties = has_ties(d->x, n, w->c) || has_ties(d->y, n, w->c);
    }
    if (m == CORR_KENDALL) {
        struct kendall kd;
        corr_kendall(d->x, d->y, n, &kd);
        corr_test_kendall(&kd, n, conf, e);
        if (!ties && n <= RANKEXACT_KENDALL_MAX && !isnan(e->r)) {
            e->p = rankexact_kendall_p(kd.nc, n);
            e->pm = CORR_P_EXACT;
        }
        return;
    }
    double r;
    size_t df_less = 0;
    if (m == CORR_PEARSON && !k) {
        r = d->w ? corr_wpearson(d->x, d->y, d->w, n)
                 : corr_pearson(d->x, d->y, n);
    } else {
        /* Spearman: Pearson of the average ranks (GSL's
         * gsl_stats_spearman rounds an exact 1 to 1 - 2e-16). */
        double *xt, *yt;
        corr_prepare(m, d, w, &xt, &yt);
        r = corr_prepared_stat(m, xt, yt, m == CORR_PEARSON ? d->w : NULL, n);
        df_less = w->zrank;
    }
    corr_test_t(r, n, df_less, m == CORR_SPEARMAN, conf, e);
    if (m == CORR_SPEARMAN && !k && !ties && n <= RANKEXACT_SPEARMAN_MAX &&
        !isnan(e->r)) {
        bool ew;
        e->p = rankexact_spearman_p(e->r, n, &ew);
        e->pm = ew ? CORR_P_EDGEWORTH : CORR_P_EXACT;
    }
}

void
corr_regression(const struct corr_data *d, double conf, struct corr_reg *r)
{
    size_t n = d->n, k = d->k, p = k + 1;
    bool icpt = !d->no_intercept;
    r->slope = r->slope_lo = r->slope_hi = r->intercept = r->r2 = NAN;
    r->slope_se = r->intercept_se = r->intercept_lo = r->intercept_hi = NAN;
    r->adj_r2 = r->sigma = r->df = NAN;
    r->naliased = 0;
    for (size_t j = 0; j < k; j++) {
        if (r->zcoef)
            r->zcoef[j] = NAN;
        if (r->zse)
            r->zse[j] = NAN;
    }
    if (n < p + (icpt ? 2 : 1))
        return;
    /* The design in R's order: x, then the covariates. */
    double *X = xreallocarray(NULL, n * p, sizeof *X);
    for (size_t i = 0; i < n; i++) {
        X[i * p] = d->x[i];
        for (size_t j = 0; j < k; j++)
            X[i * p + 1 + j] = d->z[i * k + j];
    }
    struct lsq f;
    lsq_fit(&f, X, d->y, d->w, n, p, icpt);
    free(X);
    /* A constant x has no slope (and with an intercept nothing else is
     * asked of the fit). */
    if (f.aliased[0]) {
        lsq_free(&f);
        return;
    }
    for (size_t j = 0; j < k; j++) {
        r->naliased += f.aliased[1 + j];
        if (r->zcoef)
            r->zcoef[j] = f.coef[1 + j];
        if (r->zse)
            r->zse[j] = f.se[1 + j];
    }
    r->df = f.df;
    r->slope = f.coef[0];
    r->slope_se = f.se[0];
    r->intercept = f.icpt;
    r->intercept_se = f.icpt_se;
    r->sigma = f.sigma;
    r->r2 = f.r2;
    r->adj_r2 = f.adj_r2;
    if (f.df > 0) {
        double t = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, f.df);
        r->slope_lo = r->slope - t * r->slope_se;
        r->slope_hi = r->slope + t * r->slope_se;
        if (icpt) {
            r->intercept_lo = r->intercept - t * r->intercept_se;
            r->intercept_hi = r->intercept + t * r->intercept_se;
        }
    }
    lsq_free(&f);
}
