/* handover: the handover matrix of a log. For each ordered pair of
 * providers (from, to) it counts the direct successions from one to the
 * other in the clients' journeys and the distinct clients with at least
 * one, and writes the matrix as a Graphviz digraph. Providers are ids
 * (such as strmap ids) whose names stay with the caller's strmap. Feed one
 * journey at a time with handover_journey; handover_sort ends the feeding
 * and orders the cells; handover_free releases what the matrix owns. */
#ifndef CX_HANDOVER_H
#define CX_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "continuity.h"
#include "strmap.h"

struct hcell {
    size_t from, to; /* provider ids */
    size_t count;    /* direct successions from -> to */
    size_t clients;  /* distinct journeys with one */
    size_t last;     /* journey that counted last, for clients */
};

struct handover {
    bool self;           /* count from == to as well */
    struct strmap keys;  /* (from, to) as bytes -> cell */
    struct hcell *cells; /* after handover_sort: shown ones first */
    size_t cap;
    bool *seen; /* provider id -> met in some journey */
    size_t seencap;
    size_t journeys;
    size_t nshown; /* set by handover_sort */
};

void handover_init(struct handover *m, bool self);
/* One client's journey: providers p[0..n) in order. */
void handover_journey(struct handover *m, const size_t *p, size_t n);
/* The same journey read as steps (continuity.h, the tie rule "step"):
 * between consecutive steps that share no provider, every pair (a, b) of a
 * provider a of the earlier step and b of the later one counts once; with
 * self, a provider in both counts as a to a. Contacts within one step
 * have no order and count in no cell. */
void handover_journey_steps(struct handover *m, const struct cont_steps *s);
/* Number of cells. */
size_t handover_cells(const struct handover *m);
/* Orders the cells: those with at least min_clients clients first, by
 * count descending, then from and to names in byte order; then the others
 * (suppressed), by names only, their counts set to 0 so that nothing of
 * them leaks through the order. Sets m->nshown. */
void handover_sort(struct handover *m, const struct strmap *names,
                   size_t min_clients);
/* The sorted matrix as a DOT digraph: one box per provider met (byte
 * order), except providers whose cells are all suppressed; one edge per
 * shown cell, labelled with its count, pen width 1 + 5 count / largest
 * count with 3 significant digits. */
void handover_write_dot(const struct handover *m, const struct strmap *names,
                        FILE *fp);
void handover_free(struct handover *m);

#endif
