/* continuity: COC, UPC, SECON, MMCI, handoffs and returns of a journey. */
#include <config.h>

#include "continuity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
cont_work_init(struct cont_work *w)
{
    memset(w, 0, sizeof *w);
}

void
cont_work_free(struct cont_work *w)
{
    free(w->count);
    free(w->touched);
    memset(w, 0, sizeof *w);
}

/* Makes room for ids below n; new counts start at zero. */
static void
work_reserve(struct cont_work *w, const size_t *p, size_t n)
{
    size_t need = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] + 1 > need)
            need = p[i] + 1;
    if (need > w->cap) {
        size_t old = w->cap;
        XGROW(w->count, w->cap, need);
        memset(w->count + old, 0, (w->cap - old) * sizeof *w->count);
    }
    XGROW(w->touched, w->tcap, n + 1);
    w->ntouched = 0;
}

/* Adds one contact with provider id; returns its new count. */
static size_t
work_add(struct cont_work *w, size_t id)
{
    if (w->count[id]++ == 0)
        w->touched[w->ntouched++] = id;
    return w->count[id];
}

static void
work_clear(struct cont_work *w)
{
    for (size_t i = 0; i < w->ntouched; i++)
        w->count[w->touched[i]] = 0;
    w->ntouched = 0;
}

void
cont_figures(const size_t *p, size_t n, struct cont_work *w,
             struct cont_figs *f)
{
    memset(f, 0, sizeof *f);
    f->n = n;
    f->coc = f->upc = f->secon = f->mmci = NAN;
    if (n == 0)
        return;
    work_reserve(w, p, n);
    size_t maxc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = work_add(w, p[i]);
        if (c > maxc)
            maxc = c;
        if (i + 1 < n && p[i] != p[i + 1])
            f->handoffs++;
        if (i + 2 < n && p[i] == p[i + 2] && p[i] != p[i + 1])
            f->returns++;
    }
    /* Sums of squared counts are exact in 64 bits for any journey that
     * fits in memory, so COC is one rounding away from the fraction. */
    uint64_t sumsq = 0;
    for (size_t i = 0; i < w->ntouched; i++) {
        uint64_t c = w->count[w->touched[i]];
        sumsq += c * c;
    }
    f->providers = w->ntouched;
    work_clear(w);

    double N = (double)n, M = (double)f->providers;
    f->upc = (double)maxc / N;
    f->mmci = (1 - M / (N + 0.1)) / (1 - 1 / (N + 0.1));
    if (n >= 2) {
        f->coc = (double)(sumsq - n) / (N * (N - 1));
        f->secon = (double)(n - 1 - f->handoffs) / (N - 1);
    }
}

size_t
cont_max_window(const int64_t *t, const size_t *p, size_t n, int64_t window,
                struct cont_work *w)
{
    if (n == 0)
        return 0;
    work_reserve(w, p, n);
    /* Two pointers: [lo, hi) holds the contacts in [t[lo], t[lo] + window].
     * A best window can always start at a contact, so these n windows are
     * enough. distinct counts ids present in the current window. */
    size_t best = 0, distinct = 0, hi = 0;
    for (size_t lo = 0; lo < n; lo++) {
        while (hi < n && t[hi] - t[lo] <= window) {
            if (work_add(w, p[hi]) == 1)
                distinct++;
            hi++;
        }
        if (distinct > best)
            best = distinct;
        if (--w->count[p[lo]] == 0)
            distinct--;
    }
    /* Every count is back to zero; forget the touched list. */
    w->ntouched = 0;
    return best;
}
