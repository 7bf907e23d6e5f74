/* survey: survey figures per group, as cx-satisfaction reports them.
 *
 * The statistics: the Net Promoter Score with its Wald interval (B.3 of
 * STATISTICS.md, variance with the n denominator) and Cronbach's alpha with
 * the Feldt interval (B.9).
 *
 * The accumulator, struct svy: the caller interns each group key with
 * svy_group, then feeds every answer with svy_answer (or svy_missing for an
 * empty score). Respondents are the independent units: svy keeps one record
 * per respondent and group (memory grows with respondents per group; with
 * by_response, and with alpha, it keeps every answer as well). svy_finish
 * turns the records into one struct svy_sum per group id. The svy owns its
 * tables; svy_free releases them. Group keys belong to the caller's strmap. */
#ifndef CX_SURVEY_H
#define CX_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "strmap.h"

/* NPS = 100 (P - D) / n from counts of promoters, passives and detractors;
 * se = 100 sqrt((p + d - (p - d)^2) / n) with p, d the shares; the Wald
 * interval nps -/+ z se, clipped to [-100, 100]. False (and NaN) when n
 * is 0. */
bool survey_nps(double prom, double pas, double det, double z, double *nps,
                double *se, double *lo, double *hi);

/* Cronbach's alpha of an n x k matrix x (row-major, complete rows, sample
 * variances with n-1) and its Feldt interval at level conf. False (and
 * NaN) when k < 2, n < 2 or the variance of the row sums is 0. */
bool survey_alpha(const double *x, size_t n, size_t k, double conf,
                  double *alpha, double *lo, double *hi);

struct svy_opts {
    double top_cut;      /* an answer >= top_cut is in the top box */
    double bottom_cut;   /* an answer <= bottom_cut is in the bottom box */
    bool by_response;    /* every answer is a unit of analysis */
    bool nps;            /* count promoters (9-10), passives, detractors */
    bool alpha;          /* keep answers per item for Cronbach's alpha */
    size_t straightline; /* 0: off; else the minimum number of items */
    double conf;
};

/* Counts per group, kept while reading. */
struct svy_group {
    size_t responses, missing;
    size_t top, bottom;
    size_t prom, pas, det;
    long double origin; /* the group's first score: sums are taken from it */
};

/* The figures of one group (NaN where not estimable). */
struct svy_sum {
    size_t respondents; /* respondents with at least one answer */
    size_t n;           /* units of analysis: respondents or answers */
    double mean, sd, median;
    size_t straightliners;
    double alpha, alpha_lo, alpha_hi;
    size_t alpha_n; /* complete respondents (listwise) */
};

struct svy_pair; /* one respondent in one group */
struct svy_ans;  /* one answer, kept for alpha or by_response */

struct svy {
    struct svy_opts o;
    struct svy_group *g;
    size_t ng, gcap;
    struct strmap pairs; /* group id bytes + respondent id */
    struct svy_pair *p;
    size_t pcap;
    struct strmap items;
    struct svy_ans *a;
    size_t na, acap;
    char *kbuf;
    size_t kcap;
};

void svy_init(struct svy *s, const struct svy_opts *o);
/* Makes room for group ids up to gid (ids come from the caller's strmap). */
void svy_touch(struct svy *s, size_t gid);
void svy_missing(struct svy *s, size_t gid);
/* The score as a long double: the respondents' means are accumulated as
 * differences from the group's first score, so a large offset (scores of
 * 1e7 that differ by 0.1) keeps its digits in the mean and sd. */
void svy_answer(struct svy *s, size_t gid, const char *respondent,
                const char *item, long double score);
/* The state for --partial and --merge: the per-group counts, one record
 * per respondent and group (answers, their sum, min and max) and, with
 * by_response or alpha, every answer kept. svy_add_* add such records
 * (from a partial) to the state; adding every record of two states gives
 * the state of their input together, and svy_finish depends only on the
 * records, not on their order (so one run and a merge agree). */
void svy_add_counts(struct svy *s, size_t gid, const struct svy_group *c);
void svy_add_respondent(struct svy *s, size_t gid, const char *respondent,
                        size_t n, double sum, double min, double max);
/* False when the respondent has no record in group gid yet. */
bool svy_add_kept(struct svy *s, size_t gid, const char *respondent,
                  const char *item, double score);
size_t svy_nrespondents(const struct svy *s);
/* Record i (0 <= i < svy_nrespondents): its group and respondent id (of
 * length *rlen, not NUL-terminated; owned by s) and figures. */
const char *svy_respondent(const struct svy *s, size_t i, size_t *gid,
                           size_t *rlen, size_t *n, double *sum, double *min,
                           double *max);
size_t svy_nkept(const struct svy *s);
/* Kept answer i: its respondent record, item ("" without alpha) and score. */
void svy_kept(const struct svy *s, size_t i, size_t *rec, const char **item,
              double *score);
/* out: s->ng entries, by group id. */
void svy_finish(struct svy *s, struct svy_sum *out);
void svy_free(struct svy *s);

#endif
