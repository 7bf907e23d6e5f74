/* fixsum: a sum of non-negative doubles below 2^31 that does not depend on
 * the order of the terms, so that per-thread, per-part and single-run sums
 * of the same terms are the same bytes (cx-handoffs' sums of COC, UPC and
 * SECON; cx-partial(5)). Each term is truncated to a multiple of 2^-96
 * (exact for every double >= 2^-43 with 53 significant bits) and added as
 * a 128-bit integer, so up to 2^32 terms of at most 1 add exactly. The
 * written form is 32 hexadecimal digits. Plain values: nothing to free. */
#ifndef CX_FIXSUM_H
#define CX_FIXSUM_H

#include <stdbool.h>
#include <stddef.h>

struct fixsum {
    unsigned __int128 v; /* the sum times 2^96 */
};

#define FIXSUM_HEX 33 /* 32 digits and the NUL */

/* Adds x (0 <= x < 2^31; NaN is not a term: the caller skips it). */
void fixsum_add(struct fixsum *s, double x);
void fixsum_merge(struct fixsum *s, const struct fixsum *t);
/* The sum, rounded to the nearest double. */
double fixsum_value(const struct fixsum *s);
void fixsum_format(const struct fixsum *s, char buf[FIXSUM_HEX]);
/* Reads the form fixsum_format writes; false on anything else. */
bool fixsum_parse(const char *text, struct fixsum *s);

#endif
