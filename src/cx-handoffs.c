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
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "strmap.h"
#include "tool.h"
#include "xalloc.h"

enum mode { MODE_SUMMARY, MODE_PER_CLIENT, MODE_MATRIX, MODE_DOT };

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
    struct common_opts co; /* --min-n, --conf, --digits, -o */
};

/* One client's journey, from evlog or evstream: events ev[0..n) in order,
 * kept column k of event e is values->strs[vals[e->seq * ncols + k]]. */
struct journey {
    const char *client;
    const struct ev *ev;
    size_t n;
    const size_t *vals;
    size_t ncols;
    const struct strmap *values;
};

/* Kept columns: 0 the provider, 1..ngroups the -g columns, then activity
 * when --repeat is given. */
#define COL_PROVIDER 0

/* A summary group. Per-client handoffs and providers are kept for the
 * median and 90th percentile. */
struct group {
    size_t clients, events, skipped, pingpong;
    double handoffs_sum, providers_sum, returns_sum, repeats_sum;
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
        "      --min-n N         suppress groups or matrix cells with fewer "
        "than N clients\n"
        "      --disclosure P    disclosure profile: default (5), staff (10) "
        "or\n"
        "                          opensafely (<= 7 redacted, counts rounded "
        "to 5)\n"
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
    if (o->mode == MODE_PER_CLIENT && o->co.min_n)
        usage_error("--min-n and --disclosure apply to the summary, --matrix "
                    "and --dot, not to --per-client");
}

/* The journey's figures. */
struct client_figs {
    size_t events, skipped, repeats, window_max;
    struct cont_figs c;
    double span;
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
    return j->vals[j->ev[i].seq * j->ncols + col];
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
        h->ptime[np++] = j->ev[i].t;
    }
    return np;
}

static void
journey_figures(struct handoffs *h, const struct journey *j,
                struct client_figs *f)
{
    memset(f, 0, sizeof *f);
    f->events = j->n;
    size_t np = journey_providers(h, j);
    f->skipped = j->n - np;
    cont_figures(h->prov, np, &h->work, &f->c);
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
    f->span = (double)(j->ev[j->n - 1].t - j->ev[0].t) / h->o->unit_ms;
}

/* Group key of a journey: the -g values and period of its first event. */
static size_t
journey_key(struct handoffs *h, const struct journey *j)
{
    size_t nf = h->o->ngroups;
    for (size_t k = 0; k < nf; k++)
        h->keyfields[k] = j->values->strs[val_id(j, 0, 1 + k)];
    char label[32];
    if (h->o->period) {
        period_label(h->o->period, period_index(h->o->period, j->ev[0].t),
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
    static const char *cols[] = {"events",   "skipped", "providers",
                                 "handoffs", "returns", "coc",
                                 "upc",      "secon",   "span"};
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
    static const char *cols[] = {
        "clients",         "events",       "skipped",        "handoffs_mean",
        "handoffs_median", "handoffs_p90", "providers_mean", "providers_median",
        "returns_mean",    "pingpong_pct", "coc_mean",       "upc_mean",
        "secon_mean"};
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
    size_t nfig = 12 + (o->nrepeat ? 1 : 0) + (o->window ? 2 : 0);
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

static void
matrix_write(struct handoffs *h)
{
    struct csvw *w = &h->w;
    struct handover *m = &h->matrix;
    const struct disclosure *d = &h->o->co.disc;
    matrix_hide(h);
    if (d->round_to) /* rounded before the DOT picture is drawn */
        for (size_t i = 0; i < m->nshown; i++) {
            m->cells[i].count =
                (size_t)disclosure_round(d, (long long)m->cells[i].count);
            m->cells[i].clients =
                (size_t)disclosure_round(d, (long long)m->cells[i].clients);
        }
    if (h->o->mode == MODE_DOT) {
        handover_write_dot(m, h->values, w->fp);
        skipped_note(h);
        return;
    }
    csvw_str(w, "from");
    csvw_str(w, "to");
    csvw_str(w, "handoffs");
    csvw_str(w, "clients");
    if (h->o->co.min_n)
        csvw_str(w, "suppressed");
    csvw_end(w);
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
        if (h->o->co.min_n)
            csvw_int(w, !shown);
        csvw_end(w);
    }
    skipped_note(h);
}

static void
do_journey(struct handoffs *h, const struct journey *j)
{
    if (h->o->mode == MODE_MATRIX || h->o->mode == MODE_DOT) {
        size_t np = journey_providers(h, j);
        h->skipped_total += j->n - np;
        handover_journey(&h->matrix, h->prov, np);
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
    struct evlog log;
    evlog_read(&log, in, cols, ncols);
    /* evlog_sort passes a null array to qsort when there is no event. */
    if (log.n)
        evlog_sort(&log);
    h->values = &log.values;
    struct journey j = {NULL, NULL, 0, log.vals, ncols, &log.values};
    for (size_t i = 0; i < log.n;) {
        size_t k = i + 1;
        while (k < log.n && log.ev[k].client == log.ev[i].client)
            k++;
        j.client = log.clients.strs[log.ev[i].client];
        j.ev = log.ev + i;
        j.n = k - i;
        do_journey(h, &j);
        i = k;
    }
    if (h->o->mode == MODE_SUMMARY)
        summary_write(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        matrix_write(h);
    evlog_free(&log);
}

static void
run_stream(struct handoffs *h, struct csvin *in, char **cols, size_t ncols)
{
    struct evstream s;
    evstream_open(&s, in, cols, ncols);
    h->values = &s.values;
    while (evstream_next(&s)) {
        struct journey j = {
            evstream_client(&s), s.ev, s.n, s.vals, ncols, &s.values};
        do_journey(h, &j);
    }
    if (h->o->mode == MODE_SUMMARY)
        summary_write(h);
    else if (h->o->mode != MODE_PER_CLIENT)
        matrix_write(h);
    evstream_free(&s);
}

static void
handoffs_free(struct handoffs *h)
{
    cont_work_free(&h->work);
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
