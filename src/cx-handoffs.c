/* cx-handoffs: how often clients are passed between units or caregivers. */
#include <config.h>

#include <getopt.h>
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
#include "handover.h"
#include "km.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
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

/* A summary group. Per-client handoffs and providers are kept for the
 * median and 90th percentile. */
struct group {
    size_t clients, events, skipped, pingpong;
    double handoffs_sum, providers_sum, returns_sum, repeats_sum, htime_sum;
    double coc_sum, upc_sum, secon_sum, window_sum;
    size_t coc_n, upc_n, secon_n, window_max;
    double *handoffs, *providers;
    size_t cap;
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
        "      --sorted          input is sorted by client: stream it\n"
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
    common_opts_init(&o->co);
    int c;
    while ((c = getopt_long(argc, argv, "g:p:o:hV", long_options, NULL)) !=
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
            o->unit_ms = opt_unit(optarg);
            break;
        case OPT_SORTED:
            o->sorted = true;
            break;
        case OPT_ASOF:
            o->asof = opt_time("--asof", optarg);
            o->asof_given = true;
            break;
        case OPT_TOP:
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
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
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
    common_disclosure_default(&o->co, o->mode != MODE_PER_CLIENT);
}

/* The journey's figures. */
struct client_figs {
    size_t events, skipped, repeats, window_max;
    struct cont_figs c;
    double span;
    double handover; /* total handover time, in --unit */
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
    f->handover = (double)journey_handover_ms(h, np) / h->o->unit_ms;
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
    f->span = (double)(j->t[j->n - 1] - j->t[0]) / h->o->unit_ms;
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
    char label[32];
    if (h->o->period) {
        period_label(h->o->period, period_index(h->o->period, j->t[0]),
                     label, sizeof label);
        h->keyfields[nf++] = label;
    }
    size_t len = key_join(&h->keybuf, &h->keycap, h->keyfields, nf);
    return strmap_intern(&h->keys, h->keybuf, len, NULL);
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
per_client_row(struct handoffs *h, const struct journey *j,
               const struct client_figs *f)
{
    struct csvw *w = &h->w;
    per_client_header(h);
    csvw_str(w, j->client);
    if (h->o->ngroups || h->o->period) {
        size_t id = journey_key(h, j);
        write_key_fields(h, h->keys.strs[id]);
    }
    csvw_int(w, (long long)f->events);
    csvw_int(w, (long long)f->skipped);
    csvw_int(w, (long long)f->c.providers);
    csvw_int(w, (long long)f->c.handoffs);
    csvw_int(w, (long long)f->c.returns);
    csvw_num(w, f->c.coc);
    csvw_num(w, f->c.upc);
    csvw_num(w, f->c.secon);
    csvw_num(w, f->span);
    csvw_num(w, f->handover);
    if (h->o->nrepeat)
        csvw_int(w, (long long)f->repeats);
    if (h->o->window)
        csvw_int(w, (long long)f->window_max);
    csvw_end(w);
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
    XGROW(g->handoffs, g->cap, g->clients + 1);
    g->providers = xreallocarray(g->providers, g->cap, sizeof *g->providers);
    g->handoffs[g->clients] = (double)f->c.handoffs;
    g->providers[g->clients] = (double)f->c.providers;
    g->clients++;
    g->events += f->events;
    g->skipped += f->skipped;
    g->handoffs_sum += (double)f->c.handoffs;
    g->providers_sum += (double)f->c.providers;
    g->returns_sum += (double)f->c.returns;
    g->pingpong += f->c.returns > 0;
    g->repeats_sum += (double)f->repeats;
    g->htime_sum += f->handover;
    g->window_sum += (double)f->window_max;
    if (f->window_max > g->window_max)
        g->window_max = f->window_max;
    if (!isnan(f->c.coc)) {
        g->coc_sum += f->c.coc;
        g->coc_n++;
    }
    if (!isnan(f->c.upc)) {
        g->upc_sum += f->c.upc;
        g->upc_n++;
    }
    if (!isnan(f->c.secon)) {
        g->secon_sum += f->c.secon;
        g->secon_n++;
    }
}

static double
mean_or_nan(double sum, size_t n)
{
    return n ? sum / (double)n : NAN;
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
#define RS(x) (x) = (double)disclosure_round(d, (long long)llround(x))
    RC(g->clients);
    RC(g->events);
    RC(g->skipped);
    RC(g->pingpong);
    RS(g->handoffs_sum);
    RS(g->providers_sum);
    RS(g->returns_sum);
    RS(g->repeats_sum);
    RS(g->window_sum);
#undef RC
#undef RS
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
        size_t nc = g->clients; /* exact: the length of the arrays */
        gsl_sort(g->handoffs, 1, nc);
        gsl_sort(g->providers, 1, nc);
        if (d->round_to)
            round_group(d, g);
        csvw_int(w, (long long)g->clients);
        double n = (double)g->clients;
        csvw_int(w, (long long)g->events);
        csvw_int(w, (long long)g->skipped);
        csvw_num(w, g->handoffs_sum / n);
        csvw_num(w,
                 gsl_stats_quantile_from_sorted_data(g->handoffs, 1, nc, 0.5));
        csvw_num(w,
                 gsl_stats_quantile_from_sorted_data(g->handoffs, 1, nc, 0.9));
        csvw_num(w, g->providers_sum / n);
        csvw_num(w,
                 gsl_stats_quantile_from_sorted_data(g->providers, 1, nc, 0.5));
        csvw_num(w, g->returns_sum / n);
        csvw_num(w, 100.0 * (double)g->pingpong / n);
        csvw_num(w, mean_or_nan(g->coc_sum, g->coc_n));
        csvw_num(w, mean_or_nan(g->upc_sum, g->upc_n));
        csvw_num(w, mean_or_nan(g->secon_sum, g->secon_n));
        csvw_num(w, g->htime_sum / n);
        csvw_num(w, g->htime_sum);
        if (o->nrepeat)
            csvw_num(w, g->repeats_sum / n);
        if (o->window) {
            csvw_num(w, g->window_sum / n);
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

static void
do_journey(struct handoffs *h, const struct journey *j)
{
    if (j->t[j->n - 1] > h->tmax)
        h->tmax = j->t[j->n - 1];
    h->events_total += j->n;
    for (size_t i = 0; i < j->n && !h->providers_met; i++)
        h->providers_met += j->values->lens[val_id(j, i, COL_PROVIDER)] > 0;
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
        if (h->o->mode == MODE_PER_CLIENT)
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
    no_provider_check(h);
    if (h->o->mode == MODE_SUMMARY)
        summary_write(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        matrix_write(h);
    ties_note(h);
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
    no_provider_check(h);
    if (h->o->mode == MODE_SUMMARY)
        summary_write(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        matrix_write(h);
    ties_note(h);
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
        free(h->groups[i].handoffs);
        free(h->groups[i].providers);
    }
    free(h->groups);
    strmap_free(&h->keys);
    free(h->keybuf);
    free(h->keyfields);
    handover_free(&h->matrix);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct handoffs_opts o;
    parse_options(argc, argv, &o);

    struct csvin in;
    csvin_open(&in, argv + optind, (size_t)(argc - optind));
    /* Kept columns: provider, groups, then activity for --repeat. All are
     * checked before any output is written. */
    size_t ncols = 0;
    char **cols = xcalloc(o.ngroups + 3, sizeof *cols);
    cols[ncols++] = (char *)o.by;
    for (size_t k = 0; k < o.ngroups; k++)
        cols[ncols++] = o.groups[k];
    struct handoffs h;
    memset(&h, 0, sizeof h);
    h.o = &o;
    h.tmax = INT64_MIN;
    if (o.nrepeat) {
        h.act_col = ncols;
        cols[ncols++] = "activity";
        h.rep_count = xcalloc(o.nrepeat, sizeof *h.rep_count);
    }
    csvhdr_require(&in.hdr, "client");
    csvhdr_require(&in.hdr, "time");
    for (size_t k = 0; k < ncols; k++)
        csvhdr_require(&in.hdr, cols[k]);
    h.keyfields = xcalloc(o.ngroups + 2, sizeof *h.keyfields);
    strmap_init(&h.keys);
    handover_init(&h.matrix, o.self);
    cont_work_init(&h.work);
    cont_steps_init(&h.steps);

    FILE *out = outfile_open(o.co.output);
    csvw_init(&h.w, out, o.co.digits);
    if (o.sorted)
        run_stream(&h, &in, cols, ncols);
    else
        run_evlog(&h, &in, cols, ncols);
    if (o.mode == MODE_PER_CLIENT)
        per_client_header(&h); /* no client at all */
    csvin_close(&in);
    outfile_commit();

    handoffs_free(&h);
    free(cols);
    opts_free_list(o.groups, o.ngroups);
    opts_free_list(o.repeat, o.nrepeat);
    return EXIT_OK;
}
