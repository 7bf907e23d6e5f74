/* padjust: R's p.adjust methods. */
#include <config.h>

#include "padjust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

bool
padj_parse(const char *s, enum padj_method *m)
{
    static const struct {
        const char *name;
        enum padj_method m;
    } names[] = {{"bh", PADJ_BH},
                 {"fdr", PADJ_BH},
                 {"holm", PADJ_HOLM},
                 {"bonferroni", PADJ_BONFERRONI},
                 {"hochberg", PADJ_HOCHBERG},
                 {"hommel", PADJ_HOMMEL},
                 {"by", PADJ_BY},
                 {"none", PADJ_NONE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *m = names[i].m;
            return true;
        }
    return false;
}

/* Sorting positions by p; ties keep their input order. */
static const double *sort_p;

static int
pos_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (sort_p[a] != sort_p[b])
        return sort_p[a] < sort_p[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

static double
min1(double x)
{
    return x < 1 ? x : 1;
}

/* Hommel's adjustment of ps, sorted ascending (m values), into a, in the
 * same order: R's p.adjust(method = "hommel") step by step. */
static void
hommel(const double *ps, size_t m, double *a)
{
    double *q = xreallocarray(NULL, m, sizeof *q);
    double dm = (double)m, start = INFINITY;
    for (size_t i = 0; i < m; i++)
        start = fmin(start, dm * ps[i] / (double)(i + 1));
    for (size_t i = 0; i < m; i++)
        q[i] = a[i] = start;
    for (size_t k = m - 1; k >= 2; k--) {
        /* i1 = the first m - k + 1 positions, i2 = the remaining k - 1. */
        size_t n1 = m - k + 1;
        double dk = (double)k, q1 = INFINITY;
        for (size_t j = n1; j < m; j++)
            q1 = fmin(q1, dk * ps[j] / (double)(j - n1 + 2));
        for (size_t j = 0; j < n1; j++)
            q[j] = fmin(dk * ps[j], q1);
        for (size_t j = n1; j < m; j++)
            q[j] = q[n1 - 1];
        for (size_t j = 0; j < m; j++)
            a[j] = fmax(a[j], q[j]);
    }
    for (size_t j = 0; j < m; j++)
        a[j] = fmax(a[j], ps[j]);
    free(q);
}

void
padj_adjust(enum padj_method m, const double *p, size_t n, double *out)
{
    size_t *pos = xreallocarray(NULL, n ? n : 1, sizeof *pos);
    size_t mm = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            pos[mm++] = i;
    double *q = xreallocarray(NULL, n ? n : 1, sizeof *q);
    for (size_t i = 0; i < n; i++)
        q[i] = NAN;
    sort_p = p;
    qsort(pos, mm, sizeof *pos, pos_cmp);
    double dm = (double)mm;
    if (m == PADJ_HOMMEL && mm == 2)
        m = PADJ_HOCHBERG; /* as R */
    switch (m) {
    case PADJ_NONE:
        for (size_t i = 0; i < mm; i++)
            q[pos[i]] = p[pos[i]];
        break;
    case PADJ_BONFERRONI:
        for (size_t i = 0; i < mm; i++)
            q[pos[i]] = min1(dm * p[pos[i]]);
        break;
    case PADJ_HOLM: {
        double run = 0;
        for (size_t i = 0; i < mm; i++) {
            double v = min1((dm - (double)i) * p[pos[i]]);
            if (v > run)
                run = v;
            q[pos[i]] = run;
        }
        break;
    }
    case PADJ_BH:
    case PADJ_BY:
    case PADJ_HOCHBERG: {
        /* Step-up: from the largest p down, a running minimum. */
        double c = 1;
        if (m == PADJ_BY) {
            c = 0;
            for (size_t i = 1; i <= mm; i++)
                c += 1 / (double)i;
        }
        double run = 1;
        for (size_t i = mm; i-- > 0;) {
            double v = m == PADJ_HOCHBERG
                           ? min1((dm - (double)i) * p[pos[i]])
                           : min1(c * dm * p[pos[i]] / (double)(i + 1));
            if (v < run)
                run = v;
            q[pos[i]] = run;
        }
        break;
    }
    case PADJ_HOMMEL: {
        if (mm < 2) {
            for (size_t i = 0; i < mm; i++)
                q[pos[i]] = p[pos[i]];
            break;
        }
        double *ps = xreallocarray(NULL, mm, sizeof *ps);
        double *a = xreallocarray(NULL, mm, sizeof *a);
        for (size_t i = 0; i < mm; i++)
            ps[i] = p[pos[i]];
        hommel(ps, mm, a);
        for (size_t i = 0; i < mm; i++)
            q[pos[i]] = a[i];
        free(ps);
        free(a);
        break;
    }
    }
    memcpy(out, q, n * sizeof *out);
    free(q);
    free(pos);
}
