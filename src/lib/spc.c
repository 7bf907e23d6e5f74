/* spc: XmR and p-chart limits and the Making Data Count rules (see spc.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "spc.h"
#include "xalloc.h"

/* Wheeler's scaling constants for moving ranges of two: 3/d2 rounded as
 * Making Data Count and Wheeler print it, and D4 for the moving-range
 * chart's upper limit (used by the screening of large moving ranges). */
#define SPC_E2 2.66
#define SPC_D4 3.267

void
spc_params_init(struct spc_params *p)
{
    p->chart = SPC_XMR;
    p->run_min = 7;
    p->trend_min = 7;
    p->screen_mr = false;
}

bool
spc_has_value(const struct spc_params *p, const struct spc_point *pt)
{
    if (isnan(pt->value))
        return false;
    return p->chart == SPC_XMR || (pt->n > 0 && !isnan(pt->n));
}

static double
clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Mean moving range over consecutive baseline values of [a, b); with
 * screening, ranges above D4 times the first mean are left out. */
static double
xmr_mrbar(const struct spc_params *p, const struct spc_point *pts, size_t a,
          size_t b)
{
    double sum = 0, prev = NAN;
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        if (!pts[i].used)
            continue;
        if (!isnan(prev)) {
            sum += fabs(pts[i].value - prev);
            k++;
        }
        prev = pts[i].value;
    }
    if (k == 0)
        return NAN;
    double mrbar = sum / (double)k;
    if (!p->screen_mr)
        return mrbar;
    double sum2 = 0;
    size_t k2 = 0;
    prev = NAN;
    for (size_t i = a; i < b; i++) {
        if (!pts[i].used)
            continue;
        if (!isnan(prev)) {
            double mr = fabs(pts[i].value - prev);
            if (mr < SPC_D4 * mrbar) {
                sum2 += mr;
                k2++;
            }
        }
        prev = pts[i].value;
    }
    return k2 ? sum2 / (double)k2 : mrbar;
}

static void
phase_limits(const struct spc_params *p, struct spc_point *pts, size_t a,
             size_t b)
{
    double sum = 0, den = 0;
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        pts[i].used = pts[i].baseline && spc_has_value(p, &pts[i]);
        if (!pts[i].used)
            continue;
        k++;
        if (p->chart == SPC_P) {
            sum += pts[i].value * pts[i].n;
            den += pts[i].n;
        } else {
            sum += pts[i].value;
        }
    }
    double centre = NAN, mrbar = NAN;
    if (k > 0) {
        if (p->chart == SPC_P)
            centre = sum / den;
        else
            centre = sum / (double)k;
    }
    if (p->chart == SPC_XMR)
        mrbar = xmr_mrbar(p, pts, a, b);

    double prev = NAN;
    for (size_t i = a; i < b; i++) {
        struct spc_point *pt = &pts[i];
        pt->centre = centre;
        pt->mr = NAN;
        if (p->chart == SPC_XMR) {
            double h = SPC_E2 * mrbar;
            pt->lcl = centre - h;
            pt->ucl = centre + h;
            pt->lcl2 = centre - h * 2 / 3;
            pt->ucl2 = centre + h * 2 / 3;
            if (spc_has_value(p, pt)) {
                if (!isnan(prev))
                    pt->mr = fabs(pt->value - prev);
                prev = pt->value;
            }
        } else if (pt->n > 0 && !isnan(pt->n)) {
            double s = sqrt(centre * (1 - centre) / pt->n);
            pt->lcl = clamp01(centre - 3 * s);
            pt->ucl = clamp01(centre + 3 * s);
            pt->lcl2 = clamp01(centre - 2 * s);
            pt->ucl2 = clamp01(centre + 2 * s);
        } else {
            pt->lcl = pt->ucl = pt->lcl2 = pt->ucl2 = NAN;
        }
    }
}

void
spc_limits(const struct spc_params *p, struct spc_point *pts, size_t n)
{
    size_t a = 0;
    while (a < n) {
        size_t b = a + 1;
        while (b < n && pts[b].phase == pts[a].phase)
            b++;
        phase_limits(p, pts, a, b);
        a = b;
    }
}

static int
sign(double x)
{
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* The rules over the points idx[0..k) (indices of one phase's points with a
 * value, in order). */
static void
phase_rules(const struct spc_params *p, struct spc_point *pts,
            const size_t *idx, size_t k)
{
    for (size_t j = 0; j < k; j++) {
        struct spc_point *pt = &pts[idx[j]];
        pt->beyond = pt->value > pt->ucl ? 1 : pt->value < pt->lcl ? -1 : 0;
    }

    /* Runs: maximal stretches with the same nonzero side of the centre. */
    for (size_t j = 0; j < k;) {
        int s = sign(pts[idx[j]].value - pts[idx[j]].centre);
        size_t e = j + 1;
        while (e < k && s != 0 &&
               sign(pts[idx[e]].value - pts[idx[e]].centre) == s)
            e++;
        if (s != 0 && e - j >= p->run_min)
            for (size_t m = j; m < e; m++) {
                pts[idx[m]].run = s;
                pts[idx[m]].run_len = e - j;
            }
        j = e;
    }

    /* Trends: maximal stretches of steps in one direction. A turning point
     * ends one trend and starts the next; it keeps the later one. */
    for (size_t j = 0; j + 1 < k;) {
        int d = sign(pts[idx[j + 1]].value - pts[idx[j]].value);
        size_t e = j + 1; /* last point of the stretch */
        while (d != 0 && e + 1 < k &&
               sign(pts[idx[e + 1]].value - pts[idx[e]].value) == d)
            e++;
        if (d != 0 && e - j + 1 >= p->trend_min)
            for (size_t m = j; m <= e; m++) {
                pts[idx[m]].trend = d;
                pts[idx[m]].trend_len = e - j + 1;
            }
        j = d != 0 ? e : j + 1;
    }

    /* Two of three beyond the same two-sigma line: every window of three
     * consecutive points (two at the start of a phase of two). */
    for (size_t j = 0; j < k; j++) {
        size_t lo = j >= 2 ? j - 2 : 0;
        for (int s = -1; s <= 1; s += 2) {
            size_t c = 0;
            for (size_t m = lo; m <= j; m++) {
                const struct spc_point *q = &pts[idx[m]];
                if (s > 0 ? q->value > q->ucl2 : q->value < q->lcl2)
                    c++;
            }
            if (c < 2)
                continue;
            for (size_t m = lo; m <= j; m++) {
                struct spc_point *q = &pts[idx[m]];
                if (s > 0 ? q->value > q->ucl2 : q->value < q->lcl2) {
                    q->two_of_three = s;
                    if (c > q->two_len)
                        q->two_len = c;
                }
            }
        }
    }
}

void
spc_rules(const struct spc_params *p, struct spc_point *pts, size_t n)
{
    size_t *idx = xreallocarray(NULL, n ? n : 1, sizeof *idx);
    for (size_t i = 0; i < n; i++) {
        pts[i].beyond = pts[i].run = pts[i].trend = pts[i].two_of_three = 0;
        pts[i].run_len = pts[i].trend_len = pts[i].two_len = 0;
    }
    size_t a = 0;
    while (a < n) {
        size_t b = a, k = 0;
        while (b < n && pts[b].phase == pts[a].phase) {
            if (spc_has_value(p, &pts[b]) && !isnan(pts[b].centre))
                idx[k++] = b;
            b++;
        }
        phase_rules(p, pts, idx, k);
        a = b;
    }
    free(idx);
}

int
spc_signal(const struct spc_point *pt, const char **rule)
{
    if (pt->beyond) {
        *rule = "beyond";
        return pt->beyond;
    }
    if (pt->run) {
        *rule = "run";
        return pt->run;
    }
    if (pt->trend) {
        *rule = "trend";
        return pt->trend;
    }
    if (pt->two_of_three) {
        *rule = "two_of_three";
        return pt->two_of_three;
    }
    *rule = "";
    return 0;
}
