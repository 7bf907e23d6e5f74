/* synth: the generator behind cx-synth (model in man/cx-synth.1). */
#include <config.h>

#include "synth.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "xalloc.h"

/* Fixed constants of the model; the man page lists each. */
#define ITEM_SIGMA 0.7       /* answer noise of every survey item */
#define STAFF_PERSON_SD 0.6  /* employee around the unit-quarter mean */
#define STAFF_MEAN 0.8       /* staff latent mean across units */
#define STAFF_BASE_SD 0.35   /* unit staff satisfaction at the first quarter */
#define STAFF_STEP_SD 0.12   /* quarter-to-quarter drift */
#define CLIENT_BASE 1.2      /* client latent intercept */
#define CLIENT_UNIT_SD 0.15  /* unit baseline of clients */
#define CLIENT_SD 0.8        /* client noise */
#define APPTS_MEAN 5.0       /* appointments beyond the first, Poisson */
#define APPTS_MEAN_HOME 14.0 /* same in home care */
#define GAP_MEDIAN 7.0       /* days between appointments */
#define GAP_MEDIAN_HOME 2.0  /* same in home care */
#define GAP_SIGMA 0.5
#define ANSWER_SIGMA 0.6     /* complaint answer wait, lognormal sigma */
#define LATE_DAYS 42.0       /* Wkkgz: answered within 6 weeks */
#define SURVEY_DELAY_MIN 1.0 /* days after discharge */
#define SURVEY_DELAY_MAX 14.0
#define STAFF_FIELD_DAYS 14.0 /* staff survey fieldwork per quarter */

enum { STREAM_UNITS = 1, STREAM_STAFF = 2, STREAM_CLIENTS = 3 };

enum activity {
    ACT_REFERRAL,
    ACT_INTAKE,
    ACT_TREATMENT,
    ACT_APPOINTMENT,
    ACT_DISCHARGE,
    ACT_COMPLAINT,
    ACT_ANSWER
};

static const char *const act_name[] = {
    "referral",  "intake",    "treatment",       "appointment",
    "discharge", "complaint", "complaint_answer"};

static const char *const client_items[] = {
    "information", "respect", "coordination", "waiting", "overall"};
#define N_CLIENT_ITEMS 5
static const char *const staff_items[] = {"workload", "autonomy", "team",
                                          "leadership", "engagement"};
#define N_STAFF_ITEMS 5

struct ev {
    int64_t t;
    int act, unit, staff; /* staff -1: none */
};

/* Per unit: parameters and realised counts. */
struct unit {
    char name[16];
    bool home;
    double m1, m2, h, rho, cont, alpha;
    size_t clients, waiting_intake, waiting_treatment;
    size_t handoffs, returns, carers, with_staff;
    size_t complaints, answered, late;
};

/* Per unit and quarter of the window. */
struct cell {
    size_t staff_resp, staff_scored;
    double staff_latent_sum, staff_score_sum;
    size_t invited, resp, scored;
    double latent_sum, expected_sum, rec_expected_sum, score_sum;
};

struct trow {
    const char *measure;
    int unit;       /* -1: none */
    int64_t period; /* INT64_MIN: none */
    double value;
};

struct gen {
    const struct synth_params *p;
    const struct synth_out *o;
    struct csvw ew, cw, sw;
    gsl_rng *rng;
    struct unit *u;
    size_t nu;
    int64_t end;       /* first ms after the window */
    int64_t q_first;   /* quarter index of --start */
    size_t nq;         /* quarters of the window */
    double *walk;      /* staff latent, units x (nq + lag), from q_first-lag */
    struct cell *cell; /* units x nq */
    int uw, sw_digits; /* widths of unit and staff numbers */
    /* One client's journey. */
    struct ev *ev;
    size_t nev, evcap;
    int *prim; /* primary carer per unit, -1 none */
    int *seq;
    size_t seqcap;
    struct trow *rows;
    size_t nrows, rowcap;
};

unsigned long
synth_stream_seed(unsigned long seed, unsigned stream)
{
    /* splitmix-style 32-bit mixing of (seed, stream): unrelated streams
     * from neighbouring seeds, the same on every machine. */
    uint32_t x = (uint32_t)seed * 0x9E3779B9u + stream * 0x85EBCA6Bu;
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    x ^= x >> 16;
    return x ? x : 1;
}

void
synth_defaults(struct synth_params *p)
{
    memset(p, 0, sizeof *p);
    p->seed = 1;
    p->units = 8;
    p->clients = 2000;
    p->staff_per_unit = 12;
    p->home_care = 1;
    time_from_parts(2026, 1, 5, 0, 0, 0, 0, &p->start);
    p->weeks = 26;
    p->lag = 1;
    p->effect = 0.4;
    p->wait_effect = -0.04;
    p->handoff_effect = -0.2;
    p->wait_sigma = 0.6;
    p->complaint = 0.06;
    p->answer_median = 21;
    p->nonresponse = 0.5;
    p->staff_nonresponse = 0.3;
    p->item_missing = 0.03;
    p->digits = 10;
}

double
synth_item_expected(double theta, double sigma)
{
    /* score >= k  <=>  3 + theta + e >= k - 0.5, for k = 2..5 */
    double e = 1;
    for (int k = 2; k <= 5; k++)
        e += gsl_cdf_gaussian_Q(k - 3.5 - theta, sigma);
    return e;
}

double
synth_recommend_expected(double theta, double sigma)
{
    /* score >= k  <=>  7 + 2 (theta + e) >= k - 0.5, for k = 1..10 */
    double e = 0;
    for (int k = 1; k <= 10; k++)
        e += gsl_cdf_gaussian_Q((k - 7.5) / 2 - theta, sigma);
    return e;
}

static int
clamp_round(double x, int lo, int hi)
{
    double r = floor(x + 0.5);
    return r < lo ? lo : r > hi ? hi : (int)r;
}

int
synth_item_score(double theta, double e)
{
    return clamp_round(3 + theta + e, 1, 5);
}

int
synth_recommend_score(double theta, double e)
{
    return clamp_round(7 + 2 * (theta + e), 0, 10);
}

void
synth_count_handoffs(const int *seq, size_t n, size_t *h, size_t *pp)
{
    int a = -1, b = -1; /* the two providers before this one */
    *h = *pp = 0;
    for (size_t i = 0; i < n; i++) {
        int c = seq[i];
        if (c < 0)
            continue;
        if (b >= 0 && c != b)
            (*h)++;
        if (a >= 0 && a == c && a != b)
            (*pp)++;
        a = b;
        b = c;
    }
}

static double
pick(const struct synth_list *l, size_t u, double drawn)
{
    return l->n == 0 ? drawn : l->n == 1 ? l->v[0] : l->v[u];
}

static int
digits_of(size_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d < 2 ? 2 : d;
}

static gsl_rng *
new_rng(unsigned long seed, unsigned stream)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        die(EXIT_DATA, "memory exhausted");
    gsl_rng_set(r, synth_stream_seed(seed, stream));
    return r;
}

/* Unit parameters, then every unit's staff walk, from the unit stream. The
 * draws are made whether or not an option overrides them, so that setting
 * one parameter leaves the others as they were. */
static void
setup_units(struct gen *g)
{
    const struct synth_params *p = g->p;
    gsl_rng *r = new_rng(p->seed, STREAM_UNITS);
    g->nu = p->units;
    g->u = xcalloc(g->nu, sizeof *g->u);
    g->uw = digits_of(g->nu);
    g->sw_digits = digits_of(p->staff_per_unit);
    for (size_t i = 0; i < g->nu; i++) {
        struct unit *u = &g->u[i];
        snprintf(u->name, sizeof u->name, "U%0*zu", g->uw, i + 1);
        u->home = i >= g->nu - p->home_care;
        double z1 = gsl_ran_gaussian(r, 1), z2 = gsl_ran_gaussian(r, 1);
        double a = gsl_rng_uniform(r), b = gsl_rng_uniform(r);
        double c = gsl_rng_uniform(r);
        double alpha = gsl_ran_gaussian(r, CLIENT_UNIT_SD);
        u->m1 = pick(&p->intake_median, i, 21 * exp(0.35 * z1));
        u->m2 = pick(&p->treatment_median, i, 14 * exp(0.35 * z2));
        u->h = pick(&p->handoff, i, 0.03 + 0.09 * a);
        u->rho = pick(&p->ret, i, 0.15 + 0.35 * b);
        u->cont =
            pick(&p->continuity, i, u->home ? 0.1 + 0.15 * c : 0.55 + 0.35 * c);
        u->alpha = alpha;
    }
    size_t nw = g->nq + (size_t)p->lag;
    g->walk = xcalloc(g->nu * nw, sizeof *g->walk);
    for (size_t i = 0; i < g->nu; i++) {
        double s = STAFF_MEAN + gsl_ran_gaussian(r, STAFF_BASE_SD);
        for (size_t j = 0; j < nw; j++) {
            if (j > 0)
                s += gsl_ran_gaussian(r, STAFF_STEP_SD);
            g->walk[i * nw + j] = s;
        }
    }
    gsl_rng_free(r);
}

/* Staff latent of unit u in window quarter q (q may be negative down to
 * -lag: the quarters before --start). */
static double
walk_at(const struct gen *g, size_t u, long q)
{
    size_t nw = g->nq + (size_t)g->p->lag;
    return g->walk[u * nw + (size_t)(q + g->p->lag)];
}

static int64_t
plus_days(int64_t t, double days)
{
    return t + (int64_t)floor(days * 86400 + 0.5) * 1000;
}

static void
write_response(struct csvw *w, const char *who, const char *unit, int64_t t,
               const char *item, int score, const char *survey)
{
    char tb[32];
    time_format(t, false, false, tb, sizeof tb);
    csvw_str(w, who);
    csvw_str(w, unit);
    csvw_str(w, tb);
    csvw_str(w, item);
    if (score < 0)
        csvw_empty(w);
    else
        csvw_int(w, score);
    csvw_str(w, survey);
    csvw_end(w);
}

/* The staff survey: in the first STAFF_FIELD_DAYS of each quarter's part
 * of the window, when that part is at least that long; every employee. */
static void
gen_staff(struct gen *g)
{
    const struct synth_params *p = g->p;
    gsl_rng *r = new_rng(p->seed, STREAM_STAFF);
    char who[48];
    for (size_t q = 0; q < g->nq; q++) {
        int64_t qs = period_start(PERIOD_QUARTER, g->q_first + (int64_t)q);
        int64_t qe = period_start(PERIOD_QUARTER, g->q_first + (int64_t)q + 1);
        if (qs < p->start)
            qs = p->start;
        if (qe > g->end)
            qe = g->end;
        if ((double)(qe - qs) < STAFF_FIELD_DAYS * MS_PER_DAY)
            continue;
        double field = STAFF_FIELD_DAYS;
        for (size_t i = 0; i < g->nu; i++) {
            struct cell *c = &g->cell[i * g->nq + q];
            double mean = walk_at(g, i, (long)q);
            for (size_t k = 0; k < p->staff_per_unit; k++) {
                double s = mean + gsl_ran_gaussian(r, STAFF_PERSON_SD);
                double tt = gsl_ran_flat(r, 0, field);
                if (gsl_rng_uniform(r) < p->staff_nonresponse)
                    continue;
                int64_t t = plus_days(qs, tt);
                snprintf(who, sizeof who, "E%0*zu%0*zu", g->uw, i + 1,
                         g->sw_digits, k + 1);
                c->staff_resp++;
                c->staff_latent_sum += s;
                double sum = 0;
                int answered = 0;
                for (int it = 0; it < N_STAFF_ITEMS; it++) {
                    int sc =
                        synth_item_score(s, gsl_ran_gaussian(r, ITEM_SIGMA));
                    if (gsl_rng_uniform(r) < p->item_missing)
                        sc = -1;
                    else {
                        sum += sc;
                        answered++;
                    }
                    if (g->o->staff)
                        write_response(&g->sw, who, g->u[i].name, t,
                                       staff_items[it], sc, "staff");
                }
                if (answered) {
                    c->staff_scored++;
                    c->staff_score_sum += sum / answered;
                }
            }
        }
    }
    gsl_rng_free(r);
}

static void
add_ev(struct gen *g, int64_t t, int act, int unit, int staff)
{
    XGROW(g->ev, g->evcap, g->nev + 1);
    g->ev[g->nev++] = (struct ev){t, act, unit, staff};
}

/* The carer of a care contact in unit u: the client's primary carer there
 * with probability continuity, otherwise another employee of the unit. */
static int
carer(struct gen *g, int u)
{
    size_t n = g->p->staff_per_unit;
    if (g->prim[u] < 0)
        g->prim[u] = (int)gsl_rng_uniform_int(g->rng, n);
    if (gsl_rng_uniform(g->rng) < g->u[u].cont)
        return g->prim[u];
    int o = (int)gsl_rng_uniform_int(g->rng, n - 1);
    return o >= g->prim[u] ? o + 1 : o;
}

static void
write_events(struct gen *g, const char *cid)
{
    char tb[32], sb[48];
    for (size_t i = 0; i < g->nev; i++) {
        const struct ev *e = &g->ev[i];
        time_format(e->t, false, false, tb, sizeof tb);
        csvw_str(&g->ew, cid);
        csvw_str(&g->ew, tb);
        csvw_str(&g->ew, act_name[e->act]);
        csvw_str(&g->ew, g->u[e->unit].name);
        if (e->staff < 0)
            csvw_empty(&g->ew);
        else {
            snprintf(sb, sizeof sb, "E%0*d%0*d", g->uw, e->unit + 1,
                     g->sw_digits, e->staff + 1);
            csvw_str(&g->ew, sb);
        }
        csvw_end(&g->ew);
    }
}

/* Realised journey figures on the events as written. */
static void
tally_journey(struct gen *g, struct unit *home)
{
    XGROW(g->seq, g->seqcap, g->nev);
    for (size_t i = 0; i < g->nev; i++)
        g->seq[i] = g->ev[i].unit;
    size_t h, pp;
    synth_count_handoffs(g->seq, g->nev, &h, &pp);
    home->handoffs += h;
    home->returns += pp;
    /* Distinct carers: staff numbers are per unit, so key on both. */
    size_t distinct = 0;
    for (size_t i = 0; i < g->nev; i++) {
        const struct ev *e = &g->ev[i];
        if (e->staff < 0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = g->ev[j].staff == e->staff && g->ev[j].unit == e->unit;
        distinct += !seen;
    }
    if (distinct) {
        home->with_staff++;
        home->carers += distinct;
    }
}

/* Client survey after discharge. */
static void
gen_survey(struct gen *g, const char *cid, size_t hu, int64_t discharge,
           double wait_weeks, size_t care_handoffs)
{
    const struct synth_params *p = g->p;
    gsl_rng *r = g->rng;
    int64_t ts = plus_days(discharge,
                           gsl_ran_flat(r, SURVEY_DELAY_MIN, SURVEY_DELAY_MAX));
    if (ts >= g->end)
        return;
    long q = (long)(period_index(PERIOD_QUARTER, ts) - g->q_first);
    double theta = CLIENT_BASE + g->u[hu].alpha +
                   p->effect * walk_at(g, hu, q - p->lag) +
                   p->wait_effect * wait_weeks +
                   p->handoff_effect * (double)care_handoffs +
                   gsl_ran_gaussian(r, CLIENT_SD);
    struct cell *c = &g->cell[hu * g->nq + (size_t)q];
    c->invited++;
    c->latent_sum += theta;
    c->expected_sum += synth_item_expected(theta, ITEM_SIGMA);
    c->rec_expected_sum += synth_recommend_expected(theta, ITEM_SIGMA);
    if (gsl_rng_uniform(r) < p->nonresponse)
        return;
    c->resp++;
    double sum = 0;
    int answered = 0;
    for (int it = 0; it <= N_CLIENT_ITEMS; it++) {
        double e = gsl_ran_gaussian(r, ITEM_SIGMA);
        bool missing = gsl_rng_uniform(r) < p->item_missing;
        int sc = it < N_CLIENT_ITEMS ? synth_item_score(theta, e)
                                     : synth_recommend_score(theta, e);
        if (missing)
            sc = -1;
        else if (it < N_CLIENT_ITEMS) {
            sum += sc;
            answered++;
        }
        if (g->o->clients)
            write_response(&g->cw, cid, g->u[hu].name, ts,
                           it < N_CLIENT_ITEMS ? client_items[it] : "recommend",
                           sc, "client");
    }
    if (answered) {
        c->scored++;
        c->score_sum += sum / answered;
    }
}

/* Inserts a complaint (and its answer) into the time-ordered journey. */
static void
gen_complaint(struct gen *g, struct unit *home, int64_t from, int64_t to)
{
    gsl_rng *r = g->rng;
    int64_t tc = from + (int64_t)floor(gsl_rng_uniform(r) *
                                       (double)((to - from) / 1000)) *
                            1000;
    double ans = gsl_ran_lognormal(r, log(g->p->answer_median), ANSWER_SIGMA);
    /* The unit of the latest event at or before the complaint. */
    size_t at = 0;
    while (at < g->nev && g->ev[at].t <= tc)
        at++;
    int unit = g->ev[at - 1].unit;
    add_ev(g, tc, ACT_COMPLAINT, unit, -1);
    memmove(&g->ev[at + 1], &g->ev[at], (g->nev - 1 - at) * sizeof *g->ev);
    g->ev[at] = (struct ev){tc, ACT_COMPLAINT, unit, -1};
    home->complaints++;
    int64_t ta = plus_days(tc, ans);
    if (ta >= g->end)
        return;
    home->answered++;
    home->late += ans > LATE_DAYS;
    size_t k = g->nev;
    add_ev(g, ta, ACT_ANSWER, unit, -1);
    while (k > 0 && g->ev[k - 1].t > ta) {
        g->ev[k] = g->ev[k - 1];
        k--;
    }
    g->ev[k] = (struct ev){ta, ACT_ANSWER, unit, -1};
}

/* Treatment's appointments, each with a possible handoff, and the
 * discharge. Returns the discharge time, or -1 when the client is still
 * in care at the end; *care_h counts the unit changes. */
static int64_t
gen_care(struct gen *g, size_t hu, int64_t t, size_t *care_h)
{
    gsl_rng *r = g->rng;
    unsigned n_appts =
        1 + gsl_ran_poisson(r, g->u[hu].home ? APPTS_MEAN_HOME : APPTS_MEAN);
    int cur = (int)hu, back = -1;
    for (unsigned j = 0; j < n_appts; j++) {
        double gap_med = g->u[cur].home ? GAP_MEDIAN_HOME : GAP_MEDIAN;
        t = plus_days(t, gsl_ran_lognormal(r, log(gap_med), GAP_SIGMA));
        if (t >= g->end)
            return -1;
        int from = cur;
        if (back >= 0) {
            cur = back; /* the planned return after one contact */
            back = -1;
        } else if (g->nu > 1 && gsl_rng_uniform(r) < g->u[cur].h) {
            int y = (int)gsl_rng_uniform_int(r, g->nu - 1);
            y += y >= cur;
            if (gsl_rng_uniform(r) < g->u[cur].rho)
                back = cur;
            cur = y;
        }
        *care_h += cur != from;
        add_ev(g, t, ACT_APPOINTMENT, cur, carer(g, cur));
    }
    int64_t td = plus_days(t, gsl_ran_flat(r, 0.5, 3));
    if (td >= g->end)
        return -1;
    add_ev(g, td, ACT_DISCHARGE, cur, -1);
    return td;
}

/* Intake, treatment and care after the referral at tr. Returns the
 * discharge time, or -1 when the client is still waiting or in care. */
static int64_t
gen_journey(struct gen *g, size_t hu, int64_t tr, double *wait_weeks,
            size_t *care_h)
{
    struct unit *home = &g->u[hu];
    double w1 = gsl_ran_lognormal(g->rng, log(home->m1), g->p->wait_sigma);
    int64_t ti = plus_days(tr, w1);
    if (ti >= g->end) {
        home->waiting_intake++;
        return -1;
    }
    add_ev(g, ti, ACT_INTAKE, (int)hu, carer(g, (int)hu));
    double w2 = gsl_ran_lognormal(g->rng, log(home->m2), g->p->wait_sigma);
    int64_t tt = plus_days(ti, w2);
    if (tt >= g->end) {
        home->waiting_treatment++;
        return -1;
    }
    *wait_weeks = (double)(tt - tr) / (7 * MS_PER_DAY);
    add_ev(g, tt, ACT_TREATMENT, (int)hu, carer(g, (int)hu));
    return gen_care(g, hu, tt, care_h);
}

static void
gen_client(struct gen *g, size_t idx)
{
    const struct synth_params *p = g->p;
    gsl_rng *r = g->rng;
    char cid[32];
    snprintf(cid, sizeof cid, "C%07zu", idx + 1);
    g->nev = 0;
    for (size_t i = 0; i < g->nu; i++)
        g->prim[i] = -1;

    size_t hu = gsl_rng_uniform_int(r, g->nu);
    struct unit *home = &g->u[hu];
    home->clients++;
    unsigned long day = gsl_rng_uniform_int(r, (unsigned long)p->weeks * 7);
    unsigned long sec = gsl_rng_uniform_int(r, 9 * 3600);
    int64_t tr = p->start + (int64_t)day * MS_PER_DAY + 8 * MS_PER_HOUR +
                 (int64_t)sec * 1000;
    double complains = gsl_rng_uniform(r);
    add_ev(g, tr, ACT_REFERRAL, (int)hu, -1);

    double wait_weeks = 0;
    size_t care_h = 0;
    int64_t discharge = gen_journey(g, hu, tr, &wait_weeks, &care_h);
    if (complains < p->complaint)
        gen_complaint(g, home, tr, discharge >= 0 ? discharge : g->end);
    if (discharge >= 0)
        gen_survey(g, cid, hu, discharge, wait_weeks, care_h);
    tally_journey(g, home);
    if (g->o->events)
        write_events(g, cid);
}

static void
add_row(struct gen *g, const char *measure, int unit, int64_t period,
        double value)
{
    XGROW(g->rows, g->rowcap, g->nrows + 1);
    g->rows[g->nrows++] = (struct trow){measure, unit, period, value};
}

static int
row_cmp(const void *a, const void *b)
{
    const struct trow *x = a, *y = b;
    int c = strcmp(x->measure, y->measure);
    if (c)
        return c;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return 0;
}

static double
ratio(double a, size_t n)
{
    return n ? a / (double)n : NAN;
}

/* Pearson r of n pairs; NaN below 3 pairs or without spread. */
static double
pearson(const double *x, const double *y, size_t n, double *slope)
{
    *slope = NAN;
    if (n < 3)
        return NAN;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx <= 0 || syy <= 0)
        return NAN;
    *slope = sxy / sxx;
    return sxy / sqrt(sxx * syy);
}

static void
truth_links(struct gen *g)
{
    const struct synth_params *p = g->p;
    size_t cap = g->nu * g->nq;
    double *x = xcalloc(cap ? cap : 1, sizeof *x);
    double *y = xcalloc(cap ? cap : 1, sizeof *y);
    double *xs = xcalloc(cap ? cap : 1, sizeof *xs);
    double *ys = xcalloc(cap ? cap : 1, sizeof *ys);
    size_t n = 0, ns = 0;
    for (size_t i = 0; i < g->nu; i++)
        for (size_t q = 0; q < g->nq; q++) {
            const struct cell *c = &g->cell[i * g->nq + q];
            if (c->invited) {
                x[n] = walk_at(g, i, (long)q - p->lag);
                y[n++] = c->latent_sum / (double)c->invited;
            }
            long sq = (long)q - p->lag;
            if (sq < 0 || !c->scored)
                continue;
            const struct cell *s = &g->cell[i * g->nq + (size_t)sq];
            if (!s->staff_scored)
                continue;
            xs[ns] = s->staff_score_sum / (double)s->staff_scored;
            ys[ns++] = c->score_sum / (double)c->scored;
        }
    double slope, slope_s;
    double r = pearson(x, y, n, &slope);
    double rs = pearson(xs, ys, ns, &slope_s);
    add_row(g, "link_pairs_latent", -1, INT64_MIN, (double)n);
    add_row(g, "link_pearson_latent", -1, INT64_MIN, r);
    add_row(g, "link_slope_latent", -1, INT64_MIN, slope);
    add_row(g, "link_pairs_sample", -1, INT64_MIN, (double)ns);
    add_row(g, "link_pearson_sample", -1, INT64_MIN, rs);
    free(x);
    free(y);
    free(xs);
    free(ys);
}

static void
write_truth(struct gen *g)
{
    const struct synth_params *p = g->p;
    const int64_t none = INT64_MIN;
    double sd_staff = hypot(STAFF_PERSON_SD, ITEM_SIGMA);
    add_row(g, "effect", -1, none, p->effect);
    add_row(g, "lag", -1, none, (double)p->lag);
    add_row(g, "wait_effect", -1, none, p->wait_effect);
    add_row(g, "handoff_effect", -1, none, p->handoff_effect);
    add_row(g, "wait_sigma", -1, none, p->wait_sigma);
    add_row(g, "complaint_prob", -1, none, p->complaint);
    add_row(g, "answer_median_days", -1, none, p->answer_median);
    add_row(g, "answer_late_pct", -1, none,
            100 * gsl_cdf_gaussian_Q(log(LATE_DAYS / p->answer_median),
                                     ANSWER_SIGMA));
    add_row(g, "nonresponse", -1, none, p->nonresponse);
    add_row(g, "staff_nonresponse", -1, none, p->staff_nonresponse);
    add_row(g, "item_missing", -1, none, p->item_missing);
    for (size_t i = 0; i < g->nu; i++) {
        const struct unit *u = &g->u[i];
        int ui = (int)i;
        add_row(g, "home_care", ui, none, u->home);
        add_row(g, "intake_median_days", ui, none, u->m1);
        add_row(g, "treatment_median_days", ui, none, u->m2);
        add_row(g, "handoff_prob", ui, none, u->h);
        add_row(g, "return_prob", ui, none, u->rho);
        add_row(g, "continuity_prob", ui, none, u->cont);
        add_row(g, "client_baseline", ui, none, u->alpha);
        add_row(g, "clients", ui, none, (double)u->clients);
        add_row(g, "waiting_intake", ui, none, (double)u->waiting_intake);
        add_row(g, "waiting_treatment", ui, none, (double)u->waiting_treatment);
        add_row(g, "handoffs_mean", ui, none,
                ratio((double)u->handoffs, u->clients));
        add_row(g, "returns_mean", ui, none,
                ratio((double)u->returns, u->clients));
        add_row(g, "carers_mean", ui, none,
                ratio((double)u->carers, u->with_staff));
        add_row(g, "complaints", ui, none, (double)u->complaints);
        add_row(g, "complaints_answered", ui, none, (double)u->answered);
        add_row(g, "complaints_late", ui, none, (double)u->late);
        for (long q = -p->lag; q < (long)g->nq; q++) {
            int64_t per = g->q_first + q;
            double s = walk_at(g, i, q);
            add_row(g, "staff_latent_mean", ui, per, s);
            if (q < 0)
                continue;
            const struct cell *c = &g->cell[i * g->nq + (size_t)q];
            add_row(g, "staff_score_expected", ui, per,
                    synth_item_expected(s, sd_staff));
            add_row(g, "staff_respondents", ui, per, (double)c->staff_resp);
            add_row(g, "staff_latent_sample", ui, per,
                    ratio(c->staff_latent_sum, c->staff_resp));
            add_row(g, "staff_score_sample", ui, per,
                    ratio(c->staff_score_sum, c->staff_scored));
            add_row(g, "client_invited", ui, per, (double)c->invited);
            add_row(g, "client_respondents", ui, per, (double)c->resp);
            add_row(g, "client_latent_mean", ui, per,
                    ratio(c->latent_sum, c->invited));
            add_row(g, "client_score_expected", ui, per,
                    ratio(c->expected_sum, c->invited));
            add_row(g, "client_recommend_expected", ui, per,
                    ratio(c->rec_expected_sum, c->invited));
            add_row(g, "client_score_sample", ui, per,
                    ratio(c->score_sum, c->scored));
        }
    }
    truth_links(g);
    qsort(g->rows, g->nrows, sizeof *g->rows, row_cmp);

    struct csvw w;
    csvw_init(&w, g->o->truth, p->digits);
    csvw_str(&w, "measure");
    csvw_str(&w, "unit");
    csvw_str(&w, "period");
    csvw_str(&w, "value");
    csvw_end(&w);
    char lb[16];
    for (size_t i = 0; i < g->nrows; i++) {
        const struct trow *t = &g->rows[i];
        csvw_str(&w, t->measure);
        csvw_str(&w, t->unit < 0 ? "" : g->u[t->unit].name);
        if (t->period == INT64_MIN)
            lb[0] = '\0';
        else
            period_label(PERIOD_QUARTER, t->period, lb, sizeof lb);
        csvw_str(&w, lb);
        csvw_num(&w, t->value);
        csvw_end(&w);
    }
}

static void
write_header(struct csvw *w, FILE *fp, bool events)
{
    csvw_init(w, fp, 10);
    if (!fp)
        return;
    if (events) {
        static char *h[] = {"client", "time", "activity", "unit", "staff"};
        csvw_row(w, h, 5);
    } else {
        static char *h[] = {"respondent", "unit",  "time",
                            "item",       "score", "survey"};
        csvw_row(w, h, 6);
    }
}

void
synth_run(const struct synth_params *p, const struct synth_out *o)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    g.p = p;
    g.o = o;
    g.end = p->start + (int64_t)p->weeks * 7 * MS_PER_DAY;
    g.q_first = period_index(PERIOD_QUARTER, p->start);
    g.nq = (size_t)(period_index(PERIOD_QUARTER, g.end - 1) - g.q_first + 1);
    setup_units(&g);
    g.cell = xcalloc(g.nu * g.nq, sizeof *g.cell);
    g.prim = xcalloc(g.nu, sizeof *g.prim);
    write_header(&g.ew, o->events, true);
    write_header(&g.cw, o->clients, false);
    write_header(&g.sw, o->staff, false);

    gen_staff(&g);
    g.rng = new_rng(p->seed, STREAM_CLIENTS);
    for (size_t i = 0; i < p->clients; i++) {
        gen_client(&g, i);
        /* A full disk or closed pipe stops the run early. */
        if ((i & 1023) == 0 && ((o->events && ferror(o->events)) ||
                                (o->clients && ferror(o->clients))))
            break;
    }
    gsl_rng_free(g.rng);
    if (o->truth)
        write_truth(&g);

    free(g.u);
    free(g.walk);
    free(g.cell);
    free(g.prim);
    free(g.ev);
    free(g.seq);
    free(g.rows);
}
