/* opts: shared option value parsing. */
#include <config.h>

#include "opts.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

int
opt_digits(const char *arg)
{
    return (int)opt_long("--digits", arg, 1, 17);
}

double
opt_conf(const char *arg)
{
    double v;
    if (!num_parse(arg, &v) || !(v > 0 && v < 1))
        usage_error("invalid --conf '%s': a level between 0 and 1, such as "
                    "0.95",
                    arg);
    return v;
}

long long
opt_long(const char *name, const char *arg, long long min, long long max)
{
    long long v;
    if (!num_parse_long(arg, min, max, &v))
        usage_error("invalid %s '%s': a whole number from %lld to %lld", name,
                    arg, min, max);
    return v;
}

double
opt_double(const char *name, const char *arg, double min, double max)
{
    double v;
    if (!num_parse(arg, &v) || v < min || v > max)
        usage_error("invalid %s '%s': a number from %g to %g", name, arg, min,
                    max);
    return v;
}

enum period_kind
opt_period(const char *arg)
{
    enum period_kind k;
    if (!period_kind_parse(arg, &k))
        usage_error("invalid period '%s': day, week, month, quarter or year",
                    arg);
    return k;
}

int64_t
opt_time(const char *name, const char *arg)
{
    int64_t ms;
    if (!time_parse(arg, &ms, NULL))
        usage_error("invalid %s '%s': a time such as 2026-11-22 or "
                    "2026-11-22T09:30",
                    name, arg);
    return ms;
}

int64_t
opt_duration(const char *name, const char *arg)
{
    int64_t ms;
    char why[200];
    if (!duration_read(arg, &ms, why, sizeof why))
        usage_error("invalid %s '%s': %s", name, arg, why);
    return ms;
}

double
opt_unit(const char *arg)
{
    double per;
    if (!unit_parse(arg, &per))
        usage_error("invalid --unit '%s': minutes, hours, days or weeks",
                    arg);
    return per;
}

int
opt_direction(const char *arg)
{
    if (strcmp(arg, "up") == 0)
        return 1;
    if (strcmp(arg, "down") != 0)
        usage_error("invalid --direction '%s': up or down", arg);
    return -1;
}

size_t
opt_jobs(const char *arg)
{
    long long v;
    if (!num_parse_long(arg, 1, OPT_JOBS_MAX, &v))
        usage_error("invalid --jobs '%s': a number of threads from 1 to %d",
                    arg, OPT_JOBS_MAX);
    return (size_t)v;
}

char **
opt_list_append(const char *name, const char *arg, char **list, size_t *n)
{
    const char *p = arg;
    size_t first = *n; /* repeated options may name an item again */
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0)
            usage_error("invalid %s '%s': empty item in the list", name, arg);
        for (size_t i = first; i < *n; i++)
            if (strlen(list[i]) == len && memcmp(list[i], p, len) == 0)
                usage_error("invalid %s '%s': '%.*s' given twice", name, arg,
                            (int)len, p);
        list = xreallocarray(list, *n + 2, sizeof *list);
        list[(*n)++] = xstrndup(p, len);
        list[*n] = NULL;
        if (!comma)
            break;
        p = comma + 1;
    }
    return list;
}

char **
opt_list(const char *name, const char *arg, size_t *n)
{
    *n = 0;
    return opt_list_append(name, arg, NULL, n);
}

void
opts_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void
common_opts_init(struct common_opts *co)
{
    *co = (struct common_opts){
        .min_n = 0,
        .min_n_min = 0,
        .conf = 0.95,
        .digits = NUM_DIGITS_DEFAULT,
        .output = NULL,
    };
}

bool
common_option(int c, const char *arg, struct common_opts *co,
              void (*usage)(int))
{
    switch (c) {
    case OPT_COMMON_MIN_N:
        co->min_n = opt_long("--min-n", arg, co->min_n_min, 1000000000);
        co->min_n_given = true;
        co->disc.min_n = co->min_n;
        return true;
    case OPT_COMMON_DISCLOSURE:
        if (!disclosure_profile(arg, &co->disc))
            usage_error("invalid --disclosure '%s': %s", arg, disclosure_names);
        co->disc_given = true;
        if (co->min_n_given)
            co->disc.min_n = co->min_n;
        else
            co->min_n = co->disc.min_n;
        return true;
    case OPT_COMMON_CONF:
        co->conf = opt_conf(arg);
        return true;
    case OPT_COMMON_DIGITS:
        co->digits = opt_digits(arg);
        return true;
    case 'o':
        co->output = arg;
        return true;
    case 'h':
        usage(EXIT_OK);
        return true;
    case 'V':
        print_version();
    default:
        return false;
    }
}

void
common_disclosure_default(struct common_opts *co, bool applies)
{
    /* Privacy by default: without --disclosure or --min-n, a tool that
     * writes group figures applies the default profile; --disclosure none
     * or --min-n 0 is the way out. */
    if (!applies || co->disc_given || co->min_n_given)
        return;
    disclosure_profile("default", &co->disc);
    co->min_n = co->disc.min_n;
}
