# adjust-methods.R: the data and expected p_adj of
# tests/cx-correlate/adjust-methods.golden (R 4.2.2 cor.test and p.adjust).
# Writes adj.csv in the current folder.
set.seed(3)
d <- data.frame(g = rep(c("a","b","c","d"), each = 6), x = round(rnorm(24), 2))
d$y <- round(d$x * rep(c(0.2, 1, 0.5, 0), each = 6) + rnorm(24), 2)
write.csv(d, "adj.csv", row.names = FALSE, quote = FALSE)
p <- sapply(split(d, d$g), function(s) cor.test(s$x, s$y)$p.value)
for (m in c("hommel", "hochberg", "BY")) cat(m, sprintf("%.10g", p.adjust(p, m)), "\n")
cat("p", sprintf("%.10g", p), "\n")
