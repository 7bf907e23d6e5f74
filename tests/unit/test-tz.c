/* test-tz: local times of Europe/Amsterdam and America/New_York across the
 * 2026 transitions. Expected UTC times from python3's zoneinfo (over the
 * same tzdata), e.g. datetime(2026, 10, 25, 2, 30, fold=1,
 * tzinfo=ZoneInfo("Europe/Amsterdam")).astimezone(timezone.utc). */
#include <config.h>

#include "tz.h"

#include "check.h"
#include "cxtime.h"

static int64_t
at(const char *s)
{
    int64_t ms = -1;
    if (!time_parse(s, &ms, NULL))
        printf("cannot parse %s\n", s);
    return ms;
}

static enum tz_result
conv(const struct tz *z, const char *local, enum tz_fold fold, int64_t *u)
{
    *u = -1;
    return tz_to_utc(z, at(local), fold, u, NULL, NULL);
}

int
main(void)
{
    struct tz z;
    char why[200];
    CHECK(!tz_open(&z, "Europe/Amsterdm", why, sizeof why));
    CHECK(!tz_open(&z, "../../etc/passwd", why, sizeof why));
    CHECK(!tz_open(&z, "/etc/passwd", why, sizeof why));
    CHECK(!tz_open(&z, "", why, sizeof why));
    CHECK(tz_open(&z, "Europe/Amsterdam", why, sizeof why));

    int64_t u, v;
    long before, after;
    /* Winter (+01:00) and summer (+02:00). */
    CHECK(conv(&z, "2026-03-28T01:30", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-03-28T00:30Z"));
    CHECK(conv(&z, "2026-03-29T03:30", TZ_FOLD_FIRST, &v) == TZ_OK);
    CHECK(v == at("2026-03-29T01:30Z"));
    /* The wait: 25 hours, not 26. */
    CHECK(v - u == 25 * MS_PER_HOUR);
    /* The spring-forward gap: 02:00 to 03:00 local on 29 March. */
    CHECK(conv(&z, "2026-03-29T01:59:59", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-03-29T00:59:59Z"));
    CHECK(tz_to_utc(&z, at("2026-03-29T02:00"), TZ_FOLD_FIRST, &u, &before,
                    &after) == TZ_GAP);
    CHECK(before == 3600 && after == 7200);
    CHECK(conv(&z, "2026-03-29T02:59:59.999", TZ_FOLD_FIRST, &u) == TZ_GAP);
    CHECK(conv(&z, "2026-03-29T03:00", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-03-29T01:00Z"));
    /* The autumn hour 02:00 to 03:00 local on 25 October happens twice. */
    CHECK(conv(&z, "2026-10-25T01:59:59", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-10-24T23:59:59Z"));
    CHECK(conv(&z, "2026-10-25T02:30", TZ_FOLD_FIRST, &u) == TZ_AMBIGUOUS);
    CHECK(u == at("2026-10-25T00:30Z"));
    CHECK(conv(&z, "2026-10-25T02:30:00.250", TZ_FOLD_SECOND, &u) ==
          TZ_AMBIGUOUS);
    CHECK(u == at("2026-10-25T01:30:00.250Z"));
    CHECK(conv(&z, "2026-10-25T02:00", TZ_FOLD_REJECT, &u) == TZ_AMBIGUOUS);
    CHECK(u == -1);
    CHECK(conv(&z, "2026-10-25T03:00", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-10-25T02:00Z"));
    /* 24 October 01:30 to 25 October 03:30 local: 27 hours. */
    CHECK(conv(&z, "2026-10-24T01:30", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(conv(&z, "2026-10-25T03:30", TZ_FOLD_FIRST, &v) == TZ_OK);
    CHECK(v - u == 27 * MS_PER_HOUR);

    /* Another zone: New York, 8 March and 1 November 2026. */
    CHECK(tz_open(&z, "America/New_York", why, sizeof why));
    CHECK(conv(&z, "2026-03-08T02:30", TZ_FOLD_FIRST, &u) == TZ_GAP);
    CHECK(conv(&z, "2026-03-08T03:30", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(u == at("2026-03-08T07:30Z"));
    CHECK(conv(&z, "2026-11-01T01:30", TZ_FOLD_SECOND, &u) == TZ_AMBIGUOUS);
    CHECK(u == at("2026-11-01T06:30Z"));
    /* Far from today: years 1 and 9999 still convert (LMT, fixed). */
    CHECK(conv(&z, "9999-06-01T12:00", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK(conv(&z, "0001-06-01T12:00", TZ_FOLD_FIRST, &u) == TZ_OK);
    CHECK_DONE();
}
