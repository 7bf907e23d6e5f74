/* csvtab: a small CSV file, such as one tool's output, read whole into
 * memory, for a program that combines the outputs of several tools
 * (cx-weekly). Cells are found by row and column name; a column that is
 * not there reads as "". Reading goes through csvin, so a malformed file
 * dies naming file and line. The table owns every string until
 * csvtab_free. Also the small writes such a program needs: a table (or
 * some of its rows) written back through csvw. */
#ifndef CX_CSVTAB_H
#define CX_CSVTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct csvtab {
    char **names; /* header */
    size_t ncols;
    char **cells; /* nrows * ncols */
    size_t nrows, cap;
};

/* Reads path; false (and an empty table) when it does not exist. */
bool csvtab_load(struct csvtab *t, const char *path);
void csvtab_free(struct csvtab *t);
/* Column index, or -1. */
long csvtab_col(const struct csvtab *t, const char *name);
/* The cell, "" for a missing column or row. */
const char *csvtab_get(const struct csvtab *t, size_t row, const char *col);
/* First row whose column col equals val, or -1. */
long csvtab_find(const struct csvtab *t, const char *col, const char *val);
/* Writes the header and the rows with keep[row] true (keep NULL: all),
 * with extra columns appended: extra_names[0..nextra) in the header and
 * extra_vals[row * nextra + j] in each row. Returns false on a write
 * error. */
bool csvtab_write(const struct csvtab *t, FILE *fp, const bool *keep,
                  char *const *extra_names, char *const *extra_vals,
                  size_t nextra);

#endif
