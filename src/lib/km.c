/* km: Kaplan-Meier curve, Greenwood intervals and quantiles. */
#include <config.h>

#include "km.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* R's quantile.survfit compares with sqrt(.Machine$double.eps). */
#define KM_TOL 1.4901161193847656e-08

bool
km_ci_parse(const char *s, enum km_ci *ci)
{
    if (strcmp(s, "log") == 0)
        *ci = KM_CI_LOG;
    else if (strcmp(s, "log-log") == 0)
        *ci = KM_CI_LOGLOG;
    else if (strcmp(s, "plain") == 0)
        *ci = KM_CI_PLAIN;
    else
        return false;
    return true;
}

static int
cmp_obs(const void *a, const void *b)
{
    const struct km_obs *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (int)y->event - (int)x->event;
}

void
km_limits(enum km_ci ci, double z, double surv, double se, double *lo,
          double *hi)
{
    *lo = *hi = NAN;
    if (!(surv > 0) || !isfinite(se))
        return;
    switch (ci) {
    case KM_CI_LOG:
        *lo = surv * exp(-z * se);
        *hi = fmin(1.0, surv * exp(z * se));
        break;
    case KM_CI_LOGLOG:
        if (surv >= 1)
            return;
        /* log S < 0, so the larger exponent gives the lower limit. */
        *lo = pow(surv, exp(-z * se / log(surv)));
        *hi = pow(surv, exp(z * se / log(surv)));
        break;
    case KM_CI_PLAIN:
        *lo = fmax(0.0, surv - z * se * surv);
        *hi = fmin(1.0, surv + z * se * surv);
        break;
    }
}

void
km_fit(struct km *km, struct km_obs *obs, size_t n, enum km_ci ci, double conf)
{
    memset(km, 0, sizeof *km);
    km->ci = ci;
    km->z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
    km->nobs = n;
    if (n == 0)
        return;
    qsort(obs, n, sizeof *obs, cmp_obs);
    size_t cap = 0, at_risk = n;
    double surv = 1, var = 0;
    for (size_t i = 0; i < n;) {
        double t = obs[i].t;
        size_t d = 0, c = 0;
        for (; i < n && obs[i].t == t; i++) {
            if (obs[i].event)
                d++;
            else
                c++;
        }
        if (d > 0) {
            surv *= 1.0 - (double)d / (double)at_risk;
            if (d < at_risk)
                var += (double)d / ((double)at_risk * (double)(at_risk - d));
            else
                var = INFINITY;
        }
        XGROW(km->s, cap, km->n + 1);
        struct km_step *st = &km->s[km->n++];
        st->t = t;
        st->at_risk = at_risk;
        st->events = d;
        st->censored = c;
        st->surv = surv;
        st->se = sqrt(var);
        km_limits(ci, km->z, surv, st->se, &st->lo, &st->hi);
        km->nevents += d;
        at_risk -= d + c;
    }
}

void
km_free(struct km *km)
{
    free(km->s);
    memset(km, 0, sizeof *km);
}

double
km_surv_at(const struct km *km, double t, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (km->n == 0 || t < km->s[0].t) {
        /* Before anything was observed S is 1 with no uncertainty, for
         * every interval type (R's summary(survfit, times =) gives 1 to 1
         * there, even for log-log, which is undefined at S = 1 later on). */
        *lo = *hi = 1.0;
        return 1.0;
    }
    const struct km_step *last = &km->s[km->n - 1];
    if (t > last->t && last->surv > 0)
        return NAN;
    size_t a = 0, b = km->n; /* last step with time <= t is in [a, b) */
    while (b - a > 1) {
        size_t m = a + (b - a) / 2;
        if (km->s[m].t <= t)
            a = m;
        else
            b = m;
    }
    *lo = km->s[a].lo;
    *hi = km->s[a].hi;
    return km->s[a].surv;
}

/* The value of curve which (0 the estimate, 1 the lower limit of S, 2 the
 * upper limit) at step i; step -1 is time 0, where every curve is 1. */
static double
curve_at(const struct km *km, int which, long i, double *t)
{
    if (i < 0) {
        *t = 0;
        return 1.0;
    }
    const struct km_step *s = &km->s[i];
    *t = s->t;
    return which == 0 ? s->surv : which == 1 ? s->lo : s->hi;
}

/* Where the horizontal line at q = 1 - p meets a curve, scanning in time
 * order as R's print.survfit does: the first time the curve is below
 * q + tol (undefined points skipped). When it is q within tol there, the
 * curve has a flat stretch at exactly q and the answer is its midpoint:
 * up to the next lower point, or to the last observed time when the curve
 * stays flat to the end (quantile.survfit's rule). A limit curve need not
 * be monotone; the first crossing counts. */
static double
curve_quantile(const struct km *km, int which, double p)
{
    double q = 1.0 - p, t = 0, c = 1;
    long n = (long)km->n, j = -1;
    for (; j < n; j++) {
        c = curve_at(km, which, j, &t);
        if (!isnan(c) && c < q + KM_TOL)
            break;
    }
    if (j == n)
        return NAN;
    if (fabs(c - q) >= KM_TOL)
        return t;
    for (long k = j + 1; k < n; k++) {
        double tk, ck = curve_at(km, which, k, &tk);
        if (!isnan(ck) && ck < c)
            return (t + tk) / 2;
    }
    return (t + km->s[n - 1].t) / 2;
}

void
km_quantiles(const struct km *km, const double *p, size_t np, double *q,
             double *lo, double *hi)
{
    /* The lower limit of S falls sooner: it gives the lower limit of a
     * quantile. */
    double *out[3] = {q, lo, hi};
    for (int k = 0; k < 3; k++) {
        if (!out[k])
            continue;
        for (size_t j = 0; j < np; j++)
            out[k][j] = km->n ? curve_quantile(km, k, p[j]) : NAN;
    }
}

void
km_rmst(const struct km *km, double tau, double *mean, double *se)
{
    *mean = *se = NAN;
    if (km->n == 0 || !(tau >= 0))
        return;
    /* Areas of the rectangles under S: rect[i] spans from step i to the
     * next step (or tau), at height S(t_i); before the first step S = 1. */
    size_t m = 0;
    while (m < km->n && km->s[m].t <= tau)
        m++;
    long double area = (m ? km->s[0].t : tau); /* from 0 at height 1 */
    long double tail = 0, var = 0;
    /* Walk backwards so the area from t_i to tau accumulates. */
    for (size_t i = m; i-- > 0;) {
        double next = i + 1 < m ? km->s[i + 1].t : tau;
        tail += (long double)(next - km->s[i].t) * km->s[i].surv;
        const struct km_step *st = &km->s[i];
        if (st->events && st->at_risk > st->events)
            var += tail * tail * (long double)st->events /
                   ((long double)st->at_risk *
                    (long double)(st->at_risk - st->events));
    }
    *mean = (double)(area + tail);
    *se = (double)sqrtl(var);
}
