/* events: the canonical events table in memory, as the journey tools
 * (cx-waits, cx-handoffs) need it. evlog_read loads every event of the
 * input with its client, parsed time and the columns a tool asks for (each
 * value interned); evlog_sort orders the events into journeys: by client
 * (byte order), then time, equal times in input order. Memory grows with
 * the number of events; evlog_read_keep takes a filter and stores only the
 * events it keeps, so that memory grows with those. The log owns
 * everything; evlog_free releases it. */
#ifndef CX_EVENTS_H
#define CX_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "strmap.h"

struct ev {
    int64_t t;     /* milliseconds, see cxtime.h */
    size_t client; /* id in log->clients */
    size_t seq;    /* input order among the stored events, 0-based; row of
                      log->vals */
};

struct evlog {
    struct strmap clients;
    struct strmap values; /* interned values of the kept columns */
    struct ev *ev;
    size_t n, cap;
    size_t ncols;  /* columns kept, in the order asked */
    size_t *vals;  /* n * ncols value ids, by seq */
    /* Over every record read, stored or not: */
    bool all_dates; /* every time was a date without time of day */
    int64_t tmin, tmax;
    size_t nread; /* records read (0: tmin and tmax are not set) */
};

/* Reads all records of in. Required: client and time (non-empty, time
 * canonical) and each of cols[0..ncols) (the column must exist; its values
 * may be empty). Dies naming file and line on bad data. */
void evlog_read(struct evlog *log, struct csvin *in, char *const *cols,
                size_t ncols);
/* One record as a keep filter sees it, valid during the call: its client,
 * its parsed time and the values of the asked columns, in the order of
 * cols; and the log being read, so that a filter may intern the client in
 * log->clients to keep state of its own by client id (log->clients then
 * also holds clients without stored events). */
struct evrec {
    const char *client;
    int64_t t;
    char *const *vals;
    struct evlog *log;
};
/* Whether evlog_read_keep stores record r; ctx is the caller's. */
typedef bool evlog_keep_fn(void *ctx, const struct evrec *r);

/* Like evlog_read, but stores only the events for which keep returns true
 * (keep NULL: every event). Every record is still read and checked the same
 * way and counts in all_dates, tmin and tmax; a record not stored takes no
 * memory (a filter that keeps state of its own holds that). */
void evlog_read_keep(struct evlog *log, struct csvin *in, char *const *cols,
                     size_t ncols, evlog_keep_fn *keep, void *ctx);
/* Sorts log->ev into journeys (see above). */
void evlog_sort(struct evlog *log);
/* The value of kept column col for event e. */
const char *evlog_val(const struct evlog *log, const struct ev *e,
                      size_t col);
void evlog_free(struct evlog *log);

#endif
