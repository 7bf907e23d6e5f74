/* Unit tests for chart: the scripts' readability rules, checked on the
 * script text: how many period labels an SPC chart writes (at most 16,
 * the latest always, rotated when many), that funnel labels of units at
 * one spot are moved apart, and that Kaplan-Meier bands are left out
 * beyond CHART_KM_BANDS groups. */
#include <config.h>

#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"

static char *
spc_script(size_t n, bool weeks)
{
    struct chart_spc_point *p = calloc(n, sizeof *p);
    char(*labels)[16] = calloc(n, sizeof *labels);
    for (size_t i = 0; i < n; i++) {
        if (weeks)
            snprintf(labels[i], sizeof labels[i], "2026-W%02zu", i);
        else
            snprintf(labels[i], sizeof labels[i], "P%zu", i);
        p[i] = (struct chart_spc_point){
            (double)i, labels[i], 1.0, 1, 0, 2, NAN, 1, CHART_COMMON};
    }
    struct chart_text t = {"t", "x", "y"};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    chart_spc(fp, &t, p, n);
    fclose(fp);
    free(p);
    free(labels);
    char *copy = strdup(buf);
    free(buf);
    return copy;
}

/* The labels of the set xtics line: count, and whether want is one. */
static size_t
xtic_labels(const char *script, const char *want, bool *has)
{
    const char *line = strstr(script, "set xtics noenhanced (");
    *has = false;
    if (!line)
        return 0;
    size_t n = 0;
    const char *end = strchr(line, '\n');
    for (const char *s = line; s < end; s++) {
        if (*s != '\'')
            continue;
        const char *close = strchr(s + 1, '\'');
        n++;
        if (strncmp(s + 1, want, (size_t)(close - s - 1)) == 0 &&
            strlen(want) == (size_t)(close - s - 1))
            *has = true;
        s = close;
    }
    return n;
}

static void
check_spc(size_t n, size_t want_labels, const char *last, bool want_rotated)
{
    char *s = spc_script(n, last[0] == '2');
    bool has;
    size_t got = xtic_labels(s, last, &has);
    if (got != want_labels)
        printf("%zu points: %zu labels, want %zu\n", n, got, want_labels);
    CHECK(got == want_labels);
    CHECK(has);
    bool rotated = strstr(s, "set xtics rotate by 45 right") != NULL;
    if (rotated != want_rotated)
        printf("%zu points: rotated %d, want %d\n", n, rotated, want_rotated);
    CHECK(rotated == want_rotated);
    free(s);
}

int
main(void)
{
    err_init("test-chart");
    /* ceil(n / 16) is the step; labels at n-1, n-1-step, ... down to 0. */
    /* Labels turn when they would touch: a label of L characters takes
     * about 6.6 L + 10 pixels, and labels stand 560 step / (n + 1) pixels
     * apart. */
    check_spc(1, 1, "P0", false);
    check_spc(12, 12, "P11", false);   /* 30 < 43 */
    check_spc(16, 16, "P15", false);   /* 30 < 33 */
    check_spc(17, 9, "P16", false);    /* step 2: 16, 14, ..., 0; 30 < 62 */
    check_spc(52, 13, "P51", false);   /* step 4: 51, 47, ..., 3 */
    check_spc(60, 15, "P59", false);   /* step 4: 59, 55, ..., 3 */
    check_spc(104, 15, "P103", false); /* step 7: 103, ..., 5; 36 < 37 */
    /* 20 weeks: step 2, 10 labels 53 pixels apart; 2026-W01 needs 63. */
    check_spc(20, 10, "2026-W19", true);
    check_spc(7, 7, "2026-W06", false); /* 63 < 70 */
    check_spc(8, 8, "2026-W07", true);  /* 63 > 62 */

    /* Eight flagged units at one spot: their labels are moved apart
     * (each at least one line from the others) and get leader lines. */
    struct chart_funnel_unit u[8];
    char names[8][16];
    for (int i = 0; i < 8; i++) {
        snprintf(names[i], sizeof names[i], "unit %d", i);
        u[i] = (struct chart_funnel_unit){names[i], 50, 90, CHART_HIGH998};
    }
    struct chart_funnel_limit c[2] = {{10, 50, 20, 80, 10, 90},
                                      {100, 50, 40, 60, 35, 65}};
    struct chart_text t = {"t", "x", "y"};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    chart_funnel(fp, &t, u, 8, c, 2, 0);
    fclose(fp);
    double y[8];
    int nl = 0, arrows = 0;
    for (const char *s = buf; (s = strstr(s, "set label '")) != NULL; s++) {
        double gx;
        const char *at = strstr(s, " at graph ");
        if (nl < 8 && at &&
            sscanf(at, " at graph %lf, graph %lf", &gx, &y[nl]) == 2)
            nl++;
    }
    for (const char *s = buf; (s = strstr(s, "set arrow from")) != NULL; s++)
        arrows++;
    CHECK(nl == 8);
    CHECK(arrows == 7); /* all but the first label moved */
    for (int i = 0; i < nl; i++)
        for (int j = 0; j < i; j++)
            CHECK(fabs(y[i] - y[j]) >= 12.0 / 290 - 1e-9);
    free(buf);

    /* Bands up to CHART_KM_BANDS groups, none beyond, with a note. */
    struct chart_km_step st[1] = {{1, 0.5, 0.2, 0.8, true}};
    struct chart_km_group g[CHART_KM_BANDS + 1];
    for (int i = 0; i <= CHART_KM_BANDS; i++)
        g[i] = (struct chart_km_group){names[i % 8], st, 1};
    for (int ng = CHART_KM_BANDS; ng <= CHART_KM_BANDS + 1; ng++) {
        buf = NULL;
        fp = open_memstream(&buf, &len);
        chart_km(fp, &t, g, (size_t)ng, NAN, "", NAN, 0);
        fclose(fp);
        int bands = 0;
        for (const char *s = buf; (s = strstr(s, "with filledcurves")) != NULL;
             s++)
            bands++;
        /* Each band and its legend entry are filled curves. */
        CHECK(bands == (ng <= CHART_KM_BANDS ? ng + 1 : 0));
        CHECK((strstr(buf, "confidence bands not drawn") != NULL) ==
              (ng > CHART_KM_BANDS));
        CHECK(strstr(buf, "set arrow") == NULL); /* no norm */
        free(buf);
    }
    CHECK_DONE();
}
