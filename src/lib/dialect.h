/* dialect: what cx-ingest needs to read exports that are not canonical CSV.
 * Opening an input with its encoding (UTF-8, or Windows-1252 / Latin-1
 * detected when the bytes are not valid UTF-8) and delimiter (sniffed from
 * the header line); decoding fields to UTF-8; matching header names against
 * the synonyms of the canonical columns; reading the time forms of real
 * exports (ISO 8601, DD-MM-YYYY, DD/MM/YYYY, YYYY/MM/DD, or strptime
 * formats) and numbers with a decimal comma. Strings returned live in
 * buffers the caller passes in (char **buf, size_t *cap) or in struct
 * dsrc, which owns its streams until dsrc_close. */
#ifndef CX_DIALECT_H
#define CX_DIALECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Encodings. ENC_AUTO: UTF-8 when every byte sequence of the input is
 * valid UTF-8, otherwise Windows-1252. */
enum enc { ENC_AUTO, ENC_UTF8, ENC_CP1252, ENC_LATIN1 };

bool enc_parse(const char *s, enum enc *e);
const char *enc_name(enum enc e);

/* An incremental UTF-8 validator, for input read in blocks. */
struct utf8_state {
    int need;             /* continuation bytes still expected */
    unsigned char lo, hi; /* allowed range of the next one */
};
/* False at the first invalid sequence. utf8_finish: false when the input
 * ended inside a sequence. */
bool utf8_feed(struct utf8_state *st, const unsigned char *s, size_t n);
bool utf8_finish(const struct utf8_state *st);
bool utf8_valid(const char *s, size_t n);

/* s (n bytes, in e: ENC_CP1252 or ENC_LATIN1) as a NUL-terminated UTF-8
 * string in *buf, appended at offset *len (which is advanced past the NUL).
 * Returns the offset where the string starts. Bytes Windows-1252 leaves
 * undefined, and Latin-1's 0x80-0x9F, become the C1 code points. */
size_t enc_to_utf8(enum enc e, const char *s, size_t n, char **buf, size_t *cap,
                   size_t *len);

/* The delimiter of a header line (up to its first line end, a bare CR
 * included): the most frequent of ',' ';' tab '|'
 * outside quotes (ties in that order); ',' when none occurs. */
char sniff_delim(const char *line, size_t n);

/* An input stream ready for struct csvr: encoding and delimiter decided. A
 * regular file is read twice when the encoding must be detected (no copy);
 * standard input or a pipe is copied to a temporary file in $TMPDIR (or
 * /tmp) up to the first byte that is not UTF-8, or whole when it all is. */
struct dsrc {
    FILE *fp;          /* read this */
    const char *name;  /* for messages: the operand, "-" for stdin */
    enum enc enc;      /* ENC_UTF8, ENC_CP1252 or ENC_LATIN1 */
    bool enc_detected; /* decided by looking at the bytes */
    char delim;
    bool delim_detected;
    bool sep_line; /* the delimiter came from Excel's "sep=" first line */
    FILE *orig;   /* the operand's own stream */
    FILE *tmp;    /* the copy of a pipe, if any */
    char *prefix; /* bytes read ahead from a pipe */
    size_t prefixlen;
};

/* Opens operand name ("-": standard input) with encoding e (ENC_AUTO to
 * detect) and delimiter delim ('\0' to sniff). Dies with status 1 when the
 * file cannot be read, and on gzip or UTF-16 input, which it names. */
void dsrc_open(struct dsrc *s, const char *name, enum enc e, char delim);
void dsrc_close(struct dsrc *s);

/* Header names for synonym matching: ASCII letters lowercased, accented
 * Latin letters (UTF-8) folded to their base letter, everything that is not
 * a letter or digit dropped ("Case ID", "case_id", "case:concept:name" give
 * "caseid", "caseid", "caseconceptname"; "cliënt" gives "client"). */
void colname_norm(const char *s, char *out, size_t size);
/* The rank of a normalized header name among the synonyms of canonical
 * column canon (0 is the best), or -1 when it is not one of them. */
int synonym_rank(const char *canon, const char *norm);
/* The synonyms of canon, for the manual and messages; NULL-terminated. */
const char *const *synonyms(const char *canon);

/* Times of real exports. ISO 8601 (YYYY-MM-DD, T or spaces before the time,
 * fraction with '.' or ',', Z or an offset +HH:MM, +HHMM, +HH), D-M-YYYY,
 * D/M/YYYY and D.M.YYYY (day first), YYYY/M/D, each optionally followed by
 * H:MM[:SS[.fff]]. Offsets convert to UTC and set *zulu; *date_only when
 * there was no time of day. Impossible dates are false. */
bool dtime_parse(const char *s, int64_t *ms, bool *date_only, bool *zulu);
/* The same with a strptime(3) format, which must match all of s; %z is an
 * offset. Date only when the format has none of %H %I %M %S %T %R %c %r
 * %s %z. */
bool dtime_strptime(const char *s, const char *fmt, int64_t *ms,
                    bool *date_only, bool *zulu);

/* A number with '.' or ',' as decimal point ("7,5", "-0.25", "8"). */
bool dnum_parse(const char *s, double *v);

/* s without leading and trailing spaces, tabs, CR and no-break spaces
 * (UTF-8 C2 A0): the start in *s, the length returned. */
size_t trim_span(const char **s);

#endif
