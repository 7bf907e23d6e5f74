/* handover: the handover matrix and its Graphviz picture. */
#include <config.h>

#include "handover.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xalloc.h"

void
handover_init(struct handover *m, bool self)
{
    memset(m, 0, sizeof *m);
    m->self = self;
    strmap_init(&m->keys);
}

static struct hcell *
cell_get(struct handover *m, size_t from, size_t to)
{
    size_t key[2] = {from, to};
    bool added;
    size_t id = strmap_intern(&m->keys, (const char *)key, sizeof key, &added);
    if (added) {
        XGROW(m->cells, m->cap, id + 1);
        m->cells[id] =
            (struct hcell){.from = from, .to = to, .last = (size_t)-1};
    }
    return &m->cells[id];
}

/* One succession from -> to; delay in ms, or negative for none. */
static void
cell_add(struct handover *m, size_t from, size_t to, double delay)
{
    struct hcell *c = cell_get(m, from, to);
    c->count++;
    if (c->last != m->journeys) {
        c->last = m->journeys;
        c->clients++;
    }
    if (delay >= 0) {
        XGROW(c->delay, c->dcap, c->ndelay + 1);
        c->delay[c->ndelay++] = delay;
    }
}

static struct hleave *
leave_of(struct handover *m, size_t id)
{
    if (id >= m->leavecap) {
        size_t old = m->leavecap;
        XGROW(m->leave, m->leavecap, id + 1);
        memset(m->leave + old, 0, (m->leavecap - old) * sizeof *m->leave);
        for (size_t i = old; i < m->leavecap; i++)
            m->leave[i].last = (size_t)-1;
    }
    return &m->leave[id];
}

/* A stay at provider id ends: at the next provider after delay ms (ended),
 * or not yet, its last event at time t (censored in handover_finish). */
static void
leave_add(struct handover *m, size_t id, bool ended, double value)
{
    struct hleave *l = leave_of(m, id);
    if (l->last != m->journeys) {
        l->last = m->journeys;
        l->clients++;
    }
    l->handoffs += ended;
    XGROW(l->obs, l->ocap, l->nobs + 1);
    l->obs[l->nobs++] = (struct km_obs){value, ended};
}

static void
return_add(struct handover *m, size_t from, size_t to)
{
    cell_get(m, from, to)->returns++;
    leave_of(m, from)->returns++;
}

static void
mark_seen(struct handover *m, size_t id)
{
    if (id >= m->seencap) {
        size_t old = m->seencap;
        XGROW(m->seen, m->seencap, id + 1);
        memset(m->seen + old, 0, (m->seencap - old) * sizeof *m->seen);
    }
    m->seen[id] = true;
}

void
handover_journey_steps(struct handover *m, const struct cont_steps *s)
{
    for (size_t k = 0; k < s->n; k++) {
        for (size_t i = s->start[k]; i < s->start[k + 1]; i++)
            mark_seen(m, s->prov[i]);
        if (k == 0)
            continue;
        bool share = cont_steps_share(s, k - 1, k);
        double delay = (double)(s->t[k] - s->t[k - 1]);
        for (size_t a = s->start[k - 1]; a < s->start[k]; a++) {
            for (size_t b = s->start[k]; b < s->start[k + 1]; b++) {
                size_t from = s->prov[a], to = s->prov[b];
                if (share ? (m->self && from == to) : true)
                    cell_add(m, from, to, delay);
            }
            if (!share)
                leave_add(m, s->prov[a], true, delay);
        }
        /* Returns: S_k-2 and S_k-1 share none, S_k-2 and S_k share a. */
        if (k >= 2 && !cont_steps_share(s, k - 2, k - 1))
            for (size_t a = s->start[k - 2]; a < s->start[k - 1]; a++) {
                bool back = false;
                for (size_t c = s->start[k]; c < s->start[k + 1]; c++)
                    back |= s->prov[c] == s->prov[a];
                for (size_t b = s->start[k - 1]; back && b < s->start[k]; b++)
                    return_add(m, s->prov[a], s->prov[b]);
            }
    }
    if (s->n)
        for (size_t a = s->start[s->n - 1]; a < s->start[s->n]; a++)
            leave_add(m, s->prov[a], false, (double)s->t[s->n - 1]);
    m->journeys++;
}

void
handover_journey_timed(struct handover *m, const size_t *p, const int64_t *t,
                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mark_seen(m, p[i]);
        if (i == 0)
            continue;
        double delay = t ? (double)(t[i] - t[i - 1]) : -1;
        if (p[i - 1] != p[i] || m->self)
            cell_add(m, p[i - 1], p[i], delay);
        if (p[i - 1] != p[i] && t)
            leave_add(m, p[i - 1], true, delay);
        if (i >= 2 && p[i - 2] == p[i] && p[i - 1] != p[i])
            return_add(m, p[i - 2], p[i - 1]);
    }
    if (n && t)
        leave_add(m, p[n - 1], false, (double)t[n - 1]);
    m->journeys++;
}

void
handover_journey(struct handover *m, const size_t *p, size_t n)
{
    handover_journey_timed(m, p, NULL, n);
}

void
handover_finish(struct handover *m, int64_t asof)
{
    for (size_t id = 0; id < m->leavecap; id++) {
        struct hleave *l = &m->leave[id];
        size_t k = 0;
        for (size_t i = 0; i < l->nobs; i++) {
            struct km_obs o = l->obs[i];
            if (!o.event) {
                if (o.t > (double)asof)
                    continue;
                o.t = (double)asof - o.t;
                l->open++;
            }
            l->obs[k++] = o;
        }
        l->nobs = k;
    }
}

size_t
handover_cells(const struct handover *m)
{
    return m->keys.n;
}

static const struct strmap *sort_names;

static int
cmp_cells(const void *a, const void *b)
{
    const struct hcell *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    int c = strcmp(sort_names->strs[x->from], sort_names->strs[y->from]);
    if (c)
        return c;
    return strcmp(sort_names->strs[x->to], sort_names->strs[y->to]);
}

void
handover_sort_hidden(struct handover *m, const struct strmap *names,
                     const bool *hidden)
{
    size_t n = m->keys.n, ns = 0;
    /* Shown cells to the front, keeping track of which were hidden. */
    bool *hid = xcalloc(n + 1, sizeof *hid);
    memcpy(hid, hidden, n * sizeof *hid);
    for (size_t i = 0; i < n; i++) {
        if (!hid[i]) {
            struct hcell t = m->cells[ns];
            m->cells[ns] = m->cells[i];
            m->cells[i] = t;
            hid[i] = hid[ns];
            hid[ns++] = false;
        }
    }
    free(hid);
    for (size_t i = ns; i < n; i++)
        m->cells[i].count = 0;
    sort_names = names;
    qsort(m->cells, ns, sizeof *m->cells, cmp_cells);
    qsort(m->cells + ns, n - ns, sizeof *m->cells, cmp_cells);
    sort_names = NULL;
    m->nshown = ns;
}

void
handover_sort(struct handover *m, const struct strmap *names,
              size_t min_clients)
{
    size_t n = m->keys.n;
    bool *hidden = xcalloc(n + 1, sizeof *hidden);
    for (size_t i = 0; i < n; i++)
        hidden[i] = m->cells[i].clients < min_clients;
    handover_sort_hidden(m, names, hidden);
    free(hidden);
}

/* A DOT double-quoted string. */
static void
dot_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        if (*s == '\n')
            fputs("\\n", fp);
        else if (*s != '\r')
            fputc(*s, fp);
    }
    fputc('"', fp);
}

static int
cmp_ids(const void *a, const void *b)
{
    return strcmp(sort_names->strs[*(const size_t *)a],
                  sort_names->strs[*(const size_t *)b]);
}

/* The median of a cell's delays (type 7), NaN without any. */
static double
cell_median(const struct hcell *c)
{
    if (!c->ndelay)
        return NAN;
    double *d = xcalloc(c->ndelay, sizeof *d);
    memcpy(d, c->delay, c->ndelay * sizeof *d);
    gsl_sort(d, 1, c->ndelay);
    double q = gsl_stats_quantile_from_sorted_data(d, 1, c->ndelay, 0.5);
    free(d);
    return q;
}

void
handover_write_dot(const struct handover *m, const struct strmap *names,
                   const struct dot_style *st, FILE *fp)
{
    size_t ndraw = m->nshown;
    if (st->top && st->top < ndraw)
        ndraw = st->top;
    /* mark: 2 ends a drawn edge, 1 ends only others. Providers without any
     * edge (their clients stayed) are drawn too. */
    char *mark = xcalloc(m->seencap + 1, 1);
    for (size_t i = 0; i < m->keys.n; i++) {
        const struct hcell *c = &m->cells[i];
        char k = i < ndraw ? 2 : 1;
        if (mark[c->from] < k)
            mark[c->from] = k;
        if (mark[c->to] < k)
            mark[c->to] = k;
    }
    size_t nn = 0, *nodes = xcalloc(m->seencap + 1, sizeof *nodes);
    for (size_t v = 0; v < m->seencap; v++)
        if (m->seen[v] && mark[v] != 1)
            nodes[nn++] = v;
    free(mark);
    sort_names = names;
    qsort(nodes, nn, sizeof *nodes, cmp_ids);
    sort_names = NULL;

    fputs("digraph handoffs {\n"
          "    rankdir=LR;\n"
          "    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
          "    edge [fontname=\"Helvetica\"];\n",
          fp);
    for (size_t i = 0; i < nn; i++) {
        fputs("    ", fp);
        dot_string(fp, names->strs[nodes[i]]);
        fputs(";\n", fp);
    }
    double maxc = m->nshown ? (double)m->cells[0].count : 1;
    for (size_t i = 0; i < ndraw; i++) {
        const struct hcell *c = &m->cells[i];
        char pen[40], med[40];
        num_format(1 + 5.0 * (double)c->count / maxc, 3, pen, sizeof pen);
        double md = cell_median(c);
        if (isnan(md))
            med[0] = '\0';
        else
            num_format(md / st->unit_ms, st->digits, med, sizeof med);
        fputs("    ", fp);
        dot_string(fp, names->strs[c->from]);
        fputs(" -> ", fp);
        dot_string(fp, names->strs[c->to]);
        if (med[0])
            fprintf(fp, " [label=\"%zu\\n%s %s\", penwidth=%s];\n", c->count,
                    med, st->unit, pen);
        else
            fprintf(fp, " [label=\"%zu\", penwidth=%s];\n", c->count, pen);
    }
    /* What is not drawn, said in the picture itself. */
    size_t left = m->nshown - ndraw, lefth = 0, hidden = m->keys.n - m->nshown;
    for (size_t i = ndraw; i < m->nshown; i++)
        lefth += m->cells[i].count;
    if (left || hidden) {
        fputs("    labelloc=b;\n    fontname=\"Helvetica\";\n    label=\"", fp);
        if (left)
            fprintf(fp,
                    "%zu of %zu edges drawn, those with most handoffs (--top); "
                    "%zu left out, with %zu handoff%s",
                    ndraw, m->nshown, left, lefth, lefth == 1 ? "" : "s");
        if (left && hidden)
            fputs("; ", fp);
        if (hidden)
            fprintf(fp,
                    "%zu edge%s suppressed (--min-n %zu, with "
                    "complementary suppression)",
                    hidden, hidden == 1 ? "" : "s", st->min_clients);
        fputs("\";\n", fp);
    }
    fputs("}\n", fp);
    free(nodes);
}

void
handover_add_seen(struct handover *m, size_t id)
{
    mark_seen(m, id);
}

void
handover_add_cell(struct handover *m, size_t from, size_t to, size_t count,
                  size_t clients, size_t returns)
{
    struct hcell *c = cell_get(m, from, to);
    c->count += count;
    c->clients += clients;
    c->returns += returns;
}

void
handover_add_delays(struct handover *m, size_t from, size_t to, double d,
                    size_t k)
{
    struct hcell *c = cell_get(m, from, to);
    XGROW(c->delay, c->dcap, c->ndelay + k);
    for (size_t i = 0; i < k; i++)
        c->delay[c->ndelay++] = d;
}

void
handover_add_leave(struct handover *m, size_t id, size_t handoffs,
                   size_t returns, size_t clients)
{
    struct hleave *l = leave_of(m, id);
    l->handoffs += handoffs;
    l->returns += returns;
    l->clients += clients;
}

void
handover_add_stays(struct handover *m, size_t id, double value, bool ended,
                   size_t k)
{
    struct hleave *l = leave_of(m, id);
    XGROW(l->obs, l->ocap, l->nobs + k);
    for (size_t i = 0; i < k; i++)
        l->obs[l->nobs++] = (struct km_obs){value, ended};
}

void
handover_merge(struct handover *dst, const struct handover *src)
{
    for (size_t v = 0; v < src->seencap; v++)
        if (src->seen[v])
            mark_seen(dst, v);
    for (size_t i = 0; i < src->keys.n; i++) {
        const struct hcell *c = &src->cells[i];
        handover_add_cell(dst, c->from, c->to, c->count, c->clients,
                          c->returns);
        struct hcell *d = cell_get(dst, c->from, c->to);
        XGROW(d->delay, d->dcap, d->ndelay + c->ndelay);
        memcpy(d->delay + d->ndelay, c->delay, c->ndelay * sizeof *d->delay);
        d->ndelay += c->ndelay;
    }
    for (size_t id = 0; id < src->leavecap; id++) {
        const struct hleave *l = &src->leave[id];
        if (!l->clients && !l->nobs && !l->handoffs && !l->returns)
            continue;
        handover_add_leave(dst, id, l->handoffs, l->returns, l->clients);
        struct hleave *d = leave_of(dst, id);
        XGROW(d->obs, d->ocap, d->nobs + l->nobs);
        memcpy(d->obs + d->nobs, l->obs, l->nobs * sizeof *d->obs);
        d->nobs += l->nobs;
    }
}

static int
cmp_hvalue(const void *a, const void *b)
{
    const struct hvalue *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return (int)y->ended - (int)x->ended;
}

/* Sorts v[0..n) and folds equal entries into counts; returns how many. */
static size_t
fold_values(struct hvalue *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_hvalue);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (cmp_hvalue(&v[k], &v[i]) == 0)
            v[k].count++;
        else
            v[++k] = v[i];
    }
    return k + 1;
}

struct hvalue *
handover_delay_table(const struct handover *m, size_t i, size_t *n)
{
    const struct hcell *c = &m->cells[i];
    struct hvalue *v = xcalloc(c->ndelay + 1, sizeof *v);
    for (size_t k = 0; k < c->ndelay; k++)
        v[k] = (struct hvalue){c->delay[k], false, 1};
    *n = fold_values(v, c->ndelay);
    return v;
}

struct hvalue *
handover_stay_table(const struct handover *m, size_t id, size_t *n)
{
    const struct hleave *l = &m->leave[id];
    struct hvalue *v = xcalloc(l->nobs + 1, sizeof *v);
    for (size_t k = 0; k < l->nobs; k++)
        v[k] = (struct hvalue){l->obs[k].t, l->obs[k].event, 1};
    *n = fold_values(v, l->nobs);
    return v;
}

void
handover_free(struct handover *m)
{
    for (size_t i = 0; i < m->keys.n; i++)
        free(m->cells[i].delay);
    for (size_t i = 0; i < m->leavecap; i++)
        free(m->leave[i].obs);
    free(m->leave);
    strmap_free(&m->keys);
    free(m->cells);
    free(m->seen);
    memset(m, 0, sizeof *m);
}
