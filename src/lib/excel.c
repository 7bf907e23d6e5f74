/* excel: the ';', decimal-comma, BOM dialect for spreadsheets. */
#include <config.h>

#include "excel.h"

#include <string.h>

#include "num.h"

void
xlw_init(struct xlw *w, FILE *fp)
{
    w->fp = fp;
    w->mid = false;
    w->numbers = 0;
    fputs("\xEF\xBB\xBF", fp);
}

static bool
needs_quotes(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[n - 1] == ' '))
        return true;
    return strpbrk(s, ";\"\r\n") != NULL;
}

void
xlw_field(struct xlw *w, const char *s, bool as_number)
{
    if (w->mid)
        putc(';', w->fp);
    w->mid = true;
    size_t n = strlen(s);
    double v;
    if (as_number && n && num_parse(s, &v)) {
        const char *dot = strchr(s, '.');
        if (dot) {
            fwrite(s, 1, (size_t)(dot - s), w->fp);
            putc(',', w->fp);
            fputs(dot + 1, w->fp);
            w->numbers++;
        } else {
            fputs(s, w->fp);
        }
        return;
    }
    if (!needs_quotes(s, n)) {
        fputs(s, w->fp);
        return;
    }
    putc('"', w->fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', w->fp);
        putc(*s, w->fp);
    }
    putc('"', w->fp);
}

void
xlw_end(struct xlw *w)
{
    fputs("\r\n", w->fp);
    w->mid = false;
}
