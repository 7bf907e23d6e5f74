/* cx-waits: waiting times between two kinds of event, with the clients
 * still waiting counted as censored (Kaplan-Meier), norms, the worklist. */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "disclose.h"
#include "err.h"
#include "events.h"
#include "km.h"
#include "logrank.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "partial.h"
#include "strmap.h"
#include "tool.h"
#include "waits.h"
#include "xalloc.h"

enum mode { MODE_SUMMARY, MODE_LIST, MODE_OPEN, MODE_CURVE, MODE_TEST };

struct waits_opts {
    char **from, **to;
    size_t nfrom, nto;
    bool restart;
    bool censor_last;
    bool has_asof;
    int64_t asof;
    enum mode mode;
    char **group;
    size_t ngroup;
    enum period_kind period;
    bool period_end;
    double *quant;
    size_t nquant;
    bool has_norm;
    int64_t norm;
    bool has_target;
    double target;
    double unit_ms;
    enum km_ci ci;
    bool has_rmst;
    int64_t rmst; /* horizon of the restricted mean */
    char **strata; /* --strata columns (with --test logrank) */
    size_t nstrata;
    struct common_opts co; /* --min-n, --conf, --digits, -o */
    bool partial, merge;   /* cx-partial(5) */
    const char *period_arg;
    const char *finish_opt; /* an option that only shapes the output */
};

/* Groups: the values of the -g columns at the start event, and a period. */
struct groups {
    struct strmap keys; /* "id,id,...;period" -> dense group id */
    size_t *vals;       /* ngroup value ids per group */
    int64_t *period;
    size_t cap;
    size_t *nclients, *last_client; /* distinct clients, for --min-n */
    bool *hidden;                   /* suppressed (--min-n, --disclosure) */
};

static struct evlog log_;
static struct groups grp;
static struct wait *waits;
static size_t nwaits;
static size_t *wgroup; /* group of each wait */

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: %s [OPTION]... [FILE]...\n", prog_name);
    puts("Waiting times between two kinds of event in canonical events CSV:\n"
         "Kaplan-Meier figures per group, clients still waiting counted as\n"
         "censored, norms such as the Treeknorm, and the open worklist.\n"
         "\n"
         "  -f, --from LIST        activities that start a wait (required)\n"
         "  -t, --to LIST          activities that end it (required)\n"
         "      --restart          a --from event while waiting starts the "
         "wait anew\n"
         "      --censor WHEN      censor open waits at 'asof' (default) or "
         "at the\n"
         "                           client's 'last' event\n"
         "      --asof TIME        measure open waits at TIME (default: the "
         "latest\n"
         "                           time in the input; later events are "
         "ignored)\n"
         "      --list             one row per wait\n"
         "      --open             the waits still open, longest first\n"
         "      --curve            the Kaplan-Meier curve per group\n"
         "      --test logrank     log-rank test between the -g groups (per "
         "period)\n"
         "      --strata COLS      stratify the log-rank test by these "
         "columns\n"
         "  -g, --group-by COLS    group by these columns of the start event\n"
         "  -p, --period P         day, week, month, quarter or year\n"
         "      --period-of WHICH  bucket by the 'start' (default) or 'end' "
         "time\n"
         "      --quantiles LIST   quantile columns (default 0.5,0.9)\n"
         "      --norm DURATION    a maximum wait such as 4w, 42d, 36h or "
         "90min\n"
         "      --target PCT       share within the norm to meet (0-100)\n"
         "      --rmst DURATION    restricted mean wait up to DURATION, with "
         "its se\n"
         "                           and interval\n"
         "      --unit U           minutes, hours, days (default) or weeks\n"
         "      --conf L           confidence level (default 0.95)\n"
         "      --conf-type T      log (default), log-log or plain\n"
         "      --min-n N          suppress groups with fewer than N clients "
         "(0: none)\n"
         "      --disclosure P     disclosure profile: default (5, used when "
         "neither\n"
         "                           option is given), staff (10), opensafely "
         "(<= 7\n"
         "                           redacted, counts rounded to 5) or none "
         "(inside\n"
         "                           the secure environment only)\n"
         "      --digits N         significant digits (default 10)\n"
         "      --partial          write the waits found, to merge later "
         "(see\n"
         "                           cx-partial(5)), not the figures\n"
         "      --merge            FILEs are partials: merge them and write "
         "what\n"
         "                           one run over all their input would "
         "write\n"
         "  -o, --output FILE      write FILE atomically\n"
         "  -h, --help             display this help and exit\n"
         "  -V, --version          output version information and exit\n"
         "\n"
         "Exit status: 0 success, 1 bad input data or a read or write error,\n"
         "2 bad command line.\n"
         "\n"
         "Example: referral to first appointment per unit and month, "
         "Treeknorm:\n"
         "  cx-waits --from referral --to appointment -g unit -p month \\\n"
         "           --norm 4w --target 80 events.csv");
    exit(EXIT_OK);
}

static double *
parse_quantiles(const char *arg, size_t *n)
{
    char **items = opt_list("--quantiles", arg, n);
    double *q = xreallocarray(NULL, *n, sizeof *q);
    for (size_t i = 0; i < *n; i++) {
        if (!num_parse(items[i], &q[i]) || !(q[i] > 0 && q[i] < 1))
            usage_error("invalid --quantiles '%s': each a number between 0 "
                        "and 1, such as 0.5,0.9",
                        arg);
        for (size_t j = 0; j < i; j++)
            if (q[j] == q[i])
                usage_error("invalid --quantiles '%s': '%s' given twice", arg,
                            items[i]);
    }
    opts_free_list(items, *n);
    return q;
}

static void
parse_args(int argc, char **argv, struct waits_opts *o)
{
    enum {
        OPT_RESTART = 256,
        OPT_CENSOR,
        OPT_ASOF,
        OPT_LIST,
        OPT_OPEN,
        OPT_CURVE,
        OPT_PERIOD_OF,
        OPT_QUANTILES,
        OPT_NORM,
        OPT_TARGET,
        OPT_UNIT,
        OPT_CONF_TYPE,
        OPT_TEST,
        OPT_STRATA,
        OPT_RMST,
        OPT_PARTIAL,
        OPT_MERGE,
    };
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"restart", no_argument, NULL, OPT_RESTART},
        {"censor", required_argument, NULL, OPT_CENSOR},
        {"asof", required_argument, NULL, OPT_ASOF},
        {"list", no_argument, NULL, OPT_LIST},
        {"open", no_argument, NULL, OPT_OPEN},
        {"curve", no_argument, NULL, OPT_CURVE},
        {"test", required_argument, NULL, OPT_TEST},
        {"strata", required_argument, NULL, OPT_STRATA},
        {"group-by", required_argument, NULL, 'g'},
        {"period", required_argument, NULL, 'p'},
        {"period-of", required_argument, NULL, OPT_PERIOD_OF},
        {"quantiles", required_argument, NULL, OPT_QUANTILES},
        {"norm", required_argument, NULL, OPT_NORM},
        {"target", required_argument, NULL, OPT_TARGET},
        {"rmst", required_argument, NULL, OPT_RMST},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"conf", required_argument, NULL, OPT_COMMON_CONF},
        {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
        {"min-n", required_argument, NULL, OPT_COMMON_MIN_N},
        {"disclosure", required_argument, NULL, OPT_COMMON_DISCLOSURE},
        {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
        {"partial", no_argument, NULL, OPT_PARTIAL},
        {"merge", no_argument, NULL, OPT_MERGE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c, nmodes = 0;
    bool has_period_of = false;
    o->unit_ms = (double)MS_PER_DAY;
    common_opts_init(&o->co);
    while ((c = getopt_long(argc, argv, "f:t:g:p:o:hV", longopts, NULL)) !=
           -1) {
        switch (c) {
        case OPT_PARTIAL:
            o->partial = true;
            break;
        case OPT_MERGE:
            o->merge = true;
            break;
        case OPT_LIST:
            o->finish_opt = "--list";
            break;
        case OPT_OPEN:
            o->finish_opt = "--open";
            break;
        case OPT_CURVE:
            o->finish_opt = "--curve";
            break;
        case OPT_QUANTILES:
            o->finish_opt = "--quantiles";
            break;
        case OPT_NORM:
            o->finish_opt = "--norm";
            break;
        case OPT_TARGET:
            o->finish_opt = "--target";
            break;
        case OPT_UNIT:
            o->finish_opt = "--unit";
            break;
        case OPT_CONF_TYPE:
            o->finish_opt = "--conf-type";
            break;
        case OPT_COMMON_MIN_N:
            o->finish_opt = "--min-n";
            break;
        case OPT_COMMON_CONF:
            o->finish_opt = "--conf";
            break;
        case OPT_COMMON_DIGITS:
            o->finish_opt = "--digits";
            break;
        case OPT_COMMON_DISCLOSURE:
            o->finish_opt = "--disclosure";
            break;
        case OPT_TEST:
            o->finish_opt = "--test";
            break;
        case OPT_RMST:
            o->finish_opt = "--rmst";
            break;
        }
        switch (c) {
        case OPT_PARTIAL:
        case OPT_MERGE:
            break;
        case 'f':
            o->from = opt_list_append("--from", optarg, o->from, &o->nfrom);
            break;
        case 't':
            o->to = opt_list_append("--to", optarg, o->to, &o->nto);
            break;
        case OPT_RESTART:
            o->restart = true;
            break;
        case OPT_CENSOR:
            if (strcmp(optarg, "last") == 0)
                o->censor_last = true;
            else if (strcmp(optarg, "asof") == 0)
                o->censor_last = false;
            else
                usage_error("invalid --censor '%s': asof or last", optarg);
            break;
        case OPT_ASOF:
            o->asof = opt_time("--asof", optarg);
            o->has_asof = true;
            break;
        case OPT_TEST:
            if (strcmp(optarg, "logrank") != 0)
                usage_error("invalid --test '%s': logrank", optarg);
            o->mode = MODE_TEST;
            nmodes++;
            break;
        case OPT_STRATA:
            opts_free_list(o->strata, o->nstrata);
            o->strata = opt_list("--strata", optarg, &o->nstrata);
            break;
        case OPT_RMST:
            o->rmst = opt_duration("--rmst", optarg);
            o->has_rmst = true;
            break;
        case OPT_LIST:
        case OPT_OPEN:
        case OPT_CURVE:
            o->mode = c == OPT_LIST   ? MODE_LIST
                      : c == OPT_OPEN ? MODE_OPEN
                                      : MODE_CURVE;
            nmodes++;
            break;
        case 'g':
            opts_free_list(o->group, o->ngroup);
            o->group = opt_list("--group-by", optarg, &o->ngroup);
            break;
        case 'p':
            o->period = opt_period(optarg);
            o->period_arg = optarg;
            break;
        case OPT_PERIOD_OF:
            if (strcmp(optarg, "start") == 0)
                o->period_end = false;
            else if (strcmp(optarg, "end") == 0)
                o->period_end = true;
            else
                usage_error("invalid --period-of '%s': start or end", optarg);
            has_period_of = true;
            break;
        case OPT_QUANTILES:
            free(o->quant);
            o->quant = parse_quantiles(optarg, &o->nquant);
            break;
        case OPT_NORM:
            o->norm = opt_duration("--norm", optarg);
            o->has_norm = true;
            break;
        case OPT_TARGET:
            o->target = opt_double("--target", optarg, 0, 100);
            o->has_target = true;
            break;
        case OPT_UNIT:
            o->unit_ms = opt_unit(optarg);
            break;
        case OPT_CONF_TYPE:
            if (!km_ci_parse(optarg, &o->ci))
                usage_error("invalid --conf-type '%s': log, log-log or plain",
                            optarg);
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
    if (!o->nfrom || !o->nto)
        usage_error("--from and --to are required");
    if (nmodes > 1)
        usage_error("choose one of --list, --open, --curve and --test");
    if (o->mode == MODE_TEST && !o->ngroup)
        usage_error("--test logrank compares groups: give them with -g COLS");
    if (o->nstrata && o->mode != MODE_TEST)
        usage_error("--strata needs --test logrank");
    if (o->has_rmst && o->mode != MODE_SUMMARY)
        usage_error("--rmst is a column of the summary; it does not combine "
                    "with --list, --open, --curve or --test");
    if (o->mode == MODE_TEST && (o->has_norm || o->co.min_n))
        usage_error("--test reports the test, not the summary: --norm, "
                    "--target and --min-n do not apply");
    if (o->partial && o->merge)
        usage_error("--partial and --merge cannot be combined");
    if ((o->partial || o->merge) && o->nstrata)
        usage_error("--strata reads columns that a partial does not hold: "
                    "run --test logrank --strata on the events");
    if (o->partial && o->finish_opt)
        usage_error("%s shapes the output: give it with --merge, not "
                    "--partial",
                    o->finish_opt);
    if (o->mode == MODE_OPEN && o->censor_last)
        usage_error("--open lists waits open at --asof; it does not combine "
                    "with --censor last");
    if (has_period_of && o->period == PERIOD_NONE)
        usage_error("--period-of needs -p");
    if (o->mode == MODE_OPEN && o->period_end)
        usage_error("--open lists waits that have no end; it does not "
                    "combine with --period-of end");
    if (o->has_target && !o->has_norm)
        usage_error("--target needs --norm");
    if (o->co.min_n && (o->mode == MODE_LIST || o->mode == MODE_OPEN))
        usage_error("--min-n and --disclosure apply to the summary and "
                    "--curve, which report per group");
    if (o->co.disc.round_to && o->mode == MODE_CURVE)
        usage_error("--curve gives the counts of single steps: it cannot "
                    "be rounded as --disclosure %s asks",
                    o->co.disc.profile);
    common_disclosure_default(&o->co, !o->partial &&
                                          (o->mode == MODE_SUMMARY ||
                                           o->mode == MODE_CURVE));
    if (!o->quant) {
        static const double dflt[] = {0.5, 0.9};
        o->nquant = 2;
        o->quant = xreallocarray(NULL, 2, sizeof *o->quant);
        memcpy(o->quant, dflt, sizeof dflt);
    }
}

/* The group of -g value ids vals and period pidx, added when new. */
static size_t
group_of_vals(const struct waits_opts *o, const size_t *vals, int64_t pidx)
{
    static char *key;
    static size_t keycap;
    size_t len = 0;
    for (size_t k = 0; k <= o->ngroup; k++) {
        XGROW(key, keycap, len + 48);
        len += (size_t)(k < o->ngroup
                            ? snprintf(key + len, 48, "%zu,", vals[k])
                            : snprintf(key + len, 48, ";%" PRId64, pidx));
    }
    bool added;
    size_t id = strmap_intern(&grp.keys, key, len, &added);
    if (added) {
        XGROW(grp.period, grp.cap, grp.keys.n);
        grp.vals = xreallocarray(grp.vals, grp.cap * (o->ngroup + 1),
                                 sizeof *grp.vals);
        grp.nclients = xreallocarray(grp.nclients, grp.cap, sizeof(size_t));
        grp.last_client =
            xreallocarray(grp.last_client, grp.cap, sizeof(size_t));
        for (size_t k = 0; k < o->ngroup; k++)
            grp.vals[id * o->ngroup + k] = vals[k];
        grp.period[id] = pidx;
        grp.nclients[id] = 0;
        grp.last_client[id] = (size_t)-1;
    }
    return id;
}

/* The group of a wait whose start event is input row seq, with the period
 * of time pt (its start or its end). */
static size_t
group_of(const struct waits_opts *o, size_t seq, int64_t pt)
{
    int64_t pidx = o->period ? period_index(o->period, pt) : 0;
    return group_of_vals(o, log_.vals + seq * log_.ncols + 1, pidx);
}

/* Finds the waits, reports what was left out, and assigns the groups. */
static void
find_waits(const struct waits_opts *o, const bool *is_from, const bool *is_to,
           int64_t asof, const struct waits_filter *filter)
{
    struct waits_rule rule = {.is_from = is_from,
                              .is_to = is_to,
                              .act_col = 0,
                              .restart = o->restart,
                              .censor_last = o->censor_last,
                              .asof = asof,
                              .filter = filter};
    struct waits_report rep;
    waits = waits_find(&log_, &rule, &nwaits, &rep);
    if (rep.unmatched)
        warn("%zu --to event%s without an open wait ignored", rep.unmatched,
             rep.unmatched == 1 ? "" : "s");
    if (rep.late)
        warn("%zu event%s after --asof ignored", rep.late,
             rep.late == 1 ? "" : "s");
    if (rep.mixed)
        warn("%zu event%s at the time of the client's previous event; at %zu "
             "instant%s, in %zu client%s, a --from and a --to event share "
             "their time and pair in the input's row order, which decides "
             "the %zu wait%s starting or ending there",
             rep.tied, rep.tied == 1 ? "" : "s", rep.mixed,
             rep.mixed == 1 ? "" : "s", rep.mixed_clients,
             rep.mixed_clients == 1 ? "" : "s", rep.mixed_waits,
             rep.mixed_waits == 1 ? "" : "s");
    size_t kept = 0;
    for (size_t i = 0; i < nwaits; i++)
        if (waits[i].ended || !o->period_end)
            waits[kept++] = waits[i];
    if (kept < nwaits)
        warn("%zu wait%s without an end left out: --period-of end counts "
             "completed waits only",
             nwaits - kept, nwaits - kept == 1 ? "" : "s");
    nwaits = kept;
    wgroup = xreallocarray(NULL, nwaits + 1, sizeof *wgroup);
    for (size_t i = 0; i < nwaits; i++) {
        const struct wait *w = &waits[i];
        size_t g = group_of(o, w->start_seq, o->period_end ? w->end : w->start);
        wgroup[i] = g;
        /* Waits come client by client: a new client in a group is one not
         * seen last. */
        if (grp.last_client[g] != w->client) {
            grp.last_client[g] = w->client;
            grp.nclients[g]++;
        }
    }
}

/* Group order: -g values in byte order, then period. */
static size_t ngroup_cols;

static int
cmp_group(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    for (size_t k = 0; k < ngroup_cols; k++) {
        int c = strcmp(log_.values.strs[grp.vals[x * ngroup_cols + k]],
                       log_.values.strs[grp.vals[y * ngroup_cols + k]]);
        if (c)
            return c;
    }
    if (grp.period[x] != grp.period[y])
        return grp.period[x] < grp.period[y] ? -1 : 1;
    return 0;
}

/* The -g values and period index of group g, as a partial holds them. */
static void
write_keys_values(struct csvw *w, const struct waits_opts *o, size_t g)
{
    for (size_t k = 0; k < o->ngroup; k++)
        csvw_str(w, log_.values.strs[grp.vals[g * o->ngroup + k]]);
    if (o->period)
        csvw_int(w, grp.period[g]);
}

static void
write_keys(struct csvw *w, const struct waits_opts *o, size_t g)
{
    for (size_t k = 0; k < o->ngroup; k++)
        csvw_str(w, log_.values.strs[grp.vals[g * o->ngroup + k]]);
    if (o->period) {
        char buf[32];
        period_label(o->period, grp.period[g], buf, sizeof buf);
        csvw_str(w, buf);
    }
}

static void
write_key_header(struct csvw *w, const struct waits_opts *o, bool client)
{
    if (client)
        csvw_str(w, "client");
    for (size_t k = 0; k < o->ngroup; k++)
        csvw_str(w, o->group[k]);
    if (o->period)
        csvw_str(w, "period");
}

static void
quantile_name(double p, char *buf, size_t size)
{
    if (p == 0.5) {
        snprintf(buf, size, "median");
        return;
    }
    char num[40];
    num_format(p * 100, 10, num, sizeof num);
    snprintf(buf, size, "p%s", num);
}

static void
summary_header(struct csvw *w, const struct waits_opts *o)
{
    write_key_header(w, o, false);
    csvw_str(w, "waits");
    if (o->co.min_n)
        csvw_str(w, "clients");
    csvw_str(w, "completed");
    csvw_str(w, "waiting");
    csvw_str(w, "mean");
    if (o->has_rmst) {
        csvw_str(w, "rmst");
        csvw_str(w, "rmst_se");
        csvw_str(w, "rmst_lo");
        csvw_str(w, "rmst_hi");
    }
    for (size_t j = 0; j < o->nquant; j++) {
        char name[64], ext[72];
        quantile_name(o->quant[j], name, sizeof name);
        csvw_str(w, name);
        snprintf(ext, sizeof ext, "%s_lo", name);
        csvw_str(w, ext);
        snprintf(ext, sizeof ext, "%s_hi", name);
        csvw_str(w, ext);
    }
    csvw_str(w, "max");
    if (o->has_norm) {
        csvw_str(w, "within_norm_pct");
        csvw_str(w, "within_norm_pct_lo");
        csvw_str(w, "within_norm_pct_hi");
        csvw_str(w, "over_norm_waiting");
    }
    if (o->has_target)
        csvw_str(w, "meets_target");
    if (o->co.min_n)
        csvw_str(w, "suppressed");
    csvw_end(w);
}

/* Number of figure columns after the counts, for suppressed rows. */
static size_t
summary_figures(const struct waits_opts *o)
{
    return 3 + (o->has_rmst ? 4 : 0) + 3 * o->nquant + 1 +
           (o->has_norm ? 4 : 0) +
           (o->has_target ? 1 : 0);
}

static void
summary_row(struct csvw *w, const struct waits_opts *o, size_t g,
            const struct wait *const *ws, size_t n, struct km_obs *obs)
{
    const struct disclosure *d = &o->co.disc;
    write_keys(w, o, g);
    if (o->co.min_n && grp.hidden[g]) {
        for (int k = 0; k < 2; k++)
            if (d->redact_counts)
                csvw_empty(w);
            else
                csvw_int(w, (long long)(k ? grp.nclients[g] : n));
        for (size_t k = summary_figures(o); k > 0; k--)
            csvw_empty(w);
        csvw_int(w, 1);
        csvw_end(w);
        return;
    }
    csvw_int(w, disclosure_round(d, (long long)n));
    if (o->co.min_n)
        csvw_int(w, disclosure_round(d, (long long)grp.nclients[g]));
    size_t done = 0, over_waiting = 0;
    double sum = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t len = ws[i]->end - ws[i]->start;
        obs[i].t = (double)len;
        obs[i].event = ws[i]->ended;
        if (ws[i]->ended) {
            done++;
            sum += (double)len;
        } else if (o->has_norm && len > o->norm) {
            over_waiting++;
        }
        if (i == 0 || (double)len > max)
            max = (double)len;
    }
    struct km km;
    km_fit(&km, obs, n, o->ci, o->co.conf);
    csvw_int(w, disclosure_round(d, (long long)done));
    csvw_int(w, disclosure_round(d, (long long)(n - done)));
    csvw_num(w, done ? sum / (double)done / o->unit_ms : NAN);
    if (o->has_rmst) {
        double m, se;
        km_rmst(&km, (double)o->rmst, &m, &se);
        csvw_num(w, m / o->unit_ms);
        csvw_num(w, se / o->unit_ms);
        csvw_num(w, (m - km.z * se) / o->unit_ms);
        csvw_num(w, (m + km.z * se) / o->unit_ms);
    }
    double *q = xreallocarray(NULL, 3 * o->nquant, sizeof *q);
    km_quantiles(&km, o->quant, o->nquant, q, q + o->nquant, q + 2 * o->nquant);
    /* Rounded counts: intervals and Kaplan-Meier shares need the exact
     * numbers at risk, so they are left out (see the man page). */
    bool exact = d->round_to == 0;
    for (size_t j = 0; j < o->nquant; j++)
        for (size_t k = 0; k < 3; k++)
            csvw_num(w,
                     k == 0 || exact ? q[k * o->nquant + j] / o->unit_ms : NAN);
    free(q);
    csvw_num(w, max / o->unit_ms);
    if (o->has_norm) {
        double lo, hi, s = km_surv_at(&km, (double)o->norm, &lo, &hi);
        if (!exact)
            s = lo = hi = NAN;
        double pct = 100 * (1 - s);
        csvw_num(w, pct);
        csvw_num(w, 100 * (1 - hi));
        csvw_num(w, 100 * (1 - lo));
        csvw_int(w, disclosure_round(d, (long long)over_waiting));
        if (o->has_target) {
            if (isnan(pct))
                csvw_empty(w);
            else
                csvw_int(w, pct >= o->target);
        }
    }
    if (o->co.min_n)
        csvw_int(w, 0);
    csvw_end(w);
    km_free(&km);
}

static void
curve_rows(struct csvw *w, const struct waits_opts *o, size_t g,
           const struct wait *const *ws, size_t n, struct km_obs *obs)
{
    if (o->co.min_n && grp.hidden[g]) {
        write_keys(w, o, g);
        csvw_empty(w);
        csvw_int(w, (long long)n);
        for (int k = 0; k < 5; k++)
            csvw_empty(w);
        csvw_int(w, 1);
        csvw_end(w);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        obs[i].t = (double)(ws[i]->end - ws[i]->start);
        obs[i].event = ws[i]->ended;
    }
    struct km km;
    km_fit(&km, obs, n, o->ci, o->co.conf);
    for (size_t i = 0; i < km.n; i++) {
        const struct km_step *s = &km.s[i];
        write_keys(w, o, g);
        csvw_num(w, s->t / o->unit_ms);
        csvw_int(w, (long long)s->at_risk);
        csvw_int(w, (long long)s->events);
        csvw_int(w, (long long)s->censored);
        csvw_num(w, s->surv);
        csvw_num(w, s->lo);
        csvw_num(w, s->hi);
        if (o->co.min_n)
            csvw_int(w, 0);
        csvw_end(w);
    }
    km_free(&km);
}

/* Primary and complementary suppression over the -g columns and the
 * period, cells in output order (so that ties go to the first shown). */
static void
hide_groups(const struct waits_opts *o, const size_t *order, size_t ng)
{
    size_t nd = o->ngroup + 1;
    size_t *keys = xreallocarray(NULL, (ng + 1) * nd, sizeof *keys);
    size_t *count = xreallocarray(NULL, ng + 1, sizeof *count);
    bool *hidden = xcalloc(ng + 1, sizeof *hidden);
    for (size_t r = 0; r < ng; r++) {
        size_t g = order[r];
        for (size_t k = 0; k < o->ngroup; k++)
            keys[r * nd + k] = grp.vals[g * o->ngroup + k];
        keys[r * nd + o->ngroup] = (size_t)grp.period[g];
        count[r] = grp.nclients[g];
    }
    disclosure_cells(&o->co.disc, ng, nd, o->period ? nd : o->ngroup, keys,
                     count, hidden);
    for (size_t r = 0; r < ng; r++)
        grp.hidden[order[r]] = hidden[r];
    free(keys);
    free(count);
    free(hidden);
}

/* Summary and --curve: the waits of each group, groups in key order. */
static void
write_groups(struct csvw *w, const struct waits_opts *o)
{
    if (o->mode == MODE_SUMMARY) {
        summary_header(w, o);
    } else {
        write_key_header(w, o, false);
        static const char *cols[] = {
            "time", "at_risk", "events", "censored", "survival", "lo", "hi"};
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            csvw_str(w, cols[k]);
        if (o->co.min_n)
            csvw_str(w, "suppressed");
        csvw_end(w);
    }
    size_t ng = grp.keys.n;
    size_t *first = xcalloc(ng + 1, sizeof *first);
    for (size_t i = 0; i < nwaits; i++)
        first[wgroup[i] + 1]++;
    for (size_t g = 0; g < ng; g++)
        first[g + 1] += first[g];
    const struct wait **by = xreallocarray(NULL, nwaits + 1, sizeof *by);
    size_t *fill = xcalloc(ng + 1, sizeof *fill);
    for (size_t i = 0; i < nwaits; i++) {
        size_t g = wgroup[i];
        by[first[g] + fill[g]++] = &waits[i];
    }
    size_t *order = xreallocarray(NULL, ng + 1, sizeof *order);
    for (size_t g = 0; g < ng; g++)
        order[g] = g;
    ngroup_cols = o->ngroup;
    qsort(order, ng, sizeof *order, cmp_group);
    grp.hidden = xcalloc(ng + 1, sizeof *grp.hidden);
    if (o->co.min_n)
        hide_groups(o, order, ng);
    struct km_obs *obs = xreallocarray(NULL, nwaits + 1, sizeof *obs);
    for (size_t k = 0; k < ng; k++) {
        size_t g = order[k], n = first[g + 1] - first[g];
        if (o->mode == MODE_SUMMARY)
            summary_row(w, o, g, by + first[g], n, obs);
        else
            curve_rows(w, o, g, by + first[g], n, obs);
    }
    free(obs);
    free(order);
    free(fill);
    free(by);
    free(first);
}

/* --test: period first (each period is one comparison), then -g. */
static int
cmp_test(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (grp.period[x] != grp.period[y])
        return grp.period[x] < grp.period[y] ? -1 : 1;
    return cmp_group(a, b);
}

/* The stratum of a wait: its --strata values at the start event. */
static size_t
stratum_of(const struct waits_opts *o, struct strmap *sm, const struct wait *x)
{
    char key[24 * o->nstrata + 1];
    size_t len = 0;
    for (size_t k = 0; k < o->nstrata; k++) {
        size_t v = log_.vals[x->start_seq * log_.ncols + 1 + o->ngroup + k];
        len += (size_t)snprintf(key + len, 24, "%zu,", v);
    }
    bool added;
    return strmap_intern(sm, key, len, &added);
}

/* --test logrank: one comparison of the -g groups per period, a row per
 * group with its observed and expected ends and the test's figures. */
static void
write_test(struct csvw *w, const struct waits_opts *o)
{
    write_key_header(w, o, false);
    static const char *cols[] = {"waits", "observed", "expected",
                                 "chisq", "df",       "p"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        csvw_str(w, cols[k]);
    csvw_end(w);
    size_t ng = grp.keys.n;
    size_t *order = xreallocarray(NULL, ng + 1, sizeof *order);
    for (size_t g = 0; g < ng; g++)
        order[g] = g;
    ngroup_cols = o->ngroup;
    qsort(order, ng, sizeof *order, cmp_test);
    /* Block (period) and index within it of every group. */
    size_t *block = xcalloc(ng + 1, sizeof *block);
    size_t *local = xcalloc(ng + 1, sizeof *local);
    size_t *bstart = xcalloc(ng + 2, sizeof *bstart), nb = 0;
    for (size_t k = 0; k < ng; k++) {
        if (k == 0 || grp.period[order[k]] != grp.period[order[k - 1]])
            bstart[nb++] = k;
        block[order[k]] = nb - 1;
        local[order[k]] = k - bstart[nb - 1];
    }
    bstart[nb] = ng;
    size_t *first = xcalloc(nb + 2, sizeof *first);
    for (size_t i = 0; i < nwaits; i++)
        first[block[wgroup[i]] + 1]++;
    for (size_t b = 0; b < nb; b++)
        first[b + 1] += first[b];
    struct lr_obs *obs = xreallocarray(NULL, nwaits + 1, sizeof *obs);
    size_t *fill = xcalloc(nb + 1, sizeof *fill);
    struct strmap sm;
    strmap_init(&sm);
    for (size_t i = 0; i < nwaits; i++) {
        size_t b = block[wgroup[i]];
        struct lr_obs *ob = &obs[first[b] + fill[b]++];
        ob->t = (double)(waits[i].end - waits[i].start);
        ob->event = waits[i].ended;
        ob->group = local[wgroup[i]];
        ob->stratum = o->nstrata ? stratum_of(o, &sm, &waits[i]) : 0;
    }
    for (size_t b = 0; b < nb; b++) {
        struct logrank lr;
        size_t G = bstart[b + 1] - bstart[b];
        logrank_test(obs + first[b], first[b + 1] - first[b], G, &lr);
        for (size_t k = 0; k < G; k++) {
            write_keys(w, o, order[bstart[b] + k]);
            csvw_int(w, (long long)lr.n[k]);
            csvw_num(w, lr.observed[k]);
            csvw_num(w, lr.expected[k]);
            csvw_num(w, lr.chisq);
            csvw_num(w, lr.df);
            csvw_num(w, lr.p);
            csvw_end(w);
        }
        logrank_free(&lr);
    }
    strmap_free(&sm);
    free(obs);
    free(fill);
    free(first);
    free(bstart);
    free(local);
    free(block);
    free(order);
}

static int
cmp_open(const void *a, const void *b)
{
    const struct wait *x = *(const struct wait *const *)a;
    const struct wait *y = *(const struct wait *const *)b;
    int64_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    int c = strcmp(log_.clients.strs[x->client], log_.clients.strs[y->client]);
    if (c)
        return c;
    return x < y ? -1 : x > y;
}

/* --list and --open: one row per wait. */
static void
write_waits(struct csvw *w, const struct waits_opts *o)
{
    bool list = o->mode == MODE_LIST;
    write_key_header(w, o, true);
    csvw_str(w, "start");
    if (list)
        csvw_str(w, "end");
    csvw_str(w, list ? "wait" : "waited");
    if (list)
        csvw_str(w, "censored");
    if (o->has_norm)
        csvw_str(w, "over_norm");
    csvw_end(w);
    const struct wait **rows = xreallocarray(NULL, nwaits + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < nwaits; i++)
        if (list || !waits[i].ended)
            rows[n++] = &waits[i];
    if (!list)
        qsort(rows, n, sizeof *rows, cmp_open);
    char buf[40];
    for (size_t i = 0; i < n; i++) {
        const struct wait *x = rows[i];
        csvw_str(w, log_.clients.strs[x->client]);
        write_keys(w, o, wgroup[x - waits]);
        time_format(x->start, log_.all_dates, false, buf, sizeof buf);
        csvw_str(w, buf);
        if (list) {
            if (x->ended)
                time_format(x->end, log_.all_dates, false, buf, sizeof buf);
            csvw_str(w, x->ended ? buf : "");
        }
        int64_t len = x->end - x->start;
        csvw_num(w, (double)len / o->unit_ms);
        if (list)
            csvw_int(w, !x->ended);
        if (o->has_norm)
            csvw_int(w, len > o->norm);
        csvw_end(w);
    }
    free(rows);
}

/* --partial and --merge (cx-partial(5)): the state is every wait found
 * (client, group, period, start, end, whether it ended) and, of the input,
 * its latest time and whether every time was a date. Waits open at the
 * default --asof (the latest time of the input) are censored again at the
 * latest time of all partials when merged. */

#define TOOL "cx-waits"

static char *
join_list(char *const *v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *s = xmalloc(len);
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ",");
        strcat(s, v[i]);
    }
    return s;
}

/* The options that change which waits are found and how they are
 * grouped; the others shape the output and are given to --merge. */
static void
fingerprint(const struct waits_opts *o, struct partial_fp *fp)
{
    char buf[32];
    partial_fp_init(fp);
    char *l = join_list(o->from, o->nfrom);
    partial_fp_add(fp, "from", l);
    free(l);
    l = join_list(o->to, o->nto);
    partial_fp_add(fp, "to", l);
    free(l);
    partial_fp_add(fp, "restart", o->restart ? "yes" : "no");
    partial_fp_add(fp, "censor", o->censor_last ? "last" : "asof");
    if (o->has_asof)
        snprintf(buf, sizeof buf, "%" PRId64, o->asof);
    partial_fp_add(fp, "asof", o->has_asof ? buf : NULL);
    l = join_list(o->group, o->ngroup);
    partial_fp_add(fp, "group-by", l);
    free(l);
    partial_fp_add(fp, "period", o->period_arg);
    partial_fp_add(fp, "period-of", o->period_end ? "end" : "start");
}

/* Columns after the frame: record, client, the -g columns, period_index
 * (with -p), start, end, ended, open_at_latest, latest, all_dates. */
static char **
part_header(const struct waits_opts *o, size_t *n)
{
    *n = 5 + o->ngroup + (o->period != PERIOD_NONE) + 6;
    char **h = xcalloc(*n, sizeof *h);
    size_t j = 0;
    h[j++] = "tool";
    h[j++] = "format";
    h[j++] = "options";
    h[j++] = "record";
    h[j++] = "client";
    for (size_t k = 0; k < o->ngroup; k++)
        h[j++] = o->group[k];
    if (o->period != PERIOD_NONE)
        h[j++] = "period_index";
    h[j++] = "start";
    h[j++] = "end";
    h[j++] = "ended";
    h[j++] = "open_at_latest";
    h[j++] = "latest";
    h[j++] = "all_dates";
    return h;
}

static void
write_partial(const struct waits_opts *o)
{
    struct partial_fp fp;
    fingerprint(o, &fp);
    FILE *out = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, out, 17);
    size_t nh;
    char **h = part_header(o, &nh);
    csvw_row(&w, h, nh);
    free(h);
    /* The input: its latest time (none when it had no record). */
    partial_row_start(&w, TOOL, &fp);
    csvw_str(&w, "input");
    for (size_t k = 0; k < 1 + o->ngroup + (o->period != PERIOD_NONE) + 4; k++)
        csvw_empty(&w);
    if (log_.nread)
        csvw_int(&w, log_.tmax);
    else
        csvw_empty(&w);
    csvw_int(&w, log_.all_dates);
    csvw_end(&w);
    bool reopen = !o->has_asof && !o->censor_last;
    for (size_t i = 0; i < nwaits; i++) {
        const struct wait *x = &waits[i];
        size_t g = wgroup[i];
        partial_row_start(&w, TOOL, &fp);
        csvw_str(&w, "wait");
        csvw_str(&w, log_.clients.strs[x->client]);
        write_keys_values(&w, o, g);
        csvw_int(&w, x->start);
        csvw_int(&w, x->end);
        csvw_int(&w, x->ended);
        csvw_int(&w, !x->ended && reopen);
        csvw_empty(&w);
        csvw_empty(&w);
        csvw_end(&w);
    }
    outfile_commit();
    partial_fp_free(&fp);
}

/* One wait read from a partial, before the merge orders them. */
struct mwait {
    struct wait w;
    size_t *vals; /* ngroup value ids in log_.values */
    int64_t pidx;
    bool reopen;
    size_t file, row;
};

static int
cmp_mwait(const void *a, const void *b)
{
    const struct mwait *x = a, *y = b;
    int c =
        strcmp(log_.clients.strs[x->w.client], log_.clients.strs[y->w.client]);
    if (c)
        return c;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static int64_t
part_int(const struct csvin *in, size_t col, const char *name)
{
    long long v;
    if (!num_parse_long(in->f[col], LLONG_MIN, LLONG_MAX, &v))
        die_at(in->file, in->line, "damaged partial: bad %s '%s'", name,
               in->f[col]);
    return (int64_t)v;
}

/* Reads the partials into log_ (clients, values, latest time), waits and
 * their groups, exactly as one run would have found them. */
static void
read_partials(const struct waits_opts *o, char **files, size_t nfiles)
{
    if (nfiles == 0)
        usage_error("--merge needs the partial files as operands");
    struct partial_fp fp;
    fingerprint(o, &fp);
    strmap_init(&log_.clients);
    strmap_init(&log_.values);
    strmap_init(&grp.keys);
    log_.all_dates = true;
    bool any = false;
    struct mwait *mw = NULL;
    size_t nmw = 0, mwcap = 0;
    size_t per = o->ngroup + (o->period != PERIOD_NONE);
    for (size_t fi = 0; fi < nfiles; fi++) {
        struct csvin in;
        csvin_open(&in, &files[fi], 1);
        partial_check_header(&in.hdr, in.file);
        size_t nh;
        char **h = part_header(o, &nh);
        bool same = in.hdr.n == nh;
        for (size_t i = 0; same && i < nh; i++)
            same = strcmp(in.hdr.names[i], h[i]) == 0;
        free(h);
        size_t row = 0, c0 = 5 + per;
        while (csvin_next(&in)) {
            partial_check(in.file, in.line, in.f, TOOL, &fp);
            if (!same)
                break;
            const char *kind = in.f[3];
            if (strcmp(kind, "input") == 0) {
                if (*in.f[c0 + 4]) {
                    int64_t t = part_int(&in, c0 + 4, "latest");
                    if (!any || t > log_.tmax)
                        log_.tmax = t;
                    any = true;
                    log_.all_dates &= part_int(&in, c0 + 5, "all_dates") != 0;
                }
                continue;
            }
            if (strcmp(kind, "wait") != 0)
                die_at(in.file, in.line,
                       "damaged partial: unknown record "
                       "'%s'",
                       kind);
            if (!*in.f[4])
                die_at(in.file, in.line, "damaged partial: empty client");
            XGROW(mw, mwcap, nmw + 1);
            struct mwait *m = &mw[nmw++];
            m->w.client = strmap_add(&log_.clients, in.f[4]);
            m->vals = xcalloc(o->ngroup + 1, sizeof *m->vals);
            for (size_t k = 0; k < o->ngroup; k++)
                m->vals[k] = strmap_add(&log_.values, in.f[5 + k]);
            m->pidx = o->period != PERIOD_NONE
                          ? part_int(&in, 5 + o->ngroup, "period_index")
                          : 0;
            m->w.start = part_int(&in, c0, "start");
            m->w.end = part_int(&in, c0 + 1, "end");
            m->w.ended = part_int(&in, c0 + 2, "ended") != 0;
            m->reopen = part_int(&in, c0 + 3, "open_at_latest") != 0;
            if (m->w.end < m->w.start || (m->reopen && m->w.ended))
                die_at(in.file, in.line,
                       "damaged partial: a wait that ends "
                       "before it starts, or both ended "
                       "and open");
            m->w.start_seq = 0;
            m->file = fi;
            m->row = row++;
        }
        if (!same)
            die_at(in.file, 1,
                   "damaged partial: the columns are not those "
                   "of format " PARTIAL_FORMAT);
        csvin_close(&in);
    }
    partial_fp_free(&fp);
    /* One run finds the waits client by client (clients in byte order),
     * each client's in journey order: all of a client's waits are in one
     * partial (split by client), in that order. */
    if (nmw)
        qsort(mw, nmw, sizeof *mw, cmp_mwait);
    int64_t asof = o->has_asof ? o->asof : log_.tmax;
    waits = xreallocarray(NULL, nmw + 1, sizeof *waits);
    wgroup = xreallocarray(NULL, nmw + 1, sizeof *wgroup);
    nwaits = nmw;
    for (size_t i = 0; i < nmw; i++) {
        waits[i] = mw[i].w;
        if (mw[i].reopen)
            waits[i].end = asof;
        size_t g = group_of_vals(o, mw[i].vals, mw[i].pidx);
        wgroup[i] = g;
        if (grp.last_client[g] != waits[i].client) {
            grp.last_client[g] = waits[i].client;
            grp.nclients[g]++;
        }
        free(mw[i].vals);
    }
    free(mw);
}

/* Marks the activities of a list; names that never occur as an activity
 * (usually a typo) are reported. */
static bool *
activity_set(const char *opt, char *const *names, size_t n, const bool *seen)
{
    bool *set = xcalloc(log_.values.n + 1, sizeof *set);
    for (size_t i = 0; i < n; i++) {
        size_t id = strmap_find(&log_.values, names[i]);
        if (id == (size_t)-1 || !seen[id])
            warn("%s activity '%s' never occurs in the input", opt, names[i]);
        else
            set[id] = true;
    }
    return set;
}

static void
write_output(const struct waits_opts *o)
{
    FILE *out = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, out, o->co.digits);
    if (o->mode == MODE_LIST || o->mode == MODE_OPEN)
        write_waits(&w, o);
    else if (o->mode == MODE_TEST)
        write_test(&w, o);
    else
        write_groups(&w, o);
    outfile_commit();
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct waits_opts o = {0};
    parse_args(argc, argv, &o);
    if (o.merge) {
        read_partials(&o, argv + optind, (size_t)(argc - optind));
        write_output(&o);
        free(waits);
        free(wgroup);
        strmap_free(&grp.keys);
        free(grp.vals);
        free(grp.period);
        free(grp.nclients);
        free(grp.last_client);
        strmap_free(&log_.clients);
        strmap_free(&log_.values);
        opts_free_list(o.from, o.nfrom);
        opts_free_list(o.to, o.nto);
        opts_free_list(o.group, o.ngroup);
        free(o.quant);
        return EXIT_OK;
    }

    struct csvin in;
    csvin_open(&in, argv + optind, (size_t)(argc - optind));
    char **cols = xreallocarray(NULL, o.ngroup + o.nstrata + 1, sizeof *cols);
    cols[0] = "activity";
    for (size_t k = 0; k < o.ngroup; k++)
        cols[k + 1] = o.group[k];
    for (size_t k = 0; k < o.nstrata; k++)
        cols[o.ngroup + 1 + k] = o.strata[k];
    /* Only the --from and --to events are kept (see waits.h); the others
     * count in the latest time of the input and, with --censor last, in
     * their client's last event. */
    char **acts = xreallocarray(NULL, o.nfrom + o.nto + 1, sizeof *acts);
    memcpy(acts, o.from, o.nfrom * sizeof *acts);
    memcpy(acts + o.nfrom, o.to, o.nto * sizeof *acts);
    struct waits_filter filter;
    waits_filter_init(&filter, acts, o.nfrom + o.nto, 0, o.censor_last,
                      o.has_asof ? o.asof : INT64_MAX);
    free(acts);
    evlog_read_keep(&log_, &in, cols, o.ngroup + o.nstrata + 1, waits_keep,
                    &filter);
    csvin_close(&in);
    /* qsort must not be given the null array of an empty log. */
    if (log_.n)
        evlog_sort(&log_);

    /* The interned values hold the -g columns too: only those seen in
     * the activity column count as activities (a kept event has a --from
     * or --to activity, and every such event is kept). */
    bool *seen = xcalloc(log_.values.n + 1, sizeof *seen);
    for (size_t i = 0; i < log_.n; i++)
        seen[log_.vals[i * log_.ncols]] = true;
    bool *is_from = activity_set("--from", o.from, o.nfrom, seen);
    bool *is_to = activity_set("--to", o.to, o.nto, seen);
    free(seen);
    strmap_init(&grp.keys);
    int64_t asof = o.has_asof ? o.asof : log_.tmax;
    find_waits(&o, is_from, is_to, asof, &filter);

    if (o.partial)
        write_partial(&o);
    else
        write_output(&o);

    free(is_from);
    free(is_to);
    free(cols);
    free(waits);
    free(wgroup);
    strmap_free(&grp.keys);
    free(grp.vals);
    free(grp.period);
    free(grp.nclients);
    free(grp.last_client);
    free(grp.hidden);
    evlog_free(&log_);
    waits_filter_free(&filter);
    opts_free_list(o.from, o.nfrom);
    opts_free_list(o.to, o.nto);
    opts_free_list(o.group, o.ngroup);
    opts_free_list(o.strata, o.nstrata);
    free(o.quant);
    return EXIT_OK;
}
