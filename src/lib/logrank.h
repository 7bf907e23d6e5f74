/* logrank: the log-rank test of equal waiting-time curves between groups,
 * plain or stratified, as R's survival::survdiff (rho = 0) computes it.
 *
 * At each distinct event time t of a stratum, with n at risk and d events
 * in all, n_g at risk and d_g events in group g:
 *   E_g += d n_g / n,  V_gh += d (n - d)/(n - 1) (n_g/n)(delta_gh - n_h/n);
 * O, E and V are summed over the strata. Groups with E = 0 take no part;
 * of the others the first is dropped and chisq = (O - E)' V^-1 (O - E) on
 * the rest, df = their number less one, p = P(chi2_df > chisq).
 *
 * The caller owns the observations (sorted in place) and struct logrank,
 * whose arrays logrank_test allocates and logrank_free releases. */
#ifndef CX_LOGRANK_H
#define CX_LOGRANK_H

#include <stdbool.h>
#include <stddef.h>

struct lr_obs {
    double t;       /* the wait */
    bool event;     /* ended at t; else censored at t */
    size_t group;   /* 0 .. ngroups-1 */
    size_t stratum; /* any number; equal numbers form a stratum */
};

struct logrank {
    size_t ngroups;
    size_t *n;                   /* waits per group */
    double *observed, *expected; /* per group, summed over strata */
    double chisq, df, p;         /* NaN when fewer than two groups take part */
};

void logrank_test(struct lr_obs *obs, size_t nobs, size_t ngroups,
                  struct logrank *lr);
void logrank_free(struct logrank *lr);

#endif
