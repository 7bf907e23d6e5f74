/* events: loading canonical events and ordering them into journeys. */
#include <config.h>

#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "cxtime.h"
#include "err.h"
#include "xalloc.h"

void
evlog_read(struct evlog *log, struct csvin *in, char *const *cols,
           size_t ncols)
{
    evlog_read_keep(log, in, cols, ncols, NULL, NULL);
}

void
evlog_read_keep(struct evlog *log, struct csvin *in, char *const *cols,
                size_t ncols, evlog_keep_fn *keep, void *ctx)
{
    memset(log, 0, sizeof *log);
    strmap_init(&log->clients);
    strmap_init(&log->values);
    log->ncols = ncols;
    log->all_dates = true;
    size_t ci = csvhdr_require(&in->hdr, "client");
    size_t ti = csvhdr_require(&in->hdr, "time");
    size_t *idx = xcalloc(ncols + 1, sizeof *idx);
    for (size_t k = 0; k < ncols; k++)
        idx[k] = csvhdr_require(&in->hdr, cols[k]);
    size_t valcap = 0;
    char **rowvals = xcalloc(ncols + 1, sizeof *rowvals);
    bool any = false;

    while (csvin_next(in)) {
        const char *client = in->f[ci], *ts = in->f[ti];
        if (!*client)
            die_at(in->file, in->line, "empty client");
        if (!*ts)
            die_at(in->file, in->line, "empty time");
        int64_t t;
        bool donly;
        if (!time_parse(ts, &t, &donly))
            die_at(in->file, in->line, "bad time '%s' in column 'time'", ts);
        log->all_dates &= donly;
        if (!any || t < log->tmin)
            log->tmin = t;
        if (!any || t > log->tmax)
            log->tmax = t;
        any = true;
        log->nread++;
        if (keep) {
            for (size_t k = 0; k < ncols; k++)
                rowvals[k] = in->f[idx[k]];
            struct evrec r = {client, t, rowvals, log};
            if (!keep(ctx, &r))
                continue;
        }
        XGROW(log->ev, log->cap, log->n + 1);
        struct ev *e = &log->ev[log->n];
        e->t = t;
        e->client = strmap_intern(&log->clients, client, strlen(client), NULL);
        e->seq = log->n;
        XGROW(log->vals, valcap, (log->n + 1) * ncols);
        for (size_t k = 0; k < ncols; k++) {
            const char *v = in->f[idx[k]];
            log->vals[log->n * ncols + k] =
                strmap_intern(&log->values, v, strlen(v), NULL);
        }
        log->n++;
    }
    free(rowvals);
    free(idx);
}

static size_t *client_rank;

static int
cmp_ev(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    if (x->client != y->client)
        return client_rank[x->client] < client_rank[y->client] ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
evlog_sort(struct evlog *log)
{
    size_t *order = strmap_sorted(&log->clients);
    client_rank = xcalloc(log->clients.n + 1, sizeof *client_rank);
    for (size_t i = 0; i < log->clients.n; i++)
        client_rank[order[i]] = i;
    if (log->n) /* qsort wants a valid array even for no elements */
        qsort(log->ev, log->n, sizeof *log->ev, cmp_ev);
    free(order);
    free(client_rank);
    client_rank = NULL;
}

const char *
evlog_val(const struct evlog *log, const struct ev *e, size_t col)
{
    return log->values.strs[log->vals[e->seq * log->ncols + col]];
}

void
evlog_free(struct evlog *log)
{
    strmap_free(&log->clients);
    strmap_free(&log->values);
    free(log->ev);
    free(log->vals);
    memset(log, 0, sizeof *log);
}
