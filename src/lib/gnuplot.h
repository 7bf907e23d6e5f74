/* gnuplot: running gnuplot as a renderer. A chart is a gnuplot script
 * with its data inline; gp_run feeds the script to gnuplot (found on
 * PATH) and copies what gnuplot writes on its standard output, the
 * picture, to a stream of the caller. gp_quote writes a string as a
 * gnuplot string literal, so user text (titles, unit names) is never read
 * as gnuplot syntax. Nothing returned here needs freeing except what
 * gp_find returns (the caller's). */
#ifndef CX_GNUPLOT_H
#define CX_GNUPLOT_H

#include <stdio.h>

/* The path of the gnuplot executable on PATH, or NULL (caller frees). */
char *gp_find(void);

/* Writes s as a single-quoted gnuplot string: quotes doubled, control
 * characters (line breaks, tabs) written as spaces. */
void gp_quote(FILE *fp, const char *s);

/* Runs gnuplot on the script script[0..len) in the C.UTF-8 locale and copies
 * its standard output to out. gnuplot missing from PATH, failing, or
 * killed is fatal with status 1 (gnuplot's own messages are passed on);
 * what gnuplot prints on stderr when it succeeds is passed on as
 * warnings. */
void gp_run(const char *script, size_t len, FILE *out);

#endif
