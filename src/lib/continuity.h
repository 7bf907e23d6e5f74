/* continuity: continuity-of-care figures of one client's journey, the
 * sequence of providers (units, departments or caregivers) of the client's
 * contacts in time order (STATISTICS.md B.1). Providers are given as small
 * integer ids, such as strmap ids. The caller owns the sequences; a struct
 * cont_work holds scratch counts, reused from journey to journey so that a
 * whole log is processed without allocating per client; free it with
 * cont_work_free. */
#ifndef CX_CONTINUITY_H
#define CX_CONTINUITY_H

#include <stdbool.h>
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

/* Steps, for the tie rule "step" (cx-handoffs --ties step): a client's
 * contacts at one instant form one step, the set of distinct providers met
 * then, so that nothing depends on the order of rows with equal times.
 * With S_1..S_K the steps of a journey in time order and k_i = |S_i|:
 *   handoffs H = sum (k_i - 1) + #{i : S_i and S_i+1 share no provider}
 *   returns    = #{i : S_i, S_i+1 share none and S_i, S_i+2 share one}
 *   SECON      = (N - 1 - H) / (N - 1), N contacts as before
 * and N, M, COC, UPC and MMCI are those of cont_figures, which do not
 * depend on order. With one provider per step these are the figures of
 * cont_figures. Also the tie counts a report needs. A struct cont_steps is
 * scratch reused from journey to journey; free it with cont_steps_free. */
struct cont_steps {
    size_t n;      /* K, steps */
    size_t *start; /* step k holds prov[start[k] .. start[k + 1]) */
    size_t *prov;  /* each step's distinct providers, ascending */
    int64_t *t;    /* each step's time */
    size_t cap, pcap, tcap;
    /* Of the journey, whatever the rule: */
    size_t tied;          /* contacts at the time of the previous contact */
    size_t mixed;         /* steps with two or more distinct providers */
    size_t tied_handoffs; /* handoffs between contacts at one time, as
                             cont_figures counts them in row order */
};

void cont_steps_init(struct cont_steps *s);
void cont_steps_free(struct cont_steps *s);
/* The steps of contacts p[0..n) at times t[0..n) (ascending). */
void cont_steps_build(struct cont_steps *s, const size_t *p, const int64_t *t,
                      size_t n);
/* Whether steps a and b have a provider in common. */
bool cont_steps_share(const struct cont_steps *s, size_t a, size_t b);
/* The figures of p[0..n) under the step rule; s built from the same
 * contacts. */
void cont_figures_steps(const size_t *p, size_t n, const struct cont_steps *s,
                        struct cont_work *w, struct cont_figs *f);

#endif
