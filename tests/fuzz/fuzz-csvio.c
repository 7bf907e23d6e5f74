/* fuzz-csvio: the CSV reader and writer (src/lib/csvio). The first input
 * byte picks the delimiter; the rest is the file. Invariants:
 * - the strict reader returns exactly the records of an RFC 4180 reader
 *   written here (LF, CRLF and a bare CR end a record; a quote opens only
 *   at the start of a field), and on malformed input a prefix of them
 *   followed by one error;
 * - in recover mode (cx-ingest) reading always ends, and on well-formed
 *   input gives the same records;
 * - record line numbers never decrease and stay within the file;
 * - what the writer writes reads back as the same fields. */
#include <config.h>

#include "csvio.h"
#include "fuzz.h"
#include "model.h"

/* Reads s with the library; records into rs, returns the number of
 * errors reported. */
static bool bare_cr; /* the input has a bare CR (defect csvr-cr) */

static size_t
lib_parse(const char *s, size_t n, char delim, bool recover, struct recs *rs)
{
    FILE *fp = fmemopen((void *)s, n, "r");
    FZ_CHECK(fp != NULL, "fmemopen failed");
    struct csvr r;
    csvr_init(&r, fp, "-", delim, recover);
    long lines = model_lines(s, n), prev = 0;
    size_t errors = 0;
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "",
                        r.rec_line >= 1 && r.rec_line <= lines &&
                            r.rec_line >= prev,
                        "record at line %ld (previous %ld, %ld lines)",
                        r.rec_line, prev, lines);
        prev = r.rec_line;
        if (rc < 0) {
            errors++;
            if (!recover)
                break;
            continue;
        }
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "",
                        r.rec_last_line >= r.rec_line &&
                            r.rec_last_line <= lines,
                        "record of lines %ld-%ld (%ld lines)", r.rec_line,
                        r.rec_last_line, lines);
        recs_add(rs, r.f, r.nf);
        FZ_CHECK(rs->n <= (size_t)n + 1, "more records than bytes");
    }
    if (!recover && errors)
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "", csvr_next(&r) == 0,
                        "strict reader goes on after an error");
    csvr_free(&r);
    fclose(fp);
    return errors;
}

static bool
same_rec(const struct rec *a, const struct rec *b)
{
    /* One empty field and no field are the same line of text. */
    bool ea = a->n == 0 || (a->n == 1 && !a->f[0][0]);
    bool eb = b->n == 0 || (b->n == 1 && !b->f[0][0]);
    if (ea || eb)
        return ea && eb;
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->f[i], b->f[i]) != 0)
            return false;
    return true;
}

static void
check_same(const struct recs *got, const struct recs *want, size_t n,
           const char *what)
{
    for (size_t i = 0; i < n; i++)
        FZ_CHECK(same_rec(&got->r[i], &want->r[i]),
                 "%s: record %zu differs (%zu fields, want %zu; first '%s', "
                 "want '%s')",
                 what, i + 1, got->r[i].n, want->r[i].n,
                 got->r[i].n ? got->r[i].f[0] : "",
                 want->r[i].n ? want->r[i].f[0] : "");
}

/* Writes the records as canonical CSV and reads them back. */
static void
check_writer(const struct recs *rs)
{
    /* A first field that starts with a BOM is written unquoted, and the
     * reader then takes it for the file's BOM. */
    if (rs->n && rs->r[0].n && strncmp(rs->r[0].f[0], "\xEF\xBB\xBF", 3) == 0 &&
        fz_known("writer-bom"))
        return;
    char *out = NULL;
    size_t outlen = 0;
    FILE *fp = open_memstream(&out, &outlen);
    struct csvw w;
    csvw_init(&w, fp, 10);
    for (size_t i = 0; i < rs->n; i++)
        csvw_row(&w, rs->r[i].f, rs->r[i].n);
    fclose(fp);
    struct recs back = {0};
    size_t errors = lib_parse(out, outlen, ',', false, &back);
    FZ_CHECK(errors == 0, "written CSV does not read back");
    FZ_CHECK(back.n == rs->n, "wrote %zu records, read back %zu", rs->n,
             back.n);
    check_same(&back, rs, rs->n, "written and read back");
    recs_free(&back);
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {',', ';', '\t', '|'};
    if (size < 2 || size > 8192)
        return 0;
    char delim = delims[data[0] & 3];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;

    struct recs want = {0}, strict = {0}, rec = {0};
    bare_cr = has_bare_cr(s, n);
    bool well_formed = model_parse(s, n, delim, &want);
    /* A record with a NUL byte is the first malformed one. */
    for (size_t i = 0; i < want.n; i++)
        if (want.r[i].nul) {
            well_formed = false;
            while (want.n > i) {
                want.n--;
                for (size_t k = 0; k < want.r[want.n].n; k++)
                    free(want.r[want.n].f[k]);
                free(want.r[want.n].f);
            }
            break;
        }
    bool nul_known = memchr(s, '\0', n) && fz_known("nul-byte");
    size_t serr = lib_parse(s, n, delim, false, &strict);
    size_t rerr = lib_parse(s, n, delim, true, &rec);
    if (nul_known) {
        /* Known defect: a NUL byte cuts a field short, silently. */
    } else if (well_formed) {
        FZ_CHECK(serr == 0 && rerr == 0,
                 "well-formed input gave %zu/%zu "
                 "errors",
                 serr, rerr);
        FZ_CHECK(strict.n == want.n && rec.n == want.n,
                 "%zu records, recover mode %zu, want %zu", strict.n, rec.n,
                 want.n);
        check_same(&strict, &want, want.n, "strict");
        check_same(&rec, &want, want.n, "recover");
    } else {
        FZ_CHECK(serr == 1, "malformed input: %zu errors in strict mode", serr);
        FZ_CHECK_UNLESS(bare_cr ? "csvr-cr" : "", rerr >= 1,
                        "malformed input: no error in recover mode");
        FZ_CHECK(strict.n <= want.n,
                 "malformed input: strict reader gave "
                 "%zu records before its error, reference %zu",
                 strict.n, want.n);
        check_same(&strict, &want, strict.n, "strict before the error");
    }
    bare_cr = false;
    check_writer(&strict);
    recs_free(&want);
    recs_free(&strict);
    recs_free(&rec);
    return 0;
}
