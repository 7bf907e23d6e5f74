/* test-continuity: the continuity indices against STATISTICS.md B.1. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "continuity.h"

/* Sequences as letters; each letter is a provider id ('A' = 0). */
static size_t
to_ids(const char *s, size_t *p)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        p[i] = (size_t)(s[i] - 'A');
    return n;
}

struct seq_case {
    const char *seq;
    size_t n, m, h, pp;
    double coc, upc, secon, mmci; /* NAN: undefined */
};

/* The first five rows are the worked examples of STATISTICS.md B.1 [py];
 * the others were computed with python3's fractions module for this test
 * (COC and SECON exact fractions, MMCI from the B.1 formula). */
static const struct seq_case seq_cases[] = {
    {"AABACCAB", 8, 3, 5, 1, 16.0 / 56, 0.5, 2.0 / 7, 0.7183098592},
    {"AAAA", 4, 1, 0, 0, 1, 1, 1, 1},
    {"ABAB", 4, 2, 3, 2, 4.0 / 12, 0.5, 0, 0.6774193548},
    {"ABCD", 4, 4, 3, 0, 0, 0.25, 0, 0.0322580645},
    {"AB", 2, 2, 1, 0, 0, 0.5, 0, 0.0909090909},
    {"A", 1, 1, 0, 0, NAN, 1, NAN, 1},
    {"ABBA", 4, 2, 2, 0, 1.0 / 3, 0.5, 1.0 / 3, 0.6774193548},
    {"ABCBCB", 6, 3, 5, 3, 4.0 / 15, 0.5, 0, 0.6078431373},
    {"", 0, 0, 0, 0, NAN, NAN, NAN, NAN},
};

static void
test_sequences(struct cont_work *w)
{
    for (size_t k = 0; k < sizeof seq_cases / sizeof seq_cases[0]; k++) {
        const struct seq_case *c = &seq_cases[k];
        size_t p[16];
        size_t n = to_ids(c->seq, p);
        struct cont_figs f;
        cont_figures(p, n, w, &f);
        printf("sequence '%s'\n", c->seq);
        CHECK(f.n == c->n);
        CHECK(f.providers == c->m);
        CHECK(f.handoffs == c->h);
        CHECK(f.returns == c->pp);
        CHECK_NEAR(f.coc, c->coc, 1e-12);
        CHECK_NEAR(f.upc, c->upc, 1e-12);
        CHECK_NEAR(f.secon, c->secon, 1e-12);
        CHECK_NEAR(f.mmci, c->mmci, 1e-9);
        /* B.1: H = (N - 1)(1 - SECON). */
        if (n >= 2)
            CHECK_NEAR((double)f.handoffs, (n - 1) * (1 - f.secon), 1e-12);
    }
}

/* Large, sparse ids and a reused work area give the same figures. */
static void
test_sparse_ids(struct cont_work *w)
{
    size_t p[] = {1000, 1000, 7, 1000, 42, 42, 1000, 7};
    struct cont_figs f;
    cont_figures(p, 8, w, &f);
    CHECK(f.providers == 3 && f.handoffs == 5 && f.returns == 1);
    CHECK_NEAR(f.coc, 2.0 / 7, 1e-12);
    cont_figures(p, 8, w, &f);
    CHECK(f.providers == 3);
    CHECK_NEAR(f.coc, 2.0 / 7, 1e-12);
}

struct win_case {
    const char *seq;
    int64_t t[8];
    int64_t window;
    size_t want;
};

/* By hand: distinct letters among the times in [s, s + window]. */
static const struct win_case win_cases[] = {
    /* The window is closed: times 0 and 10 are both in [0, 10]. */
    {"AB", {0, 10}, 10, 2},
    {"AB", {0, 11}, 10, 1},
    {"ABCA", {0, 5, 20, 21}, 10, 2}, /* {A,B} at 0..10, {C,A} at 20..30 */
    {"ABCDA", {0, 1, 2, 3, 4}, 100, 4},
    {"AAAA", {0, 1, 2, 3}, 1, 1},
    {"ABAC", {0, 0, 0, 50}, 0, 2}, /* equal times share a window */
    {"ABCDEFGH", {0, 7, 14, 21, 28, 35, 42, 49}, 14, 3},
    {"", {0}, 10, 0},
};

static void
test_windows(struct cont_work *w)
{
    for (size_t k = 0; k < sizeof win_cases / sizeof win_cases[0]; k++) {
        const struct win_case *c = &win_cases[k];
        size_t p[16];
        size_t n = to_ids(c->seq, p);
        size_t got = cont_max_window(c->t, p, n, c->window, w);
        printf("window '%s' %lld: %zu\n", c->seq, (long long)c->window, got);
        CHECK(got == c->want);
    }
    /* The work area is clean afterwards: figures are unaffected. */
    size_t p[8];
    size_t n = to_ids("AABACCAB", p);
    struct cont_figs f;
    cont_figures(p, n, w, &f);
    CHECK(f.providers == 3);
    CHECK_NEAR(f.coc, 2.0 / 7, 1e-12);
}

/* --ties step (issue 13), by hand as in the man page: steps {A} {B,C} {C}
 * {A} {A,C}: H = 2 within + 2 between = 4, returns 1, SECON 2/6, COC
 * 12/42; the same whatever the order within a step. Without ties the
 * figures are those of cont_figures. */
static void
test_steps(struct cont_work *w)
{
    static const char *orders[] = {"ABCCAAC", "ACBCACA", "ABCCACA", "ACBCAAC"};
    const int64_t t[] = {2, 3, 3, 4, 5, 6, 6};
    struct cont_steps st;
    cont_steps_init(&st);
    for (size_t k = 0; k < 4; k++) {
        size_t p[8];
        size_t n = to_ids(orders[k], p);
        cont_steps_build(&st, p, t, n);
        CHECK(st.n == 5 && st.tied == 2 && st.mixed == 2);
        CHECK(st.tied_handoffs == 2);
        struct cont_figs f;
        cont_figures_steps(p, n, &st, w, &f);
        printf("steps '%s': H %zu, returns %zu\n", orders[k], f.handoffs,
               f.returns);
        CHECK(f.n == 7 && f.providers == 3 && f.handoffs == 4);
        CHECK(f.returns == 1);
        CHECK_NEAR(f.secon, 2.0 / 6, 1e-12);
        CHECK_NEAR(f.coc, 12.0 / 42, 1e-12);
        CHECK_NEAR(f.upc, 3.0 / 7, 1e-12);
    }
    /* A A at one instant is one step {A}: no tie handoff, no mixed step,
     * the handoffs of row order. With distinct times every figure is. */
    for (size_t k = 0; k < sizeof seq_cases / sizeof seq_cases[0]; k++) {
        const struct seq_case *c = &seq_cases[k];
        size_t p[16];
        int64_t tt[16], td[16];
        size_t n = to_ids(c->seq, p);
        for (size_t i = 0; i < n; i++) {
            tt[i] = i > 0 && p[i] == p[i - 1] ? tt[i - 1] : (int64_t)i;
            td[i] = (int64_t)i;
        }
        struct cont_figs a, b;
        cont_figures(p, n, w, &a);
        cont_steps_build(&st, p, tt, n);
        CHECK(st.mixed == 0 && st.tied_handoffs == 0);
        cont_figures_steps(p, n, &st, w, &b);
        CHECK(a.handoffs == b.handoffs && a.providers == b.providers);
        CHECK_NEAR(a.secon, b.secon, 1e-12);
        cont_steps_build(&st, p, td, n);
        CHECK(st.tied == 0);
        cont_figures_steps(p, n, &st, w, &b);
        CHECK(a.handoffs == b.handoffs && a.returns == b.returns);
    }
    /* A C C A with both C at one instant: {A} {C} {A}, one return (in row
     * order a stay of two events in C, no return). */
    size_t p1[] = {0, 2, 2, 0};
    int64_t t1[] = {1, 2, 2, 3};
    cont_steps_build(&st, p1, t1, 4);
    struct cont_figs f1;
    cont_figures_steps(p1, 4, &st, w, &f1);
    CHECK(f1.handoffs == 2 && f1.returns == 1);
    /* Steps {A,B} {A,B}: within 1 + 1, shared between: H 2, N 4. */
    size_t p2[] = {0, 1, 1, 0};
    int64_t t2[] = {1, 1, 2, 2};
    cont_steps_build(&st, p2, t2, 4);
    struct cont_figs f;
    cont_figures_steps(p2, 4, &st, w, &f);
    CHECK(f.handoffs == 2 && f.returns == 0);
    CHECK_NEAR(f.secon, 1.0 / 3, 1e-12);
    cont_steps_free(&st);
}

int
main(void)
{
    struct cont_work w;
    cont_work_init(&w);
    test_sequences(&w);
    test_sparse_ids(&w);
    test_windows(&w);
    test_steps(&w);
    cont_work_free(&w);
    CHECK_DONE();
}
