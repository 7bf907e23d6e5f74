/* km: the Kaplan-Meier estimator for right-censored waiting times, with
 * Greenwood's standard error, pointwise intervals (log, log-log, plain, as
 * R's survfit computes them), quantiles with R's midpoint rule, and the
 * Brookmeyer-Crowley interval of a quantile (where the horizontal line at
 * 1 - p meets the pointwise limits, as R's quantile.survfit finds it).
 *
 * Data flow: the caller fills an array of struct km_obs (one per wait:
 * its length and whether it ended), km_fit sorts that array in place and
 * builds the curve into a struct km, which owns its steps until km_free.
 * Times are plain doubles in whatever unit the caller likes; nothing here
 * knows about clocks. Not estimable values are NaN. */
#ifndef CX_KM_H
#define CX_KM_H

#include <stdbool.h>
#include <stddef.h>

enum km_ci { KM_CI_LOG, KM_CI_LOGLOG, KM_CI_PLAIN };

struct km_obs {
    double t;   /* the wait, >= 0 */
    bool event; /* true: the wait ended at t; false: censored at t */
};

/* One distinct observed time (an event time or a censoring time). */
struct km_step {
    double t;
    size_t at_risk;  /* observations with time >= t */
    size_t events;   /* ended at t */
    size_t censored; /* censored at t (still at risk at t: events first) */
    double surv;     /* S(t), right-continuous */
    double se;       /* Greenwood se of log S(t) (R's std.err); inf at S=0 */
    double lo, hi;   /* pointwise interval for S(t); NaN when undefined */
};

struct km {
    struct km_step *s; /* ascending distinct times */
    size_t n;          /* number of steps */
    size_t nobs, nevents;
    enum km_ci ci;
    double z; /* normal quantile for the confidence level */
};

/* "log", "log-log" or "plain". */
bool km_ci_parse(const char *s, enum km_ci *ci);

/* Fits the curve to obs[0..n) (sorted in place) at level conf (0.95). */
void km_fit(struct km *km, struct km_obs *obs, size_t n, enum km_ci ci,
            double conf);
void km_free(struct km *km);

/* The pointwise interval for S = surv with Greenwood se of log S; NaN for
 * S = 0, and for log-log also for S = 1, as in R. */
void km_limits(enum km_ci ci, double z, double surv, double se, double *lo,
               double *hi);

/* S(t) with its interval. Before the first step S is 1 with the
 * interval 1 to 1 (whatever the type). After the last
 * observed time S is known only when it has reached 0; otherwise NaN. */
double km_surv_at(const struct km *km, double t, double *lo, double *hi);

/* Quantiles p[0..np) of the waiting time (the time by which a share p has
 * ended, 0 < p < 1) into q, and their Brookmeyer-Crowley limits into lo and
 * hi (either may be NULL). R's rule: the first time S is at or below 1 - p;
 * when S equals 1 - p (within 1.5e-8) on a flat stretch, the midpoint of
 * the stretch (up to the next drop, or to the last observed time when it
 * is flat to the end); NaN when S never reaches 1 - p. The limits apply
 * the same rule, in time order, to the lower limit of S (the lower limit)
 * and the upper limit of S (the upper limit); points where a limit is
 * undefined are skipped. */
void km_quantiles(const struct km *km, const double *p, size_t np, double *q,
                  double *lo, double *hi);

/* The restricted mean wait up to tau, the area under S from 0 to tau
 * (S carried flat beyond the last observed time), with its standard error
 * as R's print(survfit, rmean = tau) computes it: the square root of
 * sum over event times t_i <= tau of (area under S from t_i to tau)^2
 * d_i / (n_i (n_i - d_i)), a term 0 where n_i = d_i. With no observation
 * the mean is NaN. */
void km_rmst(const struct km *km, double tau, double *mean, double *se);

#endif
