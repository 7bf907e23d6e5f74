/* continuity: continuity-of-care figures of one client's journey, the
 * sequence of providers (units, departments or caregivers) of the client's
 * contacts in time order (STATISTICS.md B.1). Providers are given as small
 * integer ids, such as strmap ids. The caller owns the sequences; a struct
 * cont_work holds scratch counts, reused from journey to journey so that a
 * whole log is processed without allocating per client; free it with
 * cont_work_free. */
#ifndef CX_CONTINUITY_H
#define CX_CONTINUITY_H

#include <stddef.h>
#include <stdint.h>

struct cont_work {
    size_t *count; /* provider id -> contacts; all zero between calls */
    size_t cap;
    size_t *touched; /* ids with a non-zero count */
    size_t ntouched, tcap;
};

/* Figures of a sequence p_1..p_N. Indices undefined for the sequence are
 * NaN: COC and SECON need N >= 2; UPC and MMCI need N >= 1. */
struct cont_figs {
    size_t n;         /* N, contacts */
    size_t providers; /* M, distinct providers */
    size_t handoffs;  /* H = #{i : p_i != p_i+1} */
    size_t returns;   /* PP = #{i : p_i == p_i+2 and p_i != p_i+1} */
    double coc;       /* Bice-Boxerman: (sum n_j^2 - N) / (N (N - 1)) */
    double upc;       /* usual provider: max n_j / N */
    double secon;     /* sequential: (N - 1 - H) / (N - 1) */
    double mmci;      /* (1 - M/(N + 0.1)) / (1 - 1/(N + 0.1)) */
};

void cont_work_init(struct cont_work *w);
void cont_work_free(struct cont_work *w);

/* The figures of p[0..n). */
void cont_figures(const size_t *p, size_t n, struct cont_work *w,
                  struct cont_figs *f);

/* The largest number of distinct providers among the contacts whose times
 * fall in one closed window [s, s + window], over all s; t[0..n) must be
 * ascending. 0 for an empty sequence. */
size_t cont_max_window(const int64_t *t, const size_t *p, size_t n,
                       int64_t window, struct cont_work *w);

#endif
