/* dialect: encodings, delimiters, header synonyms, times and numbers of
 * exports that are not canonical CSV. */
#include <config.h>

#include "dialect.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cxtime.h"
#include "err.h"
#include "num.h"
#include "xalloc.h"

/* Encodings. */

bool
enc_parse(const char *s, enum enc *e)
{
    static const struct {
        const char *name;
        enum enc e;
    } names[] = {
        {"auto", ENC_AUTO},      {"utf-8", ENC_UTF8},
        {"utf8", ENC_UTF8},      {"windows-1252", ENC_CP1252},
        {"cp1252", ENC_CP1252},  {"latin1", ENC_LATIN1},
        {"latin-1", ENC_LATIN1}, {"iso-8859-1", ENC_LATIN1},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *e = names[i].e;
            return true;
        }
    return false;
}

const char *
enc_name(enum enc e)
{
    switch (e) {
    case ENC_UTF8:
        return "utf-8";
    case ENC_CP1252:
        return "windows-1252";
    case ENC_LATIN1:
        return "latin1";
    default:
        return "auto";
    }
}

bool
utf8_feed(struct utf8_state *st, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (st->need) {
            if (c < st->lo || c > st->hi)
                return false;
            st->need--;
            st->lo = 0x80;
            st->hi = 0xBF;
            continue;
        }
        if (c < 0x80)
            continue;
        st->lo = 0x80;
        st->hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            st->need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            st->need = 2;
            if (c == 0xE0)
                st->lo = 0xA0;
            else if (c == 0xED)
                st->hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            st->need = 3;
            if (c == 0xF0)
                st->lo = 0x90;
            else if (c == 0xF4)
                st->hi = 0x8F;
        } else {
            return false;
        }
    }
    return true;
}

bool
utf8_finish(const struct utf8_state *st)
{
    return st->need == 0;
}

bool
utf8_valid(const char *s, size_t n)
{
    struct utf8_state st = {0, 0x80, 0xBF};
    return utf8_feed(&st, (const unsigned char *)s, n) && utf8_finish(&st);
}

/* Windows-1252's 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

size_t
enc_to_utf8(enum enc e, const char *s, size_t n, char **buf, size_t *cap,
            size_t *len)
{
    size_t start = *len;
    XGROW(*buf, *cap, *len + 3 * n + 1);
    char *o = *buf + *len;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80 && c <= 0x9F && e == ENC_CP1252 && cp1252_hi[c - 0x80])
            c = cp1252_hi[c - 0x80];
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o++ = '\0';
    *len = (size_t)(o - *buf);
    return start;
}

/* Delimiters. */

char
sniff_delim(const char *line, size_t n)
{
    static const char cand[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    bool quoted = false;
    size_t i = 0;
    while (i < n && (line[i] == '\r' || line[i] == '\n'))
        i++;
    for (; i < n; i++) {
        if (line[i] == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        /* A bare CR ends a line too: the header is the first line only. */
        if (line[i] == '\r' || line[i] == '\n')
            break;
        for (int k = 0; k < 4; k++)
            if (line[i] == cand[k])
                count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (count[k] > count[best])
            best = k;
    return cand[best];
}

/* Input streams. */

/* Reads a first stream to its end, then a second one. */
struct chain {
    FILE *a, *b;
};

static ssize_t
chain_read(void *cookie, char *buf, size_t n)
{
    struct chain *ch = cookie;
    if (ch->a) {
        size_t k = fread(buf, 1, n, ch->a);
        if (k > 0)
            return (ssize_t)k;
        if (ferror(ch->a))
            return -1;
        ch->a = NULL;
    }
    size_t k = fread(buf, 1, n, ch->b);
    if (k == 0 && ferror(ch->b))
        return -1;
    return (ssize_t)k;
}

static int
chain_close(void *cookie)
{
    free(cookie);
    return 0;
}

static FILE *
chain_open(FILE *a, FILE *b)
{
    struct chain *ch = xmalloc(sizeof *ch);
    ch->a = a;
    ch->b = b;
    cookie_io_functions_t io = {chain_read, NULL, NULL, chain_close};
    FILE *fp = fopencookie(ch, "r", io);
    if (!fp)
        die(EXIT_DATA, "memory exhausted");
    return fp;
}

static FILE *
temp_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char *path = xmalloc(strlen(dir) + 32);
    sprintf(path, "%s/cx-ingest.XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        die(EXIT_DATA, "cannot create a temporary file in %s:", dir);
    unlink(path);
    free(path);
    FILE *fp = fdopen(fd, "w+");
    if (!fp)
        die(EXIT_DATA, "temporary file:");
    return fp;
}

/* Dies on inputs that are not text at all, naming what they are. */
static void
check_magic(const char *name, const unsigned char *b, size_t n)
{
    if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        die(EXIT_DATA,
            "%s: input is gzip-compressed; decompress it first "
            "(zcat FILE | %s ...)",
            name, prog_name);
    if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
        die(EXIT_DATA,
            "%s: input is a zip archive (a spreadsheet?); export "
            "it as CSV first",
            name);
    if (n >= 2 &&
        ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        die(EXIT_DATA,
            "%s: input is UTF-16; convert it first (iconv -f "
            "UTF-16 -t UTF-8)",
            name);
}

static bool
blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* The delimiter of the first non-blank line of fp (read from where it is). */
static char
sniff_stream(FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    char d = ',';
    while ((len = getline(&line, &cap, fp)) >= 0) {
        if (!blank_line(line, (size_t)len)) {
            d = sniff_delim(line, (size_t)len);
            break;
        }
    }
    free(line);
    return d;
}

#define BLOCK 65536

/* A pipe with encoding to detect: copy it until the question is settled. */
static void
open_pipe_auto(struct dsrc *s)
{
    unsigned char *block = xmalloc(BLOCK);
    struct utf8_state st = {0, 0x80, 0xBF};
    bool first = true, bad = false;
    size_t k;
    s->tmp = temp_file();
    while ((k = fread(block, 1, BLOCK, s->orig)) > 0) {
        if (first)
            check_magic(s->name, block, k);
        first = false;
        if (fwrite(block, 1, k, s->tmp) != k)
            die(EXIT_DATA, "temporary file: write error:");
        if (!utf8_feed(&st, block, k)) {
            bad = true;
            break;
        }
    }
    if (ferror(s->orig))
        die(EXIT_DATA, "%s: read error:", s->name);
    free(block);
    if (fflush(s->tmp) != 0)
        die(EXIT_DATA, "temporary file: write error:");
    rewind(s->tmp);
    s->enc = bad || !utf8_finish(&st) ? ENC_CP1252 : ENC_UTF8;
    s->enc_detected = true;
    s->fp = bad ? chain_open(s->tmp, s->orig) : s->tmp;
}

/* A pipe with a known encoding: read ahead only the header line. */
static void
open_pipe_known(struct dsrc *s, char *delim)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, s->orig)) >= 0) {
        if (s->prefixlen == 0)
            check_magic(s->name, (unsigned char *)line, (size_t)len);
        s->prefix = xrealloc(s->prefix, s->prefixlen + (size_t)len + 1);
        memcpy(s->prefix + s->prefixlen, line, (size_t)len);
        s->prefixlen += (size_t)len;
        if (!blank_line(line, (size_t)len)) {
            if (!*delim)
                *delim = sniff_delim(line, (size_t)len);
            break;
        }
    }
    free(line);
    if (ferror(s->orig))
        die(EXIT_DATA, "%s: read error:", s->name);
    FILE *pre = s->prefixlen ? fmemopen(s->prefix, s->prefixlen, "r") : NULL;
    s->tmp = pre;
    s->fp = pre ? chain_open(pre, s->orig) : s->orig;
}

static void
open_regular(struct dsrc *s)
{
    unsigned char *block = xmalloc(BLOCK);
    size_t k = fread(block, 1, BLOCK, s->orig);
    check_magic(s->name, block, k);
    if (s->enc == ENC_AUTO) {
        struct utf8_state st = {0, 0x80, 0xBF};
        bool ok = true;
        while (k > 0 && (ok = utf8_feed(&st, block, k)))
            k = fread(block, 1, BLOCK, s->orig);
        s->enc = ok && utf8_finish(&st) ? ENC_UTF8 : ENC_CP1252;
        s->enc_detected = true;
    }
    if (ferror(s->orig))
        die(EXIT_DATA, "%s: read error:", s->name);
    free(block);
    rewind(s->orig);
    s->fp = s->orig;
}

void
dsrc_open(struct dsrc *s, const char *name, enum enc e, char delim)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->enc = e;
    if (strcmp(name, "-") == 0) {
        s->orig = stdin;
    } else {
        s->orig = fopen(name, "r");
        if (!s->orig)
            die(EXIT_DATA, "%s:", name);
    }
    struct stat st;
    bool regular = fstat(fileno(s->orig), &st) == 0 && S_ISREG(st.st_mode) &&
                   fseeko(s->orig, 0, SEEK_SET) == 0;
    s->delim_detected = delim == '\0';
    if (regular) {
        open_regular(s);
        if (!delim) {
            delim = sniff_stream(s->fp);
            rewind(s->fp);
        }
    } else if (e == ENC_AUTO) {
        open_pipe_auto(s);
        if (!delim) {
            FILE *t = s->tmp;
            delim = sniff_stream(t);
            rewind(t);
        }
    } else {
        open_pipe_known(s, &delim);
        if (!delim)
            delim = ',';
    }
    s->delim = delim;
}

void
dsrc_close(struct dsrc *s)
{
    if (s->orig && ferror(s->orig))
        die(EXIT_DATA, "%s: read error", s->name);
    if (s->fp && s->fp != s->orig && s->fp != s->tmp)
        fclose(s->fp);
    if (s->tmp)
        fclose(s->tmp);
    if (s->orig && s->orig != stdin)
        fclose(s->orig);
    free(s->prefix);
    memset(s, 0, sizeof *s);
}

/* Header synonyms. */

void
colname_norm(const char *s, char *out, size_t size)
{
    /* U+00C0-U+00FF (UTF-8 C3 80-BF) folded; 0: dropped. */
    static const char fold[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0s"
                               "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (; *p && n + 1 < size; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            out[n++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = (char)c;
        else if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
            char f = fold[p[1] - 0x80];
            if (f)
                out[n++] = f;
            p++;
        }
    }
    out[n] = '\0';
}

#define CLIENT_SYNONYMS                                                        \
    "client", "clientid", "clientnummer", "clientnr", "patient", "patientid",  \
        "patientnummer", "patientnr", "caseid", "case", "casenumber",          \
        "caseconceptname"

static const char *const syn_client[] = {CLIENT_SYNONYMS, NULL};
static const char *const syn_respondent[] = {"respondent",       "respondentid",
                                             "respondentnummer", "respondentnr",
                                             CLIENT_SYNONYMS,    NULL};
static const char *const syn_time[] = {"time",
                                       "timestamp",
                                       "datetime",
                                       "datumtijd",
                                       "tijdstip",
                                       "datum",
                                       "date",
                                       "tijd",
                                       "completetimestamp",
                                       "timetimestamp",
                                       "datumingevuld",
                                       "ingevuldop",
                                       NULL};
static const char *const syn_activity[] = {
    "activity",    "activiteit", "activityname", "event",       "eventname",
    "gebeurtenis", "actie",      "handeling",    "verrichting", "conceptname",
    NULL};
static const char *const syn_unit[] = {
    "unit",    "afdeling", "team",    "department", "dept",
    "group",   "orggroup", "eenheid", "ward",       "specialisme",
    "locatie", "location", NULL};
static const char *const syn_staff[] = {
    "staff",      "medewerker", "zorgverlener", "hulpverlener", "behandelaar",
    "uitvoerder", "caregiver",  "employee",     "resource",     "orgresource",
    NULL};
static const char *const syn_item[] = {"item", "vraag", "question",
                                       "questionid", NULL};
static const char *const syn_score[] = {"score",  "antwoord", "answer",
                                        "rating", "cijfer",   "waardering",
                                        "value",  "waarde",   NULL};

const char *const *
synonyms(const char *canon)
{
    static const struct {
        const char *canon;
        const char *const *syn;
    } t[] = {
        {"client", syn_client}, {"respondent", syn_respondent},
        {"time", syn_time},     {"activity", syn_activity},
        {"unit", syn_unit},     {"staff", syn_staff},
        {"item", syn_item},     {"score", syn_score},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(canon, t[i].canon) == 0)
            return t[i].syn;
    return NULL;
}

int
synonym_rank(const char *canon, const char *norm)
{
    const char *const *syn = synonyms(canon);
    for (int i = 0; syn && syn[i]; i++)
        if (strcmp(syn[i], norm) == 0)
            return i;
    return -1;
}

/* Times. */

/* Reads min..max digits. */
static bool
ndigits(const char **p, int min, int max, int *out, int *count)
{
    int v = 0, n = 0;
    while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9') {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min)
        return false;
    *p += n;
    *out = v;
    if (count)
        *count = n;
    return true;
}

static bool
parse_date(const char **pp, int *y, int *m, int *d)
{
    const char *p = *pp;
    int a, n;
    if (!ndigits(&p, 1, 4, &a, &n) || n == 3)
        return false;
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    p++;
    int b, c;
    if (!ndigits(&p, 1, 2, &b, NULL) || *p++ != sep)
        return false;
    if (n == 4) {
        if (!ndigits(&p, 1, 2, &c, NULL))
            return false;
        *y = a, *m = b, *d = c;
    } else {
        int cn;
        if (!ndigits(&p, 4, 4, &c, &cn))
            return false;
        *y = c, *m = b, *d = a;
    }
    *pp = p;
    return true;
}

static bool
parse_zone(const char **pp, int64_t *off)
{
    const char *p = *pp;
    if (*p == 'Z') {
        *off = 0;
        *pp = p + 1;
        return true;
    }
    int sign = *p == '-' ? -1 : 1, h, m = 0;
    p++;
    if (!ndigits(&p, 2, 2, &h, NULL))
        return false;
    if (*p == ':') {
        p++;
        if (!ndigits(&p, 2, 2, &m, NULL))
            return false;
    } else if (*p >= '0' && *p <= '9') {
        if (!ndigits(&p, 2, 2, &m, NULL))
            return false;
    }
    if (h > 23 || m > 59)
        return false;
    *off = sign * (h * MS_PER_HOUR + m * MS_PER_MINUTE);
    *pp = p;
    return true;
}

bool
dtime_parse(const char *s, int64_t *ms, bool *date_only, bool *zulu)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, msec = 0;
    if (!parse_date(&p, &y, &mo, &d))
        return false;
    bool donly = *p == '\0', z = false;
    int64_t off = 0;
    if (!donly) {
        if (*p == 'T')
            p++;
        else if (*p == ' ')
            while (*p == ' ')
                p++;
        else
            return false;
        if (!ndigits(&p, 1, 2, &h, NULL) || *p++ != ':' ||
            !ndigits(&p, 2, 2, &mi, NULL))
            return false;
        if (*p == ':') {
            p++;
            if (!ndigits(&p, 2, 2, &sec, NULL))
                return false;
            if (*p == '.' || *p == ',') {
                p++;
                if (!time_parse_fraction(&p, &msec))
                    return false;
            }
        }
        while (*p == ' ')
            p++;
        if (*p == 'Z' || *p == '+' || *p == '-') {
            if (!parse_zone(&p, &off))
                return false;
            z = true;
        }
    }
    if (*p != '\0' || !time_from_parts(y, mo, d, h, mi, sec, msec, ms))
        return false;
    *ms -= off;
    *date_only = donly;
    *zulu = z;
    return true;
}

bool
dtime_strptime(const char *s, const char *fmt, int64_t *ms, bool *date_only,
               bool *zulu)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, fmt, &tm);
    if (!end || *end != '\0')
        return false;
    if (!time_from_parts(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                         tm.tm_hour, tm.tm_min, tm.tm_sec, 0, ms))
        return false;
    bool has_time = false, has_zone = false;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1])
            continue;
        p++;
        if (*p == 'E' || *p == 'O')
            p++;
        if (*p && strchr("HIMSTRcrs", *p))
            has_time = true;
        if (*p == 'z')
            has_time = has_zone = true;
    }
    if (has_zone)
        *ms -= (int64_t)tm.tm_gmtoff * 1000;
    *date_only = !has_time;
    *zulu = has_zone;
    return true;
}

/* Numbers. */

bool
dnum_parse(const char *s, double *v)
{
    char buf[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n + 1);
    char *comma = strchr(buf, ',');
    if (comma) {
        if (strchr(comma + 1, ',') || strchr(buf, '.'))
            return false;
        *comma = '.';
    }
    return num_parse(buf, v);
}

size_t
trim_span(const char **s)
{
    const char *b = *s, *e = b + strlen(b);
    for (;;) {
        if (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')
            b++;
        else if ((unsigned char)b[0] == 0xC2 && (unsigned char)b[1] == 0xA0)
            b += 2;
        else
            break;
    }
    for (;;) {
        if (e > b &&
            (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            e--;
        else if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 &&
                 (unsigned char)e[-1] == 0xA0)
            e -= 2;
        else
            break;
    }
    *s = b;
    return (size_t)(e - b);
}
