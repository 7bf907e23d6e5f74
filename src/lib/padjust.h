/* padjust: multiple-testing adjustment of p-values (R's p.adjust):
 * Benjamini-Hochberg (1995) and Benjamini-Yekutieli (2001) false discovery
 * rate, Holm (1979) step-down, Hochberg (1988) step-up, Hommel (1988) and
 * Bonferroni family-wise error, with R's formulas (Hommel with two tests
 * is Hochberg, as in R). NaN entries are not tests: they are
 * left out of the family (m counts the others) and stay NaN. The caller
 * owns both arrays; out may be p itself. */
#ifndef CX_PADJUST_H
#define CX_PADJUST_H

#include <stdbool.h>
#include <stddef.h>

enum padj_method {
    PADJ_NONE,
    PADJ_BH,
    PADJ_HOLM,
    PADJ_BONFERRONI,
    PADJ_HOCHBERG,
    PADJ_HOMMEL,
    PADJ_BY
};

/* "bh" (alias "fdr"), "by", "holm", "hochberg", "hommel", "bonferroni",
 * "none". */
bool padj_parse(const char *s, enum padj_method *m);
void padj_adjust(enum padj_method m, const double *p, size_t n, double *out);

#endif
