/* strmap: string interning with open addressing. */
#include <config.h>

#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static uint64_t
hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

void
strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof *m);
}

void
strmap_free(struct strmap *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->strs[i]);
    free(m->strs);
    free(m->lens);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static void
rehash(struct strmap *m)
{
    size_t ns = m->nslots ? m->nslots * 2 : 64;
    size_t *slots = xcalloc(ns, sizeof *slots);
    for (size_t id = 0; id < m->n; id++) {
        size_t j = hash(m->strs[id], m->lens[id]) & (ns - 1);
        while (slots[j])
            j = (j + 1) & (ns - 1);
        slots[j] = id + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = ns;
}

static size_t
lookup(const struct strmap *m, const char *s, size_t len, size_t *slot)
{
    if (!m->nslots) {
        *slot = 0;
        return (size_t)-1;
    }
    size_t j = hash(s, len) & (m->nslots - 1);
    while (m->slots[j]) {
        size_t id = m->slots[j] - 1;
        if (m->lens[id] == len && memcmp(m->strs[id], s, len) == 0)
            return id;
        j = (j + 1) & (m->nslots - 1);
    }
    *slot = j;
    return (size_t)-1;
}

size_t
strmap_intern(struct strmap *m, const char *s, size_t len, bool *added)
{
    size_t slot;
    size_t id = lookup(m, s, len, &slot);
    if (added)
        *added = (id == (size_t)-1);
    if (id != (size_t)-1)
        return id;
    if ((m->n + 1) * 2 > m->nslots) {
        rehash(m);
        lookup(m, s, len, &slot);
    }
    XGROW(m->strs, m->cap, m->n + 1);
    m->lens = xreallocarray(m->lens, m->cap, sizeof *m->lens);
    m->strs[m->n] = xstrndup(s, len);
    m->lens[m->n] = len;
    m->slots[slot] = m->n + 1;
    return m->n++;
}

size_t
strmap_add(struct strmap *m, const char *s)
{
    return strmap_intern(m, s, strlen(s), NULL);
}

size_t
strmap_find(const struct strmap *m, const char *s)
{
    size_t slot;
    return lookup(m, s, strlen(s), &slot);
}

static const struct strmap *sort_map;

static int
cmp_ids(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    size_t lx = sort_map->lens[x], ly = sort_map->lens[y];
    int c = memcmp(sort_map->strs[x], sort_map->strs[y], lx < ly ? lx : ly);
    if (c)
        return c;
    return lx < ly ? -1 : lx > ly;
}

size_t *
strmap_sorted(const struct strmap *m)
{
    size_t *ids = xcalloc(m->n + 1, sizeof *ids);
    for (size_t i = 0; i < m->n; i++)
        ids[i] = i;
    sort_map = m;
    qsort(ids, m->n, sizeof *ids, cmp_ids);
    return ids;
}

size_t
key_join(char **buf, size_t *cap, char *const *fields, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t fl = strlen(fields[i]);
        XGROW(*buf, *cap, len + fl + 2);
        if (i)
            (*buf)[len++] = '\x1f';
        memcpy(*buf + len, fields[i], fl);
        len += fl;
    }
    XGROW(*buf, *cap, len + 1);
    (*buf)[len] = '\0';
    return len;
}
