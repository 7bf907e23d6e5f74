/* fuzz-dialect: cx-ingest's dialect detection and lenient parsers
 * (src/lib/dialect). The first input byte picks what is given and what is
 * detected; the rest is an export. Invariants:
 * - utf8_valid agrees with a UTF-8 decoder written here, and feeding the
 *   bytes in pieces to utf8_feed gives the same answer;
 * - enc_to_utf8 always gives valid UTF-8, unchanged for ASCII;
 * - dsrc_open of a file gives back exactly its bytes, the encoding is
 *   UTF-8 exactly when the bytes are valid UTF-8, and the delimiter is the
 *   one sniff_delim finds on the first line that is not blank; or it dies
 *   with status 1 (gzip, zip, UTF-16);
 * - colname_norm gives only [a-z0-9];
 * - a time dtime_parse or dtime_strptime accepts is written by
 *   time_format in a form time_parse reads back to the same instant (what
 *   cx-ingest writes, every tool must read);
 * - dnum_parse gives a finite number. */
#include <config.h>

#include <math.h>
#include <unistd.h>

#include "cxtime.h"
#include "dialect.h"
#include "fuzz.h"

static char tmpdir[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);

static void
remove_tmpdir(void)
{
    char path[96];
    snprintf(path, sizeof path, "%s/in.csv", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fz_init();
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cxfuzzXXXXXX",
             t && *t && strlen(t) < 40 ? t : "/tmp");
    FZ_CHECK(mkdtemp(tmpdir) != NULL, "mkdtemp failed");
    atexit(remove_tmpdir);
    return 0;
}

/* UTF-8 by decoding each sequence: no overlong forms, no surrogates, at
 * most U+10FFFF. */
static bool
ref_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned long cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static void
check_time_written(const char *s, int64_t ms, bool donly, bool zulu)
{
    char buf[64];
    int64_t back;
    bool bd;
    if ((ms < days_from_civil(1, 1, 1) * MS_PER_DAY ||
         ms >= days_from_civil(10000, 1, 1) * MS_PER_DAY) &&
        fz_known("year-range"))
        return;
    time_format(ms, donly, zulu, buf, sizeof buf);
    FZ_CHECK(time_parse(buf, &back, &bd) && back == ms && bd == donly,
             "time '%s' is written '%s', which does not read back", s, buf);
}

static void
check_strings(const char *s, size_t n)
{
    char norm[256];
    colname_norm(s, norm, sizeof norm);
    for (const char *p = norm; *p; p++)
        FZ_CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'),
                 "colname_norm('%s') = '%s'", s, norm);
    (void)synonym_rank("client", norm);
    (void)synonym_rank("time", norm);

    int64_t ms;
    bool donly, zulu;
    if (dtime_parse(s, &ms, &donly, &zulu))
        check_time_written(s, ms, donly, zulu);
    static const char *fmts[] = {"%d-%m-%Y %H:%M", "%Y%m%d",
                                 "%d/%m/%Y %H:%M:%S %z", "%m/%d/%y"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (dtime_strptime(s, fmts[i], &ms, &donly, &zulu))
            check_time_written(s, ms, donly, zulu);

    double v;
    if (dnum_parse(s, &v))
        FZ_CHECK(isfinite(v), "dnum_parse('%s') = %g", s, v);

    const char *t = s;
    size_t tn = trim_span(&t);
    FZ_CHECK(t >= s && t + tn <= s + n, "trim_span out of range");
    if (tn)
        FZ_CHECK(t[0] != ' ' && t[0] != '\t' && t[tn - 1] != ' ' &&
                     t[tn - 1] != '\t',
                 "trim_span('%s') left a space", s);
}

static void
check_encodings(const char *s, size_t n, unsigned split)
{
    bool ref = ref_utf8((const unsigned char *)s, n);
    FZ_CHECK(utf8_valid(s, n) == ref, "utf8_valid = %d, reference %d", !ref,
             ref);
    struct utf8_state st = {0, 0x80, 0xBF};
    size_t at = n ? split % (n + 1) : 0;
    bool fed = utf8_feed(&st, (const unsigned char *)s, at) &&
               utf8_feed(&st, (const unsigned char *)s + at, n - at) &&
               utf8_finish(&st);
    FZ_CHECK(fed == ref, "utf8_feed in two pieces (at %zu) = %d, want %d", at,
             fed, ref);
    for (enum enc e = ENC_CP1252; e <= ENC_LATIN1; e++) {
        char *buf = NULL;
        size_t cap = 0, len = 0;
        size_t off = enc_to_utf8(e, s, n, &buf, &cap, &len);
        const char *u = buf + off;
        size_t ulen = strlen(u);
        FZ_CHECK(ref_utf8((const unsigned char *)u, ulen),
                 "enc_to_utf8(%s) gave invalid UTF-8", enc_name(e));
        bool ascii = true;
        for (size_t i = 0; i < n; i++)
            ascii &= (unsigned char)s[i] < 0x80 && s[i] != '\0';
        if (ascii)
            FZ_CHECK(ulen == n && memcmp(u, s, n) == 0,
                     "enc_to_utf8 changed ASCII");
        free(buf);
    }
}

static bool
blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

static void
check_source(const uint8_t *data, size_t size, unsigned flags)
{
    static const char delims[] = {'\0', ',', ';', '\t'};
    static const enum enc encs[] = {ENC_AUTO, ENC_AUTO, ENC_UTF8, ENC_CP1252};
    char path[96];
    snprintf(path, sizeof path, "%s/in.csv", tmpdir);
    FILE *fp = fopen(path, "w");
    FZ_CHECK(fp && fwrite(data, 1, size, fp) == size && fclose(fp) == 0,
             "cannot write %s", path);
    char delim = delims[flags & 3];
    enum enc enc = encs[(flags >> 2) & 3];

    struct dsrc src;
    enum enc got_enc = ENC_AUTO;
    char got_delim = '\0';
    char *got = NULL;
    size_t gotlen = 0;
    int died = FZ_TRY({
        dsrc_open(&src, path, enc, delim);
        FILE *m = open_memstream(&got, &gotlen);
        char block[4096];
        size_t k;
        while ((k = fread(block, 1, sizeof block, src.fp)) > 0)
            fwrite(block, 1, k, m);
        fclose(m);
        got_enc = src.enc;
        got_delim = src.delim;
        dsrc_close(&src);
    });
    if (died >= 0) {
        bool magic = (size >= 2 && data[0] == 0x1F && data[1] == 0x8B) ||
                     (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) ||
                     (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                                    (data[0] == 0xFE && data[1] == 0xFF)));
        FZ_CHECK(died == 1 && magic, "dsrc_open died with status %d", died);
        free(got);
        return;
    }
    FZ_CHECK(gotlen == size && memcmp(got, data, size) == 0,
             "dsrc gave %zu bytes back of %zu", gotlen, size);
    free(got);
    const char *s = (const char *)data;
    if (enc == ENC_AUTO)
        FZ_CHECK((got_enc == ENC_UTF8) == ref_utf8(data, size),
                 "detected encoding %s", enc_name(got_enc));
    else
        FZ_CHECK(got_enc == enc, "encoding %s given, %s used", enc_name(enc),
                 enc_name(got_enc));
    if (delim) {
        FZ_CHECK(got_delim == delim, "delimiter given, another used");
        return;
    }
    /* The first line (up to LF) that is not blank. */
    size_t i = 0;
    while (i < size) {
        const char *nl = memchr(s + i, '\n', size - i);
        size_t len = nl ? (size_t)(nl - (s + i)) + 1 : size - i;
        if (!blank(s + i, len)) {
            FZ_CHECK(got_delim == sniff_delim(s + i, len),
                     "sniffed delimiter '%c', not that of the first line",
                     got_delim);
            return;
        }
        i += len;
    }
    FZ_CHECK(got_delim == ',', "blank input: delimiter '%c'", got_delim);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 16384)
        return 0;
    unsigned flags = data[0];
    data++, size--;
    char *s = fz_cstr(data, size);
    size_t n = strlen(s);
    if (n < 200)
        check_strings(s, n);
    check_encodings((const char *)data, size, flags * 131u);
    check_source(data, size, flags);
    char d = sniff_delim((const char *)data, size);
    FZ_CHECK(d == ',' || d == ';' || d == '\t' || d == '|',
             "sniff_delim gave '%c'", d);
    free(s);
    return 0;
}
