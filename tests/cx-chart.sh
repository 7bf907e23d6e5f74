#!/bin/bash
# cx-chart.sh: the pictures themselves. Draws a 60-week SPC chart, a
# funnel plot of 40 units and the Kaplan-Meier curves of the example
# waits, and checks each SVG with python3 (well-formed XML, the title, the
# number of points of each kind, the period labels, the flagged units'
# names and only theirs), that two runs give the same bytes in any locale
# and hold no date, and that chromium renders each one to a picture that
# is not blank (tests/browser-shot.sh). Inputs are generated here: the
# ISO weeks by python3's datetime, the funnel limits by the normal
# approximation, so the expected counts and labels do not come from
# cx-chart.
set -u
bin=${CX_BIN:?CX_BIN unset: run through make check}
src=${CX_SRCDIR:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/cx-chart.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

python3 - <<'EOF' || exit 99
import datetime, math, random
random.seed(1)
# 60 weeks from 2025-W45 (over a year end: 2025 has 52 ISO weeks), one
# missing value, a concern beyond the limits and a run of improvement.
head = ("unit,period,value,n,centre,lcl,ucl,lcl2,ucl2,mr,phase,baseline,"
        "beyond,run,trend,two_of_three,signal,target")
start = datetime.date(2025, 11, 3)
rows, labels = [], []
for i in range(60):
    y, w, _ = (start + datetime.timedelta(weeks=i)).isocalendar()
    label = "%d-W%02d" % (y, w)
    labels.append(label)
    v = round(12 + random.uniform(-2, 2), 2)
    sig = ""
    if i == 20:
        v, sig = 25, "concern"
    if 40 <= i < 48:
        v, sig = round(v - 4, 2), "improvement"
    if i == 30:
        v = ""
    rows.append("home care,%s,%s,,12,6.5,17.5,,,,1,%d,0,0,0,0,%s,10"
                % (label, v, int(i < 20), sig))
open("spc.csv", "w").write(head + "\n" + "\n".join(rows) + "\n")
# The labels the chart must show: every 4th week counted back from the
# last (ceil(60 / 16) = 4), 15 of them.
open("spc-labels.txt", "w").write("\n".join(labels[59::-4][::-1]) + "\n")
open("spc-counts.txt", "w").write("common cause %d\nimprovement 8\nconcern 1\n"
                                  % (60 - 1 - 1 - 8))

# 40 units around a share of 75%, some far off.
p0 = 0.75
def lim(n, z):
    se = math.sqrt(p0 * (1 - p0) / n)
    return 100 * max(0, p0 - z * se), 100 * min(1, p0 + z * se)
units, flagged, inside = [], [], 0
for i in range(40):
    n = random.randint(25, 600)
    p = random.gauss(p0, 0.06)
    v = 100 * sum(random.random() < p for _ in range(n)) / n
    lo95, hi95 = lim(n, 1.959964)
    lo998, hi998 = lim(n, 3.090232)
    flag = ("high99.8" if v > hi998 else "high95" if v > hi95 else
            "low99.8" if v < lo998 else "low95" if v < lo95 else "in")
    name = "team %02d" % (i + 1)
    if flag == "in":
        inside += 1
    else:
        flagged.append(name)
    units.append("%s,%d,%.3f,75,%.3f,%.3f,%.3f,%.3f,,%s"
                 % (name, n, v, lo95, hi95, lo998, hi998, flag))
open("units.csv", "w").write("unit,n,value,target,lo95,hi95,lo998,hi998,z,flag\n"
                             + "\n".join(units) + "\n")
open("flagged.txt", "w").write("\n".join(flagged) + "\n")
open("inside.txt", "w").write("%d\n" % inside)
ns = [int(u.split(",")[1]) for u in units]
a, b = min(ns), max(ns)
with open("curve.csv", "w") as f:
    f.write("n,target,lo95,hi95,lo998,hi998\n")
    for k in range(100):
        n = a + (b - a) * k / 99
        f.write("%.4f,75,%.4f,%.4f,%.4f,%.4f\n" % ((n,) + lim(n, 1.959964) + lim(n, 3.090232)))
EOF

"$bin/cx-waits" --from referral --to appointment -g unit --curve \
    "$src/examples/waits-events.csv" > km.csv 2> /dev/null ||
    { echo "cx-waits --curve failed"; exit 99; }

draw() { # name args...
    local name=$1
    shift
    "$bin/cx-chart" "$@" -o "$name.svg" 2> "$name.err" ||
        fail "$name: status $?: $(cat "$name.err")"
    [ -s "$name.err" ] && fail "$name: stderr: $(cat "$name.err")"
    LC_ALL=C.UTF-8 "$bin/cx-chart" "$@" > "$name.again.svg" 2> /dev/null
    cmp -s "$name.svg" "$name.again.svg" ||
        fail "$name: a second run (LC_ALL=C.UTF-8) gave other bytes"
}
draw spc spc --ylabel 'median wait (days)' spc.csv
draw funnel funnel --curve curve.csv --ylabel 'seen within 4 weeks (%)' units.csv
draw km km --norm 4w km.csv

# The SVG: well-formed, titled, and each plotted series (a group whose
# <title> is its legend text) with one marker per point plus the legend's.
python3 - <<'EOF' || fails=$((fails + 1))
import re, sys
import xml.etree.ElementTree as ET
NS = {"s": "http://www.w3.org/2000/svg"}
bad = 0
def check(ok, msg):
    global bad
    if not ok:
        print("FAIL: " + msg)
        bad += 1

def load(name):
    try:
        return ET.parse(name + ".svg").getroot()
    except ET.ParseError as e:
        check(False, "%s.svg is not well-formed XML: %s" % (name, e))
        return None

def texts(root):
    return ["".join(t.itertext()) for t in root.iter("{%s}text" % NS["s"])]

def series(root):
    """legend text -> number of point markers (<use>) in the series"""
    out = {}
    for g in root.iter("{%s}g" % NS["s"]):
        if re.match(r"cx_chart_\w+_plot_\d+$", g.get("id", "")):
            t = g.find("s:title", NS)
            out[t.text if t is not None else ""] = len(list(g.iter("{%s}use" % NS["s"])))
    return out

svg = load("spc")
if svg is not None:
    check(svg.get("width") == "800" and svg.get("height") == "400", "spc: size")
    tx = texts(svg)
    check("Control chart (XmR): home care" in tx, "spc: no title in %s" % tx[-3:])
    check("median wait (days)" in tx and "week (ISO)" in tx, "spc: axis labels")
    want = open("spc-labels.txt").read().split()
    got = [t.strip() for t in tx if re.match(r"\s*\d{4}-W\d\d$", t)]
    check(got == want, "spc: period labels %s, expected %s" % (got, want))
    s = series(svg)
    for line in open("spc-counts.txt"):
        name, n = line.rsplit(" ", 1)
        check(s.get(name) == int(n) + 1,
              "spc: %r has %s markers, expected %d + 1 (legend)" % (name, s.get(name), int(n)))
    for name in ("control limits", "centre line", "target 10"):
        check(name in s, "spc: no series %r in %s" % (name, sorted(s)))
    check("special cause" not in s, "spc: a special cause series without one")

svg = load("funnel")
if svg is not None:
    tx = [t.strip() for t in texts(svg)]
    check("Funnel plot" in tx, "funnel: no title")
    flagged = open("flagged.txt").read().split("\n")[:-1]
    named = sorted(t for t in tx if t.startswith("team "))
    check(named == sorted(flagged),
          "funnel: names %s, expected the flagged %s" % (named, flagged))
    check(len(flagged) >= 5, "funnel: test data flags only %d units" % len(flagged))
    s = series(svg)
    inside = int(open("inside.txt").read())
    check(s.get("within 95% limits") == inside + 1,
          "funnel: %s grey points, expected %d + 1" % (s.get("within 95% limits"), inside))
    marked = sum(v - 1 for k, v in s.items() if k.startswith(("above", "below")))
    check(marked == len(flagged), "funnel: %d flagged markers, expected %d" % (marked, len(flagged)))
    for name in ("99.8% limits", "95% limits", "target"):
        check(name in s, "funnel: no series %r" % name)

svg = load("km")
if svg is not None:
    tx = [t.strip() for t in texts(svg)]
    check("Still waiting (Kaplan-Meier)" in tx, "km: no title")
    check("still waiting (%)" in tx and "waiting time (days)" in tx, "km: axis labels")
    check("norm 4w" in tx, "km: no norm label")
    s = series(svg)
    for unit in ("cardiology", "dermatology", "orthopaedics"):
        check(unit in s, "km: no curve for %s in %s" % (unit, sorted(s)))
    # Three transparent bands (filled polygons), one per unit, each in a
    # series without a legend entry of its own.
    bands = 0
    for g in svg.iter("{%s}g" % NS["s"]):
        t = g.find("s:title", NS)
        if t is not None and re.match(r"cx_chart_km_plot_\d+$", t.text or ""):
            bands += any(p.get("fill-opacity") for p in g.iter("{%s}polygon" % NS["s"]))
    check(bands == 3, "km: %d transparent bands, expected 3" % bands)
sys.exit(1 if bad else 0)
EOF

# No date or time of day in the picture (the km chart has no period
# labels that could look like one).
grep -E -q '20[0-9][0-9]-[01][0-9]-[0-3][0-9]|[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' km.svg &&
    fail "km.svg holds a date or time: $(grep -E -o '20[0-9-]{8}|[0-9:]{8}' km.svg | head -1)"

# Seen by a browser: each SVG renders to a picture that is not blank.
for name in spc funnel km; do
    bash "$src/tests/browser-shot.sh" -s 800x400 "$name.svg" "$name.png" > shot.out 2>&1
    st=$?
    [ $st = 0 ] || fail "$name: browser-shot status $st: $(cat shot.out)"
done

# End to end, where cx-spc and cx-funnel are built (they come from another
# branch): the weekly median wait of the example organisation through
# cx-spc, and its units through cx-funnel, drawn; every point cx-spc or
# cx-funnel wrote is on the chart, in the series of its signal or flag
# (counted from their CSV by python3's csv module).
if [ -x "$bin/cx-spc" ] && [ -x "$bin/cx-funnel" ]; then
    "$bin/cx-waits" --from referral --to intake -p week --norm 4w \
        "$src/examples/org/events.csv" 2> /dev/null > weeks.csv &&
        "$bin/cx-spc" -y median --direction down weeks.csv > e2e-spc.csv &&
        "$bin/cx-chart" spc --ylabel 'median wait (days)' e2e-spc.csv > e2e-spc.svg ||
        fail "cx-waits | cx-spc | cx-chart spc failed"
    "$bin/cx-waits" --from referral --to intake -g unit --norm 4w \
        "$src/examples/org/events.csv" 2> /dev/null > units-org.csv &&
        "$bin/cx-funnel" -g unit --value within_norm_pct --denominator waits \
            --direction up units-org.csv > e2e-funnel.csv 2> /dev/null &&
        "$bin/cx-funnel" -g unit --value within_norm_pct --denominator waits \
            --curve units-org.csv > e2e-curve.csv 2> /dev/null &&
        "$bin/cx-chart" funnel --curve e2e-curve.csv e2e-funnel.csv > e2e-funnel.svg ||
        fail "cx-waits | cx-funnel | cx-chart funnel failed"
    python3 - <<'EOF2' || fails=$((fails + 1))
import csv, re, sys
import xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
def series(name):
    out = {}
    for g in ET.parse(name).getroot().iter(S + "g"):
        if re.match(r"cx_chart_\w+_plot_\d+$", g.get("id", "")):
            t = g.find(S + "title")
            out[t.text] = len(list(g.iter(S + "use"))) - 1
    return out
bad = 0
rows = [r for r in csv.DictReader(open("e2e-spc.csv")) if r["value"]]
want = {}
for r in rows:
    k = {"": "common cause", "special": "special cause"}.get(r["signal"], r["signal"])
    want[k] = want.get(k, 0) + 1
got = {k: v for k, v in series("e2e-spc.svg").items() if k in
       ("common cause", "improvement", "concern", "special cause")}
if got != want or len(rows) < 20:
    print("FAIL: end to end spc: markers %s, cx-spc rows %s" % (got, want))
    bad = 1
units = [r for r in csv.DictReader(open("e2e-funnel.csv")) if r["value"] and r["n"]]
inside = sum(r["flag"] == "in" for r in units)
s = series("e2e-funnel.svg")
marked = sum(v for k, v in s.items() if k.startswith(("above", "below")))
if s.get("within 95% limits", 0) != inside or marked != len(units) - inside:
    print("FAIL: end to end funnel: %s, cx-funnel: %d in, %d out" % (s, inside, len(units) - inside))
    bad = 1
sys.exit(bad)
EOF2
else
    echo "cx-chart.sh: no cx-spc and cx-funnel in $bin: end to end part not run"
fi

[ $fails = 0 ] && echo "cx-chart.sh: ok"
[ $fails = 0 ]
