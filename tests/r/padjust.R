# padjust.R: the expected values of tests/unit/test-padjust.c for the
# Hochberg, Hommel and BY adjustments (R 4.2.2 p.adjust).
p15 <- c(0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
         0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000)
pu <- c(0.01, 0.04, 0.03, 0.005, 0.20)
pt <- c(0.03, 0.01, 0.03, 0.2, 0.01, 0.04)
for (m in c("hochberg", "hommel", "BY")) {
    for (p in list(p15, pu, pt, c(0.02, 0.04)))
        cat(m, ":", sprintf("%.17g", p.adjust(p, m)), "\n")
}
