/* cxtime: the suite's time model. A time is a count of milliseconds since
 * 1970-01-01T00:00:00 (UTC when the input had a zone, otherwise the local
 * wall clock of the export taken as is); dates are proleptic Gregorian and
 * computed without the C library's locale or time zone. Also durations
 * ("4w", "42d", "36h"), output units, and period labels (day, ISO week,
 * month, quarter, year) with "period + N" arithmetic. Nothing here
 * allocates. */
#ifndef CX_CXTIME_H
#define CX_CXTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MS_PER_MINUTE INT64_C(60000)
#define MS_PER_HOUR INT64_C(3600000)
#define MS_PER_DAY INT64_C(86400000)

/* Civil dates. */
bool civil_valid(int y, int m, int d);
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);
/* Floor division, for negative times. */
int64_t floor_div(int64_t a, int64_t b);

/* Canonical input forms: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]] (a space may
 * stand for T), optionally followed by Z or +HH:MM / -HH:MM, which convert to
 * UTC. Impossible dates and times are rejected. *date_only (may be NULL) is
 * set when the input had no time of day. */
bool time_parse(const char *s, int64_t *ms, bool *date_only);
/* The digits of a fraction of a second after its separator, advancing *p:
 * milliseconds in *msec (digits beyond the third are dropped); false when
 * there is no digit. Shared by time_parse and cx-ingest's lenient reader. */
bool time_parse_fraction(const char **p, int *msec);
/* Builds a time from parts; false when the parts are impossible. */
bool time_from_parts(int y, int mo, int d, int h, int mi, int s, int msec,
                     int64_t *ms);
/* YYYY-MM-DD when date_only, else YYYY-MM-DDTHH:MM:SS with ".fff" only when
 * the milliseconds are not zero, and "Z" when zulu. buf: at least 32. */
void time_format(int64_t ms, bool date_only, bool zulu, char *buf,
                 size_t size);

/* The range of times: 0001-01-01T00:00:00.000 to 9999-12-31T23:59:59.999
 * (UTC). A time given with an offset that falls outside is refused, so
 * that whatever a tool reads it can also write, and differences of times
 * and sums of a time and a duration never overflow. */
#define TIME_MIN_MS (INT64_C(-719162) * MS_PER_DAY)
#define TIME_MAX_MS (INT64_C(2932897) * MS_PER_DAY - 1)
bool time_in_range(int64_t ms);

/* Durations: a positive number and a unit, "90min", "36h", "42d", "4w",
 * rounded to the millisecond; at least 1 ms and at most the whole range of
 * times (DURATION_MAX_MS, about 10,000 years). "m" is refused (minutes or
 * months?), and so are months and years, which are not fixed durations.
 * duration_read says why a string is refused: a short reason with a hint
 * written into why (may be NULL; at least 160 bytes is enough). */
#define DURATION_MAX_MS (TIME_MAX_MS - TIME_MIN_MS + 1)
bool duration_read(const char *s, int64_t *ms, char *why, size_t whysize);
bool duration_parse(const char *s, int64_t *ms);

/* Output units for durations: minutes, hours, days, weeks. */
bool unit_parse(const char *s, double *ms_per_unit);

/* Periods. An index counts periods from 1970 (days since 1970-01-01, ISO
 * weeks since the week of 1970-01-01, months since 1970-01, ...), so that
 * "period + N" is index + N. */
enum period_kind {
    PERIOD_NONE,
    PERIOD_DAY,
    PERIOD_WEEK,
    PERIOD_MONTH,
    PERIOD_QUARTER,
    PERIOD_YEAR
};

bool period_kind_parse(const char *s, enum period_kind *k);
int64_t period_index(enum period_kind k, int64_t ms);
/* 2026-11-22, 2026-W47, 2026-11, 2026-Q4, 2026. buf: at least 16. */
void period_label(enum period_kind k, int64_t index, char *buf, size_t size);
/* Recognises any of the label forms above (the kind from its shape). */
bool period_parse_label(const char *s, enum period_kind *k, int64_t *index);
/* First millisecond of a period. */
int64_t period_start(enum period_kind k, int64_t index);
/* Writes label + n into buf; false when label is not a period label. */
bool period_add(const char *label, long n, char *buf, size_t size);

#endif
