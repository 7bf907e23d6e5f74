/* handover: the handover matrix and its Graphviz picture. */
#include <config.h>

#include "handover.h"

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

static void
cell_add(struct handover *m, size_t from, size_t to)
{
    size_t key[2] = {from, to};
    bool added;
    size_t id = strmap_intern(&m->keys, (const char *)key, sizeof key, &added);
    if (added) {
        XGROW(m->cells, m->cap, id + 1);
        m->cells[id] = (struct hcell){from, to, 0, 0, (size_t)-1};
    }
    struct hcell *c = &m->cells[id];
    c->count++;
    if (c->last != m->journeys) {
        c->last = m->journeys;
        c->clients++;
    }
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
        for (size_t a = s->start[k - 1]; a < s->start[k]; a++)
            for (size_t b = s->start[k]; b < s->start[k + 1]; b++) {
                size_t from = s->prov[a], to = s->prov[b];
                if (share ? (m->self && from == to) : true)
                    cell_add(m, from, to);
            }
    }
    m->journeys++;
}

void
handover_journey(struct handover *m, const size_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mark_seen(m, p[i]);
        if (i > 0 && (p[i - 1] != p[i] || m->self))
            cell_add(m, p[i - 1], p[i]);
    }
    m->journeys++;
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
handover_sort(struct handover *m, const struct strmap *names,
              size_t min_clients)
{
    size_t n = m->keys.n, ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->cells[i].clients >= min_clients) {
            struct hcell t = m->cells[ns];
            m->cells[ns++] = m->cells[i];
            m->cells[i] = t;
        }
    }
    for (size_t i = ns; i < n; i++)
        m->cells[i].count = 0;
    sort_names = names;
    qsort(m->cells, ns, sizeof *m->cells, cmp_cells);
    qsort(m->cells + ns, n - ns, sizeof *m->cells, cmp_cells);
    sort_names = NULL;
    m->nshown = ns;
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

void
handover_write_dot(const struct handover *m, const struct strmap *names,
                   FILE *fp)
{
    /* mark: 2 ends a shown edge, 1 ends only suppressed ones. Providers
     * without any edge (their clients stayed) are drawn too. */
    char *mark = xcalloc(m->seencap + 1, 1);
    for (size_t i = 0; i < m->keys.n; i++) {
        const struct hcell *c = &m->cells[i];
        char k = i < m->nshown ? 2 : 1;
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
    for (size_t i = 0; i < m->nshown; i++) {
        const struct hcell *c = &m->cells[i];
        char pen[40];
        num_format(1 + 5.0 * (double)c->count / maxc, 3, pen, sizeof pen);
        fputs("    ", fp);
        dot_string(fp, names->strs[c->from]);
        fputs(" -> ", fp);
        dot_string(fp, names->strs[c->to]);
        fprintf(fp, " [label=\"%zu\", penwidth=%s];\n", c->count, pen);
    }
    fputs("}\n", fp);
    free(nodes);
}

void
handover_free(struct handover *m)
{
    strmap_free(&m->keys);
    free(m->cells);
    free(m->seen);
    memset(m, 0, sizeof *m);
}
