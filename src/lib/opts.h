/* opts: parsing of the option values the tools share (--digits, --conf,
 * --min-n, -p, -g, --asof, --unit, norms and windows). Each dies with
 * status 2 and the "Try --help" hint on a bad value, quoting it. Lists
 * returned are owned by the caller (free with opts_free_list). */
#ifndef CX_OPTS_H
#define CX_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "cxtime.h"

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
/* Splits a comma-separated list; empty items are an error. */
char **opt_list(const char *name, const char *arg, size_t *n);
/* Appends a comma-separated list to an existing one (repeatable options). */
char **opt_list_append(const char *name, const char *arg, char **list,
                       size_t *n);
void opts_free_list(char **list, size_t n);

#endif
