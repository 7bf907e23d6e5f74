/* handover: the handover matrix of a log. For each ordered pair of
 * providers (from, to) it counts the direct successions from one to the
 * other in the clients' journeys, the distinct clients with at least one,
 * the returns (from, to, from again) and the delays (the time from the
 * last event at from to the first at to); for each provider, the time
 * until a client moves on to any other, with the clients last seen there
 * censored at asof (Kaplan-Meier); and writes the matrix as a Graphviz
 * digraph. Providers are ids
 * (such as strmap ids) whose names stay with the caller's strmap. Feed one
 * journey at a time with handover_journey; handover_sort ends the feeding
 * and orders the cells; handover_free releases what the matrix owns. */
#ifndef CX_HANDOVER_H
#define CX_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "continuity.h"
#include "km.h"
#include "strmap.h"

struct hcell {
    size_t from, to; /* provider ids */
    size_t count;    /* direct successions from -> to */
    size_t clients;  /* distinct journeys with one */
    size_t last;     /* journey that counted last, for clients */
    size_t returns;  /* from -> to -> from */
    double *delay;   /* ms, one per succession with times (ndelay) */
    size_t ndelay, dcap;
};

/* Leaving one provider for any other. */
struct hleave {
    size_t handoffs, returns, clients, last, open;
    struct km_obs *obs; /* ms: ended at the next provider, or censored */
    size_t nobs, ocap;
};

struct handover {
    bool self;           /* count from == to as well */
    struct strmap keys;  /* (from, to) as bytes -> cell */
    struct hcell *cells; /* after handover_sort: shown ones first */
    size_t cap;
    bool *seen; /* provider id -> met in some journey */
    size_t seencap;
    size_t journeys;
    size_t nshown;        /* set by handover_sort */
    struct hleave *leave; /* by provider id, leavecap of them */
    size_t leavecap;
};

void handover_init(struct handover *m, bool self);
/* One client's journey: providers p[0..n) in order, without times (no
 * delays). */
void handover_journey(struct handover *m, const size_t *p, size_t n);
/* The same with the contacts' times t[0..n) (ascending): delays, and the
 * last provider's stay censored (see handover_finish). */
void handover_journey_timed(struct handover *m, const size_t *p,
                            const int64_t *t, size_t n);
/* Ends the feeding: stays still open are censored at asof (a stay whose
 * last event is after asof is left out). */
void handover_finish(struct handover *m, int64_t asof);
/* The same journey read as steps (continuity.h, the tie rule "step"):
 * between consecutive steps that share no provider, every pair (a, b) of a
 * provider a of the earlier step and b of the later one counts once; with
 * self, a provider in both counts as a to a. Contacts within one step
 * have no order and count in no cell. */
void handover_journey_steps(struct handover *m, const struct cont_steps *s);
/* Returns for steps: S_k, S_k+1 share none and S_k, S_k+2 share a: cell
 * (a, b) for each b of S_k+1. Leaving a: a in S_k and not in S_k+1 when
 * the steps share none (a handoff, ended), a in the last step (open). */
/* Number of cells. */
size_t handover_cells(const struct handover *m);
/* Orders the cells: those with at least min_clients clients first, by
 * count descending, then from and to names in byte order; then the others
 * (suppressed), by names only, their counts set to 0 so that nothing of
 * them leaks through the order. Sets m->nshown. */
void handover_sort(struct handover *m, const struct strmap *names,
                   size_t min_clients);
/* The same with the suppressed cells given: hidden[i] for cell i in the
 * order of m->cells before the call. */
void handover_sort_hidden(struct handover *m, const struct strmap *names,
                          const bool *hidden);
/* The sorted matrix as a DOT digraph: one box per provider met (byte
 * order), except providers whose cells are all suppressed; one edge per
 * shown cell, labelled with its count, pen width 1 + 5 count / largest
 * count with 3 significant digits. */
/* How the DOT picture shows delays and what it leaves out. */
struct dot_style {
    double unit_ms;     /* delays in this unit */
    const char *unit;   /* its symbol: "d", "h", "min", "w" */
    size_t top;         /* 0: every shown cell; else the first top */
    size_t min_clients; /* the --min-n of handover_sort, for the note */
    int digits;         /* significant digits of the median delay */
};

/* The sorted matrix as a DOT digraph: one box per provider with a drawn
 * edge, or met without any handoff at all (byte order); one edge per shown
 * cell (the first style->top of them when top is set), labelled with its
 * count and median delay, pen width 1 + 5 count / largest count with 3
 * significant digits; a graph label notes the edges left out by top and
 * by suppression. */
void handover_write_dot(const struct handover *m, const struct strmap *names,
                        const struct dot_style *style, FILE *fp);
/* The state written and merged by cx-handoffs --partial and --merge
 * (cx-partial(5)), in the ids of m's names: a provider met, a cell's
 * counts (added to what it has), k delays of d ms, a provider's leave
 * counts, and k stays at a provider (ended: after value ms; not ended:
 * last event at time value, censored by handover_finish). The journeys of
 * a merged state are disjoint, so clients add up. */
void handover_add_seen(struct handover *m, size_t id);
void handover_add_cell(struct handover *m, size_t from, size_t to,
                       size_t count, size_t clients, size_t returns);
void handover_add_delays(struct handover *m, size_t from, size_t to,
                         double d, size_t k);
void handover_add_leave(struct handover *m, size_t id, size_t handoffs,
                        size_t returns, size_t clients);
void handover_add_stays(struct handover *m, size_t id, double value,
                        bool ended, size_t k);
/* Adds the state of src (disjoint journeys, the same provider ids) to
 * dst; src is left as it was. */
void handover_merge(struct handover *dst, const struct handover *src);
/* A distinct value and its count, for writing delays and stays as tables
 * of counts by value. */
struct hvalue {
    double value;
    bool ended;
    size_t count;
};
/* The distinct values of the delays of cell i (ended false), or of the
 * stays of provider id (by value, ended ones first at a value), in
 * ascending order: a new array of *n of them (the caller frees it). */
struct hvalue *handover_delay_table(const struct handover *m, size_t i,
                                    size_t *n);
struct hvalue *handover_stay_table(const struct handover *m, size_t id,
                                   size_t *n);
void handover_free(struct handover *m);

#endif
