#!/usr/bin/env python3
# defect-expected.py: formats the reference values of offset-exact.py and
# defects.R (R 4.2.2) as the CONVENTIONS.md number format (--digits 13:
# 13 significant digits, no trailing zeros, exponent only below 1e-7) for
# the expected stdout of tests/cx-correlate/defect-*.golden. Nothing here
# runs cx-correlate.
import math


def fmt(x, d=13):
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    if x == 0:
        return "0"
    e = int(("%.*e" % (d - 1, x)).split("e")[1])
    if -7 <= e < 16:
        s = "%.*f" % (max(d - 1 - e, 0), x)
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s
    m, _ = ("%.*e" % (d - 1, x)).split("e")
    if "." in m:
        m = m.rstrip("0").rstrip(".")
    return "%se%d" % (m, e)


Z = 1.959963984540054          # qnorm(0.975)
T2 = 0.95 / math.sqrt(2 * 0.975 * 0.025)  # qt(0.975, 2), closed form


def offset_row(method, r, slope, icpt, r2, sigma, se_b, se_a):
    lo, hi = math.tanh(math.atanh(r) - Z), math.tanh(math.atanh(r) + Z)
    adj = 1 - (1 - r2) * 3 / 2
    v = [r, lo, hi, 1 - abs(r), "t", slope, slope - T2 * se_b, slope + T2 * se_b,
         icpt, r2, se_b, icpt - T2 * se_a, icpt + T2 * se_a, se_a, adj, sigma, 2]
    return "x,y,%s,4,%s" % (method, ",".join(a if isinstance(a, str) else fmt(a) for a in v))


print("defect-offset:")
print(offset_row("pearson", -1.32971743130358257543e-2, -1.81819414115841504183e-2,
                 -9.81818058573120666230e+6, 1.76814844711259784569e-4,
                 1.46620655286107321148e-3, 9.66779640381503122125e-1,
                 9.66779640320905948288e+6))
print(offset_row("weighted_pearson", -1.36830461557536160410e-1,
                 -2.51638537540262738171e-1, -7.48361462429993292596e+6,
                 1.87225752100483810170e-2, 2.57316760269829089936e-3,
                 1.28817618685446868428e+0, 1.28817618675598932132e+7))
print("defect-tail: p", fmt(7.5047370383041451e-36, 12))
print("defect-collinear:")
r = 0.99385306372331228
v = [r, 0.94243031044294379, 0.99935882965752876, 5.6561107926926249e-05, "t",
     2.201257861635221, 1.8608623968551656, 2.5416533264152763,
     1.199460916442046, 0.99020517579131861, 0.12260118672715682,
     0.49856062366987153, 1.9003612092142204, 0.25244521905367995,
     0.98530776368697792, 0.29215560353286302, 4,
     -1.4654088050314467, 0.12260118672715681, None, None]
print("x,y,partial_pearson,7," + ",".join(a if isinstance(a, str) else fmt(a) for a in v))
