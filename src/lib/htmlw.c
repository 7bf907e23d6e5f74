/* htmlw: escaped text and inline SVG for a self-contained HTML page. */
#include <config.h>

#include "htmlw.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
html_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\'':
            fputs("&#39;", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

bool
html_svg_file(FILE *fp, const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return false;
    char *text = NULL;
    size_t len = 0, cap = 0;
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0) {
        XGROW(text, cap, len + got + 1);
        memcpy(text + len, buf, got);
        len += got;
    }
    bool ok = !ferror(in);
    fclose(in);
    if (!ok || !text) {
        free(text);
        return false;
    }
    text[len] = '\0';
    char *start = strstr(text, "<svg");
    char *end = start ? strstr(start, "</svg>") : NULL;
    if (!start || !end) {
        free(text);
        return false;
    }
    end += strlen("</svg>");
    fwrite(start, 1, (size_t)(end - start), fp);
    fputc('\n', fp);
    free(text);
    return true;
}
