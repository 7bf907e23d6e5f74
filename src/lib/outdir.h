/* outdir: several output files written into one folder (cx-synth -o DIR)
 * and moved into place together.
 *
 * The files are written into a temporary folder beside DIR (tmpname.h:
 * .DIR.cx-tmp.PID, owner-only while written). outdir_commit checks every
 * file for write errors and only then moves them in:
 * - DIR did not exist: the folder is renamed to DIR, so DIR appears whole;
 * - DIR holds nothing but files of these names (an earlier run): the two
 *   folders are exchanged in one step (renameat2 RENAME_EXCHANGE) and the
 *   old one removed, so DIR is always the old set or the new set;
 * - DIR holds other files too, or is "." (or the file system cannot
 *   exchange folders): the files are renamed into DIR one by one, each
 *   whole, and DIR's other files are left alone.
 * A failed run leaves DIR as it was. The temporary folder is removed at
 * exit and on SIGINT, SIGTERM, SIGHUP when not committed; the leftovers of
 * a killed run are removed by the next run writing DIR. The FILEs returned
 * belong to the module (closed by outdir_commit). */
#ifndef CX_OUTDIR_H
#define CX_OUTDIR_H

#include <stdio.h>

/* Dies with status 1 when DIR exists and is not a folder, or when the
 * temporary folder cannot be made. */
void outdir_init(const char *dir);
/* A new file that becomes DIR/name at commit. */
FILE *outdir_open(const char *name);
/* Flushes and closes every file, dies with status 1 on a write error
 * (nothing moved), then moves them in as above. */
void outdir_commit(void);

#endif
