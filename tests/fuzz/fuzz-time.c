/* fuzz-time: the canonical time parser, durations and periods
 * (src/lib/cxtime). Invariants: what time_parse accepts is a possible
 * date and time (checked against a day count written here, not the
 * library's); what time_format writes reads back to the same instant; a
 * period label of any time reads back to the same period, which contains
 * the time; a duration is a positive number of milliseconds. */
#include <config.h>

#include "cxtime.h"
#include "fuzz.h"

static bool
leap_year(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d by counting whole years and months. */
static int64_t
slow_days(long y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t n = 0;
    for (long k = 1970; k < y; k++)
        n += leap_year(k) ? 366 : 365;
    for (long k = y; k < 1970; k++)
        n -= leap_year(k) ? 366 : 365;
    for (int k = 1; k < m; k++)
        n += mdays[k - 1] + (k == 2 && leap_year(y));
    return n + d - 1;
}

/* Digits of s at [i, i+n) as a number, or -1. */
static long
num_at(const char *s, size_t i, size_t n)
{
    long v = 0;
    for (size_t k = i; k < i + n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

static void
check_calendar(const char *s, int64_t ms, bool donly)
{
    /* Every accepted form starts YYYY-MM-DD. */
    FZ_CHECK(strlen(s) >= 10 && s[4] == '-' && s[7] == '-',
             "time_parse accepted '%s'", s);
    long y = num_at(s, 0, 4), m = num_at(s, 5, 2), d = num_at(s, 8, 2);
    FZ_CHECK(y >= 1 && m >= 1 && m <= 12 && d >= 1,
             "time_parse accepted "
             "impossible date '%s'",
             s);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    FZ_CHECK(d <= mdays[m - 1] + (m == 2 && leap_year(y)),
             "time_parse accepted impossible date '%s'", s);
    int64_t day = slow_days(y, (int)m, (int)d);
    if (donly) {
        FZ_CHECK(ms == day * MS_PER_DAY, "time_parse('%s') = %lld, want %lld",
                 s, (long long)ms, (long long)(day * MS_PER_DAY));
        return;
    }
    long h = num_at(s, 11, 2), mi = num_at(s, 14, 2);
    FZ_CHECK(h >= 0 && h <= 23 && mi >= 0 && mi <= 59,
             "time_parse accepted impossible time '%s'", s);
    /* With no zone, the instant is the wall clock; with one, it is within
     * a day of it. */
    int64_t wall = day * MS_PER_DAY + h * MS_PER_HOUR + mi * MS_PER_MINUTE;
    bool zone =
        strchr(s + 10, 'Z') || strchr(s + 10, '+') || strchr(s + 10, '-');
    int64_t diff = ms - wall;
    if (!zone)
        FZ_CHECK(diff >= 0 && diff < MS_PER_MINUTE,
                 "time_parse('%s') = %lld is not its wall clock %lld", s,
                 (long long)ms, (long long)wall);
    else
        FZ_CHECK(diff > -MS_PER_DAY && diff < MS_PER_DAY,
                 "time_parse('%s'): offset of %lld ms", s, (long long)diff);
}

static void
check_roundtrip(const char *s, int64_t ms, bool donly)
{
    char buf[64];
    for (int zulu = 0; zulu < 2; zulu++) {
        int64_t back;
        bool bd;
        time_format(ms, donly, zulu, buf, sizeof buf);
        bool in_range = ms >= days_from_civil(1, 1, 1) * MS_PER_DAY &&
                        ms < days_from_civil(10000, 1, 1) * MS_PER_DAY;
        if (!in_range && fz_known("year-range"))
            return;
        FZ_CHECK(time_parse(buf, &back, &bd),
                 "time_parse('%s') ok, but its time_format '%s' does not "
                 "read back",
                 s, buf);
        FZ_CHECK(
            back == (donly ? floor_div(ms, MS_PER_DAY) * MS_PER_DAY : ms) &&
                bd == donly,
            "'%s' -> '%s' reads back as %lld, not %lld", s, buf,
            (long long)back, (long long)ms);
    }
}

static void
check_periods(int64_t ms)
{
    for (int k = PERIOD_DAY; k <= PERIOD_YEAR; k++) {
        char label[32];
        enum period_kind kk;
        int64_t idx = period_index((enum period_kind)k, ms), back;
        period_label((enum period_kind)k, idx, label, sizeof label);
        FZ_CHECK(period_parse_label(label, &kk, &back) && kk == k &&
                     back == idx,
                 "period label '%s' (kind %d, index %lld) does not read back",
                 label, k, (long long)idx);
        int64_t a = period_start((enum period_kind)k, idx);
        int64_t b = period_start((enum period_kind)k, idx + 1);
        FZ_CHECK(a <= ms && ms < b, "time %lld not in its period '%s'",
                 (long long)ms, label);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 200)
        return 0;
    char *s = fz_cstr(data, size);
    int64_t ms;
    bool donly;
    if (strlen(s) == size && time_parse(s, &ms, &donly)) {
        check_calendar(s, ms, donly);
        check_roundtrip(s, ms, donly);
        check_periods(ms);
    }
    if (strlen(s) == size && duration_parse(s, &ms))
        FZ_CHECK_UNLESS("duration-range", ms > 0, "duration '%s' is %lld ms", s,
                        (long long)ms);
    enum period_kind k;
    int64_t idx;
    if (strlen(s) == size && period_parse_label(s, &k, &idx)) {
        char label[32];
        period_label(k, idx, label, sizeof label);
        FZ_CHECK(strcmp(label, s) == 0, "period label '%s' is written '%s'", s,
                 label);
        FZ_CHECK(period_index(k, period_start(k, idx)) == idx,
                 "period '%s' does not contain its start", s);
        char next[32];
        FZ_CHECK_UNLESS(
            strncmp(s, "9999", 4) == 0 ? "period-9999" : "",
            period_add(s, 1, next, sizeof next) && strcmp(next, s) > 0,
            "period after '%s' is '%s', which does not sort after it", s, next);
    }
    free(s);
    return 0;
}
