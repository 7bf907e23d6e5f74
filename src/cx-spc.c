/* cx-spc: statistical process control over a series per group: XmR and
 * p-charts with the NHS "Making Data Count" rules (statistics in spc.c). */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "spc.h"
#include "strmap.h"
#include "tool.h"
#include "xalloc.h"

struct spc_opts {
    char **group;
    size_t ngroup;
    const char *period_col;
    const char *value_col;
    const char *den_col;
    struct spc_params sp;
    size_t baseline_n;      /* 0: not given as a count */
    const char *base_first; /* FIRST:LAST, or NULL */
    const char *base_last;
    char *base_arg;
    char **recalc;
    size_t nrecalc;
    int direction; /* +1 up is better, -1 down is better, 0 not given */
    double target; /* NaN: not given */
    bool summary;
    struct common_opts co;
};

/* One input row. */
struct row {
    size_t group;
    char *period;
    double value, n;
    const char *file;
    long line;
};

enum {
    OPT_PERIOD_COL = 256,
    OPT_CHART,
    OPT_DENOMINATOR,
    OPT_BASELINE,
    OPT_RECALC,
    OPT_DIRECTION,
    OPT_TARGET,
    OPT_RUN_LENGTH,
    OPT_TREND_LENGTH,
    OPT_SCREEN_MR,
    OPT_SUMMARY,
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf(
        "Usage: cx-spc [OPTION]... -y COL [FILE]...\n"
        "Statistical process control over a series per group: the centre "
        "line, the\ncontrol limits and the NHS Making Data Count signals "
        "for every period.\n\n"
        "  -g, --group-by COLS     one series per value of these columns\n"
        "      --period-col COL    the column of period labels (default "
        "period)\n"
        "  -y, --value COL         the column of values\n"
        "      --chart TYPE        xmr (individuals, default) or p "
        "(proportions)\n"
        "      --denominator COL   p-chart: the size of each period's share\n"
        "      --baseline N|FIRST:LAST  limits from the first N points of "
        "each phase,\n"
        "                          or from the periods FIRST to LAST "
        "(default all)\n"
        "      --recalc PERIODS    start a new phase with its own limits at "
        "these\n"
        "                          periods (comma-separated)\n"
        "      --direction D       up or down: which way is better (names "
        "signals\n"
        "                          improvement or concern)\n"
        "      --target X          a target line, in the units of the value\n"
        "      --run-length N      points on one side of the centre that "
        "signal\n"
        "                          (default 7)\n"
        "      --trend-length N    points rising or falling that signal "
        "(default 7)\n"
        "      --screen-mr         XmR: leave moving ranges above 3.267 MRbar "
        "out of\n"
        "                          the limits\n"
        "      --summary           one row per group describing its last "
        "point\n"
        "      --digits N          significant digits (default 10)\n"
        "  -o, --output FILE       write FILE atomically instead of stdout\n"
        "  -h, --help              show this help and exit\n"
        "  -V, --version           show the version and exit\n\n"
        "Exit status: 0 success, 1 bad input data or a read or write "
        "error,\n2 bad command line.\n\n"
        "Example:\n"
        "  cx-waits --from referral --to appointment -p week --norm 4w "
        "events.csv |\n"
        "    cx-spc -y within_norm_pct --chart p --denominator waits "
        "--direction up\n");
    exit(EXIT_OK);
}

static void
parse_baseline(struct spc_opts *o, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon) {
        o->baseline_n = (size_t)opt_long("--baseline", arg, 1, 1000000000);
        return;
    }
    free(o->base_arg);
    o->base_arg = xstrdup(arg);
    o->base_arg[colon - arg] = '\0';
    o->base_first = o->base_arg;
    o->base_last = o->base_arg + (colon - arg) + 1;
    if (!*o->base_first || !*o->base_last || strchr(o->base_last, ':') ||
        strcmp(o->base_first, o->base_last) > 0)
        usage_error("invalid --baseline '%s': a count N or FIRST:LAST with "
                    "FIRST <= LAST",
                    arg);
    o->baseline_n = 0;
}

static void
parse_args(struct spc_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"group-by", required_argument, NULL, 'g'},
        {"period-col", required_argument, NULL, OPT_PERIOD_COL},
        {"value", required_argument, NULL, 'y'},
        {"chart", required_argument, NULL, OPT_CHART},
        {"denominator", required_argument, NULL, OPT_DENOMINATOR},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"recalc", required_argument, NULL, OPT_RECALC},
        {"direction", required_argument, NULL, OPT_DIRECTION},
        {"target", required_argument, NULL, OPT_TARGET},
        {"run-length", required_argument, NULL, OPT_RUN_LENGTH},
        {"trend-length", required_argument, NULL, OPT_TREND_LENGTH},
        {"screen-mr", no_argument, NULL, OPT_SCREEN_MR},
        {"summary", no_argument, NULL, OPT_SUMMARY},
        {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "g:y:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            o->group = opt_list_append("-g", optarg, o->group, &o->ngroup);
            break;
        case OPT_PERIOD_COL:
            o->period_col = optarg;
            break;
        case 'y':
            o->value_col = optarg;
            break;
        case OPT_CHART:
            if (strcmp(optarg, "xmr") == 0)
                o->sp.chart = SPC_XMR;
            else if (strcmp(optarg, "p") == 0)
                o->sp.chart = SPC_P;
            else
                usage_error("invalid --chart '%s': xmr or p", optarg);
            break;
        case OPT_DENOMINATOR:
            o->den_col = optarg;
            break;
        case OPT_BASELINE:
            parse_baseline(o, optarg);
            break;
        case OPT_RECALC:
            o->recalc =
                opt_list_append("--recalc", optarg, o->recalc, &o->nrecalc);
            break;
        case OPT_DIRECTION:
            o->direction = opt_direction(optarg);
            break;
        case OPT_TARGET:
            if (!num_parse(optarg, &o->target))
                usage_error("invalid --target '%s': a number", optarg);
            break;
        case OPT_RUN_LENGTH:
            o->sp.run_min = (size_t)opt_long("--run-length", optarg, 2, 1000);
            break;
        case OPT_TREND_LENGTH:
            o->sp.trend_min =
                (size_t)opt_long("--trend-length", optarg, 3, 1000);
            break;
        case OPT_SCREEN_MR:
            o->sp.screen_mr = true;
            break;
        case OPT_SUMMARY:
            o->summary = true;
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
    if (!o->value_col)
        usage_error("give the value column with -y COL");
    if (o->sp.chart == SPC_P && !o->den_col)
        usage_error("--chart p needs --denominator COL, the size column");
    if (o->sp.chart == SPC_XMR && o->den_col)
        usage_error("--denominator is for --chart p");
    if (o->sp.chart == SPC_P && o->sp.screen_mr)
        usage_error("--screen-mr is for --chart xmr");
}

/* Whether a column name says percent (ends in _pct). */
static bool
is_pct(const char *name)
{
    size_t l = strlen(name);
    return l >= 4 && strcmp(name + l - 4, "_pct") == 0;
}

struct series {
    struct strmap keys; /* joined group values -> id */
    struct row *rows;
    size_t nrows, cap;
};

static void
read_rows(struct spc_opts *o, struct series *s, char **files, size_t nfiles)
{
    struct csvin in;
    csvin_open(&in, files, nfiles);
    size_t *gcol = xreallocarray(NULL, o->ngroup + 1, sizeof *gcol);
    for (size_t i = 0; i < o->ngroup; i++)
        gcol[i] = csvhdr_require(&in.hdr, o->group[i]);
    size_t pcol = csvhdr_require(&in.hdr, o->period_col);
    size_t vcol = csvhdr_require(&in.hdr, o->value_col);
    size_t ncol = o->den_col ? csvhdr_require(&in.hdr, o->den_col) : 0;
    double scale = o->sp.chart == SPC_P && is_pct(o->value_col) ? 100 : 1;
    char **kf = xreallocarray(NULL, o->ngroup + 1, sizeof *kf);
    char *buf = NULL;
    size_t bufcap = 0;
    strmap_init(&s->keys);
    while (csvin_next(&in)) {
        for (size_t i = 0; i < o->ngroup; i++)
            kf[i] = in.f[gcol[i]];
        size_t len = key_join(&buf, &bufcap, kf, o->ngroup);
        struct row r = {.file = in.file, .line = in.line, .n = NAN};
        r.group = strmap_intern(&s->keys, buf, len, NULL);
        const char *p = in.f[pcol];
        if (!*p)
            die_at(in.file, in.line, "empty period in column '%s'",
                   o->period_col);
        const char *v = in.f[vcol];
        r.value = NAN;
        if (*v && !num_parse(v, &r.value))
            die_at(in.file, in.line, "bad number '%s' in column '%s'", v,
                   o->value_col);
        if (o->sp.chart == SPC_P && *v && !(r.value >= 0 && r.value <= scale))
            die_at(in.file, in.line,
                   "share '%s' in column '%s' is outside 0 to %g", v,
                   o->value_col, scale);
        if (o->den_col) {
            const char *d = in.f[ncol];
            if (*d && !(num_parse(d, &r.n) && r.n >= 0))
                die_at(in.file, in.line,
                       "bad denominator '%s' in column '%s': a number >= 0", d,
                       o->den_col);
        }
        r.period = xstrdup(p);
        XGROW(s->rows, s->cap, s->nrows + 1);
        s->rows[s->nrows++] = r;
    }
    csvin_close(&in);
    free(buf);
    free(kf);
    free(gcol);
}

static int
row_cmp(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    int c = strcmp(x->period, y->period);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The phase of a period: 1 + the number of --recalc labels at or before
 * it (labels sort chronologically as text). */
static int
phase_of(const struct spc_opts *o, const char *period)
{
    int ph = 1;
    for (size_t i = 0; i < o->nrecalc; i++)
        if (strcmp(o->recalc[i], period) <= 0)
            ph++;
    return ph;
}

static bool
in_range(const struct spc_opts *o, const char *period)
{
    return strcmp(period, o->base_first) >= 0 &&
           strcmp(period, o->base_last) <= 0;
}

/* The baseline request of every point of one series (rows and pts
 * parallel, phases set). */
static void
mark_baseline(const struct spc_opts *o, const struct row *rows,
              struct spc_point *pts, size_t n)
{
    size_t a = 0;
    while (a < n) {
        size_t b = a;
        bool any_in_range = false;
        while (b < n && pts[b].phase == pts[a].phase) {
            if (o->base_first && in_range(o, rows[b].period) &&
                spc_has_value(&o->sp, &pts[b]))
                any_in_range = true;
            b++;
        }
        size_t taken = 0;
        for (size_t i = a; i < b; i++) {
            bool use = true;
            if (o->baseline_n)
                use = taken < o->baseline_n;
            else if (any_in_range)
                use = in_range(o, rows[i].period);
            pts[i].baseline = use;
            if (use && spc_has_value(&o->sp, &pts[i]))
                taken++;
        }
        a = b;
    }
}

/* A noun for the series' periods in descriptions: "weeks" when every label
 * is an ISO week, and so on; "points" otherwise. */
static const char *
period_noun(const struct row *rows, size_t n, bool plural)
{
    static const char *const nouns[][2] = {{"day", "days"},
                                           {"week", "weeks"},
                                           {"month", "months"},
                                           {"quarter", "quarters"},
                                           {"year", "years"}};
    enum period_kind k0 = PERIOD_NONE;
    for (size_t i = 0; i < n; i++) {
        enum period_kind k;
        int64_t idx;
        if (!period_parse_label(rows[i].period, &k, &idx) || (i > 0 && k != k0))
            return plural ? "points" : "point";
        k0 = k;
    }
    int j;
    switch (k0) {
    case PERIOD_DAY:
        j = 0;
        break;
    case PERIOD_WEEK:
        j = 1;
        break;
    case PERIOD_MONTH:
        j = 2;
        break;
    case PERIOD_QUARTER:
        j = 3;
        break;
    case PERIOD_YEAR:
        j = 4;
        break;
    default:
        return plural ? "points" : "point";
    }
    return nouns[j][plural];
}

static const char *
signal_name(const struct spc_opts *o, int side)
{
    if (!side)
        return "";
    if (!o->direction)
        return "special";
    return side == o->direction ? "improvement" : "concern";
}

struct out {
    struct csvw w;
    const struct spc_opts *o;
    struct series *s;
    double scale; /* 100 for a p-chart of a _pct column */
};

static void
write_keys(struct out *t, size_t g)
{
    const char *key = t->s->keys.strs[g];
    for (size_t i = 0; i < t->o->ngroup; i++) {
        const char *e = strchr(key, 0x1f);
        size_t len = e ? (size_t)(e - key) : strlen(key);
        csvw_strn(&t->w, key, len);
        key = e ? e + 1 : key + len;
    }
}

static void
write_header(struct out *t)
{
    static const char *const rows_cols[] = {
        "period",       "value",  "n",     "centre",   "lcl",    "ucl", "lcl2",
        "ucl2",         "mr",     "phase", "baseline", "beyond", "run", "trend",
        "two_of_three", "signal", "target"};
    static const char *const sum_cols[] = {
        "periods", "last_period", "last_value", "centre",     "lcl",
        "ucl",     "signal",      "rule",       "run_length", "description"};
    for (size_t i = 0; i < t->o->ngroup; i++)
        csvw_str(&t->w, t->o->group[i]);
    if (t->o->summary)
        for (size_t i = 0; i < sizeof sum_cols / sizeof *sum_cols; i++)
            csvw_str(&t->w, sum_cols[i]);
    else
        for (size_t i = 0; i < sizeof rows_cols / sizeof *rows_cols; i++)
            csvw_str(&t->w, rows_cols[i]);
    csvw_end(&t->w);
}

static void
write_flag(struct csvw *w, bool has_value, int flag)
{
    if (has_value)
        csvw_int(w, flag != 0);
    else
        csvw_empty(w);
}

static void
write_points(struct out *t, size_t g, const struct row *rows,
             const struct spc_point *pts, size_t n)
{
    struct csvw *w = &t->w;
    double sc = t->scale;
    for (size_t i = 0; i < n; i++) {
        const struct spc_point *pt = &pts[i];
        bool has = spc_has_value(&t->o->sp, pt);
        write_keys(t, g);
        csvw_str(w, rows[i].period);
        csvw_num(w, has ? rows[i].value : NAN);
        csvw_num(w, t->o->sp.chart == SPC_P ? pt->n : NAN);
        csvw_num(w, pt->centre * sc);
        csvw_num(w, pt->lcl * sc);
        csvw_num(w, pt->ucl * sc);
        csvw_num(w, pt->lcl2 * sc);
        csvw_num(w, pt->ucl2 * sc);
        csvw_num(w, pt->mr);
        csvw_int(w, pt->phase);
        csvw_int(w, pt->used);
        write_flag(w, has, pt->beyond);
        write_flag(w, has, pt->run);
        write_flag(w, has, pt->trend);
        write_flag(w, has, pt->two_of_three);
        const char *rule;
        csvw_str(w, has ? signal_name(t->o, spc_signal(pt, &rule)) : "");
        csvw_num(w, t->o->target);
        csvw_end(w);
    }
}

/* The plain-English description of the last point. */
static void
describe(const struct spc_opts *o, const struct spc_point *pt, const char *rule,
         int side, const char *noun, const char *nouns, char *buf, size_t size)
{
    const char *rest = "";
    if (o->direction && side)
        rest = side == o->direction ? " (an improvement)" : " (a concern)";
    if (strcmp(rule, "beyond") == 0)
        snprintf(buf, size, "special cause: a %s %s the %s limit%s", noun,
                 side > 0 ? "above" : "below", side > 0 ? "upper" : "lower",
                 rest);
    else if (strcmp(rule, "run") == 0)
        snprintf(buf, size,
                 "special cause: a run of %zu %s %s the centre "
                 "line%s",
                 pt->run_len, nouns, side > 0 ? "above" : "below", rest);
    else if (strcmp(rule, "trend") == 0)
        snprintf(buf, size, "special cause: %zu %s in a row %s%s",
                 pt->trend_len, nouns, side > 0 ? "rising" : "falling", rest);
    else if (strcmp(rule, "two_of_three") == 0)
        snprintf(buf, size,
                 "special cause: %zu of the last 3 %s close to the %s "
                 "limit%s",
                 pt->two_len, nouns, side > 0 ? "upper" : "lower", rest);
    else if (isnan(pt->lcl) || isnan(pt->ucl))
        snprintf(buf, size, "too few %s for control limits", nouns);
    else
        snprintf(buf, size, "common cause variation");
}

static void
write_summary(struct out *t, size_t g, const struct row *rows,
              const struct spc_point *pts, size_t n)
{
    struct csvw *w = &t->w;
    const struct spc_opts *o = t->o;
    double sc = t->scale;
    size_t last = n;
    for (size_t i = n; i > 0; i--)
        if (spc_has_value(&o->sp, &pts[i - 1])) {
            last = i - 1;
            break;
        }
    write_keys(t, g);
    csvw_int(w, (long long)n);
    if (last == n) {
        for (int k = 0; k < 8; k++)
            csvw_empty(w);
        csvw_str(w, "no values");
        csvw_end(w);
        return;
    }
    const struct spc_point *pt = &pts[last];
    const char *rule;
    int side = spc_signal(pt, &rule);
    csvw_str(w, rows[last].period);
    csvw_num(w, rows[last].value);
    csvw_num(w, pt->centre * sc);
    csvw_num(w, pt->lcl * sc);
    csvw_num(w, pt->ucl * sc);
    csvw_str(w, signal_name(o, side));
    csvw_str(w, rule);
    size_t len = 0;
    if (strcmp(rule, "beyond") == 0)
        len = 1;
    else if (strcmp(rule, "run") == 0)
        len = pt->run_len;
    else if (strcmp(rule, "trend") == 0)
        len = pt->trend_len;
    else if (strcmp(rule, "two_of_three") == 0)
        len = pt->two_len;
    if (len)
        csvw_int(w, (long long)len);
    else
        csvw_empty(w);
    char desc[200];
    describe(o, pt, rule, side, period_noun(rows, n, false),
             period_noun(rows, n, true), desc, sizeof desc);
    csvw_str(w, desc);
    csvw_end(w);
}

static void
run(struct spc_opts *o, char **files, size_t nfiles)
{
    struct series s = {0};
    read_rows(o, &s, files, nfiles);

    /* Rows by group (in key order), then by period. */
    size_t ng = s.keys.n;
    size_t *count = xcalloc(ng + 1, sizeof *count);
    for (size_t i = 0; i < s.nrows; i++)
        count[s.rows[i].group + 1]++;
    for (size_t g = 0; g < ng; g++)
        count[g + 1] += count[g];
    struct row *by = xreallocarray(NULL, s.nrows ? s.nrows : 1, sizeof *by);
    size_t *fill = xcalloc(ng ? ng : 1, sizeof *fill);
    for (size_t i = 0; i < s.nrows; i++) {
        size_t g = s.rows[i].group;
        by[count[g] + fill[g]++] = s.rows[i];
    }
    free(fill);

    /* Sort and check every series before the first byte of output. */
    for (size_t g = 0; g < ng; g++) {
        struct row *r = by + count[g];
        size_t n = count[g + 1] - count[g];
        qsort(r, n, sizeof *r, row_cmp);
        for (size_t i = 1; i < n; i++)
            if (strcmp(r[i].period, r[i - 1].period) == 0)
                die_at(r[i].file, r[i].line,
                       "period '%s' repeated in one series (first at "
                       "line %ld)",
                       r[i].period, r[i - 1].line);
    }

    struct out t = {.o = o, .s = &s, .scale = 1};
    if (o->sp.chart == SPC_P && is_pct(o->value_col))
        t.scale = 100;
    FILE *fp = outfile_open(o->co.output);
    csvw_init(&t.w, fp, o->co.digits);
    write_header(&t);

    size_t *order = strmap_sorted(&s.keys);
    struct spc_point *pts = NULL;
    size_t ptscap = 0;
    for (size_t k = 0; k < ng; k++) {
        size_t g = order[k];
        struct row *r = by + count[g];
        size_t n = count[g + 1] - count[g];
        XGROW(pts, ptscap, n);
        for (size_t i = 0; i < n; i++) {
            pts[i] = (struct spc_point){
                .value = r[i].value / t.scale,
                .n = r[i].n,
                .phase = phase_of(o, r[i].period),
            };
        }
        mark_baseline(o, r, pts, n);
        spc_limits(&o->sp, pts, n);
        spc_rules(&o->sp, pts, n);
        if (o->summary)
            write_summary(&t, g, r, pts, n);
        else
            write_points(&t, g, r, pts, n);
    }
    outfile_commit();

    free(order);
    free(pts);
    for (size_t i = 0; i < s.nrows; i++)
        free(s.rows[i].period);
    free(s.rows);
    free(by);
    free(count);
    strmap_free(&s.keys);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct spc_opts o = {.period_col = "period", .target = NAN};
    spc_params_init(&o.sp);
    common_opts_init(&o.co);
    parse_args(&o, argc, argv);
    run(&o, argv + optind, (size_t)(argc - optind));
    opts_free_list(o.group, o.ngroup);
    opts_free_list(o.recalc, o.nrecalc);
    free(o.base_arg);
    return EXIT_OK;
}
