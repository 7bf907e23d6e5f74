/* waits: journeys into waits (see waits.h). */
#include <config.h>

#include "waits.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void
push(struct wait **ws, size_t *n, size_t *cap, const struct ev *s, int64_t end,
     bool ended)
{
    XGROW(*ws, *cap, *n + 1);
    (*ws)[(*n)++] = (struct wait){s->t, end, s->client, s->seq, ended};
}

void
waits_filter_init(struct waits_filter *f, char *const *names, size_t n,
                  size_t act_col, bool censor_last, int64_t asof)
{
    memset(f, 0, sizeof *f);
    strmap_init(&f->acts);
    for (size_t i = 0; i < n; i++)
        strmap_add(&f->acts, names[i]);
    f->act_col = act_col;
    f->censor_last = censor_last;
    f->asof = asof;
}

bool
waits_keep(void *ctx, const struct evrec *r)
{
    struct waits_filter *f = ctx;
    if (strmap_find(&f->acts, r->vals[f->act_col]) != (size_t)-1)
        return true;
    if (r->t > f->asof) {
        f->late++;
    } else if (f->censor_last) {
        struct strmap *clients = &r->log->clients;
        size_t id = strmap_intern(clients, r->client, strlen(r->client), NULL);
        if (id >= f->nlast) {
            XGROW(f->last, f->lastcap, id + 1);
            while (f->nlast <= id)
                f->last[f->nlast++] = INT64_MIN;
        }
        if (r->t > f->last[id])
            f->last[id] = r->t;
    }
    return false;
}

void
waits_filter_free(struct waits_filter *f)
{
    strmap_free(&f->acts);
    free(f->last);
    memset(f, 0, sizeof *f);
}

/* The time of the client's last event at or before asof: last, the one in
 * the log (its journey has one, the start of the open wait), or a later one
 * the filter left out. */
static int64_t
last_event(const struct waits_rule *r, size_t client, int64_t last)
{
    const struct waits_filter *f = r->filter;
    if (f && client < f->nlast && f->last[client] > last)
        return f->last[client];
    return last;
}

/* Counts the ties of one client's events ev[0..n) at or before asof into
 * rep, and stores the instants whose pairing follows the row order in
 * *mixed (*nmixed of them, ascending). */
static void
client_ties(const struct evlog *log, const struct waits_rule *r,
            const struct ev *ev, size_t n, int64_t **mixed, size_t *nmixed,
            size_t *mcap, struct waits_report *rep)
{
    *nmixed = 0;
    for (size_t i = 0; i < n && ev[i].t <= r->asof;) {
        size_t j = i, to = 0, from = 0, both = 0;
        for (; j < n && ev[j].t == ev[i].t; j++) {
            size_t act = log->vals[ev[j].seq * log->ncols + r->act_col];
            to += r->is_to[act];
            from += r->is_from[act];
            both += r->is_to[act] && r->is_from[act];
        }
        rep->tied += j - i - 1;
        /* Several events that start or end waits, not all of them both:
         * which pairs with which follows their row order. */
        size_t rel = to + from - both;
        if (rel > 1 && to && from && both < rel) {
            XGROW(*mixed, *mcap, *nmixed + 1);
            (*mixed)[(*nmixed)++] = ev[i].t;
        }
        i = j;
    }
    if (*nmixed) {
        rep->mixed += *nmixed;
        rep->mixed_clients++;
    }
}

static bool
is_mixed(const int64_t *mixed, size_t n, int64_t t)
{
    for (size_t i = 0; i < n; i++)
        if (mixed[i] == t)
            return true;
    return false;
}

struct wait *
waits_find(const struct evlog *log, const struct waits_rule *r, size_t *n,
           struct waits_report *rep)
{
    struct wait *ws = NULL;
    size_t cap = 0;
    *n = 0;
    memset(rep, 0, sizeof *rep);
    if (r->filter)
        rep->late = r->filter->late;
    int64_t *mixed = NULL;
    size_t nmixed = 0, mcap = 0;
    for (size_t i = 0; i < log->n;) {
        size_t client = log->ev[i].client;
        const struct ev *start = NULL;
        int64_t last = 0;
        size_t k = i, before = *n;
        while (k < log->n && log->ev[k].client == client)
            k++;
        client_ties(log, r, log->ev + i, k - i, &mixed, &nmixed, &mcap, rep);
        for (; i < log->n && log->ev[i].client == client; i++) {
            const struct ev *e = &log->ev[i];
            if (e->t > r->asof) {
                rep->late++;
                continue;
            }
            last = e->t;
            size_t act = log->vals[e->seq * log->ncols + r->act_col];
            if (r->is_to[act]) {
                if (start) {
                    push(&ws, n, &cap, start, e->t, true);
                    start = NULL;
                } else if (!r->is_from[act]) {
                    rep->unmatched++;
                }
            }
            if (r->is_from[act] && (!start || r->restart))
                start = e;
        }
        if (start)
            push(&ws, n, &cap, start,
                 r->censor_last ? last_event(r, client, last) : r->asof, false);
        for (size_t w = before; nmixed && w < *n; w++)
            if (is_mixed(mixed, nmixed, ws[w].start) ||
                (ws[w].ended && is_mixed(mixed, nmixed, ws[w].end)))
                rep->mixed_waits++;
    }
    free(mixed);
    return ws;
}
