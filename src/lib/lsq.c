/* lsq: least squares by Householder QR with R's limited pivoting. */
#include <config.h>

#include "lsq.h"

#include <math.h>
#include <stdlib.h>

#include "xalloc.h"

/* R's lm.fit tolerance (dqrdc2). */
#define LSQ_TOL 1e-7L

/* Weighted mean of v[i*stride], with a second pass that removes the
 * rounding of the first. */
static long double
wmean(const double *v, size_t stride, const double *w, size_t n)
{
    long double sw = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        long double wi = w ? w[i] : 1;
        sw += wi;
        s += wi * v[i * stride];
    }
    long double m = s / sw, c = 0;
    for (size_t i = 0; i < n; i++)
        c += (w ? w[i] : 1) * (v[i * stride] - m);
    return m + c / sw;
}

bool
lsq_fit(struct lsq *f, const double *X, const double *y, const double *w,
        size_t n, size_t p, bool intercept)
{
    f->n = n;
    f->p = p;
    f->rank = 0;
    f->intercept = intercept;
    f->aliased = xcalloc(p + 1, sizeof *f->aliased);
    f->coef = xcalloc(p + 1, sizeof *f->coef);
    f->se = xcalloc(p + 1, sizeof *f->se);
    f->resid = xcalloc(n + 1, sizeof *f->resid);
    f->icpt = f->icpt_se = f->rss = f->tss = f->df = f->sigma = NAN;
    f->r2 = f->adj_r2 = NAN;
    for (size_t j = 0; j < p; j++)
        f->coef[j] = f->se[j] = NAN;
    if (n == 0)
        return false;

    long double *m = xcalloc(p + 1, sizeof *m);
    long double my = 0, sw = 0;
    for (size_t i = 0; i < n; i++)
        sw += w ? w[i] : 1;
    if (intercept) {
        my = wmean(y, 1, w, n);
        for (size_t j = 0; j < p; j++)
            m[j] = wmean(X + j, p, w, n);
    }
    /* A column by column (A + j*n), b beside it, both scaled by sqrt(w). */
    long double *A = xcalloc(n * p + 1, sizeof *A);
    long double *b = xcalloc(n + 1, sizeof *b);
    long double *orig = xcalloc(p + 1, sizeof *orig);
    for (size_t i = 0; i < n; i++) {
        long double sq = w ? sqrtl((long double)w[i]) : 1;
        b[i] = sq * (y[i] - my);
        for (size_t j = 0; j < p; j++)
            A[j * n + i] = sq * (X[i * p + j] - m[j]);
    }
    for (size_t j = 0; j < p; j++) {
        long double s = 0;
        for (size_t i = 0; i < n; i++)
            s += A[j * n + i] * A[j * n + i];
        orig[j] = sqrtl(s);
    }

    size_t *kept = xcalloc(p + 1, sizeof *kept);
    long double *v = xcalloc(n + 1, sizeof *v);
    size_t r = 0;
    for (size_t j = 0; j < p; j++) {
        long double *a = A + j * n, nrm = 0;
        for (size_t i = r; i < n; i++)
            nrm += a[i] * a[i];
        nrm = sqrtl(nrm);
        if (r >= n || !(orig[j] > 0) || nrm <= LSQ_TOL * orig[j]) {
            f->aliased[j] = true;
            continue;
        }
        long double alpha = a[r] > 0 ? -nrm : nrm, vv = 0;
        for (size_t i = r; i < n; i++)
            v[i] = a[i];
        v[r] -= alpha;
        for (size_t i = r; i < n; i++)
            vv += v[i] * v[i];
        /* Reflect the later columns and b: x -= 2 v (v'x) / (v'v). */
        for (size_t c = j + 1; c <= p; c++) {
            long double *t = c < p ? A + c * n : b, d = 0;
            for (size_t i = r; i < n; i++)
                d += v[i] * t[i];
            d = 2 * d / vv;
            for (size_t i = r; i < n; i++)
                t[i] -= d * v[i];
        }
        a[r] = alpha;
        for (size_t i = r + 1; i < n; i++)
            a[i] = 0;
        kept[r++] = j;
    }
    f->rank = r;

    /* R(a, c) = A[kept[c]][a] for a <= c: back-substitution, then the
     * unscaled covariance (R'R)^-1 = Rinv Rinv'. */
    long double *coef = xcalloc(r + 1, sizeof *coef);
    for (size_t a = r; a-- > 0;) {
        long double s = b[a];
        for (size_t c = a + 1; c < r; c++)
            s -= A[kept[c] * n + a] * coef[c];
        coef[a] = s / A[kept[a] * n + a];
    }
    long double *Ri = xcalloc(r * r + 1, sizeof *Ri);
    for (size_t c = 0; c < r; c++) {
        Ri[c * r + c] = 1 / A[kept[c] * n + c];
        for (size_t a = c; a-- > 0;) {
            long double s = 0;
            for (size_t t = a + 1; t <= c; t++)
                s += A[kept[t] * n + a] * Ri[t * r + c];
            Ri[a * r + c] = -s / A[kept[a] * n + a];
        }
    }

    long double rss = 0, tss = 0;
    for (size_t i = 0; i < n; i++) {
        long double e = y[i] - my;
        for (size_t c = 0; c < r; c++)
            e -= coef[c] * (X[i * p + kept[c]] - m[kept[c]]);
        f->resid[i] = (double)e;
        long double wi = w ? w[i] : 1;
        rss += wi * e * e;
        tss += wi * (y[i] - my) * (y[i] - my);
    }
    /* An exact fit leaves rounding dust of 1e-19 relative in long
     * double; call it what it is, so that sigma and the standard errors
     * are 0 rather than 1e-19. */
    if (rss <= 1e-30L * tss)
        rss = 0;
    f->rss = (double)rss;
    f->tss = (double)tss;
    f->df = (double)n - (double)r - (intercept ? 1 : 0);
    long double s2 = f->df > 0 ? rss / f->df : NAN;
    f->sigma = (double)sqrtl(s2);
    if (tss > 0) {
        double r2 = (double)(1 - rss / tss);
        f->r2 = r2 < 0 ? 0 : r2 > 1 ? 1 : r2;
        if (f->df > 0)
            f->adj_r2 = 1 - (1 - f->r2) *
                                ((double)n - (intercept ? 1 : 0)) / f->df;
    }
    long double vi = intercept ? 1 / sw : 0;
    for (size_t a = 0; a < r; a++) {
        long double caa = 0;
        for (size_t t = a; t < r; t++)
            caa += Ri[a * r + t] * Ri[a * r + t];
        f->coef[kept[a]] = (double)coef[a];
        f->se[kept[a]] = (double)sqrtl(s2 * caa);
        if (!intercept)
            continue;
        for (size_t c = 0; c < r; c++) {
            long double cac = 0;
            for (size_t t = a > c ? a : c; t < r; t++)
                cac += Ri[a * r + t] * Ri[c * r + t];
            vi += m[kept[a]] * cac * m[kept[c]];
        }
    }
    if (intercept) {
        long double ic = my;
        for (size_t c = 0; c < r; c++)
            ic -= coef[c] * m[kept[c]];
        f->icpt = (double)ic;
        f->icpt_se = (double)sqrtl(s2 * vi);
    }
    free(m);
    free(A);
    free(b);
    free(orig);
    free(kept);
    free(v);
    free(coef);
    free(Ri);
    return true;
}

void
lsq_free(struct lsq *f)
{
    free(f->aliased);
    free(f->coef);
    free(f->se);
    free(f->resid);
    f->aliased = NULL;
    f->coef = f->se = f->resid = NULL;
}
