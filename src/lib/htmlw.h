/* htmlw: writing a self-contained HTML page: text with every character
 * HTML gives a meaning to escaped, and an SVG file copied inline (its XML
 * declaration and DOCTYPE dropped, so that it can sit inside the page).
 * Nothing here allocates beyond the call; the caller owns the stream. */
#ifndef CX_HTMLW_H
#define CX_HTMLW_H

#include <stdbool.h>
#include <stdio.h>

/* s with & < > " ' escaped. */
void html_text(FILE *fp, const char *s);
/* Copies the <svg ...>...</svg> element of the file at path into fp;
 * false when the file cannot be read or holds no <svg element. */
bool html_svg_file(FILE *fp, const char *path);

#endif
