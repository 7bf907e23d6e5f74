/* csvio: reading and writing CSV over libcsv.
 *
 * Data flow: a tool opens its FILE operands with csvin_open, reads the
 * header, finds its columns by name with csvin_col / csvin_require, then
 * pulls one record at a time with csvin_next. Field strings belong to the
 * reader and stay valid until the next call; copy what must outlive it.
 * Output goes through struct csvw, which quotes only when RFC 4180 needs it
 * and prints numbers in the suite's format (num.h).
 *
 * The low-level struct csvr reads one stream: it skips a UTF-8 BOM, keeps
 * spaces, reports blank lines as records with no fields, and is strict
 * about quotes. Its rules, which tests/unit/test-csvprop.c checks against
 * a reference reader of its own:
 *
 * - Physical lines end at LF, CRLF or a CR on its own (old Mac exports),
 *   wherever they stand, inside quotes too; CRLF is one line end. Lines
 *   are numbered from 1 for messages.
 * - A record is one or more whole physical lines: a line end inside a
 *   quoted field is field data (its bytes as they are), any other ends
 *   the record. An empty line is a record with no fields.
 * - A field opened by '"' runs to the next lone '"' ("" is a quote); only
 *   the delimiter or a line end may follow it ("unexpected character
 *   after a quoted field"). A '"' in an unquoted field is a "stray quote";
 *   input ending inside quotes an "unterminated quoted field" (also the
 *   reason when a quote opened on an earlier line ends badly).
 * - A record with a NUL byte in a field is malformed ("NUL byte in field
 *   K"): C strings would cut the field short.
 *
 * In recover mode (cx-ingest) reading goes on after a malformed record:
 * after a parse error its first physical line alone is rejected and the
 * lines after it are parsed again; a record with a NUL byte is rejected
 * whole. So every physical line is in exactly one record, rejected record
 * or blank line. Without recover mode the first malformed record ends the
 * stream. */
#ifndef CX_CSVIO_H
#define CX_CSVIO_H

#include <csv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct csvr_rec {
    size_t first, n; /* into the reader's field offset table */
    long line;        /* physical line the record starts on */
    long last_line;   /* physical line the record ends on */
    size_t nul_field; /* 1-based field holding a NUL byte, or 0 */
};

struct csvr {
    FILE *fp;
    const char *name; /* for messages: the file name, or "-" */
    bool recover;     /* report parse errors and go on (see above) */
    char delim;
    struct csv_parser p;
    long line; /* physical lines read so far */

    /* Fields of the records parsed from the current line(s). */
    char *arena;
    size_t alen, acap;
    size_t *foff;
    size_t nfoff, foffcap;
    size_t cur_first;    /* first field of the record in progress */
    size_t cur_alen;     /* arena length where that record starts */
    bool last_was_cr;    /* previous terminator was CR (for CRLF) */
    long rec_start;      /* start line of the record in progress */
    size_t nul_field;    /* of the record in progress (see csvr_rec) */
    struct csvr_rec *recs;
    size_t nrecs, recscap, rnext;

    /* Raw text of the record in progress (recover mode only). */
    char *raw;
    size_t rawlen, rawcap;
    size_t rawfirst; /* length of its first physical line */
    char *replay; /* lines to parse again after an unterminated quote */
    size_t replaylen, replaypos;

    /* Input read ahead in blocks; lines are cut out of it. */
    char *in;
    size_t inpos, inlen, incap;
    bool in_eof;
    bool eof;
    bool first_line;

    /* The record last returned by csvr_next. */
    char **f;
    size_t nf, fcap;
    long rec_line, rec_last_line;
    char errmsg[160]; /* set when csvr_next returns -1 */
};

/* Reads from fp (not closed by the reader); delim is ',' for canonical CSV. */
void csvr_init(struct csvr *r, FILE *fp, const char *name, char delim,
               bool recover);
void csvr_free(struct csvr *r);
/* 1: a record in r->f[0..nf) (nf 0 is a blank line), starting at physical
 * line r->rec_line; 0: end of input; -1: malformed record at r->rec_line,
 * reason in r->errmsg (in recover mode the next call goes on, otherwise
 * the stream is finished). A read error dies with status 1. */
int csvr_next(struct csvr *r);
/* The first bytes not yet read (at least want of them, unless the input
 * is shorter), without consuming them: *n bytes. */
const char *csvr_peek(struct csvr *r, size_t want, size_t *n);
/* Raw text of the record last returned or rejected (recover mode). */
const char *csvr_raw(const struct csvr *r, size_t *len);

/* A header: column names and lookup by name. */
struct csvhdr {
    char **names;
    size_t n;
};

/* The FILE operands of a tool, read in order as one stream. */
struct csvin {
    char **files; /* operands; "-" is standard input */
    size_t nfiles, cur;
    FILE *fp;
    struct csvr r;
    struct csvhdr hdr;
    const char *file; /* name of the file being read */
    /* The current record: fields f[0..nf) (nf == hdr.n), at file:line. */
    char **f;
    size_t nf;
    long line;
};

/* Opens the first operand (no operands: standard input) and reads its
 * header; an empty input dies with "FILE: empty input, no header". A
 * header whose only field holds ';' or a tab dies with a hint that the
 * tool reads comma-separated CSV. */
void csvin_open(struct csvin *in, char **files, size_t nfiles);
/* The command named in the message for a header that is not
 * comma-separated: "cx-ingest" unless a tool sets another (cx-correlate:
 * "cx-ingest --schema table"). */
extern const char *csvin_convert_hint;
/* 1: a record with exactly hdr.n fields; 0: end of all operands. Dies with
 * status 1 on malformed CSV, a blank line or a wrong field count, naming
 * file and line. Later operands must repeat the first header. */
int csvin_next(struct csvin *in);
void csvin_close(struct csvin *in);

/* For reading one operand in parts (par.h). csvin_read_header reads the
 * header of file with the checks and messages csvin_open gives a first
 * operand (first NULL) or csvin_next a later one, which must repeat first,
 * the header of first_file. It copies the header into hdr (the caller frees
 * it with csvhdr_free) and returns the physical line the header ends on.
 * csvin_open_mem opens a csvin over buf[0..len), whole records of file's
 * body, the first on physical line first_line, as if csvin_open had just
 * read header hdr (copied); buf must outlive it. */
long csvin_read_header(char *file, const struct csvhdr *first,
                       char *first_file, struct csvhdr *hdr);
void csvin_open_mem(struct csvin *in, const char *file, const char *buf,
                    size_t len, long first_line, const struct csvhdr *hdr);

/* Index of column name, or -1. A name the header holds twice dies with
 * status 1 naming both positions: which one was meant cannot be known. */
long csvhdr_find(const struct csvhdr *h, const char *name);
/* The names as 'a', 'b', ... for messages: the first 20, then "... and N
 * more". The caller frees it. */
char *csvhdr_list(const struct csvhdr *h);
/* Index of column name; missing, it dies with status 2 naming the column
 * and listing the columns present. */
size_t csvhdr_require(const struct csvhdr *h, const char *name);
void csvhdr_copy(struct csvhdr *dst, char *const *names, size_t n);
void csvhdr_free(struct csvhdr *h);

/* The writer. */
struct csvw {
    FILE *fp;
    int digits;
    bool mid; /* a field was written on this row */
};

void csvw_init(struct csvw *w, FILE *fp, int digits);
void csvw_str(struct csvw *w, const char *s);
void csvw_strn(struct csvw *w, const char *s, size_t n);
/* NaN or infinity is written as an empty field. */
void csvw_num(struct csvw *w, double x);
void csvw_int(struct csvw *w, long long x);
void csvw_empty(struct csvw *w);
void csvw_end(struct csvw *w);
/* A whole header or row of strings. */
void csvw_row(struct csvw *w, char *const *fields, size_t n);

#endif
