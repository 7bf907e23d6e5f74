/* wkconf: "key = value" configuration files and shell-like word splitting. */
#include <config.h>

#include "wkconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

void
wkconf_init(struct wkconf *c)
{
    memset(c, 0, sizeof *c);
}

void
wkconf_free(struct wkconf *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].key);
        free(c->v[i].value);
    }
    free(c->v);
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    memset(c, 0, sizeof *c);
}

static struct wkconf_val *
find(const struct wkconf *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].key, key) == 0)
            return &c->v[i];
    return NULL;
}

const struct wkconf_val *
wkconf_get(const struct wkconf *c, const char *key)
{
    return find(c, key);
}

static bool
is_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The end of the value part of a line: a '#' outside quotes at the start
 * or after a blank starts a comment. Quote errors are left to words_split. */
static size_t
value_end(const char *s, size_t n)
{
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (q) {
            if (ch == q)
                q = 0;
            else if (q == '"' && ch == '\\' && i + 1 < n)
                i++;
        } else if (ch == '\'' || ch == '"') {
            q = ch;
        } else if (ch == '\\' && i + 1 < n) {
            i++;
        } else if (ch == '#' && (i == 0 || is_blank(s[i - 1]))) {
            return i;
        }
    }
    return n;
}

static void
parse_line(struct wkconf *c, const char *s, size_t n, const char *name,
           long line, bool define)
{
    n = value_end(s, n);
    size_t i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    if (i == n)
        return;
    size_t k0 = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
                     (s[i] >= '0' && s[i] <= '9')))
        i++;
    size_t k1 = i;
    while (i < n && is_blank(s[i]))
        i++;
    if (k1 == k0 || i == n || s[i] != '=')
        die(EXIT_USAGE, "%s:%ld: expected 'key = value'", name, line);
    i++;
    while (i < n && is_blank(s[i]))
        i++;
    size_t e = n;
    while (e > i && is_blank(s[e - 1]))
        e--;
    char *key = xstrndup(s + k0, k1 - k0);
    struct wkconf_val *v = find(c, key);
    if (!v) {
        if (!define)
            die(EXIT_USAGE, "%s:%ld: unknown key '%s'", name, line, key);
        XGROW(c->v, c->cap, c->n + 1);
        v = &c->v[c->n++];
        v->key = key;
        v->value = NULL;
    } else {
        free(key);
    }
    free(v->value);
    v->value = xstrndup(s + i, e - i);
    v->file = name;
    v->line = line;
}

void
wkconf_parse(struct wkconf *c, const char *text, const char *name, bool define)
{
    c->files = xreallocarray(c->files, c->nfiles + 1, sizeof *c->files);
    char *kept = xstrdup(name);
    c->files[c->nfiles++] = kept;
    long line = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        parse_line(c, p, len, kept, define ? 0 : line, define);
        p += len;
        if (*p == '\n')
            p++;
    }
}

void
wkconf_read_file(struct wkconf *c, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die(EXIT_USAGE, "%s:", path);
    char *text = NULL;
    size_t len = 0, cap = 0;
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
        XGROW(text, cap, len + got + 1);
        memcpy(text + len, buf, got);
        len += got;
    }
    if (ferror(fp))
        die(EXIT_USAGE, "%s:", path);
    fclose(fp);
    XGROW(text, cap, len + 1);
    text[len] = '\0';
    if (strlen(text) != len)
        die(EXIT_USAGE, "%s: a NUL byte in a configuration file", path);
    wkconf_parse(c, text, path, false);
    free(text);
}

char **
words_split(const char *s, size_t *nout, const char **err)
{
    char **w = xmalloc(sizeof *w);
    size_t n = 0;
    size_t len = strlen(s);
    char *cur = xmalloc(len + 1);
    size_t cl = 0;
    bool in_word = false;
    *err = NULL;
    for (size_t i = 0; i <= len; i++) {
        char ch = s[i];
        if (ch == '\0' || is_blank(ch) || ch == '\n') {
            if (in_word) {
                cur[cl] = '\0';
                w = xreallocarray(w, n + 2, sizeof *w);
                w[n++] = xstrndup(cur, cl);
                cl = 0;
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (ch == '\'') {
            const char *q = strchr(s + i + 1, '\'');
            if (!q) {
                *err = "unterminated quote '";
                goto fail;
            }
            memcpy(cur + cl, s + i + 1, (size_t)(q - s - i - 1));
            cl += (size_t)(q - s - i - 1);
            i = (size_t)(q - s);
        } else if (ch == '"') {
            size_t j = i + 1;
            for (; s[j] && s[j] != '"'; j++) {
                if (s[j] == '\\' && (s[j + 1] == '"' || s[j + 1] == '\\'))
                    j++;
                cur[cl++] = s[j];
            }
            if (!s[j]) {
                *err = "unterminated quote \"";
                goto fail;
            }
            i = j;
        } else if (ch == '\\' && s[i + 1]) {
            cur[cl++] = s[++i];
        } else {
            cur[cl++] = ch;
        }
    }
    free(cur);
    w[n] = NULL;
    if (nout)
        *nout = n;
    return w;
fail:
    free(cur);
    w[n] = NULL;
    words_free(w);
    return NULL;
}

void
words_free(char **w)
{
    if (!w)
        return;
    for (size_t i = 0; w[i]; i++)
        free(w[i]);
    free(w);
}

char *
words_one(const char *s, const char **err)
{
    size_t n;
    char **w = words_split(s, &n, err);
    if (!w)
        return NULL;
    if (n > 1) {
        *err = "more than one word (quote a value with spaces)";
        words_free(w);
        return NULL;
    }
    char *r = xstrdup(n ? w[0] : "");
    words_free(w);
    return r;
}
