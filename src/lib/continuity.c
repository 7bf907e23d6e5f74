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

void
cont_steps_init(struct cont_steps *s)
{
    memset(s, 0, sizeof *s);
}

void
cont_steps_free(struct cont_steps *s)
{
    free(s->start);
    free(s->prov);
    free(s->t);
    memset(s, 0, sizeof *s);
}

static int
cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

void
cont_steps_build(struct cont_steps *s, const size_t *p, const int64_t *t,
                 size_t n)
{
    XGROW(s->start, s->cap, n + 1);
    XGROW(s->prov, s->pcap, n + 1);
    XGROW(s->t, s->tcap, n + 1);
    s->n = s->tied = s->mixed = s->tied_handoffs = 0;
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && t[j] == t[i]) {
            s->tied++;
            if (p[j] != p[j - 1])
                s->tied_handoffs++;
            j++;
        }
        memcpy(s->prov + out, p + i, (j - i) * sizeof *p);
        qsort(s->prov + out, j - i, sizeof *p, cmp_size);
        size_t k = out + 1;
        for (size_t m = out + 1; m < out + (j - i); m++)
            if (s->prov[m] != s->prov[k - 1])
                s->prov[k++] = s->prov[m];
        s->t[s->n] = t[i];
        s->start[s->n++] = out;
        if (k - out > 1)
            s->mixed++;
        out = k;
        i = j;
    }
    s->start[s->n] = out;
}

bool
cont_steps_share(const struct cont_steps *s, size_t a, size_t b)
{
    /* Both sets are ascending: a merge walk. */
    size_t i = s->start[a], ie = s->start[a + 1];
    size_t j = s->start[b], je = s->start[b + 1];
    while (i < ie && j < je) {
        if (s->prov[i] == s->prov[j])
            return true;
        if (s->prov[i] < s->prov[j])
            i++;
        else
            j++;
    }
    return false;
}

void
cont_figures_steps(const size_t *p, size_t n, const struct cont_steps *s,
                   struct cont_work *w, struct cont_figs *f)
{
    cont_figures(p, n, w, f);
    f->handoffs = f->returns = 0;
    for (size_t k = 0; k < s->n; k++) {
        f->handoffs += s->start[k + 1] - s->start[k] - 1;
        if (k + 1 < s->n && !cont_steps_share(s, k, k + 1)) {
            f->handoffs++;
            if (k + 2 < s->n && cont_steps_share(s, k, k + 2))
                f->returns++;
        }
    }
    if (n >= 2)
        f->secon = (double)(n - 1 - f->handoffs) / (double)(n - 1);
}
