/* csvio: the CSV reader over libcsv, operand handling, and the writer. */
#include <config.h>

#include "csvio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

#define INBLOCK 65536

static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void
parser_start(struct csvr *r)
{
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                            CSV_REPALL_NL) != 0)
        die(EXIT_DATA, "memory exhausted");
    csv_set_space_func(&r->p, no_space);
    csv_set_delim(&r->p, (unsigned char)r->delim);
}

void
csvr_init(struct csvr *r, FILE *fp, const char *name, char delim,
          bool recover)
{
    memset(r, 0, sizeof *r);
    r->fp = fp;
    r->name = name;
    r->recover = recover;
    r->first_line = true;
    r->delim = delim;
    parser_start(r);
}

void
csvr_free(struct csvr *r)
{
    csv_free(&r->p);
    free(r->arena);
    free(r->foff);
    free(r->recs);
    free(r->raw);
    free(r->replay);
    free(r->in);
    free(r->f);
    memset(r, 0, sizeof *r);
}

static void
on_field(void *s, size_t len, void *data)
{
    struct csvr *r = data;
    XGROW(r->arena, r->acap, r->alen + len + 1);
    XGROW(r->foff, r->foffcap, r->nfoff + 1);
    if (len && !r->nul_field && memchr(s, '\0', len))
        r->nul_field = r->nfoff - r->cur_first + 1;
    r->foff[r->nfoff++] = r->alen;
    if (len)
        memcpy(r->arena + r->alen, s, len);
    r->alen += len;
    r->arena[r->alen++] = '\0';
    r->last_was_cr = false;
}

static void
on_record(int c, void *data)
{
    struct csvr *r = data;
    size_t n = r->nfoff - r->cur_first;

    /* The LF of a CRLF, reported on its own by CSV_REPALL_NL. */
    if (n == 0 && c == '\n' && r->last_was_cr) {
        r->last_was_cr = false;
        return;
    }
    r->last_was_cr = (c == '\r');
    XGROW(r->recs, r->recscap, r->nrecs + 1);
    r->recs[r->nrecs].first = r->cur_first;
    r->recs[r->nrecs].n = n;
    r->recs[r->nrecs].line = r->rec_start;
    r->recs[r->nrecs].last_line = r->line;
    r->recs[r->nrecs].nul_field = r->nul_field;
    r->nrecs++;
    r->cur_first = r->nfoff;
    r->cur_alen = r->alen;
    r->nul_field = 0;
}

/* Length of the physical line at the start of s[0..n): up to and with its
 * end (LF, CRLF or a CR not followed by LF). 0 when the line end is not in
 * s yet: s holds no CR or LF, or ends in a CR whose next byte is unknown
 * (more is true when more input may follow). */
static size_t
line_length(const char *s, size_t n, bool more)
{
    size_t i = 0;
    while (i < n && s[i] != '\n' && s[i] != '\r')
        i++;
    if (i == n)
        return more ? 0 : n;
    if (s[i] == '\n')
        return i + 1;
    if (i + 1 < n)
        return s[i + 1] == '\n' ? i + 2 : i + 1;
    return more ? 0 : n;
}

/* Next physical line (replayed lines first) in *line; its length, or -1 at
 * end of input. The text stays valid until the next call. */
static ssize_t
read_line(struct csvr *r, const char **line)
{
    if (r->replay && r->replaypos < r->replaylen) {
        const char *s = r->replay + r->replaypos;
        size_t len = line_length(s, r->replaylen - r->replaypos, false);
        r->replaypos += len;
        *line = s;
        return (ssize_t)len;
    }
    for (;;) {
        size_t avail = r->inlen - r->inpos;
        size_t len =
            line_length(r->in ? r->in + r->inpos : "", avail, !r->in_eof);
        if (len > 0) {
            *line = r->in + r->inpos;
            r->inpos += len;
            return (ssize_t)len;
        }
        if (r->in_eof)
            return -1;
        /* The line goes on past the buffer: keep it and read more. */
        if (r->inpos > 0) {
            memmove(r->in, r->in + r->inpos, avail);
            r->inlen = avail;
            r->inpos = 0;
        }
        XGROW(r->in, r->incap, r->inlen + INBLOCK);
        size_t k = fread(r->in + r->inlen, 1, r->incap - r->inlen, r->fp);
        if (k == 0) {
            if (ferror(r->fp))
                die(EXIT_DATA, "%s: read error:", r->name);
            r->in_eof = true;
        }
        r->inlen += k;
    }
}

static void
raw_append(struct csvr *r, const char *s, size_t len)
{
    XGROW(r->raw, r->rawcap, r->rawlen + len + 1);
    memcpy(r->raw + r->rawlen, s, len);
    r->rawlen += len;
    r->raw[r->rawlen] = '\0';
}

/* Recover mode: keeps the first line of the record in progress as its raw
 * text and queues the lines after it (and any not yet replayed) to be
 * parsed again, numbered from the line after start. */
static void
replay_after_first(struct csvr *r, long start)
{
    size_t keep = r->rawfirst;
    size_t rest = r->replay ? r->replaylen - r->replaypos : 0;
    char *q = xmalloc(r->rawlen - keep + rest + 1);
    memcpy(q, r->raw + keep, r->rawlen - keep);
    if (rest)
        memcpy(q + r->rawlen - keep, r->replay + r->replaypos, rest);
    q[r->rawlen - keep + rest] = '\0';
    free(r->replay);
    r->replay = q;
    r->replaylen = r->rawlen - keep + rest;
    r->replaypos = 0;
    r->rawlen = keep;
    r->line = start;
}

/* Drops the fields of the record in progress and restarts the parser. */
static void
reset_partial(struct csvr *r)
{
    csv_free(&r->p);
    parser_start(r);
    r->nfoff = r->cur_first;
    r->alen = r->cur_alen;
    r->last_was_cr = false;
    r->nul_field = 0;
}

/* Keeps only the fields of the record in progress, moved to the arena's
 * start. */
static void
compact(struct csvr *r)
{
    size_t keepf = r->nfoff - r->cur_first, keepa = r->alen - r->cur_alen;
    if (keepa)
        memmove(r->arena, r->arena + r->cur_alen, keepa);
    for (size_t i = 0; i < keepf; i++)
        r->foff[i] = r->foff[r->cur_first + i] - r->cur_alen;
    r->nfoff = keepf;
    r->alen = keepa;
    r->cur_first = r->cur_alen = 0;
}

/* A record with a NUL byte in a field is malformed: C strings would cut the
 * field short and merge values that differ (c1<NUL>x, c1<NUL>y). */
static int
set_current(struct csvr *r, const struct csvr_rec *rec)
{
    r->rec_line = rec->line;
    r->rec_last_line = rec->last_line;
    if (rec->nul_field) {
        r->nf = 0;
        snprintf(r->errmsg, sizeof r->errmsg, "NUL byte in field %zu",
                 rec->nul_field);
        if (!r->recover)
            r->eof = true;
        return -1;
    }
    XGROW(r->f, r->fcap, rec->n + 1);
    for (size_t i = 0; i < rec->n; i++)
        r->f[i] = r->arena + r->foff[rec->first + i];
    r->nf = rec->n;
    return 1;
}

/* A parse error in the record in progress, found on the current line: the
 * record is malformed from its first line. In recover mode only that first
 * line is rejected, and the lines after it are parsed again. */
static int
parse_error(struct csvr *r, const char *msg)
{
    long start = r->rec_start;
    r->rec_line = r->rec_last_line = start;
    r->nf = 0;
    snprintf(r->errmsg, sizeof r->errmsg, "%s",
             start < r->line ? "unterminated quoted field" : msg);
    if (!r->recover) {
        r->eof = true;
        return -1;
    }
    replay_after_first(r, start);
    reset_partial(r);
    return -1;
}

const char *
csvr_peek(struct csvr *r, size_t want, size_t *n)
{
    while (r->inlen - r->inpos < want && !r->in_eof) {
        XGROW(r->in, r->incap, r->inlen + INBLOCK);
        size_t k = fread(r->in + r->inlen, 1, r->incap - r->inlen, r->fp);
        if (k == 0) {
            if (ferror(r->fp))
                die(EXIT_DATA, "%s: read error:", r->name);
            r->in_eof = true;
        }
        r->inlen += k;
    }
    *n = r->inlen - r->inpos;
    return r->in + r->inpos;
}

int
csvr_next(struct csvr *r)
{
    if (r->rnext < r->nrecs)
        return set_current(r, &r->recs[r->rnext++]);
    /* All pending records were handed out: start a fresh arena. */
    r->nrecs = r->rnext = 0;
    compact(r);

    while (r->nrecs == 0) {
        if (r->eof)
            return 0;
        const char *s;
        ssize_t len = read_line(r, &s);
        if (len < 0) {
            if (csv_fini(&r->p, on_field, on_record, r) != 0)
                return parse_error(r, "unterminated quoted field");
            r->eof = true;
            if (r->nrecs == 0)
                return 0;
            break;
        }
        r->line++;
        if (r->first_line) {
            r->first_line = false;
            if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                len -= 3;
            }
            if (len == 0) { /* nothing but a BOM */
                r->line--;
                continue;
            }
        }
        bool in_record = r->p.pstate != 0 || r->nfoff > r->cur_first;
        if (!in_record) {
            r->rec_start = r->line;
            r->nul_field = 0;
            r->rawlen = 0;
        }
        if (r->recover) {
            raw_append(r, s, (size_t)len);
            if (!in_record)
                r->rawfirst = r->rawlen;
        }
        size_t done = csv_parse(&r->p, s, (size_t)len, on_field, on_record, r);
        if (done < (size_t)len) {
            if (csv_error(&r->p) == CSV_ENOMEM ||
                csv_error(&r->p) == CSV_ETOOBIG)
                die(EXIT_DATA, "memory exhausted");
            /* A line holds at most the end of one record, at its end, so
             * no record was completed before the error. */
            return parse_error(r, s[done] == '"'
                                      ? "stray quote"
                                      : "unexpected character after a "
                                        "quoted field");
        }
    }
    return set_current(r, &r->recs[r->rnext++]);
}

const char *
csvr_raw(const struct csvr *r, size_t *len)
{
    *len = r->rawlen;
    return r->raw ? r->raw : "";
}

/* Header lookup. */

long
csvhdr_find(const struct csvhdr *h, const char *name)
{
    long found = -1;
    for (size_t i = 0; i < h->n; i++) {
        if (strcmp(h->names[i], name) != 0)
            continue;
        if (found >= 0)
            die(EXIT_DATA,
                "column '%s' appears twice in the header (columns %ld and "
                "%zu); rename one",
                name, found + 1, i + 1);
        found = (long)i;
    }
    return found;
}

#define LIST_MAX 20

char *
csvhdr_list(const struct csvhdr *h)
{
    size_t shown = h->n > LIST_MAX ? LIST_MAX : h->n;
    size_t need = 64;
    for (size_t k = 0; k < shown; k++)
        need += strlen(h->names[k]) + 4;
    char *list = xmalloc(need);
    size_t len = 0;
    for (size_t k = 0; k < shown; k++)
        len += (size_t)snprintf(list + len, need - len, "%s'%s'",
                                k ? ", " : "", h->names[k]);
    if (shown < h->n)
        snprintf(list + len, need - len, " ... and %zu more", h->n - shown);
    return list;
}

size_t
csvhdr_require(const struct csvhdr *h, const char *name)
{
    long i = csvhdr_find(h, name);
    if (i >= 0)
        return (size_t)i;
    char *list = csvhdr_list(h);
    die(EXIT_USAGE, "missing column '%s' (columns present: %s)", name, list);
}

void
csvhdr_copy(struct csvhdr *dst, char *const *names, size_t n)
{
    dst->n = n;
    dst->names = xcalloc(n + 1, sizeof *dst->names);
    for (size_t i = 0; i < n; i++)
        dst->names[i] = xstrdup(names[i]);
}

void
csvhdr_free(struct csvhdr *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->names[i]);
    free(h->names);
    h->names = NULL;
    h->n = 0;
}

/* Operands. */

/* Compressed or binary input is named, instead of being read as CSV and
 * reported as junk. */
static void
check_magic(struct csvin *in)
{
    size_t n;
    const unsigned char *b = (const unsigned char *)csvr_peek(&in->r, 4, &n);
    const char *what = NULL;
    if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        what = "gzip; decompress it (zcat) or use cx-ingest";
    else if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
        what = "a zip archive (a spreadsheet?); export it as CSV and use "
               "cx-ingest";
    else if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
                        (b[0] == 0xFE && b[1] == 0xFF)))
        what = "UTF-16; convert it with cx-ingest";
    if (what)
        die(EXIT_DATA, "%s: input looks like %s", in->file, what);
}

static bool
open_next(struct csvin *in)
{
    if (in->fp) {
        if (ferror(in->fp))
            die(EXIT_DATA, "%s: read error", in->file);
        if (in->fp != stdin)
            fclose(in->fp);
        csvr_free(&in->r);
        in->fp = NULL;
    }
    if (in->cur >= in->nfiles)
        return false;
    in->file = in->files[in->cur++];
    if (strcmp(in->file, "-") == 0) {
        in->fp = stdin;
    } else {
        in->fp = fopen(in->file, "r");
        if (!in->fp)
            die(EXIT_DATA, "%s:", in->file);
    }
    csvr_init(&in->r, in->fp, in->file, ',', false);
    check_magic(in);
    return true;
}

/* Reads one record of the current file, dying on malformed CSV. */
static int
next_raw(struct csvin *in)
{
    int rc = csvr_next(&in->r);
    if (rc < 0)
        die_at(in->file, in->r.rec_line, "%s", in->r.errmsg);
    in->line = in->r.rec_line;
    return rc;
}

const char *csvin_convert_hint = "cx-ingest";

static void
check_dialect(const struct csvin *in)
{
    if (in->hdr.n == 1 &&
        (strchr(in->hdr.names[0], ';') || strchr(in->hdr.names[0], '\t')))
        die_at(in->file, 1,
               "header '%s' is not comma-separated; %s reads canonical CSV "
               "(convert with %s)",
               in->hdr.names[0], prog_name, csvin_convert_hint);
}

static void
read_header(struct csvin *in, bool first)
{
    if (next_raw(in) == 0)
        die(EXIT_DATA, "%s: empty input, no header", in->file);
    if (first) {
        csvhdr_copy(&in->hdr, in->r.f, in->r.nf);
        check_dialect(in);
        return;
    }
    bool same = in->r.nf == in->hdr.n;
    for (size_t i = 0; same && i < in->hdr.n; i++)
        same = strcmp(in->r.f[i], in->hdr.names[i]) == 0;
    if (!same)
        die_at(in->file, in->line, "header differs from that of '%s'",
               in->files[0]);
}

void
csvin_open(struct csvin *in, char **files, size_t nfiles)
{
    static char *stdin_only[] = {"-"};
    memset(in, 0, sizeof *in);
    in->files = nfiles ? files : stdin_only;
    in->nfiles = nfiles ? nfiles : 1;
    open_next(in);
    read_header(in, true);
}

int
csvin_next(struct csvin *in)
{
    for (;;) {
        if (!in->fp)
            return 0;
        if (next_raw(in) == 1) {
            if (in->r.nf == 0)
                die_at(in->file, in->line, "blank line");
            if (in->r.nf != in->hdr.n)
                die_at(in->file, in->line, "%zu field%s, header has %zu",
                       in->r.nf, in->r.nf == 1 ? "" : "s", in->hdr.n);
            in->f = in->r.f;
            in->nf = in->r.nf;
            return 1;
        }
        if (!open_next(in))
            return 0;
        read_header(in, false);
    }
}

void
csvin_close(struct csvin *in)
{
    while (open_next(in))
        ;
    csvhdr_free(&in->hdr);
}

/* Writer. */

void
csvw_init(struct csvw *w, FILE *fp, int digits)
{
    w->fp = fp;
    w->digits = digits;
    w->mid = false;
}

static bool
needs_quotes(const char *s, size_t n)
{
    if (n == 0)
        return false;
    if (s[0] == ' ' || s[n - 1] == ' ')
        return true;
    /* A field that starts with U+FEFF would lose it to the reader's BOM
     * skip at the start of a file. */
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

void
csvw_strn(struct csvw *w, const char *s, size_t n)
{
    if (w->mid)
        putc(',', w->fp);
    w->mid = true;
    if (!needs_quotes(s, n)) {
        fwrite(s, 1, n, w->fp);
        return;
    }
    putc('"', w->fp);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', w->fp);
        putc(s[i], w->fp);
    }
    putc('"', w->fp);
}

void
csvw_str(struct csvw *w, const char *s)
{
    csvw_strn(w, s ? s : "", s ? strlen(s) : 0);
}

void
csvw_num(struct csvw *w, double x)
{
    char buf[64];
    num_format(x, w->digits, buf, sizeof buf);
    csvw_str(w, buf);
}

void
csvw_int(struct csvw *w, long long x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", x);
    csvw_str(w, buf);
}

void
csvw_empty(struct csvw *w)
{
    csvw_strn(w, "", 0);
}

void
csvw_end(struct csvw *w)
{
    putc('\n', w->fp);
    w->mid = false;
}

void
csvw_row(struct csvw *w, char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csvw_str(w, fields[i]);
    csvw_end(w);
}

/* Operands read in parts (par.c). */

long
csvin_read_header(char *file, const struct csvhdr *first, char *first_file,
                  struct csvhdr *hdr)
{
    struct csvin in;
    char *files[2] = {first_file, file};
    memset(&in, 0, sizeof in);
    in.files = first ? files : files + 1;
    in.nfiles = first ? 2 : 1;
    in.cur = first ? 1 : 0;
    if (first)
        csvhdr_copy(&in.hdr, first->names, first->n);
    open_next(&in);
    read_header(&in, !first);
    long end = in.r.rec_last_line;
    csvhdr_copy(hdr, in.hdr.names, in.hdr.n);
    csvin_close(&in);
    return end;
}

void
csvin_open_mem(struct csvin *in, const char *file, const char *buf,
               size_t len, long first_line, const struct csvhdr *hdr)
{
    memset(in, 0, sizeof *in);
    in->file = file;
    in->fp = fmemopen((void *)buf, len, "r");
    if (!in->fp)
        die(EXIT_DATA, "%s:", file);
    csvr_init(&in->r, in->fp, file, ',', false);
    in->r.first_line = false; /* a BOM belongs to the start of the file */
    in->r.line = first_line - 1;
    csvhdr_copy(&in->hdr, hdr->names, hdr->n);
}
