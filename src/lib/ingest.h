/* ingest: the work of cx-ingest. ingest_run reads FILE operands of any
 * dialect (see dialect.h) and writes the canonical events or responses CSV:
 * it resolves the canonical columns from --map and the synonyms, converts
 * each record (times, scores, --wide melting), sends each record it cannot
 * convert to the rejects with its line and reason, and reports on stderr,
 * ending with "read N, wrote M, rejected K". With o->pseudonymize, the
 * identifier columns are replaced by keyed pseudonyms (pseudo.h) in the
 * output and in the rejects file alike; a rejected record whose fields
 * cannot be told apart (unreadable, or the wrong number of fields) is
 * written with its fields empty. The options belong to the
 * caller; ingest_opts_free releases the lists parse_options built. */
#ifndef CX_INGEST_H
#define CX_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "dialect.h"

/* SCHEMA_TABLE: any columns, kept as they are (a header is all it needs),
 * numbers with a decimal comma written with a point and "no answer"
 * values (--na) written empty. */
enum schema { SCHEMA_EVENTS, SCHEMA_RESPONSES, SCHEMA_TABLE };

struct ingest_opts {
    enum schema schema;
    char delim; /* '\0': detect */
    enum enc enc;
    char **map_keys, **map_vals;
    size_t nmap;
    char **keep;
    size_t nkeep;
    bool keep_all;
    char **datefmts;
    size_t ndatefmts;
    bool wide;
    char **items;
    size_t nitems;
    const char *labels;
    char **na;
    size_t nna;
    bool na_none;   /* --na '': no value means missing (else "NA" by
                       default when --na is not given) */
    bool pad_short; /* records with too few fields get empty ones */
    const char *scale; /* as given, for messages */
    double scale_lo, scale_hi;
    const char *rejects;
    const char *max_rejects; /* as given */
    double max_pct;          /* < 0: a count */
    long long max_count;
    const char *output;
    const char *time_of_day; /* a column holding the time of day */
    const char *tz;          /* --tz: zone of local times, opened (tz.h) */
    int tz_fold;             /* --tz-ambiguous: an enum tz_fold */
    bool quiet;
    const char *pseudonymize; /* key file: identifier columns pseudonymised */
    char **pseudo_cols;       /* --pseudonymize-cols; NULL: the schema's ids */
    size_t npseudo_cols;
};

/* The counts of a run: N = written + rejected (records; blank lines are
 * not records). */
struct ingest_counts {
    long long read, written, rejected, blank;
};

/* Checks option combinations against the schema; dies with status 2. */
void ingest_validate(const struct ingest_opts *o);
/* Runs the whole ingest of files[0..nfiles) ("-" is standard input) into
 * o->output (NULL: stdout). Returns the exit status: 0, or 1 when more
 * records were rejected than --max-rejects allows. Dies with status 1 on
 * unreadable input or a write error, 2 on a missing column. counts may be
 * NULL. */
int ingest_run(const struct ingest_opts *o, char **files, size_t nfiles,
               struct ingest_counts *counts);
void ingest_opts_free(struct ingest_opts *o);

#endif
