/* events: loading canonical events and ordering them into journeys. */
#include <config.h>

#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "cxtime.h"
#include "err.h"
#include "xalloc.h"

/* Column indices of client, time and the kept columns. */
static size_t *
find_cols(struct csvin *in, char *const *cols, size_t ncols)
{
    size_t *idx = xcalloc(ncols + 2, sizeof *idx);
    idx[0] = csvhdr_require(&in->hdr, "client");
    idx[1] = csvhdr_require(&in->hdr, "time");
    for (size_t k = 0; k < ncols; k++)
        idx[k + 2] = csvhdr_require(&in->hdr, cols[k]);
    return idx;
}

/* Checks the current record's client and time; its time into *t. */
static void
check_record(struct csvin *in, const size_t *idx, int64_t *t, bool *donly)
{
    const char *client = in->f[idx[0]], *ts = in->f[idx[1]];
    if (!*client)
        die_at(in->file, in->line, "empty client");
    if (!*ts)
        die_at(in->file, in->line, "empty time");
    if (!time_parse(ts, t, donly))
        die_at(in->file, in->line, "bad time '%s' in column 'time'", ts);
}

static void
too_many(struct csvin *in)
{
    die_at(in->file, in->line,
           "more than %lu events or clients: read it with --sorted, or "
           "split it by client (cx-split)",
           (unsigned long)(UINT32_MAX - 1));
}

/* The id of a client, with the previous record's as a shortcut: most
 * exports list a client's events together. */
static uint32_t
intern_client(struct strmap *m, const char *s, uint32_t *last,
              struct csvin *in)
{
    size_t len = strlen(s);
    if (*last != UINT32_MAX && m->lens[*last] == len &&
        memcmp(m->strs[*last], s, len) == 0)
        return *last;
    size_t id = strmap_intern(m, s, len, NULL);
    if (id >= UINT32_MAX - 1)
        too_many(in);
    *last = (uint32_t)id;
    return *last;
}

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
    size_t *idx = find_cols(in, cols, ncols);
    size_t valcap = 0;
    char **rowvals = xcalloc(ncols + 1, sizeof *rowvals);
    uint32_t last = UINT32_MAX;

    while (csvin_next(in)) {
        int64_t t;
        bool donly;
        check_record(in, idx, &t, &donly);
        const char *client = in->f[idx[0]];
        log->all_dates &= donly;
        if (!log->nread || t < log->tmin)
            log->tmin = t;
        if (!log->nread || t > log->tmax)
            log->tmax = t;
        log->nread++;
        if (keep) {
            for (size_t k = 0; k < ncols; k++)
                rowvals[k] = in->f[idx[k + 2]];
            struct evrec r = {client, t, rowvals, log};
            if (!keep(ctx, &r))
                continue;
            last = UINT32_MAX; /* the filter may have added clients */
        }
        if (log->n >= UINT32_MAX - 1)
            too_many(in);
        XGROW(log->ev, log->cap, log->n + 1);
        struct ev *e = &log->ev[log->n];
        e->t = t;
        e->client = intern_client(&log->clients, client, &last, in);
        e->seq = (uint32_t)log->n;
        XGROW(log->vals, valcap, (log->n + 1) * ncols);
        for (size_t k = 0; k < ncols; k++) {
            const char *v = in->f[idx[k + 2]];
            log->vals[log->n * ncols + k] =
                strmap_intern(&log->values, v, strlen(v), NULL);
        }
        log->n++;
    }
    free(rowvals);
    free(idx);
}

static int
cmp_time_seq(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Orders one client's events by time, then input position. */
static void
sort_bucket(struct ev *e, size_t n)
{
    bool sorted = true;
    for (size_t i = 1; sorted && i < n; i++)
        sorted = cmp_time_seq(&e[i - 1], &e[i]) < 0;
    if (sorted)
        return;
    if (n > 16) {
        qsort(e, n, sizeof *e, cmp_time_seq);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        struct ev x = e[i];
        size_t j = i;
        for (; j > 0 && cmp_time_seq(&e[j - 1], &x) > 0; j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}

static int
cmp_names(const void *a, const void *b, void *ctx)
{
    const struct strmap *m = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    size_t lx = m->lens[x], ly = m->lens[y];
    int c = memcmp(m->strs[x], m->strs[y], lx < ly ? lx : ly);
    if (c)
        return c;
    return lx < ly ? -1 : lx > ly;
}

/* Rank in byte order of each client id, 32-bit; *byrank (may be NULL)
 * the ids by rank. Reentrant (threads sort their own clients). */
static uint32_t *
client_ranks(const struct strmap *clients, uint32_t **byrank)
{
    size_t nc = clients->n;
    size_t *order = xcalloc(nc + 1, sizeof *order);
    for (size_t i = 0; i < nc; i++)
        order[i] = i;
    qsort_r(order, nc, sizeof *order, cmp_names, (void *)clients);
    uint32_t *rank = xcalloc(nc + 1, sizeof *rank);
    if (byrank)
        *byrank = xcalloc(nc + 1, sizeof **byrank);
    for (size_t i = 0; i < nc; i++) {
        rank[order[i]] = (uint32_t)i;
        if (byrank)
            (*byrank)[i] = (uint32_t)order[i];
    }
    free(order);
    return rank;
}

void
evlog_sort(struct evlog *log)
{
    /* Buckets by client rank, filled in place (American flag sort: not
     * stable, so each bucket is then sorted by time and input position,
     * which every event carries). */
    size_t nc = log->clients.n;
    uint32_t *rank = client_ranks(&log->clients, NULL);
    size_t *next = xcalloc(nc + 1, sizeof *next);
    size_t *end = xcalloc(nc + 1, sizeof *end);
    for (size_t i = 0; i < log->n; i++)
        end[rank[log->ev[i].client]]++;
    size_t sum = 0;
    for (size_t r = 0; r < nc; r++) {
        next[r] = sum;
        sum += end[r];
        end[r] = sum;
    }
    for (size_t r = 0; r < nc; r++) {
        while (next[r] < end[r]) {
            struct ev x = log->ev[next[r]];
            uint32_t b = rank[x.client];
            while (b != r) {
                struct ev y = log->ev[next[b]];
                log->ev[next[b]++] = x;
                x = y;
                b = rank[x.client];
            }
            log->ev[next[r]++] = x;
        }
    }
    for (size_t r = 0, s = 0; r < nc; r++) {
        sort_bucket(log->ev + s, end[r] - s);
        s = end[r];
    }
    free(rank);
    free(next);
    free(end);
}

const char *
evlog_val(const struct evlog *log, const struct ev *e, size_t col)
{
    return log->values.strs[log->vals[(size_t)e->seq * log->ncols + col]];
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

void
evjourney_init(struct evjourney *j, size_t ncols, const struct strmap *values)
{
    memset(j, 0, sizeof *j);
    j->ncols = ncols;
    j->values = values;
}

void
evjourney_reserve(struct evjourney *j, size_t n)
{
    if (n <= j->cap)
        return;
    size_t cap = j->cap ? j->cap : 16;
    while (cap < n)
        cap *= 2;
    size_t w = j->ncols ? j->ncols : 1;
    j->t = xreallocarray(j->t, cap, sizeof *j->t);
    j->tt = xreallocarray(j->tt, cap, sizeof *j->tt);
    j->vals = xreallocarray(j->vals, cap * w, sizeof *j->vals);
    j->vv = xreallocarray(j->vv, cap * w, sizeof *j->vv);
    j->perm = xreallocarray(j->perm, cap, sizeof *j->perm);
    j->tmp = xreallocarray(j->tmp, cap, sizeof *j->tmp);
    j->cap = cap;
}

/* Stable merge sort of the positions p[0..n) by t[p[i]]; tmp is scratch. */
static void
msort(uint32_t *p, uint32_t *tmp, size_t n, const int64_t *t)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = p[i];
            size_t k = i;
            for (; k > 0 && t[p[k - 1]] > t[x]; k--)
                p[k] = p[k - 1];
            p[k] = x;
        }
        return;
    }
    size_t h = n / 2;
    msort(p, tmp, h, t);
    msort(p + h, tmp, n - h, t);
    if (t[p[h - 1]] <= t[p[h]])
        return;
    memcpy(tmp, p, h * sizeof *p);
    size_t a = 0, b = h, o = 0;
    while (a < h && b < n)
        p[o++] = t[p[b]] < t[tmp[a]] ? p[b++] : tmp[a++];
    while (a < h)
        p[o++] = tmp[a++];
}

void
evjourney_order(struct evjourney *j)
{
    size_t n = j->n, i = 1;
    while (i < n && j->t[i - 1] <= j->t[i])
        i++;
    if (i >= n)
        return;
    for (size_t k = 0; k < n; k++)
        j->perm[k] = (uint32_t)k;
    msort(j->perm, j->tmp, n, j->t);
    size_t w = j->ncols;
    for (size_t k = 0; k < n; k++) {
        j->tt[k] = j->t[j->perm[k]];
        memcpy(j->vv + k * w, j->vals + (size_t)j->perm[k] * w,
               w * sizeof *j->vv);
    }
    int64_t *t = j->t;
    j->t = j->tt;
    j->tt = t;
    uint32_t *v = j->vals;
    j->vals = j->vv;
    j->vv = v;
}

void
evjourney_free(struct evjourney *j)
{
    free(j->t);
    free(j->tt);
    free(j->vals);
    free(j->vv);
    free(j->perm);
    free(j->tmp);
    memset(j, 0, sizeof *j);
}

void
evtab_read(struct evtab *tab, struct csvin *in, char *const *cols,
           size_t ncols)
{
    memset(tab, 0, sizeof *tab);
    strmap_init(&tab->clients);
    strmap_init(&tab->values);
    tab->ncols = ncols;
    tab->all_dates = true;
    size_t *idx = find_cols(in, cols, ncols);
    uint32_t last = UINT32_MAX;
    size_t n = 0, cap = 0;
    /* The value of the previous record per column, as for clients. */
    uint32_t *lastv = xcalloc(ncols + 1, sizeof *lastv);
    for (size_t k = 0; k < ncols; k++)
        lastv[k] = UINT32_MAX;

    while (csvin_next(in)) {
        int64_t t;
        bool donly;
        check_record(in, idx, &t, &donly);
        tab->all_dates &= donly;
        if (!n || t < tab->tmin)
            tab->tmin = t;
        if (!n || t > tab->tmax)
            tab->tmax = t;
        if (n >= UINT32_MAX - 1)
            too_many(in);
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            tab->t = xreallocarray(tab->t, cap, sizeof *tab->t);
            tab->client = xreallocarray(tab->client, cap, sizeof *tab->client);
            tab->vals = xreallocarray(tab->vals, cap * (ncols ? ncols : 1),
                                      sizeof *tab->vals);
        }
        tab->t[n] = t;
        tab->client[n] =
            intern_client(&tab->clients, in->f[idx[0]], &last, in);
        for (size_t k = 0; k < ncols; k++)
            tab->vals[n * ncols + k] =
                intern_client(&tab->values, in->f[idx[k + 2]], &lastv[k], in);
        n++;
    }
    tab->n = tab->nread = n;
    tab->cap = cap;
    free(lastv);
    free(idx);
}

void
evtab_group(struct evtab *tab)
{
    size_t nc = tab->clients.n;
    uint32_t *rank = client_ranks(&tab->clients, &tab->jclient);
    /* Counting sort by rank, stable: input order within a client. */
    tab->start = xcalloc(nc + 2, sizeof *tab->start);
    for (size_t i = 0; i < tab->n; i++)
        tab->start[rank[tab->client[i]] + 1]++;
    for (size_t r = 0; r < nc; r++)
        tab->start[r + 1] += tab->start[r];
    /* rank becomes the next free position of each client. */
    for (size_t c = 0; c < nc; c++)
        rank[c] = tab->start[rank[c]];
    tab->order = xreallocarray(NULL, tab->n + 1, sizeof *tab->order);
    for (size_t i = 0; i < tab->n; i++)
        tab->order[rank[tab->client[i]]++] = (uint32_t)i;
    free(tab->client);
    tab->client = NULL;
    free(rank);
}

void
evtab_journey(const struct evtab *tab, size_t k, struct evjourney *j)
{
    size_t s = tab->start[k], n = tab->start[k + 1] - s, w = tab->ncols;
    evjourney_reserve(j, n);
    j->client = tab->clients.strs[tab->jclient[k]];
    j->n = n;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = tab->order[s + i];
        j->t[i] = tab->t[e];
        memcpy(j->vals + i * w, tab->vals + (size_t)e * w, w * sizeof *j->vals);
    }
    evjourney_order(j);
}

void
evtab_free(struct evtab *tab)
{
    strmap_free(&tab->clients);
    strmap_free(&tab->values);
    free(tab->t);
    free(tab->vals);
    free(tab->client);
    free(tab->order);
    free(tab->start);
    free(tab->jclient);
    memset(tab, 0, sizeof *tab);
}

/* The owner of a client: FNV-1a of its name, modulo the owners. */
static uint32_t
owner_of(const char *s, size_t len, size_t nowners)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return (uint32_t)(h % nowners);
}

static void
part_grow(struct evpart *p, size_t ncols)
{
    if (p->n < p->cap)
        return;
    p->cap = p->cap ? p->cap * 2 : 1024;
    p->t = xreallocarray(p->t, p->cap, sizeof *p->t);
    p->client = xreallocarray(p->client, p->cap, sizeof *p->client);
    p->vals = xreallocarray(p->vals, p->cap * (ncols ? ncols : 1),
                            sizeof *p->vals);
}

void
evsplit_read(struct evsplit *s, struct csvin *in, char *const *cols,
             size_t ncols, size_t nowners)
{
    memset(s, 0, sizeof *s);
    strmap_init(&s->clients);
    strmap_init(&s->values);
    s->ncols = ncols;
    s->nowners = nowners;
    s->all_dates = true;
    s->part = xcalloc(nowners, sizeof *s->part);
    size_t *idx = find_cols(in, cols, ncols);
    uint32_t last = UINT32_MAX;
    size_t ocap = 0;
    uint32_t *lastv = xcalloc(ncols + 1, sizeof *lastv);
    for (size_t k = 0; k < ncols; k++)
        lastv[k] = UINT32_MAX;
    while (csvin_next(in)) {
        int64_t t;
        bool donly;
        check_record(in, idx, &t, &donly);
        s->all_dates &= donly;
        if (!s->nread || t < s->tmin)
            s->tmin = t;
        if (!s->nread || t > s->tmax)
            s->tmax = t;
        s->nread++;
        if (s->nread >= UINT32_MAX - 1)
            too_many(in);
        uint32_t c = intern_client(&s->clients, in->f[idx[0]], &last, in);
        if (c >= ocap) {
            XGROW(s->owner, ocap, (size_t)c + 1);
        }
        if (c + 1 == s->clients.n && c >= s->nowned) {
            s->owner[c] = owner_of(s->clients.strs[c], s->clients.lens[c],
                                   nowners);
            s->nowned = c + 1;
        }
        struct evpart *p = &s->part[s->owner[c]];
        part_grow(p, ncols);
        p->t[p->n] = t;
        p->client[p->n] = c;
        for (size_t k = 0; k < ncols; k++)
            p->vals[p->n * ncols + k] =
                intern_client(&s->values, in->f[idx[k + 2]], &lastv[k], in);
        p->n++;
    }
    s->cmap = xreallocarray(NULL, s->clients.n + 1, sizeof *s->cmap);
    for (size_t i = 0; i < s->clients.n; i++)
        s->cmap[i] = UINT32_MAX;
    free(lastv);
    free(idx);
}

void
evsplit_free(struct evsplit *s)
{
    strmap_free(&s->clients);
    strmap_free(&s->values);
    for (size_t o = 0; s->part && o < s->nowners; o++) {
        free(s->part[o].t);
        free(s->part[o].client);
        free(s->part[o].vals);
    }
    free(s->part);
    free(s->owner);
    free(s->cmap);
    memset(s, 0, sizeof *s);
}

void
evtab_gather(struct evtab *tab, struct evsplit *r, size_t nr, size_t owner,
             uint32_t *const *valmap)
{
    size_t ncols = r[0].ncols, n = 0;
    memset(tab, 0, sizeof *tab);
    strmap_init(&tab->clients);
    strmap_init(&tab->values);
    tab->ncols = ncols;
    for (size_t k = 0; k < nr; k++)
        n += r[k].part[owner].n;
    size_t w = ncols ? ncols : 1;
    tab->t = xreallocarray(NULL, n + 1, sizeof *tab->t);
    tab->client = xreallocarray(NULL, n + 1, sizeof *tab->client);
    tab->vals = xreallocarray(NULL, (n + 1) * w, sizeof *tab->vals);
    size_t i = 0;
    for (size_t k = 0; k < nr; k++) {
        struct evpart *p = &r[k].part[owner];
        for (size_t e = 0; e < p->n; e++, i++) {
            uint32_t lc = p->client[e];
            /* Only this owner's clients: no other thread writes these. */
            if (r[k].cmap[lc] == UINT32_MAX)
                r[k].cmap[lc] = (uint32_t)strmap_intern(
                    &tab->clients, r[k].clients.strs[lc],
                    r[k].clients.lens[lc], NULL);
            tab->t[i] = p->t[e];
            tab->client[i] = r[k].cmap[lc];
            for (size_t c = 0; c < ncols; c++)
                tab->vals[i * ncols + c] = valmap[k][p->vals[e * ncols + c]];
        }
        free(p->t);
        free(p->client);
        free(p->vals);
        memset(p, 0, sizeof *p);
    }
    tab->n = tab->nread = n;
    tab->cap = n;
}
