/* cx-chart: SVG charts of cx-spc, cx-funnel and cx-waits --curve output,
 * drawn by gnuplot. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "gnuplot.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "strmap.h"
#include "tool.h"
#include "xalloc.h"

enum kind { KIND_SPC, KIND_FUNNEL, KIND_KM };

struct chart_opts {
    enum kind kind;
    const char *title, *xlabel, *ylabel; /* NULL: the chart's default */
    const char *group;                   /* spc --group */
    const char *curve;                   /* funnel --curve */
    const char *norm_arg;                /* km --norm as given */
    double norm;                         /* in --unit; NAN: none */
    double xmax;                         /* km --xmax in --unit; NAN */
    const char *unit;                    /* km --unit */
    double unit_ms;
    const char *output;
    bool script; /* --script: the gnuplot script, not the picture */
    char **files;
    size_t nfiles;
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    fputs("Usage: cx-chart spc [OPTION]... [FILE]...\n"
          "  or:  cx-chart funnel --curve CURVEFILE [OPTION]... "
          "[UNITSFILE]...\n"
          "  or:  cx-chart km [OPTION]... [FILE]...\n"
          "Draw a chart of a cxkit output as an SVG picture (800x400), "
          "through gnuplot.\n\n"
          "Charts:\n"
          "  spc      control chart of cx-spc output: values, centre line, "
          "limits, target,\n"
          "           signals marked (improvement, concern, special "
          "cause)\n"
          "  funnel   funnel plot of cx-funnel output: units as points, "
          "the 95% and 99.8%\n"
          "           limits of cx-funnel --curve and the target; "
          "flagged units labelled\n"
          "  km       Kaplan-Meier curves of cx-waits --curve, one per "
          "group, with their\n"
          "           confidence bands and the norm\n\n",
          stdout);
    printf("Options:\n"
           "      --title T         title of the chart ('' for none)\n"
           "      --xlabel L        label of the x axis\n"
           "      --ylabel L        label of the y axis, with its unit\n"
           "      --group VALUE     spc: draw this group (values of several "
           "group columns\n"
           "                          joined by commas)\n"
           "      --curve FILE      funnel: the limits, output of cx-funnel "
           "--curve\n"
           "                          (required)\n"
           "      --norm DUR        km: mark the norm (4w, 28d, 36h, 90min) "
           "with a vertical\n"
           "                          line\n"
           "      --xmax DUR        km: end the x axis at DUR (default: "
           "the last ended wait\n"
           "                          or the norm, whichever is later)\n"
           "      --unit U          km: unit of the time column: minutes, "
           "hours, days\n"
           "                          (default), weeks\n"
           "      --script          write the gnuplot script (data "
           "inline) instead of\n"
           "                          running it\n"
           "  -o, --output FILE     write the SVG to FILE (atomically), not "
           "to stdout\n"
           "  -h, --help            display this help and exit\n"
           "  -V, --version         output version information and exit\n\n");
    printf("With no FILE, or when FILE is -, read standard input. gnuplot "
           "is found on PATH.\n\n"
           "Exit status: 0 success, 1 bad input data, a read or write "
           "error, or gnuplot\nmissing or failing, 2 bad command line.\n\n"
           "Example:\n"
           "  cx-spc -g unit -y median --direction down waits.csv |\n"
           "    cx-chart spc --group cardiology --ylabel 'median wait "
           "(days)' -o median.svg\n");
    exit(EXIT_OK);
}

enum {
    OPT_TITLE = 0x100,
    OPT_XLABEL,
    OPT_YLABEL,
    OPT_GROUP,
    OPT_CURVE,
    OPT_NORM,
    OPT_XMAX,
    OPT_UNIT,
    OPT_SCRIPT
};

static void
parse_options(int argc, char **argv, struct chart_opts *o)
{
    static const struct option long_options[] = {
        {"title", required_argument, NULL, OPT_TITLE},
        {"xlabel", required_argument, NULL, OPT_XLABEL},
        {"ylabel", required_argument, NULL, OPT_YLABEL},
        {"group", required_argument, NULL, OPT_GROUP},
        {"curve", required_argument, NULL, OPT_CURVE},
        {"norm", required_argument, NULL, OPT_NORM},
        {"xmax", required_argument, NULL, OPT_XMAX},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"script", no_argument, NULL, OPT_SCRIPT},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->norm = NAN;
    o->xmax = NAN;
    o->unit = "days";
    o->unit_ms = 86400e3;
    int64_t norm_ms = -1, xmax_ms = -1;
    int c;
    while ((c = getopt_long(argc, argv, "o:hV", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_TITLE:
            o->title = optarg;
            break;
        case OPT_XLABEL:
            o->xlabel = optarg;
            break;
        case OPT_YLABEL:
            o->ylabel = optarg;
            break;
        case OPT_GROUP:
            o->group = optarg;
            break;
        case OPT_CURVE:
            o->curve = optarg;
            break;
        case OPT_NORM:
            norm_ms = opt_duration("--norm", optarg);
            o->norm_arg = optarg;
            break;
        case OPT_XMAX:
            xmax_ms = opt_duration("--xmax", optarg); /* above 0 */
            break;
        case OPT_UNIT:
            o->unit_ms = opt_unit(optarg);
            o->unit = optarg;
            break;
        case OPT_SCRIPT:
            o->script = true;
            break;
        case 'o':
            o->output = optarg;
            break;
        case 'h':
            usage(EXIT_OK);
        case 'V':
            print_version();
        default:
            usage(EXIT_USAGE);
        }
    }
    if (optind >= argc)
        usage_error("missing chart: spc, funnel or km");
    const char *kind = argv[optind++];
    if (strcmp(kind, "spc") == 0)
        o->kind = KIND_SPC;
    else if (strcmp(kind, "funnel") == 0)
        o->kind = KIND_FUNNEL;
    else if (strcmp(kind, "km") == 0)
        o->kind = KIND_KM;
    else
        usage_error("unknown chart '%s': spc, funnel or km", kind);
    if (o->group && o->kind != KIND_SPC)
        usage_error("--group applies to the spc chart");
    if (o->curve && o->kind != KIND_FUNNEL)
        usage_error("--curve applies to the funnel chart");
    if (o->kind == KIND_FUNNEL && !o->curve)
        usage_error("the funnel chart needs --curve FILE (output of "
                    "cx-funnel --curve)");
    if (o->kind != KIND_KM &&
        (o->norm_arg || xmax_ms >= 0 || strcmp(o->unit, "days") != 0))
        usage_error("--norm, --xmax and --unit apply to the km chart");
    if (norm_ms >= 0)
        o->norm = (double)norm_ms / o->unit_ms;
    if (xmax_ms >= 0)
        o->xmax = (double)xmax_ms / o->unit_ms;
    o->files = argv + optind;
    o->nfiles = (size_t)(argc - optind);
}

/* --- Reading --------------------------------------------------------- */

/* A number field: empty is missing (NaN), anything else must parse. */
static double
field_num(const struct csvin *in, size_t col)
{
    const char *s = in->f[col];
    double x;
    if (!*s)
        return NAN;
    if (!num_parse(s, &x))
        die_at(in->file, in->line, "bad number '%s' in column '%s'", s,
               in->hdr.names[col]);
    return x;
}

/* The group columns are those before the first column of the figures;
 * their values are joined with sep into a key. */
static char *
group_key(const struct csvin *in, size_t ngroup, const char *sep)
{
    size_t len = 1;
    for (size_t k = 0; k < ngroup; k++)
        len += strlen(in->f[k]) + strlen(sep);
    char *key = xmalloc(len);
    key[0] = '\0';
    for (size_t k = 0; k < ngroup; k++) {
        if (k)
            strcat(key, sep);
        strcat(key, in->f[k]);
    }
    return key;
}

static noreturn void
no_rows(const struct csvin *in)
{
    die(EXIT_DATA, "%s: no rows to chart", in->file);
}

/* Lists some of the groups for a message about them. */
static void
list_groups(const struct strmap *keys, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < keys->n && used + 1 < size; i++) {
        if (i == 5) {
            snprintf(buf + used, size - used, ", ...");
            break;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
                                 i ? ", " : "", keys->strs[i]);
    }
}

static enum chart_signal
parse_signal(const struct csvin *in, size_t col)
{
    const char *s = in->f[col];
    if (!*s)
        return CHART_COMMON;
    if (strcmp(s, "improvement") == 0)
        return CHART_IMPROVEMENT;
    if (strcmp(s, "concern") == 0)
        return CHART_CONCERN;
    if (strcmp(s, "special") == 0)
        return CHART_SPECIAL;
    die_at(in->file, in->line,
           "bad signal '%s' in column 'signal': improvement, concern, "
           "special or empty",
           s);
}

/* A point's place in the sort: its x, then its input order, so that
 * equal periods keep the order they came in. */
struct order {
    double x;
    size_t i;
};

static int
cmp_order(const void *a, const void *b)
{
    const struct order *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

static const char *
period_axis(enum period_kind k)
{
    switch (k) {
    case PERIOD_DAY:
        return "day";
    case PERIOD_WEEK:
        return "week (ISO)";
    case PERIOD_MONTH:
        return "month";
    case PERIOD_QUARTER:
        return "quarter";
    case PERIOD_YEAR:
        return "year";
    default:
        return "period";
    }
}

static void
run_spc(const struct chart_opts *o, FILE *script)
{
    struct csvin in;
    csvin_open(&in, o->files, o->nfiles);
    size_t cperiod = csvhdr_require(&in.hdr, "period");
    size_t cvalue = csvhdr_require(&in.hdr, "value");
    size_t ccentre = csvhdr_require(&in.hdr, "centre");
    size_t clcl = csvhdr_require(&in.hdr, "lcl");
    size_t cucl = csvhdr_require(&in.hdr, "ucl");
    size_t csignal = csvhdr_require(&in.hdr, "signal");
    long cn = csvhdr_find(&in.hdr, "n");
    long ctarget = csvhdr_find(&in.hdr, "target");
    long cphase = csvhdr_find(&in.hdr, "phase");

    struct strmap keys;
    strmap_init(&keys);
    struct chart_spc_point *p = NULL;
    size_t n = 0, cap = 0;
    bool p_chart = false;
    while (csvin_next(&in)) {
        char *key = group_key(&in, cperiod, ",");
        strmap_add(&keys, key);
        bool keep = !o->group || strcmp(key, o->group) == 0;
        free(key);
        if (!keep)
            continue;
        XGROW(p, cap, n + 1);
        struct chart_spc_point *q = &p[n];
        q->label = xstrdup(in.f[cperiod]);
        q->value = field_num(&in, cvalue);
        q->centre = field_num(&in, ccentre);
        q->lcl = field_num(&in, clcl);
        q->ucl = field_num(&in, cucl);
        q->target = ctarget >= 0 ? field_num(&in, (size_t)ctarget) : NAN;
        q->phase = 1;
        if (cphase >= 0 && *in.f[cphase]) {
            long long ph;
            if (!num_parse_long(in.f[cphase], 0, 1000000, &ph))
                die_at(in.file, in.line, "bad phase '%s' in column 'phase'",
                       in.f[cphase]);
            q->phase = (long)ph;
        }
        if (cn >= 0 && *in.f[cn])
            p_chart = true;
        q->signal = parse_signal(&in, csignal);
        n++;
    }
    if (keys.n == 0)
        no_rows(&in);
    char groups[200];
    list_groups(&keys, groups, sizeof groups);
    if (!o->group && keys.n > 1)
        usage_error("%zu groups in the input (%s): choose one with --group",
                    keys.n, groups);
    if (o->group && n == 0)
        usage_error("no group '%s' in the input; groups: %s", o->group, groups);
    csvin_close(&in);

    /* x: the period's index when every label is a period of one kind
     * (gaps in the series stay visible), else the row's place. */
    enum period_kind kind = PERIOD_NONE;
    int64_t first = 0;
    bool periods = true;
    for (size_t i = 0; i < n && periods; i++) {
        enum period_kind k;
        int64_t idx;
        if (!period_parse_label(p[i].label, &k, &idx) || (i && k != kind)) {
            periods = false;
            break;
        }
        if (i == 0 || idx < first)
            first = idx;
        kind = k;
    }
    for (size_t i = 0; i < n; i++) {
        if (periods) {
            enum period_kind k;
            int64_t idx;
            period_parse_label(p[i].label, &k, &idx);
            p[i].x = (double)(idx - first);
        } else {
            p[i].x = (double)i;
        }
    }
    if (!periods)
        kind = PERIOD_NONE;
    struct order *ord = xcalloc(n + 1, sizeof *ord);
    for (size_t i = 0; i < n; i++)
        ord[i] = (struct order){p[i].x, i};
    qsort(ord, n, sizeof *ord, cmp_order);
    struct chart_spc_point *sorted = xcalloc(n + 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = p[ord[i].i];
    free(ord);
    free(p);
    p = sorted;

    char title[300];
    const char *group = o->group ? o->group : keys.strs[0];
    snprintf(title, sizeof title, "%s%s%s",
             p_chart ? "Control chart (p-chart)" : "Control chart (XmR)",
             *group ? ": " : "", group);
    struct chart_text t = {
        o->title ? o->title : title, o->xlabel ? o->xlabel : period_axis(kind),
        o->ylabel ? o->ylabel : (p_chart ? "share" : "value")};
    chart_spc(script, &t, p, n);
    for (size_t i = 0; i < n; i++)
        free((char *)p[i].label);
    free(p);
    strmap_free(&keys);
}

static enum chart_funnel_flag
parse_flag(const struct csvin *in, size_t col, bool missing)
{
    static const struct {
        const char *name;
        enum chart_funnel_flag flag;
    } flags[] = {{"in", CHART_IN},
                 {"high95", CHART_HIGH95},
                 {"high99.8", CHART_HIGH998},
                 {"low95", CHART_LOW95},
                 {"low99.8", CHART_LOW998}};
    const char *s = in->f[col];
    if (!*s && missing)
        return CHART_IN;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strcmp(s, flags[i].name) == 0)
            return flags[i].flag;
    die_at(in->file, in->line,
           "bad flag '%s' in column 'flag': high99.8, high95, in, low95 "
           "or low99.8",
           s);
}

static void
run_funnel(const struct chart_opts *o, FILE *script)
{
    /* The curve first: a missing or bad curve file is found before the
     * units are read from standard input. */
    struct csvin cin;
    char *cfiles[1] = {(char *)o->curve};
    csvin_open(&cin, cfiles, 1);
    size_t cc[6];
    static const char *const cnames[6] = {"n",    "target", "lo95",
                                          "hi95", "lo998",  "hi998"};
    for (int k = 0; k < 6; k++)
        cc[k] = csvhdr_require(&cin.hdr, cnames[k]);
    struct chart_funnel_limit *c = NULL;
    size_t nc = 0, ccap = 0;
    while (csvin_next(&cin)) {
        XGROW(c, ccap, nc + 1);
        double v[6];
        for (int k = 0; k < 6; k++)
            v[k] = field_num(&cin, cc[k]);
        if (isnan(v[0]))
            die_at(cin.file, cin.line, "empty size in column 'n'");
        c[nc++] =
            (struct chart_funnel_limit){v[0], v[1], v[2], v[3], v[4], v[5]};
    }
    if (nc == 0)
        no_rows(&cin);
    csvin_close(&cin);

    struct csvin in;
    csvin_open(&in, o->files, o->nfiles);
    size_t cn = csvhdr_require(&in.hdr, "n");
    size_t cvalue = csvhdr_require(&in.hdr, "value");
    size_t cflag = csvhdr_require(&in.hdr, "flag");
    /* cx-funnel --direction adds signal: better or worse (99.8%),
     * better95 or worse95. It tells which side of the target is better. */
    long csignal = csvhdr_find(&in.hdr, "signal");
    int high_better = 0;
    struct chart_funnel_unit *u = NULL;
    size_t nu = 0, ucap = 0;
    while (csvin_next(&in)) {
        XGROW(u, ucap, nu + 1);
        struct chart_funnel_unit *q = &u[nu++];
        q->name = group_key(&in, cn, ", ");
        q->n = field_num(&in, cn);
        q->value = field_num(&in, cvalue);
        if (isnan(q->n))
            q->value = NAN; /* a suppressed unit has no place */
        q->flag = parse_flag(&in, cflag, isnan(q->value));
        if (csignal >= 0 && *in.f[csignal] && q->flag != CHART_IN) {
            const char *sg = in.f[csignal];
            bool high = q->flag == CHART_HIGH95 || q->flag == CHART_HIGH998;
            int better;
            if (strncmp(sg, "better", 6) == 0)
                better = 1;
            else if (strncmp(sg, "worse", 5) == 0)
                better = -1;
            else
                die_at(in.file, in.line,
                       "bad signal '%s' in column 'signal': better, "
                       "better95, worse95, worse or empty",
                       sg);
            int hb = high ? better : -better;
            if (high_better && hb != high_better)
                die_at(in.file, in.line,
                       "signal '%s' of a unit %s the target contradicts "
                       "an earlier row",
                       sg, high ? "above" : "below");
            high_better = hb;
        }
    }
    if (nu == 0)
        no_rows(&in);
    csvin_close(&in);

    struct chart_text t = {o->title ? o->title : "Funnel plot",
                           o->xlabel ? o->xlabel : "size (n)",
                           o->ylabel ? o->ylabel : "value"};
    chart_funnel(script, &t, u, nu, c, nc, high_better);
    for (size_t i = 0; i < nu; i++)
        free((char *)u[i].name);
    free(u);
    free(c);
}

struct km_build {
    struct chart_km_step *s;
    size_t n, cap;
    bool suppressed;
};

static void
run_km(const struct chart_opts *o, FILE *script)
{
    struct csvin in;
    csvin_open(&in, o->files, o->nfiles);
    size_t ctime = csvhdr_require(&in.hdr, "time");
    size_t csurv = csvhdr_require(&in.hdr, "survival");
    size_t clo = csvhdr_require(&in.hdr, "lo");
    size_t chi = csvhdr_require(&in.hdr, "hi");
    long csup = csvhdr_find(&in.hdr, "suppressed");
    long cevents = csvhdr_find(&in.hdr, "events");

    struct strmap keys;
    strmap_init(&keys);
    struct km_build *b = NULL;
    size_t bcap = 0;
    bool any = false;
    while (csvin_next(&in)) {
        any = true;
        char *key = group_key(&in, ctime, ", ");
        size_t before = keys.n;
        size_t id = strmap_add(&keys, key);
        free(key);
        if (keys.n > before) {
            XGROW(b, bcap, keys.n);
            memset(&b[id], 0, sizeof b[id]);
        }
        if (csup >= 0 && strcmp(in.f[csup], "1") == 0) {
            b[id].suppressed = true;
            continue;
        }
        struct chart_km_step st;
        st.t = field_num(&in, ctime);
        st.surv = field_num(&in, csurv);
        st.lo = field_num(&in, clo);
        st.hi = field_num(&in, chi);
        /* Without an events column every step counts as an ended wait. */
        st.ended = true;
        if (cevents >= 0) {
            double ev = field_num(&in, (size_t)cevents);
            st.ended = !(ev == 0);
        }
        if (isnan(st.t))
            die_at(in.file, in.line, "empty time in column 'time'");
        if (isnan(st.surv))
            die_at(in.file, in.line,
                   "empty survival in column "
                   "'survival'");
        XGROW(b[id].s, b[id].cap, b[id].n + 1);
        b[id].s[b[id].n++] = st;
    }
    if (!any)
        no_rows(&in);
    csvin_close(&in);

    struct chart_km_group *g = xcalloc(keys.n + 1, sizeof *g);
    size_t ng = 0, suppressed = 0;
    for (size_t i = 0; i < keys.n; i++) {
        if (b[i].suppressed || b[i].n == 0) {
            suppressed++;
            continue;
        }
        g[ng++] = (struct chart_km_group){keys.strs[i], b[i].s, b[i].n};
    }
    char xlabel[64], norm_label[96];
    snprintf(xlabel, sizeof xlabel, "waiting time (%s)", o->unit);
    snprintf(norm_label, sizeof norm_label, "norm %s",
             o->norm_arg ? o->norm_arg : "");
    struct chart_text t = {o->title ? o->title : "Still waiting (Kaplan-Meier)",
                           o->xlabel ? o->xlabel : xlabel,
                           o->ylabel ? o->ylabel : "still waiting (%)"};
    chart_km(script, &t, g, ng, o->norm, norm_label, o->xmax, suppressed);
    for (size_t i = 0; i < keys.n; i++)
        free(b[i].s);
    free(b);
    free(g);
    strmap_free(&keys);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct chart_opts o;
    parse_options(argc, argv, &o);

    /* The whole script is built before gnuplot runs, so bad input stops
     * the tool before any output is written. */
    char *script = NULL;
    size_t len = 0;
    FILE *sf = open_memstream(&script, &len);
    if (!sf)
        die(EXIT_DATA, "memory stream:");
    switch (o.kind) {
    case KIND_SPC:
        run_spc(&o, sf);
        break;
    case KIND_FUNNEL:
        run_funnel(&o, sf);
        break;
    case KIND_KM:
        run_km(&o, sf);
        break;
    }
    if (fclose(sf) != 0)
        die(EXIT_DATA, "memory stream:");

    FILE *out = outfile_open(o.output);
    if (o.script)
        fwrite(script, 1, len, out);
    else
        gp_run(script, len, out);
    outfile_commit();
    free(script);
    return EXIT_OK;
}
