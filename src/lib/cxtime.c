/* cxtime: civil dates, canonical time parsing, durations and periods. */
#include <config.h>

#include "cxtime.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static bool
leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool
civil_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= month_days(y, m);
}

/* Howard Hinnant's days_from_civil and civil_from_days. */
int64_t
days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

bool
time_from_parts(int y, int mo, int d, int h, int mi, int s, int msec,
                int64_t *ms)
{
    if (!civil_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        s < 0 || s > 59 || msec < 0 || msec > 999)
        return false;
    *ms = days_from_civil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR +
          mi * MS_PER_MINUTE + s * INT64_C(1000) + msec;
    return true;
}

/* Reads exactly n digits. */
static bool
digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

bool
time_parse_fraction(const char **p, int *msec)
{
    int n = 0, scale = 100;
    *msec = 0;
    for (; **p >= '0' && **p <= '9'; (*p)++, n++) {
        *msec += (**p - '0') * scale;
        scale /= 10;
    }
    return n > 0;
}

bool
time_parse(const char *s, int64_t *ms, bool *date_only)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, msec = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return false;
    bool donly = (*p == '\0');
    if (!donly) {
        if (*p != 'T' && *p != ' ')
            return false;
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return false;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                return false;
            if (*p == '.') {
                p++;
                if (!time_parse_fraction(&p, &msec))
                    return false;
            }
        }
    }
    int64_t offset = 0;
    if (!donly && *p == 'Z') {
        p++;
    } else if (!donly && (*p == '+' || *p == '-')) {
        int sign = *p++ == '-' ? -1 : 1, oh, om;
        if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) ||
            oh > 23 || om > 59)
            return false;
        offset = sign * (oh * MS_PER_HOUR + om * MS_PER_MINUTE);
    }
    if (*p != '\0')
        return false;
    if (!time_from_parts(y, mo, d, h, mi, sec, msec, ms))
        return false;
    *ms -= offset;
    if (!time_in_range(*ms))
        return false;
    if (date_only)
        *date_only = donly;
    return true;
}

void
time_format(int64_t ms, bool date_only, bool zulu, char *buf, size_t size)
{
    int64_t days = floor_div(ms, MS_PER_DAY);
    int64_t rest = ms - days * MS_PER_DAY;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (date_only) {
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        return;
    }
    int h = (int)(rest / MS_PER_HOUR);
    int mi = (int)(rest / MS_PER_MINUTE % 60);
    int s = (int)(rest / 1000 % 60);
    int f = (int)(rest % 1000);
    int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h,
                     mi, s);
    if (f && n > 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ".%03d", f);
    if (zulu && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "Z");
}

bool
time_in_range(int64_t ms)
{
    return ms >= TIME_MIN_MS && ms <= TIME_MAX_MS;
}

/* Writes a reason into why (when given) and returns false. */
static bool
refuse(char *why, size_t size, const char *fmt, ...)
{
    if (why && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, size, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool
one_of(const char *u, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(u, *names) == 0)
            return true;
    return false;
}

bool
duration_read(const char *s, int64_t *ms, char *why, size_t whysize)
{
    /* Refused with a hint rather than as an unknown unit: months and years
     * (English and Dutch spellings), which are not fixed durations. */
    static const char *const months[] = {
        "M", "mo", "mon", "mth", "month", "months", "mnd", "maand", "maanden",
        NULL};
    static const char *const years[] = {
        "y", "yr", "yrs", "year", "years", "j", "jr", "jaar", "jaren", NULL};
    /* A month is 365.2425 / 12 days on average; the hints round that. */
    const double month_days = 365.2425 / 12;
    char num[64];
    size_t i = 0;
    while (s[i] && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    if (i == 0 || i >= sizeof num)
        return refuse(why, whysize,
                      "a number and a unit, such as 4w, 42d, 36h or 90min");
    memcpy(num, s, i);
    num[i] = '\0';
    double v;
    if (!num_parse(num, &v))
        return refuse(why, whysize, "'%s' is not a number", num);
    if (v <= 0)
        return refuse(why, whysize, "a duration must be more than 0");
    const char *u = s + i;
    double per;
    if (strcmp(u, "m") == 0)
        return refuse(why, whysize,
                      "'m' could be minutes or months: write %smin for "
                      "minutes, or weeks such as %.0fw (a calendar month is "
                      "not a duration)",
                      num, v * month_days / 7);
    if (one_of(u, months))
        return refuse(why, whysize,
                      "a calendar month is not a duration (28 to 31 days): "
                      "write weeks or days, such as %.0fw or %.0fd",
                      v * month_days / 7, v * month_days);
    if (one_of(u, years))
        return refuse(why, whysize,
                      "a calendar year is not a duration (365 or 366 days): "
                      "write weeks or days, such as %.0fw or %.0fd",
                      v * 365.2425 / 7, v * 365.2425);
    if (*u == '\0')
        return refuse(why, whysize,
                      "no unit: write %smin, %sh, %sd or %sw", num, num, num,
                      num);
    if (strcmp(u, "min") == 0)
        per = (double)MS_PER_MINUTE;
    else if (strcmp(u, "h") == 0)
        per = (double)MS_PER_HOUR;
    else if (strcmp(u, "d") == 0)
        per = (double)MS_PER_DAY;
    else if (strcmp(u, "w") == 0)
        per = 7.0 * (double)MS_PER_DAY;
    else
        return refuse(why, whysize,
                      "unknown unit '%s': min, h, d or w, as in 90min, 36h, "
                      "42d or 4w",
                      u);
    double x = v * per;
    if (!(x <= (double)DURATION_MAX_MS))
        return refuse(why, whysize,
                      "longer than any two times can be apart (years 1 to "
                      "9999, %lld days)",
                      (long long)(DURATION_MAX_MS / MS_PER_DAY));
    if (x < 0.5)
        return refuse(why, whysize,
                      "shorter than 1 ms, the smallest duration (it would "
                      "round to 0)");
    *ms = (int64_t)llround(x);
    return true;
}

bool
duration_parse(const char *s, int64_t *ms)
{
    return duration_read(s, ms, NULL, 0);
}

bool
unit_parse(const char *s, double *ms_per_unit)
{
    static const struct {
        const char *name;
        double ms;
    } units[] = {{"minutes", 60e3}, {"hours", 3600e3},
                 {"days", 86400e3}, {"weeks", 7 * 86400e3}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(s, units[i].name) == 0) {
            *ms_per_unit = units[i].ms;
            return true;
        }
    return false;
}

bool
period_kind_parse(const char *s, enum period_kind *k)
{
    static const char *names[] = {"", "day", "week", "month", "quarter",
                                  "year"};
    for (int i = PERIOD_DAY; i <= PERIOD_YEAR; i++)
        if (strcmp(s, names[i]) == 0) {
            *k = (enum period_kind)i;
            return true;
        }
    return false;
}

/* 1970-01-01 was a Thursday: Monday-based week w starts on day 7w - 3. */
static int64_t
week_monday(int64_t week)
{
    return week * 7 - 3;
}

static void
iso_week(int64_t week, int *wy, int *wn)
{
    int y, m, d;
    int64_t thursday = week_monday(week) + 3;
    civil_from_days(thursday, &y, &m, &d);
    *wy = y;
    *wn = (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

int64_t
period_index(enum period_kind k, int64_t ms)
{
    int64_t days = floor_div(ms, MS_PER_DAY);
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    switch (k) {
    case PERIOD_DAY:
        return days;
    case PERIOD_WEEK:
        return floor_div(days + 3, 7);
    case PERIOD_MONTH:
        return (int64_t)(y - 1970) * 12 + (m - 1);
    case PERIOD_QUARTER:
        return (int64_t)(y - 1970) * 4 + (m - 1) / 3;
    case PERIOD_YEAR:
        return y;
    default:
        return 0;
    }
}

void
period_label(enum period_kind k, int64_t index, char *buf, size_t size)
{
    int y, m, d;
    switch (k) {
    case PERIOD_DAY:
        civil_from_days(index, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        break;
    case PERIOD_WEEK:
        iso_week(index, &y, &d);
        snprintf(buf, size, "%04d-W%02d", y, d);
        break;
    case PERIOD_MONTH:
        snprintf(buf, size, "%04d-%02d", (int)(1970 + floor_div(index, 12)),
                 (int)(index - floor_div(index, 12) * 12 + 1));
        break;
    case PERIOD_QUARTER:
        snprintf(buf, size, "%04d-Q%d", (int)(1970 + floor_div(index, 4)),
                 (int)(index - floor_div(index, 4) * 4 + 1));
        break;
    case PERIOD_YEAR:
        snprintf(buf, size, "%04d", (int)index);
        break;
    default:
        buf[0] = '\0';
    }
}

static int
weeks_in_year(int y)
{
    int wy, wn;
    iso_week(floor_div(days_from_civil(y, 12, 28) + 3, 7), &wy, &wn);
    return wn;
}

bool
period_parse_label(const char *s, enum period_kind *k, int64_t *index)
{
    const char *p = s;
    int y, a, b;
    if (!digits(&p, 4, &y) || y < 1)
        return false;
    if (*p == '\0') {
        *k = PERIOD_YEAR;
        *index = y;
        return true;
    }
    if (*p++ != '-')
        return false;
    if (*p == 'W') {
        p++;
        if (!digits(&p, 2, &a) || *p || a < 1 || a > weeks_in_year(y))
            return false;
        int64_t jan4 = days_from_civil(y, 1, 4);
        *k = PERIOD_WEEK;
        *index = floor_div(jan4 + 3, 7) + (a - 1);
        return true;
    }
    if (*p == 'Q') {
        p++;
        if (!digits(&p, 1, &a) || *p || a < 1 || a > 4)
            return false;
        *k = PERIOD_QUARTER;
        *index = (int64_t)(y - 1970) * 4 + (a - 1);
        return true;
    }
    if (!digits(&p, 2, &a) || a < 1 || a > 12)
        return false;
    if (*p == '\0') {
        *k = PERIOD_MONTH;
        *index = (int64_t)(y - 1970) * 12 + (a - 1);
        return true;
    }
    if (*p++ != '-' || !digits(&p, 2, &b) || *p || !civil_valid(y, a, b))
        return false;
    *k = PERIOD_DAY;
    *index = days_from_civil(y, a, b);
    return true;
}

int64_t
period_start(enum period_kind k, int64_t index)
{
    switch (k) {
    case PERIOD_DAY:
        return index * MS_PER_DAY;
    case PERIOD_WEEK:
        return week_monday(index) * MS_PER_DAY;
    case PERIOD_MONTH:
        return days_from_civil((int)(1970 + floor_div(index, 12)),
                               (int)(index - floor_div(index, 12) * 12 + 1),
                               1) *
               MS_PER_DAY;
    case PERIOD_QUARTER:
        return days_from_civil((int)(1970 + floor_div(index, 4)),
                               (int)(index - floor_div(index, 4) * 4) * 3 + 1,
                               1) *
               MS_PER_DAY;
    case PERIOD_YEAR:
        return days_from_civil((int)index, 1, 1) * MS_PER_DAY;
    default:
        return 0;
    }
}

bool
period_add(const char *label, long n, char *buf, size_t size)
{
    enum period_kind k;
    int64_t idx;
    if (!period_parse_label(label, &k, &idx))
        return false;
    period_label(k, idx + n, buf, size);
    return true;
}
