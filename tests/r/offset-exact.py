#!/usr/bin/env python3
# offset-exact.py: exact reference values for issue 12 defect 1 (Pearson and
# regression at a large common offset), from the doubles as read, in
# rational arithmetic (fractions) and 40-digit decimals. R's cor() is off
# by 4e-11 here and R's lm() drops x as aliased (its 1e-7 tolerance is
# measured against the uncentred column), so neither can be the reference.
from decimal import Decimal, getcontext
from fractions import Fraction as F
getcontext().prec = 40
xs = ["10000000.000349933", "9999999.998380365", "9999999.999805633", "9999999.998956893"]
ys = ["-10000000.000068868", "-10000000.000913749", "-10000000.00023447", "-9999999.998125521"]
x = [F(float(v)) for v in xs]   # the doubles the CSV reader produces
y = [F(float(v)) for v in ys]


def dec(f):
    return Decimal(f.numerator) / Decimal(f.denominator)


def fit(w):
    sw = sum(w)
    mx = sum(wi * xi for wi, xi in zip(w, x)) / sw
    my = sum(wi * yi for wi, yi in zip(w, y)) / sw
    sxx = sum(wi * (xi - mx) ** 2 for wi, xi in zip(w, x))
    syy = sum(wi * (yi - my) ** 2 for wi, yi in zip(w, y))
    sxy = sum(wi * (xi - mx) * (yi - my) for wi, xi, yi in zip(w, x, y))
    b = sxy / sxx
    a = my - b * mx
    rss = syy - sxy * sxy / sxx
    s2 = rss / 2
    r = dec(sxy) / (dec(sxx) * dec(syy)).sqrt()
    se_b = (dec(s2) / dec(sxx)).sqrt()
    se_a = (dec(s2) * (1 / dec(F(sw)) + dec(mx * mx / sxx))).sqrt()
    r2 = sxy * sxy / (sxx * syy)
    for name, v in [("r", r), ("slope", dec(b)), ("intercept", dec(a)),
                    ("r2", dec(r2)), ("sigma", dec(s2).sqrt()),
                    ("slope_se", se_b), ("intercept_se", se_a),
                    ("p (df 2: 1 - |r|)", 1 - abs(r))]:
        print(f"  {name} {v:.20e}")


print("plain")
fit([F(1)] * 4)
print("weights 1 2 3 4")
fit([F(1), F(2), F(3), F(4)])
