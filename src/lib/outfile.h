/* outfile: the -o FILE option. Output goes to a temporary file in FILE's
 * folder that is renamed over FILE only by outfile_commit, so an
 * interrupted or failed run never leaves half a file; the temporary file is
 * removed at exit when it was not committed. Without -o, stdout is used
 * and close_stdout checks it at exit. */
#ifndef CX_OUTFILE_H
#define CX_OUTFILE_H

#include <stdio.h>

/* path NULL or "-": stdout. Dies with status 1 when the file cannot be
 * created. One output per process. */
FILE *outfile_open(const char *path);
/* Flushes, checks and renames; dies with status 1 on a write error. */
void outfile_commit(void);

#endif
