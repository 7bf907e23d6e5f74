/* Unit tests for cxtime: parsing, formatting, durations, periods. */
#include <config.h>

#include "cxtime.h"

#include "check.h"

static int64_t
at(const char *s)
{
    int64_t ms = -1;
    if (!time_parse(s, &ms, NULL))
        printf("cannot parse %s\n", s);
    return ms;
}

static const char *
label(enum period_kind k, const char *t)
{
    static char buf[32];
    period_label(k, period_index(k, at(t)), buf, sizeof buf);
    return buf;
}

static const char *
add(const char *l, long n)
{
    static char buf[32];
    if (!period_add(l, n, buf, sizeof buf))
        return "(bad)";
    return buf;
}

int
main(void)
{
    /* Accepted forms; 2026-11-22 is day 20779 since 1970 (python3:
     * (date(2026, 11, 22) - date(1970, 1, 1)).days). */
    CHECK(at("1970-01-01") == 0);
    CHECK(at("2026-11-22") == INT64_C(20779) * MS_PER_DAY);
    CHECK(at("2026-11-22T09:30") == at("2026-11-22") + 9 * MS_PER_HOUR + 30 * MS_PER_MINUTE);
    CHECK(at("2026-11-22 09:30:15") == at("2026-11-22T09:30") + 15000);
    CHECK(at("2026-11-22T09:30:15.250") == at("2026-11-22T09:30:15") + 250);
    CHECK(at("2026-11-22T09:30:15.5") == at("2026-11-22T09:30:15") + 500);
    CHECK(at("2026-11-22T09:30Z") == at("2026-11-22T09:30"));
    CHECK(at("2026-11-22T09:30+01:00") == at("2026-11-22T08:30"));
    CHECK(at("2026-11-22T00:30-02:00") == at("2026-11-22T02:30"));
    CHECK(at("2010-12-30 14:32:00+01:00") == at("2010-12-30T13:32:00"));
    CHECK(at("1969-12-31T23:00") == -MS_PER_HOUR);
    CHECK(at("2024-02-29") == at("2024-02-28") + MS_PER_DAY);

    static const char *bad[] = {
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
        "2026-11-22T24:00", "2026-11-22T23:60", "2026-11-22T10:00:60",
        "26-11-22", "2026/11/22", "2026-11-22T", "2026-11-22T9:30",
        "2026-11-22Z", "2026-11-22T10:00+1", "2026-11-22T10:00:00.",
        " 2026-11-22", "2026-11-22 ", "", "22-11-2026",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms;
        CHECK(!time_parse(bad[i], &ms, NULL));
    }
    bool donly = false;
    int64_t ms;
    CHECK(time_parse("2000-02-29", &ms, &donly) && donly);
    CHECK(time_parse("2000-02-29T00:00", &ms, &donly) && !donly);

    char buf[40];
    time_format(at("2026-11-22T09:30:15"), false, false, buf, sizeof buf);
    CHECK_STR(buf, "2026-11-22T09:30:15");
    time_format(at("2026-11-22T09:30:15.042"), false, true, buf, sizeof buf);
    CHECK_STR(buf, "2026-11-22T09:30:15.042Z");
    time_format(at("2026-11-22"), true, false, buf, sizeof buf);
    CHECK_STR(buf, "2026-11-22");
    time_format(at("1969-12-31T23:59:59"), false, false, buf, sizeof buf);
    CHECK_STR(buf, "1969-12-31T23:59:59");

    /* Durations and units. */
    CHECK(duration_parse("4w", &ms) && ms == 28 * MS_PER_DAY);
    CHECK(duration_parse("42d", &ms) && ms == 42 * MS_PER_DAY);
    CHECK(duration_parse("36h", &ms) && ms == 36 * MS_PER_HOUR);
    CHECK(duration_parse("90min", &ms) && ms == 90 * MS_PER_MINUTE);
    CHECK(duration_parse("1.5d", &ms) && ms == 36 * MS_PER_HOUR);
    CHECK(!duration_parse("4", &ms));
    CHECK(!duration_parse("w", &ms));
    CHECK(!duration_parse("0d", &ms));
    CHECK(!duration_parse("-4w", &ms));
    CHECK(!duration_parse("4 w", &ms));
    CHECK(!duration_parse("4y", &ms));
    /* Issue 13: minutes are "min"; "m", months and years are refused with
     * a hint (3 months = 3 * 365.2425 / 12 / 7 = 13.04 weeks, 91.3 days). */
    char why[200];
    CHECK(!duration_parse("3m", &ms));
    CHECK(!duration_read("3m", &ms, why, sizeof why));
    CHECK_STR(why, "'m' could be minutes or months: write 3min for minutes, "
                   "or weeks such as 13w (a calendar month is not a "
                   "duration)");
    CHECK(!duration_read("3months", &ms, why, sizeof why));
    CHECK_STR(why, "a calendar month is not a duration (28 to 31 days): "
                   "write weeks or days, such as 13w or 91d");
    CHECK(!duration_parse("6mnd", &ms));
    CHECK(!duration_parse("1M", &ms));
    CHECK(!duration_read("1y", &ms, why, sizeof why));
    CHECK_STR(why, "a calendar year is not a duration (365 or 366 days): "
                   "write weeks or days, such as 52w or 365d");
    /* Issue 11 item 6: overflow and rounding to nothing. */
    CHECK(!duration_parse("99999999999999999999w", &ms));
    CHECK(!duration_parse("0.0000000001min", &ms));
    CHECK(!duration_parse("0.000001min", &ms)); /* 0.06 ms */
    CHECK(duration_parse("0.00001min", &ms) && ms == 1); /* 0.6 ms */
    /* Years 1 to 9999 span 3,652,059 days (python3: (date(9999, 12, 31) -
     * date(1, 1, 1)).days + 1); a duration may span them but not more. */
    CHECK(duration_parse("3652059d", &ms) && ms == DURATION_MAX_MS);
    CHECK(!duration_parse("3652060d", &ms));
    CHECK(!duration_parse("1e3d", &ms));
    /* Times with an offset stay within years 1 to 9999. */
    CHECK(time_parse("9999-12-31T23:00-01:00", &ms, NULL) == false);
    CHECK(time_parse("9999-12-31T23:00+01:00", &ms, NULL));
    CHECK(time_parse("0001-01-01T00:30+01:00", &ms, NULL) == false);
    CHECK(time_parse("0001-01-01T00:30-01:00", &ms, NULL) &&
          ms == TIME_MIN_MS + 90 * MS_PER_MINUTE);
    double per;
    CHECK(unit_parse("hours", &per) && per == 3600e3);
    CHECK(!unit_parse("fortnights", &per));

    /* ISO weeks at year ends (issue 2 and ISO 8601 calendars by hand). */
    CHECK_STR(label(PERIOD_WEEK, "2024-12-30"), "2025-W01");
    CHECK_STR(label(PERIOD_WEEK, "2026-12-31"), "2026-W53");
    CHECK_STR(label(PERIOD_WEEK, "2027-01-03"), "2026-W53");
    CHECK_STR(label(PERIOD_WEEK, "2027-01-04"), "2027-W01");
    CHECK_STR(label(PERIOD_WEEK, "2020-12-31"), "2020-W53");
    CHECK_STR(label(PERIOD_WEEK, "2026-11-22T23:59"), "2026-W47");
    CHECK_STR(label(PERIOD_WEEK, "2026-11-23"), "2026-W48");
    CHECK_STR(label(PERIOD_WEEK, "1970-01-01"), "1970-W01");
    CHECK_STR(label(PERIOD_WEEK, "1969-12-29"), "1970-W01");
    CHECK_STR(label(PERIOD_WEEK, "1969-12-28"), "1969-W52");
    CHECK_STR(label(PERIOD_WEEK, "2021-01-03"), "2020-W53");
    CHECK_STR(label(PERIOD_DAY, "2024-02-29T12:00"), "2024-02-29");
    CHECK_STR(label(PERIOD_MONTH, "2026-11-22"), "2026-11");
    CHECK_STR(label(PERIOD_MONTH, "1969-12-31"), "1969-12");
    CHECK_STR(label(PERIOD_QUARTER, "2026-11-22"), "2026-Q4");
    CHECK_STR(label(PERIOD_QUARTER, "2026-04-01"), "2026-Q2");
    CHECK_STR(label(PERIOD_QUARTER, "2026-03-31T23:59"), "2026-Q1");
    CHECK_STR(label(PERIOD_YEAR, "2026-11-22"), "2026");

    /* Period arithmetic, across year ends and leap days. */
    CHECK_STR(add("2026-W53", 1), "2027-W01");
    CHECK_STR(add("2027-W01", -1), "2026-W53");
    CHECK_STR(add("2025-W52", 1), "2026-W01");
    CHECK_STR(add("2026-Q4", 1), "2027-Q1");
    CHECK_STR(add("2027-Q1", -1), "2026-Q4");
    CHECK_STR(add("2026-12", 1), "2027-01");
    CHECK_STR(add("2026-01", -13), "2024-12");
    CHECK_STR(add("2024-02-28", 1), "2024-02-29");
    CHECK_STR(add("2024-02-29", 1), "2024-03-01");
    CHECK_STR(add("2023-02-28", 1), "2023-03-01");
    CHECK_STR(add("2026", 1), "2027");
    CHECK_STR(add("2026-W47", 0), "2026-W47");
    CHECK_STR(add("2025-W53", 1), "(bad)");
    CHECK_STR(add("2026-W54", 1), "(bad)");
    CHECK_STR(add("2026-W00", 1), "(bad)");
    CHECK_STR(add("2026-Q5", 1), "(bad)");
    CHECK_STR(add("2026-13", 1), "(bad)");
    CHECK_STR(add("2026-02-30", 1), "(bad)");
    CHECK_STR(add("week", 1), "(bad)");

    enum period_kind k;
    int64_t idx;
    CHECK(period_parse_label("2026-W47", &k, &idx) && k == PERIOD_WEEK);
    CHECK(period_start(k, idx) == at("2026-11-16"));
    CHECK(period_parse_label("2026-Q4", &k, &idx) && k == PERIOD_QUARTER);
    CHECK(period_start(k, idx) == at("2026-10-01"));
    CHECK(period_parse_label("2026-11", &k, &idx) && k == PERIOD_MONTH);
    CHECK(period_start(k, idx) == at("2026-11-01"));
    CHECK(period_parse_label("2026", &k, &idx) && k == PERIOD_YEAR);
    CHECK(period_start(k, idx) == at("2026-01-01"));
    CHECK(period_kind_parse("quarter", &k) && k == PERIOD_QUARTER);
    CHECK(!period_kind_parse("fortnight", &k));
    CHECK_DONE();
}
