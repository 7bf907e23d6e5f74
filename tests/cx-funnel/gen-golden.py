#!/usr/bin/env python3
"""Writes the computed golden cases of tests/cx-funnel (python3
tests/cx-funnel/gen-golden.py tests/cx-funnel). Expected stdout and stderr
come from ref.py (python3 standard library, the formulas of Spiegelhalter
2005); nothing here runs cx-funnel. Error cases and the pipelines from the
other tools are written by hand."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else here


def ref(args, content):
    path = os.path.join(out, ".ref-input.csv")
    with open(path, "w") as f:
        f.write(content)
    try:
        r = subprocess.run([sys.executable, os.path.join(here, "ref.py")] +
                           args.split() + [path], capture_output=True,
                           text=True, check=True)
    finally:
        os.remove(path)
    return r.stdout, r.stderr


def case(name, comment, args, fname, content):
    so, se = ref(args, content)
    t = "".join("# " + l + "\n" for l in comment.strip().split("\n"))
    t += "cmd: cx-funnel %s %s\n" % (args, fname)
    t += "--- file: " + fname + "\n" + content
    t += "--- stdout\n" + so + "--- stderr\n" + se
    with open(os.path.join(out, name + ".golden"), "w") as f:
        f.write(t)


# Twelve units, moderately overdispersed (phi 2.05, chi-square p 0.011).
OD = """unit,within,waits
A,30,40
B,18,35
C,62,80
D,11,20
E,41,50
F,33,60
G,100,150
H,5,8
I,51,90
J,52,70
K,12,15
L,21,30
"""
C = "-g unit --numerator within --denominator waits"
case("counts-auto", """
Counts with the default --overdispersion auto: phi 2.05 on 12 units, the
chi-square test significant, so the additive random-effects limits.
ref.py (python3).""", C, "od.csv", OD)
case("counts-none-exact", """
--overdispersion none: Spiegelhalter's interpolated exact binomial limits
(B is below the 95% limit). ref.py.""", C + " --overdispersion none",
     "od.csv", OD)
case("counts-multiplicative-percent", """
Multiplicative adjustment (limits widened by sqrt(phi)), in percent.
ref.py.""", C + " --overdispersion multiplicative --percent", "od.csv", OD)
case("counts-normal-target-direction", """
Normal limits, a given --target 0.7 and --direction down (lower is better):
the flags name the side, signal says better or worse. ref.py.""",
     C + " --limits normal --overdispersion none --target 0.7 --direction down",
     "od.csv", OD)
case("curve-additive", """
--curve: the limits over 100 sizes from 8 to 150, log-spaced, with the
additive adjustment the data call for. ref.py.""", C + " --curve", "od.csv",
     OD)
case("curve-exact", """
--curve with exact binomial limits: whole sizes, repeats dropped. ref.py.""",
     C + " --curve --overdispersion none", "od.csv", OD)

PCT = """unit,waits,within_norm_pct
U1,40,80
U2,35,62.85714286
U3,50,
U4,0,
U5,45,91.11111111
U6,12,50
U7,25,76
"""
case("share-pct", """
A share in percent (a _pct column) with its denominator, as cx-waits -g unit
writes within_norm_pct and waits; an empty share and a zero denominator are
kept with empty figures. ref.py.""",
     "-g unit --value within_norm_pct --denominator waits", "waits.csv", PCT)

MEANS = """unit,respondents,mean,sd,mean_se
A,21,4.28,0.61,0.1331
B,17,4.1,0.72,0.1746
C,30,4.43,0.55,0.1004
D,20,4.21,0.8,0.1789
E,22,3.95,0.66,0.1407
F,18,3.91,0.7,0.165
G,5,,,
H,40,4.02,0.59,0.0933
"""
case("mean-se", """
Means with standard errors: target the inverse-variance weighted mean, n the
precision 1/se^2. ref.py.""", "-g unit --value mean --se mean_se",
     "means.csv", MEANS)
case("mean-se-multiplicative", """
Means with standard errors, multiplicative adjustment requested: phi 1.45
is above 1, so the limits widen by sqrt(phi) though the chi-square test is
not significant (auto would apply none). ref.py.""",
     "-g unit --value mean --se mean_se --overdispersion multiplicative",
     "means.csv", MEANS)
case("mean-sd", """
Means with the within-unit sd and n, as cx-satisfaction writes mean, sd and
respondents: sigma pooled over units, s = sigma/sqrt(n); --direction up.
ref.py.""", "-g unit --value mean --sd sd --denominator respondents "
     "--direction up", "means.csv", MEANS)
case("mean-sd-curve-target", """
The curve for means with a given target. ref.py.""",
     "-g unit --value mean --sd sd --denominator respondents --curve "
     "--target 4.2", "means.csv", MEANS)
