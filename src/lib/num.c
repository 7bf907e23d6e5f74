/* num: strict number parsing and the output format. */
#include <config.h>

#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Accepts [+-]digits[.digits][(e|E)[+-]digits] with at least one digit in
 * the mantissa; the check runs before strtod so that strtod's extras
 * (hex, inf, nan, leading spaces) are never reached. The suite never calls
 * setlocale for LC_NUMERIC, so strtod reads "." in the C locale. */
static bool
decimal_syntax(const char *s)
{
    const char *p = s;
    size_t digits = 0;
    if (*p == '+' || *p == '-')
        p++;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

bool
num_parse(const char *s, double *out)
{
    if (!decimal_syntax(s))
        return false;
    errno = 0;
    double x = strtod(s, NULL);
    if (errno == ERANGE && isinf(x))
        return false;
    *out = x;
    return true;
}

bool
num_parse_ld(const char *s, long double *out)
{
    if (!decimal_syntax(s))
        return false;
    errno = 0;
    long double x = strtold(s, NULL);
    if (errno == ERANGE && isinf(x))
        return false;
    *out = x;
    return true;
}

bool
num_parse_long(const char *s, long long min, long long max, long long *out)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (!*p)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static void
strip_zeros(char *buf)
{
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf);
    while (end > dot + 1 && end[-1] == '0')
        end--;
    if (end == dot + 1)
        end = dot;
    *end = '\0';
}

void
num_format(double x, int digits, char *buf, size_t size)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return;
    }
    if (digits < 1)
        digits = 1;
    if (digits > 17)
        digits = 17;
    if (x == 0) {
        snprintf(buf, size, "0");
        return;
    }
    /* The decimal exponent after rounding to the wanted digits. */
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*e", digits - 1, x);
    /* Near the largest double, rounding can go past it (DBL_MAX at 10
     * digits is 1.797693135e308, which no reader accepts): cut the digits
     * toward zero instead, so that what is written reads back. */
    if (isinf(strtod(tmp, NULL))) {
        char full[64];
        snprintf(full, sizeof full, "%.16e", x);
        char *e = strchr(full, 'e');
        size_t keep = (size_t)(x < 0) + 1 + (digits > 1 ? 1 + (size_t)digits - 1 : 0);
        snprintf(tmp, sizeof tmp, "%.*s%s", (int)keep, full, e);
    }
    int exp10 = atoi(strchr(tmp, 'e') + 1);
    if (exp10 >= -7 && exp10 < 16) {
        int decimals = digits - 1 - exp10;
        snprintf(buf, size, "%.*f", decimals > 0 ? decimals : 0, x);
        strip_zeros(buf);
    } else {
        /* Mantissa without trailing zeros, then the exponent. */
        char *e = strchr(tmp, 'e');
        char exp_part[16];
        snprintf(exp_part, sizeof exp_part, "e%d", exp10);
        *e = '\0';
        strip_zeros(tmp);
        snprintf(buf, size, "%s%s", tmp, exp_part);
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
}
