/* human: numbers for people rather than for programs, as a report prints
 * them: a fixed number of decimals, rounded, "." as the decimal point
 * whatever the locale (nothing in cxkit calls setlocale for LC_NUMERIC),
 * "n/a" for a missing value; and reading back a figure a tool wrote.
 * Strings go into the caller's buffer. */
#ifndef CX_HUMAN_H
#define CX_HUMAN_H

#include <stdbool.h>
#include <stddef.h>

/* x with decimals decimals into buf; NaN gives "n/a"; -0.0 gives "0". */
void human_fixed(double x, int decimals, char *buf, size_t size);
/* The figure in s (a tool's output field) with decimals decimals; "n/a"
 * when s is empty or not a number. */
void human_field(const char *s, int decimals, char *buf, size_t size);
/* The number in s, NaN when empty or not a number. */
double human_value(const char *s);

#endif
