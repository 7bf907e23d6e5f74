/* fuzz-ingest: the whole ingest path (src/lib/ingest, as cx-ingest runs
 * it): bytes in, canonical CSV and rejects out. Two flag bytes pick the
 * options (delimiter and encoding given or detected, events or responses,
 * --wide, --keep-all, --scale, --na, --date-format) and whether a header
 * is put before the fuzzed bytes; the rest is the export. Either ingest
 * dies with a message and status 1 or 2 (no header, missing column, ...)
 * or it returns 0, and then:
 * - N = M + K: records read = written + rejected;
 * - the output reads back through the strict csvio reader: the canonical
 *   header, every row as many fields, one row per physical line (no line
 *   break inside a field), required values present, every time read by
 *   time_parse and every score by num_parse (within --scale); M rows;
 * - the rejects file reads back the same way: K rows, each with a line
 *   number within the file (never decreasing) and a reason;
 * - when the export is well-formed CSV (the reference reader of model.h
 *   finds no error), N is the number of records after the header that
 *   are not blank, counted by that reader. */
#include <config.h>

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "csvio.h"
#include "cxtime.h"
#include "dialect.h"
#include "fuzz.h"
#include "ingest.h"
#include "model.h"
#include "num.h"

static char dir[64], in_path[96], out_path[96], rej_path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv);

static void
remove_dir(void)
{
    unlink(in_path);
    unlink(out_path);
    unlink(rej_path);
    rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fz_init();
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cxfuzzXXXXXX",
             t && *t && strlen(t) < 40 ? t : "/tmp");
    FZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp failed");
    snprintf(in_path, sizeof in_path, "%s/export.csv", dir);
    snprintf(out_path, sizeof out_path, "%s/out.csv", dir);
    snprintf(rej_path, sizeof rej_path, "%s/rejects.csv", dir);
    /* ingest_run writes to standard output when there is no -o: make
     * that a file to read back. */
    int fd = open(out_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    FZ_CHECK(fd >= 0 && dup2(fd, 1) == 1, "cannot redirect stdout");
    close(fd);
    atexit(remove_dir);
    return 0;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "r");
    FZ_CHECK(fp != NULL, "cannot read %s", path);
    char *s = NULL;
    size_t cap = 0, n = 0, k;
    do {
        if (n + 4096 > cap) {
            cap = 2 * cap + 4096;
            s = realloc(s, cap + 1);
        }
        k = fread(s + n, 1, 4096, fp);
        n += k;
    } while (k > 0);
    fclose(fp);
    s[n] = '\0';
    *len = n;
    return s;
}

static bool
blank_field(const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            continue;
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
            s++;
            continue;
        }
        return false;
    }
    return true;
}

/* Records after the header that are not blank, by the reference reader;
 * -1 when the export is not well-formed. */
static long
reference_count(const char *s, size_t n, char delim)
{
    struct recs rs = {0};
    bool ok = model_parse(s, n, delim, &rs);
    long count = -1;
    if (ok) {
        bool header = false;
        count = 0;
        for (size_t i = 0; i < rs.n; i++) {
            bool b =
                !rs.r[i].nul && (rs.r[i].n == 0 ||
                                 (rs.r[i].n == 1 && blank_field(rs.r[i].f[0])));
            if (b)
                continue;
            if (header)
                count++;
            header = true;
        }
    }
    recs_free(&rs);
    return count;
}

static char
first_line_delim(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) + 1 : n - i;
        for (size_t k = 0; k < len; k++)
            if (s[i + k] != '\r' && s[i + k] != '\n')
                return sniff_delim(s + i, len);
        i += len;
    }
    return ',';
}

/* The output: canonical events or responses, rows returned. */
static long
check_output(const char *s, size_t n, const struct ingest_opts *o)
{
    FILE *fp = fmemopen((void *)s, n, "r");
    FZ_CHECK(fp != NULL, "empty output");
    struct csvr r;
    csvr_init(&r, fp, "output", ',', false);
    FZ_CHECK(csvr_next(&r) == 1, "output has no header");
    static const char *ev[] = {"client", "time", "activity", "unit", "staff"};
    static const char *re[] = {"respondent", "unit", "time", "item", "score"};
    const char **canon = o->schema == SCHEMA_EVENTS ? ev : re;
    size_t nf = r.nf;
    FZ_CHECK(nf >= 5, "output header has %zu fields", nf);
    for (int i = 0; i < 5; i++)
        FZ_CHECK(strcmp(r.f[i], canon[i]) == 0, "output header field %d '%s'",
                 i + 1, r.f[i]);
    int tcol = o->schema == SCHEMA_EVENTS ? 1 : 2;
    long rows = 0;
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        FZ_CHECK(rc == 1, "output line %ld: %s", r.rec_line, r.errmsg);
        rows++;
        FZ_CHECK(r.nf == nf, "output line %ld: %zu fields, header %zu",
                 r.rec_line, r.nf, nf);
        FZ_CHECK_UNLESS(
            "ingest-linebreak", r.rec_line == r.rec_last_line,
            "output row %ld is on line %ld-%ld: a line break in a field", rows,
            r.rec_line, r.rec_last_line);
        FZ_CHECK(r.f[0][0], "output line %ld: empty %s", r.rec_line, canon[0]);
        int64_t ms;
        const char *t = r.f[tcol];
        bool odd_year = strncmp(t, "0000-", 5) == 0 ||
                        (strlen(t) > 5 && t[4] >= '0' && t[4] <= '9');
        FZ_CHECK_UNLESS(odd_year ? "year-range" : "", time_parse(t, &ms, NULL),
                        "output line %ld: time '%s' does not read back",
                        r.rec_line, r.f[tcol]);
        if (o->schema == SCHEMA_EVENTS) {
            FZ_CHECK(r.f[2][0], "output line %ld: empty activity", r.rec_line);
        } else {
            FZ_CHECK(r.f[3][0], "output line %ld: empty item", r.rec_line);
            double v;
            if (r.f[4][0]) {
                FZ_CHECK_UNLESS(
                    "max-double", num_parse(r.f[4], &v),
                    "output line %ld: score '%s' does not read back",
                    r.rec_line, r.f[4]);
                if (o->scale)
                    FZ_CHECK(v >= o->scale_lo && v <= o->scale_hi,
                             "output line %ld: score %s outside --scale",
                             r.rec_line, r.f[4]);
            }
        }
    }
    csvr_free(&r);
    fclose(fp);
    return rows;
}

/* The rejects file: rows returned. */
static bool bare_cr; /* the export has a bare CR (defect csvr-cr) */

static long
check_rejects(const char *s, size_t n, long lines)
{
    FILE *fp = fmemopen((void *)s, n, "r");
    FZ_CHECK(fp != NULL, "empty rejects file");
    struct csvr r;
    csvr_init(&r, fp, "rejects", ',', false);
    FZ_CHECK(csvr_next(&r) == 1 && r.nf >= 2 && strcmp(r.f[0], "line") == 0 &&
                 strcmp(r.f[1], "reason") == 0,
             "rejects header");
    long rows = 0, prev = 0;
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        FZ_CHECK(rc == 1, "rejects line %ld: %s", r.rec_line, r.errmsg);
        FZ_CHECK(r.nf >= 2, "rejects line %ld: %zu fields", r.rec_line, r.nf);
        long long line = prev;
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "",
                        num_parse_long(r.f[0], 1, lines, &line) && line >= prev,
                        "rejects line %ld: input line '%s' (previous %ld, %ld "
                        "lines)",
                        r.rec_line, r.f[0], prev, lines);
        FZ_CHECK(r.f[1][0], "rejects line %ld: no reason", r.rec_line);
        prev = (long)line;
        rows++;
    }
    csvr_free(&r);
    fclose(fp);
    return rows;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {'\0', ',', ';', '\t'};
    static const enum enc encs[] = {ENC_AUTO, ENC_AUTO, ENC_UTF8, ENC_CP1252};
    if (size < 2 || size > 16384)
        return 0;
    unsigned f1 = data[0], f2 = data[1];
    data += 2, size -= 2;

    struct ingest_opts o;
    memset(&o, 0, sizeof o);
    o.delim = delims[f1 & 3];
    o.enc = encs[(f1 >> 2) & 3];
    o.schema = f1 & 16 ? SCHEMA_RESPONSES : SCHEMA_EVENTS;
    o.wide = o.schema == SCHEMA_RESPONSES && (f1 & 32);
    bool header = f1 & 64;
    o.keep_all = f1 & 128;
    o.max_pct = -1;
    o.max_count = LLONG_MAX;
    o.quiet = true;
    o.rejects = rej_path;
    char *na[] = {"n.v.t.", "-"};
    char *fmts[] = {"%d-%m-%Y %H:%M"};
    if (o.schema == SCHEMA_RESPONSES && (f2 & 1)) {
        o.scale = "1-5";
        o.scale_lo = 1, o.scale_hi = 5;
    }
    if (o.schema == SCHEMA_RESPONSES && (f2 & 2))
        o.na = na, o.nna = 2;
    if (f2 & 4)
        o.datefmts = fmts, o.ndatefmts = 1;

    /* The export: an optional header, then the fuzzed bytes. */
    char d = o.delim ? o.delim : ',';
    char hdr[80] = "";
    if (header) {
        if (o.schema == SCHEMA_EVENTS)
            snprintf(hdr, sizeof hdr, "client%ctime%cactivity%cunit%cstaff\n",
                     d, d, d, d);
        else if (o.wide)
            snprintf(hdr, sizeof hdr, "respondent%cunit%ctime%cq1%cq2\n", d, d,
                     d, d);
        else
            snprintf(hdr, sizeof hdr, "respondent%cunit%ctime%citem%cscore\n",
                     d, d, d, d);
    }
    size_t hlen = strlen(hdr), n = hlen + size;
    char *in = malloc(n + 1);
    memcpy(in, hdr, hlen);
    memcpy(in + hlen, data, size);
    in[n] = '\0';
    FILE *fp = fopen(in_path, "w");
    FZ_CHECK(fp && fwrite(in, 1, n, fp) == n && fclose(fp) == 0,
             "cannot write %s", in_path);
    unlink(rej_path);
    bare_cr = has_bare_cr(in, n);

    fflush(stdout);
    FZ_CHECK(ftruncate(1, 0) == 0 && fseek(stdout, 0, SEEK_SET) == 0,
             "cannot truncate the output");
    clearerr(stdout);

    char *files[] = {in_path};
    struct ingest_counts c;
    int status = 0;
    int died = FZ_TRY(status = ingest_run(&o, files, 1, &c));
    fflush(stdout);
    if (died >= 0) {
        FZ_CHECK(died == 1 || died == 2, "ingest died with status %d", died);
        free(in);
        return 0;
    }
    FZ_CHECK(status == 0, "ingest returned %d with no --max-rejects limit",
             status);
    FZ_CHECK(c.read == c.written + c.rejected,
             "N = M + K broken: read %lld, wrote %lld, rejected %lld", c.read,
             c.written, c.rejected);

    size_t outlen, rejlen;
    char *out = slurp(out_path, &outlen);
    char *rej = slurp(rej_path, &rejlen);
    long rows = check_output(out, outlen, &o);
    if (!o.wide)
        FZ_CHECK(rows == c.written, "wrote %lld, output has %ld rows",
                 c.written, rows);
    else
        FZ_CHECK(rows >= c.written, "wrote %lld, output has %ld rows",
                 c.written, rows);
    long krows = check_rejects(rej, rejlen, model_lines(in, n));
    FZ_CHECK(krows == c.rejected, "rejected %lld, rejects file has %ld rows",
             c.rejected, krows);

    long want =
        reference_count(in, n, o.delim ? o.delim : first_line_delim(in, n));
    if (want >= 0 && !(memchr(in, '\0', n) && fz_known("nul-byte")))
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "", c.read == want,
                        "read %lld records, the reference reader finds %ld "
                        "(wrote %lld, rejected %lld)",
                        c.read, want, c.written, c.rejected);
    free(out);
    free(rej);
    free(in);
    return 0;
}
