/* padjust: multiple-testing adjustment of p-values (R's p.adjust):
 * Benjamini-Hochberg (1995) false discovery rate, Holm (1979) step-down
 * and Bonferroni family-wise error. NaN entries are not tests: they are
 * left out of the family (m counts the others) and stay NaN. The caller
 * owns both arrays; out may be p itself. */
#ifndef CX_PADJUST_H
#define CX_PADJUST_H

#include <stdbool.h>
#include <stddef.h>

enum padj_method { PADJ_NONE, PADJ_BH, PADJ_HOLM, PADJ_BONFERRONI };

/* "bh" (alias "fdr"), "holm", "bonferroni", "none". */
bool padj_parse(const char *s, enum padj_method *m);
void padj_adjust(enum padj_method m, const double *p, size_t n, double *out);

#endif
