/* waitweeks: open and ended waits per ISO week, from cx-waits --list. */
#include <config.h>

#include "waitweeks.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "xalloc.h"

int64_t
week_end_ms(int64_t k)
{
    return period_start(PERIOD_WEEK, k + 1) - 1000;
}

/* The first week k whose end is at or after x. */
static int64_t
first_week_at_or_after(int64_t x)
{
    int64_t k = period_index(PERIOD_WEEK, x);
    return x > week_end_ms(k) ? k + 1 : k;
}

/* Adds 1 to d over weeks [a, b) clipped to the range (a difference array
 * of nweeks + 1 entries). */
static void
add_range(long *d, int64_t first, int64_t last, int64_t a, int64_t b)
{
    if (a < first)
        a = first;
    if (b > last + 1)
        b = last + 1;
    if (a >= b)
        return;
    d[a - first]++;
    d[b - first]--;
}

void
waitweeks_count(struct waitweeks *w, const char *path, int64_t first,
                int64_t last, int64_t norm_ms, int censored_open)
{
    memset(w, 0, sizeof *w);
    w->first = first;
    w->last = last;
    size_t nw = last >= first ? (size_t)(last - first + 1) : 0;
    w->open = xcalloc(nw + 1, sizeof *w->open);
    w->open_over = xcalloc(nw + 1, sizeof *w->open_over);
    w->ended = xcalloc(nw + 1, sizeof *w->ended);
    w->ended_over = xcalloc(nw + 1, sizeof *w->ended_over);
    w->started = xcalloc(nw + 1, sizeof *w->started);
    w->never = xcalloc(nw + 1, sizeof *w->never);
    long *d_open = xcalloc(nw + 2, sizeof *d_open);
    long *d_over = xcalloc(nw + 2, sizeof *d_over);

    char *files[] = {(char *)path};
    struct csvin in;
    csvin_open(&in, files, 1);
    size_t si = csvhdr_require(&in.hdr, "start");
    size_t ei = csvhdr_require(&in.hdr, "end");
    while (csvin_next(&in)) {
        int64_t s, e = INT64_MAX;
        if (!time_parse(in.f[si], &s, NULL))
            die_at(in.file, in.line, "bad time '%s' in column 'start'",
                   in.f[si]);
        bool ended = in.f[ei][0] != '\0';
        if (ended && !time_parse(in.f[ei], &e, NULL))
            die_at(in.file, in.line, "bad time '%s' in column 'end'", in.f[ei]);
        int64_t ks = period_index(PERIOD_WEEK, s);
        if (ks >= first && ks <= last) {
            w->started[ks - first]++;
            if (!ended)
                w->never[ks - first]++;
        }
        if (!ended && !censored_open)
            continue;
        int64_t ka = first_week_at_or_after(s);
        int64_t kb = ended ? first_week_at_or_after(e) : last + 1;
        add_range(d_open, first, last, ka, kb);
        if (norm_ms > 0)
            add_range(d_over, first, last,
                      first_week_at_or_after(s + norm_ms + 1), kb);
        if (ended) {
            int64_t k = period_index(PERIOD_WEEK, e);
            if (k >= first && k <= last) {
                w->ended[k - first]++;
                if (norm_ms > 0 && e - s > norm_ms)
                    w->ended_over[k - first]++;
            }
        }
    }
    csvin_close(&in);
    long o = 0, v = 0;
    for (size_t i = 0; i < nw; i++) {
        o += d_open[i];
        v += d_over[i];
        w->open[i] = (size_t)o;
        w->open_over[i] = (size_t)v;
    }
    free(d_open);
    free(d_over);
}

void
waitweeks_free(struct waitweeks *w)
{
    free(w->open);
    free(w->open_over);
    free(w->ended);
    free(w->ended_over);
    free(w->started);
    free(w->never);
    memset(w, 0, sizeof *w);
}
