/* evstream: canonical events read one journey at a time, for input that is
 * already sorted (grouped) by client, so that a journey tool runs in memory
 * that does not grow with the number of events. Each call of evstream_next
 * puts the events of one client in s->j (events.h), ordered by time with
 * equal times in input order, exactly as evtab_journey would order them. A
 * client that appears again after another client's events is an error
 * naming file and line. Memory: the current journey, the ids of the
 * clients seen so far (to detect unsorted input), and the distinct values
 * of the kept columns. The stream owns everything it returns;
 * evstream_free releases it. */
#ifndef CX_EVSTREAM_H
#define CX_EVSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "events.h"
#include "strmap.h"

struct evstream {
    struct csvin *in;
    size_t ci, ti; /* client and time columns */
    size_t *idx;   /* the kept columns */
    size_t ncols;
    struct strmap clients; /* clients seen, in order of appearance */
    struct strmap values;  /* interned values of the kept columns */
    bool all_dates;        /* every time so far was a date only */

    struct evjourney j; /* the current journey; j.first_line its first
                           record's line */
    size_t cur;         /* its client id */

    /* The record read ahead: the first event of the next journey. */
    bool have_next;
    int64_t next_t;
    size_t next_client;
    long next_line;
    uint32_t *next_vals;
};

/* Requires the columns like evlog_read (client, time, cols[0..ncols)). */
void evstream_open(struct evstream *s, struct csvin *in, char *const *cols,
                   size_t ncols);
/* Loads the next journey into s->j; false at the end of the input. Dies
 * with status 1 on bad data or a client seen again after another. */
bool evstream_next(struct evstream *s);
void evstream_free(struct evstream *s);

#endif
