/* unitjoin: pairs the rows of unit-level figures that cx-correlate
 * relates. One file: each row is a unit, x and y from the same row. Two
 * files: rows joined on key columns, x from the first file and y from the
 * second. With a lag N, x at period t is paired with y of the same unit at
 * period t+N (period labels of cxtime.h; the unit is named by the key
 * columns other than the lag key); one file then pairs its own rows.
 *
 * Values are parsed as numbers when read: the empty field and the --na
 * strings are missing (NaN); anything else that is not a number is a data
 * error naming file and line. A key twice in one file is a data error
 * naming both lines. Group keys (-g, from the x row) are interned with
 * key_join. The join owns everything; uj_free releases it. Memory grows
 * with the rows kept (every value is needed for ranks). */
#ifndef CX_UNITJOIN_H
#define CX_UNITJOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

struct uj_opts {
    char **files; /* one or two operands ("-" is standard input) */
    size_t nfiles;
    char **x, **y; /* measures */
    size_t nx, ny;
    char **keys; /* -k; NULL when not given */
    size_t nkeys;
    char **groups;
    size_t ngroups;
    const char *weight; /* or NULL */
    char **controls;
    size_t ncontrols;
    char **na; /* strings meaning missing besides "" */
    size_t nna;
    bool lag_on;
    long lag;
    const char *lag_key;
};

/* A variable: the row it comes from (0: the x row, 1: the y row) and its
 * slot among the numbers kept for that file. */
struct uj_var {
    int role;
    size_t slot;
};

struct uj_table {
    size_t nnum; /* numbers kept per row */
    double *v;   /* nrows * nnum */
    size_t nrows, cap;
};

struct unitjoin {
    struct uj_table tab[2];   /* tab[1] is used only with two files */
    struct uj_table *role[2]; /* table of the x row and of the y row */
    struct strmap groups;     /* group keys, fields joined by 0x1f */
    size_t *rgroup;           /* group id per row of tab[0] */
    size_t npairs;
    size_t *xrow, *yrow; /* per pair; NULL when pair i is row i */
    struct uj_var *xv, *yv, wv, *zv;
    bool has_weight;
    size_t unmatched[2]; /* rows without a partner: x side, y side */
};

/* Reads and pairs everything; dies on bad data (status 1) or a missing
 * column (status 2). */
void uj_read(struct unitjoin *j, const struct uj_opts *o);
void uj_free(struct unitjoin *j);

/* Value of variable v for pair p. */
static inline double
uj_val(const struct unitjoin *j, struct uj_var v, size_t p)
{
    size_t row = j->xrow ? (v.role ? j->yrow[p] : j->xrow[p]) : p;
    const struct uj_table *t = j->role[v.role];
    return t->v[row * t->nnum + v.slot];
}

/* Group of pair p. */
static inline size_t
uj_group(const struct unitjoin *j, size_t p)
{
    return j->rgroup[j->xrow ? j->xrow[p] : p];
}

#endif
