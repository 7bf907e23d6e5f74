/* test-waitweeks: open and ended waits per ISO week, counted by hand.
 * 2026-W01 runs from Monday 2025-12-29 to Sunday 2026-01-04; the weeks
 * end on Sundays 01-04, 01-11, 01-18, 01-25, 02-01 (W01..W05). Norm 7 days.
 *   w1 2026-01-01T10:00 to 2026-01-20T09:00: open at the ends of W01-W03,
 *      past the norm at W02 (10.6 days) and W03; ended in W04, late.
 *   w2 2026-01-05, no end: open W02-W05; at W02's end it has waited
 *      6.99999 days (not past the norm), past it from W03.
 *   w3 2026-01-11T23:59:59 to 2026-01-12T00:00: open at W02's end (it
 *      started exactly then), ended in W03 on time. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "cxtime.h"
#include "err.h"
#include "waitweeks.h"

int
main(int argc, char **argv)
{
    (void)argc;
    err_init(argv[0]);
    char path[] = "/tmp/test-waitweeks.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("client,start,end,wait,censored\n"
          "w1,2026-01-01T10:00:00,2026-01-20T09:00:00,18.96,0\n"
          "w2,2026-01-05,,27,1\n"
          "w3,2026-01-11T23:59:59,2026-01-12T00:00:00,0,0\n",
          fp);
    fclose(fp);
    enum period_kind k;
    int64_t w01, w05;
    CHECK(period_parse_label("2026-W01", &k, &w01));
    CHECK(period_parse_label("2026-W05", &k, &w05));
    char buf[32];
    time_format(week_end_ms(w01), false, false, buf, sizeof buf);
    CHECK_STR(buf, "2026-01-04T23:59:59");

    struct waitweeks ww;
    waitweeks_count(&ww, path, w01, w05, 7 * MS_PER_DAY, 1);
    size_t open[] = {1, 3, 2, 1, 1}, over[] = {0, 1, 2, 1, 1};
    size_t ended[] = {0, 0, 1, 1, 0}, late[] = {0, 0, 0, 1, 0};
    size_t started[] = {1, 2, 0, 0, 0}, never[] = {0, 1, 0, 0, 0};
    for (int i = 0; i < 5; i++) {
        CHECK(ww.open[i] == open[i]);
        CHECK(ww.open_over[i] == over[i]);
        CHECK(ww.ended[i] == ended[i]);
        CHECK(ww.ended_over[i] == late[i]);
        CHECK(ww.started[i] == started[i]);
        CHECK(ww.never[i] == never[i]);
    }
    waitweeks_free(&ww);
    /* --censor last: a wait without its end is not open. */
    waitweeks_count(&ww, path, w01, w05, 7 * MS_PER_DAY, 0);
    size_t open2[] = {1, 2, 1, 0, 0};
    for (int i = 0; i < 5; i++)
        CHECK(ww.open[i] == open2[i]);
    waitweeks_free(&ww);
    unlink(path);
    CHECK_DONE();
}
