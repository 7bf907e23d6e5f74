/* num: strict, locale-independent number parsing and the suite's number
 * output format (up to --digits significant digits, no trailing zeros, no
 * exponent for ordinary magnitudes, NaN and infinity as empty fields). */
#ifndef CX_NUM_H
#define CX_NUM_H

#include <stdbool.h>
#include <stddef.h>

#define NUM_DIGITS_DEFAULT 10

/* The whole of s must be a decimal number ("12", "-0.5", "1e3"); no spaces,
 * no hex, no "inf" or "nan", "." as decimal point. */
bool num_parse(const char *s, double *out);
/* The same syntax into a long double (64-bit mantissa on x86-64): keeps
 * the decimal digits of values such as 10000000.2 that a double rounds at
 * the ninth digit of their spread. */
bool num_parse_ld(const char *s, long double *out);
/* The whole of s must be a whole number within [min, max]. */
bool num_parse_long(const char *s, long long min, long long max,
                    long long *out);
/* Writes x into buf (size >= 40); NaN and infinities give "". */
void num_format(double x, int digits, char *buf, size_t size);

#endif
