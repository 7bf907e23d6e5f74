/* test-waits: journeys into waits, table-driven, expected waits by hand. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csvio.h"
#include "cxtime.h"
#include "events.h"
#include "waits.h"

/* Events in input order (deliberately not sorted): client,time,activity.
 * Day numbers are days of January 2026. */
static const char *input =
    "client,time,activity\n"
    "b,2026-01-05,appointment\n" /* before b's referral: unmatched */
    "a,2026-01-01,referral\n"
    "a,2026-01-03,referral\n" /* while waiting */
    "a,2026-01-06,appointment\n"
    "a,2026-01-07,appointment\n" /* no open wait: unmatched */
    "b,2026-01-05,referral\n"
    "b,2026-01-05,appointment\n" /* same time, after: a wait of 0 */
    "a,2026-01-10,referral\n"    /* open: censored */
    "a,2026-01-12,letter\n"
    "c,2026-01-20,letter\n" /* after asof in the tests below */
    "c,2026-01-02,referral\n";

struct want {
    const char *client;
    int start_day, end_day;
    bool ended;
};

static int64_t
day(int d)
{
    return days_from_civil(2026, 1, d) * MS_PER_DAY;
}

static void
check_case(const struct evlog *log, const struct waits_rule *r,
           const struct want *w, size_t nw, size_t unmatched, size_t late)
{
    size_t n;
    struct waits_report rep;
    struct wait *ws = waits_find(log, r, &n, &rep);
    CHECK(n == nw);
    CHECK(rep.unmatched == unmatched);
    CHECK(rep.late == late);
    for (size_t i = 0; i < n && i < nw; i++) {
        CHECK_STR(log->clients.strs[ws[i].client], w[i].client);
        CHECK(ws[i].start == day(w[i].start_day));
        CHECK(ws[i].end == day(w[i].end_day));
        CHECK(ws[i].ended == w[i].ended);
    }
    free(ws);
}

int
main(void)
{
    char path[] = "/tmp/test-waits.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        CHECK_DONE();
    CHECK(write(fd, input, strlen(input)) == (ssize_t)strlen(input));
    close(fd);

    struct csvin in;
    char *files[] = {path};
    csvin_open(&in, files, 1);
    char *cols[] = {"activity"};
    struct evlog log;
    evlog_read(&log, &in, cols, 1);
    csvin_close(&in);
    unlink(path);
    evlog_sort(&log);

    bool *is_from = calloc(log.values.n, sizeof *is_from);
    bool *is_to = calloc(log.values.n, sizeof *is_to);
    is_from[strmap_find(&log.values, "referral")] = true;
    is_to[strmap_find(&log.values, "appointment")] = true;
    struct waits_rule r = {is_from, is_to, 0, false, false, day(20)};

    /* Default: the first start counts; a's open wait censored at asof (the
     * 20th); c's referral at the 2nd is open too. */
    static const struct want dflt[] = {{"a", 1, 6, true},
                                       {"a", 10, 20, false},
                                       {"b", 5, 5, true},
                                       {"c", 2, 20, false}};
    check_case(&log, &r, dflt, 4, 2, 0);

    /* --restart: a's wait runs from the 3rd. */
    r.restart = true;
    static const struct want restart[] = {{"a", 3, 6, true},
                                          {"a", 10, 20, false},
                                          {"b", 5, 5, true},
                                          {"c", 2, 20, false}};
    check_case(&log, &r, restart, 4, 2, 0);

    /* --censor last and an asof on the 15th: c's letter on the 20th is
     * late, so c's last event is its referral. */
    r.restart = false;
    r.censor_last = true;
    r.asof = day(15);
    static const struct want last[] = {{"a", 1, 6, true},
                                       {"a", 10, 12, false},
                                       {"b", 5, 5, true},
                                       {"c", 2, 2, false}};
    check_case(&log, &r, last, 4, 2, 1);

    /* An activity in both sets: every appointment ends a wait and starts
     * the next; none is unmatched. */
    is_from[strmap_find(&log.values, "appointment")] = true;
    r.censor_last = false;
    r.asof = day(20);
    static const struct want both[] = {
        {"a", 1, 6, true}, {"a", 6, 7, true},   {"a", 7, 20, false},
        {"b", 5, 5, true}, {"b", 5, 20, false}, {"c", 2, 20, false}};
    check_case(&log, &r, both, 6, 0, 0);

    free(is_from);
    free(is_to);
    evlog_free(&log);
    CHECK_DONE();
}
