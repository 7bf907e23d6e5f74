/* suppress: primary and complementary small-cell suppression (suppress.h). */
#include <config.h>

#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

/* One dimension's lines: cells listed line by line. */
struct lines {
    size_t n;     /* lines */
    size_t *off;  /* n + 1 offsets into cell */
    size_t *cell; /* cell indices, in cell order within a line */
};

static void
build_lines(struct lines *l, size_t ncells, size_t ndims, size_t d,
            const size_t *keys)
{
    struct strmap m;
    strmap_init(&m);
    size_t *line_of = xmalloc((ncells ? ncells : 1) * sizeof *line_of);
    size_t *k = xmalloc((ndims ? ndims : 1) * sizeof *k);
    for (size_t c = 0; c < ncells; c++) {
        size_t nk = 0;
        for (size_t j = 0; j < ndims; j++)
            if (j != d)
                k[nk++] = keys[c * ndims + j];
        line_of[c] = strmap_intern(&m, (const char *)k, nk * sizeof *k, NULL);
    }
    l->n = m.n;
    l->off = xcalloc(l->n + 1, sizeof *l->off);
    l->cell = xmalloc((ncells ? ncells : 1) * sizeof *l->cell);
    for (size_t c = 0; c < ncells; c++)
        l->off[line_of[c] + 1]++;
    for (size_t i = 0; i < l->n; i++)
        l->off[i + 1] += l->off[i];
    size_t *fill = xmalloc((l->n ? l->n : 1) * sizeof *fill);
    memcpy(fill, l->off, l->n * sizeof *fill);
    for (size_t c = 0; c < ncells; c++)
        l->cell[fill[line_of[c]]++] = c;
    free(fill);
    free(k);
    free(line_of);
    strmap_free(&m);
}

/* Applies the rule to one line; true when it hid a cell. A cell of no
 * one protects no one; a cell that is the only one of some other line
 * with anyone in it is given away by that line's total, so it is taken
 * only when there is no other. */
static bool
protect_line(const size_t *cells, size_t n, const size_t *count,
             const bool *pinned, bool *hidden)
{
    size_t nhidden = 0, best = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t c = cells[i];
        if (hidden[c]) {
            nhidden += count[c] > 0;
            continue;
        }
        if (count[c] == 0)
            continue;
        if (best == (size_t)-1 || pinned[best] > pinned[c] ||
            (pinned[best] == pinned[c] && count[c] < count[best]))
            best = c;
    }
    if (nhidden != 1 || best == (size_t)-1)
        return false;
    hidden[best] = true;
    return true;
}

/* pinned[c]: cell c is the only cell with a count above 0 in one of its
 * lines. */
static void
find_pinned(const struct lines *l, size_t nvary, const size_t *count,
            bool *pinned)
{
    for (size_t d = 0; d < nvary; d++)
        for (size_t i = 0; i < l[d].n; i++) {
            size_t nz = 0, last = 0;
            for (size_t k = l[d].off[i]; k < l[d].off[i + 1]; k++)
                if (count[l[d].cell[k]] > 0) {
                    nz++;
                    last = l[d].cell[k];
                }
            if (nz == 1)
                pinned[last] = true;
        }
}

size_t
suppress_cells(size_t ncells, size_t ndims, size_t nvary, const size_t *keys,
               const size_t *count, size_t min_n, bool *hidden)
{
    for (size_t c = 0; c < ncells; c++)
        hidden[c] = count[c] < min_n;
    if (nvary == 0)
        return 0;
    struct lines *l = xcalloc(nvary, sizeof *l);
    for (size_t d = 0; d < nvary; d++)
        build_lines(&l[d], ncells, ndims, d, keys);
    bool *pinned = xcalloc(ncells + 1, sizeof *pinned);
    find_pinned(l, nvary, count, pinned);
    size_t added = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t d = 0; d < nvary; d++)
            for (size_t i = 0; i < l[d].n; i++)
                if (protect_line(l[d].cell + l[d].off[i],
                                 l[d].off[i + 1] - l[d].off[i], count, pinned,
                                 hidden)) {
                    added++;
                    changed = true;
                }
    }
    free(pinned);
    for (size_t d = 0; d < nvary; d++) {
        free(l[d].off);
        free(l[d].cell);
    }
    free(l);
    return added;
}
