/* waitweeks: weekly counts from the one-row-per-wait list of cx-waits
 * (--list: start, end, over_norm), for the weekly series of a report:
 * for each ISO week of a range, the waits open at the week's end (Sunday
 * 23:59:59, the moment cx-weekly passes to cx-waits --asof) and of those
 * the ones that had lasted longer than the norm, and the waits that ended
 * in the week and of those the ones longer than the norm. The counts agree
 * with what cx-waits --asof would report at each week's end: a wait is open
 * at E when start <= E < end (no end: open), and past the norm when also
 * E - start > norm. The struct owns its arrays until waitweeks_free. */
#ifndef CX_WAITWEEKS_H
#define CX_WAITWEEKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct waitweeks {
    int64_t first, last; /* ISO week indices (cxtime.h), inclusive */
    size_t *open, *open_over, *ended, *ended_over; /* per week */
    size_t *started, *never; /* waits that started in the week, and of
                                those the ones without an end */
};

/* The end of week k as cx-weekly measures it: its Sunday 23:59:59. */
int64_t week_end_ms(int64_t k);

/* Reads the --list file at path (columns start, end and, when norm_ms > 0,
 * nothing else: the norm is applied here) and counts weeks first..last.
 * With censored_open false (cx-waits --censor last) a wait without its end
 * is not open after its start week: only ended waits are counted there. */
void waitweeks_count(struct waitweeks *w, const char *path, int64_t first,
                     int64_t last, int64_t norm_ms, int censored_open);
void waitweeks_free(struct waitweeks *w);

#endif
