/* cx-correlate: the link between two unit-level measures (Pearson,
 * Spearman, Kendall), with intervals, tests, lags, weights, covariates and
 * multiple-testing adjustment. */
#include <config.h>

#include <getopt.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corr.h"
#include "csvio.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "padjust.h"
#include "strmap.h"
#include "tool.h"
#include "unitjoin.h"
#include "xalloc.h"

#define NMETHODS 3

struct correlate_opts {
    struct uj_opts uj;
    bool method[NMETHODS];
    bool method_given;
    enum padj_method adjust;
    bool adjust_given;
    bool regression;
    bool no_intercept;
    long bootstrap;
    long permutations;
    unsigned long seed;
    struct common_opts co; /* min_n -1: no suppression */
};

/* One output row. */
struct res {
    size_t group;
    uint32_t xi, yi;
    int m;
    size_t n;
    bool suppressed;
    struct corr_est e;
    double padj, pperm, blo, bhi;
    struct corr_reg reg;
    double *zcoef, *zse; /* per control, in --control order */
};

static const char *const method_names[NMETHODS] = {"pearson", "spearman",
                                                   "kendall"};

enum {
    OPT_LAG = 256,
    OPT_LAG_KEY,
    OPT_NA,
    OPT_ADJUST,
    OPT_WEIGHT,
    OPT_CONTROL,
    OPT_REGRESSION,
    OPT_NO_INTERCEPT,
    OPT_BOOTSTRAP,
    OPT_PERMUTATIONS,
    OPT_SEED,
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: cx-correlate [OPTION]... [FILE [FILE2]]\n"
           "Relate two measures of the same units (teams, wards, trusts): "
           "Pearson,\nSpearman and Kendall with intervals and p-values, per "
           "group and pair.\n"
           "One FILE: x and y from the same row. Two files: rows joined on "
           "-k,\nx from FILE and y from FILE2.\n\n"
           "  -x, --x COLS            the x measure(s), comma-separated\n"
           "  -y, --y COLS            the y measure(s); every x with every y\n"
           "  -k, --key COLS          key columns: join two files on them, or "
           "with\n"
           "                          --lag the columns naming a unit\n"
           "  -g, --group-by COLS     separate results per group (from the x "
           "row)\n"
           "      --lag N             pair x at period t with y at period t+N\n"
           "      --lag-key COL       the column of period labels (default "
           "period)\n"
           "      --na VALUES         strings meaning missing besides the "
           "empty field\n"
           "                            (default NA; --na '' for none)\n"
           "  -m, --method LIST       pearson,spearman,kendall (default all "
           "three)\n"
           "      --adjust METHOD     bh (default), by, holm, hochberg, "
           "hommel,\n"
           "                          bonferroni or none\n"
           "      --weight COL        weighted Pearson and regression\n"
           "      --control COLS      partial correlation on these "
           "covariates\n"
           "      --regression        add the least-squares fit of y on x "
           "(and the\n"
           "                          covariates): coefficients, standard "
           "errors,\n"
           "                          intervals, r2, adj_r2, sigma\n"
           "      --no-intercept      fit the regression through the origin\n"
           "      --bootstrap B       percentile bootstrap interval from B "
           "resamples\n"
           "      --permutations B    permutation p-value p_perm from B "
           "shuffles\n"
           "      --seed S            seed of --bootstrap and --permutations "
           "(default 1)\n"
           "      --min-n N           suppress results from fewer than N "
           "pairs (0: none)\n"
           "      --disclosure P      suppress results from fewer pairs than "
           "profile P\n"
           "                          asks: default 5 (used when neither "
           "option is\n"
           "                          given), staff 10, opensafely 8, none "
           "(inside the\n"
           "                          secure environment only)\n"
           "      --conf L            confidence level (default 0.95)\n"
           "      --digits N          significant digits (default 10)\n"
           "  -o, --output FILE       write FILE atomically instead of "
           "stdout\n"
           "  -h, --help              show this help and exit\n"
           "  -V, --version           show the version and exit\n\n"
           "Exit status: 0 success, 1 bad input data or a read or write "
           "error,\n2 bad command line.\n\n"
           "Example:\n"
           "  cx-correlate -k unit,period --lag 1 -x mean -y mean staff.csv "
           "clients.csv\n");
    exit(EXIT_OK);
}

static void
parse_methods(struct correlate_opts *o, const char *arg)
{
    size_t n;
    char **l = opt_list("--method", arg, &n);
    memset(o->method, 0, sizeof o->method);
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        while (m < NMETHODS && strcmp(l[i], method_names[m]) != 0)
            m++;
        if (m == NMETHODS)
            usage_error("invalid --method '%s': pearson, spearman or kendall",
                        l[i]);
        o->method[m] = true;
    }
    opts_free_list(l, n);
    o->method_given = true;
}

static void
parse_args(struct correlate_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"x", required_argument, NULL, 'x'},
        {"y", required_argument, NULL, 'y'},
        {"key", required_argument, NULL, 'k'},
        {"group-by", required_argument, NULL, 'g'},
        {"lag", required_argument, NULL, OPT_LAG},
        {"lag-key", required_argument, NULL, OPT_LAG_KEY},
        {"na", required_argument, NULL, OPT_NA},
        {"method", required_argument, NULL, 'm'},
        {"adjust", required_argument, NULL, OPT_ADJUST},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"control", required_argument, NULL, OPT_CONTROL},
        {"regression", no_argument, NULL, OPT_REGRESSION},
        {"no-intercept", no_argument, NULL, OPT_NO_INTERCEPT},
        {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
        {"permutations", required_argument, NULL, OPT_PERMUTATIONS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"min-n", required_argument, NULL, OPT_COMMON_MIN_N},
        {"disclosure", required_argument, NULL, OPT_COMMON_DISCLOSURE},
        {"conf", required_argument, NULL, OPT_COMMON_CONF},
        {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct uj_opts *u = &o->uj;
    bool na_none = false;
    int c;
    while ((c = getopt_long(argc, argv, "x:y:k:g:m:o:hV", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 'x':
            u->x = opt_list_append("-x", optarg, u->x, &u->nx);
            break;
        case 'y':
            u->y = opt_list_append("-y", optarg, u->y, &u->ny);
            break;
        case 'k':
            u->keys = opt_list_append("-k", optarg, u->keys, &u->nkeys);
            break;
        case 'g':
            u->groups = opt_list_append("-g", optarg, u->groups, &u->ngroups);
            break;
        case OPT_LAG:
            u->lag_on = true;
            u->lag = (long)opt_long("--lag", optarg, -100000, 100000);
            break;
        case OPT_LAG_KEY:
            u->lag_key = optarg;
            break;
        case OPT_NA:
            /* --na '' : only the empty field is missing, not even NA. */
            if (!*optarg)
                na_none = true;
            else
                u->na = opt_list_append("--na", optarg, u->na, &u->nna);
            break;
        case 'm':
            parse_methods(o, optarg);
            break;
        case OPT_ADJUST:
            if (!padj_parse(optarg, &o->adjust))
                usage_error("invalid --adjust '%s': bh, by, holm, hochberg, "
                            "hommel, bonferroni or none",
                            optarg);
            o->adjust_given = true;
            break;
        case OPT_WEIGHT:
            u->weight = optarg;
            break;
        case OPT_CONTROL:
            u->controls = opt_list_append("--control", optarg, u->controls,
                                          &u->ncontrols);
            break;
        case OPT_REGRESSION:
            o->regression = true;
            break;
        case OPT_NO_INTERCEPT:
            o->no_intercept = true;
            break;
        case OPT_BOOTSTRAP:
            o->bootstrap = (long)opt_long("--bootstrap", optarg, 1, 10000000);
            break;
        case OPT_PERMUTATIONS:
            o->permutations =
                (long)opt_long("--permutations", optarg, 1, 10000000);
            break;
        case OPT_SEED:
            o->seed = (unsigned long)opt_long("--seed", optarg, 0, 4294967295);
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
    /* NA is missing by default, as R writes it. */
    if (!u->nna && !na_none)
        u->na = opt_list("--na", "NA", &u->nna);
}

static void
validate(struct correlate_opts *o, int nfiles)
{
    struct uj_opts *u = &o->uj;
    if (!u->nx || !u->ny)
        usage_error("give the measures with -x COL and -y COL");
    if (nfiles > 2)
        usage_error("at most two files: x from the first, y from the second");
    if (nfiles == 2 && !u->nkeys)
        usage_error("two files need -k COLS, the columns to join them on");
    if (nfiles == 2 && strcmp(u->files[0], "-") == 0 &&
        strcmp(u->files[1], "-") == 0)
        usage_error("only one of the two files can be standard input");
    if (o->no_intercept && !o->regression)
        usage_error("--no-intercept needs --regression");
    if (!u->lag_key)
        u->lag_key = "period";
    else if (!u->lag_on)
        usage_error("--lag-key needs --lag");
    if (u->ncontrols) {
        if (o->method_given && o->method[CORR_KENDALL])
            usage_error("--control: partial correlation is available for "
                        "pearson and spearman, not kendall");
        if (!o->method_given)
            o->method[CORR_KENDALL] = false;
    }
    if (o->adjust == PADJ_NONE)
        o->adjust_given = false;
    else if (u->nx * u->ny > 1 || u->ngroups > 0)
        o->adjust_given = true; /* more than one test: p_adj is shown */
}

/* Complete cases of one pair of measures within one group. */
struct sample {
    double *x, *y, *w, *z;
    size_t n, cap, k;
    size_t *zidx; /* control of each of the k columns of z */
};

static void
gather(struct sample *s, const struct unitjoin *j, const size_t *pairs,
       size_t np, size_t xi, size_t yi)
{
    size_t k = s->k;
    if (np > s->cap) {
        s->x = xreallocarray(s->x, np, sizeof *s->x);
        s->y = xreallocarray(s->y, np, sizeof *s->y);
        s->w = xreallocarray(s->w, np, sizeof *s->w);
        s->z = xreallocarray(s->z, np * (k ? k : 1), sizeof *s->z);
        s->cap = np;
    }
    s->n = 0;
    for (size_t i = 0; i < np; i++) {
        size_t p = pairs[i];
        double x = uj_val(j, j->xv[xi], p), y = uj_val(j, j->yv[yi], p);
        if (isnan(x) || isnan(y))
            continue;
        double w = 1;
        if (j->has_weight) {
            w = uj_val(j, j->wv, p);
            if (!(w > 0))
                continue; /* missing, or no weight at all */
        }
        bool ok = true;
        for (size_t c = 0; c < k && ok; c++) {
            double z = uj_val(j, j->zv[c], p);
            ok = !isnan(z);
            s->z[s->n * k + c] = z;
        }
        if (!ok)
            continue;
        s->x[s->n] = x;
        s->y[s->n] = y;
        s->w[s->n] = w;
        s->n++;
    }
}

/* Sums of products overflow for values near 1e200 (r came out 0) and
 * underflow near 1e-300 (empty) or 1e-160 (wrong in the sixth digit).
 * Each measure and covariate is therefore scaled by a power of two so that
 * its largest magnitude lies in [0.5, 1): exact, so that on ordinary
 * values the figures do not change at all, and correlations do not depend
 * on the scale of a measure. Returns the exponent (v was v' * 2^e). */
static int
scale_pow2(double *v, size_t n, size_t stride)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i * stride]));
    if (!(m > 0) || !isfinite(m))
        return 0;
    int e = ilogb(m) + 1;
    for (size_t i = 0; i < n; i++)
        v[i * stride] = scalbn(v[i * stride], -e);
    return e;
}

static void
scale_sample(struct sample *s, int *ex, int *ey, int *ez)
{
    *ex = scale_pow2(s->x, s->n, 1);
    *ey = scale_pow2(s->y, s->n, 1);
    for (size_t c = 0; c < s->k; c++)
        ez[c] = scale_pow2(s->z + c, s->n, s->k);
}

static struct corr_data
sample_data(const struct sample *s, bool weighted)
{
    struct corr_data d = {s->n,
                          s->x,
                          s->y,
                          weighted ? s->w : NULL,
                          s->k ? s->z : NULL,
                          s->k,
                          false};
    return d;
}

/* Where a message about one group and pair is about. */
static void
describe(char *buf, size_t len, const struct correlate_opts *o,
         const struct unitjoin *j, size_t gid, size_t xi, size_t yi)
{
    const struct uj_opts *u = &o->uj;
    int at = snprintf(buf, len, "x '%s', y '%s'", u->x[xi], u->y[yi]);
    if (u->ngroups && at > 0 && (size_t)at < len) {
        snprintf(buf + at, len - (size_t)at, ", group '");
        at = (int)strlen(buf);
        for (const char *g = j->groups.strs[gid]; *g && (size_t)at + 2 < len;
             g++)
            buf[at++] = *g == '\x1f' ? ',' : *g;
        snprintf(buf + at, len - (size_t)at, "'");
    }
}

/* Covariates that are linear combinations of the intercept and the
 * covariates before them carry no information of their own: R's lm drops
 * them (NA), and so do we, saying so. s->z is compacted in place. */
static void
drop_aliased(const struct correlate_opts *o, struct sample *s,
             const char *where)
{
    size_t k = s->k, n = s->n;
    for (size_t c = 0; c < k; c++)
        s->zidx[c] = c;
    if (!k || n < k + 2)
        return;
    bool al[k];
    if (!corr_aliased(s->z, k, n, al))
        return;
    size_t kk = 0;
    for (size_t c = 0; c < k; c++)
        if (al[c])
            warn("%s: covariate '%s' is a linear combination of the "
                 "intercept and the covariates before it: left out, as R's "
                 "lm does",
                 where, o->uj.controls[c]);
        else
            s->zidx[kk++] = c;
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < kk; c++)
            s->z[i * kk + c] = s->z[i * k + s->zidx[c]];
    s->k = kk;
}

/* The resampling machinery, shared by every pair. */
struct resampler {
    gsl_rng *rng;
    struct sample b; /* one bootstrap resample */
    double *stats[NMETHODS];
    double *sorted;
    struct corr_work wk;
};

static void
bootstrap(const struct correlate_opts *o, struct resampler *rs,
          const struct sample *s, struct res *rows)
{
    size_t n = s->n, k = s->k, B = (size_t)o->bootstrap;
    gsl_rng_set(rs->rng, o->seed);
    rs->b.k = k;
    if (n > rs->b.cap) {
        rs->b.x = xreallocarray(rs->b.x, n, sizeof *rs->b.x);
        rs->b.y = xreallocarray(rs->b.y, n, sizeof *rs->b.y);
        rs->b.w = xreallocarray(rs->b.w, n, sizeof *rs->b.w);
        rs->b.z = xreallocarray(rs->b.z, n * (k ? k : 1), sizeof *rs->b.z);
        rs->b.cap = n;
    }
    rs->b.n = n;
    for (size_t b = 0; b < B; b++) {
        for (size_t i = 0; i < n; i++) {
            size_t t = gsl_rng_uniform_int(rs->rng, n);
            rs->b.x[i] = s->x[t];
            rs->b.y[i] = s->y[t];
            rs->b.w[i] = s->w[t];
            for (size_t c = 0; c < k; c++)
                rs->b.z[i * k + c] = s->z[t * k + c];
        }
        for (int m = 0; m < NMETHODS; m++) {
            if (!o->method[m])
                continue;
            struct corr_data d =
                sample_data(&rs->b, m == CORR_PEARSON && o->uj.weight);
            double *xt, *yt;
            corr_prepare(m, &d, &rs->wk, &xt, &yt);
            rs->stats[m][b] = corr_prepared_stat(m, xt, yt, d.w, n);
        }
    }
    for (struct res *r = rows; r->m >= 0; r++) {
        size_t cnt = 0;
        for (size_t b = 0; b < B; b++)
            if (isfinite(rs->stats[r->m][b]))
                rs->sorted[cnt++] = rs->stats[r->m][b];
        /* Degenerate resamples (a constant measure) are dropped; with
         * more than a tenth of them the interval is not given. */
        if (cnt == 0 || (double)cnt < 0.9 * (double)B)
            continue;
        gsl_sort(rs->sorted, 1, cnt);
        double a = (1 - o->co.conf) / 2;
        r->blo = gsl_stats_quantile_from_sorted_data(rs->sorted, 1, cnt, a);
        r->bhi = gsl_stats_quantile_from_sorted_data(rs->sorted, 1, cnt, 1 - a);
    }
}

static void
permute(const struct correlate_opts *o, struct resampler *rs,
        const struct sample *s, struct res *r)
{
    struct corr_data d = sample_data(s, r->m == CORR_PEARSON && o->uj.weight);
    double *xt, *yt;
    corr_prepare(r->m, &d, &rs->wk, &xt, &yt);
    double obs = corr_prepared_stat(r->m, xt, yt, d.w, d.n);
    if (!isfinite(obs))
        return;
    gsl_rng_set(rs->rng, o->seed);
    size_t hits = 0;
    double bar = fabs(obs) * (1 - 1e-10) - 1e-14;
    for (long b = 0; b < o->permutations; b++) {
        gsl_ran_shuffle(rs->rng, yt, d.n, sizeof *yt);
        double st = corr_prepared_stat(r->m, xt, yt, d.w, d.n);
        hits += fabs(st) >= bar;
    }
    r->pperm = (double)(hits + 1) / (double)(o->permutations + 1);
}

/* All rows of one group and pair, one per method; rows ends with m -1. */
static void
analyse(const struct correlate_opts *o, struct resampler *rs,
        struct sample *s, struct res *rows, const char *where)
{
    size_t k0 = o->uj.ncontrols;
    double zc[k0 + 1], zs[k0 + 1], kc[k0 + 1], ks[k0 + 1];
    for (size_t c = 0; c < k0; c++)
        zc[c] = zs[c] = NAN;
    struct corr_reg reg = {.slope = NAN};
    reg.zcoef = kc;
    reg.zse = ks;
    corr_regression(&(struct corr_data){0}, o->co.conf, &reg); /* all NaN */
    bool suppress = o->co.min_n >= 0 && (long long)s->n < o->co.min_n;
    int ex, ey, ez[k0 + 1];
    scale_sample(s, &ex, &ey, ez);
    if (o->regression && !suppress) {
        struct corr_data d = sample_data(s, o->uj.weight != NULL);
        d.no_intercept = o->no_intercept;
        corr_regression(&d, o->co.conf, &reg);
        if (reg.naliased)
            warn("%s: %zu covariate%s a linear combination of x and the "
                 "covariates before: left out of the regression, as R's lm "
                 "does",
                 where, reg.naliased, reg.naliased > 1 ? "s are" : " is");
        /* Back to the measures' own units: y = 2^ey (a' + b' x / 2^ex +
         * sum c' z / 2^ez). */
        reg.slope = scalbn(reg.slope, ey - ex);
        reg.slope_lo = scalbn(reg.slope_lo, ey - ex);
        reg.slope_hi = scalbn(reg.slope_hi, ey - ex);
        reg.slope_se = scalbn(reg.slope_se, ey - ex);
        reg.intercept = scalbn(reg.intercept, ey);
        reg.intercept_lo = scalbn(reg.intercept_lo, ey);
        reg.intercept_hi = scalbn(reg.intercept_hi, ey);
        reg.intercept_se = scalbn(reg.intercept_se, ey);
        reg.sigma = scalbn(reg.sigma, ey);
        for (size_t c = 0; c < s->k; c++) {
            zc[s->zidx[c]] = scalbn(kc[c], ey - ez[c]);
            zs[s->zidx[c]] = scalbn(ks[c], ey - ez[c]);
        }
    }
    for (struct res *r = rows; r->m >= 0; r++) {
        r->n = s->n;
        r->suppressed = suppress;
        r->e = (struct corr_est){NAN, NAN, NAN, NAN, NAN, CORR_P_NONE};
        r->padj = r->pperm = r->blo = r->bhi = NAN;
        r->reg = reg;
        for (size_t c = 0; c < k0; c++) {
            r->zcoef[c] = zc[c];
            r->zse[c] = zs[c];
        }
        if (suppress)
            continue;
        struct corr_data d =
            sample_data(s, r->m == CORR_PEARSON && o->uj.weight);
        corr_estimate(r->m, &d, o->co.conf, &r->e, &rs->wk);
        if (o->permutations && s->n >= 3 + s->k)
            permute(o, rs, s, r);
    }
    if (o->bootstrap && !suppress && s->n >= 4 + s->k)
        bootstrap(o, rs, s, rows);
}

/* Pairs of each group, groups in byte order of their keys. */
struct grouping {
    size_t *order; /* pair indices, group by group */
    size_t *start; /* per group id: first index into order */
    size_t *count;
    size_t *sorted; /* group ids in byte order */
};

static void
group_pairs(const struct unitjoin *j, struct grouping *g)
{
    size_t ng = j->groups.n;
    g->count = xcalloc(ng + 1, sizeof *g->count);
    g->start = xcalloc(ng + 1, sizeof *g->start);
    g->order = xcalloc(j->npairs + 1, sizeof *g->order);
    for (size_t p = 0; p < j->npairs; p++)
        g->count[uj_group(j, p)]++;
    for (size_t i = 1; i < ng; i++)
        g->start[i] = g->start[i - 1] + g->count[i - 1];
    size_t *fill = xcalloc(ng + 1, sizeof *fill);
    for (size_t p = 0; p < j->npairs; p++) {
        size_t gr = uj_group(j, p);
        g->order[g->start[gr] + fill[gr]++] = p;
    }
    free(fill);
    g->sorted = strmap_sorted(&j->groups);
}

/* The figures of a row in output order after the method column: n,
 * estimate, lo, hi, p, then the optional columns (see write_header). The
 * rows wait for the adjustment in this packed form. */
static size_t
pack(const struct correlate_opts *o, const struct res *r, double *f)
{
    size_t k = 0;
    f[k++] = (double)r->n;
    f[k++] = r->e.r;
    f[k++] = r->e.lo;
    f[k++] = r->e.hi;
    f[k++] = r->e.p;
    f[k++] = (double)r->e.pm;
    if (o->adjust_given)
        f[k++] = r->padj;
    if (o->permutations)
        f[k++] = r->pperm;
    if (o->bootstrap) {
        f[k++] = r->blo;
        f[k++] = r->bhi;
    }
    if (o->regression) {
        f[k++] = r->reg.slope;
        f[k++] = r->reg.slope_lo;
        f[k++] = r->reg.slope_hi;
        f[k++] = r->reg.intercept;
        f[k++] = r->reg.r2;
        f[k++] = r->reg.slope_se;
        f[k++] = r->reg.intercept_lo;
        f[k++] = r->reg.intercept_hi;
        f[k++] = r->reg.intercept_se;
        f[k++] = r->reg.adj_r2;
        f[k++] = r->reg.sigma;
        f[k++] = r->reg.df;
        for (size_t c = 0; c < o->uj.ncontrols; c++) {
            f[k++] = r->zcoef ? r->zcoef[c] : NAN;
            f[k++] = r->zse ? r->zse[c] : NAN;
        }
    }
    if (o->co.min_n >= 0)
        f[k++] = r->suppressed;
    return k;
}

enum { FIG_P = 4, FIG_PM = 5, FIG_PADJ = 6 };

/* The family: every row of one method (rows cycle through the nm methods),
 * over all groups and pairs. */
static void
adjust(const struct correlate_opts *o, double *fig, size_t nf, size_t nrows,
       size_t nm)
{
    double *p = xcalloc(nrows + 1, sizeof *p);
    for (size_t m = 0; m < nm; m++) {
        for (size_t i = 0; i < nrows; i++)
            p[i] = i % nm == m ? fig[i * nf + FIG_P] : NAN;
        padj_adjust(o->adjust, p, nrows, p);
        for (size_t i = m; i < nrows; i += nm)
            fig[i * nf + FIG_PADJ] = p[i];
    }
    free(p);
}

static void
write_header(struct csvw *w, const struct correlate_opts *o)
{
    const struct uj_opts *u = &o->uj;
    for (size_t i = 0; i < u->ngroups; i++)
        csvw_str(w, u->groups[i]);
    csvw_str(w, "x");
    csvw_str(w, "y");
    if (u->lag_on)
        csvw_str(w, "lag");
    static const char *const cols[] = {"method", "n", "estimate", "lo",
                                       "hi",     "p", "p_method"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        csvw_str(w, cols[i]);
    if (o->adjust_given)
        csvw_str(w, "p_adj");
    if (o->permutations)
        csvw_str(w, "p_perm");
    if (o->bootstrap) {
        csvw_str(w, "boot_lo");
        csvw_str(w, "boot_hi");
    }
    if (o->regression) {
        static const char *const rc[] = {
            "slope",        "slope_lo",     "slope_hi", "intercept",
            "r2",           "slope_se",     "intercept_lo", "intercept_hi",
            "intercept_se", "adj_r2",       "sigma",    "df_resid"};
        for (size_t i = 0; i < sizeof rc / sizeof rc[0]; i++)
            csvw_str(w, rc[i]);
        for (size_t c = 0; c < u->ncontrols; c++) {
            char name[strlen(u->controls[c]) + 8];
            snprintf(name, sizeof name, "coef_%s", u->controls[c]);
            csvw_str(w, name);
            snprintf(name, sizeof name, "se_%s", u->controls[c]);
            csvw_str(w, name);
        }
    }
    if (o->co.min_n >= 0)
        csvw_str(w, "suppressed");
    csvw_end(w);
}

static void
write_row(struct csvw *w, const struct correlate_opts *o,
          const struct unitjoin *j, const struct res *id, const double *f,
          size_t nf)
{
    const struct uj_opts *u = &o->uj;
    const char *g = j->groups.strs[id->group];
    for (size_t i = 0; i < u->ngroups; i++) {
        const char *end = strchr(g, '\x1f');
        size_t len = end ? (size_t)(end - g) : strlen(g);
        csvw_strn(w, g, len);
        g += len + (end != NULL);
    }
    csvw_str(w, u->x[id->xi]);
    csvw_str(w, u->y[id->yi]);
    if (u->lag_on)
        csvw_int(w, u->lag);
    char name[40];
    snprintf(name, sizeof name, "%s%s%s",
             id->m == CORR_PEARSON && u->weight ? "weighted_" : "",
             u->ncontrols ? "partial_" : "", method_names[id->m]);
    csvw_str(w, name);
    csvw_int(w, (long long)f[0]);
    size_t last = o->co.min_n >= 0 ? nf - 1 : nf;
    for (size_t i = 1; i < last; i++)
        if (i == FIG_PM)
            csvw_str(w, corr_pmethod_name((enum corr_pmethod)f[i]));
        else
            csvw_num(w, f[i]);
    if (o->co.min_n >= 0)
        csvw_int(w, (long long)f[last]);
    csvw_end(w);
}

static void
report_unmatched(const struct correlate_opts *o, const struct unitjoin *j)
{
    const struct uj_opts *u = &o->uj;
    if (!j->unmatched[0] && !j->unmatched[1])
        return;
    if (u->nfiles == 2)
        warn("keys in one file only%s: %zu in %s, %zu in %s",
             u->lag_on ? " (after the lag)" : "", j->unmatched[0], u->files[0],
             j->unmatched[1], u->files[1]);
    else
        warn("lag %ld: %zu rows without a row at t%+ld, %zu without a row "
             "at t%+ld",
             u->lag, j->unmatched[0], u->lag, j->unmatched[1], -u->lag);
}

static void
run(const struct correlate_opts *o)
{
    struct unitjoin j;
    uj_read(&j, &o->uj);
    report_unmatched(o, &j);
    struct grouping g;
    group_pairs(&j, &g);

    size_t nm = 0;
    for (int m = 0; m < NMETHODS; m++)
        nm += o->method[m];
    size_t ng = j.groups.n, npair = o->uj.nx * o->uj.ny;
    size_t nrows = ng * npair * nm;
    struct res *block = xcalloc(nm + 1, sizeof *block);
    size_t k0 = o->uj.ncontrols;
    double *zstore = xcalloc(2 * (nm + 1) * (k0 + 1), sizeof *zstore);
    double *tmp = xcalloc(32 + 2 * k0, sizeof *tmp);
    size_t nf = pack(o, block, tmp);
    /* Without adjustment rows go out as they come; with it they wait,
     * packed, for the p-values of the whole family. */
    double *fig = o->adjust_given ? xcalloc(nrows * nf + 1, sizeof *fig) : NULL;
    struct resampler rs = {0};
    rs.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rs.rng)
        die(EXIT_DATA, "memory exhausted");
    if (o->bootstrap) {
        for (int m = 0; m < NMETHODS; m++)
            rs.stats[m] = xcalloc((size_t)o->bootstrap, sizeof *rs.stats[m]);
        rs.sorted = xcalloc((size_t)o->bootstrap, sizeof *rs.sorted);
    }
    FILE *fp = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, fp, o->co.digits);
    write_header(&w, o);
    struct sample s = {0};
    s.k = k0;
    s.zidx = xcalloc(k0 + 1, sizeof *s.zidx);
    size_t at = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        size_t gid = g.sorted[gi];
        for (size_t xi = 0; xi < o->uj.nx; xi++)
            for (size_t yi = 0; yi < o->uj.ny; yi++) {
                s.k = k0;
                gather(&s, &j, g.order + g.start[gid], g.count[gid], xi, yi);
                char where[512];
                describe(where, sizeof where, o, &j, gid, xi, yi);
                drop_aliased(o, &s, where);
                size_t b = 0;
                for (int m = 0; m < NMETHODS; m++)
                    if (o->method[m]) {
                        double *zs = zstore + 2 * b * (k0 + 1);
                        block[b++] = (struct res){.group = gid,
                                                  .xi = (uint32_t)xi,
                                                  .yi = (uint32_t)yi,
                                                  .m = m,
                                                  .zcoef = zs,
                                                  .zse = zs + k0 + 1};
                    }
                block[b].m = -1;
                analyse(o, &rs, &s, block, where);
                for (b = 0; b < nm; b++, at++) {
                    double *f = fig ? fig + at * nf : tmp;
                    pack(o, &block[b], f);
                    if (!fig)
                        write_row(&w, o, &j, &block[b], f, nf);
                }
            }
    }
    if (fig) {
        adjust(o, fig, nf, nrows, nm);
        /* The identity of row i follows from the loop order above. */
        int mlist[NMETHODS];
        size_t k = 0;
        for (int m = 0; m < NMETHODS; m++)
            if (o->method[m])
                mlist[k++] = m;
        for (size_t i = 0; i < nrows; i++) {
            size_t r = i / nm, pair = r % npair;
            struct res id = {.group = g.sorted[r / npair],
                             .xi = (uint32_t)(pair / o->uj.ny),
                             .yi = (uint32_t)(pair % o->uj.ny),
                             .m = mlist[i % nm]};
            write_row(&w, o, &j, &id, fig + i * nf, nf);
        }
    }
    outfile_commit();

    free(fig);
    free(block);
    free(zstore);
    free(tmp);
    free(s.zidx);
    free(s.x);
    free(s.y);
    free(s.w);
    free(s.z);
    free(rs.b.x);
    free(rs.b.y);
    free(rs.b.w);
    free(rs.b.z);
    for (int m = 0; m < NMETHODS; m++)
        free(rs.stats[m]);
    free(rs.sorted);
    corr_work_free(&rs.wk);
    gsl_rng_free(rs.rng);
    free(g.order);
    free(g.start);
    free(g.count);
    free(g.sorted);
    uj_free(&j);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    csvin_convert_hint = "cx-ingest --schema table";
    struct correlate_opts o = {
        .method = {true, true, true},
        .adjust = PADJ_BH,
        .seed = 1,
    };
    common_opts_init(&o.co);
    o.co.min_n = -1; /* set below: privacy by default */
    o.co.min_n_min = 0;
    parse_args(&o, argc, argv);
    /* The default profile unless --disclosure or --min-n says otherwise;
     * --disclosure none and --min-n 0 turn suppression off. */
    common_disclosure_default(&o.co, true);
    if (o.co.min_n == 0)
        o.co.min_n = -1;
    o.uj.files = argv + optind;
    o.uj.nfiles = (size_t)(argc - optind);
    validate(&o, argc - optind);
    run(&o);
    struct uj_opts *u = &o.uj;
    opts_free_list(u->x, u->nx);
    opts_free_list(u->y, u->ny);
    opts_free_list(u->keys, u->nkeys);
    opts_free_list(u->groups, u->ngroups);
    opts_free_list(u->controls, u->ncontrols);
    opts_free_list(u->na, u->nna);
    return EXIT_OK;
}
