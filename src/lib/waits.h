/* waits: pairs the events of each client's journey into waits. A wait
 * starts at an event whose activity is in the "from" set and ends at the
 * client's first later event in the "to" set; after it ends, the next
 * "from" event starts a new one. A "from" event while a wait is open is
 * ignored, or with restart replaces its start. An event in both sets ends
 * the open wait and starts the next. A wait without its end is censored at
 * asof or, with censor_last, at the client's last event. Events after asof
 * are left out: they have not happened yet at that moment.
 *
 * Input: an evlog sorted into journeys (evlog_sort). The caller owns the
 * array of waits (free it); waits come in journey order (client, then
 * start).
 *
 * Only events in the from or to sets start or end waits; any other event
 * can only be a client's last event or an event after asof. So the log
 * need not hold them: read it with evlog_read_keep(..., waits_keep, &f)
 * over a struct waits_filter f, which keeps the from and to events and, of
 * the others, only what waits_find needs (with censor_last, each client's
 * latest time at or before asof; the number after asof), and pass &f in
 * the rule; the filter keys its client times by the ids of that log. The
 * filter owns its tables; waits_filter_free releases them. */
#ifndef CX_WAITS_H
#define CX_WAITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "strmap.h"

struct wait {
    int64_t start, end; /* end: the "to" event, or where it was censored */
    size_t client;      /* id in log->clients */
    size_t start_seq;   /* input row of the start event (log->vals) */
    bool ended;         /* false: censored */
};

struct waits_filter {
    struct strmap acts; /* the from and to activity names */
    size_t act_col;     /* the activity among the asked columns */
    bool censor_last;
    int64_t asof; /* INT64_MAX: the latest time in the input */
    /* censor_last: of each client (by id in log->clients), the latest time at
     * or before asof of its events not kept, INT64_MIN for none; nlast of
     * them set. */
    int64_t *last;
    size_t nlast, lastcap;
    size_t late; /* events not kept that come after asof */
};

struct waits_rule {
    const bool *is_from, *is_to; /* by value id of kept column act_col */
    size_t act_col;
    bool restart;
    bool censor_last;
    int64_t asof;
    const struct waits_filter *filter; /* the log was read with it, or NULL */
};

struct waits_report {
    size_t unmatched; /* "to" events without an open wait (not in "from") */
    size_t late;      /* events after asof, left out */
    /* Ties, among the events at or before asof in the log: */
    size_t tied;       /* events at the time of the client's previous one */
    size_t mixed;      /* instants where one event is "to" and another
                          "from" (not all of them both): how they pair
                          follows the row order */
    size_t mixed_clients;
    size_t mixed_waits; /* waits that start or end at such an instant */
};

/* Sets up f for the activities names[0..n) (the from and to lists), the
 * activity being asked column act_col; asof INT64_MAX when it is to be the
 * latest time in the input (every event is at or before it). */
void waits_filter_init(struct waits_filter *f, char *const *names, size_t n,
                       size_t act_col, bool censor_last, int64_t asof);
/* An evlog_keep_fn: ctx is a struct waits_filter. */
bool waits_keep(void *ctx, const struct evrec *r);
void waits_filter_free(struct waits_filter *f);

/* Returns the waits of the whole log in a new array, their number in *n. */
struct wait *waits_find(const struct evlog *log, const struct waits_rule *r,
                        size_t *n, struct waits_report *rep);

#endif
