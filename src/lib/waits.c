/* waits: journeys into waits (see waits.h). */
#include <config.h>

#include "waits.h"

#include <string.h>

#include "xalloc.h"

static void
push(struct wait **ws, size_t *n, size_t *cap, const struct ev *s, int64_t end,
     bool ended)
{
    XGROW(*ws, *cap, *n + 1);
    (*ws)[(*n)++] = (struct wait){s->t, end, s->client, s->seq, ended};
}

struct wait *
waits_find(const struct evlog *log, const struct waits_rule *r, size_t *n,
           struct waits_report *rep)
{
    struct wait *ws = NULL;
    size_t cap = 0;
    *n = 0;
    memset(rep, 0, sizeof *rep);
    for (size_t i = 0; i < log->n;) {
        size_t client = log->ev[i].client;
        const struct ev *start = NULL;
        int64_t last = 0;
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
            push(&ws, n, &cap, start, r->censor_last ? last : r->asof, false);
    }
    return ws;
}
