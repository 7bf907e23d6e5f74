# defects.R: reference values for the regression tests of issue 12's five
# defects (tests/cx-correlate/defect-*.golden, tests/unit/test-corr.c,
# tests/unit/test-stats.c). Run: Rscript tests/r/defects.R (R 4.2.2).
# Values printed with 17 significant digits; the tests quote them.
options(digits = 17)
p17 <- function(label, v) cat(label, sprintf("%.17g", v), "\n")

# 1. Pearson at a large common offset. R's cor() loses about 4e-11 here, so
# the exact r comes from rational arithmetic on the doubles (gmp-free: the
# centred sums of the doubles as read, in python3 fractions, see
# offset-exact.py); R's lm gives the regression to about 1e-10.
x <- c(10000000.000349933, 9999999.998380365, 9999999.999805633, 9999999.998956893)
y <- c(-10000000.000068868, -10000000.000913749, -10000000.00023447, -9999999.998125521)
f <- lm(y ~ x); s <- summary(f)
p17("offset lm slope, intercept:", coef(f))
p17("offset lm sigma, r2, adj_r2:", c(s$sigma, s$r.squared, s$adj.r.squared))

# 2. Far-tail t p-values: x = 1..100, y = x + 20 sin(x).
x <- 1:100; y <- x + 20 * sin(x)
ct <- cor.test(x, y)
p17("tail pearson r, t, p:", c(ct$estimate, ct$statistic, ct$p.value))
# Welch test from summaries: two groups of 400 with means 4.1 and 3.2, sds
# 0.5 and 0.6: t and df as t.test computes them, p = 2 pt(-|t|, df).
m1 <- 4.1; s1 <- 0.5; n1 <- 400; m2 <- 3.2; s2 <- 0.6; n2 <- 400
v1 <- s1^2 / n1; v2 <- s2^2 / n2
t <- (m1 - m2) / sqrt(v1 + v2); df <- (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1))
p17("welch t, df, p:", c(t, df, 2 * pt(-abs(t), df)))
p17("pt tail df 98 t 20, 2*pt:", 2 * pt(-20, 98))
p17("pt tail df 3 t 1e5, 2*pt:", 2 * pt(-1e5, 3))
p17("pt df 7 t 1.841082638115338:", 2 * pt(-1.841082638115338, 7))

# 3. Perfect line with one degree of freedom.
ct <- cor.test(c(1, 2, 3), c(2, 4, 6)); p17("line r, p:", c(ct$estimate, ct$p.value))
ct <- cor.test(c(1, 5, 7), c(3, 4, 10), method = "spearman", exact = FALSE)
p17("spearman 3 monotone rho, p:", c(ct$estimate, ct$p.value))
# cor.test's default (exact = NULL) is the exact permutation p: 2/3! = 1/3.
ct <- cor.test(c(1, 5, 7), c(3, 4, 10), method = "spearman")
p17("spearman 3 monotone, exact p:", ct$p.value)
# Partial correlation with one covariate at n = 4 where y = x + z.
x <- c(1, 2, 3, 4); z <- c(1, 3, 2, 5); y <- x + z
p17("partial n=4 r:", cor(resid(lm(x ~ z)), resid(lm(y ~ z))))
x <- c(1, 2, 3, 4, 5); z1 <- c(2, 1, 4, 3, 7); z2 <- c(1, 1, 2, 5, 3); y <- x + z1 + z2
p17("partial n=5 r:", cor(resid(lm(x ~ z1 + z2)), resid(lm(y ~ z1 + z2))))
# The partial Spearman far tail (tests/cx-correlate/defect-tail-partial.golden).
x <- 1:100; y <- x + 20 * sin(x); z <- 10 * cos(x)
rx <- rank(x); ry <- rank(y); rz <- rank(z)
r <- cor(resid(lm(rx ~ rz)), resid(lm(ry ~ rz))); t <- r * sqrt(97) / sqrt(1 - r^2)
p17("tail partial spearman r, t, p:", c(r, t, 2 * pt(-abs(t), 97)))

# 4. Exactly collinear covariates: lm drops z2 (NA).
d <- data.frame(x = 1:7, y = c(2, 1, 5, 3, 6, 4, 8), z = c(1, 3, 2, 5, 4, 7, 6))
d$z2 <- 2 * d$z
f <- lm(y ~ x + z + z2, d); s <- summary(f)
print(coef(f))
cf <- coef(s)
p17("collinear slope, se, t, p:", cf["x", ])
p17("collinear intercept, se:", cf["(Intercept)", 1:2])
p17("collinear z, se:", cf["z", 1:2])
p17("collinear slope CI:", confint(f)["x", ])
p17("collinear intercept CI:", confint(f)["(Intercept)", ])
p17("collinear r2, adj r2, sigma, df:", c(s$r.squared, s$adj.r.squared, s$sigma, s$df[2]))
rx <- resid(lm(x ~ z, d)); ry <- resid(lm(y ~ z, d)); r <- cor(rx, ry)
p17("collinear partial r:", r)
tt <- r * sqrt(4) / sqrt(1 - r^2)
p17("collinear partial t, p (df 4):", c(tt, 2 * pt(-abs(tt), 4)))
zc <- qnorm(0.975); p17("collinear partial Fisher CI (n-3-1):", tanh(atanh(r) + c(-1, 1) * zc / sqrt(7 - 3 - 1)))
