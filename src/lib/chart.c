/* chart: gnuplot scripts for the SPC chart, the funnel plot and the
 * Kaplan-Meier curves. */
#include <config.h>

#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gnuplot.h"
#include "num.h"
#include "xalloc.h"

/* Colours: grey for common cause and ordinary units, blue for
 * improvement, orange for concern, purple for an undirected signal (the
 * NHS "Making Data Count" icons use the same blue and orange). */
#define C_INK "#333333"
#define C_GRID "#e3e3e3"
#define C_VALUE "#7f7f7f"
#define C_CENTRE "#333333"
#define C_LIMIT "#c0392b"
#define C_TARGET "#2ca02c"
#define C_IMPROVE "#1f77b4"
#define C_CONCERN "#ff7f0e"
#define C_SPECIAL "#8e44ad"
#define C_OUT95 "#ff7f0e"
#define C_OUT998 "#c0392b"
#define C_BETTER998 "#08519c"

/* Period labels on the x axis, at most this many. */
#define MAX_XLABELS 16
/* Width of the plot area with the key at the right, and of an average
 * character of the 11-point font, in pixels. */
#define PLOT_W 560.0
#define CHAR_PX 6.6

static void
put_num(FILE *fp, double x)
{
    if (!isfinite(x)) {
        fputs("NaN", fp);
        return;
    }
    char buf[48];
    num_format(x, NUM_DIGITS_DEFAULT, buf, sizeof buf);
    fputs(buf, fp);
}

static bool
has_text(const char *s)
{
    return s && *s;
}

static void
set_text(FILE *fp, const char *what, const char *s, const char *extra)
{
    if (!has_text(s))
        return;
    fprintf(fp, "set %s ", what);
    gp_quote(fp, s);
    fprintf(fp, "%s\n", extra);
}

/* What every chart starts with: a clean state (reset also undoes a
 * user's ~/.gnuplot), the SVG terminal at the fixed size, texts, axes. */
static void
preamble(FILE *fp, const char *name, const struct chart_text *t)
{
    fputs("reset\nset encoding utf8\n", fp);
    fprintf(fp,
            "set terminal svg size %d,%d fixed font 'sans,11' name '%s' "
            "background rgb 'white'\n",
            CHART_WIDTH, CHART_HEIGHT, name);
    fputs("set output\n", fp);
    set_text(fp, "title", t->title, " font ',14' noenhanced");
    set_text(fp, "xlabel", t->xlabel, " noenhanced");
    set_text(fp, "ylabel", t->ylabel, " noenhanced");
    fputs("set border 3 lc rgb '" C_INK "'\n"
          "set tics nomirror textcolor rgb '" C_INK "'\n"
          "set grid ytics lt 1 lc rgb '" C_GRID "'\n"
          "set key noautotitle samplen 2 spacing 1.1 reverse Left\n",
          fp);
}

/* A plot command built element by element. */
struct plot {
    FILE *fp;
    size_t n;
};

static void
plot_next(struct plot *pl)
{
    fputs(pl->n++ ? ", \\\n     " : "plot ", pl->fp);
}

static void
plot_end(struct plot *pl)
{
    fputs("\n", pl->fp);
}

static void
title(FILE *fp, const char *s)
{
    fputs(" title ", fp);
    gp_quote(fp, s);
    fputs(" noenhanced", fp);
}

/* --- SPC ------------------------------------------------------------- */

static double
signal_value(const struct chart_spc_point *p, enum chart_signal s)
{
    return p->signal == s ? p->value : NAN;
}

void
chart_spc(FILE *fp, const struct chart_text *t, const struct chart_spc_point *p,
          size_t n)
{
    preamble(fp, "cx_chart_spc", t);
    bool seen[4] = {false, false, false, false};
    bool target = false, same_target = true;
    double target_value = NAN;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(p[i].value))
            seen[p[i].signal] = true;
        if (!isnan(p[i].target)) {
            if (target && p[i].target != target_value)
                same_target = false;
            target = true;
            target_value = p[i].target;
        }
    }

    fputs("$points << EOD\n", fp);
    for (size_t i = 0; i < n; i++) {
        double v[] = {p[i].x,
                      p[i].value,
                      p[i].target,
                      signal_value(&p[i], CHART_COMMON),
                      signal_value(&p[i], CHART_IMPROVEMENT),
                      signal_value(&p[i], CHART_CONCERN),
                      signal_value(&p[i], CHART_SPECIAL)};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            if (k)
                putc(' ', fp);
            put_num(fp, v[k]);
        }
        putc('\n', fp);
    }
    /* The limits as steps centred on the points, drawn as lines: two
     * rows per point, a blank line between phases to break the lines. */
    fputs("EOD\n$limits << EOD\n", fp);
    for (size_t i = 0; i < n; i++) {
        if (i && p[i].phase != p[i - 1].phase)
            putc('\n', fp);
        for (int half = -1; half <= 1; half += 2) {
            double v[] = {p[i].x + 0.5 * half, p[i].centre, p[i].lcl, p[i].ucl};
            for (size_t k = 0; k < 4; k++) {
                if (k)
                    putc(' ', fp);
                put_num(fp, v[k]);
            }
            putc('\n', fp);
        }
    }
    fputs("EOD\n", fp);

    /* The x axis: period labels, thinned to at most MAX_XLABELS counted
     * back from the latest period, rotated when there are many. */
    if (n) {
        double lo = p[0].x, hi = p[n - 1].x;
        double span = hi - lo + 1;
        double step = ceil(span / MAX_XLABELS);
        if (step < 1)
            step = 1;
        size_t nlab = 0, maxlen = 0;
        fputs("set xtics noenhanced (", fp);
        for (size_t i = n; i-- > 0;) {
            if (fmod(hi - p[i].x, step) != 0 ||
                (i + 1 < n && p[i].x == p[i + 1].x))
                continue;
            if (nlab++)
                fputs(", ", fp);
            gp_quote(fp, p[i].label);
            putc(' ', fp);
            put_num(fp, p[i].x);
            if (strlen(p[i].label) > maxlen)
                maxlen = strlen(p[i].label);
        }
        fputs(")\n", fp);
        /* Side by side, a label needs its width and a gap; the labels
         * stand step periods apart on a plot about PLOT_W pixels wide
         * holding span + 1 periods (half a period of margin each side). */
        double spacing = PLOT_W * step / (span + 1);
        if ((double)maxlen * CHAR_PX + 10 > spacing)
            fputs("set xtics rotate by 45 right\n", fp);
        fprintf(fp, "set xrange [");
        put_num(fp, lo - 0.5);
        fputs(":", fp);
        put_num(fp, hi + 0.5);
        fputs("]\n", fp);
    }
    /* gnuplot cannot scale a series without a figure, nor one whose
     * figures are all equal: such a y range is set here. */
    double ylo = INFINITY, yhi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v[] = {p[i].value, p[i].centre, p[i].lcl, p[i].ucl, p[i].target};
        for (int k = 0; k < 5; k++)
            if (isfinite(v[k])) {
                ylo = fmin(ylo, v[k]);
                yhi = fmax(yhi, v[k]);
            }
    }
    if (!isfinite(ylo)) {
        fputs("set yrange [0:1]\nset label 'no figures to draw' at graph "
              "0.5, graph 0.5 center textcolor rgb '" C_INK "' noenhanced\n",
              fp);
    } else if (ylo == yhi) {
        double d = ylo != 0 ? fabs(ylo) / 2 : 1;
        fputs("set yrange [", fp);
        put_num(fp, ylo - d);
        fputs(":", fp);
        put_num(fp, yhi + d);
        fputs("]\n", fp);
    }
    /* A little room above and below, so that markers on an extreme (a
     * share of 0 or 100) are not cut by the axis. */
    fputs("set offsets 0, 0, graph 0.05, graph 0.05\n"
          "set autoscale yfix\n",
          fp);
    fputs("set key outside right top vertical\n", fp);
    fputs("set style line 1 lc rgb '" C_LIMIT "' lw 1.5 dt 2\n", fp);

    struct plot pl = {fp, 0};
    plot_next(&pl);
    fputs("$limits using 1:4 with lines ls 1", fp);
    title(fp, "control limits");
    plot_next(&pl);
    fputs("$limits using 1:3 with lines ls 1", fp);
    plot_next(&pl);
    fputs("$limits using 1:2 with lines lw 1.5 lc rgb '" C_CENTRE "'", fp);
    title(fp, "centre line");
    if (target) {
        plot_next(&pl);
        fputs("$points using 1:3 with lines lw 2 dt 3 lc rgb '" C_TARGET "'",
              fp);
        if (same_target) {
            char buf[48], label[80];
            num_format(target_value, 4, buf, sizeof buf);
            snprintf(label, sizeof label, "target %s", buf);
            title(fp, label);
        } else {
            title(fp, "target");
        }
    }
    plot_next(&pl);
    fputs("$points using 1:2 with lines lw 1.2 lc rgb '" C_VALUE "'", fp);
    static const struct {
        const char *style, *name;
    } marks[] = {
        {"pt 7 ps 0.7 lc rgb '" C_VALUE "'", "common cause"},
        {"pt 9 ps 1.3 lc rgb '" C_IMPROVE "'", "improvement"},
        {"pt 11 ps 1.3 lc rgb '" C_CONCERN "'", "concern"},
        {"pt 13 ps 1.3 lc rgb '" C_SPECIAL "'", "special cause"},
    };
    for (int s = 0; s < 4; s++) {
        if (!seen[s])
            continue;
        plot_next(&pl);
        fprintf(fp, "$points using 1:%d with points %s", 4 + s, marks[s].style);
        title(fp, marks[s].name);
    }
    plot_end(&pl);
}

/* --- Funnel ---------------------------------------------------------- */

/* A label's box in graph coordinates (0-1 on each axis). */
struct box {
    double x0, x1, y0, y1;
};

static bool
overlaps(const struct box *a, const struct box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Approximate size of a 9-point label, and the gap between a marker and
 * its label, as parts of the plot area (about 550 by 290 pixels at the
 * chart size with the key at the right). */
#define CHAR_W (5.6 / 550)
#define LINE_H (12.0 / 290)
#define GAP_X (10.0 / 550)
#define MARK_W (6.0 / 550)
#define MARK_H (6.0 / 290)

/* Places the labels of the flagged units beside their points, moving a
 * label up or down when it would cover one placed before. */
static void
funnel_labels(FILE *fp, const struct chart_funnel_unit *u, size_t nu,
              double xlo, double xhi, double ylo, double yhi)
{
    struct box *placed = xcalloc(2 * nu + 1, sizeof *placed);
    size_t np = 0;
    /* The flagged markers themselves, which no label may cover. */
    for (size_t i = 0; i < nu; i++) {
        if (u[i].flag == CHART_IN || isnan(u[i].value))
            continue;
        double fx = (u[i].n - xlo) / (xhi - xlo);
        double fy = (u[i].value - ylo) / (yhi - ylo);
        placed[np++] =
            (struct box){fx - MARK_W, fx + MARK_W, fy - MARK_H, fy + MARK_H};
    }
    for (size_t i = 0; i < nu; i++) {
        if (u[i].flag == CHART_IN || isnan(u[i].value))
            continue;
        double fx = (u[i].n - xlo) / (xhi - xlo);
        double fy = (u[i].value - ylo) / (yhi - ylo);
        double w = CHAR_W * (double)strlen(u[i].name);
        bool left = fx + GAP_X + w > 1;
        struct box b;
        b.x0 = left ? fx - GAP_X - w : fx + GAP_X;
        b.x1 = b.x0 + w;
        double dy = 0;
        for (int k = 0; k < 40; k++) {
            /* 0, +1, -1, +2, -2, ... lines away from the point. */
            dy = (k + 1) / 2 * LINE_H * (k % 2 ? 1 : -1);
            b.y0 = fy + dy - LINE_H / 2;
            b.y1 = b.y0 + LINE_H;
            bool clash = b.y0 < 0 || b.y1 > 1;
            for (size_t j = 0; j < np && !clash; j++)
                clash = overlaps(&b, &placed[j]);
            if (!clash)
                break;
        }
        placed[np++] = b;
        fputs("set label ", fp);
        gp_quote(fp, u[i].name);
        fputs(" at graph ", fp);
        put_num(fp, left ? b.x1 : b.x0);
        fputs(", graph ", fp);
        put_num(fp, fy + dy);
        fprintf(fp,
                " %s font ',9' textcolor rgb '" C_INK "' front noenhanced\n",
                left ? "right" : "left");
        if (dy != 0) {
            /* A leader line from the point to its moved label. */
            fputs("set arrow from ", fp);
            put_num(fp, u[i].n);
            putc(',', fp);
            put_num(fp, u[i].value);
            fputs(" to graph ", fp);
            put_num(fp, left ? b.x1 : b.x0);
            fputs(", graph ", fp);
            put_num(fp, fy + dy);
            fputs(" nohead lw 0.5 lc rgb '" C_VALUE "' front\n", fp);
        }
    }
    free(placed);
}

void
chart_funnel(FILE *fp, const struct chart_text *t,
             const struct chart_funnel_unit *u, size_t nu,
             const struct chart_funnel_limit *c, size_t nc, int high_better)
{
    preamble(fp, "cx_chart_funnel", t);
    bool seen[5] = {false, false, false, false, false};
    double nmin = INFINITY, nmax = 0, ylo = INFINITY, yhi = -INFINITY;
    for (size_t i = 0; i < nu; i++) {
        if (u[i].n > nmax)
            nmax = u[i].n;
        if (u[i].n < nmin)
            nmin = u[i].n;
        if (isnan(u[i].value))
            continue;
        seen[u[i].flag] = true;
        ylo = fmin(ylo, u[i].value);
        yhi = fmax(yhi, u[i].value);
    }
    for (size_t i = 0; i < nc; i++)
        nmax = fmax(nmax, c[i].n);
    for (size_t i = 0; i < nc; i++)
        nmin = fmin(nmin, c[i].n);
    /* The y range holds every unit, the target and the funnels at the
     * largest size, and the wider funnels at small sizes up to half the
     * height of that again: beyond, they leave the chart. */
    double clo = INFINITY, chi = -INFINITY;
    for (size_t i = 0; i < nc; i++) {
        double v[] = {c[i].target, c[i].lo998, c[i].hi998};
        for (int k = 0; k < 3; k++) {
            if (isnan(v[k]))
                continue;
            if (k == 0 || i == nc - 1) {
                ylo = fmin(ylo, v[k]);
                yhi = fmax(yhi, v[k]);
            }
            clo = fmin(clo, v[k]);
            chi = fmax(chi, v[k]);
        }
    }
    if (!isfinite(ylo)) {
        ylo = 0;
        yhi = 1;
    }
    double span = yhi - ylo;
    if (span <= 0)
        span = fabs(yhi) > 0 ? fabs(yhi) : 1;
    if (isfinite(clo))
        ylo = fmin(ylo, fmax(clo, ylo - span / 2));
    if (isfinite(chi))
        yhi = fmax(yhi, fmin(chi, yhi + span / 2));
    span = yhi - ylo;
    if (span <= 0)
        span = fabs(yhi) > 0 ? fabs(yhi) : 1;
    ylo -= span * 0.06;
    yhi += span * 0.06;
    /* The x axis starts at 0, where the funnel opens, unless every unit
     * is large: then at the smallest size, so the units do not huddle at
     * the right. */
    double xhi = nmax > 0 ? nmax * 1.05 : 1;
    double xlo = 0;
    if (isfinite(nmin) && nmin > 0.3 * nmax)
        xlo = nmin - 0.05 * (nmax - nmin);

    fputs("$limits << EOD\n", fp);
    for (size_t i = 0; i < nc; i++) {
        double v[] = {c[i].n,    c[i].target, c[i].lo95,
                      c[i].hi95, c[i].lo998,  c[i].hi998};
        for (int k = 0; k < 6; k++) {
            if (k)
                putc(' ', fp);
            put_num(fp, v[k]);
        }
        putc('\n', fp);
    }
    fputs("EOD\n$units << EOD\n", fp);
    for (size_t i = 0; i < nu; i++) {
        put_num(fp, u[i].n);
        for (int f = 0; f < 5; f++) {
            putc(' ', fp);
            put_num(fp,
                    u[i].flag == (enum chart_funnel_flag)f ? u[i].value : NAN);
        }
        putc('\n', fp);
    }
    fputs("EOD\n", fp);
    fputs("set xrange [", fp);
    put_num(fp, xlo);
    fputs(":", fp);
    put_num(fp, xhi);
    fputs("]\nset yrange [", fp);
    put_num(fp, ylo);
    fputs(":", fp);
    put_num(fp, yhi);
    fputs("]\nset key outside right top vertical\n", fp);
    funnel_labels(fp, u, nu, xlo, xhi, ylo, yhi);

    struct plot pl = {fp, 0};
    plot_next(&pl);
    fputs("$limits using 1:6 with lines lw 1.5 lc rgb '" C_INK "'", fp);
    title(fp, "99.8% limits");
    plot_next(&pl);
    fputs("$limits using 1:5 with lines lw 1.5 lc rgb '" C_INK "'", fp);
    plot_next(&pl);
    fputs("$limits using 1:4 with lines lw 1.2 dt 2 lc rgb '" C_INK "'", fp);
    title(fp, "95% limits");
    plot_next(&pl);
    fputs("$limits using 1:3 with lines lw 1.2 dt 2 lc rgb '" C_INK "'", fp);
    plot_next(&pl);
    fputs("$limits using 1:2 with lines lw 2 lc rgb '" C_TARGET "'", fp);
    title(fp, "target");
    /* Shape: up above, down below; size and shade: 95% or 99.8%; colour:
     * better (blue) or worse (orange, red) when the direction is known,
     * else orange and red. */
    const char *better = high_better > 0 ? " (better)" : " (worse)";
    const char *worse = high_better > 0 ? " (worse)" : " (better)";
    bool hb = high_better > 0, known = high_better != 0;
    static const char *const shade[2][3] = {
        {C_OUT95, C_CONCERN, C_IMPROVE}, /* 95%: none, worse, better */
        {C_OUT998, C_OUT998, C_BETTER998}};
    struct {
        const char *pt, *colour, *name, *side;
    } marks[] = {
        {"pt 7 ps 0.8", C_VALUE, "within 95% limits", ""},
        {"pt 9 ps 1.3", shade[0][known ? 1 + hb : 0], "above 95% limit",
         known ? better : ""},
        {"pt 9 ps 1.5", shade[1][known ? 1 + hb : 0], "above 99.8% limit",
         known ? better : ""},
        {"pt 11 ps 1.3", shade[0][known ? 2 - hb : 0], "below 95% limit",
         known ? worse : ""},
        {"pt 11 ps 1.5", shade[1][known ? 2 - hb : 0], "below 99.8% limit",
         known ? worse : ""},
    };
    for (int f = 0; f < 5; f++) {
        if (!seen[f])
            continue;
        plot_next(&pl);
        fprintf(fp, "$units using 1:%d with points %s lc rgb '%s'", 2 + f,
                marks[f].pt, marks[f].colour);
        char name[64];
        snprintf(name, sizeof name, "%s%s", marks[f].name, marks[f].side);
        title(fp, name);
    }
    plot_end(&pl);
}

/* --- Kaplan-Meier ---------------------------------------------------- */

/* Colours that stay apart for up to ten groups; dash patterns tell
 * further groups apart. */
static const char *const km_colours[] = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define KM_NCOLOURS (sizeof km_colours / sizeof km_colours[0])

static void
km_row(FILE *fp, double t, double a, double b)
{
    put_num(fp, t);
    putc(' ', fp);
    put_num(fp, a);
    putc(' ', fp);
    put_num(fp, b);
    putc('\n', fp);
}

void
chart_km(FILE *fp, const struct chart_text *t, const struct chart_km_group *g,
         size_t ng, double norm, const char *norm_label, double xmax,
         size_t suppressed)
{
    preamble(fp, "cx_chart_km", t);
    /* Bands of many groups cover each other: beyond CHART_KM_BANDS groups
     * only the curves are drawn, and a note says so. */
    bool bands = ng <= CHART_KM_BANDS;
    double tmax = 0, tend = 0;
    for (size_t k = 0; k < ng; k++) {
        /* The curve: 100% at time 0, then each step. */
        fprintf(fp, "$curve%zu << EOD\n0 100\n", k + 1);
        for (size_t i = 0; i < g[k].n; i++) {
            put_num(fp, g[k].s[i].t);
            putc(' ', fp);
            put_num(fp, 100 * g[k].s[i].surv);
            putc('\n', fp);
            tmax = fmax(tmax, g[k].s[i].t);
            if (g[k].s[i].ended)
                tend = fmax(tend, g[k].s[i].t);
        }
        fputs("EOD\n", fp);
        if (!bands)
            continue;
        /* The band as steps too: each interval holds until the next
         * step's time. */
        fprintf(fp, "$band%zu << EOD\n0 100 100\n", k + 1);
        double plo = 100, phi = 100;
        for (size_t i = 0; i < g[k].n; i++) {
            const struct chart_km_step *s = &g[k].s[i];
            km_row(fp, s->t, plo, phi);
            plo = 100 * s->lo;
            phi = 100 * s->hi;
            km_row(fp, s->t, plo, phi);
        }
        fputs("EOD\n", fp);
    }
    if (!isnan(norm)) {
        fputs("set arrow from ", fp);
        put_num(fp, norm);
        fputs(", graph 0 to ", fp);
        put_num(fp, norm);
        fputs(", graph 1 nohead lw 1.5 dt 4 lc rgb '" C_INK "' front\n", fp);
        fputs("set label ", fp);
        gp_quote(fp, norm_label);
        fputs(" at ", fp);
        put_num(fp, norm);
        fputs(", graph 0.96 offset 0.5,0 left textcolor rgb '" C_INK
              "' front noenhanced\n",
              fp);
    }
    fputs("set xrange [0:", fp);
    if (isnan(xmax)) {
        xmax = tend > 0 ? tend : tmax;
        if (!isnan(norm))
            xmax = fmax(xmax, norm);
        xmax = xmax > 0 ? xmax * 1.03 : 1;
    }
    put_num(fp, xmax);
    fputs("]\nset yrange [0:100]\nset ytics 0,20,100\n", fp);
    if (ng > 20)
        fputs("set key outside right top vertical maxrows 24 font ',8'\n", fp);
    else
        fputs("set key outside right top vertical\n", fp);
    char note[200] = "";
    if (suppressed)
        snprintf(note, sizeof note,
                 "not shown: %zu group%s with too few clients", suppressed,
                 suppressed == 1 ? "" : "s");
    if (!bands)
        snprintf(note + strlen(note), sizeof note - strlen(note),
                 "%sconfidence bands not drawn for more than %d groups",
                 *note ? "; " : "", CHART_KM_BANDS);
    if (*note) {
        fputs("set label ", fp);
        gp_quote(fp, note);
        fputs(" at screen 0.01, screen 0.03 left font ',9' textcolor "
              "rgb '" C_INK "' noenhanced\n",
              fp);
    }

    struct plot pl = {fp, 0};
    for (size_t k = 0; bands && k < ng; k++) {
        plot_next(&pl);
        fprintf(fp,
                "$band%zu using 1:2:3 with filledcurves fs transparent "
                "solid 0.15 noborder lc rgb '%s'",
                k + 1, km_colours[k % KM_NCOLOURS]);
    }
    if (ng == 0) {
        /* Every group suppressed: an empty frame that says so. */
        fputs("set label 'no curves to draw' at graph 0.5, graph 0.5 "
              "center textcolor rgb '" C_INK "' noenhanced\n",
              fp);
        plot_next(&pl);
        fputs("NaN notitle", fp);
    }
    if (ng && bands) {
        plot_next(&pl);
        fputs("keyentry with filledcurves fs transparent solid 0.3 "
              "noborder lc rgb '" C_VALUE "'",
              fp);
        title(fp, "confidence band");
    }
    for (size_t k = 0; k < ng; k++) {
        plot_next(&pl);
        fprintf(fp, "$curve%zu using 1:2 with steps lw 2 lc rgb '%s' dt %zu",
                k + 1, km_colours[k % KM_NCOLOURS], 1 + (k / KM_NCOLOURS) % 5);
        title(fp, has_text(g[k].name) ? g[k].name : "still waiting");
    }
    plot_end(&pl);
}
