/* rankexact: exact and near-exact null distributions of Spearman's rho
 * and Kendall's tau for samples without ties, with the two-sided p-values
 * R's cor.test gives by default (exact = NULL).
 *
 * Spearman, n < 1290 (R's limit): from S = (n^3 - n)(1 - rho)/6, the
 * exact permutation distribution of S = sum (i - p_i)^2 for n <= 9 and the
 * Edgeworth series of Best and Roberts (1975, Algorithm AS 89) above,
 * two-sided p = min(1, 2 min(P[S <= s], P[S >= s])) with the tail taken
 * on the side of s against its mean (n^3 - n)/6, as cor.test does.
 * Kendall, n < 50: the exact distribution of the number of concordant
 * pairs T (the Mahonian numbers, permutations of n with T inversions),
 * two-sided p = min(1, 2 P[T on the far side of t]).
 *
 * Nothing here allocates beyond small static tables built on first use;
 * the functions return NaN outside their range. */
#ifndef CX_RANKEXACT_H
#define CX_RANKEXACT_H

#include <stdbool.h>
#include <stddef.h>

#define RANKEXACT_SPEARMAN_MAX 1289 /* n < 1290 */
#define RANKEXACT_SPEARMAN_EXACT 9  /* exact counts up to here */
#define RANKEXACT_KENDALL_MAX 49    /* n < 50 */

/* Two-sided p of Spearman's rho without ties; *edgeworth (when not NULL)
 * says whether the Edgeworth series was used (n > 9). */
double rankexact_spearman_p(double rho, size_t n, bool *edgeworth);

/* Two-sided p of Kendall's tau without ties, from the number of
 * concordant pairs nc (0 .. n(n-1)/2). */
double rankexact_kendall_p(double nc, size_t n);

/* P[T <= q] for Kendall's T with n values (R's pkendall). */
double rankexact_kendall_cdf(double q, size_t n);

#endif
