/* outdir: several output files written into one folder and moved into
 * place together. Each file is first written as a hidden temporary file in
 * that folder; outdir_commit checks every one for write errors and only
 * then renames them all, so a failed run leaves the folder's earlier files
 * as they were. Temporary files not committed are removed at exit. The
 * FILEs returned belong to the module (closed by outdir_commit). */
#ifndef CX_OUTDIR_H
#define CX_OUTDIR_H

#include <stdio.h>

/* Creates dir (one level) when it does not exist; dies with status 1 when
 * it cannot, or when dir is not a folder. */
void outdir_init(const char *dir);
/* A new temporary file that becomes dir/name at commit. */
FILE *outdir_open(const char *name);
/* Flushes and closes every file, dies with status 1 on a write error
 * (nothing renamed), then renames them all. */
void outdir_commit(void);

#endif
