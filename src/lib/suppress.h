/* suppress: small-cell suppression for --min-n, primary and complementary.
 *
 * A report is a table of cells; each cell has ndims key ids (for instance
 * unit, item, period) and a count (respondents, clients). Primary
 * suppression hides every cell whose count is below min_n. Complementary
 * (secondary) suppression protects a hidden cell from being recovered by
 * subtraction from a margin total: a "line" is a set of cells that agree
 * on every key except one of the first nvary keys (keys from nvary on are
 * never summed over). Whenever a line holds exactly one hidden cell with a
 * count above 0, the visible cell of that line with the smallest count
 * above 0 (the earliest cell on a tie) is hidden too, preferring cells
 * that are not the only cell with a count in another of their lines (such
 * a cell is given away by that line's total); this repeats until no line
 * changes. The caller owns all arrays. */
#ifndef CX_SUPPRESS_H
#define CX_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

/* keys: ncells * ndims ids, row-major; count: ncells; hidden: ncells, set
 * here. Returns the number of cells hidden by the complementary rule. */
size_t suppress_cells(size_t ncells, size_t ndims, size_t nvary,
                      const size_t *keys, const size_t *count, size_t min_n,
                      bool *hidden);

#endif
