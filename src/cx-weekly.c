/* cx-weekly: the weekly cron job. Ingests the exports in INPUT_DIR, runs
 * the cxkit tools for one ISO week and writes OUTPUT_DIR/<week>/ with the
 * figures, summary.md and report.html, atomically. It only chooses what to
 * compute and where to write it: every figure comes from a tool (found
 * beside this executable), every chart from cx-chart, the handover map
 * from Graphviz, and all reading, time and number handling from src/lib. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "csvtab.h"
#include "cxtime.h"
#include "disclose.h"
#include "err.h"
#include "htmlw.h"
#include "human.h"
#include "num.h"
#include "opts.h"
#include "runtool.h"
#include "strmap.h"
#include "tool.h"
#include "waitweeks.h"
#include "wkconf.h"
#include "xalloc.h"

/* The subfolder of the week's folder for the files that list people
 * (client or respondent ids: the worklist, the complaints, the rejected
 * rows), mode 0700, apart from the figures meant for sharing. */
#define PEOPLE "people"

static const char default_config[] =
    "# cx-weekly configuration: \"key = value\" lines; '#' starts a comment.\n"
    "# Values may quote words with spaces: --map client='Case ID'.\n"
    "# Relative paths in *_ingest options are relative to this file's folder\n"
    "# (for the built-in configuration: INPUT_DIR).\n"
    "# Export files in INPUT_DIR (shell patterns; several matches are read as\n"
    "# one stream). Surveys are optional: without a match their part is left "
    "out.\n"
    "events = events*.csv\n"
    "clients = clients*.csv\n"
    "staff = staff*.csv\n"
    "# Extra cx-ingest options per export (for example --map, --map-file,\n"
    "# --wide, --labels).\n"
    "events_ingest =\n"
    "clients_ingest =\n"
    "staff_ingest =\n"
    "# Rejected rows allowed per export before the run fails "
    "(cx-ingest --max-rejects).\n"
    "max_rejects = 1%\n"
    "# Waiting: from referral to intake, against a norm and a target share.\n"
    "# wait_censor: asof (clients still waiting at the week's end) or last\n"
    "# (a wait without its end ends at the client's last event).\n"
    "# wait_unit: minutes, hours, days or weeks; empty: chosen from the norm.\n"
    "wait_from = referral\n"
    "wait_to = intake\n"
    "wait_norm = 4w\n"
    "wait_target = 80\n"
    "wait_censor = asof\n"
    "wait_unit =\n"
    "# Complaints and their answers, against the Wkkgz 6 weeks.\n"
    "complaint_from = complaint\n"
    "complaint_to = complaint_answer\n"
    "complaint_norm = 42d\n"
    "complaint_censor = asof\n"
    "complaint_unit =\n"
    "# Handoffs are counted between these providers (a column of the "
    "events).\n"
    "handoff_by = unit\n"
    "# Client survey: the items on client_scale; the 0-10 recommendation "
    "item\n"
    "# (for NPS) is reported separately; empty: no such item.\n"
    "client_scale = 1-5\n"
    "client_top = 2\n"
    "nps_item = recommend\n"
    "# Staff survey, per quarter, with Cronbach's alpha.\n"
    "staff_scale = 1-5\n"
    "# Staff to client satisfaction, team level: quarters of lag.\n"
    "lag = 1\n"
    "# Disclosure control (cxkit-disclosure(7)): the profile of the client-\n"
    "# side figures (waits, complaints, handoffs, client survey) and of the\n"
    "# staff survey: default (groups of fewer than 5 hidden), staff (10) or\n"
    "# opensafely (7 or fewer hidden, counts rounded to 5).\n"
    "disclosure = default\n"
    "staff_disclosure = staff\n"
    "# A threshold by hand: when set, a group of fewer than min_n clients or\n"
    "# respondents is hidden in every figure, client and staff alike, in\n"
    "# place of the profiles' thresholds (--min-n overrides it). Empty: the\n"
    "# profiles' own.\n"
    "min_n =\n";

/* ------------------------------------------------------------------ */
/* Options and state. */

struct weekly {
    const char *week_arg;
    long long min_n; /* from --min-n, or the configuration; 0: none */
    bool min_n_given;
    const char *config;
    bool strict;
    const char *in_arg, *out_arg;
    char *in_dir, *out_dir; /* absolute */
    struct wkconf conf;
    char *conf_dir; /* relative paths in the configuration */

    char *work; /* the temporary folder */
    int log_fd;

    int ev_fd, cl_fd, st_fd; /* canonical exports, unlinked */
    bool have_clients, have_staff;
    size_t ev_rows, cl_rows, st_rows;

    int64_t tmin, tmax;
    int64_t week, first_week;
    char week_label[16], first_label[16], start_label[16], end_label[16];
    char asof_label[32], asof_human[32];
    char *stale; /* the stale-export warning, or NULL */

    /* Resolved configuration. */
    char *wait_from, *wait_to, *wait_norm, *wait_target, *wait_censor;
    char *wait_unit;
    int64_t wait_norm_ms;
    char *c_from, *c_to, *c_norm, *c_censor, *c_unit;
    int64_t c_norm_ms;
    char *handoff_by, *client_scale, *client_top, *nps_item, *staff_scale;
    char *lag, *max_rejects;
    char min_n_str[24]; /* "" without a threshold by hand */
    /* Disclosure control: the profiles of the client-side figures and of
     * the staff survey, their thresholds as min_n makes them, and the
     * stricter of the two for the staff-to-client link. */
    struct disclosure disc, staff_disc;
    const struct disclosure *link_disc;
    char *lowered; /* the warning when min_n is below the staff profile's */

    bool spc, chart, funnel; /* the report tools are beside us */
    char map_min[24]; /* clients a handover needs to be on the map */
    size_t map_edges;
    size_t started, never;   /* with wait_censor last: the week's waits that
                                started, and never ended */
};

static struct weekly *cleanup_w;
static pid_t owner_pid;

static void
usage(int status)
{
    if (status != EXIT_OK) {
        fprintf(stderr, "Try '%s --help' for more information.\n", prog_name);
        exit(status);
    }
    printf("\
Usage: cx-weekly [OPTION]... INPUT_DIR OUTPUT_DIR\n\
Run the week's client-experience figures on the exports in INPUT_DIR and\n\
write them, with summary.md and report.html, into OUTPUT_DIR/YYYY-Www/.\n\
\n\
  -w, --week WEEK      the ISO week to report, such as 2026-W47 (default:\n\
                         the last complete week in the events)\n\
      --min-n N        suppress groups with fewer than N clients or\n\
                         respondents in every figure, in place of the\n\
                         thresholds of the disclosure profiles (default:\n\
                         min_n of the configuration, empty)\n\
  -c, --config FILE    file names, mappings and norms (default: built in,\n\
                         see cx-weekly(1); --print-config shows it)\n\
      --print-config   print the default configuration and exit\n\
      --strict         a stale export (the week after the last event, or\n\
                         events that stop days before its end) is an error\n\
  -h, --help           display this help and exit\n\
  -V, --version        output version information and exit\n\
\n\
The other cxkit tools are run from the folder of this executable; PATH is\n\
not needed. OUTPUT_DIR is created when missing.\n\
\n\
Exit status: 0 success, 1 a step failed or a stale export with --strict\n\
(the step is named on stderr and last week's output is left untouched),\n\
2 bad command line or configuration.\n\
\n\
Example (crontab, every Monday at 06:05):\n\
  5 6 * * 1 cx-weekly /srv/cx/exports /srv/cx/weekly\n");
    exit(EXIT_OK);
}

/* ------------------------------------------------------------------ */
/* Argument vectors. */

struct argv {
    char **v;
    size_t n, cap;
};

static void
av_add(struct argv *a, const char *s)
{
    XGROW(a->v, a->cap, a->n + 2);
    a->v[a->n++] = xstrdup(s);
    a->v[a->n] = NULL;
}

static void
av_adds(struct argv *a, ...)
{
    va_list ap;
    va_start(ap, a);
    const char *s;
    while ((s = va_arg(ap, const char *)))
        av_add(a, s);
    va_end(ap);
}

static void
av_free(struct argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *
xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ------------------------------------------------------------------ */
/* The work folder: created inside OUTPUT_DIR as .cx-weekly.PID.XXXXXX,
 * removed at exit unless it became the week's folder. Folders of earlier
 * runs whose process is gone (killed) are removed at the start. */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        return rmdir(path);
    return unlink(path);
}

static void
rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
cleanup(void)
{
    if (getpid() != owner_pid || !cleanup_w || !cleanup_w->work)
        return;
    rm_tree(cleanup_w->work);
}

static void
on_signal(int sig)
{
    /* Leave through exit so that the work folder is removed; a second
     * signal, or kill -9, leaves it to the next run's clean-up. */
    signal(sig, SIG_DFL);
    exit(128 + sig);
}

static void
clean_stale(const char *out_dir)
{
    DIR *d = opendir(out_dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *pre = ".cx-weekly.";
        if (strncmp(e->d_name, pre, strlen(pre)) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + strlen(pre), &end, 10);
        if (end == e->d_name + strlen(pre) || *end != '.' || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
            continue; /* a run still going */
        char *p = xasprintf("%s/%s", out_dir, e->d_name);
        rm_tree(p);
        free(p);
    }
    closedir(d);
}

static void
mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                die(EXIT_DATA, "%s: cannot create the folder:", p);
            *s = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        die(EXIT_DATA, "%s: not a folder", path);
    free(p);
}

static char *
absolute(const char *path)
{
    char *r = realpath(path, NULL);
    if (!r)
        die(EXIT_DATA, "%s:", path);
    return r;
}

/* An unnamed file in the work folder: the canonical copies of the exports
 * live only as long as this process holds them, so a killed run leaves no
 * copy of client identifiers behind. Children read it as /dev/fd/N. */
static int
anon_file(const struct weekly *w)
{
    int fd = open(w->work, O_TMPFILE | O_RDWR, 0600);
    if (fd < 0) {
        char *p = xasprintf("%s/.anonXXXXXX", w->work);
        fd = mkstemp(p);
        if (fd < 0)
            die(EXIT_DATA, "%s: cannot create a temporary file:", w->work);
        unlink(p);
        free(p);
    }
    return fd;
}

static char *
fd_path(int fd)
{
    return xasprintf("/dev/fd/%d", fd);
}

/* ------------------------------------------------------------------ */
/* Configuration. */

static const struct wkconf_val *
conf_val(const struct weekly *w, const char *key)
{
    const struct wkconf_val *v = wkconf_get(&w->conf, key);
    if (!v)
        die(EXIT_USAGE, "internal: no configuration key '%s'", key);
    return v;
}

noreturn static void conf_die(const struct wkconf_val *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
conf_die(const struct wkconf_val *v, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (v->line)
        die(EXIT_USAGE, "%s:%ld: %s", v->file, v->line, msg);
    die(EXIT_USAGE, "%s", msg);
}

static char *
conf_word(const struct weekly *w, const char *key)
{
    const struct wkconf_val *v = conf_val(w, key);
    const char *err;
    char *s = words_one(v->value, &err);
    if (!s)
        conf_die(v, "%s: %s", key, err);
    return s;
}

static char **
conf_words(const struct weekly *w, const char *key)
{
    const struct wkconf_val *v = conf_val(w, key);
    const char *err;
    char **ws = words_split(v->value, NULL, &err);
    if (!ws)
        conf_die(v, "%s: %s", key, err);
    return ws;
}

/* The output unit of a wait: given, or from the norm, so that an hour-
 * scale norm is not reported as "0.04 days". */
static char *
wait_unit(const struct weekly *w, const char *key, int64_t norm_ms)
{
    char *u = conf_word(w, key);
    if (*u) {
        double ms;
        if (!unit_parse(u, &ms))
            conf_die(conf_val(w, key),
                     "invalid %s '%s': minutes, hours, days or weeks", key, u);
        return u;
    }
    free(u);
    if (norm_ms <= 4 * MS_PER_HOUR)
        return xstrdup("minutes");
    if (norm_ms <= 3 * MS_PER_DAY)
        return xstrdup("hours");
    return xstrdup("days");
}

static char *
censor_word(const struct weekly *w, const char *key)
{
    char *c = conf_word(w, key);
    if (strcmp(c, "asof") && strcmp(c, "last"))
        conf_die(conf_val(w, key), "invalid %s '%s': asof or last", key, c);
    return c;
}

static int64_t
norm_ms(const struct weekly *w, const char *key, const char *s)
{
    int64_t ms;
    if (!duration_parse(s, &ms) || ms <= 0)
        conf_die(conf_val(w, key),
                 "invalid %s '%s': a duration such as 4w, 42d or 1h", key, s);
    return ms;
}

static void
disclosure_word(const struct weekly *w, const char *key, struct disclosure *d)
{
    char *s = conf_word(w, key);
    /* The week's figures are for sharing: no profile that shows all. */
    if (!disclosure_profile(s, d) || strcmp(d->profile, "none") == 0)
        conf_die(conf_val(w, key),
                 "invalid %s '%s': default, staff or opensafely (the week's "
                 "figures are for sharing)",
                 key, s);
    /* d->profile points to the library's own name, not to s. */
    free(s);
}

static void
load_config(struct weekly *w)
{
    wkconf_init(&w->conf);
    wkconf_parse(&w->conf, default_config, "(default)", true);
    if (w->config) {
        wkconf_read_file(&w->conf, w->config);
        char *abs = absolute(w->config);
        char *slash = strrchr(abs, '/');
        *(slash == abs ? slash + 1 : slash) = '\0';
        w->conf_dir = abs;
    } else {
        w->conf_dir = xstrdup(w->in_dir);
    }
    /* Every value is checked before anything runs. */
    const char *lists[] = {"events_ingest", "clients_ingest", "staff_ingest"};
    for (size_t i = 0; i < 3; i++)
        words_free(conf_words(w, lists[i]));
    const char *pats[] = {"events", "clients", "staff"};
    for (size_t i = 0; i < 3; i++)
        free(conf_word(w, pats[i]));
    w->wait_from = conf_word(w, "wait_from");
    w->wait_to = conf_word(w, "wait_to");
    w->wait_norm = conf_word(w, "wait_norm");
    w->wait_norm_ms = norm_ms(w, "wait_norm", w->wait_norm);
    w->wait_target = conf_word(w, "wait_target");
    w->wait_censor = censor_word(w, "wait_censor");
    w->wait_unit = wait_unit(w, "wait_unit", w->wait_norm_ms);
    w->c_from = conf_word(w, "complaint_from");
    w->c_to = conf_word(w, "complaint_to");
    w->c_norm = conf_word(w, "complaint_norm");
    w->c_norm_ms = norm_ms(w, "complaint_norm", w->c_norm);
    w->c_censor = censor_word(w, "complaint_censor");
    w->c_unit = wait_unit(w, "complaint_unit", w->c_norm_ms);
    w->handoff_by = conf_word(w, "handoff_by");
    w->client_scale = conf_word(w, "client_scale");
    w->client_top = conf_word(w, "client_top");
    w->nps_item = conf_word(w, "nps_item");
    w->staff_scale = conf_word(w, "staff_scale");
    w->lag = conf_word(w, "lag");
    w->max_rejects = conf_word(w, "max_rejects");
    disclosure_word(w, "disclosure", &w->disc);
    disclosure_word(w, "staff_disclosure", &w->staff_disc);
    if (!w->min_n_given) {
        char *m = conf_word(w, "min_n");
        long long v;
        if (*m && !num_parse_long(m, 1, 1000000000, &v))
            conf_die(conf_val(w, "min_n"),
                     "invalid min_n '%s': a whole number, or empty", m);
        w->min_n = *m ? v : 0;
        free(m);
    }
    w->min_n_str[0] = '\0';
    if (w->min_n) {
        snprintf(w->min_n_str, sizeof w->min_n_str, "%lld", w->min_n);
        /* A promise to employees is not broken silently (an old
         * configuration's "min_n = 5" was the client threshold). */
        if (w->min_n < w->staff_disc.min_n)
            w->lowered = xasprintf(
                "min_n %lld lowers the staff survey's threshold below the "
                "%lld of its profile '%s'",
                w->min_n, w->staff_disc.min_n, w->staff_disc.profile);
        w->disc.min_n = w->staff_disc.min_n = w->min_n;
    }
    w->link_disc =
        w->staff_disc.min_n > w->disc.min_n ? &w->staff_disc : &w->disc;
}

/* --disclosure PROFILE for the client-side figures (staff: of the staff
 * survey), and --min-n N when a threshold is set by hand; the tools then
 * use N in place of the profile's threshold (cxkit-disclosure(7)). */
static void
disc_args(const struct weekly *w, struct argv *a, const struct disclosure *d)
{
    av_adds(a, "--disclosure", d->profile, NULL);
    if (w->min_n)
        av_adds(a, "--min-n", w->min_n_str, NULL);
}

/* ------------------------------------------------------------------ */
/* Steps: a tool run whose failure stops the job, naming the step. */

static void
log_tail(const struct weekly *w, int fd)
{
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from = end > 2000 ? end - 2000 : 0;
    char buf[2001];
    ssize_t n = pread(fd, buf, 2000, from);
    if (n <= 0)
        return;
    buf[n] = '\0';
    /* The last five lines. */
    int lines = 0;
    char *p = buf + n;
    if (p > buf && p[-1] == '\n')
        p--;
    while (p > buf && lines < 5) {
        p--;
        if (*p == '\n')
            lines++;
    }
    if (*p == '\n')
        p++;
    (void)w;
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(stderr, "%s:   %.*s\n", prog_name, (int)len, p);
        p += len + (nl ? 1 : 0);
    }
}

noreturn static void
step_failed(const struct weekly *w, const char *name, int st, int log_fd)
{
    fprintf(stderr,
            "%s: step '%s' failed (status %d); see below, and last week's "
            "output is untouched\n",
            prog_name, name, st);
    log_tail(w, log_fd);
    exit(EXIT_DATA);
}

/* Runs tool with args in the work folder, stdout to out_fd (-1: none). */
static void
step(const struct weekly *w, const char *name, const char *tool, struct argv *a,
     int out_fd)
{
    struct run_io io = {w->work, out_fd, w->log_fd};
    int st = run_tool(tool, a->v, &io);
    if (st != 0)
        step_failed(w, name, st, w->log_fd);
    av_free(a);
}

/* ------------------------------------------------------------------ */
/* Ingest. */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of INPUT_DIR matching pattern, sorted; NULL when none. */
static char **
match_exports(const struct weekly *w, const char *pattern, size_t *n)
{
    DIR *d = opendir(w->in_dir);
    if (!d)
        die(EXIT_DATA, "%s:", w->in_arg);
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (fnmatch(pattern, e->d_name, FNM_PERIOD) != 0)
            continue;
        char *p = xasprintf("%s/%s", w->in_dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        XGROW(v, cap, *n + 1);
        v[(*n)++] = p;
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* What cx-ingest rejected from one export. */
struct rejects {
    const char *name; /* events, clients, staff */
    size_t rows;      /* rows read: written + rejected */
    size_t rejected;
    char **reasons; /* distinct reasons, values left out */
    size_t *counts;
    size_t nreasons;
    struct strmap clients; /* clients with rejected rows (events only) */
    size_t *client_rows;
};

static struct rejects rej[3];
static size_t nrej;

/* A reason without the values in it: "bad time '…' in column 'time'"
 * (the column names stay). */
static char *
reason_kind(const char *s)
{
    size_t len = strlen(s);
    char *r = xmalloc(len * 3 + 4);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'') {
            const char *q = strchr(s + i + 1, '\'');
            bool column = i >= 7 && strncmp(s + i - 7, "column ", 7) == 0;
            if (q && !column) {
                memcpy(r + o, "'\xe2\x80\xa6'", 5);
                o += 5;
                i = (size_t)(q - s);
                continue;
            }
        }
        r[o++] = s[i];
    }
    r[o] = '\0';
    return r;
}

/* The input column cx-ingest took the client (or respondent) from, as it
 * reported in its log: "cx-ingest: client <- 'Case ID'". */
static char *
ingest_client_col(int log_fd, const char *canon)
{
    off_t end = lseek(log_fd, 0, SEEK_END);
    char *text = xmalloc((size_t)end + 1);
    ssize_t n = pread(log_fd, text, (size_t)end, 0);
    text[n > 0 ? n : 0] = '\0';
    char *want = xasprintf("cx-ingest: %s <- '", canon);
    char *r = NULL;
    char *p = strstr(text, want);
    if (p) {
        p += strlen(want);
        char *nl = strchr(p, '\n');
        if (nl && nl > p && nl[-1] == '\'')
            r = xstrndup(p, (size_t)(nl - 1 - p));
    }
    free(want);
    free(text);
    return r;
}

static void
copy_fd(int from, int to)
{
    char buf[8192];
    ssize_t n;
    off_t off = 0;
    while ((n = pread(from, buf, sizeof buf, off)) > 0) {
        if (write(to, buf, (size_t)n) != n)
            die(EXIT_DATA, "%s/log.txt: write error:", "work folder");
        off += n;
    }
}

static void
count_rejects(const struct weekly *w, struct rejects *r, const char *file,
              const char *client_col)
{
    struct csvtab t;
    char *p = xasprintf("%s/%s", w->work, file);
    csvtab_load(&t, p);
    free(p);
    r->rejected = t.nrows;
    strmap_init(&r->clients);
    struct strmap kinds;
    strmap_init(&kinds);
    for (size_t i = 0; i < t.nrows; i++) {
        char *k = reason_kind(csvtab_get(&t, i, "reason"));
        bool added;
        size_t id = strmap_intern(&kinds, k, strlen(k), &added);
        if (added) {
            r->reasons = xreallocarray(r->reasons, id + 1, sizeof *r->reasons);
            r->counts = xreallocarray(r->counts, id + 1, sizeof *r->counts);
            r->reasons[id] = xstrdup(k);
            r->counts[id] = 0;
            r->nreasons = id + 1;
        }
        r->counts[id]++;
        free(k);
        if (client_col && csvtab_col(&t, client_col) >= 0) {
            const char *c = csvtab_get(&t, i, client_col);
            if (*c) {
                size_t cid = strmap_intern(&r->clients, c, strlen(c), &added);
                if (added) {
                    r->client_rows = xreallocarray(r->client_rows, cid + 1,
                                                   sizeof *r->client_rows);
                    r->client_rows[cid] = 0;
                }
                r->client_rows[cid]++;
            }
        }
    }
    strmap_free(&kinds);
    csvtab_free(&t);
}

static size_t scan_times(int fd, int64_t *tmin, int64_t *tmax);

/* Runs cx-ingest on the exports matching the pattern of key; returns the
 * descriptor of the canonical copy, or -1 when no file matches. */
static int
ingest(struct weekly *w, const char *name, const char *key, const char *schema)
{
    char *pattern = conf_word(w, key);
    size_t nfiles;
    char **files = *pattern ? match_exports(w, pattern, &nfiles) : NULL;
    if (!*pattern)
        nfiles = 0;
    if (!nfiles) {
        if (strcmp(name, "events") == 0)
            die(EXIT_DATA, "%s: no events export matching '%s'", w->in_arg,
                pattern);
        free(pattern);
        return -1;
    }
    free(pattern);
    char *ikey = xasprintf("%s_ingest", name);
    char **extra = conf_words(w, ikey);
    free(ikey);
    struct argv a = {0};
    av_adds(&a, "--schema", schema, NULL);
    for (size_t i = 0; extra[i]; i++)
        av_add(&a, extra[i]);
    words_free(extra);
    char *rfile = xasprintf(PEOPLE "/rejects-%s.csv", name);
    char *rpath = xasprintf("%s/%s", w->work, rfile);
    av_adds(&a, "--max-rejects", w->max_rejects, "-r", rpath, NULL);
    for (size_t i = 0; i < nfiles; i++) {
        av_add(&a, files[i]);
        free(files[i]);
    }
    free(files);

    int fd = anon_file(w);
    int lfd = anon_file(w);
    /* Relative paths in the *_ingest options are relative to the
     * configuration's folder: cx-ingest runs there. */
    struct run_io io = {w->conf_dir, fd, lfd};
    int st = run_tool("cx-ingest", a.v, &io);
    av_free(&a);
    copy_fd(lfd, w->log_fd);
    char *sname = xasprintf("ingest %s", name);
    if (st != 0)
        step_failed(w, sname, st, lfd);
    free(sname);
    bool events = strcmp(name, "events") == 0;
    int64_t tmin, tmax;
    size_t written = scan_times(fd, &tmin, &tmax);
    char *ccol = ingest_client_col(lfd, events ? "client" : "respondent");
    close(lfd);
    struct rejects *r = &rej[nrej++];
    r->name = name;
    count_rejects(w, r, rfile, events ? ccol : NULL);
    r->rows = written + r->rejected;
    free(ccol);
    free(rfile);
    free(rpath);
    return fd;
}

/* ------------------------------------------------------------------ */
/* The canonical files: their time range, and the rows up to a moment. */

/* Rows, earliest and latest time of the canonical file on fd. */
static size_t
scan_times(int fd, int64_t *tmin, int64_t *tmax)
{
    char *p = fd_path(fd);
    char *files[] = {p};
    struct csvin in;
    csvin_open(&in, files, 1);
    size_t ti = csvhdr_require(&in.hdr, "time");
    size_t n = 0;
    *tmin = INT64_MAX;
    *tmax = INT64_MIN;
    while (csvin_next(&in)) {
        int64_t t;
        if (!time_parse(in.f[ti], &t, NULL))
            die_at(in.file, in.line, "bad time '%s' in column 'time'",
                   in.f[ti]);
        if (t < *tmin)
            *tmin = t;
        if (t > *tmax)
            *tmax = t;
        n++;
    }
    csvin_close(&in);
    free(p);
    return n;
}

/* The rows of fd with a time at or before asof, in a new unnamed file
 * (fd itself when every row is). */
static int
rows_upto(const struct weekly *w, int fd, int64_t asof)
{
    int64_t tmin, tmax;
    scan_times(fd, &tmin, &tmax);
    if (tmax <= asof)
        return fd;
    int out = anon_file(w);
    FILE *fp = fdopen(dup(out), "w");
    if (!fp)
        die(EXIT_DATA, "fdopen:");
    char *p = fd_path(fd);
    char *files[] = {p};
    struct csvin in;
    csvin_open(&in, files, 1);
    size_t ti = csvhdr_require(&in.hdr, "time");
    struct csvw cw;
    csvw_init(&cw, fp, NUM_DIGITS_DEFAULT);
    csvw_row(&cw, in.hdr.names, in.hdr.n);
    while (csvin_next(&in)) {
        int64_t t;
        if (!time_parse(in.f[ti], &t, NULL))
            die_at(in.file, in.line, "bad time '%s' in column 'time'",
                   in.f[ti]);
        if (t <= asof)
            csvw_row(&cw, in.f, in.nf);
    }
    csvin_close(&in);
    free(p);
    if (fclose(fp) != 0)
        die(EXIT_DATA, "%s: write error:", w->work);
    return out;
}

/* ------------------------------------------------------------------ */
/* Files of the week folder made from tool outputs. */

static char *
wpath(const struct weekly *w, const char *name)
{
    return xasprintf("%s/%s", w->work, name);
}

static FILE *
wopen(const struct weekly *w, const char *name)
{
    char *p = wpath(w, name);
    FILE *fp = fopen(p, "w");
    if (!fp)
        die(EXIT_DATA, "%s:", p);
    free(p);
    return fp;
}

static void
wclose(const struct weekly *w, FILE *fp, const char *name)
{
    if (ferror(fp) | (fclose(fp) != 0))
        die(EXIT_DATA, "%s/%s: write error", w->out_arg, name);
}

static bool
wload(const struct weekly *w, struct csvtab *t, const char *name)
{
    char *p = wpath(w, name);
    bool ok = csvtab_load(t, p);
    free(p);
    return ok;
}

static void
wremove(const struct weekly *w, const char *name)
{
    char *p = wpath(w, name);
    unlink(p);
    free(p);
}

/* Writes to dst the rows of src whose column col equals val. */
static void
filter_rows(const struct weekly *w, const char *src, const char *dst,
            const char *col, const char *val)
{
    struct csvtab t;
    wload(w, &t, src);
    bool *keep = xcalloc(t.nrows + 1, sizeof *keep);
    for (size_t i = 0; i < t.nrows; i++)
        keep[i] = strcmp(csvtab_get(&t, i, col), val) == 0;
    FILE *fp = wopen(w, dst);
    csvtab_write(&t, fp, keep, NULL, NULL, 0);
    wclose(w, fp, dst);
    free(keep);
    csvtab_free(&t);
}

static size_t
rows_of(const struct weekly *w, const char *name)
{
    struct csvtab t;
    wload(w, &t, name);
    size_t n = t.nrows;
    csvtab_free(&t);
    return n;
}

/* ------------------------------------------------------------------ */
/* The week, and whether the export is stale. */

static void
choose_week(struct weekly *w)
{
    w->ev_rows = scan_times(w->ev_fd, &w->tmin, &w->tmax);
    if (!w->ev_rows)
        die(EXIT_DATA, "%s: no events to find the week in", w->in_arg);
    if (!w->week_arg) {
        /* The last complete week: the one before the week of the day
         * after the latest event. */
        int64_t day = floor_div(w->tmax, MS_PER_DAY) + 1;
        w->week = period_index(PERIOD_WEEK, day * MS_PER_DAY) - 1;
    }
    w->first_week = period_index(PERIOD_WEEK, w->tmin);
    if (w->first_week > w->week)
        w->first_week = w->week;
    period_label(PERIOD_WEEK, w->week, w->week_label, sizeof w->week_label);
    period_label(PERIOD_WEEK, w->first_week, w->first_label,
                 sizeof w->first_label);
    int64_t start = period_start(PERIOD_WEEK, w->week);
    int64_t asof = week_end_ms(w->week);
    time_format(start, true, false, w->start_label, sizeof w->start_label);
    time_format(asof, true, false, w->end_label, sizeof w->end_label);
    time_format(asof, false, false, w->asof_label, sizeof w->asof_label);
    /* For people: a space rather than ISO's T. */
    time_format(asof, false, false, w->asof_human, sizeof w->asof_human);
    w->asof_human[10] = ' ';

    char last[32];
    time_format(w->tmax, true, false, last, sizeof last);
    if (w->tmax < start) {
        w->stale = xasprintf("stale export: week %s is after the last "
                             "event (%s)",
                             w->week_label, last);
    } else if (w->tmax < asof - 2 * MS_PER_DAY) {
        long days = (long)((asof - w->tmax) / MS_PER_DAY);
        w->stale = xasprintf("stale export: the events stop on %s, %ld "
                             "days before the week's end",
                             last, days);
    }
    if (w->stale) {
        if (w->strict)
            die(EXIT_DATA, "%s (--strict)", w->stale);
        warn("warning: %s", w->stale);
        dprintf(w->log_fd, "%s: warning: %s\n", prog_name, w->stale);
    }
}

/* ------------------------------------------------------------------ */
/* The figures. */

static void
waits_args(const struct weekly *w, struct argv *a, bool complaints)
{
    if (complaints)
        av_adds(a, "--from", w->c_from, "--to", w->c_to, "--norm", w->c_norm,
                "--unit", w->c_unit, "--censor", w->c_censor, NULL);
    else
        av_adds(a, "--from", w->wait_from, "--to", w->wait_to, "--norm",
                w->wait_norm, "--target", w->wait_target, "--unit",
                w->wait_unit, "--censor", w->wait_censor, NULL);
    av_adds(a, "--asof", w->asof_label, NULL);
}

/* The weekly counts from a --list of waits, as a series file. */
static void
write_waitweeks(const struct weekly *w, const struct waitweeks *ww,
                const char *name, bool complaints)
{
    FILE *fp = wopen(w, name);
    struct csvw cw;
    csvw_init(&cw, fp, NUM_DIGITS_DEFAULT);
    if (complaints) {
        char *h[] = {"period", "answered", "answered_late", "answered_late_pct",
                     "open",   "open_late"};
        csvw_row(&cw, h, 6);
    } else {
        char *h[] = {"period", "waiting", "over_norm_waiting"};
        csvw_row(&cw, h, 3);
    }
    for (int64_t k = ww->first; k <= ww->last; k++) {
        size_t i = (size_t)(k - ww->first);
        char lab[16];
        period_label(PERIOD_WEEK, k, lab, sizeof lab);
        csvw_str(&cw, lab);
        if (complaints) {
            csvw_int(&cw, (long long)ww->ended[i]);
            csvw_int(&cw, (long long)ww->ended_over[i]);
            csvw_num(&cw, ww->ended[i] ? 100.0 * (double)ww->ended_over[i] /
                                             (double)ww->ended[i]
                                       : NAN);
        }
        csvw_int(&cw, (long long)ww->open[i]);
        csvw_int(&cw, (long long)ww->open_over[i]);
        csvw_end(&cw);
    }
    wclose(w, fp, name);
}

/* worklist.csv with a last column rejected_rows: how many rows of the
 * client's events cx-ingest rejected (0: none), so that a wait that may
 * be wrong because rows are missing is marked. */
static void
mark_worklist(const struct weekly *w)
{
    struct csvtab t;
    wload(w, &t, PEOPLE "/worklist.csv");
    const struct rejects *r = &rej[0];
    char **vals = xcalloc(t.nrows + 1, sizeof *vals);
    for (size_t i = 0; i < t.nrows; i++) {
        size_t id = strmap_find(&r->clients, csvtab_get(&t, i, "client"));
        vals[i] =
            xasprintf("%zu", id == (size_t)-1 ? (size_t)0 : r->client_rows[id]);
    }
    char *names[] = {"rejected_rows"};
    FILE *fp = wopen(w, PEOPLE "/worklist.csv");
    csvtab_write(&t, fp, NULL, names, vals, 1);
    wclose(w, fp, PEOPLE "/worklist.csv");
    for (size_t i = 0; i < t.nrows; i++)
        free(vals[i]);
    free(vals);
    csvtab_free(&t);
}

static void
wait_figures(struct weekly *w, const char *ev)
{
    struct argv a = {0};
    bool asof = strcmp(w->wait_censor, "asof") == 0;

    /* The weekly series: the waits that ended in each week. */
    waits_args(w, &a, false);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "-p", "week", "--period-of", "end", "-o", "waits-weeks.csv", ev,
            NULL);
    step(w, "waits per week", "cx-waits", &a, -1);
    /* All units as of the week's end: who is still waiting. */
    waits_args(w, &a, false);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "-o", "waits-all.csv", ev, NULL);
    step(w, "waits, all units", "cx-waits", &a, -1);
    /* Per unit: the week's waits, and who is waiting at its end. */
    waits_args(w, &a, false);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "-g", "unit", "-p", "week", "--period-of", "end", "-o",
            "waits-units-weeks.csv", ev, NULL);
    step(w, "waits per unit and week", "cx-waits", &a, -1);
    filter_rows(w, "waits-units-weeks.csv", "waits.csv", "period",
                w->week_label);
    wremove(w, "waits-units-weeks.csv");
    waits_args(w, &a, false);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "-g", "unit", "-o", "waiting.csv", ev, NULL);
    step(w, "waits per unit", "cx-waits", &a, -1);
    if (asof) {
        waits_args(w, &a, false);
        av_adds(&a, "-g", "unit", "--open", "-o", PEOPLE "/worklist.csv", ev, NULL);
        step(w, "worklist", "cx-waits", &a, -1);
        mark_worklist(w);
    }
    waits_args(w, &a, false);
    /* A curve's steps are counts of single clients that no rounding
     * protects: a profile that rounds counts (opensafely) has no curves. */
    if (w->disc.round_to > 1) {
        dprintf(w->log_fd,
                "%s: no waiting curves: disclosure profile '%s' rounds "
                "counts, and a curve's steps cannot be rounded\n",
                prog_name, w->disc.profile);
    } else {
        disc_args(w, &a, &w->disc);
        av_adds(&a, "-g", "unit", "--curve", "-o", "waits-curve.csv", ev,
                NULL);
        step(w, "waiting curves", "cx-waits", &a, -1);
    }

    /* Open waits at each week's end, from the list of waits (which holds
     * client ids: an unnamed file). */
    int lfd = anon_file(w);
    waits_args(w, &a, false);
    av_adds(&a, "--list", ev, NULL);
    step(w, "list of waits", "cx-waits", &a, lfd);
    char *lp = fd_path(lfd);
    struct waitweeks ww;
    waitweeks_count(&ww, lp, w->first_week, w->week, w->wait_norm_ms, asof);
    free(lp);
    close(lfd);
    if (asof) {
        write_waitweeks(w, &ww, "open-weeks.csv", false);
    } else {
        size_t i = (size_t)(w->week - w->first_week);
        w->started = ww.started[i];
        w->never = ww.never[i];
    }
    waitweeks_free(&ww);
}

static void
complaint_figures(struct weekly *w, const char *ev)
{
    struct argv a = {0};
    waits_args(w, &a, true);
    av_adds(&a, "--list", "-o", PEOPLE "/complaints.csv", ev, NULL);
    step(w, "complaints", "cx-waits", &a, -1);
    if (rows_of(w, PEOPLE "/complaints.csv") == 0) {
        /* No complaints in the events: no complaint files or section. */
        wremove(w, PEOPLE "/complaints.csv");
        return;
    }
    filter_rows(w, PEOPLE "/complaints.csv", PEOPLE "/complaints-late.csv", "over_norm", "1");
    struct waitweeks ww;
    char *p = wpath(w, PEOPLE "/complaints.csv");
    waitweeks_count(&ww, p, w->first_week, w->week, w->c_norm_ms,
                    strcmp(w->c_censor, "asof") == 0);
    free(p);
    write_waitweeks(w, &ww, "complaints-weeks.csv", true);
    waitweeks_free(&ww);
}

/* The events with each client's weeks as journeys of their own: client
 * becomes "client|YYYY-Www". cx-handoffs -p week on it counts, for each
 * week, the handoffs within the week per client seen in the week, a
 * figure every week can be compared on (handoffs by the week of the
 * client's first event are still growing for recent weeks, so their
 * series always ends in a run below the centre line). */
static int
client_weeks(const struct weekly *w, const char *ev)
{
    int out = anon_file(w);
    FILE *fp = fdopen(dup(out), "w");
    if (!fp)
        die(EXIT_DATA, "fdopen:");
    char *files[] = {(char *)ev};
    struct csvin in;
    csvin_open(&in, files, 1);
    size_t ci = csvhdr_require(&in.hdr, "client");
    size_t ti = csvhdr_require(&in.hdr, "time");
    struct csvw cw;
    csvw_init(&cw, fp, NUM_DIGITS_DEFAULT);
    csvw_row(&cw, in.hdr.names, in.hdr.n);
    char *key = NULL;
    size_t cap = 0;
    while (csvin_next(&in)) {
        int64_t t;
        if (!time_parse(in.f[ti], &t, NULL))
            die_at(in.file, in.line, "bad time '%s' in column 'time'",
                   in.f[ti]);
        char lab[16];
        period_label(PERIOD_WEEK, period_index(PERIOD_WEEK, t), lab,
                     sizeof lab);
        size_t need = strlen(in.f[ci]) + strlen(lab) + 2;
        XGROW(key, cap, need);
        snprintf(key, need, "%s|%s", in.f[ci], lab);
        for (size_t j = 0; j < in.nf; j++)
            csvw_str(&cw, j == ci ? key : in.f[j]);
        csvw_end(&cw);
    }
    free(key);
    csvin_close(&in);
    if (fclose(fp) != 0)
        die(EXIT_DATA, "%s: write error:", w->work);
    return out;
}

#define MAP_EDGES 40

static int
cmp_desc(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The smallest number of clients (at least min_n) such that no more than
 * MAP_EDGES cells of the matrix have that many. */
static long long
map_threshold(struct weekly *w, const char *file)
{
    struct csvtab t;
    wload(w, &t, file);
    long long *c = xcalloc(t.nrows + 1, sizeof *c);
    size_t n = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        if (strcmp(csvtab_get(&t, i, "suppressed"), "1") == 0)
            continue;
        c[n++] = atoll(csvtab_get(&t, i, "clients"));
    }
    csvtab_free(&t);
    qsort(c, n, sizeof *c, cmp_desc);
    long long th = w->disc.min_n;
    if (n > MAP_EDGES && c[MAP_EDGES] + 1 > th)
        th = c[MAP_EDGES] + 1;
    w->map_edges = 0;
    for (size_t i = 0; i < n; i++)
        w->map_edges += c[i] >= th;
    free(c);
    return th;
}

static void
handoff_figures(struct weekly *w, const char *ev)
{
    struct argv a = {0};
    int cwfd = client_weeks(w, ev);
    char *cwp = fd_path(cwfd);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "--by", w->handoff_by, "-p", "week", "-o", "handoffs-weeks.csv",
            cwp, NULL);
    step(w, "handoffs per week", "cx-handoffs", &a, -1);
    disc_args(w, &a, &w->disc);
    av_adds(&a, "--by", w->handoff_by, "-g", "unit", "-p", "week", "-o",
            "handoffs-units-weeks.csv", cwp, NULL);
    free(cwp);
    step(w, "handoffs per unit", "cx-handoffs", &a, -1);
    filter_rows(w, "handoffs-units-weeks.csv", "handoffs.csv", "period",
                w->week_label);
    wremove(w, "handoffs-units-weeks.csv");
    /* The map shows at most MAP_EDGES handovers, the ones with the most
     * clients: Graphviz takes minutes to lay out the hundreds of cells of
     * 40 units, and nobody reads them. */
    disc_args(w, &a, &w->disc);
    av_adds(&a, "--by", w->handoff_by, "--matrix", "-o", "handoffs-matrix.tmp",
            ev, NULL);
    step(w, "handover matrix", "cx-handoffs", &a, -1);
    long long t = map_threshold(w, "handoffs-matrix.tmp");
    wremove(w, "handoffs-matrix.tmp");
    snprintf(w->map_min, sizeof w->map_min, "%lld", t);
    /* The profile (its rounding) with the map's own threshold, which is
     * at least the profile's. */
    av_adds(&a, "--disclosure", w->disc.profile, "--by", w->handoff_by,
            "--dot", "--min-n", w->map_min, "-o", "handoffs.dot", ev, NULL);
    step(w, "handover map", "cx-handoffs", &a, -1);
    close(cwfd);
}

static void
sat_args(const struct weekly *w, struct argv *a)
{
    av_adds(a, "--scale", w->client_scale, "--top", w->client_top, NULL);
    if (*w->nps_item)
        av_adds(a, "--exclude-items", w->nps_item, NULL);
}

static void
survey_figures(struct weekly *w)
{
    struct argv a = {0};
    char *cl = w->have_clients ? fd_path(w->cl_fd) : NULL;
    char *sf = w->have_staff ? fd_path(w->st_fd) : NULL;
    if (cl) {
        sat_args(w, &a);
        disc_args(w, &a, &w->disc);
        av_adds(&a, "-p", "week", "--compare", "-o",
                "client-satisfaction-all.csv", cl, NULL);
        step(w, "client satisfaction, all units", "cx-satisfaction", &a, -1);
        sat_args(w, &a);
        disc_args(w, &a, &w->disc);
        av_adds(&a, "-g", "unit", "-p", "week", "--compare", "-o",
                "client-satisfaction-weeks.csv", cl, NULL);
        step(w, "client satisfaction per unit", "cx-satisfaction", &a, -1);
        filter_rows(w, "client-satisfaction-weeks.csv",
                    "client-satisfaction.csv", "period", w->week_label);
        sat_args(w, &a);
        disc_args(w, &a, &w->disc);
        av_adds(&a, "-g", "unit", "-p", "quarter", "-o",
                "client-satisfaction-quarters.csv", cl, NULL);
        step(w, "client satisfaction per unit and quarter", "cx-satisfaction",
             &a, -1);
        if (*w->nps_item) {
            disc_args(w, &a, &w->disc);
            av_adds(&a, "--scale", "0-10", "--nps", "--items", w->nps_item,
                    "-p", "week", "--compare", "-o", "nps-all.csv", cl, NULL);
            step(w, "NPS", "cx-satisfaction", &a, -1);
            /* A survey without the item has no NPS (cx-satisfaction said
             * in log.txt that the item never occurs). */
            if (rows_of(w, "nps-all.csv") == 0)
                wremove(w, "nps-all.csv");
        }
    }
    if (sf) {
        av_adds(&a, "--scale", w->staff_scale, "-g", "unit", "-p", "quarter",
                "--alpha", NULL);
        disc_args(w, &a, &w->staff_disc);
        av_adds(&a, "-o", "staff-satisfaction.csv", sf, NULL);
        step(w, "staff satisfaction per unit and quarter", "cx-satisfaction",
             &a, -1);
    }
    if (cl && sf) {
        /* Pairs of teams, from both surveys: the stricter profile. */
        disc_args(w, &a, w->link_disc);
        av_adds(&a, "-k", "unit,period", "-x", "mean", "-y", "mean", "-m",
                "pearson,spearman", "-o", "correlation.csv",
                "staff-satisfaction.csv", "client-satisfaction-quarters.csv",
                NULL);
        step(w, "staff-client link", "cx-correlate", &a, -1);
        disc_args(w, &a, w->link_disc);
        av_adds(&a, "-k", "unit,period", "--lag", w->lag, "-x", "mean", "-y",
                "mean", "-m", "pearson,spearman", "-o", "correlation-lag.csv",
                "staff-satisfaction.csv", "client-satisfaction-quarters.csv",
                NULL);
        step(w, "staff-client link, lagged", "cx-correlate", &a, -1);
    }
    free(cl);
    free(sf);
}

/* The headline series and how each is read with SPC. */
struct series {
    const char *key;   /* spc-KEY.csv */
    const char *title; /* for people */
    const char *file;  /* the weekly series */
    const char *col;
    const char *chart; /* xmr or p */
    const char *denom; /* p-chart denominator */
    const char *direction;
    int decimals;
    const char *ylabel;
    /* Filled in: */
    bool present;
    char *description; /* cx-spc --summary, or NULL */
    char *signal;
    char *svg; /* the chart, in the work folder, removed at the end */
};

static struct series series[] = {
    {"within-norm", "Waits that ended within the norm (%)", "waits-weeks.csv",
     "within_norm_pct", "p", "completed", "up", 1, "within the norm (%)", false,
     NULL, NULL, NULL},
    {"median-wait", "Median wait", "waits-weeks.csv", "median", "xmr", NULL,
     "down", 1, "median wait", false, NULL, NULL, NULL},
    {"open-past-norm", "Open waits past the norm", "open-weeks.csv",
     "over_norm_waiting", "xmr", NULL, "down", 0, "open waits past the norm",
     false, NULL, NULL, NULL},
    {"complaints-late", "Complaints answered late (of those answered)",
     "complaints-weeks.csv", "answered_late_pct", "p", "answered", "down", 1,
     "answered late (%)", false, NULL, NULL, NULL},
    {"handoffs", "Handoffs per client seen in the week", "handoffs-weeks.csv",
     "handoffs_mean", "xmr", NULL, "down", 2, "handoffs per client", false,
     NULL, NULL, NULL},
    {"client-satisfaction", "Client satisfaction (mean score)",
     "client-satisfaction-all.csv", "mean", "xmr", NULL, "up", 2, "mean score",
     false, NULL, NULL, NULL},
    {"nps", "NPS", "nps-all.csv", "nps", "xmr", NULL, "up", 0,
     "NPS (-100 to 100)", false, NULL, NULL, NULL},
};
#define NSERIES (sizeof series / sizeof series[0])

static void
spc_figures(struct weekly *w)
{
    for (size_t i = 0; i < NSERIES; i++) {
        struct series *s = &series[i];
        struct csvtab t;
        if (!wload(w, &t, s->file) || t.nrows == 0 ||
            csvtab_col(&t, s->col) < 0) {
            csvtab_free(&t);
            continue;
        }
        csvtab_free(&t);
        s->present = true;
        if (!w->spc)
            continue;
        char *out = xasprintf("spc-%s.csv", s->key);
        char *name = xasprintf("SPC of %s", s->title);
        struct argv a = {0};
        av_adds(&a, "-y", s->col, "--chart", s->chart, "--direction",
                s->direction, NULL);
        if (s->denom)
            av_adds(&a, "--denominator", s->denom, NULL);
        av_adds(&a, "-o", out, s->file, NULL);
        step(w, name, "cx-spc", &a, -1);
        av_adds(&a, "-y", s->col, "--chart", s->chart, "--direction",
                s->direction, "--summary", NULL);
        if (s->denom)
            av_adds(&a, "--denominator", s->denom, NULL);
        av_adds(&a, "-o", "spc-summary.tmp", s->file, NULL);
        step(w, name, "cx-spc", &a, -1);
        wload(w, &t, "spc-summary.tmp");
        /* A reading of the week only: not of an earlier week when the
         * series has no figure for this one (no wait ended in it). */
        if (t.nrows > 0 &&
            strcmp(csvtab_get(&t, 0, "last_period"), w->week_label) == 0 &&
            *csvtab_get(&t, 0, "last_value")) {
            s->description = xstrdup(csvtab_get(&t, 0, "description"));
            s->signal = xstrdup(csvtab_get(&t, 0, "signal"));
        }
        csvtab_free(&t);
        wremove(w, "spc-summary.tmp");
        if (w->chart) {
            s->svg = xasprintf("chart-%s.svg", s->key);
            char *yl = strcmp(s->key, "median-wait") == 0
                           ? xasprintf("median wait (%s)", w->wait_unit)
                           : xstrdup(s->ylabel);
            av_adds(&a, "spc", "--title", s->title, "--ylabel", yl, "-o",
                    s->svg, out, NULL);
            free(yl);
            step(w, name, "cx-chart", &a, -1);
        }
        free(name);
        free(out);
    }
}

static bool funnel_svg, km_svg, map_svg;

/* Rows of file with a figure in col. */
static size_t
units_with(const struct weekly *w, const char *file, const char *col)
{
    struct csvtab t;
    size_t n = 0;
    if (wload(w, &t, file))
        for (size_t i = 0; i < t.nrows; i++)
            n += *csvtab_get(&t, i, col) != '\0';
    csvtab_free(&t);
    return n;
}

static void
chart_figures(struct weekly *w)
{
    struct argv a = {0};
    /* The units compared on all their waits up to the week's end (a
     * week's waits per unit are too few to compare), suppressed units
     * left out by cx-funnel (empty figures). */
    if (w->funnel && w->chart &&
        units_with(w, "waiting.csv", "within_norm_pct") >= 2) {
        av_adds(&a, "--unit", "unit", "--value", "within_norm_pct",
                "--denominator", "waits", "--direction", "up", "-o",
                "funnel.csv", "waiting.csv", NULL);
        step(w, "funnel of the units", "cx-funnel", &a, -1);
        av_adds(&a, "--unit", "unit", "--value", "within_norm_pct",
                "--denominator", "waits", "--curve", "-o", "funnel-curve.csv",
                "waiting.csv", NULL);
        step(w, "funnel limits", "cx-funnel", &a, -1);
        char *title = xasprintf("Waits within %s per unit, up to %s",
                                w->wait_norm, w->end_label);
        av_adds(&a, "funnel", "--curve", "funnel-curve.csv", "--title", title,
                "--ylabel", "within the norm (%)", "-o", "chart-funnel.svg",
                "funnel.csv", NULL);
        free(title);
        step(w, "funnel plot", "cx-chart", &a, -1);
        funnel_svg = true;
    }
    if (w->chart && units_with(w, "waits-curve.csv", "survival") > 0) {
        av_adds(&a, "km", "--norm", w->wait_norm, "--unit", w->wait_unit,
                "--title", "Still waiting, per unit", "-o", "chart-km.svg",
                "waits-curve.csv", NULL);
        step(w, "waiting curves chart", "cx-chart", &a, -1);
        km_svg = true;
    }
    /* The handover map through Graphviz; without dot the report leaves
     * the map out and log.txt says why. */
    char *dot = wpath(w, "handoffs.dot");
    char *svg = wpath(w, "chart-map.svg");
    av_adds(&a, "-Tsvg", "-o", svg, dot, NULL);
    struct run_io io = {w->work, -1, w->log_fd};
    int st = run_program("dot", a.v, &io);
    av_free(&a);
    if (st == 0)
        map_svg = true;
    else
        dprintf(w->log_fd,
                "%s: no handover map: Graphviz dot failed (status %d)\n",
                prog_name, st);
    free(dot);
    free(svg);
}

static void
figures(struct weekly *w)
{
    int64_t asof = week_end_ms(w->week);
    int ev_fd = rows_upto(w, w->ev_fd, asof);
    char *ev = fd_path(ev_fd);
    if (w->have_clients)
        w->cl_fd = rows_upto(w, w->cl_fd, asof);
    if (w->have_staff)
        w->st_fd = rows_upto(w, w->st_fd, asof);
    wait_figures(w, ev);
    complaint_figures(w, ev);
    handoff_figures(w, ev);
    survey_figures(w);
    spc_figures(w);
    chart_figures(w);
    free(ev);
}

/* ------------------------------------------------------------------ */
/* The headline figures, shared by summary.md and report.html. */

#define FIGS 8
static char *
fig(const char *s, int decimals)
{
    static char ring[FIGS][48];
    static int k;
    char *b = ring[k++ % FIGS];
    human_field(s, decimals, b, 48);
    return b;
}

struct headline {
    char *value; /* the week's figure, for people; NULL: none */
    char *note;  /* what it counts */
};
static struct headline head[NSERIES];

/* The row of the report week in a series file, or -1. */
static long
week_row(const struct weekly *w, const struct csvtab *t)
{
    return csvtab_find(t, "period", w->week_label);
}

static void
headlines(const struct weekly *w)
{
    for (size_t i = 0; i < NSERIES; i++) {
        struct series *s = &series[i];
        struct headline *h = &head[i];
        if (!s->present)
            continue;
        struct csvtab t;
        wload(w, &t, s->file);
        long r = week_row(w, &t);
        const char *v = r >= 0 ? csvtab_get(&t, (size_t)r, s->col) : "";
        if (strcmp(s->key, "within-norm") == 0) {
            h->value = *v ? xasprintf("%s%%", fig(v, 1)) : NULL;
            h->note = xasprintf(
                "of %s waits that ended this week (norm %s, target %s%%)",
                r >= 0 ? csvtab_get(&t, (size_t)r, "waits") : "0", w->wait_norm,
                w->wait_target);
        } else if (strcmp(s->key, "median-wait") == 0) {
            h->value = *v ? xasprintf("%s %s", fig(v, 1), w->wait_unit) : NULL;
            const char *lo =
                r >= 0 ? csvtab_get(&t, (size_t)r, "median_lo") : "";
            const char *hi =
                r >= 0 ? csvtab_get(&t, (size_t)r, "median_hi") : "";
            if (r < 0)
                h->note = xstrdup("no wait ended this week");
            else if (*lo && *hi)
                h->note =
                    xasprintf("95%% interval %s to %s", fig(lo, 1), fig(hi, 1));
            else if (*lo)
                h->note = xasprintf("95%% interval from %s, its upper end "
                                    "not estimable from so few waits",
                                    fig(lo, 1));
            else
                h->note = xstrdup("too few waits for an interval");
        } else if (strcmp(s->key, "open-past-norm") == 0) {
            h->value = xstrdup(*v ? v : "0");
            h->note =
                xasprintf("of %s still waiting at the week's end",
                          r >= 0 ? csvtab_get(&t, (size_t)r, "waiting") : "0");
        } else if (strcmp(s->key, "complaints-late") == 0) {
            h->value = xasprintf(
                "%s of %s",
                r >= 0 ? csvtab_get(&t, (size_t)r, "answered_late") : "0",
                r >= 0 ? csvtab_get(&t, (size_t)r, "answered") : "0");
            h->note = xasprintf(
                "answered this week after %s; %s still unanswered past the "
                "due date",
                w->c_norm,
                r >= 0 ? csvtab_get(&t, (size_t)r, "open_late") : "0");
        } else if (strcmp(s->key, "handoffs") == 0) {
            h->value = *v ? xstrdup(fig(v, 2)) : NULL;
            h->note =
                xasprintf("handoffs within the week, %s clients seen in it",
                          r >= 0 ? csvtab_get(&t, (size_t)r, "clients") : "0");
        } else {
            h->value = *v ? xstrdup(fig(v, s->decimals)) : NULL;
            h->note = xasprintf(
                "%s respondents this week",
                r >= 0 ? csvtab_get(&t, (size_t)r, "respondents") : "0");
        }
        csvtab_free(&t);
    }
}

/* The SPC reading of a series in words, weeks rather than points. */
static char *
spc_words(const struct series *s)
{
    if (!s->description || !*s->description)
        return NULL;
    const char *d = s->description;
    size_t len = strlen(d);
    char *r = xmalloc(len * 2 + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (strncmp(d + i, "points", 6) == 0) {
            memcpy(r + o, "weeks", 5);
            o += 5;
            i += 6;
        } else if (strncmp(d + i, "a point", 7) == 0) {
            memcpy(r + o, "a week", 6);
            o += 6;
            i += 7;
        } else {
            r[o++] = d[i++];
        }
    }
    r[o] = '\0';
    return r;
}

static struct series *
series_of(const char *key)
{
    for (size_t i = 0; i < NSERIES; i++)
        if (strcmp(series[i].key, key) == 0)
            return &series[i];
    return NULL;
}

static struct headline *
head_of(const char *key)
{
    return &head[series_of(key) - series];
}

/* " Weekly series: common cause variation." or "". */
static void
md_spc(FILE *fp, const char *key)
{
    char *s = spc_words(series_of(key));
    if (s)
        fprintf(fp, " Weekly series: %s.", s);
    free(s);
}

/* The latest quarter of a survey file up to the week. */
static char *
latest_quarter(const struct weekly *w, const char *file)
{
    struct csvtab t;
    char *best = NULL;
    if (wload(w, &t, file))
        for (size_t i = 0; i < t.nrows; i++) {
            const char *p = csvtab_get(&t, i, "period");
            if (!best || strcmp(p, best) > 0) {
                free(best);
                best = xstrdup(p);
            }
        }
    csvtab_free(&t);
    return best;
}

/* Units of the per-unit table, sorted. */
static size_t *
unit_list(const struct weekly *w, struct strmap *units, size_t *n)
{
    const char *files[] = {"waiting.csv", "waits.csv", "handoffs.csv",
                           "client-satisfaction.csv"};
    strmap_init(units);
    for (size_t f = 0; f < 4; f++) {
        struct csvtab t;
        if (wload(w, &t, files[f]))
            for (size_t i = 0; i < t.nrows; i++)
                strmap_add(units, csvtab_get(&t, i, "unit"));
        csvtab_free(&t);
    }
    *n = units->n;
    return strmap_sorted(units);
}

/* One cell of the per-unit table: col of the unit's row in t. */
static const char *
ucell(const struct csvtab *t, const char *unit, const char *col, int dec)
{
    long r = csvtab_find(t, "unit", unit);
    if (r < 0)
        return "n/a";
    const char *v = csvtab_get(t, (size_t)r, col);
    if (dec < 0)
        return *v ? v : "n/a";
    return fig(v, dec);
}

struct unit_tabs {
    struct csvtab waits, waiting, handoffs, clients, staff;
    char *quarter;
    struct strmap units;
    size_t *order, n;
};

static void
unit_tabs_load(const struct weekly *w, struct unit_tabs *u)
{
    wload(w, &u->waits, "waits.csv");
    wload(w, &u->waiting, "waiting.csv");
    wload(w, &u->handoffs, "handoffs.csv");
    wload(w, &u->clients, "client-satisfaction.csv");
    u->quarter = latest_quarter(w, "staff-satisfaction.csv");
    memset(&u->staff, 0, sizeof u->staff);
    if (u->quarter) {
        struct csvtab all;
        wload(w, &all, "staff-satisfaction.csv");
        bool *keep = xcalloc(all.nrows + 1, sizeof *keep);
        for (size_t i = 0; i < all.nrows; i++)
            keep[i] = strcmp(csvtab_get(&all, i, "period"), u->quarter) == 0;
        /* A table of the quarter's rows only. */
        u->staff.ncols = all.ncols;
        u->staff.names = all.names;
        all.names = NULL;
        u->staff.cells = xcalloc(all.nrows * all.ncols + 1, sizeof(char *));
        for (size_t i = 0; i < all.nrows; i++) {
            if (!keep[i])
                continue;
            for (size_t j = 0; j < all.ncols; j++) {
                u->staff.cells[u->staff.nrows * all.ncols + j] =
                    all.cells[i * all.ncols + j];
                all.cells[i * all.ncols + j] = NULL;
            }
            u->staff.nrows++;
        }
        for (size_t i = 0; i < all.nrows * all.ncols; i++)
            free(all.cells[i]);
        free(all.cells);
        all.ncols = 0;
        free(keep);
    }
    u->order = unit_list(w, &u->units, &u->n);
}

static void
unit_tabs_free(struct unit_tabs *u)
{
    csvtab_free(&u->waits);
    csvtab_free(&u->waiting);
    csvtab_free(&u->handoffs);
    csvtab_free(&u->clients);
    csvtab_free(&u->staff);
    free(u->quarter);
    strmap_free(&u->units);
    free(u->order);
}

/* The files of the week folder, as they will be kept, sorted. */
static char **
kept_files(const struct weekly *w, const char *sub, size_t *n)
{
    char *dir = sub ? wpath(w, sub) : xstrdup(w->work);
    DIR *d = opendir(dir);
    free(dir);
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || (!sub && strcmp(e->d_name, PEOPLE) == 0))
            continue;
        XGROW(v, cap, *n + 1);
        v[(*n)++] = xstrdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* ------------------------------------------------------------------ */
/* summary.md */

static void
md_rejects(const struct weekly *w, FILE *fp)
{
    size_t total = 0;
    for (size_t i = 0; i < nrej; i++)
        total += rej[i].rejected;
    if (!total)
        return;
    fprintf(fp, "\n## Rows the exports lost\n\n");
    for (size_t i = 0; i < nrej; i++) {
        const struct rejects *r = &rej[i];
        if (!r->rejected)
            continue;
        fprintf(fp,
                "- %s: **%zu** of %zu rows rejected by cx-ingest "
                "(`" PEOPLE "/rejects-%s.csv`):",
                r->name, r->rejected, r->rows, r->name);
        for (size_t k = 0; k < r->nreasons; k++)
            fprintf(fp, "%s %s (%zu)", k ? ";" : "", r->reasons[k],
                    r->counts[k]);
        fprintf(fp, ".\n");
    }
    (void)w;
}

/* What n/a in a per-unit table means: the threshold of each survey in
 * force, and the rounding of a profile that rounds. Caller frees. */
static char *
suppression_note(const struct weekly *w, bool staff)
{
    char st[64] = "", rd[64] = "";
    if (staff)
        snprintf(st, sizeof st, " (staff: fewer than %lld respondents)",
                 w->staff_disc.min_n);
    if (w->disc.round_to > 1)
        snprintf(rd, sizeof rd, "; counts rounded to the nearest %lld",
                 w->disc.round_to);
    return xasprintf("n/a: no figure, or fewer than %lld clients%s%s, or "
                     "hidden so that a small group cannot be worked out "
                     "from the others%s",
                     w->disc.min_n, w->have_clients ? " or respondents" : "",
                     st, rd);
}

/* One line of the staff-to-client link; a result from too few pairs of
 * teams is suppressed by cx-correlate (an empty estimate). */
static void
md_link(const struct weekly *w, FILE *fp, const char *label,
        const struct csvtab *t, size_t r)
{
    const char *est = csvtab_get(t, r, "estimate");
    const char *n = csvtab_get(t, r, "n");
    if (!*est) {
        fprintf(fp,
                "- %s: not shown, %s team-quarters (fewer than %lld, or "
                "too few to compute).\n",
                label, *n ? n : "0", w->link_disc->min_n);
        return;
    }
    fprintf(fp, "- %s = **%s** (%s to %s), %s team-quarters.\n", label,
            fig(est, 2), fig(csvtab_get(t, r, "lo"), 2),
            fig(csvtab_get(t, r, "hi"), 2), n);
}

static void
write_summary(struct weekly *w)
{
    headlines(w);
    FILE *fp = wopen(w, "summary.md");
    /* A stale export is the first thing a reader sees. */
    if (w->stale)
        fprintf(fp, "**Warning: %s.**\n\n", w->stale);
    fprintf(fp, "# Client experience, week %s\n\n", w->week_label);
    fprintf(fp,
            "From %s to %s, figures as of %s: the waits that ended in the "
            "week, those %s%s.",
            w->start_label, w->end_label, w->asof_label,
            strcmp(w->wait_censor, "asof") == 0
                ? "still open at its end"
                : "that never ended (up to its end)",
            w->have_clients ? ", and the week's survey respondents" : "");
    if (w->spc)
        fprintf(fp,
                " Each headline is read against its weekly series (%s to "
                "%s) with statistical process control (cx-spc): a special "
                "cause means something changed; common cause variation "
                "means this week is within what the weeks before make "
                "expected.",
                w->first_label, w->week_label);
    fprintf(fp, " Made by cx-weekly %s.\n", PACKAGE_VERSION);

    bool asof = strcmp(w->wait_censor, "asof") == 0;
    fprintf(fp, "\n## Waiting: %s to %s (norm %s, target %s%% within it)\n\n",
            w->wait_from, w->wait_to, w->wait_norm, w->wait_target);
    struct headline *h = head_of("median-wait");
    if (h->value) {
        fprintf(fp,
                "- Median wait of the waits that ended this week: "
                "**%s** (%s).",
                h->value, h->note);
        md_spc(fp, "median-wait");
        fputc('\n', fp);
    } else {
        fprintf(fp, "- No wait ended this week.\n");
    }
    h = head_of("within-norm");
    if (h->value) {
        struct csvtab t;
        wload(w, &t, "waits-weeks.csv");
        long r = week_row(w, &t);
        const char *met =
            r >= 0 ? csvtab_get(&t, (size_t)r, "meets_target") : "";
        fprintf(fp, "- Within the norm: **%s** %s; target met: %s.", h->value,
                h->note,
                !strcmp(met, "1")   ? "yes"
                : !strcmp(met, "0") ? "no"
                                    : "n/a");
        md_spc(fp, "within-norm");
        fputc('\n', fp);
        csvtab_free(&t);
    }
    struct csvtab all;
    wload(w, &all, "waits-all.csv");
    const char *waiting = all.nrows ? csvtab_get(&all, 0, "waiting") : "0";
    const char *over =
        all.nrows ? csvtab_get(&all, 0, "over_norm_waiting") : "0";
    if (asof) {
        size_t open = rows_of(w, PEOPLE "/worklist.csv"), marked = 0;
        struct csvtab wl;
        wload(w, &wl, PEOPLE "/worklist.csv");
        for (size_t i = 0; i < wl.nrows; i++)
            if (strcmp(csvtab_get(&wl, i, "rejected_rows"), "0") != 0)
                marked++;
        csvtab_free(&wl);
        fprintf(fp,
                "- Still waiting at the week's end: **%s**, of whom "
                "**%s** past the norm.",
                *waiting ? waiting : "0", *over ? over : "0");
        md_spc(fp, "open-past-norm");
        fprintf(fp, " Worklist, longest first: `" PEOPLE "/worklist.csv` (%zu open", open);
        if (marked)
            fprintf(fp,
                    "; %zu of them for clients whose export rows were "
                    "rejected, marked in its column rejected_rows",
                    marked);
        fprintf(fp, ").\n");
    } else {
        fprintf(fp,
                "- Waits that started this week and never ended "
                "(censored at the client's last event): **%zu** of "
                "%zu.\n",
                w->never, w->started);
    }
    csvtab_free(&all);

    if (series_of("complaints-late")->present) {
        h = head_of("complaints-late");
        fprintf(fp, "\n## Complaints (answer due within %s)\n\n", w->c_norm);
        struct csvtab t;
        wload(w, &t, "complaints-weeks.csv");
        long r = week_row(w, &t);
        const char *ans = r >= 0 ? csvtab_get(&t, (size_t)r, "answered") : "0";
        const char *late =
            r >= 0 ? csvtab_get(&t, (size_t)r, "answered_late") : "0";
        const char *open =
            r >= 0 ? csvtab_get(&t, (size_t)r, "open_late") : "0";
        fprintf(fp, "- Answered this week: **%s**, of which late: **%s**.", ans,
                late);
        md_spc(fp, "complaints-late");
        fprintf(fp,
                "\n- Still unanswered past the due date at the week's "
                "end: **%s** (`" PEOPLE "/complaints-late.csv`).",
                open);
        csvtab_free(&t);
        (void)h;
        fputc('\n', fp);
    }

    h = head_of("handoffs");
    fprintf(fp, "\n## Handoffs between %ss\n\n", w->handoff_by);
    if (h->value) {
        struct csvtab t;
        wload(w, &t, "handoffs-weeks.csv");
        long r = week_row(w, &t);
        fprintf(
            fp,
            "- Handoffs per client: **%s** (%s); clients sent back "
            "and forth (A to B to A): **%s%%**.",
            h->value, h->note,
            fig(r >= 0 ? csvtab_get(&t, (size_t)r, "pingpong_pct") : "", 1));
        md_spc(fp, "handoffs");
        fputc('\n', fp);
        csvtab_free(&t);
    } else {
        fprintf(fp, "- No client was seen this week.\n");
    }

    if (w->have_clients) {
        fprintf(fp, "\n## Client satisfaction this week (scale %s)\n\n",
                w->client_scale);
        struct csvtab t;
        wload(w, &t, "client-satisfaction-all.csv");
        long r = week_row(w, &t);
        if (r >= 0) {
            size_t rr = (size_t)r;
            long n = atol(csvtab_get(&t, rr, "respondents"));
            fprintf(fp, "- Mean: **%s** (%s to %s), %ld respondents%s.",
                    fig(csvtab_get(&t, rr, "mean"), 2),
                    fig(csvtab_get(&t, rr, "mean_lo"), 2),
                    fig(csvtab_get(&t, rr, "mean_hi"), 2), n,
                    n < 30 ? ": few, so read the interval" : "");
            md_spc(fp, "client-satisfaction");
            fprintf(fp, "\n- Top-%s-box: **%s%%** (%s to %s%%).\n",
                    w->client_top, fig(csvtab_get(&t, rr, "top_box_pct"), 1),
                    fig(csvtab_get(&t, rr, "top_box_lo"), 1),
                    fig(csvtab_get(&t, rr, "top_box_hi"), 1));
        } else {
            fprintf(fp, "- No client answered the survey this week.\n");
        }
        csvtab_free(&t);
        if (series_of("nps")->present) {
            wload(w, &t, "nps-all.csv");
            r = week_row(w, &t);
            if (r >= 0) {
                size_t rr = (size_t)r;
                long n = atol(csvtab_get(&t, rr, "respondents"));
                fprintf(fp,
                        "- NPS ('%s'): **%s** (%s to %s), %ld "
                        "respondents%s.",
                        w->nps_item, fig(csvtab_get(&t, rr, "nps"), 0),
                        fig(csvtab_get(&t, rr, "nps_lo"), 0),
                        fig(csvtab_get(&t, rr, "nps_hi"), 0), n,
                        n < 30 ? ": few, so read the interval" : "");
                md_spc(fp, "nps");
                fputc('\n', fp);
            }
            csvtab_free(&t);
        }
    }

    struct unit_tabs u;
    unit_tabs_load(w, &u);
    if (w->have_staff && u.quarter) {
        size_t shown = 0, supp = 0;
        for (size_t i = 0; i < u.staff.nrows; i++) {
            if (strcmp(csvtab_get(&u.staff, i, "suppressed"), "1") == 0)
                supp++;
            else
                shown++;
        }
        fprintf(fp, "\n## Staff satisfaction, quarter %s (scale %s)\n\n",
                u.quarter, w->staff_scale);
        fprintf(fp,
                "- Teams reported: **%zu**; not shown (fewer than %lld "
                "respondents, or to protect a small team): **%zu**.\n",
                shown, w->staff_disc.min_n, supp);
    }
    struct csvtab c0, c1;
    bool have0 = wload(w, &c0, "correlation.csv");
    bool have1 = wload(w, &c1, "correlation-lag.csv");
    if (have0 && have1) {
        long r0 = csvtab_find(&c0, "method", "pearson");
        long r1 = csvtab_find(&c1, "method", "pearson");
        if (r0 >= 0 && r1 >= 0) {
            size_t a = (size_t)r0, b = (size_t)r1;
            fprintf(fp, "\n## Staff and client satisfaction, team by team\n\n");
            char *lab = xasprintf("Staff %s quarter(s) before clients: r",
                                  w->lag);
            md_link(w, fp, "Same quarter: Pearson r", &c0, a);
            md_link(w, fp, lab, &c1, b);
            free(lab);
            fprintf(fp, "- A team-level link is a pattern across teams, not "
                        "proof that one causes the other (see "
                        "cx-correlate(1)).\n");
        }
    }
    csvtab_free(&c0);
    csvtab_free(&c1);

    md_rejects(w, fp);

    fprintf(fp, "\n## Per unit\n\nThe week's waits and handoffs, who was "
                "still waiting at its end");
    if (w->have_clients)
        fprintf(fp, ", the week's client satisfaction (mean score)");
    if (u.quarter)
        fprintf(fp, ", staff satisfaction in quarter %s", u.quarter);
    char *note = suppression_note(w, u.quarter != NULL);
    fprintf(fp, "; %s.\n\n", note);
    free(note);
    fprintf(fp,
            "| unit | waits ended | median wait (%s) | within %s (%%) | "
            "still waiting | past the norm | handoffs per client |",
            w->wait_unit, w->wait_norm);
    if (w->have_clients)
        fprintf(fp, " clients satisfied |");
    if (u.quarter)
        fprintf(fp, " staff satisfied |");
    fprintf(fp, "\n|---|---:|---:|---:|---:|---:|---:|%s%s\n",
            w->have_clients ? "---:|" : "", u.quarter ? "---:|" : "");
    for (size_t i = 0; i < u.n; i++) {
        const char *un = u.units.strs[u.order[i]];
        fprintf(fp, "| %s | %s | %s | %s | %s | %s | %s |", *un ? un : "(none)",
                ucell(&u.waits, un, "waits", -1),
                ucell(&u.waits, un, "median", 1),
                ucell(&u.waits, un, "within_norm_pct", 1),
                ucell(&u.waiting, un, "waiting", -1),
                ucell(&u.waiting, un, "over_norm_waiting", -1),
                ucell(&u.handoffs, un, "handoffs_mean", 2));
        if (w->have_clients)
            fprintf(fp, " %s |", ucell(&u.clients, un, "mean", 2));
        if (u.quarter)
            fprintf(fp, " %s |", ucell(&u.staff, un, "mean", 2));
        fputc('\n', fp);
    }
    unit_tabs_free(&u);

    size_t nf;
    char **files = kept_files(w, NULL, &nf);
    fprintf(fp, "\nFiles beside this one: report.html (this page with its "
                "charts)");
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(files[i], "summary.md") && strcmp(files[i], "log.txt") &&
            !strstr(files[i], ".svg") && !strstr(files[i], ".dot"))
            fprintf(fp, ", %s", files[i]);
        free(files[i]);
    }
    free(files);
    fprintf(fp, ", log.txt and week.txt (see cx-weekly(1)).\n");
    /* Not yet written: the worklist's page, made with report.html. */
    files = kept_files(w, PEOPLE, &nf);
    bool page = false;
    fprintf(fp,
            "\nThe files that name clients%s are apart, in %s/ (personal "
            "data: readable by the owner of the folder only, for the people "
            "who act on them, not for sharing):",
            w->have_clients || w->have_staff ? " or respondents" : "", PEOPLE);
    for (size_t i = 0; i < nf; i++) {
        if (!page && strcmp(files[i], "worklist.csv") == 0) {
            fprintf(fp, "%s " PEOPLE "/worklist.html", i ? "," : "");
            page = true;
        }
        fprintf(fp, "%s " PEOPLE "/%s", i || page ? "," : "", files[i]);
        free(files[i]);
    }
    free(files);
    fprintf(fp, ".\n");
    wclose(w, fp, "summary.md");
}

/* ------------------------------------------------------------------ */
/* report.html: one self-contained page (inline CSS and SVG, nothing
 * fetched), printable on A4. Every text from data or configuration goes
 * through html_text. */

static const char report_css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1f2933;"
    "margin:24px auto;max-width:1000px;padding:0 16px;line-height:1.4}"
    "h1{font-size:26px;margin:0 0 4px}"
    "h2{font-size:19px;border-bottom:2px solid #d9e2ec;padding-bottom:3px;"
    "margin-top:28px}"
    ".sub{color:#52606d;font-size:14px;margin:0 0 16px}"
    ".stale{background:#fde8e8;border:2px solid #c81e1e;color:#9b1c1c;"
    "padding:8px 12px;font-weight:bold;margin:0 0 12px}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax("
    "220px,1fr));gap:12px}"
    ".card{border:1px solid #cbd2d9;border-left:8px solid #9aa5b1;"
    "padding:10px 12px;border-radius:4px;break-inside:avoid}"
    ".card .t{font-size:13px;color:#52606d}"
    ".card .v{font-size:28px;font-weight:bold;margin:2px 0}"
    ".card .n{font-size:12px;color:#52606d}"
    ".card .s{font-size:13px;margin-top:4px}"
    ".improvement{border-left-color:#2f8f46}"
    ".concern{border-left-color:#c81e1e}"
    ".special{border-left-color:#d97706}"
    ".charts{display:grid;grid-template-columns:1fr;gap:8px}"
    "figure{margin:0 0 12px;break-inside:avoid}"
    "figure svg{width:100%;height:auto;max-height:420px}"
    "figcaption{font-size:13px;color:#52606d}"
    "table{border-collapse:collapse;font-size:13px;width:100%}"
    "th,td{border-bottom:1px solid #e4e7eb;padding:3px 6px;text-align:right}"
    "th:first-child,td:first-child{text-align:left}"
    "th{background:#f0f4f8}"
    "tr.lost td{background:#fff4e5}"
    ".map svg{width:100%;height:auto;max-height:600px}"
    "footer{margin-top:28px;font-size:12px;color:#7b8794}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}"
    "h2{break-after:avoid}.cards{grid-template-columns:repeat(3,1fr)}"
    "figure svg{max-height:95mm}}";

static void
html_svg(const struct weekly *w, FILE *fp, const char *file,
         const char *caption)
{
    char *p = wpath(w, file);
    fprintf(fp, "<figure>");
    if (!html_svg_file(fp, p))
        die(EXIT_DATA, "%s: no SVG in the chart file", file);
    if (caption) {
        fprintf(fp, "<figcaption>");
        html_text(fp, caption);
        fprintf(fp, "</figcaption>");
    }
    fprintf(fp, "</figure>\n");
    free(p);
}

static void
html_card(FILE *fp, const char *key)
{
    struct series *s = series_of(key);
    struct headline *h = head_of(key);
    if (!s->present)
        return;
    const char *cls = s->signal && *s->signal ? s->signal : "";
    fprintf(fp, "<div class=\"card %s\"><div class=\"t\">", cls);
    html_text(fp, s->title);
    fprintf(fp, "</div><div class=\"v\">");
    html_text(fp, h->value ? h->value : "n/a");
    fprintf(fp, "</div><div class=\"n\">");
    html_text(fp, h->note ? h->note : "");
    fprintf(fp, "</div>");
    char *words = spc_words(s);
    if (words) {
        fprintf(fp, "<div class=\"s\">");
        html_text(fp, words);
        fprintf(fp, "</div>");
    }
    free(words);
    fprintf(fp, "</div>\n");
}

/* people/worklist.html: the worklist as a page of its own, beside
 * worklist.csv in the folder of personal data; report.html only links to
 * it, so that the report holds no client identifier. */
#define WORKLIST_ROWS 1000

static void
write_worklist_page(const struct weekly *w, const struct csvtab *t)
{
    const char *name = PEOPLE "/worklist.html";
    FILE *fp = wopen(w, name);
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                "charset=\"utf-8\">\n<title>Worklist, week ");
    html_text(fp, w->week_label);
    fprintf(fp, "</title>\n<style>%s</style></head>\n<body>\n", report_css);
    fprintf(fp, "<p class=\"stale\">Personal data: this page names "
                "clients. Keep it to the people who call them; do not "
                "share it with the report.</p>\n");
    fprintf(fp, "<h1>Worklist, week ");
    html_text(fp, w->week_label);
    fprintf(fp, "</h1>\n<p class=\"sub\">Still waiting at %s, longest "
                "first: ",
            w->asof_human);
    html_text(fp, w->wait_from);
    fprintf(fp, " without ");
    html_text(fp, w->wait_to);
    fprintf(fp, ".</p>\n");
    if (t->nrows == 0) {
        fprintf(fp, "<p>Nobody is waiting.</p>\n");
    } else {
        char waited[64];
        snprintf(waited, sizeof waited, "waited (%s)", w->wait_unit);
        fprintf(fp, "<table id=\"worklist\"><tr><th>client</th><th>"
                    "unit</th><th>waiting since</th><th>");
        html_text(fp, waited);
        fprintf(fp, "</th><th>past the norm</th><th>rejected export "
                    "rows</th></tr>\n");
        bool any_lost = false;
        for (size_t i = 0; i < t->nrows; i++) {
            const char *lost = csvtab_get(t, i, "rejected_rows");
            bool marked = *lost && strcmp(lost, "0") != 0;
            any_lost |= marked;
            if (i >= WORKLIST_ROWS)
                continue;
            fprintf(fp, marked ? "<tr class=\"lost\">" : "<tr>");
            const char *cells[] = {
                csvtab_get(t, i, "client"),
                csvtab_get(t, i, "unit"),
                csvtab_get(t, i, "start"),
                fig(csvtab_get(t, i, "waited"), 1),
                strcmp(csvtab_get(t, i, "over_norm"), "1") == 0 ? "yes" : "",
                marked ? lost : ""};
            for (size_t j = 0; j < 6; j++) {
                fprintf(fp, "<td>");
                html_text(fp, cells[j]);
                fprintf(fp, "</td>");
            }
            fprintf(fp, "</tr>\n");
        }
        fprintf(fp, "</table>\n");
        fprintf(fp, "<p class=\"sub\">%zu open", t->nrows);
        if (t->nrows > WORKLIST_ROWS)
            fprintf(fp, ", the %d longest shown", WORKLIST_ROWS);
        fprintf(fp, "; all in worklist.csv beside this page.%s</p>\n",
                any_lost ? " A shaded row is a client some of whose export "
                           "rows were rejected: check the wait by hand."
                         : "");
    }
    fprintf(fp, "<footer>Made by cx-weekly %s with report.html, one folder "
                "up.</footer>\n</body></html>\n",
            PACKAGE_VERSION);
    wclose(w, fp, name);
}

/* The worklist's section of report.html: how many wait, and a link to
 * the page that names them. */
static void
html_worklist_note(const struct weekly *w, FILE *fp)
{
    struct csvtab t;
    if (!wload(w, &t, PEOPLE "/worklist.csv")) {
        csvtab_free(&t);
        return;
    }
    write_worklist_page(w, &t);
    size_t over = 0, lost = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        over += strcmp(csvtab_get(&t, i, "over_norm"), "1") == 0;
        lost += strcmp(csvtab_get(&t, i, "rejected_rows"), "0") != 0;
    }
    fprintf(fp, "<h2>Worklist: still waiting, longest first</h2>\n"
                "<p id=\"worklist\">");
    if (t.nrows == 0)
        fprintf(fp, "Nobody is waiting.");
    else
        fprintf(fp,
                "%zu still waiting, %zu of them past the norm%s. "
                "Who they are is on a page of its own, "
                "<a href=\"" PEOPLE "/worklist.html\">" PEOPLE
                "/worklist.html</a> (and " PEOPLE "/worklist.csv): "
                "<b>personal data</b>, for the people who call these "
                "clients, not for sharing with this report.",
                t.nrows, over,
                lost ? "; some with rejected export rows, marked there" : "");
    fprintf(fp, "</p>\n");
    csvtab_free(&t);
}

static void
write_report(struct weekly *w)
{
    FILE *fp = wopen(w, "report.html");
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                "charset=\"utf-8\">\n<title>Client experience, week ");
    html_text(fp, w->week_label);
    fprintf(fp, "</title>\n<style>%s</style></head>\n<body>\n", report_css);
    if (w->stale) {
        fprintf(fp, "<p class=\"stale\" id=\"stale\">Warning: ");
        html_text(fp, w->stale);
        fprintf(fp, ".</p>\n");
    }
    fprintf(fp, "<h1>Client experience, week ");
    html_text(fp, w->week_label);
    fprintf(fp, "</h1>\n<p class=\"sub\">From %s to %s, figures as of %s. ",
            w->start_label, w->end_label, w->asof_human);
    if (w->spc)
        fprintf(fp,
                "Each figure is read against its weekly series from %s "
                "with statistical process control: a coloured bar marks "
                "a special cause (green an improvement, red a concern); "
                "grey is common cause variation, nothing to react to. ",
                w->first_label);
    fprintf(fp, "Waits: ");
    html_text(fp, w->wait_from);
    fprintf(fp, " to ");
    html_text(fp, w->wait_to);
    fprintf(fp, ", norm ");
    html_text(fp, w->wait_norm);
    fprintf(fp, ", in %s.</p>\n", w->wait_unit);

    fprintf(fp, "<section class=\"cards\" id=\"headlines\">\n");
    for (size_t i = 0; i < NSERIES; i++)
        html_card(fp, series[i].key);
    fprintf(fp, "</section>\n");

    bool any = false;
    for (size_t i = 0; i < NSERIES; i++)
        any |= series[i].svg != NULL;
    if (any) {
        fprintf(fp, "<h2>The weeks so far</h2>\n<div class=\"charts\" "
                    "id=\"spc\">\n");
        for (size_t i = 0; i < NSERIES; i++)
            if (series[i].svg)
                html_svg(w, fp, series[i].svg, NULL);
        fprintf(fp, "</div>\n");
    }
    if (funnel_svg) {
        fprintf(fp, "<h2>The units side by side</h2>\n");
        html_svg(w, fp, "chart-funnel.svg",
                 "Each point is a unit, with all its waits up to the week's "
                 "end; a unit outside the funnel differs by more than "
                 "chance at its number of waits.");
    }
    if (km_svg) {
        fprintf(fp, "<h2>How long clients wait</h2>\n");
        html_svg(w, fp, "chart-km.svg",
                 "Share still waiting after each wait length (Kaplan-Meier), "
                 "per unit, clients still waiting counted as such.");
    }
    if (map_svg) {
        fprintf(fp, "<h2>Where clients are passed on</h2>\n<div "
                    "class=\"map\">\n");
        char *cap = xasprintf(
            "Handovers between providers up to the week's end, the %zu "
            "passed by at least %s clients; thicker arrows carry more "
            "clients, the numbers count handovers.",
            w->map_edges, w->map_min);
        html_svg(w, fp, "chart-map.svg", cap);
        free(cap);
        fprintf(fp, "</div>\n");
    }

    html_worklist_note(w, fp);

    size_t total = 0;
    for (size_t i = 0; i < nrej; i++)
        total += rej[i].rejected;
    if (total) {
        fprintf(fp, "<h2>Rows the exports lost</h2>\n<ul id=\"rejects\">\n");
        for (size_t i = 0; i < nrej; i++) {
            const struct rejects *r = &rej[i];
            if (!r->rejected)
                continue;
            fprintf(fp,
                    "<li>%s: <b>%zu</b> of %zu rows rejected (" PEOPLE
                    "/rejects-%s.csv):",
                    r->name, r->rejected, r->rows, r->name);
            for (size_t k = 0; k < r->nreasons; k++) {
                fprintf(fp, "%s ", k ? ";" : "");
                html_text(fp, r->reasons[k]);
                fprintf(fp, " (%zu)", r->counts[k]);
            }
            fprintf(fp, "</li>\n");
        }
        fprintf(fp, "</ul>\n");
    }

    struct unit_tabs u;
    unit_tabs_load(w, &u);
    fprintf(fp,
            "<h2>Per unit</h2>\n<table id=\"units\"><tr><th>unit</th>"
            "<th>waits ended</th><th>median wait (%s)</th><th>within "
            "the norm (%%)</th><th>still waiting</th><th>past the "
            "norm</th><th>handoffs per client</th>",
            w->wait_unit);
    if (w->have_clients)
        fprintf(fp, "<th>clients satisfied</th>");
    if (u.quarter)
        fprintf(fp, "<th>staff satisfied (%s)</th>", u.quarter);
    fprintf(fp, "</tr>\n");
    for (size_t i = 0; i < u.n; i++) {
        const char *un = u.units.strs[u.order[i]];
        const char *cells[8] = {
            ucell(&u.waits, un, "waits", -1),
            ucell(&u.waits, un, "median", 1),
            ucell(&u.waits, un, "within_norm_pct", 1),
            ucell(&u.waiting, un, "waiting", -1),
            ucell(&u.waiting, un, "over_norm_waiting", -1),
            ucell(&u.handoffs, un, "handoffs_mean", 2),
            w->have_clients ? ucell(&u.clients, un, "mean", 2) : NULL,
            u.quarter ? ucell(&u.staff, un, "mean", 2) : NULL};
        fprintf(fp, "<tr><td>");
        html_text(fp, *un ? un : "(none)");
        fprintf(fp, "</td>");
        for (size_t j = 0; j < 8; j++) {
            if (!cells[j])
                continue;
            fprintf(fp, "<td>");
            html_text(fp, cells[j]);
            fprintf(fp, "</td>");
        }
        fprintf(fp, "</tr>\n");
    }
    fprintf(fp, "</table>\n<p class=\"sub\">");
    char *note = suppression_note(w, u.quarter != NULL);
    html_text(fp, note);
    free(note);
    fprintf(fp, ".</p>\n");
    unit_tabs_free(&u);
    fprintf(fp, "<footer>Made by cx-weekly %s from the exports in ",
            PACKAGE_VERSION);
    html_text(fp, w->in_arg);
    fprintf(fp, "; the figures are in the CSV files beside this page, "
                "summary.md has the same headlines as text; the files that "
                "name clients are in " PEOPLE "/ (personal data, not for "
                "sharing).</footer>\n</body></html>\n");
    wclose(w, fp, "report.html");

    /* The charts now live in the page. */
    for (size_t i = 0; i < NSERIES; i++)
        if (series[i].svg)
            wremove(w, series[i].svg);
    wremove(w, "chart-funnel.svg");
    wremove(w, "chart-km.svg");
    wremove(w, "chart-map.svg");
    wremove(w, "handoffs.dot");
}

/* ------------------------------------------------------------------ */
/* Into place: the week's folder is exchanged with the new one in one
 * step (renameat2 RENAME_EXCHANGE), so that there is never a moment
 * without a week folder; the old one is then removed. */

static int
exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

static void
into_place(struct weekly *w)
{
    char *final = xasprintf("%s/%s", w->out_dir, w->week_label);
    chmod(w->work, 0755);
    struct stat st;
    if (lstat(final, &st) == 0) {
        if (exchange(w->work, final) != 0) {
            /* A file system without the exchange: move aside, then in. */
            char *old =
                xasprintf("%s/.cx-weekly.%ld.old", w->out_dir, (long)getpid());
            if (rename(final, old) != 0)
                die(EXIT_DATA, "%s: cannot move the old output aside:", final);
            if (rename(w->work, final) != 0) {
                rename(old, final);
                die(EXIT_DATA,
                    "%s: cannot put the new output in place:", final);
            }
            rm_tree(old);
            free(old);
        } else {
            rm_tree(w->work); /* now the old week folder */
        }
    } else if (rename(w->work, final) != 0) {
        die(EXIT_DATA, "%s: cannot put the new output in place:", final);
    }
    free(w->work);
    w->work = NULL;
    free(final);
}

/* ------------------------------------------------------------------ */

static void
parse_args(struct weekly *w, int argc, char **argv)
{
    enum { OPT_MIN_N = 0x100, OPT_PRINT_CONFIG, OPT_STRICT };
    static const struct option longopts[] = {
        {"week", required_argument, NULL, 'w'},
        {"min-n", required_argument, NULL, OPT_MIN_N},
        {"config", required_argument, NULL, 'c'},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "w:c:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            w->week_arg = optarg;
            break;
        case OPT_MIN_N: {
            long long v;
            if (!num_parse_long(optarg, 1, 1000000000, &v))
                usage_error("invalid --min-n '%s': a whole number", optarg);
            w->min_n = v;
            w->min_n_given = true;
            break;
        }
        case 'c':
            w->config = optarg;
            break;
        case OPT_PRINT_CONFIG:
            fputs(default_config, stdout);
            exit(EXIT_OK);
        case OPT_STRICT:
            w->strict = true;
            break;
        case 'h':
            usage(EXIT_OK);
            break;
        case 'V':
            print_version();
        default:
            usage(EXIT_USAGE);
        }
    }
    if (argc - optind != 2)
        usage_error("expected INPUT_DIR and OUTPUT_DIR");
    w->in_arg = argv[optind];
    w->out_arg = argv[optind + 1];
    if (w->week_arg) {
        enum period_kind k;
        int64_t idx;
        char back[16];
        if (!period_parse_label(w->week_arg, &k, &idx) || k != PERIOD_WEEK)
            usage_error("invalid --week '%s': an ISO week such as 2026-W47",
                        w->week_arg);
        period_label(PERIOD_WEEK, idx, back, sizeof back);
        if (strcmp(back, w->week_arg) != 0)
            usage_error("invalid --week '%s': an ISO week such as 2026-W47",
                        w->week_arg);
        w->week = idx;
    }
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    static struct weekly w;
    w.ev_fd = w.cl_fd = w.st_fd = -1;
    parse_args(&w, argc, argv);

    struct stat st;
    if (stat(w.in_arg, &st) != 0 || !S_ISDIR(st.st_mode))
        die(EXIT_DATA, "%s: No such directory", w.in_arg);
    w.in_dir = absolute(w.in_arg);
    load_config(&w);
    mkdir_p(w.out_arg);
    w.out_dir = absolute(w.out_arg);
    clean_stale(w.out_dir);

    w.work = xasprintf("%s/.cx-weekly.%ld.XXXXXX", w.out_dir, (long)getpid());
    if (!mkdtemp(w.work))
        die(EXIT_DATA, "%s: cannot create a temporary folder:", w.out_arg);
    owner_pid = getpid();
    cleanup_w = &w;
    atexit(cleanup);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGHUP, on_signal);
    /* The folder of the lists of people: the owner's only, whatever the
     * umask, and so it stays when the week's folder becomes 0755. */
    char *pp = wpath(&w, PEOPLE);
    if (mkdir(pp, 0700) != 0 || chmod(pp, 0700) != 0)
        die(EXIT_DATA, "%s: cannot create the folder:", pp);
    free(pp);
    char *logp = wpath(&w, "log.txt");
    w.log_fd = open(logp, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (w.log_fd < 0)
        die(EXIT_DATA, "%s:", logp);
    free(logp);
    if (w.lowered) {
        warn("warning: %s", w.lowered);
        dprintf(w.log_fd, "%s: warning: %s\n", prog_name, w.lowered);
    }

    w.spc = tool_exists("cx-spc");
    w.funnel = tool_exists("cx-funnel");
    w.chart = tool_exists("cx-chart");

    w.ev_fd = ingest(&w, "events", "events", "events");
    w.cl_fd = ingest(&w, "clients", "clients", "responses");
    w.st_fd = ingest(&w, "staff", "staff", "responses");
    w.have_clients = w.cl_fd >= 0;
    w.have_staff = w.st_fd >= 0;

    choose_week(&w);
    figures(&w);
    write_summary(&w);
    write_report(&w);

    char *wk = xasprintf("%s\n", w.week_label);
    FILE *fp = wopen(&w, "week.txt");
    fputs(wk, fp);
    wclose(&w, fp, "week.txt");
    free(wk);
    close(w.log_fd);
    into_place(&w);
    fprintf(stderr, "%s: wrote %s/%s\n", prog_name, w.out_arg, w.week_label);
    return EXIT_OK;
}
