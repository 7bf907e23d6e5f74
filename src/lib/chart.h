/* chart: the gnuplot scripts of the suite's charts, each a complete script
 * with its data inline ($name << EOD) that draws one fixed-size SVG:
 * the SPC chart of a cx-spc series, the funnel plot of cx-funnel, and the
 * Kaplan-Meier curves of cx-waits --curve. The caller reads the CSV and
 * fills the structs below (strings and arrays stay the caller's); the
 * functions only write the script to fp, so the same input always gives
 * the same script and, through gp_run, the same picture. */
#ifndef CX_CHART_H
#define CX_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Size of every chart, in SVG pixels. */
#define CHART_WIDTH 800
#define CHART_HEIGHT 400

/* Texts around the plot; NULL or "" leaves a text out. */
struct chart_text {
    const char *title;
    const char *xlabel;
    const char *ylabel;
};

enum chart_signal {
    CHART_COMMON,      /* common cause variation */
    CHART_IMPROVEMENT, /* special cause in the desired direction */
    CHART_CONCERN,     /* special cause against it */
    CHART_SPECIAL      /* special cause, no direction given */
};

/* One point of an SPC series; NaN marks a missing figure. */
struct chart_spc_point {
    double x;          /* position on the x axis (period index) */
    const char *label; /* period label for the x axis */
    double value, centre, lcl, ucl, target;
    long phase; /* limits are drawn unbroken within a phase */
    enum chart_signal signal;
};

/* Points sorted by x. Limits are step lines centred on the points,
 * broken between phases; signals are marked by colour and shape; at most
 * about 16 period labels are written (the latest always), rotated when
 * there are many. */
void chart_spc(FILE *fp, const struct chart_text *t,
               const struct chart_spc_point *p, size_t n);

enum chart_funnel_flag {
    CHART_IN,      /* within the 95% limits */
    CHART_HIGH95,  /* above the 95% limit, within 99.8% */
    CHART_HIGH998, /* above the 99.8% limit */
    CHART_LOW95,
    CHART_LOW998
};

struct chart_funnel_unit {
    const char *name;
    double n, value;
    enum chart_funnel_flag flag;
};

struct chart_funnel_limit {
    double n, target, lo95, hi95, lo998, hi998;
};

/* Units as points (flagged units marked and labelled, labels moved apart
 * so that they do not overlap), the 95% and 99.8% funnels and the target
 * line from the curve c[0..nc) (sorted by n). high_better is 1 when a
 * unit above the target is better, -1 when it is worse, 0 when unknown:
 * flagged units are then coloured better (blue) or worse (orange, red). */
void chart_funnel(FILE *fp, const struct chart_text *t,
                  const struct chart_funnel_unit *u, size_t nu,
                  const struct chart_funnel_limit *c, size_t nc,
                  int high_better);

/* One step of a Kaplan-Meier curve: survival and its interval as
 * proportions (0-1) from time t on. */
struct chart_km_step {
    double t, surv, lo, hi;
    bool ended; /* waits ended at t (not only censored) */
};

struct chart_km_group {
    const char *name; /* legend text; NULL or "" for a single curve */
    const struct chart_km_step *s;
    size_t n;
};

/* Up to this many groups, each curve has its band. */
#define CHART_KM_BANDS 8

/* Step curves in percent from 100% at time 0, with their confidence bands
 * as transparent areas (up to CHART_KM_BANDS groups), one colour per
 * group; norm (NaN: none) is a vertical line labelled norm_label. The x
 * axis ends at xmax or, when xmax is NaN, a little after the last time a
 * wait ended or the norm, whichever is later: beyond, the curves are flat
 * and only censored waits (a long tail of them on real data) would push
 * the steps into a corner. The number of suppressed groups, and bands
 * left out, are told in a note under the plot. */
void chart_km(FILE *fp, const struct chart_text *t,
              const struct chart_km_group *g, size_t ng, double norm,
              const char *norm_label, double xmax, size_t suppressed);

#endif
