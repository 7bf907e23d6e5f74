/* partial: the frame of partial-state files (partial.h). */
#include <config.h>

#include "partial.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

void
partial_fp_init(struct partial_fp *fp)
{
    fp->s = xstrdup("");
    fp->len = 0;
    fp->cap = 1;
}

static void
put(struct partial_fp *fp, const char *s, size_t n)
{
    XGROW(fp->s, fp->cap, fp->len + n + 1);
    memcpy(fp->s + fp->len, s, n);
    fp->len += n;
    fp->s[fp->len] = '\0';
}

void
partial_fp_add(struct partial_fp *fp, const char *name, const char *value)
{
    if (fp->len)
        put(fp, ";", 1);
    put(fp, name, strlen(name));
    put(fp, "=", 1);
    for (const char *v = value ? value : ""; *v; v++) {
        if (*v == '%')
            put(fp, "%25", 3);
        else if (*v == ';')
            put(fp, "%3B", 3);
        else
            put(fp, v, 1);
    }
}

void
partial_fp_free(struct partial_fp *fp)
{
    free(fp->s);
    fp->s = NULL;
}

void
partial_header_start(struct csvw *w)
{
    csvw_str(w, "tool");
    csvw_str(w, "format");
    csvw_str(w, "options");
}

void
partial_row_start(struct csvw *w, const char *tool, const struct partial_fp *fp)
{
    csvw_str(w, tool);
    csvw_str(w, PARTIAL_FORMAT);
    csvw_str(w, fp->s);
}

void
partial_check_header(const struct csvhdr *h, const char *file)
{
    if (h->n < 3 || strcmp(h->names[0], "tool") != 0 ||
        strcmp(h->names[1], "format") != 0 ||
        strcmp(h->names[2], "options") != 0)
        die_at(file, 1,
               "not a partial: the header does not start with "
               "tool,format,options (see cx-partial(5))");
}

/* The value of option name in fingerprint s, as a new string (escapes
 * kept), or NULL when s has no such option. */
static char *
fp_value(const char *s, const char *name, size_t nlen)
{
    while (*s) {
        const char *end = strchr(s, ';');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n > nlen && strncmp(s, name, nlen) == 0 && s[nlen] == '=')
            return xstrndup(s + nlen + 1, n - nlen - 1);
        s += n + (end != NULL);
    }
    return NULL;
}

/* Dies naming the first option of want whose value differs in got. */
static void
fp_differs(const char *file, long line, const char *got, const char *want)
{
    const char *s = want;
    while (*s) {
        const char *end = strchr(s, ';');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        size_t nlen = eq ? (size_t)(eq - s) : n;
        char *name = xstrndup(s, nlen);
        char *mine = fp_value(want, name, nlen);
        char *theirs = fp_value(got, name, nlen);
        if (!theirs || strcmp(mine, theirs) != 0)
            die_at(file, line,
                   "made with other options: --%s %s%s%s there, %s%s%s here "
                   "(merge only partials made with the same options)",
                   name, theirs && *theirs ? "'" : "",
                   !theirs   ? "(absent)"
                   : *theirs ? theirs
                             : "(none)",
                   theirs && *theirs ? "'" : "", *mine ? "'" : "",
                   *mine ? mine : "(none)", *mine ? "'" : "");
        free(name);
        free(mine);
        free(theirs);
        s += n + (end != NULL);
    }
    die_at(file, line, "made with other options: '%s' there, '%s' here", got,
           want);
}

void
partial_check(const char *file, long line, char *const *f, const char *tool,
              const struct partial_fp *fp)
{
    if (strcmp(f[0], tool) != 0)
        die_at(file, line, "a partial of '%s', not of %s", f[0], tool);
    if (strcmp(f[1], PARTIAL_FORMAT) != 0)
        die_at(file, line,
               "partial format '%s': this %s reads format " PARTIAL_FORMAT,
               f[1], tool);
    if (strcmp(f[2], fp->s) != 0)
        fp_differs(file, line, f[2], fp->s);
}
