#!/usr/bin/env python3
"""Writes the computed golden cases of tests/cx-spc (python3
tests/cx-spc/gen-golden.py tests/cx-spc). Expected stdout comes from ref.py
(an independent python3 implementation of the formulas and rules); nothing
here runs cx-spc. Hand-computed cases (xmr-b14, p-montgomery, errors) are
written by hand, not by this script."""
import io
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
    return r.stdout


def case(name, comment, args, fname, content):
    t = "".join("# " + l + "\n" for l in comment.strip().split("\n"))
    t += "cmd: cx-spc %s %s\n" % (args, fname)
    t += "--- file: " + fname + "\n" + content
    t += "--- stdout\n" + ref(args, content)
    with open(os.path.join(out, name + ".golden"), "w") as f:
        f.write(t)


def rules_csv():
    """Two units over 24 ISO weeks (mean scores, as cx-satisfaction -p week
    writes them), and a missing week of A put out of order."""
    a = [12, 14, 11, 13, 15, 12, 13, 14, 12, 13, 11, 14,
         9, 10, 9, 8, 10, 9, 10, 9, 13, 14, 12, 13]
    b = [20, 22, 21, 23, 20, 22, 21, 19, 20, 21, 22, 23, 24, 25,
         21, 35, 20, 26, 22, 26.5, 21, 20, 21, 22]
    rows = []
    for u, vals in (("B", b), ("A", a)):
        for i, v in enumerate(vals):
            rows.append("%s,2026-W%02d,%s" % (u, i + 1, v))
    rows.insert(5, "A,2026-W30,")
    return "unit,period,mean\n" + "\n".join(rows) + "\n"


R = rules_csv()
case("xmr-rules", """
XmR per unit, limits from all points: A's weeks 4-10 above and 13-20 below
its centre are runs; B's 19..25 is a rising trend of 7 (weeks 8-14) and
week 16 lies beyond the upper limit. The empty week 2026-W30 stays, with
empty figures. Expected output from ref.py (python3, independent).""",
     "-g unit -y mean", "rules.csv", R)
case("xmr-baseline-direction", """
--baseline 12 (the first 12 weeks set the limits), --direction down
(lower is better) and a target line: A's run of 8 below is an improvement,
with points also two of three beyond two sigma; B's rising trend and the
points beyond its baseline's upper limit are concerns. ref.py.""",
     "-g unit -y mean --baseline 12 --direction down --target 15",
     "rules.csv", R)
case("xmr-baseline-range", """
--baseline FIRST:LAST over period labels, with --summary. ref.py.""",
     "-g unit -y mean --baseline 2026-W05:2026-W16 --summary", "rules.csv", R)
case("xmr-recalc", """
--recalc 2026-W13: a second phase with its own limits; runs and trends do
not cross the phase boundary, the first moving range of phase 2 is empty.
ref.py.""", "-g unit -y mean --recalc 2026-W13", "rules.csv", R)
case("xmr-summary-lengths", """
--summary with --run-length 6 --trend-length 6 and --direction up, after a
recalculation. ref.py.""",
     "-g unit -y mean --recalc 2026-W13 --run-length 6 --trend-length 6 "
     "--direction up --summary", "rules.csv", R)

# A p-chart in percent with denominators that vary, as cx-waits -p month
# writes within_norm_pct and waits (an empty share and a zero denominator
# are missing points).
P = ("unit,period,waits,within_norm_pct\n"
     "U1,2026-01,40,80\nU1,2026-02,35,77.14285714\nU1,2026-03,50,84\n"
     "U1,2026-04,20,75\nU1,2026-05,45,82.22222222\nU1,2026-06,38,78.94736842\n"
     "U1,2026-07,42,83.33333333\nU1,2026-08,30,60\nU1,2026-09,0,\n"
     "U1,2026-10,44,54.54545455\nU1,2026-11,41,90.24390244\n"
     "U1,2026-12,36,,\n"
     "U2,2026-01,12,50\nU2,2026-02,10,60\nU2,2026-03,15,53.33333333\n"
     "U2,2026-04,8,75\nU2,2026-05,11,45.45454545\nU2,2026-06,9,55.55555556\n"
     "U2,2026-07,14,57.14285714\nU2,2026-08,10,100\n")
P = P.replace(",,\n", ",\n")
case("p-pct", """
p-chart of a percent column (_pct) with its denominator: limits vary with
each month's waits and are clipped to 0-100; --direction up. ref.py.""",
     "-g unit -y within_norm_pct --chart p --denominator waits --direction up",
     "waits.csv", P)
case("p-pct-summary", """
The same p-chart, --summary. ref.py.""",
     "-g unit -y within_norm_pct --chart p --denominator waits --direction up "
     "--summary", "waits.csv", P)
