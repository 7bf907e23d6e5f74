/* partial: the frame every partial-state file shares (cx-partial(5)).
 *
 * A partial is CSV whose first three columns, on every row, are tool (the
 * tool that wrote it), format (PARTIAL_FORMAT) and options (the
 * fingerprint: the options that change the state, as name=value pairs
 * joined by ';', with '%' and ';' in values written %25 and %3B). The
 * tool's own columns follow. A tool builds its fingerprint with
 * partial_fp_add, writes rows through partial_row_start, and checks each
 * row it merges with partial_check, which dies naming file, line and the
 * first option that differs. The fingerprint buffer belongs to the
 * caller (partial_fp_free). */
#ifndef CX_PARTIAL_H
#define CX_PARTIAL_H

#include <stddef.h>

#include "csvio.h"

#define PARTIAL_FORMAT "1"

struct partial_fp {
    char *s;
    size_t len, cap;
};

void partial_fp_init(struct partial_fp *fp);
/* Appends name=value (value NULL: empty). */
void partial_fp_add(struct partial_fp *fp, const char *name, const char *value);
void partial_fp_free(struct partial_fp *fp);

/* The header's first three names; then the tool's columns follow. */
void partial_header_start(struct csvw *w);
/* A row's first three fields. */
void partial_row_start(struct csvw *w, const char *tool,
                       const struct partial_fp *fp);
/* Dies with status 1 at file:line unless the header starts with the
 * partial frame (a file that is not a partial at all). */
void partial_check_header(const struct csvhdr *h, const char *file);
/* Dies with status 1 at file:line when a row's frame fields are not
 * those of this tool, format and fingerprint, naming what differs. */
void partial_check(const char *file, long line, char *const *f,
                   const char *tool, const struct partial_fp *fp);

#endif
