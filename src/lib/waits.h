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
 * start). */
#ifndef CX_WAITS_H
#define CX_WAITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"

struct wait {
    int64_t start, end; /* end: the "to" event, or where it was censored */
    size_t client;      /* id in log->clients */
    size_t start_seq;   /* input row of the start event (log->vals) */
    bool ended;         /* false: censored */
};

struct waits_rule {
    const bool *is_from, *is_to; /* by value id of kept column act_col */
    size_t act_col;
    bool restart;
    bool censor_last;
    int64_t asof;
};

struct waits_report {
    size_t unmatched; /* "to" events without an open wait (not in "from") */
    size_t late;      /* events after asof, left out */
};

/* Returns the waits of the whole log in a new array, their number in *n. */
struct wait *waits_find(const struct evlog *log, const struct waits_rule *r,
                        size_t *n, struct waits_report *rep);

#endif
