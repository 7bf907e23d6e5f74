/* synth: the synthetic care organisation of cx-synth, with planted effects.
 *
 * synth_run draws one organisation from a seed and streams it, client by
 * client, into up to four CSV files: events (canonical events), clients
 * (client survey responses), staff (staff survey responses) and truth (the
 * planted and realised values a tool should recover, in long format). The
 * model and every column are written out in man/cx-synth.1; this header
 * only says who owns what. The caller owns the parameters and the FILEs
 * (NULL: that file is not written) and checks and closes them afterwards.
 * Memory grows with units times quarters, never with clients or events.
 *
 * Randomness is GSL's gsl_rng_mt19937 with GSL's distributions only, in
 * three streams derived from the seed (unit parameters, staff survey,
 * clients), so the same parameters give the same bytes on every machine. */
#ifndef CX_SYNTH_H
#define CX_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A per-unit parameter: n == 0 draws it per unit from the seed, n == 1 is
 * one value for every unit, n == units gives each unit its own. */
struct synth_list {
    double *v;
    size_t n;
};

struct synth_params {
    unsigned long seed;
    size_t units, clients, staff_per_unit, home_care;
    int64_t start; /* ms, a midnight */
    long weeks;
    long lag;              /* quarters */
    double effect;         /* staff latent -> client latent */
    double wait_effect;    /* per week of referral -> treatment */
    double handoff_effect; /* per unit change during care */
    struct synth_list intake_median, treatment_median; /* days */
    struct synth_list handoff, ret, continuity;        /* probabilities */
    double wait_sigma;    /* lognormal sigma of both waits */
    double complaint;     /* probability a client complains */
    double answer_median; /* days from complaint to answer */
    double nonresponse, staff_nonresponse, item_missing;
    int digits; /* significant digits in truth.csv */
};

struct synth_out {
    FILE *events, *clients, *staff, *truth;
};

/* Fills p with the documented defaults. */
void synth_defaults(struct synth_params *p);
void synth_run(const struct synth_params *p, const struct synth_out *o);

/* The model's pieces, exposed for the unit tests. */

/* E[score] of a 1-5 item, score = clamp(round(3 + theta + e), 1, 5) with e
 * normal(0, sigma). */
double synth_item_expected(double theta, double sigma);
/* E[score] of the 0-10 item, clamp(round(7 + 2 (theta + e)), 0, 10). */
double synth_recommend_expected(double theta, double sigma);
/* The score itself for a given noise draw e. */
int synth_item_score(double theta, double e);
int synth_recommend_score(double theta, double e);
/* Handoffs H (consecutive different providers) and returns PP (A,B,A
 * triples) of a provider sequence, as STATISTICS.md defines them; entries
 * below 0 (no provider) are left out of the sequence first. */
void synth_count_handoffs(const int *seq, size_t n, size_t *h, size_t *pp);
/* The three stream seeds from the user's seed (a 32-bit mixer). */
unsigned long synth_stream_seed(unsigned long seed, unsigned stream);

#endif
