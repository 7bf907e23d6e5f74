/* csvtab: a small CSV file in memory, cells by row and column name. */
#include <config.h>

#include "csvtab.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "num.h"
#include "xalloc.h"

bool
csvtab_load(struct csvtab *t, const char *path)
{
    memset(t, 0, sizeof *t);
    if (access(path, F_OK) != 0)
        return false;
    char *files[] = {(char *)path};
    struct csvin in;
    csvin_open(&in, files, 1);
    t->ncols = in.hdr.n;
    t->names = xcalloc(t->ncols ? t->ncols : 1, sizeof *t->names);
    for (size_t j = 0; j < t->ncols; j++)
        t->names[j] = xstrdup(in.hdr.names[j]);
    while (csvin_next(&in)) {
        XGROW(t->cells, t->cap, (t->nrows + 1) * t->ncols);
        for (size_t j = 0; j < t->ncols; j++)
            t->cells[t->nrows * t->ncols + j] = xstrdup(in.f[j]);
        t->nrows++;
    }
    csvin_close(&in);
    return true;
}

void
csvtab_free(struct csvtab *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t j = 0; j < t->ncols; j++)
        free(t->names[j]);
    free(t->cells);
    free(t->names);
    memset(t, 0, sizeof *t);
}

long
csvtab_col(const struct csvtab *t, const char *name)
{
    for (size_t j = 0; j < t->ncols; j++)
        if (strcmp(t->names[j], name) == 0)
            return (long)j;
    return -1;
}

const char *
csvtab_get(const struct csvtab *t, size_t row, const char *col)
{
    long j = csvtab_col(t, col);
    if (j < 0 || row >= t->nrows)
        return "";
    return t->cells[row * t->ncols + (size_t)j];
}

long
csvtab_find(const struct csvtab *t, const char *col, const char *val)
{
    long j = csvtab_col(t, col);
    if (j < 0)
        return -1;
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(t->cells[i * t->ncols + (size_t)j], val) == 0)
            return (long)i;
    return -1;
}

bool
csvtab_write(const struct csvtab *t, FILE *fp, const bool *keep,
             char *const *extra_names, char *const *extra_vals, size_t nextra)
{
    struct csvw w;
    csvw_init(&w, fp, NUM_DIGITS_DEFAULT);
    for (size_t j = 0; j < t->ncols; j++)
        csvw_str(&w, t->names[j]);
    for (size_t j = 0; j < nextra; j++)
        csvw_str(&w, extra_names[j]);
    csvw_end(&w);
    for (size_t i = 0; i < t->nrows; i++) {
        if (keep && !keep[i])
            continue;
        for (size_t j = 0; j < t->ncols; j++)
            csvw_str(&w, t->cells[i * t->ncols + j]);
        for (size_t j = 0; j < nextra; j++)
            csvw_str(&w, extra_vals[i * nextra + j]);
        csvw_end(&w);
    }
    return fflush(fp) == 0 && !ferror(fp);
}
