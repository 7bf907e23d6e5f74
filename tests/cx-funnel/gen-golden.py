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


# Pipelines: the other tools' -g unit output read without glue. The input
# events/responses are built so that the upstream figures are known by hand
# (INTER, the exact text the upstream tool writes); ref.py reads INTER.
def pipe(name, comment, upstream, args, fname, content, inter):
    so, se = ref(args, inter)
    t = "".join("# " + l + "\n" for l in comment.strip().split("\n"))
    t += "cmd: %s %s | cx-funnel %s\n" % (upstream, fname, args)
    t += "--- file: " + fname + "\n" + content
    t += "--- stdout\n" + so + "--- stderr\n" + se
    with open(os.path.join(out, name + ".golden"), "w") as f:
        f.write(t)


def events_waits():
    import datetime
    rows = ["client,time,activity,unit,staff"]
    d0 = datetime.datetime(2026, 1, 5, 9)
    spec = {"A": [10, 20, 40, 15], "B": [5, 35, 30, 29, 10, 12, 50, 3, 27, 26],
            "C": [1, 2, 3, 4, 5, 6], "D": [40, 41, 20]}
    k = 0
    for u, ws in spec.items():
        for j, w in enumerate(ws):
            k += 1
            r = d0 + datetime.timedelta(days=j)
            rows.append("c%02d,%s,referral,%s," % (k, r.isoformat(), u))
            rows.append("c%02d,%s,appointment,%s,s" %
                        (k, (r + datetime.timedelta(days=w)).isoformat(), u))
    return "\n".join(rows) + "\n"


pipe("pipe-waits", """
cx-waits -g unit --norm 4w into cx-funnel: every wait ends, so the share
within 28 days is plain counting: A 3 of 4 (75), B 6 of 10 (60), C 6 of 6
(100), D 1 of 3 (33.33333333 as cx-waits writes it). ref.py on that table.""",
     "cx-waits --disclosure none --from referral --to appointment -g unit --norm 4w",
     "-g unit --value within_norm_pct --denominator waits", "events.csv",
     events_waits(),
     "unit,waits,within_norm_pct\nA,4,75\nB,10,60\nC,6,100\nD,3,33.33333333\n")


def responses_units():
    import datetime
    rows = ["respondent,unit,time,item,score"]
    spec = {"A": [4, 5, 3, 4], "B": [2, 3, 4, 3, 3], "C": [5, 5, 4, 5, 5, 4],
            "D": [3, 4, 2, 5, 4, 3, 4]}
    k = 0
    for u, ss in spec.items():
        for s in ss:
            k += 1
            rows.append("r%02d,%s,2026-01-0%dT10:00:00,overall,%d" %
                        (k, u, 5 + k % 3, s))
    return "\n".join(rows) + "\n", spec


def sat_table(spec):
    import statistics
    lines = ["unit,respondents,mean,sd"]
    for u, ss in spec.items():
        lines.append("%s,%d,%s,%s" % (u, len(ss), "%.10g" % statistics.mean(ss),
                                       "%.10g" % statistics.stdev(ss)))
    return "\n".join(lines) + "\n"


R_CONTENT, R_SPEC = responses_units()
pipe("pipe-satisfaction", """
cx-satisfaction -g unit into cx-funnel: one answer per respondent, so each
unit's mean and sd are those of its scores (python3 statistics.mean and
stdev, printed to 10 digits as cx-satisfaction writes them): A 4 5 3 4, B
2 3 4 3 3, C 5 5 4 5 5 4, D 3 4 2 5 4 3 4. ref.py on that table.""",
     "cx-satisfaction --disclosure none --scale 1-5 -g unit",
     "-g unit --value mean --sd sd --denominator respondents", "responses.csv",
     R_CONTENT, sat_table(R_SPEC))


def events_handoffs():
    import datetime
    rows = ["client,time,activity,unit,staff"]
    d0 = datetime.datetime(2026, 1, 5, 9)
    spec = {"U1": (10, 3), "U2": (20, 12), "U3": (8, 1), "U4": (15, 3)}
    k = 0
    for u, (n, r) in spec.items():
        for j in range(n):
            k += 1
            seq = ["s1", "s2", "s1"] if j < r else ["s1", "s2", "s3"]
            for e, s in enumerate(seq):
                t = d0 + datetime.timedelta(days=j, hours=e)
                rows.append("k%02d,%s,visit,%s,%s%s" % (k, t.isoformat(), u, u, s))
    return "\n".join(rows) + "\n"


pipe("pipe-handoffs", """
cx-handoffs --by staff -g unit into cx-funnel: each client meets three
caregivers; those who meet s1, s2, s1 make a return. Returns per unit: U1 3
of 10 (30%), U2 12 of 20 (60%), U3 1 of 8 (12.5%), U4 3 of 15 (20%), the
pingpong_pct over clients. ref.py on that table.""",
     "cx-handoffs --by staff -g unit",
     "-g unit --value pingpong_pct --denominator clients", "events.csv",
     events_handoffs(),
     "unit,clients,pingpong_pct\nU1,10,30\nU2,20,60\nU3,8,12.5\nU4,15,20\n")


# --period: only the rows of one period count; ref.py reads those rows.
PER = ("unit,period,within,waits\nA,2026-W01,1,10\nA,2026-W02,5,10\n"
       "B,2026-W01,2,30\nB,2026-W02,15,30\nC,2026-W02,9,12\n")
PER_W02 = "unit,within,waits\nA,5,10\nB,15,30\nC,9,12\n"
so, se = ref("-g unit --numerator within --denominator waits", PER_W02)
with open(os.path.join(out, "period.golden"), "w") as f:
    f.write("# --period 2026-W02 keeps the rows of that week (a tool run with -p\n"
            "# week writes one row per unit and week). ref.py on those rows.\n"
            "cmd: cx-funnel -g unit --numerator within --denominator waits "
            "--period 2026-W02 units.csv\n--- file: units.csv\n" + PER +
            "--- stdout\n" + so + "--- stderr\n" + se)
