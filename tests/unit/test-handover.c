/* test-handover: the handover matrix against STATISTICS.md B.12 and hand
 * counts, its order, suppression, and its DOT picture. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "handover.h"
#include "strmap.h"

/* Letters as provider ids through a strmap, as the tool does. */
static size_t
seq(struct strmap *names, const char *s, size_t *p)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        p[i] = strmap_intern(names, s + i, 1, NULL);
    return n;
}

struct want {
    const char *from, *to;
    size_t count, clients;
};

static void
check_cells(const struct handover *m, const struct strmap *names,
            const struct want *w, size_t nw)
{
    CHECK(handover_cells(m) == nw);
    for (size_t i = 0; i < nw && i < handover_cells(m); i++) {
        const struct hcell *c = &m->cells[i];
        CHECK_STR(names->strs[c->from], w[i].from);
        CHECK_STR(names->strs[c->to], w[i].to);
        CHECK(c->count == w[i].count);
        CHECK(c->clients == w[i].clients);
    }
}

/* B.12: the single trace A A B A C C A B; pm4py's handover of work is
 * these counts over the dividend 7 (A->A 1/7, A->B 2/7, A->C 1/7, B->A
 * 1/7, C->A 1/7, C->C 1/7). */
static void
test_b12(void)
{
    struct strmap names;
    strmap_init(&names);
    size_t p[16];
    size_t n = seq(&names, "AABACCAB", p);
    struct handover m;
    handover_init(&m, true);
    handover_journey(&m, p, n);
    handover_sort(&m, &names, 0);
    static const struct want w[] = {{"A", "B", 2, 1}, {"A", "A", 1, 1},
                                    {"A", "C", 1, 1}, {"B", "A", 1, 1},
                                    {"C", "A", 1, 1}, {"C", "C", 1, 1}};
    check_cells(&m, &names, w, 6);
    size_t total = 0;
    for (size_t i = 0; i < handover_cells(&m); i++)
        total += m.cells[i].count;
    CHECK(total == 7); /* pm4py's dividend */
    handover_free(&m);

    /* Without self-handovers: the 5 handoffs of B.1 (H = 5). */
    handover_init(&m, false);
    handover_journey(&m, p, n);
    handover_sort(&m, &names, 0);
    static const struct want w2[] = {
        {"A", "B", 2, 1}, {"A", "C", 1, 1}, {"B", "A", 1, 1}, {"C", "A", 1, 1}};
    check_cells(&m, &names, w2, 4);
    handover_free(&m);
    strmap_free(&names);
}

/* Clients are counted once per cell; suppression moves small cells last
 * and hides their counts. By hand: A B A B (A->B 2, B->A 1), A B (A->B 1),
 * C (no edge). */
static void
test_clients_and_suppression(void)
{
    struct strmap names;
    strmap_init(&names);
    size_t p[16];
    struct handover m;
    handover_init(&m, false);
    size_t n = seq(&names, "ABAB", p);
    handover_journey(&m, p, n);
    n = seq(&names, "AB", p);
    handover_journey(&m, p, n);
    n = seq(&names, "C", p);
    handover_journey(&m, p, n);
    handover_sort(&m, &names, 2);
    static const struct want w[] = {{"A", "B", 3, 2}, {"B", "A", 0, 1}};
    check_cells(&m, &names, w, 2);
    CHECK(m.nshown == 1);

    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    struct dot_style st = {86400e3, "d", 0, 2, 3};
    handover_write_dot(&m, &names, &st, fp);
    fclose(fp);
    /* C has no edge at all and is drawn; pen width 1 + 5 * 3/3 = 6. No
     * times were given: no delay in the label. The suppressed edge is
     * noted. */
    CHECK_STR(buf, "digraph handoffs {\n"
                   "    rankdir=LR;\n"
                   "    node [shape=box, style=rounded, "
                   "fontname=\"Helvetica\"];\n"
                   "    edge [fontname=\"Helvetica\"];\n"
                   "    \"A\";\n"
                   "    \"B\";\n"
                   "    \"C\";\n"
                   "    \"A\" -> \"B\" [label=\"3\", penwidth=6];\n"
                   "    labelloc=b;\n"
                   "    fontname=\"Helvetica\";\n"
                   "    label=\"1 edge suppressed (--min-n 2, with "
                   "complementary suppression)\";\n"
                   "}\n");
    free(buf);
    handover_free(&m);
    strmap_free(&names);
}

/* Delays, returns and leaving (issue 13), by hand: A B A at hours 0, 1,
 * 3 and A C at hours 0, 5; --asof hour 10. */
static void
test_timed(void)
{
    struct strmap names;
    strmap_init(&names);
    size_t p[8];
    const int64_t h = 3600000;
    int64_t t1[] = {0, h, 3 * h}, t2[] = {0, 5 * h};
    struct handover m;
    handover_init(&m, false);
    size_t n = seq(&names, "ABA", p);
    handover_journey_timed(&m, p, t1, n);
    n = seq(&names, "AC", p);
    handover_journey_timed(&m, p, t2, n);
    handover_finish(&m, 10 * h);
    handover_sort(&m, &names, 0);
    /* Cells by count then names: A->B, A->C, B->A. */
    CHECK(m.cells[0].ndelay == 1 && m.cells[0].delay[0] == (double)h);
    CHECK(m.cells[0].returns == 1);
    CHECK(m.cells[1].delay[0] == 5.0 * (double)h);
    CHECK(m.cells[2].delay[0] == 2.0 * (double)h);
    size_t a = strmap_find(&names, "A"), c = strmap_find(&names, "C");
    /* A: ended after 1 h and 5 h, open at hour 3 of the first journey:
     * censored at 10 - 3 = 7 h. C: open 5 h. */
    const struct hleave *la = &m.leave[a], *lc = &m.leave[c];
    CHECK(la->handoffs == 2 && la->clients == 2 && la->open == 1);
    CHECK(la->returns == 1 && la->nobs == 3);
    CHECK(la->obs[1].t == 7.0 * (double)h && !la->obs[1].event);
    CHECK(lc->handoffs == 0 && lc->open == 1 &&
          lc->obs[0].t == 5.0 * (double)h);
    handover_free(&m);
    strmap_free(&names);
}

int
main(void)
{
    test_b12();
    test_timed();
    test_clients_and_suppression();
    CHECK_DONE();
}
