/* tz: local wall-clock times to UTC through the system tz database. */
#include <config.h>

#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxtime.h"

bool
tz_open(struct tz *z, const char *name, char *why, size_t whysize)
{
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    if (!*name || name[0] == '/' || strstr(name, "..") || name[0] == ':') {
        snprintf(why, whysize, "not a zone name such as Europe/Amsterdam");
        return false;
    }
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        snprintf(why, whysize, "name too long");
        return false;
    }
    FILE *fp = fopen(path, "rb");
    char magic[4];
    bool ok =
        fp && fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
    if (fp)
        fclose(fp);
    if (!ok) {
        snprintf(why, whysize,
                 "no such zone in the time zone database (%s): an IANA "
                 "name such as Europe/Amsterdam (Debian package tzdata)",
                 dir);
        return false;
    }
    /* TZ names the file itself (with a colon, as POSIX allows), so that
     * the name is read from the same database that was checked. */
    static char tzvar[4100];
    snprintf(tzvar, sizeof tzvar, ":%s", path);
    if (setenv("TZ", tzvar, 1) != 0) {
        snprintf(why, whysize, "cannot set TZ");
        return false;
    }
    tzset();
    z->name = name;
    return true;
}

/* Seconds east of UTC in force at UTC second s. */
static long
offset_at(int64_t s)
{
    time_t t = (time_t)s;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return tm.tm_gmtoff;
}

enum tz_result
tz_to_utc(const struct tz *z, int64_t local, enum tz_fold fold, int64_t *utc,
          long *off_before, long *off_after)
{
    (void)z;
    int64_t ls = floor_div(local, 1000), frac = local - ls * 1000;
    /* Zones change their offset at most once within a day or two, and by
     * less than a day: the offsets a day before and after bound every
     * solution u of u + offset(u) = local. */
    long before = offset_at(ls - 86400 - 50400);
    long after = offset_at(ls + 86400 + 50400);
    long here = offset_at(ls);
    long cand[3] = {before, here, after};
    int64_t sol[3];
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        int64_t u = ls - cand[i];
        if (offset_at(u) != cand[i])
            continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= sol[k] == u;
        if (!dup)
            sol[n++] = u;
    }
    if (off_before)
        *off_before = before;
    if (off_after)
        *off_after = after;
    if (n == 0)
        return TZ_GAP;
    if (n == 1) {
        *utc = sol[0] * 1000 + frac;
        return TZ_OK;
    }
    int64_t first = sol[0] < sol[1] ? sol[0] : sol[1];
    int64_t second = sol[0] < sol[1] ? sol[1] : sol[0];
    if (fold == TZ_FOLD_FIRST)
        *utc = first * 1000 + frac;
    else if (fold == TZ_FOLD_SECOND)
        *utc = second * 1000 + frac;
    return TZ_AMBIGUOUS;
}
