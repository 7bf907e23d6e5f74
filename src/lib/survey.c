/* survey: NPS, Cronbach's alpha and the per-group accumulator (survey.h). */
#include <config.h>

#include "survey.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct svy_pair {
    size_t gid;
    size_t n;        /* answers */
    long double sum; /* of score - the group's origin */
    double min, max;
};

struct svy_ans {
    size_t pair;
    size_t item;
    double score;
};

bool
survey_nps(double prom, double pas, double det, double z, double *nps,
           double *se, double *lo, double *hi)
{
    double n = prom + pas + det;
    *nps = *se = *lo = *hi = NAN;
    if (!(n > 0))
        return false;
    double p = prom / n, d = det / n;
    double var = (p + d - (p - d) * (p - d)) / n;
    *nps = 100 * (p - d);
    *se = 100 * sqrt(var > 0 ? var : 0);
    *lo = fmax(-100, *nps - z * *se);
    *hi = fmin(100, *nps + z * *se);
    return true;
}

/* Sample variance (n-1) of x[0], x[stride], ... by two passes. */
static double
var_strided(const double *x, size_t n, size_t stride)
{
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i * stride];
    m /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double d = x[i * stride] - m;
        ss += d * d;
    }
    return ss / ((double)n - 1);
}

bool
survey_alpha(const double *x, size_t n, size_t k, double conf, double *alpha,
             double *lo, double *hi)
{
    *alpha = *lo = *hi = NAN;
    if (k < 2 || n < 2)
        return false;
    double sumvar = 0;
    for (size_t j = 0; j < k; j++)
        sumvar += var_strided(x + j, n, k);
    double *tot = xmalloc(n * sizeof *tot);
    for (size_t i = 0; i < n; i++) {
        tot[i] = 0;
        for (size_t j = 0; j < k; j++)
            tot[i] += x[i * k + j];
    }
    double vt = var_strided(tot, n, 1);
    free(tot);
    /* Relative to the item variances, a total variance this small is
     * rounding dust of equal answers. */
    if (!(vt > 1e-12 * (sumvar > 1 ? sumvar : 1)))
        return false;
    double kk = (double)k;
    *alpha = kk / (kk - 1) * (1 - sumvar / vt);
    double df1 = (double)n - 1, df2 = df1 * (kk - 1), a = 1 - conf;
    *lo = 1 - (1 - *alpha) * gsl_cdf_fdist_Pinv(1 - a / 2, df1, df2);
    *hi = 1 - (1 - *alpha) * gsl_cdf_fdist_Pinv(a / 2, df1, df2);
    return true;
}

void
svy_init(struct svy *s, const struct svy_opts *o)
{
    memset(s, 0, sizeof *s);
    s->o = *o;
    strmap_init(&s->pairs);
    strmap_init(&s->items);
}

void
svy_touch(struct svy *s, size_t gid)
{
    if (gid < s->ng)
        return;
    XGROW(s->g, s->gcap, gid + 1);
    memset(s->g + s->ng, 0, (gid + 1 - s->ng) * sizeof *s->g);
    s->ng = gid + 1;
}

void
svy_missing(struct svy *s, size_t gid)
{
    svy_touch(s, gid);
    s->g[gid].missing++;
}

static void
keep_answer(struct svy *s, size_t pair, const char *item, double score)
{
    size_t id = 0;
    if (s->o.alpha)
        id = strmap_intern(&s->items, item, strlen(item), NULL);
    XGROW(s->a, s->acap, s->na + 1);
    s->a[s->na].pair = pair;
    s->a[s->na].item = id;
    s->a[s->na].score = score;
    s->na++;
}

void
svy_answer(struct svy *s, size_t gid, const char *respondent, const char *item,
           long double exact)
{
    svy_touch(s, gid);
    struct svy_group *g = &s->g[gid];
    double score = (double)exact;
    if (g->responses == 0)
        g->origin = exact;
    g->responses++;
    if (score >= s->o.top_cut)
        g->top++;
    if (score <= s->o.bottom_cut)
        g->bottom++;
    if (s->o.nps) {
        if (score >= 9)
            g->prom++;
        else if (score >= 7)
            g->pas++;
        else
            g->det++;
    }

    size_t rl = strlen(respondent);
    XGROW(s->kbuf, s->kcap, sizeof gid + rl);
    memcpy(s->kbuf, &gid, sizeof gid);
    memcpy(s->kbuf + sizeof gid, respondent, rl);
    bool added;
    size_t pid = strmap_intern(&s->pairs, s->kbuf, sizeof gid + rl, &added);
    if (added) {
        XGROW(s->p, s->pcap, pid + 1);
        s->p[pid].gid = gid;
        s->p[pid].n = 0;
        s->p[pid].sum = 0;
        s->p[pid].min = s->p[pid].max = score;
    }
    struct svy_pair *p = &s->p[pid];
    p->n++;
    p->sum += exact - g->origin;
    if (score < p->min)
        p->min = score;
    if (score > p->max)
        p->max = score;
    if (s->o.by_response || s->o.alpha)
        keep_answer(s, pid, item, score);
}

void
svy_add_counts(struct svy *s, size_t gid, const struct svy_group *c)
{
    svy_touch(s, gid);
    struct svy_group *g = &s->g[gid];
    g->responses += c->responses;
    g->missing += c->missing;
    g->top += c->top;
    g->bottom += c->bottom;
    g->prom += c->prom;
    g->pas += c->pas;
    g->det += c->det;
}

/* The respondent record of (gid, respondent), added when new. */
static size_t
pair_id(struct svy *s, size_t gid, const char *respondent, bool *added)
{
    size_t rl = strlen(respondent);
    XGROW(s->kbuf, s->kcap, sizeof gid + rl);
    memcpy(s->kbuf, &gid, sizeof gid);
    memcpy(s->kbuf + sizeof gid, respondent, rl);
    return strmap_intern(&s->pairs, s->kbuf, sizeof gid + rl, added);
}

void
svy_add_respondent(struct svy *s, size_t gid, const char *respondent, size_t n,
                   double sum, double min, double max)
{
    svy_touch(s, gid);
    bool added;
    size_t pid = pair_id(s, gid, respondent, &added);
    if (added) {
        XGROW(s->p, s->pcap, pid + 1);
        s->p[pid].gid = gid;
        s->p[pid].n = 0;
        s->p[pid].sum = 0;
        s->p[pid].min = min;
        s->p[pid].max = max;
    }
    struct svy_pair *p = &s->p[pid];
    p->n += n;
    /* Partials hold plain sums; the state keeps them from the origin. */
    p->sum += (long double)sum - (long double)n * s->g[gid].origin;
    if (min < p->min)
        p->min = min;
    if (max > p->max)
        p->max = max;
}

static void keep_answer(struct svy *s, size_t pair, const char *item,
                        double score);

bool
svy_add_kept(struct svy *s, size_t gid, const char *respondent,
             const char *item, double score)
{
    bool added;
    size_t pid = pair_id(s, gid, respondent, &added);
    if (added) {
        /* A stray answer: give it an empty record so the state stays
         * consistent until the caller dies with its message. */
        XGROW(s->p, s->pcap, pid + 1);
        memset(&s->p[pid], 0, sizeof s->p[pid]);
        s->p[pid].gid = gid;
        return false;
    }
    keep_answer(s, pid, item, score);
    return true;
}

size_t
svy_nrespondents(const struct svy *s)
{
    return s->pairs.n;
}

const char *
svy_respondent(const struct svy *s, size_t i, size_t *gid, size_t *rlen,
               size_t *n, double *sum, double *min, double *max)
{
    const struct svy_pair *p = &s->p[i];
    *gid = p->gid;
    *rlen = s->pairs.lens[i] - sizeof p->gid;
    *n = p->n;
    *sum = (double)(p->sum + (long double)p->n * s->g[p->gid].origin);
    *min = p->min;
    *max = p->max;
    return s->pairs.strs[i] + sizeof p->gid;
}

size_t
svy_nkept(const struct svy *s)
{
    return s->na;
}

void
svy_kept(const struct svy *s, size_t i, size_t *rec, const char **item,
         double *score)
{
    *rec = s->a[i].pair;
    *item = s->o.alpha ? s->items.strs[s->a[i].item] : "";
    *score = s->a[i].score;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean, sd (n-1) and median of x[0..n), which it sorts. */
static void
describe(double *x, size_t n, struct svy_sum *out)
{
    out->n = n;
    out->mean = out->sd = out->median = NAN;
    if (n == 0)
        return;
    qsort(x, n, sizeof *x, cmp_double);
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    out->mean = m;
    if (n >= 2)
        out->sd = sqrt(var_strided(x, n, 1));
    out->median = n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* The units of analysis of every group, bucketed by group id. */
static void
finish_means(struct svy *s, struct svy_sum *out)
{
    size_t npairs = s->pairs.n;
    size_t nunits = s->o.by_response ? s->na : npairs;
    size_t *off = xcalloc(s->ng + 1, sizeof *off);
    double *v = xmalloc((nunits ? nunits : 1) * sizeof *v);
    for (size_t i = 0; i < npairs; i++)
        out[s->p[i].gid].respondents++;
    if (s->o.by_response)
        for (size_t i = 0; i < s->na; i++)
            off[s->p[s->a[i].pair].gid + 1]++;
    else
        for (size_t i = 0; i < npairs; i++)
            off[s->p[i].gid + 1]++;
    for (size_t g = 0; g < s->ng; g++)
        off[g + 1] += off[g];
    size_t *fill = xmalloc((s->ng ? s->ng : 1) * sizeof *fill);
    memcpy(fill, off, s->ng * sizeof *fill);
    if (s->o.by_response)
        for (size_t i = 0; i < s->na; i++)
            v[fill[s->p[s->a[i].pair].gid]++] = s->a[i].score;
    else
        for (size_t i = 0; i < npairs; i++)
            v[fill[s->p[i].gid]++] = (double)(s->p[i].sum / s->p[i].n);
    for (size_t g = 0; g < s->ng; g++) {
        describe(v + off[g], off[g + 1] - off[g], &out[g]);
        if (!s->o.by_response) { /* back from differences to scores */
            out[g].mean = (double)(s->g[g].origin + out[g].mean);
            out[g].median = (double)(s->g[g].origin + out[g].median);
        }
    }
    free(fill);
    free(v);
    free(off);
}

static const struct svy *sort_svy;
/* Ranks of respondent records and items in byte order of their keys, so
 * that alpha's sums run in the same order whatever order the answers
 * arrived in (one run, or a merge of partials). */
static size_t *sort_prank, *sort_irank;

static int
cmp_ans(const void *a, const void *b)
{
    const struct svy_ans *x = a, *y = b;
    size_t gx = sort_svy->p[x->pair].gid, gy = sort_svy->p[y->pair].gid;
    if (gx != gy)
        return gx < gy ? -1 : 1;
    size_t px = sort_prank[x->pair], py = sort_prank[y->pair];
    if (px != py)
        return px < py ? -1 : 1;
    size_t ix = sort_irank[x->item], iy = sort_irank[y->item];
    if (ix != iy)
        return ix < iy ? -1 : 1;
    /* Repeated answers to one item: by score, so their sum is the same. */
    return (x->score > y->score) - (x->score < y->score);
}

static size_t *
ranks(const struct strmap *m)
{
    size_t *ids = strmap_sorted(m);
    size_t *r = xmalloc((m->n ? m->n : 1) * sizeof *r);
    for (size_t i = 0; i < m->n; i++)
        r[ids[i]] = i;
    free(ids);
    return r;
}

static int
cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Cronbach's alpha of the answers a[0..n) of one group (sorted by pair and
 * item), over the items of the group, respondents with every item only. */
static void
group_alpha(const struct svy *s, const struct svy_ans *a, size_t n,
            struct svy_sum *out)
{
    size_t *items = xmalloc(n * sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = a[i].item;
    qsort(items, n, sizeof *items, cmp_size);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || items[i] != items[k - 1])
            items[k++] = items[i];

    double *x = NULL, *row = xmalloc(k * sizeof *row);
    size_t *cnt = xmalloc(k * sizeof *cnt);
    size_t rows = 0, xcap = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t c = 0; c < k; c++)
            row[c] = 0;
        for (; j < n && a[j].pair == a[i].pair; j++) {
            size_t *hit =
                bsearch(&a[j].item, items, k, sizeof *items, cmp_size);
            size_t c = (size_t)(hit - items);
            row[c] += a[j].score;
            cnt[c]++;
        }
        bool complete = true;
        for (size_t c = 0; c < k && complete; c++)
            complete = cnt[c] > 0;
        if (complete) {
            XGROW(x, xcap, (rows + 1) * k);
            for (size_t c = 0; c < k; c++)
                x[rows * k + c] = row[c] / (double)cnt[c];
            rows++;
        }
        i = j;
    }
    out->alpha_n = rows;
    survey_alpha(x, rows, k, s->o.conf, &out->alpha, &out->alpha_lo,
                 &out->alpha_hi);
    free(x);
    free(row);
    free(cnt);
    free(items);
}

static void
finish_alpha(struct svy *s, struct svy_sum *out)
{
    if (s->na == 0)
        return;
    sort_svy = s;
    sort_prank = ranks(&s->pairs);
    sort_irank = ranks(&s->items);
    /* Answers keep item id 0 when alpha is off; the rank table covers it. */
    if (s->items.n == 0) {
        free(sort_irank);
        sort_irank = xcalloc(1, sizeof *sort_irank);
    }
    /* Item ids become ranks: group_alpha's columns then run in item-name
     * order too. */
    for (size_t i = 0; i < s->na; i++)
        s->a[i].item = sort_irank[s->a[i].item];
    for (size_t i = 0; i < (s->items.n ? s->items.n : 1); i++)
        sort_irank[i] = i;
    qsort(s->a, s->na, sizeof *s->a, cmp_ans);
    free(sort_prank);
    free(sort_irank);
    for (size_t i = 0; i < s->na;) {
        size_t gid = s->p[s->a[i].pair].gid, j = i;
        while (j < s->na && s->p[s->a[j].pair].gid == gid)
            j++;
        group_alpha(s, s->a + i, j - i, &out[gid]);
        i = j;
    }
}

void
svy_finish(struct svy *s, struct svy_sum *out)
{
    for (size_t g = 0; g < s->ng; g++) {
        memset(&out[g], 0, sizeof out[g]);
        out[g].alpha = out[g].alpha_lo = out[g].alpha_hi = NAN;
    }
    finish_means(s, out);
    if (s->o.straightline)
        for (size_t i = 0; i < s->pairs.n; i++)
            if (s->p[i].n >= s->o.straightline && s->p[i].min == s->p[i].max)
                out[s->p[i].gid].straightliners++;
    if (s->o.alpha)
        finish_alpha(s, out);
}

void
svy_free(struct svy *s)
{
    free(s->g);
    free(s->p);
    free(s->a);
    free(s->kbuf);
    strmap_free(&s->pairs);
    strmap_free(&s->items);
    memset(s, 0, sizeof *s);
}
