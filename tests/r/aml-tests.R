# aml-tests.R: expected values of tests/cx-waits/logrank-aml*.golden and
# rmst-aml.golden (R 4.2.2, survival 3.5.3). The events files hold
# survival::aml with clients M01..M11 (Maintained, in aml's row order) and
# N01..N12 (Nonmaintained); the stratified case puts odd-numbered clients
# in site a and even-numbered in site b.
suppressMessages(library(survival))
options(digits = 15)
m <- aml[aml$x == "Maintained", ]; n <- aml[aml$x == "Nonmaintained", ]
d <- rbind(m, n)
d$site <- c(rep(c("a", "b"), length.out = 11), rep(c("a", "b"), length.out = 12))
print(survdiff(Surv(time, status) ~ x, d))
s <- survdiff(Surv(time, status) ~ x + strata(site), d)
print(s); cat("chisq", sprintf("%.15g", s$chisq), "p", sprintf("%.15g", pchisq(s$chisq, 1, lower.tail = FALSE)), "\n")
cat("observed", rowSums(s$obs), "expected", sprintf("%.15g", rowSums(s$exp)), "\n")
f <- survfit(Surv(time, status) ~ x, d)
tab <- summary(f, rmean = 30)$table
cat("rmean 30:", sprintf("%.15g", tab[, "rmean"]), "se:", sprintf("%.15g", tab[, "se(rmean)"]), "\n")
cat("z:", sprintf("%.16g", qnorm(0.975)), "\n")
cat("lo:", sprintf("%.15g", tab[, "rmean"] - qnorm(0.975) * tab[, "se(rmean)"]),
    "hi:", sprintf("%.15g", tab[, "rmean"] + qnorm(0.975) * tab[, "se(rmean)"]), "\n")
