/* cx-funnel: funnel plots for comparing units of different sizes, with
 * Spiegelhalter's overdispersion adjustments (statistics in funnel.c). */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "err.h"
#include "funnel.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "strmap.h"
#include "tool.h"
#include "xalloc.h"

enum mode { MODE_COUNTS, MODE_SHARE, MODE_SE, MODE_SD };

struct funnel_opts {
    char **unit;
    size_t nunit;
    const char *num_col, *den_col, *value_col, *se_col, *sd_col;
    const char *period; /* --period LABEL: only rows of this period */
    const char *period_col;
    enum mode mode;
    enum funnel_od od;
    bool exact;
    bool percent;
    double target; /* NaN: the overall value */
    const char *target_arg;
    int direction;
    bool curve;
    struct common_opts co;
};

struct unit_row {
    size_t key;
    const char *file;
    long line;
};

enum {
    OPT_UNIT = 256,
    OPT_NUMERATOR,
    OPT_DENOMINATOR,
    OPT_VALUE,
    OPT_SE,
    OPT_SD,
    OPT_OVERDISPERSION,
    OPT_LIMITS,
    OPT_PERCENT,
    OPT_TARGET,
    OPT_DIRECTION,
    OPT_PERIOD,
    OPT_PERIOD_COL,
    OPT_CURVE,
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf(
        "Usage: cx-funnel [OPTION]... --numerator COL --denominator COL "
        "[FILE]...\n"
        "  or:  cx-funnel [OPTION]... --value COL (--denominator COL | --se "
        "COL\n"
        "                 | --sd COL --denominator COL) [FILE]...\n"
        "Compare units of different sizes fairly: each unit's value "
        "against the\noverall value, with 95%% and 99.8%% funnel limits at its "
        "size (Spiegelhalter).\n\n"
        "  -g, --unit COLS         the columns naming a unit (one row per "
        "unit)\n"
        "      --numerator COL     a count of successes (with "
        "--denominator)\n"
        "      --denominator COL   the unit's size: the share's denominator, "
        "or n\n"
        "                          with --sd\n"
        "      --value COL         a share (with --denominator; a column "
        "ending\n"
        "                          _pct is in percent) or a mean (with --se "
        "or --sd)\n"
        "      --se COL            the standard error of the mean\n"
        "      --sd COL            the standard deviation within the unit "
        "(pooled)\n"
        "      --overdispersion M  auto (default), none, multiplicative or "
        "additive\n"
        "      --limits L          shares: exact (binomial, default) or "
        "normal\n"
        "      --percent           shares: write percentages 0-100\n"
        "      --target X          compare with X instead of the overall "
        "value\n"
        "      --direction D       up or down: which way is better (adds "
        "signal)\n"
        "      --period LABEL      use only the rows of this period\n"
        "      --period-col COL    the column of --period (default period)\n"
        "      --curve             write the funnel limits over 100 sizes "
        "instead\n"
        "      --digits N          significant digits (default 10)\n"
        "  -o, --output FILE       write FILE atomically instead of stdout\n"
        "  -h, --help              show this help and exit\n"
        "  -V, --version           show the version and exit\n\n"
        "Exit status: 0 success, 1 bad input data or a read or write "
        "error,\n2 bad command line.\n\n"
        "Example:\n"
        "  cx-waits --from referral --to appointment -g unit --norm 4w "
        "events.csv |\n"
        "    cx-funnel -g unit --value within_norm_pct --denominator waits\n");
    exit(EXIT_OK);
}

static void
parse_args(struct funnel_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"unit", required_argument, NULL, 'g'},
        {"group-by", required_argument, NULL, 'g'},
        {"numerator", required_argument, NULL, OPT_NUMERATOR},
        {"denominator", required_argument, NULL, OPT_DENOMINATOR},
        {"value", required_argument, NULL, OPT_VALUE},
        {"se", required_argument, NULL, OPT_SE},
        {"sd", required_argument, NULL, OPT_SD},
        {"overdispersion", required_argument, NULL, OPT_OVERDISPERSION},
        {"limits", required_argument, NULL, OPT_LIMITS},
        {"percent", no_argument, NULL, OPT_PERCENT},
        {"target", required_argument, NULL, OPT_TARGET},
        {"direction", required_argument, NULL, OPT_DIRECTION},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"period-col", required_argument, NULL, OPT_PERIOD_COL},
        {"curve", no_argument, NULL, OPT_CURVE},
        {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    bool limits_given = false;
    int c;
    while ((c = getopt_long(argc, argv, "g:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            o->unit = opt_list_append("-g", optarg, o->unit, &o->nunit);
            break;
        case OPT_NUMERATOR:
            o->num_col = optarg;
            break;
        case OPT_DENOMINATOR:
            o->den_col = optarg;
            break;
        case OPT_VALUE:
            o->value_col = optarg;
            break;
        case OPT_SE:
            o->se_col = optarg;
            break;
        case OPT_SD:
            o->sd_col = optarg;
            break;
        case OPT_OVERDISPERSION:
            if (strcmp(optarg, "auto") == 0)
                o->od = FUNNEL_OD_AUTO;
            else if (strcmp(optarg, "none") == 0)
                o->od = FUNNEL_OD_NONE;
            else if (strcmp(optarg, "multiplicative") == 0)
                o->od = FUNNEL_OD_MULTIPLICATIVE;
            else if (strcmp(optarg, "additive") == 0)
                o->od = FUNNEL_OD_ADDITIVE;
            else
                usage_error("invalid --overdispersion '%s': auto, none, "
                            "multiplicative or additive",
                            optarg);
            break;
        case OPT_LIMITS:
            if (strcmp(optarg, "exact") == 0)
                o->exact = true;
            else if (strcmp(optarg, "normal") == 0)
                o->exact = false;
            else
                usage_error("invalid --limits '%s': exact or normal", optarg);
            limits_given = true;
            break;
        case OPT_PERCENT:
            o->percent = true;
            break;
        case OPT_TARGET:
            if (!num_parse(optarg, &o->target))
                usage_error("invalid --target '%s': a number", optarg);
            o->target_arg = optarg;
            break;
        case OPT_DIRECTION:
            o->direction = opt_direction(optarg);
            break;
        case OPT_PERIOD:
            o->period = optarg;
            break;
        case OPT_PERIOD_COL:
            o->period_col = optarg;
            break;
        case OPT_CURVE:
            o->curve = true;
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }

    if (o->num_col && o->den_col && !o->value_col && !o->se_col && !o->sd_col)
        o->mode = MODE_COUNTS;
    else if (o->value_col && o->den_col && !o->num_col && !o->se_col &&
             !o->sd_col)
        o->mode = MODE_SHARE;
    else if (o->value_col && o->se_col && !o->num_col && !o->den_col &&
             !o->sd_col)
        o->mode = MODE_SE;
    else if (o->value_col && o->sd_col && o->den_col && !o->num_col &&
             !o->se_col)
        o->mode = MODE_SD;
    else
        usage_error("give --numerator and --denominator, --value and "
                    "--denominator, --value and --se, or --value, --sd and "
                    "--denominator");
    bool share = o->mode == MODE_COUNTS || o->mode == MODE_SHARE;
    if (!share && limits_given)
        usage_error("--limits is for shares (--numerator or --value with "
                    "--denominator)");
    if (!share && o->percent)
        usage_error("--percent is for shares (--numerator or --value with "
                    "--denominator)");
    if (o->period_col && !o->period)
        usage_error("--period-col needs --period");
    if (!o->period_col)
        o->period_col = "period";
}

static bool
is_pct(const char *name)
{
    size_t l = strlen(name);
    return l >= 4 && strcmp(name + l - 4, "_pct") == 0;
}

struct data {
    struct strmap keys;
    struct funnel_unit *u;
    struct unit_row *rows;
    double *sd;
    size_t n, cap;
    double scale; /* output scale of shares: 1 or 100 */
};

static double
field_num(struct csvin *in, size_t col, const char *name, bool nonneg)
{
    const char *s = in->f[col];
    double x;
    if (!*s)
        return NAN;
    if (!num_parse(s, &x))
        die_at(in->file, in->line, "bad number '%s' in column '%s'", s, name);
    if (nonneg && x < 0)
        die_at(in->file, in->line, "negative '%s' in column '%s'", s, name);
    return x;
}

static void
read_units(struct funnel_opts *o, struct data *d, char **files, size_t nfiles)
{
    struct csvin in;
    csvin_open(&in, files, nfiles);
    size_t *ucol = xreallocarray(NULL, o->nunit + 1, sizeof *ucol);
    for (size_t i = 0; i < o->nunit; i++)
        ucol[i] = csvhdr_require(&in.hdr, o->unit[i]);
    size_t pcol = o->period ? csvhdr_require(&in.hdr, o->period_col) : 0;
    size_t ncol = o->num_col ? csvhdr_require(&in.hdr, o->num_col) : 0;
    size_t dcol = o->den_col ? csvhdr_require(&in.hdr, o->den_col) : 0;
    size_t vcol = o->value_col ? csvhdr_require(&in.hdr, o->value_col) : 0;
    size_t scol = o->se_col ? csvhdr_require(&in.hdr, o->se_col) : 0;
    size_t sdcol = o->sd_col ? csvhdr_require(&in.hdr, o->sd_col) : 0;
    double inscale = o->mode == MODE_SHARE && is_pct(o->value_col) ? 100 : 1;
    d->scale = (o->percent || inscale == 100) ? 100 : 1;
    char **kf = xreallocarray(NULL, o->nunit + 1, sizeof *kf);
    char *buf = NULL;
    size_t bufcap = 0;
    strmap_init(&d->keys);
    while (csvin_next(&in)) {
        if (o->period && strcmp(in.f[pcol], o->period) != 0)
            continue;
        for (size_t i = 0; i < o->nunit; i++)
            kf[i] = in.f[ucol[i]];
        size_t len = key_join(&buf, &bufcap, kf, o->nunit);
        bool added;
        size_t key = strmap_intern(&d->keys, buf, len, &added);
        if (!added)
            die_at(in.file, in.line, "unit repeated (first at line %ld)%s",
                   d->rows[key].line,
                   o->period ? "" : "; one row per unit, or use --period");
        struct funnel_unit u = {.y = NAN, .n = NAN, .s = NAN};
        double sd = NAN;
        switch (o->mode) {
        case MODE_COUNTS:
            u.y = field_num(&in, ncol, o->num_col, true);
            u.n = field_num(&in, dcol, o->den_col, true);
            if (u.y > u.n)
                die_at(in.file, in.line,
                       "numerator '%s' is larger than denominator '%s'",
                       in.f[ncol], in.f[dcol]);
            break;
        case MODE_SHARE: {
            double v = field_num(&in, vcol, o->value_col, false);
            if (!(v >= 0 && v <= inscale) && !isnan(v))
                die_at(in.file, in.line,
                       "share '%s' in column '%s' is outside 0 to %g",
                       in.f[vcol], o->value_col, inscale);
            u.n = field_num(&in, dcol, o->den_col, true);
            u.y = v / inscale * u.n;
            break;
        }
        case MODE_SE:
            u.y = field_num(&in, vcol, o->value_col, false);
            u.s = field_num(&in, scol, o->se_col, true);
            u.n = u.s > 0 ? 1 / (u.s * u.s) : NAN;
            break;
        case MODE_SD:
            u.y = field_num(&in, vcol, o->value_col, false);
            u.n = field_num(&in, dcol, o->den_col, true);
            sd = field_num(&in, sdcol, o->sd_col, true);
            break;
        }
        XGROW(d->u, d->cap, d->n + 1);
        d->rows = xreallocarray(d->rows, d->cap, sizeof *d->rows);
        d->sd = xreallocarray(d->sd, d->cap, sizeof *d->sd);
        d->u[d->n] = u;
        d->sd[d->n] = sd;
        d->rows[d->n] = (struct unit_row){key, in.file, in.line};
        d->n++;
    }
    csvin_close(&in);
    free(buf);
    free(kf);
    free(ucol);
}

/* MODE_SD: the pooled within-unit sd, sigma^2 = sum (n - 1) sd^2 / sum
 * (n - 1), and each unit's standard error sigma / sqrt(n). */
static double
pool_sd(struct data *d)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < d->n; i++) {
        double n = d->u[i].n, sd = d->sd[i];
        if (isnan(d->u[i].y) || isnan(sd) || !(n >= 2))
            continue;
        num += (n - 1) * sd * sd;
        den += n - 1;
    }
    double sigma = den > 0 ? sqrt(num / den) : NAN;
    for (size_t i = 0; i < d->n; i++)
        d->u[i].s = d->u[i].n > 0 ? sigma / sqrt(d->u[i].n) : NAN;
    return sigma;
}

static const char *
flag_of(const struct funnel_unit *u)
{
    if (isnan(u->value) || isnan(u->lo95))
        return "";
    if (u->value > u->hi998)
        return "high99.8";
    if (u->value > u->hi95)
        return "high95";
    if (u->value < u->lo998)
        return "low99.8";
    if (u->value < u->lo95)
        return "low95";
    return "in";
}

/* With --direction: better or worse for a unit outside the 99.8% limits,
 * better95 or worse95 outside the 95% limits only. */
static const char *
signal_of(const struct funnel_opts *o, const char *flag)
{
    int side = strncmp(flag, "high", 4) == 0  ? 1
               : strncmp(flag, "low", 3) == 0 ? -1
                                              : 0;
    if (!side)
        return "";
    bool strong = strstr(flag, "99.8") != NULL;
    if (side == o->direction)
        return strong ? "better" : "better95";
    return strong ? "worse" : "worse95";
}

static void
report(const struct funnel_opts *o, const struct funnel_fit *f)
{
    char phi[40], p[40], tau2[40], target[40];
    num_format(f->phi, 6, phi, sizeof phi);
    num_format(f->chisq_p, 4, p, sizeof p);
    num_format(f->tau2, 6, tau2, sizeof tau2);
    num_format(f->target, o->co.digits, target, sizeof target);
    fprintf(stderr,
            "%s: units %zu, phi %s, chi-square p %s, tau2 %s, method %s "
            "(%s)\n",
            prog_name, f->units, *phi ? phi : "-", *p ? p : "-",
            *tau2 ? tau2 : "-", funnel_od_name(f->method),
            funnel_od_name(o->od));
}

static void
write_units(const struct funnel_opts *o, struct data *d, struct csvw *w,
            const struct funnel_fit *f)
{
    for (size_t i = 0; i < o->nunit; i++)
        csvw_str(w, o->unit[i]);
    static const char *const cols[] = {
        "n", "value", "target", "lo95", "hi95", "lo998", "hi998", "z", "flag"};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        csvw_str(w, cols[i]);
    if (o->direction)
        csvw_str(w, "signal");
    csvw_end(w);
    bool share = o->mode == MODE_COUNTS || o->mode == MODE_SHARE;
    double sc = share ? d->scale : 1;
    size_t *order = strmap_sorted(&d->keys);
    for (size_t k = 0; k < d->n; k++) {
        size_t i = order[k]; /* keys were interned in row order */
        const struct funnel_unit *u = &d->u[i];
        const char *key = d->keys.strs[i];
        for (size_t j = 0; j < o->nunit; j++) {
            const char *e = strchr(key, 0x1f);
            size_t len = e ? (size_t)(e - key) : strlen(key);
            csvw_strn(w, key, len);
            key = e ? e + 1 : key + len;
        }
        csvw_num(w, u->n);
        csvw_num(w, u->value * sc);
        csvw_num(w, f->target * sc);
        csvw_num(w, u->lo95 * sc);
        csvw_num(w, u->hi95 * sc);
        csvw_num(w, u->lo998 * sc);
        csvw_num(w, u->hi998 * sc);
        csvw_num(w, u->z);
        const char *flag = flag_of(u);
        csvw_str(w, flag);
        if (o->direction)
            csvw_str(w, signal_of(o, flag));
        csvw_end(w);
    }
    free(order);
}

/* 100 sizes from the smallest to the largest unit size, evenly spaced on
 * a log scale (where the funnel bends); whole sizes for exact binomial
 * limits, without repeats. */
static void
write_curve(const struct funnel_opts *o, struct data *d, struct csvw *w,
            const struct funnel_fit *f)
{
    static const char *const cols[] = {"n",    "target", "lo95",
                                       "hi95", "lo998",  "hi998"};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        csvw_str(w, cols[i]);
    csvw_end(w);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++)
        if (!isnan(d->u[i].value)) {
            lo = fmin(lo, d->u[i].n);
            hi = fmax(hi, d->u[i].n);
        }
    if (!(lo <= hi))
        return;
    bool share = o->mode == MODE_COUNTS || o->mode == MODE_SHARE;
    bool whole = share && f->exact && f->method == FUNNEL_OD_NONE;
    double sc = share ? d->scale : 1;
    double prev = NAN;
    for (int k = 0; k < 100; k++) {
        double n = k == 0 ? lo : k == 99 ? hi : lo * pow(hi / lo, k / 99.0);
        if (whole)
            n = k == 0 ? ceil(n - 1e-9) : k == 99 ? floor(n + 1e-9) : round(n);
        if (n == prev || (k > 0 && lo == hi))
            continue;
        prev = n;
        double l95, h95, l998, h998;
        funnel_limits(f, n, NAN, &l95, &h95, &l998, &h998);
        csvw_num(w, n);
        csvw_num(w, f->target * sc);
        csvw_num(w, l95 * sc);
        csvw_num(w, h95 * sc);
        csvw_num(w, l998 * sc);
        csvw_num(w, h998 * sc);
        csvw_end(w);
    }
}

static void
run(struct funnel_opts *o, char **files, size_t nfiles)
{
    struct data d = {0};
    read_units(o, &d, files, nfiles);
    bool share = o->mode == MODE_COUNTS || o->mode == MODE_SHARE;
    struct funnel_fit f = {
        .kind = share ? FUNNEL_BINOMIAL : FUNNEL_NORMAL,
        .requested = o->od,
        .exact = o->exact,
        .sigma = NAN,
    };
    if (o->mode == MODE_SD)
        f.sigma = pool_sd(&d);
    bool target_given = !isnan(o->target);
    if (target_given) {
        f.target = share ? o->target / d.scale : o->target;
        if (share && !(f.target > 0 && f.target < 1))
            usage_error("invalid --target '%s': a share strictly between 0 "
                        "and %g",
                        o->target_arg, d.scale);
    }
    funnel_fit(&f, d.u, d.n, target_given);
    funnel_assess(&f, d.u, d.n);

    FILE *fp = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, fp, o->co.digits);
    if (o->curve)
        write_curve(o, &d, &w, &f);
    else
        write_units(o, &d, &w, &f);
    outfile_commit();
    /* After the output, so that '| head' ends the tool silently. */
    report(o, &f);
    free(d.u);
    free(d.rows);
    free(d.sd);
    strmap_free(&d.keys);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct funnel_opts o = {.od = FUNNEL_OD_AUTO, .exact = true, .target = NAN};
    common_opts_init(&o.co);
    parse_args(&o, argc, argv);
    run(&o, argv + optind, (size_t)(argc - optind));
    opts_free_list(o.unit, o.nunit);
    return EXIT_OK;
}
