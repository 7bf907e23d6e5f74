/* padjust: Benjamini-Hochberg, Holm and Bonferroni adjustments. */
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
    case PADJ_BH: {
        double run = 1;
        for (size_t i = mm; i-- > 0;) {
            double v = min1(dm * p[pos[i]] / (double)(i + 1));
            if (v < run)
                run = v;
            q[pos[i]] = run;
        }
        break;
    }
    }
    memcpy(out, q, n * sizeof *out);
    free(q);
    free(pos);
}
