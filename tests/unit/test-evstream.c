/* test-evstream: journeys streamed from client-sorted input come out as
 * evlog_sort orders them (time, then input order), one client at a time. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csvio.h"
#include "evstream.h"

static const char input[] =
    "client,time,unit\n"
    "c2,2026-01-03,B\n" /* line 2 */
    "c2,2026-01-01,A\n" /* line 3: earlier, goes first */
    "c2,2026-01-03,C\n" /* line 4: equal time, after line 2 */
    "c1,2026-01-05T10:00,\n"
    "c3,2026-01-01,A\n"
    "c3,2026-01-01,B\n";

/* Each journey written as "client:unit unit ...". */
static const char *const want[] = {"c2:A B C", "c1:", "c3:A B"};

int
main(void)
{
    char path[] = "/tmp/test-evstream.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        CHECK_DONE();
    FILE *fp = fdopen(fd, "w");
    fputs(input, fp);
    fclose(fp);

    char *files[] = {path};
    struct csvin in;
    csvin_open(&in, files, 1);
    char *cols[] = {"unit"};
    struct evstream s;
    evstream_open(&s, &in, cols, 1);
    size_t k = 0;
    char buf[64];
    while (evstream_next(&s)) {
        snprintf(buf, sizeof buf, "%s:", s.j.client);
        for (size_t i = 0; i < s.j.n; i++) {
            if (i)
                strcat(buf, " ");
            strcat(buf, evjourney_val(&s.j, i, 0));
        }
        CHECK(k < sizeof want / sizeof want[0]);
        if (k < sizeof want / sizeof want[0])
            CHECK_STR(buf, want[k]);
        k++;
    }
    CHECK(k == 3);
    CHECK(!s.all_dates);
    CHECK(s.j.first_line == 6); /* c3 starts on line 6 */
    evstream_free(&s);
    csvin_close(&in);
    unlink(path);
    CHECK_DONE();
}
