/* Property test of the CSV reader (issue 11, item 1): random CSV-ish
 * files (quotes, CR, LF, CRLF, commas, NUL, blank lines, ragged rows) are
 * read by csvr in strict and recover mode and by an independent reference
 * reader written here from the rules in csvio.h (no libcsv, no code shared
 * with csvio.c); records, fields, line numbers, reasons and raw text must
 * agree, and in recover mode every physical line belongs to exactly one
 * record, blank line or rejected record (N = M + K).
 *
 * Usage: test-csvprop [N [SEED]]           N files through the reader
 *        test-csvprop --ingest BIN N [SEED] N files through BIN/cx-ingest,
 *                                          whose read/wrote/rejected
 *                                          counts, output rows and
 *                                          rejected lines must match. */
#include <config.h>

#include "csvio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* The reference reader. */

struct ref_item {
    int kind; /* 1 record, -1 malformed */
    long line, last_line;
    size_t nf;
    char **f;
    size_t *flen;
    char reason[64];
    const char *raw; /* malformed: into the input */
    size_t rawlen;
};

struct ref {
    struct ref_item *it;
    size_t n;
};

static void
ref_free(struct ref *rf)
{
    for (size_t i = 0; i < rf->n; i++) {
        for (size_t k = 0; k < rf->it[i].nf; k++)
            free(rf->it[i].f[k]);
        free(rf->it[i].f);
        free(rf->it[i].flen);
    }
    free(rf->it);
    rf->it = NULL;
    rf->n = 0;
}

static struct ref_item *
ref_add(struct ref *rf)
{
    rf->it = realloc(rf->it, (rf->n + 1) * sizeof *rf->it);
    struct ref_item *x = &rf->it[rf->n++];
    memset(x, 0, sizeof *x);
    return x;
}

static void
push_field(struct ref_item *x, const char *s, size_t n)
{
    x->f = realloc(x->f, (x->nf + 1) * sizeof *x->f);
    x->flen = realloc(x->flen, (x->nf + 1) * sizeof *x->flen);
    x->f[x->nf] = malloc(n + 1);
    memcpy(x->f[x->nf], s, n);
    x->f[x->nf][n] = '\0';
    x->flen[x->nf++] = n;
}

/* Reads text the way csvio.h documents it. */
static void
ref_read(const char *text, size_t n, char delim, bool recover, struct ref *rf)
{
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        n -= 3;
    }
    /* Physical lines: ends are LF, CRLF, or CR alone. */
    size_t nl = 0, *ls = malloc((n + 2) * sizeof *ls);
    for (size_t p = 0; p < n;) {
        ls[nl++] = p;
        while (p < n && text[p] != '\r' && text[p] != '\n')
            p++;
        if (p < n && text[p] == '\r' && p + 1 < n && text[p + 1] == '\n')
            p++;
        if (p < n)
            p++;
    }
    ls[nl] = n;
    char *buf = malloc(n + 1);
    size_t li = 0;
    while (li < nl) {
        enum { START, PLAIN, QUOTED, AFTER } st = START;
        size_t p = ls[li], blen = 0, line = li;
        struct ref_item tmp;
        memset(&tmp, 0, sizeof tmp);
        const char *err = NULL;
        bool done = false;
        while (!done && !err) {
            if (p == n) { /* end of input */
                if (st == QUOTED)
                    err = "unterminated quoted field";
                else if (st != START || tmp.nf > 0)
                    push_field(&tmp, buf, blen);
                break;
            }
            char c = text[p];
            bool eol = c == '\r' || c == '\n';
            if (p == ls[line + 1])
                line++;
            switch (st) {
            case START:
                if (eol) {
                    if (tmp.nf > 0 || p != ls[li])
                        push_field(&tmp, buf, blen);
                    done = true;
                } else if (c == delim) {
                    push_field(&tmp, buf, 0);
                } else if (c == '"') {
                    st = QUOTED;
                    blen = 0;
                } else {
                    st = PLAIN;
                    blen = 0;
                    buf[blen++] = c;
                }
                break;
            case PLAIN:
                if (c == '"') {
                    err = "stray quote";
                } else if (c == delim || eol) {
                    push_field(&tmp, buf, blen);
                    blen = 0;
                    st = START;
                    done = eol;
                } else {
                    buf[blen++] = c;
                }
                break;
            case QUOTED:
                if (c == '"')
                    st = AFTER;
                else
                    buf[blen++] = c;
                break;
            case AFTER:
                if (c == '"') {
                    buf[blen++] = c;
                    st = QUOTED;
                } else if (c == delim || eol) {
                    push_field(&tmp, buf, blen);
                    blen = 0;
                    st = START;
                    done = eol;
                } else {
                    err = "unexpected character after a quoted field";
                }
                break;
            }
            if (!done)
                p++;
        }
        if (err) {
            for (size_t k = 0; k < tmp.nf; k++)
                free(tmp.f[k]);
            free(tmp.f);
            free(tmp.flen);
            struct ref_item *x = ref_add(rf);
            x->kind = -1;
            x->line = x->last_line = (long)li + 1;
            snprintf(x->reason, sizeof x->reason, "%s",
                     line > li ? "unterminated quoted field" : err);
            x->raw = text + ls[li];
            x->rawlen = ls[li + 1] - ls[li];
            if (!recover)
                break;
            li++;
            continue;
        }
        /* The record ends with the line the end sits on. */
        size_t last = line;
        size_t nul = 0;
        for (size_t k = 0; k < tmp.nf && !nul; k++)
            if (memchr(tmp.f[k], '\0', tmp.flen[k]))
                nul = k + 1;
        struct ref_item *x = ref_add(rf);
        *x = tmp;
        x->line = (long)li + 1;
        x->last_line = (long)last + 1;
        x->kind = 1;
        if (nul) {
            x->kind = -1;
            snprintf(x->reason, sizeof x->reason, "NUL byte in field %zu",
                     nul);
            x->raw = text + ls[li];
            x->rawlen = ls[last + 1] - ls[li];
            if (!recover)
                break;
        }
        li = last + 1;
    }
    free(buf);
    free(ls);
}

/* Random CSV-ish text. */

static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rng_state >> 33) % n);
}

static size_t
gen(char *out, size_t cap)
{
    static const char *tok[] = {"a", "b1", ",", ",", "\"", "\"\"", "\r",
                                "\n", "\r\n", "\n", "\0", " ", "x y", ",,",
                                "\"q\"", "\xC3\xA9", "\t"};
    size_t n = 0;
    if (rnd(20) == 0) {
        memcpy(out, "\xEF\xBB\xBF", 3);
        n = 3;
    }
    int mode = (int)rnd(3);
    size_t want = 1 + rnd(mode == 0 ? 40 : 12);
    for (size_t i = 0; i < want && n + 32 < cap; i++) {
        if (mode == 0) { /* token soup */
            size_t t = rnd(sizeof tok / sizeof *tok);
            size_t l = t == 10 ? 1 : strlen(tok[t]);
            memcpy(out + n, tok[t], l);
            n += l;
            continue;
        }
        /* A row of fields, mostly well-formed, sometimes mangled. */
        size_t nf = rnd(4);
        for (size_t k = 0; k < nf; k++) {
            if (k)
                out[n++] = ',';
            size_t t = rnd(6);
            if (t == 0) {
                out[n++] = '"';
                size_t l = rnd(4);
                for (size_t j = 0; j < l; j++) {
                    const char *in = "a\"\r\n,\0 "; /* "" when a quote */
                    char c = in[rnd(7)];
                    out[n++] = c;
                    if (c == '"')
                        out[n++] = '"';
                }
                out[n++] = '"';
            } else {
                size_t l = rnd(3);
                for (size_t j = 0; j < l; j++)
                    out[n++] = "cx1 "[rnd(4)];
            }
        }
        if (mode == 2 && rnd(4) == 0) /* mangle: insert a token */
            out[n++] = "\"\r\n\0,"[rnd(5)];
        const char *eol[] = {"\n", "\r\n", "\r", ""};
        const char *e = eol[rnd(i + 1 == want ? 4 : 3)];
        memcpy(out + n, e, strlen(e));
        n += strlen(e);
    }
    return n;
}

/* Compares csvr with the reference on one text; returns false on a
 * difference, printing it. */
static bool
same(const char *text, size_t n, bool recover)
{
    struct ref rf = {0};
    ref_read(text, n, ',', recover, &rf);
    FILE *fp = fmemopen((void *)text, n ? n : 1, "r");
    if (n == 0)
        fp = fopen("/dev/null", "r");
    struct csvr r;
    csvr_init(&r, fp, "t", ',', recover);
    size_t i = 0;
    bool ok = true;
    int rc;
    long lines_seen = 0;
    while (ok && (rc = csvr_next(&r)) != 0) {
        if (i >= rf.n) {
            printf("csvr gives more items than the reference\n");
            ok = false;
            break;
        }
        struct ref_item *x = &rf.it[i++];
        ok = rc == x->kind && r.rec_line == x->line;
        if (ok && rc > 0) {
            ok = r.nf == x->nf && r.rec_last_line == x->last_line;
            for (size_t k = 0; ok && k < r.nf; k++)
                ok = strlen(r.f[k]) == x->flen[k] &&
                     memcmp(r.f[k], x->f[k], x->flen[k]) == 0;
            lines_seen += x->last_line - x->line + 1;
        } else if (ok) {
            ok = strcmp(r.errmsg, x->reason) == 0;
            if (ok && recover) {
                size_t len;
                const char *raw = csvr_raw(&r, &len);
                ok = len == x->rawlen && memcmp(raw, x->raw, len) == 0;
                lines_seen += x->last_line - x->line + 1;
            }
        }
        if (!ok)
            printf("item %zu: csvr rc %d line %ld nf %zu '%s'; reference "
                   "kind %d line %ld nf %zu '%s'\n",
                   i, rc, r.rec_line, r.nf, rc < 0 ? r.errmsg : "", x->kind,
                   x->line, x->nf, x->reason);
        if (rc < 0 && !recover)
            break;
    }
    if (ok && i != rf.n) {
        printf("csvr gives %zu items, the reference %zu\n", i, rf.n);
        ok = false;
    }
    /* Nothing lost: in recover mode the items cover every physical line. */
    if (ok && recover && r.line != lines_seen) {
        printf("items cover %ld lines, the reader counted %ld\n", lines_seen,
               r.line);
        ok = false;
    }
    csvr_free(&r);
    fclose(fp);
    ref_free(&rf);
    if (!ok) {
        printf("recover %d, input:", recover);
        for (size_t k = 0; k < n; k++)
            printf(" %02x", (unsigned char)text[k]);
        printf("\n");
    }
    return ok;
}

/* Whether written field w is read field r with each line break (CRLF, CR
 * or LF) made one space, as cx-ingest writes canonical CSV. */
static bool
same_joined(const char *w, const char *r)
{
    for (; *r; r++, w++) {
        char c = *r;
        if (c == '\r' && r[1] == '\n')
            r++;
        if (c == '\r' || c == '\n')
            c = ' ';
        if (*w != c)
            return false;
    }
    return *w == '\0';
}

/* cx-ingest on a file of events: a valid header, random rows. */

static size_t
gen_events(char *out, size_t cap)
{
    static const char *client[] = {"c1", "c2", "\"c3\"", "c\"4", "\"c,5\""};
    static const char *time[] = {"2026-01-02", "2026-02-30", "\"2026-03-04\"",
                                 "x"};
    size_t n = (size_t)sprintf(out, "%sclient,time,activity\n",
                               rnd(10) == 0 ? "\xEF\xBB\xBF" : "");
    size_t rows = rnd(12);
    for (size_t i = 0; i < rows && n + 200 < cap; i++) {
        size_t nf = rnd(8) == 0 ? rnd(5) : 3;
        for (size_t k = 0; k < nf; k++) {
            if (k)
                out[n++] = ',';
            const char *s = k == 0   ? client[rnd(5)]
                            : k == 1 ? time[rnd(4)]
                                     : (rnd(6) ? "a" : "\"b\r\nc\"");
            n += (size_t)sprintf(out + n, "%s", s);
        }
        if (rnd(6) == 0)
            out[n++] = "\"\r\n\0"[rnd(4)];
        const char *eol[] = {"\n", "\r\n", "\r"};
        n += (size_t)sprintf(out + n, "%s", eol[rnd(3)]);
    }
    return n;
}

static bool
blank(const struct ref_item *x)
{
    if (x->kind < 0)
        return false;
    if (x->nf == 0)
        return true;
    if (x->nf > 1)
        return false;
    for (size_t i = 0; i < x->flen[0]; i++)
        if (!strchr(" \t\r", x->f[0][i]) || x->f[0][i] == '\0')
            return false;
    return true;
}

static bool
ingest_same(const char *bin, const char *dir, const char *text, size_t n)
{
    char path[4096], cmd[8192];
    snprintf(path, sizeof path, "%s/in.csv", dir);
    FILE *fp = fopen(path, "w");
    fwrite(text, 1, n, fp);
    fclose(fp);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s/cx-ingest' -q --max-rejects 100%% -d , -e utf-8 "
             "-r rej.csv -o out.csv in.csv 2> err.txt",
             dir, bin);
    int st = system(cmd);
    struct ref rf = {0}, out = {0}, rej = {0};
    ref_read(text, n, ',', true, &rf);
    long long N = 0, M = 0, K = 0, want_n = 0;
    snprintf(path, sizeof path, "%s/err.txt", dir);
    fp = fopen(path, "r");
    char line[512];
    while (fgets(line, sizeof line, fp))
        sscanf(line, "cx-ingest: read %lld, wrote %lld, rejected %lld", &N, &M,
               &K);
    fclose(fp);
    /* Items after the header that are not blank lines. */
    size_t h = 0;
    while (h < rf.n && rf.it[h].kind > 0 && rf.it[h].nf == 0)
        h++;
    for (size_t i = h + 1; i < rf.n; i++)
        want_n += !blank(&rf.it[i]);
    char *buf;
    size_t len;
    bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && N == want_n &&
              M + K == N;
    for (int f = 0; ok && f < 2; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, f ? "rej.csv" : "out.csv");
        fp = fopen(path, "r");
        buf = malloc(1 << 20);
        len = fread(buf, 1, 1 << 20, fp);
        fclose(fp);
        ref_read(buf, len, ',', false, f ? &rej : &out);
        free(buf);
    }
    /* Rows written: the records whose line was not rejected, in order. */
    size_t ri = 1, oi = 1;
    ok = ok && out.n == (size_t)M + 1 && rej.n == (size_t)K + 1;
    for (size_t i = h + 1; ok && i < rf.n; i++) {
        if (blank(&rf.it[i]))
            continue;
        char want[32];
        snprintf(want, sizeof want, "%ld", rf.it[i].line);
        if (ri < rej.n && strcmp(rej.it[ri].f[0], want) == 0) {
            ri++;
            continue;
        }
        ok = rf.it[i].kind > 0 && oi < out.n &&
             same_joined(out.it[oi].f[0], rf.it[i].f[0]) &&
             same_joined(out.it[oi].f[2], rf.it[i].f[2]);
        oi++;
    }
    ok = ok && ri == rej.n && oi == out.n;
    if (!ok) {
        printf("cx-ingest: status %d, read %lld wrote %lld rejected %lld; "
               "reference: %lld records; input:",
               st, N, M, K, want_n);
        for (size_t k = 0; k < n; k++)
            printf(" %02x", (unsigned char)text[k]);
        printf("\n");
    }
    ref_free(&rf);
    ref_free(&out);
    ref_free(&rej);
    return ok;
}

int
main(int argc, char **argv)
{
    static char text[8192];
    if (argc > 1 && strcmp(argv[1], "--ingest") == 0) {
        if (argc < 4)
            return 2;
        long count = atol(argv[3]);
        rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 11;
        char dir[] = "/tmp/csvprop.XXXXXX";
        if (!mkdtemp(dir))
            return 99;
        long bad = 0;
        for (long i = 0; i < count && bad < 5; i++)
            bad += !ingest_same(argv[2], dir, text, gen_events(text, sizeof text));
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            return 99;
        printf("%ld files through cx-ingest, %ld differ\n", count, bad);
        return bad ? 1 : 0;
    }
    long count = argc > 1 ? atol(argv[1]) : 20000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 7;
    long bad = 0;
    for (long i = 0; i < count && bad < 5; i++) {
        size_t n = gen(text, sizeof text);
        bool ok = same(text, n, false) && same(text, n, true);
        CHECK(ok);
        bad += !ok;
    }
    printf("%ld generated files\n", count);
    CHECK_DONE();
}
