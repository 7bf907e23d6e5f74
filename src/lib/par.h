/* par: one regular file read by N threads (-j N, --jobs N).
 *
 * The one piece every tool shares for reading on all cores (DESIGN.md). A
 * tool whose state merges (the state its --partial writes) reads each FILE
 * operand like this:
 *
 *   struct par p;
 *   if (par_open(&p, file, jobs, first_hdr)) {   a regular file, jobs > 1
 *       one state per range, p.n of them;
 *       par_run(&p, work, ctx);     work(ctx, k, &p.r[k]), one thread each
 *       merge the states in range order, k = 0, 1, ...
 *       par_close(&p);
 *   } else
 *       read it as today (standard input, a pipe, -j 1)
 *
 * par_open maps the file, reads its header with the checks and messages of
 * csvin_open (an empty input, a header that is not comma-separated; a later
 * operand must repeat first_hdr), and cuts the body into at most jobs ranges
 * of about equal size, each starting right after a line break: canonical
 * CSV holds one record per line (CONVENTIONS.md). par_csvin opens a struct
 * csvin over one range with the file's header and the line numbers of the
 * whole file, so its messages name the file and line a single reader would.
 * A tool whose input is not canonical (cx-ingest) cuts where it needs with
 * par_open_at and reads its ranges with its own reader.
 *
 * A tool that reads its operands as one stream decides once with
 * par_usable: when it is true (jobs > 1 and every operand a regular file),
 * every operand goes through par_open in order (the first with first_hdr
 * NULL; a later one's header is checked against it, and the message names
 * the operand last given to par_open with first_hdr NULL); otherwise it
 * reads them all as one stream as today. A file with nothing after its
 * header has no ranges (p.n 0). A cut that would fall inside a quoted field
 * (a line break in a field) is not made: the range before it runs on, so
 * such input is read right, on fewer threads.
 *
 * Messages: while work runs, whatever a thread writes through err.h (warn,
 * warn_at, die, die_at, usage_error) is held for that thread, and a die ends
 * only that thread. When every thread has ended, par_run writes the held
 * messages in range order; if range k died, the messages of the ranges after
 * it are dropped and the process exits with k's status. So stderr and the
 * exit status are those of one reader, as long as work writes messages that
 * depend only on its own range. work must not write to standard output.
 *
 * The struct par owns the mapping and its ranges; par_close releases them. */
#ifndef CX_PAR_H
#define CX_PAR_H

#include <stdbool.h>
#include <stddef.h>

#include "csvio.h"

struct par_range {
    const char *start; /* into the mapped file */
    size_t len;        /* whole lines */
    long first_line;   /* physical line number of its first line */
};

struct par {
    const char *file;  /* the operand, for messages */
    const char *map;   /* the whole file */
    size_t size;
    struct csvhdr hdr; /* its header (par_open) */
    struct par_range *r;
    size_t n; /* ranges, 0 (no body) to jobs */
};

/* The CPUs this process may run on (sched_getaffinity), as nproc prints:
 * the default of -j. */
size_t par_default_jobs(void);

/* True when jobs > 1 and every one of the nfiles operands is a regular
 * file (not "-"): the tool reads them all with par_open. */
bool par_usable(char *const *files, size_t nfiles, size_t jobs);

/* Plans the reading of file by at most jobs threads. False, with nothing
 * to close, when the tool should read it the usual way: file is "-", not a
 * regular file, or jobs is 1. first_hdr: the header of the first operand,
 * or NULL when file is the first. Dies (status 1) like csvin_open on an
 * empty file or a bad header, and like it when file cannot be opened. */
bool par_open(struct par *p, const char *file, size_t jobs,
              const struct csvhdr *first_hdr);
/* Like par_open, but reads no header: the body starts at byte offset body
 * (on physical line body_line) and the tool reads ranges itself. */
bool par_open_at(struct par *p, const char *file, size_t jobs, size_t body,
                 long body_line);

typedef void par_work_fn(void *ctx, size_t k, const struct par_range *r);
/* Runs work once per range, each in a thread of its own, and waits for all
 * (see Messages above). */
void par_run(struct par *p, par_work_fn *work, void *ctx);

/* Runs work(ctx, k, r) for k = 0 .. n - 1, each in a thread of its own,
 * r an empty range: for the work after reading (such as building the
 * journeys of the clients each thread owns), with the messages of
 * par_run. */
void par_each(size_t n, par_work_fn *work, void *ctx);

/* A csvin over range k, as csvin_open would give after the header:
 * csvin_next, csvin_close and the in->file / in->line of messages work as
 * for a whole file. */
void par_csvin(const struct par *p, size_t k, struct csvin *in);

void par_close(struct par *p);

#endif
