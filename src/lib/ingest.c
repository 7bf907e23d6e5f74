/* ingest: column resolution, record conversion, rejects and the report of
 * cx-ingest. */
#include <config.h>

#include "ingest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "pseudo.h"
#include "strmap.h"
#include "tmpname.h"
#include "tz.h"
#include "xalloc.h"

enum { NCANON = 5, SHOW_REJECTS = 10 };

static const char *const events_cols[NCANON] = {"client", "time", "activity",
                                                "unit", "staff"};
static const char *const responses_cols[NCANON] = {"respondent", "unit", "time",
                                                   "item", "score"};

struct ingest {
    const struct ingest_opts *o;
    const char *const *canon;
    long col[NCANON]; /* input column of each canonical one, or -1 */
    long tod;         /* --time-of-day column, or -1 */
    char *also[NCANON];
    size_t *keep, nkeep;
    size_t *items, nitems;
    struct csvhdr hdr; /* the first file's header, as UTF-8 */
    struct strmap labels, na;
    double *label_score;
    FILE *out, *rej;
    struct outf *rejf; /* --rejects, committed even on status 1 */
    struct csvw w, rw;
    bool multi; /* several operands: the rejects file gets a file column */
    long long nread, nwritten, nrejected, nblank, nresponses, nempty;
    long long tz_local, tz_ambiguous, tz_gap, tz_kept; /* --tz */
    long long npadded, ncomma, nna_table; /* --pad-short; table schema */
    long long nbreaks; /* written fields whose line breaks became spaces */
    char *shown[SHOW_REJECTS];
    size_t nshown;
    char **notes;
    size_t nnotes;

    /* Per record: decoded fields, trimmed canonical values, scores. */
    char *dec;
    size_t deccap, declen;
    size_t *decoff;
    size_t decoffcap;
    char **fv;
    size_t fvcap;
    char *tv;
    size_t tvcap;
    const char *v[NCANON];
    double *scores; /* --wide: one per item column */
    int *has;
    const char *first_name;
    char tbuf[48];
    char *joined; /* date and --time-of-day, any length */
    size_t joinedcap;
    char *lower; /* lowered(), any length: long labels never collide */
    size_t lowercap;
    char reason[512];
    /* --pseudonymize: the key, and which columns carry identifiers. */
    struct pseudo *ps;
    bool pseudo_canon[NCANON];
    char pv[NCANON][PSEUDO_LEN + 1];
    bool *pseudo_in; /* per input column */
    bool tz_local_now; /* the time just read was a local one (--tz) */
};

static const char *const *
schema_cols(enum schema s)
{
    return s == SCHEMA_EVENTS ? events_cols : responses_cols;
}

static int
canon_index(const char *const *canon, const char *name)
{
    for (int i = 0; i < NCANON; i++)
        if (strcmp(canon[i], name) == 0)
            return i;
    return -1;
}

static bool
canon_required(const struct ingest_opts *o, const char *name)
{
    if (strcmp(name, "unit") == 0 || strcmp(name, "staff") == 0)
        return false;
    return !(o->wide &&
             (strcmp(name, "item") == 0 || strcmp(name, "score") == 0));
}

/* The options that need canonical columns, refused with --schema table. */
static void
validate_table(const struct ingest_opts *o)
{
    const char *opt = o->nmap          ? "--map"
                      : o->nkeep       ? "--keep"
                      : o->keep_all    ? "--keep-all"
                      : o->ndatefmts   ? "--date-format"
                      : o->time_of_day ? "--time-of-day"
                      : o->tz          ? "--tz"
                      : o->wide        ? "--wide"
                      : o->nitems      ? "--items"
                      : o->labels      ? "--labels"
                      : o->scale       ? "--scale"
                                       : NULL;
    if (opt)
        usage_error("%s does not apply to --schema table, which keeps every "
                    "column as it is",
                    opt);
}

void
ingest_validate(const struct ingest_opts *o)
{
    if (o->schema == SCHEMA_TABLE) {
        validate_table(o);
        return;
    }
    const char *const *canon = schema_cols(o->schema);
    const char *resp_only = o->wide     ? "--wide"
                            : o->nitems ? "--items"
                            : o->labels ? "--labels"
                            : o->nna    ? "--na"
                            : o->scale  ? "--scale"
                                        : NULL;
    if (o->schema == SCHEMA_EVENTS && resp_only)
        usage_error("%s needs --schema responses%s", resp_only,
                    strcmp(resp_only, "--na") == 0 ? " or table" : "");
    if (o->nitems && !o->wide)
        usage_error("--items needs --wide");
    for (size_t i = 0; i < o->nmap; i++) {
        const char *k = o->map_keys[i];
        if (canon_index(canon, k) < 0)
            usage_error("invalid --map '%s=%s': '%s' is not a column of the "
                        "%s schema (%s, %s, %s, %s, %s)",
                        k, o->map_vals[i], k,
                        o->schema == SCHEMA_EVENTS ? "events" : "responses",
                        canon[0], canon[1], canon[2], canon[3], canon[4]);
        if (o->wide && (strcmp(k, "item") == 0 || strcmp(k, "score") == 0))
            usage_error("invalid --map '%s=%s': with --wide, items and "
                        "scores come from the question columns",
                        k, o->map_vals[i]);
        if (!o->map_vals[i][0] && canon_required(o, k))
            usage_error("invalid --map '%s=': %s is required", k, k);
    }
    if (o->pseudo_cols && !o->pseudonymize)
        usage_error("--pseudonymize-cols needs --pseudonymize");
    for (size_t i = 0; i < o->npseudo_cols; i++) {
        const char *k = o->pseudo_cols[i];
        if (strcmp(k, "time") == 0 || strcmp(k, "score") == 0 ||
            (o->wide && strcmp(k, "item") == 0))
            usage_error("invalid --pseudonymize-cols: '%s' is read by cxkit, "
                        "it cannot be pseudonymised",
                        k);
    }
}

/* Labels and "no answer" values: matched trimmed and ASCII-lowercased. */

static const char *
lowered(struct ingest *g, const char *s)
{
    size_t n = 0;
    XGROW(g->lower, g->lowercap, strlen(s) + 1);
    for (; *s; s++)
        g->lower[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
    g->lower[n] = '\0';
    return g->lower;
}

static void
load_labels(struct ingest *g, const char *path)
{
    struct dsrc src;
    struct csvr r;
    dsrc_open(&src, path, ENC_AUTO, '\0');
    csvr_init(&r, src.fp, path, src.delim, false);
    char *buf = NULL;
    size_t cap = 0, len = 0, cnt = 0;
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        if (rc < 0)
            die_at(path, r.rec_line, "%s", r.errmsg);
        if (r.nf == 0)
            continue;
        if (r.nf != 2)
            die_at(path, r.rec_line, "%zu fields, expected 2 (label,score)",
                   r.nf);
        len = 0;
        const char *lab = r.f[0], *sc = r.f[1];
        if (src.enc != ENC_UTF8) {
            size_t a =
                enc_to_utf8(src.enc, r.f[0], strlen(r.f[0]), &buf, &cap, &len);
            size_t b =
                enc_to_utf8(src.enc, r.f[1], strlen(r.f[1]), &buf, &cap, &len);
            lab = buf + a, sc = buf + b;
        }
        size_t ln = trim_span(&lab), sn = trim_span(&sc);
        char *l = xstrndup(lab, ln), *s = xstrndup(sc, sn);
        double v;
        if (!dnum_parse(s, &v)) {
            if (cnt == 0 && r.rec_line == 1) { /* a header line */
                free(l), free(s);
                cnt++;
                continue;
            }
            die_at(path, r.rec_line, "bad score '%s' for label '%s'", s, l);
        }
        bool added;
        const char *key = lowered(g, l);
        size_t id = strmap_intern(&g->labels, key, strlen(key), &added);
        if (!added)
            die_at(path, r.rec_line, "label '%s' given twice", l);
        g->label_score = xreallocarray(g->label_score, id + 1, sizeof(double));
        g->label_score[id] = v;
        free(l), free(s);
        cnt++;
    }
    free(buf);
    csvr_free(&r);
    dsrc_close(&src);
}

/* Records: decoding, trimming, parsing. */

/* The record's fields as UTF-8 in g->fv. Returns the first field that was
 * not valid UTF-8 (checked when check is set), or -1. */
static long
decode(struct ingest *g, char **f, size_t nf, enum enc enc, bool check)
{
    XGROW(g->fv, g->fvcap, nf + 1);
    XGROW(g->decoff, g->decoffcap, nf + 1);
    g->declen = 0;
    long bad = -1;
    for (size_t i = 0; i < nf; i++) {
        bool conv = enc != ENC_UTF8;
        if (!conv && check && !utf8_valid(f[i], strlen(f[i]))) {
            if (bad < 0)
                bad = (long)i;
            conv = true;
        }
        g->decoff[i] = (size_t)-1;
        if (conv)
            g->decoff[i] =
                enc_to_utf8(enc == ENC_UTF8 ? ENC_CP1252 : enc, f[i],
                            strlen(f[i]), &g->dec, &g->deccap, &g->declen);
    }
    for (size_t i = 0; i < nf; i++)
        g->fv[i] = g->decoff[i] == (size_t)-1 ? f[i] : g->dec + g->decoff[i];
    return bad;
}

/* Trimmed copies of the canonical values into g->v (empty when unmapped). */
static void
canon_values(struct ingest *g, char **f)
{
    size_t need = 1, off[NCANON];
    for (int c = 0; c < NCANON; c++)
        if (g->col[c] >= 0)
            need += strlen(f[g->col[c]]) + 1;
    XGROW(g->tv, g->tvcap, need + NCANON);
    size_t len = 0;
    for (int c = 0; c < NCANON; c++) {
        off[c] = len;
        if (g->col[c] >= 0) {
            const char *s = f[g->col[c]];
            size_t n = trim_span(&s);
            memcpy(g->tv + len, s, n);
            len += n;
        }
        g->tv[len++] = '\0';
    }
    for (int c = 0; c < NCANON; c++)
        g->v[c] = g->tv + off[c];
    if (g->ps) /* copied: a pseudonym lasts until the next one is made */
        for (int c = 0; c < NCANON; c++)
            if (g->pseudo_canon[c]) {
                strcpy(g->pv[c], pseudo_of(g->ps, g->v[c], strlen(g->v[c])));
                g->v[c] = g->pv[c];
            }
}

/* Field i of a record as written to the output or the rejects: trimmed and
 * pseudonymised when it is an identifier column. */
static const char *
field_out(struct ingest *g, char **f, size_t i)
{
    if (!g->ps || !g->pseudo_in[i])
        return f[i];
    const char *s = f[i];
    size_t n = trim_span(&s);
    return pseudo_of(g->ps, s, n);
}

/* Canonical CSV holds one record per physical line: each line break (CR,
 * LF or CRLF) inside a field becomes one space, in place. Returns how many
 * of the fields that are written out (canonical columns, --time-of-day,
 * kept columns) held one. */
static size_t
join_breaks(const struct ingest *g, char **f, size_t nf)
{
    size_t changed = 0;
    for (size_t i = 0; i < nf; i++) {
        char *s = f[i];
        if (!strpbrk(s, "\r\n"))
            continue;
        char *d = s;
        for (; *s; s++) {
            if (*s == '\r' && s[1] == '\n')
                s++;
            *d++ = (*s == '\r' || *s == '\n') ? ' ' : *s;
        }
        *d = '\0';
        bool out = g->tod == (long)i;
        for (int c = 0; !out && c < NCANON; c++)
            out = g->col[c] == (long)i;
        for (size_t k = 0; !out && k < g->nkeep; k++)
            out = g->keep[k] == i;
        changed += out;
    }
    return changed;
}

static const char *
colname(const struct ingest *g, size_t i)
{
    return g->hdr.names[i];
}

/* "+01:00" for an offset in seconds. */
static void
offset_text(long off, char *buf, size_t size)
{
    long a = off < 0 ? -off : off;
    snprintf(buf, size, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600,
             a / 60 % 60);
}

/* --tz: local wall-clock time *ms (as read from s) to UTC; false with
 * g->reason set for a time in a spring-forward gap, or one that happens
 * twice with --tz-ambiguous reject. */
static bool
local_to_utc(struct ingest *g, const char *s, int64_t *ms)
{
    struct tz z = {g->o->tz};
    int64_t u = 0;
    long before, after;
    char ob[40], oa[40];
    enum tz_result r =
        tz_to_utc(&z, *ms, (enum tz_fold)g->o->tz_fold, &u, &before, &after);
    offset_text(before, ob, sizeof ob);
    offset_text(after, oa, sizeof oa);
    g->tz_local_now = true;
    if (r == TZ_GAP) {
        g->tz_gap++;
        snprintf(g->reason, sizeof g->reason,
                 "local time '%.100s' does not exist in %.100s: the clocks "
                 "went forward from UTC%s to UTC%s",
                 s, g->o->tz, ob, oa);
        return false;
    }
    if (r == TZ_AMBIGUOUS) {
        if (g->o->tz_fold == TZ_FOLD_REJECT) {
            g->tz_ambiguous++;
            snprintf(g->reason, sizeof g->reason,
                     "local time '%.100s' happens twice in %.100s (UTC%s, "
                     "then UTC%s): --tz-ambiguous first or second chooses",
                     s, g->o->tz, ob, oa);
            return false;
        }
        g->tz_ambiguous++;
    }
    if (!time_in_range(u)) {
        snprintf(g->reason, sizeof g->reason,
                 "local time '%.100s' in %.100s is outside years 1 to 9999 "
                 "in UTC",
                 s, g->o->tz);
        return false;
    }
    g->tz_local++;
    *ms = u;
    return true;
}

/* --tz: what became of the times, on stderr. */
static void
tz_report(const struct ingest *g)
{
    char amb[160];
    if (g->o->tz_fold == TZ_FOLD_REJECT)
        snprintf(amb, sizeof amb,
                 "%lld in the hour that happens twice rejected",
                 g->tz_ambiguous);
    else
        snprintf(amb, sizeof amb,
                 "%lld of them in the hour that happens twice (the %s "
                 "occurrence taken)",
                 g->tz_ambiguous,
                 g->o->tz_fold == TZ_FOLD_FIRST ? "first" : "second");
    warn("--tz %s: %lld local time%s converted to UTC, %s; %lld in the "
         "spring-forward gap rejected; %lld with an offset of their own kept",
         g->o->tz, g->tz_local, g->tz_local == 1 ? "" : "s", amb, g->tz_gap,
         g->tz_kept);
}

/* The time in canonical form in g->tbuf; false with g->reason set. With
 * --time-of-day, the date and the time of day are joined by a space. */
static bool
convert_time(struct ingest *g, int c, char **f)
{
    const char *s = g->v[c];
    if (!*s) {
        snprintf(g->reason, sizeof g->reason, "empty time");
        return false;
    }
    if (g->tod >= 0) {
        const char *t = f[g->tod];
        size_t n = trim_span(&t);
        if (n) {
            size_t len = strlen(s);
            XGROW(g->joined, g->joinedcap, len + n + 2);
            memcpy(g->joined, s, len);
            g->joined[len] = ' ';
            memcpy(g->joined + len + 1, t, n);
            g->joined[len + 1 + n] = '\0';
            s = g->joined;
        }
    }
    int64_t ms;
    bool donly, zulu, ok = false;
    g->tz_local_now = false;
    if (g->o->ndatefmts) {
        for (size_t i = 0; i < g->o->ndatefmts && !ok; i++)
            ok = dtime_strptime(s, g->o->datefmts[i], &ms, &donly, &zulu);
    } else {
        ok = dtime_parse(s, &ms, &donly, &zulu);
    }
    if (!ok && g->tod >= 0) {
        snprintf(g->reason, sizeof g->reason,
                 "bad time '%.100s' in columns '%.100s' and '%.100s'", s,
                 colname(g, (size_t)g->col[c]), colname(g, (size_t)g->tod));
        return false;
    }
    if (!ok) {
        snprintf(g->reason, sizeof g->reason,
                 "bad time '%.100s' in column "
                 "'%.100s'",
                 s, colname(g, (size_t)g->col[c]));
        return false;
    }
    if (g->o->tz && !donly && !zulu && !local_to_utc(g, s, &ms))
        return false;
    if (g->o->tz && !donly && !g->tz_local_now)
        g->tz_kept++;
    zulu = zulu || (g->o->tz && !donly);
    /* An offset can push a time across year 1 or 9999 (9999-12-31T23:00
     * -05:00); the canonical form, which every tool reads, has four-digit
     * years. */
    if (!time_in_range(ms)) {
        snprintf(g->reason, sizeof g->reason,
                 "time '%.100s' in column '%.100s' is outside the years 1 to "
                 "9999 in UTC",
                 s, colname(g, (size_t)g->col[c]));
        return false;
    }
    time_format(ms, donly, zulu, g->tbuf, sizeof g->tbuf);
    return true;
}

/* A score: 1 with *v, 0 for no answer, -1 with g->reason set. */
static int
convert_score(struct ingest *g, const char *s, const char *column, double *v)
{
    if (!*s)
        return 0;
    const char *key = lowered(g, s);
    if (g->na.n && strmap_find(&g->na, key) != (size_t)-1)
        return 0;
    size_t id = g->labels.n ? strmap_find(&g->labels, key) : (size_t)-1;
    if (id != (size_t)-1) {
        *v = g->label_score[id];
    } else if (!dnum_parse(s, v)) {
        snprintf(g->reason, sizeof g->reason,
                 "bad score '%.100s' in column '%.100s'", s, column);
        return -1;
    }
    if (g->o->scale && (*v < g->o->scale_lo || *v > g->o->scale_hi)) {
        snprintf(g->reason, sizeof g->reason,
                 "score '%.100s' outside --scale %s", s, g->o->scale);
        return -1;
    }
    return 1;
}

static bool
require(struct ingest *g, int c)
{
    if (*g->v[c])
        return true;
    snprintf(g->reason, sizeof g->reason, "empty %s", g->canon[c]);
    return false;
}

/* --schema table: every field trimmed; a "no answer" value (--na, "NA"
 * by default) written empty; a number with a decimal comma (0,75 or
 * -1,5e3, as cx-ingest reads scores) written with a point. */
static bool
do_table(struct ingest *g, char **f)
{
    for (size_t i = 0; i < g->hdr.n; i++) {
        const char *s = f[i];
        size_t n = trim_span(&s);
        char buf[64];
        double v;
        if (n < sizeof buf) {
            memcpy(buf, s, n);
            buf[n] = '\0';
            if (n && g->na.n &&
                strmap_find(&g->na, lowered(g, buf)) != (size_t)-1) {
                g->nna_table++;
                csvw_empty(&g->w);
                continue;
            }
            char *comma = strchr(buf, ',');
            if (comma && dnum_parse(buf, &v)) {
                *comma = '.';
                g->ncomma++;
                csvw_str(&g->w, buf);
                continue;
            }
        }
        csvw_strn(&g->w, s, n);
    }
    return true;
}

static void
write_keeps(struct ingest *g, char **f)
{
    for (size_t i = 0; i < g->nkeep; i++)
        csvw_str(&g->w, field_out(g, f, g->keep[i]));
    csvw_end(&g->w);
}

static bool
do_event(struct ingest *g, char **f)
{
    /* client, time, activity, unit, staff */
    if (!require(g, 0) || !convert_time(g, 1, f) || !require(g, 2))
        return false;
    csvw_str(&g->w, g->v[0]);
    csvw_str(&g->w, g->tbuf);
    csvw_str(&g->w, g->v[2]);
    csvw_str(&g->w, g->v[3]);
    csvw_str(&g->w, g->v[4]);
    write_keeps(g, f);
    return true;
}

static void
write_response(struct ingest *g, char **f, const char *item, int has,
               double score)
{
    csvw_str(&g->w, g->v[0]);
    csvw_str(&g->w, g->v[1]);
    csvw_str(&g->w, g->tbuf);
    csvw_str(&g->w, item);
    if (has > 0)
        csvw_num(&g->w, score);
    else
        csvw_empty(&g->w);
    if (has == 0)
        g->nempty++;
    write_keeps(g, f);
    g->nresponses++;
}

static bool
do_response(struct ingest *g, char **f)
{
    /* respondent, unit, time, item, score */
    if (!require(g, 0) || !convert_time(g, 2, f))
        return false;
    if (!g->o->wide) {
        double v = 0;
        int has;
        if (!require(g, 3))
            return false;
        has = g->col[4] >= 0
                  ? convert_score(g, g->v[4], colname(g, (size_t)g->col[4]), &v)
                  : 0;
        if (has < 0)
            return false;
        write_response(g, f, g->v[3], has, v);
        return true;
    }
    int *has = g->has;
    double *sc = g->scores;
    bool ok = true;
    for (size_t j = 0; j < g->nitems && ok; j++) {
        const char *s = f[g->items[j]];
        size_t n = trim_span(&s);
        char *cell = xstrndup(s, n);
        has[j] = convert_score(g, cell, colname(g, g->items[j]), &sc[j]);
        ok = has[j] >= 0;
        free(cell);
    }
    if (ok)
        for (size_t j = 0; j < g->nitems; j++)
            write_response(g, f, colname(g, g->items[j]), has[j], sc[j]);
    return ok;
}

/* Rejects. */

static void
remember(struct ingest *g, const char *file, long line, const char *reason)
{
    if (g->o->quiet || g->nshown >= SHOW_REJECTS)
        return;
    size_t n = strlen(file) + strlen(reason) + 32;
    char *s = xmalloc(n);
    snprintf(s, n, "%s:%ld: %s", file, line, reason);
    g->shown[g->nshown++] = s;
}

static void
reject_start(struct ingest *g, const char *file, long line, const char *reason)
{
    g->nrejected++;
    remember(g, file, line, reason);
    if (!g->rej)
        return;
    if (g->multi)
        csvw_str(&g->rw, file);
    csvw_int(&g->rw, line);
    csvw_str(&g->rw, reason);
}

static void
reject_fields(struct ingest *g, const char *file, long line, char **f,
              size_t nf)
{
    reject_start(g, file, line, g->reason);
    if (!g->rej)
        return;
    /* Pseudonymised, a record with the wrong number of fields may hold an
     * identifier anywhere: its fields are withheld. */
    bool withhold = g->ps && nf != g->hdr.n;
    for (size_t i = 0; i < nf && !withhold; i++)
        csvw_str(&g->rw, field_out(g, f, i));
    for (size_t i = 0; withhold && i < g->hdr.n; i++)
        csvw_empty(&g->rw);
    csvw_end(&g->rw);
}

static void
reject_raw(struct ingest *g, const char *file, struct csvr *r, enum enc enc)
{
    reject_start(g, file, r->rec_line, r->errmsg);
    if (!g->rej)
        return;
    if (g->ps) { /* unreadable: an identifier could be anywhere in it */
        for (size_t i = 0; i < g->hdr.n; i++)
            csvw_empty(&g->rw);
        csvw_end(&g->rw);
        return;
    }
    size_t len;
    const char *raw = csvr_raw(r, &len);
    if (len && raw[len - 1] == '\n')
        len--;
    if (len && raw[len - 1] == '\r')
        len--;
    /* A NUL byte is written as the two characters \0, so that the rejects
     * file stays text every cxkit reader reads. */
    char *clean = NULL;
    if (memchr(raw, '\0', len)) {
        clean = xmalloc(2 * len + 1);
        size_t k = 0;
        for (size_t i = 0; i < len; i++) {
            if (raw[i] == '\0') {
                clean[k++] = '\\';
                clean[k++] = '0';
            } else {
                clean[k++] = raw[i];
            }
        }
        raw = clean;
        len = k;
    }
    g->declen = 0;
    if (enc == ENC_UTF8 && utf8_valid(raw, len)) {
        csvw_strn(&g->rw, raw, len);
    } else {
        size_t at = enc_to_utf8(enc == ENC_UTF8 ? ENC_CP1252 : enc, raw, len,
                                &g->dec, &g->deccap, &g->declen);
        csvw_str(&g->rw, g->dec + at);
    }
    csvw_end(&g->rw);
    free(clean);
}

/* Column mapping, from the first file's header. */

static void note(struct ingest *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct ingest *g, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    g->notes = xreallocarray(g->notes, g->nnotes + 1, sizeof(char *));
    g->notes[g->nnotes++] = xstrdup(buf);
}

static void
missing_column(const struct csvhdr *h, const char *canon, const char *why)
{
    char *list = csvhdr_list(h);
    die(EXIT_USAGE, "%s '%s' (columns present: %s)", why, canon, list);
}

static size_t
column_named(const struct csvhdr *h, const char *name)
{
    long i = csvhdr_find(h, name);
    if (i < 0)
        missing_column(h, name, "missing column");
    return (size_t)i;
}

/* Appends ", 'name'" to a growing list. */
static char *
list_add(char *list, const char *name)
{
    size_t n = list ? strlen(list) : 0;
    list = xrealloc(list, n + strlen(name) + 5);
    sprintf(list + n, "%s'%s'", n ? ", " : "", name);
    return list;
}

static void
map_synonyms(struct ingest *g, bool *taken)
{
    char norm[256];
    int *rank = xcalloc(g->hdr.n + 1, sizeof *rank);
    for (int c = 0; c < NCANON; c++) {
        if (g->col[c] != -1)
            continue; /* mapped, or explicitly left empty (-2) */
        if (g->o->wide && (c == 3 || c == 4))
            continue;
        int best = -1;
        for (size_t i = 0; i < g->hdr.n; i++) {
            colname_norm(g->hdr.names[i], norm, sizeof norm);
            rank[i] = taken[i] ? -1 : synonym_rank(g->canon[c], norm);
            if (rank[i] >= 0 && (best < 0 || rank[i] < rank[best]))
                best = (int)i;
        }
        if (best < 0)
            continue;
        for (size_t i = 0; i < g->hdr.n; i++)
            if ((int)i != best &&
                strcmp(g->hdr.names[i], g->hdr.names[best]) == 0)
                die(EXIT_DATA,
                    "column '%s' appears twice in the header (columns %d "
                    "and %zu); rename one",
                    g->hdr.names[best], best + 1, i + 1);
        g->col[c] = best;
        taken[best] = true;
        for (size_t i = 0; i < g->hdr.n; i++)
            if (rank[i] >= 0 && (int)i != best)
                g->also[c] = list_add(g->also[c], g->hdr.names[i]);
    }
    free(rank);
}

static void
setup_columns(struct ingest *g)
{
    const struct ingest_opts *o = g->o;
    bool *taken = xcalloc(g->hdr.n + 1, sizeof *taken);
    for (int c = 0; c < NCANON; c++)
        g->col[c] = -1;
    for (size_t i = 0; i < o->nmap; i++) {
        int c = canon_index(g->canon, o->map_keys[i]);
        if (!o->map_vals[i][0]) {
            g->col[c] = -2;
            continue;
        }
        size_t k = column_named(&g->hdr, o->map_vals[i]);
        g->col[c] = (long)k;
        taken[k] = true;
    }
    g->tod = -1;
    if (o->time_of_day) {
        g->tod = (long)column_named(&g->hdr, o->time_of_day);
        taken[g->tod] = true;
    }
    map_synonyms(g, taken);
    for (int c = 0; c < NCANON; c++) {
        if (g->col[c] == -2)
            g->col[c] = -1;
        if (g->col[c] < 0 && canon_required(o, g->canon[c]))
            missing_column(&g->hdr, g->canon[c], "no column found for");
    }
    for (size_t i = 0; i < o->nkeep; i++) {
        g->keep = xreallocarray(g->keep, g->nkeep + 1, sizeof(size_t));
        g->keep[g->nkeep++] = column_named(&g->hdr, o->keep[i]);
    }
    for (size_t i = 0; i < g->nkeep; i++)
        taken[g->keep[i]] = true;
    if (o->wide) {
        for (size_t i = 0; i < o->nitems; i++) {
            g->items = xreallocarray(g->items, g->nitems + 1, sizeof(size_t));
            g->items[g->nitems++] = column_named(&g->hdr, o->items[i]);
        }
        for (size_t i = 0; !o->nitems && i < g->hdr.n; i++)
            if (!taken[i] && g->hdr.names[i][0]) {
                g->items =
                    xreallocarray(g->items, g->nitems + 1, sizeof(size_t));
                g->items[g->nitems++] = i;
                taken[i] = true;
            }
        if (g->nitems == 0)
            missing_column(&g->hdr, "item", "--wide: no question column for");
        g->scores = xcalloc(g->nitems, sizeof *g->scores);
        g->has = xcalloc(g->nitems, sizeof *g->has);
    }
    if (o->keep_all)
        for (size_t i = 0; i < g->hdr.n; i++)
            if (!taken[i]) {
                g->keep = xreallocarray(g->keep, g->nkeep + 1, sizeof(size_t));
                g->keep[g->nkeep++] = i;
            }
    free(taken);
}

static void
note_columns(struct ingest *g)
{
    for (int c = 0; c < NCANON; c++) {
        if (g->o->wide && (c == 3 || c == 4))
            continue;
        if (g->col[c] < 0)
            note(g, "%s <- (none)", g->canon[c]);
        else if (g->also[c])
            note(g, "%s <- '%s' (also matching: %s)", g->canon[c],
                 g->hdr.names[g->col[c]], g->also[c]);
        else
            note(g, "%s <- '%s'", g->canon[c], g->hdr.names[g->col[c]]);
    }
    if (g->tod >= 0)
        note(g, "time of day <- '%s'", g->hdr.names[g->tod]);
    char *list = NULL;
    if (g->o->wide) {
        for (size_t j = 0; j < g->nitems; j++)
            list = list_add(list, g->hdr.names[g->items[j]]);
        note(g, "item, score <- %zu column%s: %s", g->nitems,
             g->nitems == 1 ? "" : "s", list);
        free(list);
        list = NULL;
    }
    for (size_t i = 0; i < g->nkeep; i++)
        list = list_add(list, g->hdr.names[g->keep[i]]);
    if (list)
        note(g, "kept: %s", list);
    free(list);
}

/* --pseudonymize: the identifier columns among the canonical and the kept
 * ones, and the input columns they come from (an input column kept as well
 * as mapped is pseudonymised in both places). */
static void
setup_pseudo(struct ingest *g)
{
    const struct ingest_opts *o = g->o;
    g->pseudo_in = xcalloc(g->hdr.n + 1, sizeof *g->pseudo_in);
    static const char *const dflt_events[] = {"client", "staff"};
    static const char *const dflt_responses[] = {"respondent"};
    const char *const *names = (const char *const *)o->pseudo_cols;
    size_t n = o->npseudo_cols;
    if (!names) {
        names = o->schema == SCHEMA_EVENTS ? dflt_events : dflt_responses;
        n = o->schema == SCHEMA_EVENTS ? 2 : 1;
    }
    for (size_t j = 0; j < n; j++) {
        int c = canon_index(g->canon, names[j]);
        if (c >= 0) {
            g->pseudo_canon[c] = true;
            if (g->col[c] >= 0)
                g->pseudo_in[g->col[c]] = true;
            continue;
        }
        bool found = false;
        for (size_t i = 0; i < g->nkeep; i++)
            if (strcmp(g->hdr.names[g->keep[i]], names[j]) == 0) {
                g->pseudo_in[g->keep[i]] = true;
                found = true;
            }
        if (!found)
            usage_error("--pseudonymize-cols: '%s' is neither a canonical "
                        "column nor a kept one",
                        names[j]);
    }
    char *list = NULL;
    for (int c = 0; c < NCANON; c++)
        if (g->pseudo_canon[c])
            list = list_add(list, g->canon[c]);
    for (size_t i = 0; i < g->nkeep; i++)
        if (g->pseudo_in[g->keep[i]])
            list = list_add(list, g->hdr.names[g->keep[i]]);
    note(g, "pseudonymised: %s", list ? list : "(none)");
    free(list);
}

/* The rejects file first, so that a failure to create it stops the run
 * before any output. */
static void
write_headers(struct ingest *g)
{
    if (g->o->rejects) {
        g->rejf = outf_open(g->o->rejects);
        g->rej = outf_fp(g->rejf);
        csvw_init(&g->rw, g->rej, NUM_DIGITS_DEFAULT);
        if (g->multi)
            csvw_str(&g->rw, "file");
        csvw_str(&g->rw, "line");
        csvw_str(&g->rw, "reason");
        for (size_t i = 0; i < g->hdr.n; i++)
            csvw_str(&g->rw, g->hdr.names[i]);
        csvw_end(&g->rw);
    }
    if (g->o->schema == SCHEMA_TABLE) {
        for (size_t i = 0; i < g->hdr.n; i++) {
            const char *s = g->hdr.names[i];
            size_t n = trim_span(&s);
            csvw_strn(&g->w, s, n);
        }
        csvw_end(&g->w);
        return;
    }
    for (int c = 0; c < NCANON; c++)
        csvw_str(&g->w, g->canon[c]);
    for (size_t i = 0; i < g->nkeep; i++)
        csvw_str(&g->w, g->hdr.names[g->keep[i]]);
    csvw_end(&g->w);
}

/* The header of one file: the first record that is not blank. */
static void
read_header(struct ingest *g, struct csvr *r, struct dsrc *src, bool first)
{
    int rc;
    while ((rc = csvr_next(r)) == 1 && r->nf == 0)
        ;
    if (rc < 0)
        die_at(src->name, r->rec_line, "header: %s", r->errmsg);
    if (rc == 0)
        die(EXIT_DATA, "%s: empty input, no header", src->name);
    /* Excel's "sep=;" first line names the delimiter: read as one field
     * ("sep=;" split at another delimiter) or as "sep=" and an empty field
     * (split at its own). */
    char sep = '\0';
    if (r->nf == 1 && strncmp(r->f[0], "sep=", 4) == 0 && r->f[0][4] &&
        !r->f[0][5])
        sep = r->f[0][4];
    else if (r->nf == 2 && strcmp(r->f[0], "sep=") == 0 && !r->f[1][0])
        sep = r->delim;
    if (sep && (sep == ',' || sep == ';' || sep == '\t' || sep == '|')) {
        if (g->o->delim && g->o->delim != sep)
            die_at(src->name, r->rec_line,
                   "the file's 'sep=' line names another delimiter than "
                   "--delimiter");
        r->delim = sep;
        csv_set_delim(&r->p, (unsigned char)sep);
        src->delim = sep;
        src->delim_detected = false;
        src->sep_line = true;
        while ((rc = csvr_next(r)) == 1 && r->nf == 0)
            ;
        if (rc < 0)
            die_at(src->name, r->rec_line, "header: %s", r->errmsg);
        if (rc == 0)
            die(EXIT_DATA, "%s: empty input, no header after 'sep='",
                src->name);
    }
    decode(g, r->f, r->nf, src->enc, false);
    join_breaks(g, g->fv, r->nf);
    if (first) {
        csvhdr_copy(&g->hdr, g->fv, r->nf);
        return;
    }
    bool same = r->nf == g->hdr.n;
    for (size_t i = 0; same && i < g->hdr.n; i++)
        same = strcmp(g->fv[i], g->hdr.names[i]) == 0;
    if (!same)
        die_at(src->name, r->rec_line, "header differs from that of '%s'",
               g->first_name);
}

static bool
blank_record(const struct csvr *r)
{
    if (r->nf == 0)
        return true;
    if (r->nf > 1)
        return false;
    const char *s = r->f[0];
    return trim_span(&s) == 0;
}

static void
ingest_file(struct ingest *g, const char *name, bool first)
{
    const struct ingest_opts *o = g->o;
    struct dsrc src;
    struct csvr r;
    dsrc_open(&src, name, o->enc, o->delim);
    csvr_init(&r, src.fp, name, src.delim, true);
    read_header(g, &r, &src, first);
    char d[8];
    if (src.delim == '\t')
        strcpy(d, "tab");
    else
        snprintf(d, sizeof d, "'%c'", src.delim);
    note(g, "%s: delimiter %s%s, encoding %s%s", name, d,
         src.sep_line         ? " (its sep= line)"
         : src.delim_detected ? " (detected)"
                              : "",
         enc_name(src.enc), src.enc_detected ? " (detected)" : "");
    if (first && o->schema == SCHEMA_TABLE) {
        note(g, "table: %zu column%s, kept as they are", g->hdr.n,
             g->hdr.n == 1 ? "" : "s");
        write_headers(g);
    } else if (first) {
        setup_columns(g);
        note_columns(g);
        if (g->ps)
            setup_pseudo(g);
        write_headers(g);
    }
    bool check = src.enc == ENC_UTF8 && !src.enc_detected;
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        if (rc < 0) {
            g->nread++;
            reject_raw(g, name, &r, src.enc);
            continue;
        }
        if (blank_record(&r)) {
            g->nblank++;
            continue;
        }
        g->nread++;
        long bad = decode(g, r.f, r.nf, src.enc, check);
        char **f = g->fv;
        size_t nbreaks = 0;
        bool ok;
        size_t nf = r.nf;
        if (o->pad_short && nf < g->hdr.n) {
            /* Exports that drop trailing empty fields: counted. */
            XGROW(g->fv, g->fvcap, g->hdr.n + 1);
            f = g->fv;
            for (; nf < g->hdr.n; nf++)
                f[nf] = "";
            g->npadded++;
        }
        if (nf != g->hdr.n) {
            snprintf(g->reason, sizeof g->reason, "%zu field%s, header has %zu",
                     r.nf, r.nf == 1 ? "" : "s", g->hdr.n);
            ok = false;
        } else if (bad >= 0) {
            snprintf(g->reason, sizeof g->reason,
                     "invalid UTF-8 in column '%.100s'",
                     colname(g, (size_t)bad));
            ok = false;
        } else if (o->schema == SCHEMA_TABLE) {
            ok = do_table(g, f);
            csvw_end(&g->w);
        } else {
            nbreaks = join_breaks(g, f, r.nf);
            canon_values(g, f);
            ok =
                o->schema == SCHEMA_EVENTS ? do_event(g, f) : do_response(g, f);
        }
        if (ok) {
            g->nwritten++;
            g->nbreaks += (long long)nbreaks;
        }
        else
            reject_fields(g, name, r.rec_line, f, r.nf);
    }
    csvr_free(&r);
    dsrc_close(&src);
}

/* The end: stderr report and exit status. */
static int
finish(struct ingest *g)
{
    const struct ingest_opts *o = g->o;
    long long allowed =
        o->max_pct >= 0
            ? (long long)floor(o->max_pct / 100.0 * (double)g->nread + 1e-9)
            : o->max_count;
    int status = g->nrejected > allowed ? EXIT_DATA : EXIT_OK;

    if (fflush(g->out) != 0 || ferror(g->out)) {
        if (o->output)
            die(EXIT_DATA, "%s: write error:", o->output);
        die(EXIT_DATA, "write error:");
    }
    if (g->rej)
        outf_commit(g->rejf);
    g->rej = NULL;
    if (status == EXIT_OK)
        outfile_commit();

    for (size_t i = 0; !o->quiet && i < g->nnotes; i++)
        warn("%s", g->notes[i]);
    for (size_t i = 0; i < g->nshown; i++)
        warn("%s", g->shown[i]);
    if (!o->quiet && g->nrejected > (long long)g->nshown)
        warn("%lld more rejected record%s not shown%s%s%s",
             g->nrejected - (long long)g->nshown,
             g->nrejected - (long long)g->nshown == 1 ? "" : "s",
             o->rejects ? " (see '" : " (keep them with --rejects FILE)",
             o->rejects ? o->rejects : "", o->rejects ? "')" : "");
    if (!o->quiet && g->nblank)
        warn("skipped %lld blank line%s", g->nblank, g->nblank == 1 ? "" : "s");
    if (!o->quiet && o->wide)
        warn("melted %lld record%s into %lld responses", g->nwritten,
             g->nwritten == 1 ? "" : "s", g->nresponses);
    if (!o->quiet && g->nempty)
        warn("%lld score%s empty (no answer)", g->nempty,
             g->nempty == 1 ? "" : "s");
    if (!o->quiet && o->tz)
        tz_report(g);
    if (!o->quiet && g->npadded)
        warn("%lld record%s with too few fields padded with empty ones "
             "(--pad-short)",
             g->npadded, g->npadded == 1 ? "" : "s");
    if (!o->quiet && g->ncomma)
        warn("%lld number%s with a decimal comma written with a point",
             g->ncomma, g->ncomma == 1 ? "" : "s");
    if (!o->quiet && g->nna_table)
        warn("%lld 'no answer' value%s (%s) written as empty", g->nna_table,
             g->nna_table == 1 ? "" : "s", o->nna ? "--na" : "NA");
    if (status != EXIT_OK && o->max_rejects)
        warn("%lld rejected, more than --max-rejects %s allows (%lld)%s%s%s",
             g->nrejected, o->max_rejects, allowed, o->output ? "; '" : "",
             o->output ? o->output : "", o->output ? "' not written" : "");
    else if (status != EXIT_OK && o->output)
        warn("'%s' not written: records were rejected", o->output);
    if (g->nbreaks)
        warn("read %lld, wrote %lld, rejected %lld, %lld field%s with line "
             "breaks joined",
             g->nread, g->nwritten, g->nrejected, g->nbreaks,
             g->nbreaks == 1 ? "" : "s");
    else
        warn("read %lld, wrote %lld, rejected %lld", g->nread, g->nwritten,
             g->nrejected);
    return status;
}

static void
ingest_free(struct ingest *g)
{
    for (size_t i = 0; i < g->nnotes; i++)
        free(g->notes[i]);
    for (size_t i = 0; i < g->nshown; i++)
        free(g->shown[i]);
    for (int c = 0; c < NCANON; c++)
        free(g->also[c]);
    free(g->notes);
    free(g->joined);
    free(g->lower);
    free(g->dec);
    free(g->decoff);
    free(g->fv);
    free(g->tv);
    free(g->scores);
    free(g->has);
    free(g->keep);
    free(g->items);
    free(g->label_score);
    free(g->pseudo_in);
    if (g->ps)
        pseudo_free(g->ps);
    csvhdr_free(&g->hdr);
    strmap_free(&g->labels);
    strmap_free(&g->na);
}

void
ingest_opts_free(struct ingest_opts *o)
{
    opts_free_list(o->map_keys, o->nmap);
    opts_free_list(o->map_vals, o->nmap);
    opts_free_list(o->keep, o->nkeep);
    opts_free_list(o->items, o->nitems);
    opts_free_list(o->na, o->nna);
    opts_free_list(o->pseudo_cols, o->npseudo_cols);
    free(o->datefmts);
}

/* path with its folder resolved (symbolic links, "." and ".."), and the
 * file too when it exists; NULL when the folder does not exist. */
static char *
resolved(const char *path)
{
    char *full = realpath(path, NULL);
    if (full)
        return full;
    char *dir = path_dir(path), *base = path_base(path);
    char *rdir = realpath(*dir ? dir : ".", NULL);
    if (rdir) {
        full = xmalloc(strlen(rdir) + strlen(base) + 2);
        sprintf(full, "%s/%s", rdir, base);
    }
    free(rdir);
    free(dir);
    free(base);
    return full;
}

static bool
same_file(const char *a, const char *b)
{
    char *ra = resolved(a), *rb = resolved(b);
    bool same = strcmp(a, b) == 0 || (ra && rb && strcmp(ra, rb) == 0);
    free(ra);
    free(rb);
    return same;
}

/* Writing --rejects replaces it: refuse when it is one of the inputs, or
 * the output too (the one renamed last would win and the other be lost). */
static void
check_rejects_path(const char *rejects, const char *output, char **files,
                   size_t nfiles)
{
    struct stat r, f;
    bool out_std = !output || strcmp(output, "-") == 0;
    if (rejects && strcmp(rejects, "-") == 0 && out_std)
        usage_error("--rejects '-' would mix the rejects into the output on "
                    "standard output; give -o FILE or a rejects file");
    if (rejects && output && strcmp(output, "-") != 0 &&
        strcmp(rejects, "-") != 0 && same_file(rejects, output))
        usage_error("--rejects '%s' and -o '%s' are the same file", rejects,
                    output);
    if (!rejects || stat(rejects, &r) != 0)
        return;
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") != 0 && stat(files[i], &f) == 0 &&
            f.st_dev == r.st_dev && f.st_ino == r.st_ino)
            usage_error("--rejects '%s' is also an input file", rejects);
}

int
ingest_run(const struct ingest_opts *o, char **files, size_t nfiles,
           struct ingest_counts *counts)
{
    check_rejects_path(o->rejects, o->output, files, nfiles);
    struct ingest g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.canon = schema_cols(o->schema);
    strmap_init(&g.labels);
    strmap_init(&g.na);
    if (!o->nna && !o->na_none)
        strmap_intern(&g.na, "na", 2, NULL); /* "NA", as R writes it */
    for (size_t i = 0; i < o->nna; i++) {
        const char *s = o->na[i];
        size_t n = trim_span(&s);
        char *t = xstrndup(s, n);
        const char *key = lowered(&g, t);
        strmap_intern(&g.na, key, strlen(key), NULL);
        free(t);
    }
    if (o->labels)
        load_labels(&g, o->labels);

    struct pseudo ps;
    if (o->pseudonymize) {
        pseudo_init(&ps, o->pseudonymize);
        g.ps = &ps;
    }
    g.multi = nfiles > 1;
    g.first_name = files[0];
    g.out = outfile_open(o->output);
    csvw_init(&g.w, g.out, NUM_DIGITS_DEFAULT);
    for (size_t i = 0; i < nfiles; i++)
        ingest_file(&g, files[i], i == 0);
    int status = finish(&g);
    if (counts) {
        counts->read = g.nread;
        counts->written = g.nwritten;
        counts->rejected = g.nrejected;
        counts->blank = g.nblank;
    }
    ingest_free(&g);
    return status;
}
