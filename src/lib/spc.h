/* spc: statistical process control over one series (cx-spc). The caller
 * fills an array of struct spc_point in time order (value, denominator,
 * phase, baseline flag); spc_limits computes each phase's centre line and
 * limits from its baseline points, and spc_rules marks the points that the
 * NHS "Making Data Count" rules flag. The caller owns the array; nothing
 * here allocates beyond a call, and nothing is kept between calls.
 *
 * XmR (Wheeler): centre = mean of the baseline values, MRbar = mean moving
 * range between consecutive baseline values, limits centre -/+ 2.66 MRbar,
 * two-sigma lines centre -/+ (2/3) 2.66 MRbar. p-chart (Montgomery 7.2):
 * pbar = sum(p_i n_i) / sum(n_i) over the baseline, limits pbar -/+ 3
 * sqrt(pbar (1 - pbar) / n_i) clamped to [0, 1]. Values of a p-chart are
 * proportions here; the tool scales percentages. */
#ifndef CX_SPC_H
#define CX_SPC_H

#include <stdbool.h>
#include <stddef.h>

enum spc_chart { SPC_XMR, SPC_P };

struct spc_params {
    enum spc_chart chart;
    size_t run_min;   /* points on one side of the centre (default 7) */
    size_t trend_min; /* points rising or falling (default 7) */
    /* XmR: leave moving ranges above 3.267 MRbar out of MRbar and compute
     * it again (the screening NHSRplotthedots does by default). */
    bool screen_mr;
};

struct spc_point {
    /* Input. */
    double value;  /* NaN: missing, skipped by the limits and the rules */
    double n;      /* p-chart denominator; a point with n <= 0 is missing */
    int phase;     /* 1, 2, ...; nondecreasing along the array */
    bool baseline; /* request: use this point for its phase's limits */

    /* Output of spc_limits. NaN where not estimable. */
    double centre, lcl, ucl, lcl2, ucl2;
    double mr; /* XmR moving range from the previous point of the phase */
    bool used; /* the point went into the limits */

    /* Output of spc_rules: 0 not flagged, +1 high side / rising, -1 low
     * side / falling. */
    int beyond, run, trend, two_of_three;
    size_t run_len;   /* length of the run the point belongs to */
    size_t trend_len; /* length of the trend the point belongs to */
    size_t two_len;   /* points beyond two sigma among the 3 (2 or 3) */
};

void spc_params_init(struct spc_params *p);

/* True when the point has a usable value (and, for a p-chart, n > 0). */
bool spc_has_value(const struct spc_params *p, const struct spc_point *pt);

/* Centre, limits, two-sigma lines and moving ranges for every point of
 * every phase. A phase with no baseline point has NaN lines; an XmR phase
 * with one baseline value has a centre but no limits. */
void spc_limits(const struct spc_params *p, struct spc_point *pts, size_t n);

/* The four rules, within each phase, over the points with a value:
 * beyond (outside lcl..ucl), run (run_min or more consecutive points on
 * one side of the centre; a point on the centre breaks the run), trend
 * (trend_min or more consecutive points each strictly above, or each
 * strictly below, the one before; an equal value breaks the trend) and
 * two_of_three (two or three of three consecutive points beyond the same
 * two-sigma line, the points beyond it flagged). */
void spc_rules(const struct spc_params *p, struct spc_point *pts, size_t n);

/* The side of the strongest rule flagging the point (beyond, run, trend,
 * two_of_three in that order), or 0; *rule gets its name or "". */
int spc_signal(const struct spc_point *pt, const char **rule);

#endif
