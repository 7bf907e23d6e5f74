/* cx-handoffs: how often clients are passed between units or caregivers. */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "continuity.h"
#include "csvio.h"
#include "cxtime.h"
#include "disclose.h"
#include "err.h"
#include "events.h"
#include "evstream.h"
#include "fixsum.h"
#include "handover.h"
#include "km.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "par.h"
#include "partial.h"
#include "strmap.h"
#include "tool.h"
#include "xalloc.h"

enum mode { MODE_SUMMARY, MODE_PER_CLIENT, MODE_MATRIX, MODE_DOT };

/* How contacts at one instant are read: in the input's row order, or as
 * one step (continuity.h). */
enum ties { TIES_INPUT, TIES_STEP };

struct handoffs_opts {
    const char *by;
    char **groups;
    size_t ngroups;
    enum period_kind period;
    enum mode mode;
    bool self;
    char **repeat;
    size_t nrepeat;
    int64_t window; /* 0: not asked */
    double unit_ms;
    bool sorted;
    bool partial, merge;    /* cx-partial(5) */
    size_t jobs;            /* -j */
    const char *finish_opt; /* an option --partial refuses */
    const char *period_arg;
    enum ties ties;
    bool asof_given;
    int64_t asof;          /* --asof, else the latest time in the input */
    size_t top;            /* --dot --top N; 0: all */
    struct common_opts co; /* --min-n, --conf, --digits, -o */
};

/* One client's journey (events.h), from evtab or evstream. */
#define journey evjourney

/* Kept columns: 0 the provider, 1..ngroups the -g columns, then activity
 * when --repeat is given. */
#define COL_PROVIDER 0

/* Counts by value of a small whole number (handoffs or providers of a
 * client): count[v] clients have v. */
struct vtab {
    size_t *count;
    size_t cap, n;
};

static void
vtab_add(struct vtab *t, size_t v, size_t k)
{
    if (v >= t->cap) {
        size_t old = t->cap;
        XGROW(t->count, t->cap, v + 1);
        memset(t->count + old, 0, (t->cap - old) * sizeof *t->count);
    }
    t->count[v] += k;
    t->n += k;
}

/* The i-th smallest value (0-based) of the table. */
static double
vtab_at(const struct vtab *t, size_t i)
{
    size_t v = 0, below = 0;
    while (below + t->count[v] <= i)
        below += t->count[v++];
    return (double)v;
}

/* Quantile p of the values, as gsl_stats_quantile_from_sorted_data gives
 * it for the sorted values (type 7). */
static double
vtab_quantile(const struct vtab *t, double p)
{
    size_t n = t->n;
    if (n == 0)
        return 0.0;
    const double index = p * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    if (lhs == n - 1)
        return vtab_at(t, lhs);
    return (1 - delta) * vtab_at(t, lhs) + delta * vtab_at(t, lhs + 1);
}

/* A summary group: sums that merge exactly (integers, and fixsum.h for
 * the indices), and the clients' handoffs and providers as tables of
 * counts by value, for the median and 90th percentile. */
struct group {
    size_t clients, events, skipped, pingpong;
    size_t handoffs_sum, providers_sum, returns_sum, repeats_sum, window_sum;
    int64_t htime_ms; /* handover time, milliseconds */
    struct fixsum coc_sum, upc_sum, secon_sum;
    size_t coc_n, upc_n, secon_n, window_max;
    struct vtab handoffs, providers;
};

struct handoffs {
    const struct handoffs_opts *o;
    struct csvw w;
    size_t act_col;
    struct cont_work work;
    struct cont_steps steps; /* the current journey's */
    /* Ties over all journeys (contacts with a provider only). */
    size_t tie_events, tie_mixed, tie_handoffs, tie_clients, handoffs_total;
    size_t events_total, providers_met; /* events; events with a provider */
    int64_t tmax;                       /* latest time read */
    /* Per-journey scratch. */
    size_t *prov;
    int64_t *ptime;
    size_t pcap;
    size_t *rep_count;
    int *rep_of; /* value id -> repeat item + 1, 0 none, -1 not looked up */
    size_t rep_cap;
    size_t journeys;
    size_t skipped_total;
    bool header_done; /* --per-client */
    /* Summary. */
    struct strmap keys;
    struct group *groups;
    size_t gcap;
    char *keybuf;
    size_t keycap;
    char **keyfields;
    int64_t *gperiod; /* group id -> period index */
    size_t gpcap;
    /* --partial and --merge. */
    struct partial_fp fp;
    struct strmap mclients; /* clients of the partials merged */
    size_t *mcfile;         /* client id -> partial it is in */
    size_t mccap;
    struct strmap mvalues; /* providers of the partials merged */
    struct mrow *mrows;    /* --per-client rows */
    size_t nmrows, mrcap;
    bool collect; /* -j: keep --per-client rows in mrows */
    struct handover matrix;      /* --matrix, --dot */
    const struct strmap *values; /* names of the providers */
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: cx-handoffs [OPTION]... [FILE]...\n"
           "Count how often clients are passed between units or caregivers: "
           "handoffs,\nreturns (A to B to A), distinct providers and "
           "continuity of care, per group,\nper client, or as a handover "
           "matrix or Graphviz picture. Reads canonical events.\n\n");
    printf(
        "      --by COL          provider column handoffs are counted on "
        "(default unit)\n"
        "  -g, --group-by COLS   summary groups, from each client's first "
        "event\n"
        "  -p, --period P        add a period (day, week, month, quarter, "
        "year) of the\n"
        "                          client's first event\n"
        "      --per-client      one row per client instead of the summary\n"
        "      --matrix          handover matrix: from, to, handoffs, "
        "clients\n"
        "      --dot             handover matrix as a Graphviz digraph\n"
        "      --self            with --matrix or --dot, also count "
        "successions A to A\n"
        "      --repeat LIST     count repeats of these activities (beyond "
        "the first)\n"
        "      --window DUR      largest number of distinct providers within "
        "DUR (8w, 56d)\n"
        "      --unit U          unit of span: minutes, hours, days "
        "(default), weeks\n"
        "      --asof TIME       with --matrix, the moment stays still open "
        "are censored\n"
        "                          at (default: the latest time in the "
        "input)\n"
        "      --top N           with --dot, draw only the N edges with "
        "most handoffs\n"
        "      --ties RULE       equal times: input (row order, the "
        "default) or step\n"
        "                          (a client's events at one instant are "
        "one step)\n"
        "      --min-n N         suppress groups or matrix cells with fewer "
        "than N clients\n"
        "                          (0: none)\n"
        "      --disclosure P    disclosure profile: default (5, used when "
        "neither option\n"
        "                          is given), staff (10), opensafely (<= 7 "
        "redacted,\n"
        "                          counts rounded to 5) or none (inside the "
        "secure\n"
        "                          environment only)\n"
        "      --sorted          input is sorted by client: stream it (on "
        "one thread)\n"
        "  -j, --jobs N          read a regular file on N threads (default: "
        "the CPUs\n"
        "                          available; 1: one thread)\n"
        "      --partial         write the state (to merge later, see "
        "cx-partial(5)),\n"
        "                          not the figures\n"
        "      --merge           FILEs are partials: merge them and write "
        "the figures\n"
        "      --digits N        significant digits of output (default "
        "10)\n"
        "  -o, --output FILE     write FILE atomically instead of standard "
        "output\n"
        "  -h, --help            display this help and exit\n"
        "  -V, --version         output version information and exit\n\n");
    printf("With no FILE, or when FILE is -, read standard input.\n\n"
           "Exit status: 0 success, 1 bad input data or a read or write "
           "error,\n2 bad command line.\n\n"
           "Example:\n"
           "  cx-handoffs -g unit -p month events.csv\n"
           "  cx-handoffs --dot events.csv | dot -Tsvg > flow.svg\n");
    exit(EXIT_OK);
}

enum {
    OPT_BY = 256,
    OPT_PER_CLIENT,
    OPT_MATRIX,
    OPT_DOT,
    OPT_SELF,
    OPT_REPEAT,
    OPT_WINDOW,
    OPT_UNIT,
    OPT_SORTED,
    OPT_TIES,
    OPT_ASOF,
    OPT_TOP,
    OPT_PARTIAL,
    OPT_MERGE,
};

static const struct option long_options[] = {
    {"by", required_argument, NULL, OPT_BY},
    {"group-by", required_argument, NULL, 'g'},
    {"period", required_argument, NULL, 'p'},
    {"per-client", no_argument, NULL, OPT_PER_CLIENT},
    {"matrix", no_argument, NULL, OPT_MATRIX},
    {"dot", no_argument, NULL, OPT_DOT},
    {"self", no_argument, NULL, OPT_SELF},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"min-n", required_argument, NULL, OPT_COMMON_MIN_N},
    {"disclosure", required_argument, NULL, OPT_COMMON_DISCLOSURE},
    {"sorted", no_argument, NULL, OPT_SORTED},
    {"ties", required_argument, NULL, OPT_TIES},
    {"asof", required_argument, NULL, OPT_ASOF},
    {"top", required_argument, NULL, OPT_TOP},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"jobs", required_argument, NULL, 'j'},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void
set_mode(struct handoffs_opts *o, enum mode m)
{
    if (o->mode != MODE_SUMMARY && o->mode != m)
        usage_error("--per-client, --matrix and --dot exclude each other");
    o->mode = m;
}

static void
parse_options(int argc, char **argv, struct handoffs_opts *o)
{
    memset(o, 0, sizeof *o);
    o->by = "unit";
    o->unit_ms = (double)MS_PER_DAY;
    o->jobs = par_default_jobs();
    common_opts_init(&o->co);
    int c;
    while ((c = getopt_long(argc, argv, "g:p:j:o:hV", long_options, NULL)) !=
           -1) {
        switch (c) {
        case OPT_BY:
            if (!*optarg)
                usage_error("invalid --by '': a column name");
            o->by = optarg;
            break;
        case 'g':
            o->groups =
                opt_list_append("--group-by", optarg, o->groups, &o->ngroups);
            break;
        case 'p':
            o->period = opt_period(optarg);
            o->period_arg = optarg;
            break;
        case OPT_PARTIAL:
            o->partial = true;
            break;
        case 'j':
            o->jobs = opt_jobs(optarg);
            break;
        case OPT_MERGE:
            o->merge = true;
            break;
        case OPT_PER_CLIENT:
            set_mode(o, MODE_PER_CLIENT);
            break;
        case OPT_MATRIX:
            set_mode(o, MODE_MATRIX);
            break;
        case OPT_DOT:
            set_mode(o, MODE_DOT);
            break;
        case OPT_SELF:
            o->self = true;
            break;
        case OPT_REPEAT:
            o->repeat =
                opt_list_append("--repeat", optarg, o->repeat, &o->nrepeat);
            break;
        case OPT_WINDOW:
            o->window = opt_duration("--window", optarg);
            break;
        case OPT_UNIT:
            o->finish_opt = "--unit";
            o->unit_ms = opt_unit(optarg);
            break;
        case OPT_SORTED:
            o->sorted = true;
            break;
        case OPT_ASOF:
            o->finish_opt = "--asof";
            o->asof = opt_time("--asof", optarg);
            o->asof_given = true;
            break;
        case OPT_TOP:
            o->finish_opt = "--top";
            o->top = (size_t)opt_long("--top", optarg, 1, 1000000000);
            break;
        case OPT_TIES:
            if (strcmp(optarg, "input") == 0)
                o->ties = TIES_INPUT;
            else if (strcmp(optarg, "step") == 0)
                o->ties = TIES_STEP;
            else
                usage_error("invalid --ties '%s': input or step", optarg);
            break;
        default:
            if (c == OPT_COMMON_DIGITS)
                o->finish_opt = "--digits";
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
    if (o->co.min_n_given || o->co.disc_given)
        o->finish_opt = o->co.min_n_given ? "--min-n" : "--disclosure";
    if (o->partial && o->merge)
        usage_error("--partial and --merge cannot be combined");
    if (o->partial && o->finish_opt)
        usage_error("%s shapes the output: give it with --merge, not "
                    "--partial",
                    o->finish_opt);
    if (o->merge && o->sorted)
        usage_error("--sorted describes events; with --merge the FILEs are "
                    "partials");
    bool matrix = o->mode == MODE_MATRIX || o->mode == MODE_DOT;
    if (o->self && !matrix)
        usage_error("--self needs --matrix or --dot");
    if (matrix && (o->ngroups || o->period))
        usage_error("-g and -p apply to the summary and --per-client, not "
                    "to --matrix or --dot");
    if (matrix && (o->nrepeat || o->window))
        usage_error("--repeat and --window apply to the summary and "
                    "--per-client, not to --matrix or --dot");
    if (o->top && o->mode != MODE_DOT)
        usage_error("--top needs --dot");
    if (o->asof_given && !matrix)
        usage_error("--asof applies to --matrix and --dot");
    if (o->mode == MODE_PER_CLIENT && o->co.min_n)
        usage_error("--min-n and --disclosure apply to the summary, --matrix "
                    "and --dot, not to --per-client");
    common_disclosure_default(&o->co,
                              !o->partial && o->mode != MODE_PER_CLIENT);
}

/* The journey's figures. */
struct client_figs {
    size_t events, skipped, repeats, window_max;
    struct cont_figs c;
    int64_t span_ms;
    int64_t handover_ms; /* total handover time */
};

/* Repeat item of value id v (an activity), or -1. */
static int
repeat_item(struct handoffs *h, const struct strmap *values, size_t v)
{
    if (v >= h->rep_cap) {
        size_t old = h->rep_cap;
        XGROW(h->rep_of, h->rep_cap, v + 1);
        for (size_t i = old; i < h->rep_cap; i++)
            h->rep_of[i] = -1;
    }
    if (h->rep_of[v] < 0) {
        h->rep_of[v] = 0;
        for (size_t k = 0; k < h->o->nrepeat; k++)
            if (strcmp(values->strs[v], h->o->repeat[k]) == 0)
                h->rep_of[v] = (int)k + 1;
    }
    return h->rep_of[v] - 1;
}

static size_t
val_id(const struct journey *j, size_t i, size_t col)
{
    return evjourney_id(j, i, col);
}

/* The journey's providers and their times into h->prov and h->ptime,
 * events with an empty provider left out; returns their number. */
static size_t
journey_providers(struct handoffs *h, const struct journey *j)
{
    if (j->n + 1 > h->pcap) {
        XGROW(h->prov, h->pcap, j->n + 1);
        h->ptime = xreallocarray(h->ptime, h->pcap, sizeof *h->ptime);
    }
    size_t np = 0;
    for (size_t i = 0; i < j->n; i++) {
        size_t v = val_id(j, i, COL_PROVIDER);
        if (j->values->lens[v] == 0)
            continue;
        h->prov[np] = v;
        h->ptime[np++] = j->t[i];
    }
    return np;
}

/* Builds the steps of the journey's np contacts in h->prov and counts its
 * ties. */
static void
journey_steps(struct handoffs *h, size_t np)
{
    struct cont_steps *st = &h->steps;
    cont_steps_build(st, h->prov, h->ptime, np);
    h->tie_events += st->tied;
    h->tie_mixed += st->mixed;
    h->tie_handoffs += st->tied_handoffs;
    h->tie_clients += st->mixed > 0;
}

/* The journey's total handover time: at each handoff between two
 * contacts (steps), the time from the one to the next. Handoffs within a
 * step take no time. */
static int64_t
journey_handover_ms(const struct handoffs *h, size_t np)
{
    int64_t sum = 0;
    if (h->o->ties == TIES_STEP) {
        const struct cont_steps *st = &h->steps;
        for (size_t k = 0; k + 1 < st->n; k++)
            if (!cont_steps_share(st, k, k + 1))
                sum += st->t[k + 1] - st->t[k];
    } else {
        for (size_t i = 0; i + 1 < np; i++)
            if (h->prov[i] != h->prov[i + 1])
                sum += h->ptime[i + 1] - h->ptime[i];
    }
    return sum;
}

static void
journey_figures(struct handoffs *h, const struct journey *j,
                struct client_figs *f)
{
    memset(f, 0, sizeof *f);
    f->events = j->n;
    size_t np = journey_providers(h, j);
    f->skipped = j->n - np;
    journey_steps(h, np);
    if (h->o->ties == TIES_STEP)
        cont_figures_steps(h->prov, np, &h->steps, &h->work, &f->c);
    else
        cont_figures(h->prov, np, &h->work, &f->c);
    h->handoffs_total += f->c.handoffs;
    f->handover_ms = journey_handover_ms(h, np);
    if (h->o->window)
        f->window_max =
            cont_max_window(h->ptime, h->prov, np, h->o->window, &h->work);
    if (h->o->nrepeat) {
        memset(h->rep_count, 0, h->o->nrepeat * sizeof *h->rep_count);
        for (size_t i = 0; i < j->n; i++) {
            int k = repeat_item(h, j->values, val_id(j, i, h->act_col));
            if (k >= 0 && h->rep_count[k]++ > 0)
                f->repeats++;
        }
    }
    f->span_ms = j->t[j->n - 1] - j->t[0];
}

/* The id of the group whose -g values are in h->keyfields and whose
 * period index is pidx (with -p); its period is kept for --partial. */
static size_t
key_intern(struct handoffs *h, int64_t pidx)
{
    size_t nf = h->o->ngroups;
    char label[32];
    if (h->o->period) {
        period_label(h->o->period, pidx, label, sizeof label);
        h->keyfields[nf++] = label;
    }
    size_t len = key_join(&h->keybuf, &h->keycap, h->keyfields, nf);
    bool added;
    size_t id = strmap_intern(&h->keys, h->keybuf, len, &added);
    if (added) {
        XGROW(h->gperiod, h->gpcap, id + 1);
        h->gperiod[id] = pidx;
    }
    return id;
}

/* Group key of a journey: the -g values and period of its first event.
 * With --ties step the first instant is one step: of its events, the one
 * whose -g values come first in byte order (field by field). */
static size_t
journey_key(struct handoffs *h, const struct journey *j)
{
    size_t nf = h->o->ngroups, first = 0;
    if (h->o->ties == TIES_STEP && nf)
        for (size_t i = 1; i < j->n && j->t[i] == j->t[0]; i++)
            for (size_t k = 0; k < nf; k++) {
                int c = strcmp(j->values->strs[val_id(j, i, 1 + k)],
                               j->values->strs[val_id(j, first, 1 + k)]);
                if (c < 0)
                    first = i;
                if (c)
                    break;
            }
    for (size_t k = 0; k < nf; k++)
        h->keyfields[k] = j->values->strs[val_id(j, first, 1 + k)];
    return key_intern(h, h->o->period ? period_index(h->o->period, j->t[0])
                                      : 0);
}

static void
write_key_fields(struct handoffs *h, const char *key)
{
    size_t nf = h->o->ngroups + (h->o->period ? 1 : 0);
    const char *p = key;
    for (size_t k = 0; k < nf; k++) {
        const char *sep = strchr(p, '\x1f');
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        csvw_strn(&h->w, p, len);
        p = sep ? sep + 1 : p + len;
    }
}

static void
write_key_header(struct handoffs *h)
{
    for (size_t k = 0; k < h->o->ngroups; k++)
        csvw_str(&h->w, h->o->groups[k]);
    if (h->o->period)
        csvw_str(&h->w, "period");
}

static void
per_client_header(struct handoffs *h)
{
    if (h->header_done)
        return;
    h->header_done = true;
    csvw_str(&h->w, "client");
    write_key_header(h);
    static const char *cols[] = {
        "events", "skipped", "providers", "handoffs", "returns",
        "coc",    "upc",     "secon",     "span",     "handover_time"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        csvw_str(&h->w, cols[k]);
    if (h->o->nrepeat)
        csvw_str(&h->w, "repeats");
    if (h->o->window)
        csvw_str(&h->w, "max_providers_window");
    csvw_end(&h->w);
}

static void
per_client_write(struct handoffs *h, const char *client, size_t key,
                 const struct client_figs *f)
{
    struct csvw *w = &h->w;
    per_client_header(h);
    csvw_str(w, client);
    if (h->o->ngroups || h->o->period)
        write_key_fields(h, h->keys.strs[key]);
    csvw_int(w, (long long)f->events);
    csvw_int(w, (long long)f->skipped);
    csvw_int(w, (long long)f->c.providers);
    csvw_int(w, (long long)f->c.handoffs);
    csvw_int(w, (long long)f->c.returns);
    csvw_num(w, f->c.coc);
    csvw_num(w, f->c.upc);
    csvw_num(w, f->c.secon);
    csvw_num(w, (double)f->span_ms / h->o->unit_ms);
    csvw_num(w, (double)f->handover_ms / h->o->unit_ms);
    if (h->o->nrepeat)
        csvw_int(w, (long long)f->repeats);
    if (h->o->window)
        csvw_int(w, (long long)f->window_max);
    csvw_end(w);
}

static void
per_client_row(struct handoffs *h, const struct journey *j,
               const struct client_figs *f)
{
    size_t key = h->o->ngroups || h->o->period ? journey_key(h, j) : 0;
    per_client_write(h, j->client, key, f);
}

static struct group *
group_at(struct handoffs *h, size_t id)
{
    if (id >= h->gcap) {
        size_t old = h->gcap;
        XGROW(h->groups, h->gcap, id + 1);
        memset(h->groups + old, 0, (h->gcap - old) * sizeof *h->groups);
    }
    return &h->groups[id];
}

static void
summary_add(struct handoffs *h, const struct journey *j,
            const struct client_figs *f)
{
    size_t id = journey_key(h, j);
    if (id >= h->gcap) {
        size_t old = h->gcap;
        XGROW(h->groups, h->gcap, id + 1);
        memset(h->groups + old, 0, (h->gcap - old) * sizeof *h->groups);
    }
    struct group *g = &h->groups[id];
    vtab_add(&g->handoffs, f->c.handoffs, 1);
    vtab_add(&g->providers, f->c.providers, 1);
    g->clients++;
    g->events += f->events;
    g->skipped += f->skipped;
    g->handoffs_sum += f->c.handoffs;
    g->providers_sum += f->c.providers;
    g->returns_sum += f->c.returns;
    g->pingpong += f->c.returns > 0;
    g->repeats_sum += f->repeats;
    g->htime_ms += f->handover_ms;
    g->window_sum += f->window_max;
    if (f->window_max > g->window_max)
        g->window_max = f->window_max;
    if (!isnan(f->c.coc)) {
        fixsum_add(&g->coc_sum, f->c.coc);
        g->coc_n++;
    }
    if (!isnan(f->c.upc)) {
        fixsum_add(&g->upc_sum, f->c.upc);
        g->upc_n++;
    }
    if (!isnan(f->c.secon)) {
        fixsum_add(&g->secon_sum, f->c.secon);
        g->secon_n++;
    }
}

static double
mean_or_nan(const struct fixsum *sum, size_t n)
{
    return n ? fixsum_value(sum) / (double)n : NAN;
}

/* Primary and complementary suppression of the summary rows (in output
 * order) over the -g columns and the period. */
static bool *
summary_hidden(struct handoffs *h, const size_t *order)
{
    size_t ng = h->keys.n, nd = h->o->ngroups + (h->o->period ? 1 : 0);
    bool *hidden = xcalloc(ng + 1, sizeof *hidden);
    if (!h->o->co.min_n)
        return hidden;
    size_t *keys = xreallocarray(NULL, (ng + 1) * (nd + 1), sizeof *keys);
    size_t *count = xreallocarray(NULL, ng + 1, sizeof *count);
    struct strmap fields;
    strmap_init(&fields);
    for (size_t r = 0; r < ng; r++) {
        const char *p = h->keys.strs[order[r]];
        for (size_t k = 0; k < nd; k++) {
            const char *sep = strchr(p, '\x1f');
            size_t len = sep ? (size_t)(sep - p) : strlen(p);
            keys[r * nd + k] = strmap_intern(&fields, p, len, NULL);
            p = sep ? sep + 1 : p + len;
        }
        count[r] = h->groups[order[r]].clients;
    }
    disclosure_cells(&h->o->co.disc, ng, nd, nd, keys, count, hidden);
    strmap_free(&fields);
    free(keys);
    free(count);
    return hidden;
}

/* --disclosure opensafely: the counts rounded, and the means of counts
 * (handoffs, providers, returns, repeats per client) made from rounded
 * totals over the rounded number of clients. */
static void
round_group(const struct disclosure *d, struct group *g)
{
#define RC(x) (x) = (size_t)disclosure_round(d, (long long)(x))
    RC(g->clients);
    RC(g->events);
    RC(g->skipped);
    RC(g->pingpong);
    RC(g->handoffs_sum);
    RC(g->providers_sum);
    RC(g->returns_sum);
    RC(g->repeats_sum);
    RC(g->window_sum);
#undef RC
}

static void
summary_write(struct handoffs *h)
{
    struct csvw *w = &h->w;
    const struct handoffs_opts *o = h->o;
    write_key_header(h);
    static const char *cols[] = {"clients",
                                 "events",
                                 "skipped",
                                 "handoffs_mean",
                                 "handoffs_median",
                                 "handoffs_p90",
                                 "providers_mean",
                                 "providers_median",
                                 "returns_mean",
                                 "pingpong_pct",
                                 "coc_mean",
                                 "upc_mean",
                                 "secon_mean",
                                 "handover_time_mean",
                                 "handover_time_total"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        csvw_str(w, cols[k]);
    if (o->nrepeat)
        csvw_str(w, "repeats_mean");
    if (o->window) {
        csvw_str(w, "max_providers_window_mean");
        csvw_str(w, "max_providers_window_max");
    }
    if (o->co.min_n)
        csvw_str(w, "suppressed");
    csvw_end(w);

    size_t *order = strmap_sorted(&h->keys);
    size_t nfig = 14 + (o->nrepeat ? 1 : 0) + (o->window ? 2 : 0);
    bool *hidden = summary_hidden(h, order);
    const struct disclosure *d = &o->co.disc;
    for (size_t r = 0; r < h->keys.n; r++) {
        struct group *g = &h->groups[order[r]];
        write_key_fields(h, h->keys.strs[order[r]]);
        if (hidden[r]) {
            if (d->redact_counts)
                csvw_empty(w);
            else
                csvw_int(w, (long long)g->clients);
            for (size_t k = 0; k < nfig; k++)
                csvw_empty(w);
            csvw_int(w, 1);
            csvw_end(w);
            continue;
        }
        if (d->round_to)
            round_group(d, g);
        csvw_int(w, (long long)g->clients);
        double n = (double)g->clients;
        csvw_int(w, (long long)g->events);
        csvw_int(w, (long long)g->skipped);
        csvw_num(w, (double)g->handoffs_sum / n);
        csvw_num(w, vtab_quantile(&g->handoffs, 0.5));
        csvw_num(w, vtab_quantile(&g->handoffs, 0.9));
        csvw_num(w, (double)g->providers_sum / n);
        csvw_num(w, vtab_quantile(&g->providers, 0.5));
        csvw_num(w, (double)g->returns_sum / n);
        csvw_num(w, 100.0 * (double)g->pingpong / n);
        csvw_num(w, mean_or_nan(&g->coc_sum, g->coc_n));
        csvw_num(w, mean_or_nan(&g->upc_sum, g->upc_n));
        csvw_num(w, mean_or_nan(&g->secon_sum, g->secon_n));
        double htime = (double)g->htime_ms / o->unit_ms;
        csvw_num(w, htime / n);
        csvw_num(w, htime);
        if (o->nrepeat)
            csvw_num(w, (double)g->repeats_sum / n);
        if (o->window) {
            csvw_num(w, (double)g->window_sum / n);
            csvw_int(w, (long long)g->window_max);
        }
        if (o->co.min_n)
            csvw_int(w, 0);
        csvw_end(w);
    }
    free(hidden);
    free(order);
}

static void
skipped_note(struct handoffs *h)
{
    if (h->skipped_total)
        warn("%zu event%s with an empty '%s' left out", h->skipped_total,
             h->skipped_total == 1 ? "" : "s", h->o->by);
}

/* Primary and complementary suppression of the matrix: a line is the
 * cells from one provider, or to one provider (whose totals a summary by
 * provider could give). */
static void
matrix_hide(struct handoffs *h)
{
    struct handover *m = &h->matrix;
    size_t n = handover_cells(m);
    bool *hidden = xcalloc(n + 1, sizeof *hidden);
    /* Output order first, so that a tie goes to the first cell shown. */
    handover_sort(m, h->values, 0);
    if (h->o->co.min_n) {
        size_t *keys = xreallocarray(NULL, 2 * n + 2, sizeof *keys);
        size_t *count = xreallocarray(NULL, n + 1, sizeof *count);
        for (size_t i = 0; i < n; i++) {
            keys[2 * i] = m->cells[i].from;
            keys[2 * i + 1] = m->cells[i].to;
            count[i] = m->cells[i].clients;
        }
        disclosure_cells(&h->o->co.disc, n, 2, 2, keys, count, hidden);
        free(keys);
        free(count);
    }
    handover_sort_hidden(m, h->values, hidden);
    free(hidden);
}

/* Type 7 quantile p of a cell's delays in --unit, NaN without any. */
static double
delay_quantile(const struct handoffs *h, const struct hcell *c, double p)
{
    if (!c->ndelay)
        return NAN;
    return gsl_stats_quantile_from_sorted_data(c->delay, 1, c->ndelay, p) /
           h->o->unit_ms;
}

static void
matrix_header(struct handoffs *h)
{
    static const char *cols[] = {"from",      "to",      "handoffs",
                                 "clients",   "returns", "delay_median",
                                 "delay_p90", "open"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        csvw_str(&h->w, cols[k]);
    if (h->o->co.min_n)
        csvw_str(&h->w, "suppressed");
    csvw_end(&h->w);
}

/* One row per provider left for any other: Kaplan-Meier quantiles of the
 * time to the next provider, stays still open censored at --asof. Its
 * handoffs and returns are the totals of the provider's line of the
 * matrix, so a line with a single hidden cell hides them too: otherwise
 * the total would give that cell away. */
static void
leave_rows(struct handoffs *h)
{
    struct csvw *w = &h->w;
    struct handover *m = &h->matrix;
    const struct disclosure *d = &h->o->co.disc;
    size_t *nhidden = xcalloc(h->values->n + 1, sizeof *nhidden);
    for (size_t i = m->nshown; i < handover_cells(m); i++)
        nhidden[m->cells[i].from]++;
    size_t *order = strmap_sorted(h->values);
    for (size_t r = 0; r < h->values->n; r++) {
        size_t id = order[r];
        if (id >= m->leavecap || !m->leave[id].clients)
            continue;
        struct hleave *l = &m->leave[id];
        csvw_str(w, h->values->strs[id]);
        csvw_empty(w);
        bool small = h->o->co.min_n && l->clients < (size_t)h->o->co.min_n;
        if (small || nhidden[id] == 1) {
            csvw_empty(w);
            if (small && d->redact_counts)
                csvw_empty(w);
            else
                csvw_int(w, disclosure_round(d, (long long)l->clients));
            for (int k = 0; k < 4; k++)
                csvw_empty(w);
            csvw_int(w, 1);
            csvw_end(w);
            continue;
        }
        csvw_int(w, disclosure_round(d, (long long)l->handoffs));
        csvw_int(w, disclosure_round(d, (long long)l->clients));
        csvw_int(w, disclosure_round(d, (long long)l->returns));
        double q[2] = {NAN, NAN}, ps[2] = {0.5, 0.9};
        if (l->nobs) {
            for (size_t i = 0; i < l->nobs; i++)
                l->obs[i].t /= h->o->unit_ms;
            struct km km;
            km_fit(&km, l->obs, l->nobs, KM_CI_LOG, 0.95);
            km_quantiles(&km, ps, 2, q, NULL, NULL);
            km_free(&km);
        }
        csvw_num(w, q[0]);
        csvw_num(w, q[1]);
        csvw_int(w, disclosure_round(d, (long long)l->open));
        if (h->o->co.min_n)
            csvw_int(w, 0);
        csvw_end(w);
    }
    free(order);
    free(nhidden);
}

static void
matrix_write(struct handoffs *h)
{
    struct csvw *w = &h->w;
    struct handover *m = &h->matrix;
    const struct disclosure *d = &h->o->co.disc;
    size_t min_n = h->o->co.min_n ? (size_t)h->o->co.min_n : 0;
    handover_finish(m, h->o->asof_given ? h->o->asof : h->tmax);
    matrix_hide(h);
    if (d->round_to) /* rounded before the DOT picture is drawn */
        for (size_t i = 0; i < m->nshown; i++) {
            m->cells[i].count =
                (size_t)disclosure_round(d, (long long)m->cells[i].count);
            m->cells[i].clients =
                (size_t)disclosure_round(d, (long long)m->cells[i].clients);
        }
    for (size_t i = 0; i < handover_cells(m); i++)
        gsl_sort(m->cells[i].delay, 1, m->cells[i].ndelay);
    if (h->o->mode == MODE_DOT) {
        static const struct {
            double ms;
            const char *sym;
        } units[] = {
            {60e3, "min"}, {3600e3, "h"}, {86400e3, "d"}, {7 * 86400e3, "w"}};
        struct dot_style st = {h->o->unit_ms, "d", h->o->top, min_n, 3};
        for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
            if (units[k].ms == h->o->unit_ms)
                st.unit = units[k].sym;
        handover_write_dot(m, h->values, &st, w->fp);
        skipped_note(h);
        return;
    }
    matrix_header(h);
    for (size_t i = 0; i < handover_cells(m); i++) {
        const struct hcell *c = &m->cells[i];
        bool shown = i < m->nshown;
        csvw_str(w, h->values->strs[c->from]);
        csvw_str(w, h->values->strs[c->to]);
        if (shown)
            csvw_int(w, (long long)c->count);
        else
            csvw_empty(w);
        if (!shown && d->redact_counts)
            csvw_empty(w);
        else
            csvw_int(w, (long long)c->clients);
        if (shown) {
            csvw_int(w, disclosure_round(d, (long long)c->returns));
            csvw_num(w, delay_quantile(h, c, 0.5));
            csvw_num(w, delay_quantile(h, c, 0.9));
        } else {
            for (int k = 0; k < 3; k++)
                csvw_empty(w);
        }
        csvw_empty(w);
        if (h->o->co.min_n)
            csvw_int(w, !shown);
        csvw_end(w);
    }
    leave_rows(h);
    skipped_note(h);
}

/* On stderr: how many contacts share their time with the previous one,
 * and whether the figures depend on the order of such rows. */
static void
ties_note(struct handoffs *h)
{
    /* Ties within one provider change no figure: nothing to say. */
    if (!h->tie_mixed)
        return;
    const char *s = h->tie_events == 1 ? "" : "s";
    if (h->o->ties == TIES_STEP)
        warn("%zu event%s at the time of the client's previous event: "
             "%zu instant%s in %zu client%s with several providers, each "
             "counted as one step (--ties step)",
             h->tie_events, s, h->tie_mixed, h->tie_mixed == 1 ? "" : "s",
             h->tie_clients, h->tie_clients == 1 ? "" : "s");
    else if (h->o->mode == MODE_MATRIX || h->o->mode == MODE_DOT)
        warn("%zu event%s at the time of the client's previous event; %zu "
             "handoff%s, in %zu client%s, are between events at one time "
             "and follow the input's row order: the matrix depends on that "
             "order (--ties step counts each instant as one step)",
             h->tie_events, s, h->tie_handoffs, h->tie_handoffs == 1 ? "" : "s",
             h->tie_clients, h->tie_clients == 1 ? "" : "s");
    else
        warn("%zu event%s at the time of the client's previous event; %zu "
             "of %zu handoffs, in %zu client%s, are between events at one "
             "time and follow the input's row order: handoffs, returns, "
             "pingpong and SECON depend on that order (--ties step counts "
             "each instant as one step)",
             h->tie_events, s, h->tie_handoffs, h->handoffs_total,
             h->tie_clients, h->tie_clients == 1 ? "" : "s");
}

/* A provider column that is empty throughout has nothing to count:
 * say so rather than report zeros. */
static void
no_provider_check(const struct handoffs *h)
{
    if (h->events_total && !h->providers_met)
        die(EXIT_DATA,
            "no event has a '%s': the column is empty in all %zu events, so "
            "there is nothing to count (choose another with --by)",
            h->o->by, h->events_total);
}

/* The end of a run: the figures, or with --partial the state. */
static void partial_state(struct handoffs *h);

static void
finish(struct handoffs *h)
{
    if (h->o->partial) {
        partial_state(h);
        return;
    }
    no_provider_check(h);
    if (h->o->mode == MODE_SUMMARY)
        summary_write(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        matrix_write(h);
    ties_note(h);
}

/* A --per-client row held until the rows are ordered (--merge, -j). */
struct mrow {
    const char *client; /* owned by a strmap of the run */
    size_t key;
    struct client_figs f;
};

/* --partial and --merge (cx-partial(5)). The state of the summary is its
 * groups (sums, and tables of counts by value for the medians); of
 * --per-client, the rows; of --matrix and --dot, the cells with their
 * delays as tables of counts by value, each provider's leave counts and
 * stays, and the providers met. Every partial lists its clients, so that
 * a client in two parts is found, and the totals of its input (events,
 * latest time, ties) for the notes on stderr. */

#define TOOL "cx-handoffs"

enum pf {
    PF_FROM,
    PF_TO,
    PF_VALUE,
    PF_COUNT,
    PF_CLIENTS,
    PF_EVENTS,
    PF_SKIPPED,
    PF_PROVIDERS,
    PF_HANDOFFS,
    PF_RETURNS,
    PF_PINGPONG,
    PF_REPEATS,
    PF_WINDOW,
    PF_WINDOW_MAX,
    PF_HANDOVER_MS,
    PF_SPAN_MS,
    PF_COC,
    PF_COC_N,
    PF_UPC,
    PF_UPC_N,
    PF_SECON,
    PF_SECON_N,
    PF_ENDED,
    PF_LATEST,
    PF_PROVIDERS_MET,
    PF_TIE_EVENTS,
    PF_TIE_MIXED,
    PF_TIE_HANDOFFS,
    PF_TIE_CLIENTS,
    PF_N
};

static const char *const pf_names[PF_N] = {
    "from",        "to",          "value",         "count",
    "clients",     "events",      "skipped",       "providers",
    "handoffs",    "returns",     "pingpong",      "repeats",
    "window",      "window_max",  "handover_ms",   "span_ms",
    "coc",         "coc_n",       "upc",           "upc_n",
    "secon",       "secon_n",     "ended",         "latest",
    "providers_met", "tie_events", "tie_mixed",    "tie_handoffs",
    "tie_clients"};

/* One row of a partial, filled field by field. */
struct prow {
    const char *record, *client;
    const char *key; /* joined -g values and period label, or NULL */
    int64_t pidx;
    char kind[PF_N]; /* 0 empty, 'i' integer, 's' string, 'd' double */
    long long i[PF_N];
    const char *s[PF_N];
    double d[PF_N];
};

static void
prow_init(struct prow *r, const char *record)
{
    memset(r, 0, sizeof *r);
    r->record = record;
}

static void
prow_int(struct prow *r, enum pf k, long long v)
{
    r->kind[k] = 'i';
    r->i[k] = v;
}

static void
prow_str(struct prow *r, enum pf k, const char *v)
{
    r->kind[k] = 's';
    r->s[k] = v;
}

static void
prow_num(struct prow *r, enum pf k, double v)
{
    r->kind[k] = 'd';
    r->d[k] = v;
}

static void
prow_key(struct handoffs *h, struct prow *r, size_t key)
{
    r->key = h->keys.strs[key];
    r->pidx = h->gperiod[key];
}

static void
prow_write(struct handoffs *h, const struct prow *r)
{
    struct csvw *w = &h->w;
    partial_row_start(w, TOOL, &h->fp);
    csvw_str(w, r->record);
    csvw_str(w, r->client ? r->client : "");
    const char *p = r->key;
    for (size_t k = 0; k < h->o->ngroups; k++) {
        if (!p) {
            csvw_empty(w);
            continue;
        }
        const char *sep = strchr(p, '\x1f');
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        csvw_strn(w, p, len);
        p = sep ? sep + 1 : p + len;
    }
    if (h->o->period) {
        if (r->key)
            csvw_int(w, (long long)r->pidx);
        else
            csvw_empty(w);
    }
    for (int k = 0; k < PF_N; k++) {
        switch (r->kind[k]) {
        case 'i':
            csvw_int(w, r->i[k]);
            break;
        case 's':
            csvw_str(w, r->s[k]);
            break;
        case 'd':
            csvw_num(w, r->d[k]);
            break;
        default:
            csvw_empty(w);
        }
    }
    csvw_end(w);
}

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

/* The options that change the state; the others (--unit, --asof, --top,
 * --digits, --min-n, --disclosure, --matrix or --dot) shape the output
 * and are given to --merge. */
static void
fingerprint(const struct handoffs_opts *o, struct partial_fp *fp)
{
    char buf[32];
    partial_fp_init(fp);
    partial_fp_add(fp, "per-client", o->mode == MODE_PER_CLIENT ? "yes" : "no");
    bool matrix = o->mode == MODE_MATRIX || o->mode == MODE_DOT;
    partial_fp_add(fp, "matrix", matrix ? "yes" : "no");
    partial_fp_add(fp, "by", o->by);
    char *l = join_list(o->groups, o->ngroups);
    partial_fp_add(fp, "group-by", l);
    free(l);
    partial_fp_add(fp, "period", o->period_arg);
    partial_fp_add(fp, "ties", o->ties == TIES_STEP ? "step" : "input");
    partial_fp_add(fp, "self", o->self ? "yes" : "no");
    l = join_list(o->repeat, o->nrepeat);
    partial_fp_add(fp, "repeat", l);
    free(l);
    if (o->window)
        snprintf(buf, sizeof buf, "%" PRId64, o->window);
    partial_fp_add(fp, "window", o->window ? buf : NULL);
}

static char **
part_header(const struct handoffs_opts *o, size_t *n)
{
    *n = 5 + o->ngroups + (o->period ? 1 : 0) + PF_N;
    char **hd = xcalloc(*n, sizeof *hd);
    size_t j = 0;
    hd[j++] = "tool";
    hd[j++] = "format";
    hd[j++] = "options";
    hd[j++] = "record";
    hd[j++] = "client";
    for (size_t k = 0; k < o->ngroups; k++)
        hd[j++] = o->groups[k];
    if (o->period)
        hd[j++] = "period_index";
    for (int k = 0; k < PF_N; k++)
        hd[j++] = (char *)pf_names[k];
    return hd;
}

static void
partial_start(struct handoffs *h)
{
    fingerprint(h->o, &h->fp);
    size_t n;
    char **hd = part_header(h->o, &n);
    csvw_row(&h->w, hd, n);
    free(hd);
}

/* The client record of a journey (the summary and the matrix), or its row
 * (--per-client). */
static void
partial_journey(struct handoffs *h, const struct journey *j,
                const struct client_figs *f)
{
    struct prow r;
    prow_init(&r, f ? "row" : "client");
    r.client = j->client;
    if (f) {
        if (h->o->ngroups || h->o->period)
            prow_key(h, &r, journey_key(h, j));
        prow_int(&r, PF_EVENTS, (long long)f->events);
        prow_int(&r, PF_SKIPPED, (long long)f->skipped);
        prow_int(&r, PF_PROVIDERS, (long long)f->c.providers);
        prow_int(&r, PF_HANDOFFS, (long long)f->c.handoffs);
        prow_int(&r, PF_RETURNS, (long long)f->c.returns);
        prow_num(&r, PF_COC, f->c.coc);
        prow_num(&r, PF_UPC, f->c.upc);
        prow_num(&r, PF_SECON, f->c.secon);
        prow_int(&r, PF_SPAN_MS, f->span_ms);
        prow_int(&r, PF_HANDOVER_MS, f->handover_ms);
        prow_int(&r, PF_REPEATS, (long long)f->repeats);
        prow_int(&r, PF_WINDOW_MAX, (long long)f->window_max);
    }
    prow_write(h, &r);
}

static void
prow_fix(struct prow *r, enum pf k, const struct fixsum *s, char *buf)
{
    fixsum_format(s, buf);
    prow_str(r, k, buf);
}

static void
partial_groups(struct handoffs *h)
{
    for (size_t id = 0; id < h->keys.n; id++) {
        struct group *g = &h->groups[id];
        struct prow r;
        char b1[FIXSUM_HEX], b2[FIXSUM_HEX], b3[FIXSUM_HEX];
        prow_init(&r, "group");
        prow_key(h, &r, id);
        prow_int(&r, PF_CLIENTS, (long long)g->clients);
        prow_int(&r, PF_EVENTS, (long long)g->events);
        prow_int(&r, PF_SKIPPED, (long long)g->skipped);
        prow_int(&r, PF_PROVIDERS, (long long)g->providers_sum);
        prow_int(&r, PF_HANDOFFS, (long long)g->handoffs_sum);
        prow_int(&r, PF_RETURNS, (long long)g->returns_sum);
        prow_int(&r, PF_PINGPONG, (long long)g->pingpong);
        prow_int(&r, PF_REPEATS, (long long)g->repeats_sum);
        prow_int(&r, PF_WINDOW, (long long)g->window_sum);
        prow_int(&r, PF_WINDOW_MAX, (long long)g->window_max);
        prow_int(&r, PF_HANDOVER_MS, g->htime_ms);
        prow_fix(&r, PF_COC, &g->coc_sum, b1);
        prow_int(&r, PF_COC_N, (long long)g->coc_n);
        prow_fix(&r, PF_UPC, &g->upc_sum, b2);
        prow_int(&r, PF_UPC_N, (long long)g->upc_n);
        prow_fix(&r, PF_SECON, &g->secon_sum, b3);
        prow_int(&r, PF_SECON_N, (long long)g->secon_n);
        prow_write(h, &r);
        const struct vtab *t[2] = {&g->handoffs, &g->providers};
        static const char *rec[2] = {"handoffs", "providers"};
        for (int k = 0; k < 2; k++)
            for (size_t v = 0; v < t[k]->cap; v++) {
                if (!t[k]->count[v])
                    continue;
                prow_init(&r, rec[k]);
                prow_key(h, &r, id);
                prow_int(&r, PF_VALUE, (long long)v);
                prow_int(&r, PF_COUNT, (long long)t[k]->count[v]);
                prow_write(h, &r);
            }
    }
}

static void
partial_matrix(struct handoffs *h)
{
    const struct handover *m = &h->matrix;
    const struct strmap *names = h->values;
    struct prow r;
    for (size_t v = 0; v < m->seencap; v++) {
        if (!m->seen[v])
            continue;
        prow_init(&r, "seen");
        prow_str(&r, PF_FROM, names->strs[v]);
        prow_write(h, &r);
    }
    for (size_t i = 0; i < handover_cells(m); i++) {
        const struct hcell *c = &m->cells[i];
        prow_init(&r, "cell");
        prow_str(&r, PF_FROM, names->strs[c->from]);
        prow_str(&r, PF_TO, names->strs[c->to]);
        prow_int(&r, PF_COUNT, (long long)c->count);
        prow_int(&r, PF_CLIENTS, (long long)c->clients);
        prow_int(&r, PF_RETURNS, (long long)c->returns);
        prow_write(h, &r);
        size_t n;
        struct hvalue *t = handover_delay_table(m, i, &n);
        for (size_t k = 0; k < n; k++) {
            prow_init(&r, "delay");
            prow_str(&r, PF_FROM, names->strs[c->from]);
            prow_str(&r, PF_TO, names->strs[c->to]);
            prow_int(&r, PF_VALUE, (long long)t[k].value);
            prow_int(&r, PF_COUNT, (long long)t[k].count);
            prow_write(h, &r);
        }
        free(t);
    }
    for (size_t id = 0; id < m->leavecap; id++) {
        const struct hleave *l = &m->leave[id];
        if (!l->clients && !l->nobs && !l->returns && !l->handoffs)
            continue;
        prow_init(&r, "leave");
        prow_str(&r, PF_FROM, names->strs[id]);
        prow_int(&r, PF_HANDOFFS, (long long)l->handoffs);
        prow_int(&r, PF_RETURNS, (long long)l->returns);
        prow_int(&r, PF_CLIENTS, (long long)l->clients);
        prow_write(h, &r);
        size_t n;
        struct hvalue *t = handover_stay_table(m, id, &n);
        for (size_t k = 0; k < n; k++) {
            prow_init(&r, "stay");
            prow_str(&r, PF_FROM, names->strs[id]);
            prow_int(&r, PF_VALUE, (long long)t[k].value);
            prow_int(&r, PF_ENDED, t[k].ended);
            prow_int(&r, PF_COUNT, (long long)t[k].count);
            prow_write(h, &r);
        }
        free(t);
    }
}

/* The state, after the client records written while reading. */
static void
partial_state(struct handoffs *h)
{
    struct prow r;
    prow_init(&r, "input");
    prow_int(&r, PF_COUNT, (long long)h->journeys);
    prow_int(&r, PF_EVENTS, (long long)h->events_total);
    prow_int(&r, PF_SKIPPED, (long long)h->skipped_total);
    prow_int(&r, PF_HANDOFFS, (long long)h->handoffs_total);
    prow_int(&r, PF_PROVIDERS_MET, (long long)h->providers_met);
    if (h->journeys)
        prow_int(&r, PF_LATEST, h->tmax);
    prow_int(&r, PF_TIE_EVENTS, (long long)h->tie_events);
    prow_int(&r, PF_TIE_MIXED, (long long)h->tie_mixed);
    prow_int(&r, PF_TIE_HANDOFFS, (long long)h->tie_handoffs);
    prow_int(&r, PF_TIE_CLIENTS, (long long)h->tie_clients);
    prow_write(h, &r);
    if (h->o->mode == MODE_SUMMARY)
        partial_groups(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        partial_matrix(h);
}

/* Reading partials. */
struct preader {
    struct csvin in;
    size_t c0; /* first of the PF_ columns */
};

static long long
pint(const struct preader *p, enum pf k)
{
    long long v;
    const char *s = p->in.f[p->c0 + k];
    if (!num_parse_long(s, 0, LLONG_MAX, &v))
        die_at(p->in.file, p->in.line, "damaged partial: bad %s '%s'",
               pf_names[k], s);
    return v;
}

static size_t
psize(const struct preader *p, enum pf k)
{
    return (size_t)pint(p, k);
}

/* A double written with 17 digits, empty for NaN. */
static double
pnum(const struct preader *p, enum pf k)
{
    const char *s = p->in.f[p->c0 + k];
    double v;
    if (!*s)
        return NAN;
    if (!num_parse(s, &v) || v < 0)
        die_at(p->in.file, p->in.line, "damaged partial: bad %s '%s'",
               pf_names[k], s);
    return v;
}

static void
pfix(const struct preader *p, enum pf k, struct fixsum *sum)
{
    struct fixsum t;
    const char *s = p->in.f[p->c0 + k];
    if (!fixsum_parse(s, &t))
        die_at(p->in.file, p->in.line, "damaged partial: bad %s '%s'",
               pf_names[k], s);
    fixsum_merge(sum, &t);
}

static const char *
pstr(const struct preader *p, enum pf k)
{
    const char *s = p->in.f[p->c0 + k];
    if (!*s)
        die_at(p->in.file, p->in.line, "damaged partial: empty %s",
               pf_names[k]);
    return s;
}

/* The group of the row's -g values and period index. */
static size_t
pkey(struct handoffs *h, const struct preader *p)
{
    for (size_t k = 0; k < h->o->ngroups; k++)
        h->keyfields[k] = p->in.f[5 + k];
    long long pidx = 0;
    if (h->o->period) {
        const char *s = p->in.f[5 + h->o->ngroups];
        if (!num_parse_long(s, -1000000000LL, 1000000000LL, &pidx))
            die_at(p->in.file, p->in.line,
                   "damaged partial: bad period_index '%s'", s);
    }
    return key_intern(h, pidx);
}

/* A client of file fi: each client is in one part only. */
static void
pclient(struct handoffs *h, const struct preader *p, size_t fi, char **files)
{
    const char *c = p->in.f[4];
    if (!*c)
        die_at(p->in.file, p->in.line, "damaged partial: empty client");
    bool added;
    size_t id = strmap_intern(&h->mclients, c, strlen(c), &added);
    if (!added)
        die_at(p->in.file, p->in.line,
               "client '%s' is also in %s: all of a client's events must be "
               "in one part (split by client with cx-split)",
               c, files[h->mcfile[id]]);
    XGROW(h->mcfile, h->mccap, id + 1);
    h->mcfile[id] = fi;
}

static size_t
pprov(struct handoffs *h, const struct preader *p, enum pf k)
{
    const char *s = pstr(p, k);
    return strmap_intern(&h->mvalues, s, strlen(s), NULL);
}

static void
merge_row(struct handoffs *h, const struct preader *p)
{
    XGROW(h->mrows, h->mrcap, h->nmrows + 1);
    struct mrow *m = &h->mrows[h->nmrows++];
    m->client = h->mclients.strs[h->mclients.n - 1];
    m->key = h->o->ngroups || h->o->period ? pkey(h, p) : 0;
    struct client_figs *f = &m->f;
    memset(f, 0, sizeof *f);
    f->events = psize(p, PF_EVENTS);
    f->skipped = psize(p, PF_SKIPPED);
    f->c.providers = psize(p, PF_PROVIDERS);
    f->c.handoffs = psize(p, PF_HANDOFFS);
    f->c.returns = psize(p, PF_RETURNS);
    f->c.coc = pnum(p, PF_COC);
    f->c.upc = pnum(p, PF_UPC);
    f->c.secon = pnum(p, PF_SECON);
    f->span_ms = pint(p, PF_SPAN_MS);
    f->handover_ms = pint(p, PF_HANDOVER_MS);
    f->repeats = psize(p, PF_REPEATS);
    f->window_max = psize(p, PF_WINDOW_MAX);
}

static void
merge_group(struct handoffs *h, const struct preader *p)
{
    struct group *g = group_at(h, pkey(h, p));
    g->clients += psize(p, PF_CLIENTS);
    g->events += psize(p, PF_EVENTS);
    g->skipped += psize(p, PF_SKIPPED);
    g->providers_sum += psize(p, PF_PROVIDERS);
    g->handoffs_sum += psize(p, PF_HANDOFFS);
    g->returns_sum += psize(p, PF_RETURNS);
    g->pingpong += psize(p, PF_PINGPONG);
    g->repeats_sum += psize(p, PF_REPEATS);
    g->window_sum += psize(p, PF_WINDOW);
    size_t wm = psize(p, PF_WINDOW_MAX);
    if (wm > g->window_max)
        g->window_max = wm;
    g->htime_ms += pint(p, PF_HANDOVER_MS);
    pfix(p, PF_COC, &g->coc_sum);
    g->coc_n += psize(p, PF_COC_N);
    pfix(p, PF_UPC, &g->upc_sum);
    g->upc_n += psize(p, PF_UPC_N);
    pfix(p, PF_SECON, &g->secon_sum);
    g->secon_n += psize(p, PF_SECON_N);
}

static void
merge_input(struct handoffs *h, const struct preader *p)
{
    size_t nj = psize(p, PF_COUNT);
    h->journeys += nj;
    h->events_total += psize(p, PF_EVENTS);
    h->skipped_total += psize(p, PF_SKIPPED);
    h->handoffs_total += psize(p, PF_HANDOFFS);
    h->providers_met += psize(p, PF_PROVIDERS_MET);
    if (nj) {
        const char *s = p->in.f[p->c0 + PF_LATEST];
        long long t;
        if (!num_parse_long(s, LLONG_MIN, LLONG_MAX, &t))
            die_at(p->in.file, p->in.line, "damaged partial: bad latest '%s'",
                   s);
        if ((int64_t)t > h->tmax)
            h->tmax = (int64_t)t;
    }
    h->tie_events += psize(p, PF_TIE_EVENTS);
    h->tie_mixed += psize(p, PF_TIE_MIXED);
    h->tie_handoffs += psize(p, PF_TIE_HANDOFFS);
    h->tie_clients += psize(p, PF_TIE_CLIENTS);
}

/* One record of a partial into the merged state. */
static void
merge_record(struct handoffs *h, const struct preader *p, size_t fi,
             char **files)
{
    const char *kind = p->in.f[3];
    enum mode mode = h->o->mode == MODE_DOT ? MODE_MATRIX : h->o->mode;
    struct handover *m = &h->matrix;
    if (strcmp(kind, "input") == 0) {
        merge_input(h, p);
    } else if (strcmp(kind, "client") == 0 && mode != MODE_PER_CLIENT) {
        pclient(h, p, fi, files);
    } else if (strcmp(kind, "row") == 0 && mode == MODE_PER_CLIENT) {
        pclient(h, p, fi, files);
        merge_row(h, p);
    } else if (strcmp(kind, "group") == 0 && mode == MODE_SUMMARY) {
        merge_group(h, p);
    } else if ((strcmp(kind, "handoffs") == 0 ||
                strcmp(kind, "providers") == 0) &&
               mode == MODE_SUMMARY) {
        struct group *g = group_at(h, pkey(h, p));
        vtab_add(kind[0] == 'h' ? &g->handoffs : &g->providers,
                 psize(p, PF_VALUE), psize(p, PF_COUNT));
    } else if (strcmp(kind, "seen") == 0 && mode == MODE_MATRIX) {
        handover_add_seen(m, pprov(h, p, PF_FROM));
    } else if (strcmp(kind, "cell") == 0 && mode == MODE_MATRIX) {
        size_t from = pprov(h, p, PF_FROM), to = pprov(h, p, PF_TO);
        handover_add_cell(m, from, to, psize(p, PF_COUNT),
                          psize(p, PF_CLIENTS), psize(p, PF_RETURNS));
    } else if (strcmp(kind, "delay") == 0 && mode == MODE_MATRIX) {
        size_t from = pprov(h, p, PF_FROM), to = pprov(h, p, PF_TO);
        handover_add_delays(m, from, to, (double)pint(p, PF_VALUE),
                            psize(p, PF_COUNT));
    } else if (strcmp(kind, "leave") == 0 && mode == MODE_MATRIX) {
        handover_add_leave(m, pprov(h, p, PF_FROM), psize(p, PF_HANDOFFS),
                           psize(p, PF_RETURNS), psize(p, PF_CLIENTS));
    } else if (strcmp(kind, "stay") == 0 && mode == MODE_MATRIX) {
        size_t id = pprov(h, p, PF_FROM);
        const char *v = p->in.f[p->c0 + PF_VALUE];
        long long t;
        if (!num_parse_long(v, LLONG_MIN, LLONG_MAX, &t))
            die_at(p->in.file, p->in.line, "damaged partial: bad value '%s'",
                   v);
        handover_add_stays(m, id, (double)t, pint(p, PF_ENDED) != 0,
                           psize(p, PF_COUNT));
    } else {
        die_at(p->in.file, p->in.line,
               "damaged partial: unknown record '%s'", kind);
    }
}

static void
merge_read(struct handoffs *h, char **files, size_t nfiles)
{
    if (nfiles == 0)
        usage_error("--merge needs the partial files as operands");
    fingerprint(h->o, &h->fp);
    size_t nh;
    char **hd = part_header(h->o, &nh);
    for (size_t fi = 0; fi < nfiles; fi++) {
        struct preader p;
        csvin_open(&p.in, &files[fi], 1);
        partial_check_header(&p.in.hdr, p.in.file);
        bool same = p.in.hdr.n == nh;
        for (size_t i = 0; same && i < nh; i++)
            same = strcmp(p.in.hdr.names[i], hd[i]) == 0;
        p.c0 = nh - PF_N;
        while (csvin_next(&p.in)) {
            partial_check(p.in.file, p.in.line, p.in.f, TOOL, &h->fp);
            if (!same)
                break;
            merge_record(h, &p, fi, files);
        }
        if (!same)
            die_at(p.in.file, 1,
                   "damaged partial: the columns are not those of format " PARTIAL_FORMAT);
        csvin_close(&p.in);
    }
    free(hd);
}

static int
cmp_mrow(const void *a, const void *b)
{
    const struct mrow *x = a, *y = b;
    return strcmp(x->client, y->client);
}

/* The figures of the merged state, as one run writes them. */
static void
merge_finish(struct handoffs *h)
{
    if (h->o->mode == MODE_PER_CLIENT) {
        /* One run writes the clients in byte order. */
        if (h->nmrows)
            qsort(h->mrows, h->nmrows, sizeof *h->mrows, cmp_mrow);
        for (size_t i = 0; i < h->nmrows; i++)
            per_client_write(h, h->mrows[i].client, h->mrows[i].key,
                             &h->mrows[i].f);
        per_client_header(h);
    }
    finish(h);
}

/* -j: a thread's --per-client row, written after the merge. */
static void
per_client_keep(struct handoffs *h, const struct journey *j,
                const struct client_figs *f)
{
    XGROW(h->mrows, h->mrcap, h->nmrows + 1);
    struct mrow *m = &h->mrows[h->nmrows++];
    m->client = j->client;
    m->key = h->o->ngroups || h->o->period ? journey_key(h, j) : 0;
    m->f = *f;
}

static void
do_journey(struct handoffs *h, const struct journey *j)
{
    if (j->t[j->n - 1] > h->tmax)
        h->tmax = j->t[j->n - 1];
    h->events_total += j->n;
    for (size_t i = 0; i < j->n && !h->providers_met; i++)
        h->providers_met += j->values->lens[val_id(j, i, COL_PROVIDER)] > 0;
    if (h->o->partial && h->o->mode != MODE_PER_CLIENT)
        partial_journey(h, j, NULL);
    if (h->o->mode == MODE_MATRIX || h->o->mode == MODE_DOT) {
        size_t np = journey_providers(h, j);
        h->skipped_total += j->n - np;
        journey_steps(h, np);
        if (h->o->ties == TIES_STEP)
            handover_journey_steps(&h->matrix, &h->steps);
        else
            handover_journey_timed(&h->matrix, h->prov, h->ptime, np);
    } else {
        struct client_figs f;
        journey_figures(h, j, &f);
        if (h->o->mode == MODE_PER_CLIENT && h->o->partial)
            partial_journey(h, j, &f);
        else if (h->o->mode == MODE_PER_CLIENT && h->collect)
            per_client_keep(h, j, &f);
        else if (h->o->mode == MODE_PER_CLIENT)
            per_client_row(h, j, &f);
        else
            summary_add(h, j, &f);
    }
    h->journeys++;
}

static void
run_evlog(struct handoffs *h, struct csvin *in, char **cols, size_t ncols)
{
    struct evtab tab;
    evtab_read(&tab, in, cols, ncols);
    evtab_group(&tab);
    h->values = &tab.values;
    struct evjourney j;
    evjourney_init(&j, ncols, &tab.values);
    for (size_t k = 0; k < tab.clients.n; k++) {
        evtab_journey(&tab, k, &j);
        do_journey(h, &j);
    }
    evjourney_free(&j);
    finish(h);
    evtab_free(&tab);
}

static void
run_stream(struct handoffs *h, struct csvin *in, char **cols, size_t ncols)
{
    struct evstream s;
    evstream_open(&s, in, cols, ncols);
    h->values = &s.values;
    while (evstream_next(&s)) {
        do_journey(h, &s.j);
    }
    finish(h);
    evstream_free(&s);
}

static void
handoffs_free(struct handoffs *h)
{
    cont_work_free(&h->work);
    cont_steps_free(&h->steps);
    free(h->prov);
    free(h->ptime);
    free(h->rep_count);
    free(h->rep_of);
    for (size_t i = 0; i < h->gcap; i++) {
        free(h->groups[i].handoffs.count);
        free(h->groups[i].providers.count);
    }
    free(h->gperiod);
    free(h->groups);
    strmap_free(&h->keys);
    free(h->keybuf);
    free(h->keyfields);
    handover_free(&h->matrix);
    partial_fp_free(&h->fp);
    strmap_free(&h->mclients);
    strmap_free(&h->mvalues);
    free(h->mcfile);
    free(h->mrows);
}

static void
handoffs_setup(struct handoffs *h, const struct handoffs_opts *o)
{
    memset(h, 0, sizeof *h);
    h->o = o;
    h->tmax = INT64_MIN;
    h->keyfields = xcalloc(o->ngroups + 2, sizeof *h->keyfields);
    strmap_init(&h->keys);
    strmap_init(&h->mclients);
    strmap_init(&h->mvalues);
    partial_fp_init(&h->fp);
    handover_init(&h->matrix, o->self);
    cont_work_init(&h->work);
    cont_steps_init(&h->steps);
}

/* --merge: read the partials, write the figures. */
static int
merge_main(const struct handoffs_opts *o, char **files, size_t nfiles)
{
    struct handoffs h;
    handoffs_setup(&h, o);
    h.values = &h.mvalues;
    partial_fp_free(&h.fp);
    merge_read(&h, files, nfiles);
    FILE *out = outfile_open(o->co.output);
    csvw_init(&h.w, out, o->co.digits);
    merge_finish(&h);
    outfile_commit();
    handoffs_free(&h);
    opts_free_list(o->groups, o->ngroups);
    opts_free_list(o->repeat, o->nrepeat);
    return EXIT_OK;
}

/* -j N (par.h): phase 1, one thread per byte range, reads and routes each
 * event by a hash of its client to one of N owners (evsplit, events.h);
 * phase 2, one thread per owner, gathers the owner's events in input
 * order and finds the figures of its clients' journeys into a state of
 * its own; then the states are merged as --merge merges partials (the
 * owners' clients are disjoint). The output is the same bytes as one
 * reader's. */
struct jobs {
    const struct handoffs_opts *o;
    char **cols;
    size_t ncols, act_col;
    struct par *p;
    size_t base; /* phase 1: index of the current file's first range */
    struct evsplit *r;
    size_t nr, rcap;
    size_t nowners;
    struct strmap values;
    uint32_t **valmap;
    struct evtab *tabs;
    struct handoffs *hs;
};

static void
jobs_read(void *ctx, size_t k, const struct par_range *range)
{
    (void)range;
    struct jobs *J = ctx;
    struct csvin in;
    par_csvin(J->p, k, &in);
    evsplit_read(&J->r[J->base + k], &in, J->cols, J->ncols, J->nowners);
    csvin_close(&in);
}

static void
jobs_journeys(void *ctx, size_t own, const struct par_range *range)
{
    (void)range;
    struct jobs *J = ctx;
    struct evtab *tab = &J->tabs[own];
    struct handoffs *h = &J->hs[own];
    evtab_gather(tab, J->r, J->nr, own, J->valmap);
    evtab_group(tab);
    struct evjourney j;
    evjourney_init(&j, J->ncols, &J->values);
    for (size_t k = 0; k < tab->clients.n; k++) {
        evtab_journey(tab, k, &j);
        do_journey(h, &j);
    }
    evjourney_free(&j);
    /* Only the client names are still needed (the rows point at them). */
    free(tab->t);
    free(tab->vals);
    free(tab->order);
    free(tab->start);
    free(tab->jclient);
    tab->t = NULL;
    tab->vals = tab->order = tab->start = tab->jclient = NULL;
}

/* The group of src's key sid in dst. */
static size_t
key_copy(struct handoffs *dst, const struct handoffs *src, size_t sid)
{
    bool added;
    size_t id = strmap_intern(&dst->keys, src->keys.strs[sid],
                              src->keys.lens[sid], &added);
    if (added) {
        XGROW(dst->gperiod, dst->gpcap, id + 1);
        dst->gperiod[id] = src->gperiod[sid];
    }
    return id;
}

static void
vtab_merge(struct vtab *dst, const struct vtab *src)
{
    for (size_t v = 0; v < src->cap; v++)
        if (src->count[v])
            vtab_add(dst, v, src->count[v]);
}

/* Adds the state of src (other clients) to dst. */
static void
state_merge(struct handoffs *dst, const struct handoffs *src)
{
    dst->journeys += src->journeys;
    dst->events_total += src->events_total;
    dst->providers_met += src->providers_met;
    dst->skipped_total += src->skipped_total;
    dst->handoffs_total += src->handoffs_total;
    dst->tie_events += src->tie_events;
    dst->tie_mixed += src->tie_mixed;
    dst->tie_handoffs += src->tie_handoffs;
    dst->tie_clients += src->tie_clients;
    if (src->tmax > dst->tmax)
        dst->tmax = src->tmax;
    bool keyed = dst->o->ngroups || dst->o->period;
    if (dst->o->mode == MODE_SUMMARY) {
        for (size_t sid = 0; sid < src->keys.n; sid++) {
            const struct group *s = &src->groups[sid];
            struct group *g = group_at(dst, key_copy(dst, src, sid));
            g->clients += s->clients;
            g->events += s->events;
            g->skipped += s->skipped;
            g->pingpong += s->pingpong;
            g->handoffs_sum += s->handoffs_sum;
            g->providers_sum += s->providers_sum;
            g->returns_sum += s->returns_sum;
            g->repeats_sum += s->repeats_sum;
            g->window_sum += s->window_sum;
            g->htime_ms += s->htime_ms;
            fixsum_merge(&g->coc_sum, &s->coc_sum);
            fixsum_merge(&g->upc_sum, &s->upc_sum);
            fixsum_merge(&g->secon_sum, &s->secon_sum);
            g->coc_n += s->coc_n;
            g->upc_n += s->upc_n;
            g->secon_n += s->secon_n;
            if (s->window_max > g->window_max)
                g->window_max = s->window_max;
            vtab_merge(&g->handoffs, &s->handoffs);
            vtab_merge(&g->providers, &s->providers);
        }
    } else if (dst->o->mode == MODE_PER_CLIENT) {
        XGROW(dst->mrows, dst->mrcap, dst->nmrows + src->nmrows);
        for (size_t i = 0; i < src->nmrows; i++) {
            struct mrow m = src->mrows[i];
            if (keyed)
                m.key = key_copy(dst, src, m.key);
            dst->mrows[dst->nmrows++] = m;
        }
    } else {
        handover_merge(&dst->matrix, &src->matrix);
    }
}

/* Reads the FILEs on J->nowners threads into h and writes the figures. */
static void
run_jobs(struct handoffs *h, struct jobs *J, char **files, size_t nfiles)
{
    struct par p;
    struct csvhdr first = {0};
    strmap_init(&J->values);
    for (size_t fi = 0; fi < nfiles; fi++) {
        if (!par_open(&p, files[fi], J->nowners, fi ? &first : NULL))
            die(EXIT_DATA, "%s: cannot be read on several threads",
                files[fi]);
        if (fi == 0) {
            csvhdr_require(&p.hdr, "client");
            csvhdr_require(&p.hdr, "time");
            for (size_t k = 0; k < J->ncols; k++)
                csvhdr_require(&p.hdr, J->cols[k]);
            csvhdr_copy(&first, p.hdr.names, p.hdr.n);
            csvw_init(&h->w, outfile_open(J->o->co.output), J->o->co.digits);
        }
        XGROW(J->r, J->rcap, J->nr + p.n + 1);
        J->p = &p;
        J->base = J->nr;
        J->nr += p.n;
        par_run(&p, jobs_read, J);
        par_close(&p);
    }
    csvhdr_free(&first);
    /* The values of every range, once, in range order: the ids of one
     * reader. */
    J->valmap = xcalloc(J->nr + 1, sizeof *J->valmap);
    for (size_t k = 0; k < J->nr; k++) {
        const struct strmap *v = &J->r[k].values;
        J->valmap[k] = xcalloc(v->n + 1, sizeof *J->valmap[k]);
        for (size_t i = 0; i < v->n; i++)
            J->valmap[k][i] = (uint32_t)strmap_intern(&J->values, v->strs[i],
                                                      v->lens[i], NULL);
    }
    J->tabs = xcalloc(J->nowners, sizeof *J->tabs);
    J->hs = xcalloc(J->nowners, sizeof *J->hs);
    for (size_t own = 0; own < J->nowners; own++) {
        handoffs_setup(&J->hs[own], J->o);
        J->hs[own].act_col = J->act_col;
        J->hs[own].collect = true;
        if (J->o->nrepeat)
            J->hs[own].rep_count =
                xcalloc(J->o->nrepeat, sizeof *J->hs[own].rep_count);
    }
    if (J->nr)
        par_each(J->nowners, jobs_journeys, J);
    for (size_t own = 0; own < J->nowners; own++)
        state_merge(h, &J->hs[own]);
    h->values = &J->values;
    if (h->o->mode == MODE_PER_CLIENT)
        merge_finish(h);
    else
        finish(h);
}

static void
jobs_free(struct jobs *J)
{
    for (size_t own = 0; J->hs && own < J->nowners; own++) {
        handoffs_free(&J->hs[own]);
        evtab_free(&J->tabs[own]);
    }
    for (size_t k = 0; k < J->nr; k++) {
        evsplit_free(&J->r[k]);
        free(J->valmap[k]);
    }
    free(J->valmap);
    free(J->r);
    free(J->tabs);
    free(J->hs);
    strmap_free(&J->values);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct handoffs_opts o;
    parse_options(argc, argv, &o);

    if (o.merge)
        return merge_main(&o, argv + optind, (size_t)(argc - optind));
    char **files = argv + optind;
    size_t nfiles = (size_t)(argc - optind);
    /* Kept columns: provider, groups, then activity for --repeat. All are
     * checked before any output is written. */
    size_t ncols = 0;
    char **cols = xcalloc(o.ngroups + 3, sizeof *cols);
    cols[ncols++] = (char *)o.by;
    for (size_t k = 0; k < o.ngroups; k++)
        cols[ncols++] = o.groups[k];
    struct handoffs h;
    handoffs_setup(&h, &o);
    if (o.nrepeat) {
        h.act_col = ncols;
        cols[ncols++] = "activity";
        h.rep_count = xcalloc(o.nrepeat, sizeof *h.rep_count);
    }
    /* Threads for a regular file in the default mode; --sorted streams
     * and --partial writes as it reads, each on one thread. */
    if (!o.sorted && !o.partial && nfiles &&
        par_usable(files, nfiles, o.jobs)) {
        struct jobs J;
        memset(&J, 0, sizeof J);
        J.o = &o;
        J.cols = cols;
        J.ncols = ncols;
        J.act_col = h.act_col;
        J.nowners = o.jobs;
        run_jobs(&h, &J, files, nfiles);
        outfile_commit();
        jobs_free(&J);
        handoffs_free(&h);
        free(cols);
        opts_free_list(o.groups, o.ngroups);
        opts_free_list(o.repeat, o.nrepeat);
        return EXIT_OK;
    }
    struct csvin in;
    csvin_open(&in, files, nfiles);
    csvhdr_require(&in.hdr, "client");
    csvhdr_require(&in.hdr, "time");
    for (size_t k = 0; k < ncols; k++)
        csvhdr_require(&in.hdr, cols[k]);

    FILE *out = outfile_open(o.co.output);
    /* A partial's doubles read back exactly with 17 digits. */
    csvw_init(&h.w, out, o.partial ? 17 : o.co.digits);
    if (o.partial) {
        partial_fp_free(&h.fp);
        partial_start(&h);
    }
    if (o.sorted)
        run_stream(&h, &in, cols, ncols);
    else
        run_evlog(&h, &in, cols, ncols);
    if (o.mode == MODE_PER_CLIENT && !o.partial)
        per_client_header(&h); /* no client at all */
    csvin_close(&in);
    outfile_commit();

    handoffs_free(&h);
    free(cols);
    opts_free_list(o.groups, o.ngroups);
    opts_free_list(o.repeat, o.nrepeat);
    return EXIT_OK;
}
