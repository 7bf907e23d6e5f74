/* events: the canonical events table in memory, as the journey tools
 * (cx-waits, cx-handoffs) need it, and the ordering of events into
 * journeys: by client (byte order), then time, equal times in input order.
 *
 * Two tables share the reading rules (client and time required and
 * non-empty, time canonical, each kept column present; messages name file
 * and line):
 *
 * - struct evlog (cx-waits): an array of struct ev with each event's
 *   input position; evlog_sort orders the array in place into journeys.
 *   evlog_read_keep takes a filter and stores only the events it keeps.
 *   Memory: 16 bytes per stored event (struct ev) plus 8 bytes per stored
 *   event and kept column (value ids), plus per distinct client about 64
 *   bytes and its name (the client strmap) and 4 bytes while sorting.
 *
 * - struct evtab (cx-handoffs): columns instead of structs, 32-bit ids, no
 *   stored input position (it is the index). evtab_group orders it by
 *   client with a counting sort on the dense client id (the clients' names
 *   are sorted once); evtab_journey then gives one journey at a time,
 *   sorted by time only when it is not in time order already (stable).
 *   Memory: 8 bytes per event (time) plus 4 bytes per event and kept
 *   column (value ids) plus 4 bytes per event (client id while reading,
 *   journey order after evtab_group), plus per distinct client about 72
 *   bytes and its name. At most UINT32_MAX - 1 events and clients.
 *
 * struct evjourney is one client's events in journey order, contiguous:
 * evtab_journey and evstream (evstream.h) fill it; it is scratch reused
 * from journey to journey.
 *
 * Each table owns everything it holds; evlog_free and evtab_free release
 * it. */
#ifndef CX_EVENTS_H
#define CX_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "strmap.h"

struct ev {
    int64_t t;       /* milliseconds, see cxtime.h */
    uint32_t client; /* id in log->clients */
    uint32_t seq;    /* input order among the stored events, 0-based; row of
                        log->vals */
};

struct evlog {
    struct strmap clients;
    struct strmap values; /* interned values of the kept columns */
    struct ev *ev;
    size_t n, cap;
    size_t ncols; /* columns kept, in the order asked */
    size_t *vals; /* n * ncols value ids, by seq */
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

/* One journey, contiguous and in journey order. */
struct evjourney {
    const char *client;
    size_t n, ncols;
    int64_t *t;     /* t[0..n) */
    uint32_t *vals; /* n * ncols value ids, row i for event i */
    const struct strmap *values;
    long first_line; /* evstream: line of the journey's first record */
    /* Scratch. */
    size_t cap;
    uint32_t *perm, *tmp;
    int64_t *tt;
    uint32_t *vv;
};

void evjourney_init(struct evjourney *j, size_t ncols,
                    const struct strmap *values);
/* Room for n events in j->t and j->vals. */
void evjourney_reserve(struct evjourney *j, size_t n);
/* Orders j->t[0..n) and the rows of j->vals by time, equal times in their
 * present order; does nothing when they are in order already. */
void evjourney_order(struct evjourney *j);
/* The value of kept column col of event i. */
static inline const char *
evjourney_val(const struct evjourney *j, size_t i, size_t col)
{
    return j->values->strs[j->vals[i * j->ncols + col]];
}
static inline uint32_t
evjourney_id(const struct evjourney *j, size_t i, size_t col)
{
    return j->vals[i * j->ncols + col];
}
void evjourney_free(struct evjourney *j);

struct evtab {
    struct strmap clients;
    struct strmap values; /* interned values of the kept columns */
    size_t n, cap, ncols;
    int64_t *t;       /* by input order */
    uint32_t *vals;   /* n * ncols value ids, by input order */
    uint32_t *client; /* by input order; NULL after evtab_group */
    /* After evtab_group: journey k (0 .. clients.n) is the client
     * jclient[k], its events order[start[k] .. start[k + 1]). */
    uint32_t *order, *start, *jclient;
    /* Over every record read: */
    bool all_dates;
    int64_t tmin, tmax;
    size_t nread;
};

/* Reads all records of in, like evlog_read. */
void evtab_read(struct evtab *tab, struct csvin *in, char *const *cols,
                size_t ncols);
/* Orders the events into journeys, clients in byte order. */
void evtab_group(struct evtab *tab);
/* Journey k (after evtab_group) into j (evjourney_init'ed with
 * tab->ncols and &tab->values). */
void evtab_journey(const struct evtab *tab, size_t k, struct evjourney *j);
void evtab_free(struct evtab *tab);

/* -j N (par.h): each thread reads one byte range into a struct evsplit,
 * its events routed by a hash of the client to one of nowners parts, in
 * the range's order, with ids of its own; the values of all ranges are
 * then interned once, in range order, into one strmap (valmap[k] maps
 * range k's value ids to it); and owner o's thread gathers its parts of
 * every range, in range order, into an evtab (evtab_gather: input order
 * within a client is kept, and every client is in exactly one owner's
 * table), freeing them as it goes. evtab_group and evtab_journey then work
 * as for one reader, with the shared values (tab->values stays empty).
 * Memory: about twice the 20 bytes an event of evtab while the parts are
 * gathered. */
struct evpart {
    int64_t *t;
    uint32_t *client; /* the range's client ids */
    uint32_t *vals;   /* the range's value ids */
    size_t n, cap;
};
struct evsplit {
    struct strmap clients, values; /* the range's */
    size_t ncols, nowners;
    struct evpart *part; /* by owner */
    uint32_t *owner;     /* client id -> owner */
    size_t nowned;
    uint32_t *cmap; /* client id -> id in its owner's evtab */
    bool all_dates;
    int64_t tmin, tmax;
    size_t nread;
};

void evsplit_read(struct evsplit *s, struct csvin *in, char *const *cols,
                  size_t ncols, size_t nowners);
void evsplit_free(struct evsplit *s);
void evtab_gather(struct evtab *tab, struct evsplit *ranges, size_t nranges,
                  size_t owner, uint32_t *const *valmap);

#endif
