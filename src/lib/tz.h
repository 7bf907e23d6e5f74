/* tz: local wall-clock times of an IANA time zone (such as
 * Europe/Amsterdam) turned into UTC through the system's time zone
 * database (Debian tzdata, /usr/share/zoneinfo or $TZDIR), for cx-ingest
 * --tz. It sets the process's TZ and calls localtime_r: no hand-made
 * daylight-saving rule. A local time in the gap of a spring-forward
 * transition does not exist; one in the hour an autumn transition repeats
 * exists twice, and the caller says which occurrence it means. Nothing
 * here allocates; struct tz holds the zone's name (the caller's string). */
#ifndef CX_TZ_H
#define CX_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tz {
    const char *name;
};

/* Opens zone name: false, with a reason in why, when the name is not a
 * zone of the database (not found, not a TZif file, or a path that leaves
 * the database). */
bool tz_open(struct tz *z, const char *name, char *why, size_t whysize);

enum tz_fold { TZ_FOLD_FIRST, TZ_FOLD_SECOND, TZ_FOLD_REJECT };

enum tz_result {
    TZ_OK,        /* exactly one UTC time */
    TZ_AMBIGUOUS, /* two: *utc is the one fold asks for */
    TZ_GAP        /* none: the clocks jumped over it */
};

/* The UTC time (ms, cxtime.h) of local wall-clock time local (ms as if it
 * were UTC). For TZ_AMBIGUOUS with TZ_FOLD_REJECT *utc is left alone. The
 * offsets in force before and after a transition at that time are set in
 * *off_before and *off_after (seconds east of UTC; may be NULL). */
enum tz_result tz_to_utc(const struct tz *z, int64_t local, enum tz_fold fold,
                         int64_t *utc, long *off_before, long *off_after);

#endif
