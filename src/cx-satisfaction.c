/* cx-satisfaction: survey figures per group and period from canonical
 * responses (mean with t interval, top and bottom box with Wilson
 * intervals, NPS, Cronbach's alpha, straightlining, period-on-period
 * change, small-cell suppression). */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "disclose.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "partial.h"
#include "stats.h"
#include "strmap.h"
#include "survey.h"
#include "tool.h"
#include "xalloc.h"

#define STRAIGHTLINE_DEFAULT 5
#define SCALE_LIMIT 1000000000000000LL

struct sat_opts {
    long long scale_min, scale_max;
    bool have_scale;
    /* --items or --exclude-items: the items listed (exclude: the opposite
     * selection); NULL when every item is read. */
    char **items;
    size_t nitems;
    bool exclude;
    char **group;
    size_t ngroup;
    enum period_kind period;
    bool by_response;
    long long top, bottom;
    bool nps, alpha, compare;
    size_t straightline;
    double target;         /* NaN: off */
    enum box_ci { BOX_WILSON, BOX_WILSON_CC, BOX_CLOPPER } box_ci;
    struct common_opts co; /* --min-n, --conf, --digits, -o */
    bool partial;          /* write the state (cx-partial(5)) */
    bool merge;            /* operands are partials */
    const char *scale_arg, *period_arg;
};

/* The groups as read: key strings, their -g value ids and period index. */
struct sat_groups {
    struct strmap keys;
    struct strmap vals; /* values of the -g columns */
    size_t *valid;      /* ngroup ids per group */
    int64_t *pidx;      /* period index per group */
    size_t cap;
};

/* Everything one output row needs. */
struct sat_row {
    struct svy_group c;
    struct svy_sum s;
    bool hidden;
    size_t prev; /* group id of the previous period, or (size_t)-1 */
};

static void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: %s [OPTION]... [FILE]...\n", prog_name);
    puts("Survey figures per group and period from canonical responses:\n"
         "mean with t interval, top- and bottom-box shares with Wilson\n"
         "intervals, NPS, Cronbach's alpha, change against the previous\n"
         "period, and small-cell suppression.\n"
         "\n"
         "  -s, --scale MIN-MAX     the answer scale, such as 1-5 or 0-10 "
         "(required)\n"
         "      --items LIST        read only the answers to these items "
         "(comma-\n"
         "                          separated); other rows are skipped, "
         "not\n"
         "                          checked against --scale\n"
         "      --exclude-items LIST\n"
         "                          skip the answers to these items\n"
         "  -g, --group-by COLS     comma-separated grouping columns\n"
         "  -p, --period P          day, week, month, quarter or year\n"
         "      --by-response       every answer is a unit, not the "
         "respondent\n"
         "      --top K             top box: the highest K points (default "
         "1)\n"
         "      --bottom K          bottom box: the lowest K points (default "
         "1)\n"
         "      --nps               Net Promoter Score (needs --scale 0-10)\n"
         "      --alpha             Cronbach's alpha across the items\n"
         "      --straightline[=N]  share of respondents giving N or more "
         "items\n"
         "                          all the same score (default N 5)\n"
         "      --compare           change against the previous period "
         "(needs -p)\n"
         "      --target PCT        meets_target: top-box share >= PCT\n"
         "      --box-ci METHOD     interval of the box shares: wilson "
         "(default),\n"
         "                          wilson-cc (R's prop.test) or "
         "clopper-pearson\n"
         "                          (R's binom.test)\n"
         "      --partial           write the state to merge later, not "
         "the\n"
         "                          figures (see cx-partial(5))\n"
         "      --merge             FILEs are partials: merge them and write "
         "the\n"
         "                          figures of one run over all their "
         "input\n"
         "      --min-n N           suppress groups of fewer than N "
         "respondents (0: none)\n"
         "      --disclosure P      disclosure profile: default (5, used when "
         "neither\n"
         "                          option is given), staff (10), opensafely "
         "(<= 7\n"
         "                          redacted, counts rounded to 5) or none "
         "(inside\n"
         "                          the secure environment only)\n"
         "      --conf L            confidence level (default 0.95)\n"
         "      --digits N          significant digits (default 10)\n"
         "  -o, --output FILE       write FILE atomically\n"
         "  -h, --help              show this help and exit\n"
         "  -V, --version           show the version and exit\n"
         "\n"
         "Input columns: respondent, item, score, time (with -p) and the\n"
         "-g columns. With no FILE, or FILE -, read standard input.\n"
         "\n"
         "Exit status: 0 success, 1 bad input data or a read or write "
         "error,\n"
         "2 bad command line.\n"
         "\n"
         "Example:\n"
         "  cx-satisfaction --scale 1-5 --top 3 -g unit -p month "
         "responses.csv");
    exit(EXIT_OK);
}

static void
parse_scale(struct sat_opts *o, const char *arg)
{
    const char *dash = arg[0] ? strchr(arg + 1, '-') : NULL;
    bool ok = dash != NULL;
    if (ok) {
        char *lo = xstrndup(arg, (size_t)(dash - arg));
        /* Up to 1e15 either way: measurements as well as answer scales
         * (NIST's NumAcc series sit at 1e6 and 1e7). */
        ok = num_parse_long(lo, -SCALE_LIMIT, SCALE_LIMIT, &o->scale_min) &&
             num_parse_long(dash + 1, -SCALE_LIMIT, SCALE_LIMIT,
                            &o->scale_max) &&
             o->scale_min < o->scale_max;
        free(lo);
    }
    if (!ok)
        usage_error("invalid --scale '%s': whole numbers MIN-MAX with MIN < "
                    "MAX, such as 1-5 or 0-10",
                    arg);
    o->have_scale = true;
}

enum {
    OPT_BY_RESPONSE = 256,
    OPT_TOP,
    OPT_BOTTOM,
    OPT_NPS,
    OPT_ALPHA,
    OPT_STRAIGHTLINE,
    OPT_COMPARE,
    OPT_TARGET,
    OPT_ITEMS,
    OPT_EXCLUDE_ITEMS,
    OPT_BOX_CI,
    OPT_PARTIAL,
    OPT_MERGE
};

static void
parse_args(struct sat_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scale", required_argument, NULL, 's'},
        {"items", required_argument, NULL, OPT_ITEMS},
        {"exclude-items", required_argument, NULL, OPT_EXCLUDE_ITEMS},
        {"group-by", required_argument, NULL, 'g'},
        {"period", required_argument, NULL, 'p'},
        {"by-response", no_argument, NULL, OPT_BY_RESPONSE},
        {"top", required_argument, NULL, OPT_TOP},
        {"bottom", required_argument, NULL, OPT_BOTTOM},
        {"nps", no_argument, NULL, OPT_NPS},
        {"alpha", no_argument, NULL, OPT_ALPHA},
        {"straightline", optional_argument, NULL, OPT_STRAIGHTLINE},
        {"compare", no_argument, NULL, OPT_COMPARE},
        {"target", required_argument, NULL, OPT_TARGET},
        {"box-ci", required_argument, NULL, OPT_BOX_CI},
        {"partial", no_argument, NULL, OPT_PARTIAL},
        {"merge", no_argument, NULL, OPT_MERGE},
        {"min-n", required_argument, NULL, OPT_COMMON_MIN_N},
        {"disclosure", required_argument, NULL, OPT_COMMON_DISCLOSURE},
        {"conf", required_argument, NULL, OPT_COMMON_CONF},
        {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    common_opts_init(&o->co);
    o->top = o->bottom = 1;
    o->target = NAN;
    bool have_items = false;
    int c;
    while ((c = getopt_long(argc, argv, "s:g:p:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            parse_scale(o, optarg);
            o->scale_arg = optarg;
            break;
        case OPT_PARTIAL:
            o->partial = true;
            break;
        case OPT_MERGE:
            o->merge = true;
            break;
        case OPT_ITEMS:
        case OPT_EXCLUDE_ITEMS:
            if (have_items && o->exclude != (c == OPT_EXCLUDE_ITEMS))
                usage_error("--items and --exclude-items cannot be combined");
            have_items = true;
            o->exclude = c == OPT_EXCLUDE_ITEMS;
            o->items = opt_list_append(o->exclude ? "--exclude-items"
                                                  : "--items",
                                       optarg, o->items, &o->nitems);
            break;
        case 'g':
            opts_free_list(o->group, o->ngroup);
            o->group = opt_list("-g", optarg, &o->ngroup);
            break;
        case 'p':
            o->period = opt_period(optarg);
            o->period_arg = optarg;
            break;
        case OPT_BY_RESPONSE:
            o->by_response = true;
            break;
        case OPT_TOP:
            o->top = opt_long("--top", optarg, 1, 1000000);
            break;
        case OPT_BOTTOM:
            o->bottom = opt_long("--bottom", optarg, 1, 1000000);
            break;
        case OPT_NPS:
            o->nps = true;
            break;
        case OPT_ALPHA:
            o->alpha = true;
            break;
        case OPT_STRAIGHTLINE:
            o->straightline =
                optarg ? (size_t)opt_long("--straightline", optarg, 2, 1000000)
                       : STRAIGHTLINE_DEFAULT;
            break;
        case OPT_COMPARE:
            o->compare = true;
            break;
        case OPT_TARGET:
            o->target = opt_double("--target", optarg, 0, 100);
            break;
        case OPT_BOX_CI:
            if (strcmp(optarg, "wilson") == 0)
                o->box_ci = BOX_WILSON;
            else if (strcmp(optarg, "wilson-cc") == 0)
                o->box_ci = BOX_WILSON_CC;
            else if (strcmp(optarg, "clopper-pearson") == 0)
                o->box_ci = BOX_CLOPPER;
            else
                usage_error("invalid --box-ci '%s': wilson, wilson-cc or "
                            "clopper-pearson",
                            optarg);
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
}

static void
validate(const struct sat_opts *o)
{
    if (!o->have_scale)
        usage_error("--scale is required, such as --scale 1-5");
    long long points = o->scale_max - o->scale_min;
    if (o->top > points)
        usage_error("invalid --top '%lld': the scale %lld-%lld has %lld "
                    "points, so at most %lld",
                    o->top, o->scale_min, o->scale_max, points + 1, points);
    if (o->bottom > points)
        usage_error("invalid --bottom '%lld': the scale %lld-%lld has %lld "
                    "points, so at most %lld",
                    o->bottom, o->scale_min, o->scale_max, points + 1, points);
    if (o->nps && (o->scale_min != 0 || o->scale_max != 10))
        usage_error("--nps needs --scale 0-10 (the 'how likely to "
                    "recommend' question)");
    if (o->partial && o->merge)
        usage_error("--partial and --merge cannot be combined");
    if (o->partial && (o->co.min_n || o->compare || !isnan(o->target) ||
                       o->box_ci != BOX_WILSON))
        usage_error("--min-n, --disclosure, --compare, --target and --box-ci "
                    "apply to the figures: give them with --merge, not "
                    "--partial");
    if (o->compare && o->period == PERIOD_NONE)
        usage_error("--compare needs -p: it compares each period with the "
                    "one before");
    for (size_t i = 0; i < o->ngroup; i++) {
        if (o->period != PERIOD_NONE && strcmp(o->group[i], "period") == 0)
            usage_error("-g column 'period' clashes with the period column "
                        "of -p");
        /* Summary rows never carry personal identifiers (CONVENTIONS.md,
         * Privacy). */
        if (strcmp(o->group[i], "respondent") == 0)
            usage_error("-g respondent would write respondent identifiers "
                        "into the output");
    }
}

/* Column indices of the input. */
struct sat_cols {
    size_t respondent, item, score, time;
    size_t *group;
};

static void
find_cols(const struct sat_opts *o, const struct csvin *in, struct sat_cols *c)
{
    c->respondent = csvhdr_require(&in->hdr, "respondent");
    c->item = csvhdr_require(&in->hdr, "item");
    c->score = csvhdr_require(&in->hdr, "score");
    c->time = o->period != PERIOD_NONE ? csvhdr_require(&in->hdr, "time") : 0;
    c->group = xmalloc((o->ngroup ? o->ngroup : 1) * sizeof *c->group);
    for (size_t i = 0; i < o->ngroup; i++)
        c->group[i] = csvhdr_require(&in->hdr, o->group[i]);
}

static const char *
required_field(const struct csvin *in, size_t col, const char *name)
{
    const char *v = in->f[col];
    if (!*v)
        die_at(in->file, in->line, "empty %s", name);
    return v;
}

/* Scratch space for building group keys, row after row. */
struct sat_keys {
    char **kf; /* the key's fields */
    char *buf;
    size_t cap;
    /* The answers of one respondent share a time: it is parsed once. */
    char *last_t;
    size_t last_cap;
    int64_t pidx;
    char label[32];
};

/* The group id of the -g values k->kf (and, with -p, the label k->label of
 * period k->pidx), adding the group when new. */
static size_t
intern_group(const struct sat_opts *o, struct sat_groups *gs,
             struct sat_keys *k)
{
    size_t nk = o->ngroup + (o->period != PERIOD_NONE);
    size_t len = key_join(&k->buf, &k->cap, k->kf, nk);
    bool added;
    size_t gid = strmap_intern(&gs->keys, k->buf, len, &added);
    if (added) {
        XGROW(gs->pidx, gs->cap, gid + 1);
        gs->valid = xreallocarray(gs->valid, gs->cap * (o->ngroup + 1),
                                  sizeof *gs->valid);
        gs->pidx[gid] = k->pidx;
        for (size_t i = 0; i < o->ngroup; i++)
            gs->valid[gid * o->ngroup + i] = strmap_add(&gs->vals, k->kf[i]);
    }
    return gid;
}

/* The group id of the current record, adding the group when new. */
static size_t
record_group(const struct sat_opts *o, const struct sat_cols *c,
             const struct csvin *in, struct sat_groups *gs, struct sat_keys *k)
{
    for (size_t i = 0; i < o->ngroup; i++)
        k->kf[i] = in->f[c->group[i]];
    size_t nk = o->ngroup;
    if (o->period != PERIOD_NONE) {
        const char *t = in->f[c->time];
        if (!k->last_t || strcmp(t, k->last_t) != 0) {
            int64_t ms;
            if (!time_parse(t, &ms, NULL))
                die_at(in->file, in->line, "bad time '%s' in column 'time'", t);
            k->pidx = period_index(o->period, ms);
            period_label(o->period, k->pidx, k->label, sizeof k->label);
            size_t tl = strlen(t);
            XGROW(k->last_t, k->last_cap, tl + 1);
            memcpy(k->last_t, t, tl + 1);
        }
        k->kf[nk++] = k->label;
    }
    return intern_group(o, gs, k);
}

/* The item selection of --items / --exclude-items: the listed items, how
 * often each occurred, and the rows skipped. */
struct sat_select {
    struct strmap listed;
    size_t *seen; /* per listed id */
    size_t skipped;
};

/* Whether the row of item is read; counts it either way. */
static bool
select_item(const struct sat_opts *o, struct sat_select *sel, const char *item)
{
    size_t id = strmap_find(&sel->listed, item);
    if (id != (size_t)-1)
        sel->seen[id]++;
    bool keep = (id != (size_t)-1) != o->exclude;
    if (!keep)
        sel->skipped++;
    return keep;
}

/* One stderr line with the rows skipped, and one per listed item that
 * never occurred (most likely a typo). */
static void
report_select(const struct sat_opts *o, const struct sat_select *sel)
{
    if (!o->items)
        return;
    const char *name = o->exclude ? "--exclude-items" : "--items";
    warn("%zu answer%s to %s items skipped", sel->skipped,
         sel->skipped == 1 ? "" : "s", o->exclude ? "excluded" : "other");
    /* A part of a split may well lack an item that the whole has. */
    for (size_t i = 0; !o->partial && i < sel->listed.n; i++)
        if (!sel->seen[i])
            warn("%s '%s' never occurs in the input (a typo?)", name,
                 sel->listed.strs[i]);
}

static void
read_input(const struct sat_opts *o, char **files, size_t nfiles,
           struct sat_groups *gs, struct svy *s)
{
    struct sat_select sel = {.skipped = 0};
    strmap_init(&sel.listed);
    for (size_t i = 0; i < o->nitems; i++)
        strmap_add(&sel.listed, o->items[i]);
    sel.seen = xcalloc(sel.listed.n + 1, sizeof *sel.seen);

    struct csvin in;
    struct sat_cols c;
    csvin_open(&in, files, nfiles);
    find_cols(o, &in, &c);
    struct sat_keys k = {.kf = xcalloc(o->ngroup + 2, sizeof *k.kf)};
    double lo = (double)o->scale_min, hi = (double)o->scale_max;
    while (csvin_next(&in)) {
        /* A row of an item not selected is skipped before its group, time,
         * respondent and score are looked at: it may be on another scale. */
        if (o->items &&
            !select_item(o, &sel, required_field(&in, c.item, "item")))
            continue;
        size_t gid = record_group(o, &c, &in, gs, &k);
        svy_touch(s, gid);
        const char *resp = required_field(&in, c.respondent, "respondent");
        const char *item = required_field(&in, c.item, "item");
        const char *sc = in.f[c.score];
        long double v;
        if (!*sc) {
            svy_missing(s, gid);
            continue;
        }
        if (!num_parse_ld(sc, &v))
            die_at(in.file, in.line, "bad score '%s' in column 'score'", sc);
        if (v < lo || v > hi)
            die_at(in.file, in.line, "score '%s' outside the scale %lld-%lld",
                   sc, o->scale_min, o->scale_max);
        svy_answer(s, gid, resp, item, v);
    }
    csvin_close(&in);
    report_select(o, &sel);
    strmap_free(&sel.listed);
    free(sel.seen);
    free(k.kf);
    free(k.buf);
    free(k.last_t);
    free(c.group);
}

/* --partial and --merge (cx-partial(5)): the state is the per-group counts,
 * one record per respondent and group, and with --by-response or --alpha
 * every answer. */

#define TOOL "cx-satisfaction"

/* The options that change the state; the others (--min-n, --conf,
 * --digits, --compare, --target) only change how it is finished. */
static void
fingerprint(const struct sat_opts *o, struct partial_fp *fp)
{
    char buf[32];
    char *list = NULL;
    size_t cap = 0;
    partial_fp_init(fp);
    partial_fp_add(fp, "scale", o->scale_arg);
    if (o->items) {
        size_t len = 0;
        for (size_t i = 0; i < o->nitems; i++) {
            size_t n = strlen(o->items[i]);
            XGROW(list, cap, len + n + 2);
            if (i)
                list[len++] = ',';
            memcpy(list + len, o->items[i], n);
            len += n;
            list[len] = '\0';
        }
    }
    partial_fp_add(fp, o->exclude ? "exclude-items" : "items", list);
    free(list);
    list = NULL;
    cap = 0;
    size_t len = 0;
    for (size_t i = 0; i < o->ngroup; i++) {
        size_t n = strlen(o->group[i]);
        XGROW(list, cap, len + n + 2);
        if (i)
            list[len++] = ',';
        memcpy(list + len, o->group[i], n);
        len += n;
        list[len] = '\0';
    }
    partial_fp_add(fp, "group-by", list);
    free(list);
    partial_fp_add(fp, "period", o->period_arg);
    partial_fp_add(fp, "by-response", o->by_response ? "yes" : "no");
    snprintf(buf, sizeof buf, "%lld", o->top);
    partial_fp_add(fp, "top", buf);
    snprintf(buf, sizeof buf, "%lld", o->bottom);
    partial_fp_add(fp, "bottom", buf);
    partial_fp_add(fp, "nps", o->nps ? "yes" : "no");
    partial_fp_add(fp, "alpha", o->alpha ? "yes" : "no");
    snprintf(buf, sizeof buf, "%zu", o->straightline);
    partial_fp_add(fp, "straightline", buf);
}

static const char *const part_cols[] = {
    "responses",  "missing", "top", "bottom", "promoters", "passives",
    "detractors", "answers", "sum", "min",    "max",       "score"};
#define NPART_COLS (sizeof part_cols / sizeof *part_cols)

/* Columns before part_cols: tool, format, options, record, the -g
 * columns, period_index (with -p), respondent, item. */
static size_t
part_lead(const struct sat_opts *o)
{
    return 4 + o->ngroup + (o->period != PERIOD_NONE) + 2;
}

static char **
part_header(const struct sat_opts *o, size_t *n)
{
    *n = part_lead(o) + NPART_COLS;
    char **h = xcalloc(*n, sizeof *h);
    size_t j = 0;
    h[j++] = "tool";
    h[j++] = "format";
    h[j++] = "options";
    h[j++] = "record";
    for (size_t i = 0; i < o->ngroup; i++)
        h[j++] = o->group[i];
    if (o->period != PERIOD_NONE)
        h[j++] = "period_index";
    h[j++] = "respondent";
    h[j++] = "item";
    for (size_t i = 0; i < NPART_COLS; i++)
        h[j++] = (char *)part_cols[i];
    return h;
}

/* The lead of one row: frame, record kind, group values and period. */
static void
part_row(const struct sat_opts *o, struct csvw *w, const struct partial_fp *fp,
         const char *kind, const struct sat_groups *gs, size_t g)
{
    partial_row_start(w, TOOL, fp);
    csvw_str(w, kind);
    for (size_t i = 0; i < o->ngroup; i++)
        csvw_str(w, gs->vals.strs[gs->valid[g * o->ngroup + i]]);
    if (o->period != PERIOD_NONE)
        csvw_int(w, (long long)gs->pidx[g]);
}

static void
empties(struct csvw *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csvw_empty(w);
}

static void
write_partial(const struct sat_opts *o, const struct sat_groups *gs,
              const struct svy *s)
{
    struct partial_fp fp;
    fingerprint(o, &fp);
    FILE *out = outfile_open(o->co.output);
    struct csvw w;
    /* 17 significant digits: every double reads back exactly. */
    csvw_init(&w, out, 17);
    size_t nh;
    char **h = part_header(o, &nh);
    csvw_row(&w, h, nh);
    free(h);
    size_t *order = strmap_sorted(&gs->keys);
    for (size_t r = 0; r < gs->keys.n; r++) {
        size_t g = order[r];
        if (g >= s->ng)
            continue;
        const struct svy_group *c = &s->g[g];
        part_row(o, &w, &fp, "group", gs, g);
        empties(&w, 2);
        csvw_int(&w, (long long)c->responses);
        csvw_int(&w, (long long)c->missing);
        csvw_int(&w, (long long)c->top);
        csvw_int(&w, (long long)c->bottom);
        csvw_int(&w, (long long)c->prom);
        csvw_int(&w, (long long)c->pas);
        csvw_int(&w, (long long)c->det);
        empties(&w, 5);
        csvw_end(&w);
    }
    free(order);
    for (size_t i = 0; i < svy_nrespondents(s); i++) {
        size_t g, rl, n;
        double sum, min, max;
        const char *resp = svy_respondent(s, i, &g, &rl, &n, &sum, &min, &max);
        part_row(o, &w, &fp, "respondent", gs, g);
        csvw_strn(&w, resp, rl);
        empties(&w, 8);
        csvw_int(&w, (long long)n);
        csvw_num(&w, sum);
        csvw_num(&w, min);
        csvw_num(&w, max);
        csvw_empty(&w);
        csvw_end(&w);
    }
    for (size_t i = 0; i < svy_nkept(s); i++) {
        size_t rec, g, rl, n;
        const char *item;
        double score, sum, min, max;
        svy_kept(s, i, &rec, &item, &score);
        const char *resp =
            svy_respondent(s, rec, &g, &rl, &n, &sum, &min, &max);
        part_row(o, &w, &fp, "answer", gs, g);
        csvw_strn(&w, resp, rl);
        csvw_str(&w, item);
        empties(&w, NPART_COLS - 1);
        csvw_num(&w, score);
        csvw_end(&w);
    }
    outfile_commit();
    partial_fp_free(&fp);
}

static size_t
part_count(const struct csvin *in, size_t col, const char *name)
{
    long long v;
    if (!num_parse_long(in->f[col], 0, LLONG_MAX, &v))
        die_at(in->file, in->line, "damaged partial: bad %s '%s'", name,
               in->f[col]);
    return (size_t)v;
}

static double
part_num(const struct csvin *in, size_t col, const char *name)
{
    double v;
    if (!num_parse(in->f[col], &v))
        die_at(in->file, in->line, "damaged partial: bad %s '%s'", name,
               in->f[col]);
    return v;
}

/* Reads one partial into the state. */
static void
read_partial(const struct sat_opts *o, char *file, const struct partial_fp *fp,
             struct sat_groups *gs, struct svy *s, struct sat_keys *k)
{
    struct csvin in;
    csvin_open(&in, &file, 1);
    partial_check_header(&in.hdr, in.file);
    size_t nh;
    char **h = part_header(o, &nh);
    bool same = in.hdr.n == nh;
    for (size_t i = 0; same && i < nh; i++)
        same = strcmp(in.hdr.names[i], h[i]) == 0;
    free(h);
    size_t lead = part_lead(o), per = o->ngroup + (o->period != PERIOD_NONE);
    while (csvin_next(&in)) {
        partial_check(in.file, in.line, in.f, TOOL, fp);
        if (!same)
            die_at(in.file, 1,
                   "damaged partial: the columns are not those "
                   "of format " PARTIAL_FORMAT);
        for (size_t i = 0; i < o->ngroup; i++)
            k->kf[i] = in.f[4 + i];
        if (o->period != PERIOD_NONE) {
            long long pi;
            if (!num_parse_long(in.f[4 + o->ngroup], -100000000, 100000000,
                                &pi))
                die_at(in.file, in.line,
                       "damaged partial: bad period_index "
                       "'%s'",
                       in.f[4 + o->ngroup]);
            k->pidx = pi;
            period_label(o->period, k->pidx, k->label, sizeof k->label);
            k->kf[o->ngroup] = k->label;
        }
        size_t gid = intern_group(o, gs, k);
        svy_touch(s, gid);
        const char *kind = in.f[3], *resp = in.f[4 + per];
        const char *item = in.f[5 + per];
        if (strcmp(kind, "group") == 0) {
            struct svy_group c = {
                .responses = part_count(&in, lead + 0, "responses"),
                .missing = part_count(&in, lead + 1, "missing"),
                .top = part_count(&in, lead + 2, "top"),
                .bottom = part_count(&in, lead + 3, "bottom"),
                .prom = part_count(&in, lead + 4, "promoters"),
                .pas = part_count(&in, lead + 5, "passives"),
                .det = part_count(&in, lead + 6, "detractors")};
            svy_add_counts(s, gid, &c);
        } else if (strcmp(kind, "respondent") == 0) {
            if (!*resp)
                die_at(in.file, in.line, "damaged partial: empty respondent");
            size_t n = part_count(&in, lead + 7, "answers");
            double sum = part_num(&in, lead + 8, "sum");
            double min = part_num(&in, lead + 9, "min");
            double max = part_num(&in, lead + 10, "max");
            if (n == 0 || min > max)
                die_at(in.file, in.line,
                       "damaged partial: respondent record "
                       "with no answers or min > max");
            svy_add_respondent(s, gid, resp, n, sum, min, max);
        } else if (strcmp(kind, "answer") == 0) {
            if (!o->alpha && !o->by_response)
                die_at(in.file, in.line,
                       "damaged partial: an answer record "
                       "without --alpha or --by-response");
            double v = part_num(&in, lead + 11, "score");
            if (!svy_add_kept(s, gid, resp, o->alpha ? item : "", v))
                die_at(in.file, in.line,
                       "damaged partial: an answer of "
                       "respondent '%s' before its record",
                       resp);
        } else {
            die_at(in.file, in.line, "damaged partial: unknown record '%s'",
                   kind);
        }
    }
    if (!same)
        die_at(in.file, 1,
               "damaged partial: the columns are not those of "
               "format " PARTIAL_FORMAT);
    csvin_close(&in);
}

static void
read_partials(const struct sat_opts *o, char **files, size_t nfiles,
              struct sat_groups *gs, struct svy *s)
{
    if (nfiles == 0)
        usage_error("--merge needs the partial files as operands");
    struct partial_fp fp;
    fingerprint(o, &fp);
    struct sat_keys k = {.kf = xcalloc(o->ngroup + 2, sizeof *k.kf)};
    for (size_t i = 0; i < nfiles; i++)
        read_partial(o, files[i], &fp, gs, s, &k);
    free(k.kf);
    free(k.buf);
    partial_fp_free(&fp);
}

/* Primary and complementary suppression over the -g columns and the
 * period (see the man page). */
static void
apply_min_n(const struct sat_opts *o, const struct sat_groups *gs,
            struct sat_row *rows, const size_t *order, size_t ng)
{
    size_t nd = o->ngroup + 1;
    size_t *keys = xmalloc((ng ? ng : 1) * nd * sizeof *keys);
    size_t *count = xmalloc((ng ? ng : 1) * sizeof *count);
    bool *hidden = xmalloc((ng ? ng : 1) * sizeof *hidden);
    for (size_t r = 0; r < ng; r++) {
        size_t g = order[r];
        for (size_t i = 0; i < o->ngroup; i++)
            keys[r * nd + i] = gs->valid[g * o->ngroup + i];
        keys[r * nd + o->ngroup] = (size_t)gs->pidx[g];
        count[r] = rows[g].s.respondents;
    }
    disclosure_cells(&o->co.disc, ng, nd,
                     o->period != PERIOD_NONE ? nd : o->ngroup, keys, count,
                     hidden);
    for (size_t r = 0; r < ng; r++)
        rows[order[r]].hidden = hidden[r];
    free(keys);
    free(count);
    free(hidden);
}

/* --disclosure opensafely: every count a figure is made from is rounded
 * to the nearest 5 before the figures are computed, so that no figure
 * gives the exact count away; Feldt's alpha interval, which needs the
 * item variances, is left out. */
static void
round_counts(const struct disclosure *d, struct sat_row *r)
{
#define ROUND(x) (x) = (size_t)disclosure_round(d, (long long)(x))
    ROUND(r->c.responses);
    ROUND(r->c.missing);
    ROUND(r->c.top);
    ROUND(r->c.bottom);
    ROUND(r->c.prom);
    ROUND(r->c.pas);
    ROUND(r->c.det);
    ROUND(r->s.respondents);
    ROUND(r->s.n);
    ROUND(r->s.straightliners);
    ROUND(r->s.alpha_n);
#undef ROUND
    r->s.alpha_lo = r->s.alpha_hi = NAN;
}

/* The group of the same -g values in period index - 1, or (size_t)-1. */
static size_t
previous_group(const struct sat_opts *o, const struct sat_groups *gs, size_t g)
{
    char label[32];
    char **kf = xcalloc(o->ngroup + 1, sizeof *kf);
    for (size_t i = 0; i < o->ngroup; i++)
        kf[i] = gs->vals.strs[gs->valid[g * o->ngroup + i]];
    period_label(o->period, gs->pidx[g] - 1, label, sizeof label);
    kf[o->ngroup] = label;
    char *buf = NULL;
    size_t cap = 0;
    key_join(&buf, &cap, kf, o->ngroup + 1);
    size_t prev = strmap_find(&gs->keys, buf);
    free(buf);
    free(kf);
    return prev;
}

static void
write_header(const struct sat_opts *o, struct csvw *w)
{
    static const char *base[] = {
        "respondents",   "responses",    "missing",
        "mean",          "sd",           "mean_lo",
        "mean_hi",       "median",       "top_box_pct",
        "top_box_lo",    "top_box_hi",   "bottom_box_pct",
        "bottom_box_lo", "bottom_box_hi"};
    static const char *nps[] = {"nps",          "nps_lo",
                                "nps_hi",       "promoters_pct",
                                "passives_pct", "detractors_pct"};
    static const char *alpha[] = {"alpha", "alpha_lo", "alpha_hi",
                                  "alpha_respondents"};
    static const char *cmp[] = {"delta_mean", "p_mean", "delta_top_box_pct",
                                "p_top_box"};
    for (size_t i = 0; i < o->ngroup; i++)
        csvw_str(w, o->group[i]);
    if (o->period != PERIOD_NONE)
        csvw_str(w, "period");
    for (size_t i = 0; i < sizeof base / sizeof *base; i++)
        csvw_str(w, base[i]);
    for (size_t i = 0; o->nps && i < sizeof nps / sizeof *nps; i++)
        csvw_str(w, nps[i]);
    for (size_t i = 0; o->alpha && i < sizeof alpha / sizeof *alpha; i++)
        csvw_str(w, alpha[i]);
    if (o->straightline)
        csvw_str(w, "straightline_pct");
    for (size_t i = 0; o->compare && i < sizeof cmp / sizeof *cmp; i++)
        csvw_str(w, cmp[i]);
    if (!isnan(o->target))
        csvw_str(w, "meets_target");
    if (o->co.min_n)
        csvw_str(w, "suppressed");
    csvw_end(w);
}

static size_t
nfigures(const struct sat_opts *o)
{
    return 13 + (o->nps ? 6 : 0) + (o->alpha ? 4 : 0) +
           (o->straightline ? 1 : 0) + (o->compare ? 4 : 0) +
           (isnan(o->target) ? 0 : 1);
}

/* A share x/n as a percentage with its interval (--box-ci). */
static void
write_share(const struct sat_opts *o, struct csvw *w, size_t x, size_t n,
            double z)
{
    double lo, hi;
    if (o->box_ci == BOX_WILSON_CC)
        stats_wilson_cc((double)x, (double)n, z, &lo, &hi);
    else if (o->box_ci == BOX_CLOPPER)
        stats_clopper_pearson((double)x, (double)n, o->co.conf, &lo, &hi);
    else
        stats_wilson((double)x, (double)n, z, &lo, &hi);
    csvw_num(w, n ? 100.0 * (double)x / (double)n : NAN);
    csvw_num(w, 100 * lo);
    csvw_num(w, 100 * hi);
}

static double
pct(size_t x, size_t n)
{
    return n ? 100.0 * (double)x / (double)n : NAN;
}

static void
write_compare(struct csvw *w, const struct sat_row *rows, size_t g)
{
    const struct sat_row *r = &rows[g];
    const struct sat_row *q = r->prev == (size_t)-1 ? NULL : &rows[r->prev];
    double t, df, p = NAN, dm = NAN, db = NAN, z, pb = NAN;
    if (q && !q->hidden) {
        dm = r->s.mean - q->s.mean;
        stats_welch(r->s.mean, r->s.sd, r->s.n, q->s.mean, q->s.sd, q->s.n, &t,
                    &df, &p);
        if (r->c.responses && q->c.responses) {
            db = pct(r->c.top, r->c.responses) - pct(q->c.top, q->c.responses);
            stats_two_prop((double)r->c.top, (double)r->c.responses,
                           (double)q->c.top, (double)q->c.responses, &z, &pb);
        }
    }
    csvw_num(w, dm);
    csvw_num(w, p);
    csvw_num(w, db);
    csvw_num(w, pb);
}

static void
write_figures(const struct sat_opts *o, struct csvw *w,
              const struct sat_row *rows, size_t g, double z)
{
    const struct sat_row *r = &rows[g];
    const struct svy_sum *s = &r->s;
    double lo, hi;
    csvw_int(w, (long long)r->c.responses);
    csvw_int(w, (long long)r->c.missing);
    csvw_num(w, s->mean);
    csvw_num(w, s->sd);
    stats_mean_ci(s->n, s->mean, s->sd, o->co.conf, &lo, &hi);
    csvw_num(w, lo);
    csvw_num(w, hi);
    csvw_num(w, s->median);
    write_share(o, w, r->c.top, r->c.responses, z);
    write_share(o, w, r->c.bottom, r->c.responses, z);
    if (o->nps) {
        double nps, se;
        size_t n = r->c.prom + r->c.pas + r->c.det;
        survey_nps((double)r->c.prom, (double)r->c.pas, (double)r->c.det, z,
                   &nps, &se, &lo, &hi);
        csvw_num(w, nps);
        csvw_num(w, lo);
        csvw_num(w, hi);
        csvw_num(w, pct(r->c.prom, n));
        csvw_num(w, pct(r->c.pas, n));
        csvw_num(w, pct(r->c.det, n));
    }
    if (o->alpha) {
        csvw_num(w, s->alpha);
        csvw_num(w, s->alpha_lo);
        csvw_num(w, s->alpha_hi);
        csvw_int(w, (long long)s->alpha_n);
    }
    if (o->straightline)
        csvw_num(w, pct(s->straightliners, s->respondents));
    if (o->compare)
        write_compare(w, rows, g);
    if (!isnan(o->target)) {
        double share = pct(r->c.top, r->c.responses);
        if (isnan(share))
            csvw_empty(w);
        else
            csvw_int(w, share >= o->target);
    }
}

static void
write_output(const struct sat_opts *o, const struct sat_groups *gs,
             const struct sat_row *rows, const size_t *order, size_t ng)
{
    FILE *fp = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, fp, o->co.digits);
    write_header(o, &w);
    double z = stats_z(o->co.conf);
    char label[32];
    for (size_t r = 0; r < ng; r++) {
        size_t g = order[r];
        for (size_t i = 0; i < o->ngroup; i++)
            csvw_str(&w, gs->vals.strs[gs->valid[g * o->ngroup + i]]);
        if (o->period != PERIOD_NONE) {
            period_label(o->period, gs->pidx[g], label, sizeof label);
            csvw_str(&w, label);
        }
        if (rows[g].hidden && o->co.disc.redact_counts)
            csvw_empty(&w);
        else
            csvw_int(&w, (long long)rows[g].s.respondents);
        if (rows[g].hidden)
            for (size_t i = 0; i < nfigures(o); i++)
                csvw_empty(&w);
        else
            write_figures(o, &w, rows, g, z);
        if (o->co.min_n)
            csvw_int(&w, rows[g].hidden);
        csvw_end(&w);
    }
    outfile_commit();
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct sat_opts o;
    parse_args(&o, argc, argv);
    validate(&o);
    common_disclosure_default(&o.co, !o.partial);

    struct svy_opts so = {
        .top_cut = (double)(o.scale_max - o.top + 1),
        .bottom_cut = (double)(o.scale_min + o.bottom - 1),
        .by_response = o.by_response,
        .nps = o.nps,
        .alpha = o.alpha,
        .straightline = o.straightline,
        .conf = o.co.conf,
    };
    struct svy s;
    svy_init(&s, &so);
    struct sat_groups gs;
    memset(&gs, 0, sizeof gs);
    strmap_init(&gs.keys);
    strmap_init(&gs.vals);
    if (o.merge)
        read_partials(&o, argv + optind, (size_t)(argc - optind), &gs, &s);
    else
        read_input(&o, argv + optind, (size_t)(argc - optind), &gs, &s);
    if (o.partial) {
        write_partial(&o, &gs, &s);
        goto done;
    }

    size_t ng = gs.keys.n;
    struct svy_sum *sums = xcalloc(ng + 1, sizeof *sums);
    svy_finish(&s, sums);
    struct sat_row *rows = xcalloc(ng + 1, sizeof *rows);
    for (size_t g = 0; g < ng; g++) {
        rows[g].c = s.g[g];
        rows[g].s = sums[g];
        rows[g].prev = o.compare ? previous_group(&o, &gs, g) : (size_t)-1;
    }
    size_t *order = strmap_sorted(&gs.keys);
    if (o.co.min_n)
        apply_min_n(&o, &gs, rows, order, ng);
    if (o.co.disc.round_to)
        for (size_t g = 0; g < ng; g++)
            round_counts(&o.co.disc, &rows[g]);
    write_output(&o, &gs, rows, order, ng);

    free(order);
    free(rows);
    free(sums);
done:
    svy_free(&s);
    strmap_free(&gs.keys);
    strmap_free(&gs.vals);
    free(gs.valid);
    free(gs.pidx);
    opts_free_list(o.group, o.ngroup);
    opts_free_list(o.items, o.nitems);
    return EXIT_OK;
}
