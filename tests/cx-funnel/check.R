# check.R: R's view of the reference values in tests/unit/test-funnel.c and
# ref.py (run by hand: Rscript tests/cx-funnel/check.R; R is not needed by
# the tests). Spiegelhalter (2005) appendix A.1.1: r = qbinom(P, n, p0), the
# smallest r with F(r) >= P; alpha = (F(r) - P) / (F(r) - F(r - 1)); the
# limit is (r - alpha) / n, clipped to [0, 1].
lim <- function(p0, n, P) {
  r <- qbinom(P, n, p0)
  Fr <- pbinom(r, n, p0); Fp <- pbinom(r - 1, n, p0)
  min(1, max(0, (r - (Fr - P) / (Fr - Fp)) / n))
}
for (a in list(c(0.1, 10), c(0.5, 20), c(0.3, 200)))
  cat(a, sprintf("%.15g", sapply(c(0.025, 0.975, 0.001, 0.999),
                                  function(P) lim(a[1], a[2], P))), "\n")
# Winsorised phi of ten z-scores (quantile type 7, R's default).
z <- c(-2.5, -1.0, -0.3, 0.0, 0.4, 0.9, 1.3, 2.0, 3.1, -0.7)
q <- quantile(z, c(0.1, 0.9))
cat("phi", sprintf("%.15g", mean(pmin(pmax(z, q[1]), q[2])^2)), "\n")
# Chi-square tails used by ref.py's gammainc_q.
cat("chisq", sprintf("%.10g", pchisq(c(12 * 2.04787, 30, 3.5), c(11, 5, 7),
                                     lower.tail = FALSE)), "\n")
# The two-unit example of test-funnel.c: I phi = 2.56 on 1 df.
cat("chisq2", sprintf("%.15g", pchisq(2.56, 1, lower.tail = FALSE)), "\n")
