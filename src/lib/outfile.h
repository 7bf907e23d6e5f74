/* outfile: output files (-o FILE, cx-ingest's --rejects), never left half
 * written under their name.
 *
 * What FILE is decides how it is written:
 * - a new path or a regular file: written as a temporary file in the same
 *   folder (tmpname.h: .NAME.cx-tmp.PID, owner-only) and renamed over FILE
 *   by outf_commit, so an interrupted or failed run leaves FILE as it
 *   was; a replaced file keeps its permission bits;
 * - a symbolic link: its target (resolved to the end) is replaced that
 *   way, the link stays; a link to a missing file is refused;
 * - a device, FIFO or socket (/dev/null, a named pipe, a terminal): written
 *   through as it is, never replaced or removed;
 * - /dev/stdout, /dev/stderr, /dev/fd/N: the open descriptor, duplicated;
 * - a folder: refused.
 * Temporary files not committed are removed at exit and on SIGINT, SIGTERM
 * and SIGHUP; those of a killed run are removed by the next run writing the
 * same FILE. Without -o (path NULL or "-"), stdout is used and close_stdout
 * checks it at exit. The struct outf and its FILE belong to the module
 * (closed by outf_commit, or at exit). */
#ifndef CX_OUTFILE_H
#define CX_OUTFILE_H

#include <stdio.h>

struct outf;

/* Dies with status 1 when FILE cannot be written. */
struct outf *outf_open(const char *path);
FILE *outf_fp(const struct outf *o);
/* Flushes, checks and renames into place; dies with status 1 on a write
 * error, leaving FILE as it was. */
void outf_commit(struct outf *o);

/* The tool's one main output (-o): outf_open and outf_commit on it. */
FILE *outfile_open(const char *path);
void outfile_commit(void);

#endif
