/* test-waits: journeys into waits, table-driven, expected waits by hand. */
#include <config.h>

#include <stdint.h>
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

/* The log of path, read whole (filter NULL) or through the filter. */
static void
read_log(struct evlog *log, char *path, struct waits_filter *filter)
{
    struct csvin in;
    char *files[] = {path};
    csvin_open(&in, files, 1);
    char *cols[] = {"activity"};
    if (filter)
        evlog_read_keep(log, &in, cols, 1, waits_keep, filter);
    else
        evlog_read(log, &in, cols, 1);
    csvin_close(&in);
    evlog_sort(log);
}

static void
mark(const struct evlog *log, bool *set, const char *name)
{
    size_t id = strmap_find(&log->values, name);
    CHECK(id != (size_t)-1);
    if (id != (size_t)-1)
        set[id] = true;
}

/* Runs the four cases on the log of path, read whole or, with filtered,
 * through a filter set up for each case: the waits must be the same. */
static void
check_all(char *path, bool filtered)
{
    static char *names[] = {"referral", "appointment"};
    struct waits_filter f;
    struct evlog log;
    waits_filter_init(&f, names, 2, 0, false, day(20));
    read_log(&log, path, filtered ? &f : NULL);
    /* The letters are left out, but c's letter still sets the latest time
     * of the input, and a's and b's times the earliest. */
    CHECK(log.n == (filtered ? 9u : 11u));
    CHECK(log.tmin == day(1));
    CHECK(log.tmax == day(20));
    CHECK(log.all_dates);

    bool *is_from = calloc(log.values.n, sizeof *is_from);
    bool *is_to = calloc(log.values.n, sizeof *is_to);
    mark(&log, is_from, "referral");
    mark(&log, is_to, "appointment");
    struct waits_rule r = {.is_from = is_from,
                           .is_to = is_to,
                           .asof = day(20),
                           .filter = filtered ? &f : NULL};

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
    free(is_from);
    free(is_to);
    evlog_free(&log);
    waits_filter_free(&f);

    /* --censor last and an asof on the 15th: c's letter on the 20th is
     * late, so c's last event is its referral; a's last event is its letter
     * on the 12th, which the filter leaves out of the log but remembers. */
    waits_filter_init(&f, names, 2, 0, true, day(15));
    read_log(&log, path, filtered ? &f : NULL);
    CHECK(log.n == (filtered ? 9u : 11u));
    is_from = calloc(log.values.n, sizeof *is_from);
    is_to = calloc(log.values.n, sizeof *is_to);
    mark(&log, is_from, "referral");
    mark(&log, is_to, "appointment");
    r = (struct waits_rule){.is_from = is_from,
                            .is_to = is_to,
                            .censor_last = true,
                            .asof = day(15),
                            .filter = filtered ? &f : NULL};
    static const struct want last[] = {{"a", 1, 6, true},
                                       {"a", 10, 12, false},
                                       {"b", 5, 5, true},
                                       {"c", 2, 2, false}};
    check_case(&log, &r, last, 4, 2, 1);

    /* An activity in both sets: every appointment ends a wait and starts
     * the next; none is unmatched. */
    mark(&log, is_from, "appointment");
    r.censor_last = false;
    r.asof = day(20);
    r.filter = NULL; /* the filter above was for --censor last */
    if (filtered) {
        evlog_free(&log);
        waits_filter_free(&f);
        waits_filter_init(&f, names, 2, 0, false, INT64_MAX);
        read_log(&log, path, &f);
        free(is_from);
        free(is_to);
        is_from = calloc(log.values.n, sizeof *is_from);
        is_to = calloc(log.values.n, sizeof *is_to);
        mark(&log, is_from, "referral");
        mark(&log, is_from, "appointment");
        mark(&log, is_to, "appointment");
        r = (struct waits_rule){
            .is_from = is_from, .is_to = is_to, .asof = day(20), .filter = &f};
    }
    static const struct want both[] = {
        {"a", 1, 6, true}, {"a", 6, 7, true},   {"a", 7, 20, false},
        {"b", 5, 5, true}, {"b", 5, 20, false}, {"c", 2, 20, false}};
    check_case(&log, &r, both, 6, 0, 0);

    free(is_from);
    free(is_to);
    evlog_free(&log);
    waits_filter_free(&f);
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
    check_all(path, false);
    check_all(path, true);
    unlink(path);
    CHECK_DONE();
}
