/* Unit tests for unitjoin: pairing rows of one file, of two files on keys,
 * and with lags across a year end (pairs worked out by hand). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unitjoin.h"

#include "check.h"

static char *
temp_csv(const char *text)
{
    char *path = strdup("/tmp/test-unitjoin.XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        abort();
    close(fd);
    return path;
}

/* The (x, y) values of every pair, as "x:y" joined by spaces, in pair
 * order (first appearance of the key). */
static void
pairs_text(const struct unitjoin *j, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t p = 0; p < j->npairs; p++) {
        char one[64];
        double x = uj_val(j, j->xv[0], p), y = uj_val(j, j->yv[0], p);
        snprintf(one, sizeof one, "%s%g:%g", p ? " " : "", x, y);
        strncat(buf, one, size - strlen(buf) - 1);
    }
}

static const char staff[] = "unit,period,s\n"
                            "a,2025-Q3,1\n"
                            "a,2025-Q4,2\n"
                            "a,2026-Q1,3\n"
                            "b,2025-Q4,4\n"
                            "b,2026-Q1,NA\n";
static const char clients[] = "period,unit,c\n"
                              "2026-Q1,a,30\n"
                              "2025-Q4,a,20\n"
                              "2026-Q1,b,40\n"
                              "2025-Q3,a,10\n"
                              "2026-Q2,b,50\n";

int
main(void)
{
    char *fs = temp_csv(staff), *fc = temp_csv(clients);
    char *files[] = {fs, fc};
    char *x[] = {"s"}, *y[] = {"c"}, *keys[] = {"unit", "period"};
    char *unit[] = {"unit"}, *na[] = {"NA"};
    static const struct {
        long lag;
        bool lag_on;
        const char *want;
        size_t only_x, only_y;
    } two[] = {
        /* Same quarter: a Q3, a Q4, a Q1; b Q1 (x missing: NaN); b Q4
         * has no client row, b Q2 no staff row. */
        {0, false, "1:10 2:20 3:30 nan:40", 1, 1},
        /* Staff at t with clients at t+1, across the year end: a Q3-Q4,
         * a Q4-Q1, b Q4-Q1, b Q1-Q2; a Q1 and client a Q3 unpaired. */
        {1, true, "1:20 2:30 4:40 nan:50", 1, 1},
        /* Staff at t with clients at t-1. */
        {-1, true, "2:10 3:20", 3, 3},
    };
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++) {
        struct uj_opts o = {0};
        o.files = files;
        o.nfiles = 2;
        o.x = x;
        o.nx = 1;
        o.y = y;
        o.ny = 1;
        o.keys = keys;
        o.nkeys = 2;
        o.na = na;
        o.nna = 1;
        o.lag_on = two[i].lag_on;
        o.lag = two[i].lag;
        o.lag_key = "period";
        struct unitjoin j;
        uj_read(&j, &o);
        char buf[256];
        pairs_text(&j, buf, sizeof buf);
        CHECK_STR(buf, two[i].want);
        CHECK(j.unmatched[0] == two[i].only_x);
        CHECK(j.unmatched[1] == two[i].only_y);
        uj_free(&j);
    }

    /* One file, a lag within each unit (-k unit), groups from the x row. */
    char *one = temp_csv("unit,period,s,c,g\n"
                         "a,2025-12,1,100,A\n"
                         "a,2026-01,2,200,B\n"
                         "b,2026-01,3,300,C\n"
                         "b,2025-12,4,400,D\n");
    struct uj_opts o = {0};
    o.files = &one;
    o.nfiles = 1;
    o.x = x;
    o.nx = 1;
    o.y = y;
    o.ny = 1;
    o.keys = unit;
    o.nkeys = 1;
    char *grp[] = {"g"};
    o.groups = grp;
    o.ngroups = 1;
    o.lag_on = true;
    o.lag = 1;
    o.lag_key = "period";
    struct unitjoin j;
    uj_read(&j, &o);
    char buf[256];
    pairs_text(&j, buf, sizeof buf);
    /* a 2025-12 (s 1) with a 2026-01 (c 200); b 2025-12 (s 4) with
     * b 2026-01 (c 300), in order of first appearance of the key. */
    CHECK_STR(buf, "1:200 4:300");
    CHECK(j.npairs == 2);
    CHECK_STR(j.groups.strs[uj_group(&j, 0)], "A");
    CHECK_STR(j.groups.strs[uj_group(&j, 1)], "D");
    CHECK(j.unmatched[0] == 2 && j.unmatched[1] == 2);
    uj_free(&j);

    /* ISO weeks and days across the year end: 2026 has 53 ISO weeks, so
     * 2026-W53 + 1 is 2027-W01; 2026-12-31 + 1 is 2027-01-01. */
    static const char *const ends[] = {
        "unit,period,s,c\na,2027-W01,2,20\na,2026-W53,1,10\n",
        "unit,period,s,c\na,2027-01-01,2,20\na,2026-12-31,1,10\n",
    };
    for (size_t i = 0; i < 2; i++) {
        char *f = temp_csv(ends[i]);
        struct uj_opts e = o;
        e.files = &f;
        e.groups = NULL;
        e.ngroups = 0;
        uj_read(&j, &e);
        pairs_text(&j, buf, sizeof buf);
        CHECK_STR(buf, "1:20");
        uj_free(&j);
        unlink(f);
        free(f);
    }

    /* One file without keys: every row is a pair; one group. */
    o.keys = NULL;
    o.nkeys = 0;
    o.groups = NULL;
    o.ngroups = 0;
    o.lag_on = false;
    uj_read(&j, &o);
    pairs_text(&j, buf, sizeof buf);
    CHECK_STR(buf, "1:100 2:200 3:300 4:400");
    CHECK(j.groups.n == 1);
    uj_free(&j);

    unlink(fs);
    unlink(fc);
    unlink(one);
    free(fs);
    free(fc);
    free(one);
    CHECK_DONE();
}
