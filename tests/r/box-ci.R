# box-ci.R: expected intervals of tests/unit/test-stats.c (stats_wilson_cc,
# stats_clopper_pearson) and tests/cx-satisfaction/box-ci.golden: R 4.2.2
# prop.test(x, n)$conf.int (continuity-corrected Wilson) and
# binom.test(x, n)$conf.int (Clopper-Pearson), 95 %.
for (xn in list(c(81, 263), c(15, 148), c(0, 20), c(1, 29), c(29, 29), c(7, 50),
                c(42, 50), c(5, 10), c(10, 20), c(3, 7))) {
    a <- suppressWarnings(prop.test(xn[1], xn[2])$conf.int)
    b <- binom.test(xn[1], xn[2])$conf.int
    cat(xn, sprintf("%.17g", c(a, b)), "\n")
}
a <- suppressWarnings(prop.test(3, 7, conf.level = 0.9)$conf.int)
b <- binom.test(3, 7, conf.level = 0.9)$conf.int
cat("3 7 at 90 %:", sprintf("%.17g", c(a, b)), "\n")
# tests/cx-satisfaction/box-ci.golden: the shares of wilson-b2.golden.
for (xn in list(c(42, 50), c(7, 50), c(29, 29), c(0, 29), c(0, 20))) {
    a <- suppressWarnings(prop.test(xn[1], xn[2])$conf.int)
    b <- binom.test(xn[1], xn[2])$conf.int
    cat("golden", xn, sprintf("%.10g", 100 * c(a, b)), "\n")
}
