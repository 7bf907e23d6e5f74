/* opts: parsing of the option values the tools share (--digits, --conf,
 * --min-n, -p, -g, --asof, --unit, norms and windows). Each dies with
 * status 2 and the "Try --help" hint on a bad value, quoting it. Lists
 * returned are owned by the caller (free with opts_free_list). */
#ifndef CX_OPTS_H
#define CX_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxtime.h"
#include "disclose.h"

int opt_digits(const char *arg);
double opt_conf(const char *arg);
/* A whole number within [min, max], for the option named name. */
long long opt_long(const char *name, const char *arg, long long min,
                   long long max);
/* A number within [min, max]. */
double opt_double(const char *name, const char *arg, double min, double max);
enum period_kind opt_period(const char *arg);
int64_t opt_time(const char *name, const char *arg);
int64_t opt_duration(const char *name, const char *arg);
/* --unit: milliseconds per output unit. */
double opt_unit(const char *arg);
/* --direction: 1 for up (higher is better), -1 for down. */
int opt_direction(const char *arg);
/* -j, --jobs: the number of threads that read a regular file (par.h),
 * 1 to OPT_JOBS_MAX. */
#define OPT_JOBS_MAX 1024
size_t opt_jobs(const char *arg);
/* Splits a comma-separated list; empty items, and an item given twice in
 * one list, are an error. */
char **opt_list(const char *name, const char *arg, size_t *n);
/* Appends a comma-separated list to an existing one (repeatable options). */
char **opt_list_append(const char *name, const char *arg, char **list,
                       size_t *n);
void opts_free_list(char **list, size_t n);

/* The options the tools share: --min-n, --disclosure, --conf, --digits,
 * -o/--output, -h/--help and -V/--version. A tool gives its long options
 * --min-n, --disclosure, --conf and --digits these codes, and passes every
 * code its own switch does not handle to common_option. --disclosure sets
 * co->disc and, unless --min-n is given (in any order), co->min_n to the
 * profile's threshold; --min-n sets both thresholds (disclose.h).
 * --disclosure none and --min-n 0 turn suppression off (min_n 0). */
enum {
    OPT_COMMON_MIN_N = 0x1000,
    OPT_COMMON_CONF,
    OPT_COMMON_DIGITS,
    OPT_COMMON_DISCLOSURE
};

struct common_opts {
    long long min_n;     /* 0: no suppression */
    long long min_n_min; /* smallest --min-n accepted (default 0: off) */
    double conf;         /* default 0.95 */
    int digits;          /* default NUM_DIGITS_DEFAULT */
    const char *output;  /* -o FILE; NULL: standard output */
    /* --disclosure (disc.profile NULL: none); --min-n given */
    struct disclosure disc;
    bool min_n_given;
    bool disc_given; /* --disclosure given (any profile, none too) */
};

/* Sets the defaults above. */
void common_opts_init(struct common_opts *co);
/* Handles option code c with argument arg into co: dies with status 2 on a
 * bad value, calls usage(EXIT_OK) for -h and print_version() for -V.
 * Returns false when c is not a shared option. */
bool common_option(int c, const char *arg, struct common_opts *co,
                   void (*usage)(int));
/* Privacy by default: when neither --disclosure nor --min-n was given and
 * applies (the tool's mode writes group figures), sets co->disc to the
 * default profile and co->min_n to its threshold. Call after parsing and
 * after the checks that refuse an explicit --min-n in a mode. */
void common_disclosure_default(struct common_opts *co, bool applies);

#endif
