/* model.h: the reference CSV reader of the fuzz harnesses, written apart
 * from src/lib/csvio so that the two can be compared: RFC 4180 records,
 * where LF, CRLF and a bare CR end a record, a quote opens a quoted field
 * only at the start of a field, a closing quote must be followed by the
 * delimiter or a record end, a NUL byte makes its record malformed, and a
 * UTF-8 BOM at the start is skipped. */
#ifndef CX_FUZZ_MODEL_H
#define CX_FUZZ_MODEL_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* CR as a record end, as documented in csvio.h. */
#define CR_ENDS_RECORD 1

struct rec {
    char **f;
    size_t n;
    bool nul; /* a NUL byte in a field: a malformed record */
};

struct recs {
    struct rec *r;
    size_t n, cap;
};

static __attribute__((unused)) void
recs_free(struct recs *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; k < rs->r[i].n; k++)
            free(rs->r[i].f[k]);
        free(rs->r[i].f);
    }
    free(rs->r);
    memset(rs, 0, sizeof *rs);
}

static __attribute__((unused)) void
recs_add(struct recs *rs, char **f, size_t n)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 16;
        rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
    }
    rs->r[rs->n].f = malloc((n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        rs->r[rs->n].f[i] = strdup(f[i]);
    rs->r[rs->n].n = n;
    rs->r[rs->n].nul = false;
    rs->n++;
}

/* A growing field buffer; fields are compared as C strings (the reader's
 * fields are NUL-terminated), so a NUL ends the field's text. */
struct buf {
    char *s;
    size_t n, cap;
};

static __attribute__((unused)) void
buf_put(struct buf *b, char c)
{
    if (b->n + 2 > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->s = realloc(b->s, b->cap);
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
}

/* Physical lines: LF, CRLF and a bare CR each end one (a last line
 * without an end counts too). */
static __attribute__((unused)) long
model_lines(const char *s, size_t n)
{
    long lines = 0;
    for (size_t i = 0; i < n; i++)
        lines +=
            s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return lines + (n > 0 && s[n - 1] != '\n' && s[n - 1] != '\r');
}

/* A CR not followed by LF: where the known defect csvr-cr lives. */
static __attribute__((unused)) bool
has_bare_cr(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
            return true;
    return false;
}

static __attribute__((unused)) bool
is_end(char c)
{
    return c == '\n' || (CR_ENDS_RECORD && c == '\r');
}

/* The reference reader: records of s[0..n) into rs; false at the first
 * error (the records before it stay in rs). A record with a NUL byte in a
 * field is malformed too (C strings would cut it short): it is kept in rs
 * with nul set, and the caller decides. */
static __attribute__((unused)) bool
model_parse(const char *s, size_t n, char delim, struct recs *rs)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    char **f = NULL;
    size_t nf = 0, fcap = 0;
    struct buf b = {0};
    bool ok = true;
    while (i < n && ok) {
        nf = 0;
        size_t start = i;
        if (is_end(s[i])) { /* an empty line: a record with no fields */
            i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            recs_add(rs, f, 0);
            continue;
        }
        for (;;) {
            b.n = 0;
            buf_put(&b, 'x');
            b.n = 0;
            b.s[0] = '\0';
            if (i < n && s[i] == '"') {
                i++;
                for (;;) {
                    if (i >= n) {
                        ok = false;
                        break;
                    }
                    if (s[i] == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            buf_put(&b, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    buf_put(&b, s[i++]);
                }
                if (ok && i < n && s[i] != delim && !is_end(s[i]))
                    ok = false;
            } else {
                while (i < n && s[i] != delim && !is_end(s[i])) {
                    if (s[i] == '"') {
                        ok = false;
                        break;
                    }
                    buf_put(&b, s[i++]);
                }
            }
            if (!ok)
                break;
            if (nf == fcap) {
                fcap = fcap ? 2 * fcap : 8;
                f = realloc(f, fcap * sizeof *f);
            }
            f[nf++] = strdup(b.s);
            if (i < n && s[i] == delim) {
                i++;
                continue;
            }
            break;
        }
        if (ok) {
            recs_add(rs, f, nf);
            rs->r[rs->n - 1].nul = memchr(s + start, '\0', i - start) != NULL;
            if (i < n)
                i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        }
        for (size_t k = 0; k < nf; k++)
            free(f[k]);
    }
    free(f);
    free(b.s);
    return ok;
}

#endif
