#!/usr/bin/env python3
"""ref.py: an independent reference for cx-spc's golden cases.

Written from the formulas and rules in STATISTICS.md B.14 and the man page,
not from the C code, in a different style: limits from python's statistics
module (fmean), and every rule checked by sliding windows (a point is in a
run when some window of --run-length consecutive points holding it lies on
one side of the centre; in a trend when some window of --trend-length
points holding it rises or falls throughout), the way the NHS-R package
NHSRplotthedots writes them. The golden files' expected stdout was printed
by this script and compared with cx-spc's output, never copied from it.

Usage: ref.py [-g COLS] -y COL [--chart xmr|p] [--denominator COL]
              [--baseline N|FIRST:LAST] [--recalc P,...] [--direction up|down]
              [--target X] [--run-length N] [--trend-length N] [--summary]
              FILE
"""
import argparse
import csv
import math
import statistics
import sys


def fmt(x, digits=10):
    """The suite's number format: up to digits significant, no trailing
    zeros, an exponent only outside 1e-7 .. 1e16."""
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return ""
    if x == 0:
        return "0"
    m, e = ("%.*e" % (digits - 1, x)).split("e")
    e = int(e)
    if -7 <= e < 16:  # the suite's format (CONVENTIONS.md, Numbers)
        s = "%.*f" % (max(digits - 1 - e, 0), x)
        if "." in s:
            s = s.rstrip("0").rstrip(".")
    else:
        if "." in m:
            m = m.rstrip("0").rstrip(".")
        s = "%se%d" % (m, e)
    return "0" if s == "-0" else s


def sign(x):
    return (x > 0) - (x < 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-g", default="")
    ap.add_argument("-y", required=True)
    ap.add_argument("--period-col", default="period")
    ap.add_argument("--chart", default="xmr")
    ap.add_argument("--denominator")
    ap.add_argument("--baseline")
    ap.add_argument("--recalc", default="")
    ap.add_argument("--direction")
    ap.add_argument("--target", type=float)
    ap.add_argument("--run-length", type=int, default=7)
    ap.add_argument("--trend-length", type=int, default=7)
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    groups = [g for g in a.g.split(",") if g]
    pct = a.chart == "p" and a.y.endswith("_pct")
    scale = 100.0 if pct else 1.0
    recalc = [r for r in a.recalc.split(",") if r]
    direction = {"up": 1, "down": -1, None: 0}[a.direction]

    series = {}
    with open(a.file, newline="") as f:
        for row in csv.DictReader(f):
            key = tuple(row[g] for g in groups)
            v = float(row[a.y]) if row[a.y] != "" else None
            n = None
            if a.denominator:
                n = float(row[a.denominator]) if row[a.denominator] != "" else None
            if a.chart == "p" and (n is None or n <= 0):
                v = None
            series.setdefault(key, []).append(
                {"period": row[a.period_col], "raw": v, "n": n,
                 "v": None if v is None else v / scale})

    out = csv.writer(sys.stdout, lineterminator="\n")
    if a.summary:
        out.writerow(groups + ["periods", "last_period", "last_value", "centre",
                               "lcl", "ucl", "signal", "rule", "run_length",
                               "description"])
    else:
        out.writerow(groups + ["period", "value", "n", "centre", "lcl", "ucl",
                               "lcl2", "ucl2", "mr", "phase", "baseline",
                               "beyond", "run", "trend", "two_of_three",
                               "signal", "target"])
    for key in sorted(series, key=lambda k: "\x1f".join(k)):
        pts = sorted(series[key], key=lambda p: p["period"])
        for p in pts:
            p["phase"] = 1 + sum(1 for r in recalc if r <= p["period"])
        for ph in sorted({p["phase"] for p in pts}):
            do_phase(a, [p for p in pts if p["phase"] == ph])
        if a.summary:
            summary(out, key, pts, a, direction, scale)
        else:
            for p in pts:
                has = p["v"] is not None
                sig = signal(p, direction) if has else ""
                flags = [("1" if p[r] else "0") if has else ""
                         for r in ("beyond", "run", "trend", "two")]
                out.writerow(list(key) + [
                    p["period"], fmt(p["raw"]),
                    fmt(p["n"]) if a.chart == "p" else "",
                    fmt(p["c"] * scale if p["c"] is not None else None),
                    *(fmt(x * scale if x is not None else None)
                      for x in (p["lcl"], p["ucl"], p["lcl2"], p["ucl2"])),
                    fmt(p["mr"]), str(p["phase"]), "1" if p["used"] else "0",
                    *flags, sig, fmt(a.target)])


def do_phase(a, pts):
    vals = [p for p in pts if p["v"] is not None]
    if a.baseline and ":" in a.baseline:
        first, last = a.baseline.split(":")
        inr = [p for p in vals if first <= p["period"] <= last]
        base = inr if inr else vals
    elif a.baseline:
        base = vals[: int(a.baseline)]
    else:
        base = vals
    for p in pts:
        p["used"] = any(p is b for b in base)
    centre = None
    if base:
        if a.chart == "p":
            centre = sum(p["v"] * p["n"] for p in base) / sum(p["n"] for p in base)
        else:
            centre = statistics.fmean(p["v"] for p in base)
    mrbar = None
    if a.chart == "xmr" and len(base) >= 2:
        mrbar = statistics.fmean(abs(base[i]["v"] - base[i - 1]["v"])
                                 for i in range(1, len(base)))
    prev = None
    for p in pts:
        p["c"] = centre
        p["mr"] = None
        p["lcl"] = p["ucl"] = p["lcl2"] = p["ucl2"] = None
        if a.chart == "xmr":
            if p["v"] is not None:
                if prev is not None:
                    p["mr"] = abs(p["v"] - prev)
                prev = p["v"]
            if mrbar is not None:
                p["lcl"], p["ucl"] = centre - 2.66 * mrbar, centre + 2.66 * mrbar
                p["lcl2"] = centre - 2.66 * mrbar * 2 / 3
                p["ucl2"] = centre + 2.66 * mrbar * 2 / 3
        elif centre is not None and p["n"] is not None and p["n"] > 0:
            s = math.sqrt(centre * (1 - centre) / p["n"])
            clip = lambda x: min(1.0, max(0.0, x))
            p["lcl"], p["ucl"] = clip(centre - 3 * s), clip(centre + 3 * s)
            p["lcl2"], p["ucl2"] = clip(centre - 2 * s), clip(centre + 2 * s)
    rules(a, [p for p in vals if centre is not None])
    for p in pts:
        for r in ("beyond", "run", "trend", "two"):
            p.setdefault(r, 0)
        for r in ("run_len", "trend_len", "two_len"):
            p.setdefault(r, 0)


def rules(a, v):
    k = len(v)
    for p in v:
        p["beyond"] = 1 if (p["ucl"] is not None and p["v"] > p["ucl"]) else \
            -1 if (p["lcl"] is not None and p["v"] < p["lcl"]) else 0
        p["run"] = p["trend"] = p["two"] = 0
        p["run_len"] = p["trend_len"] = p["two_len"] = 0
    side = [sign(p["v"] - p["c"]) for p in v]
    L = a.run_length
    for s in range(0, k - L + 1):
        w = side[s:s + L]
        if w[0] != 0 and all(x == w[0] for x in w):
            for i in range(s, s + L):
                v[i]["run"] = w[0]
    for i in range(k):  # the length of each flagged run
        if v[i]["run"]:
            j = i
            while j > 0 and v[j - 1]["run"] == v[i]["run"] and side[j - 1] == side[i]:
                j -= 1
            e = i
            while e + 1 < k and v[e + 1]["run"] == v[i]["run"] and side[e + 1] == side[i]:
                e += 1
            v[i]["run_len"] = e - j + 1
    T = a.trend_length
    steps = [sign(v[i + 1]["v"] - v[i]["v"]) for i in range(k - 1)]
    for s in range(0, k - T + 1):
        w = steps[s:s + T - 1]
        if w[0] != 0 and all(x == w[0] for x in w):
            # windows are visited left to right, so a turning point ends up
            # in the later trend
            e = s + T - 1
            while e + 1 < k and steps[e] == w[0]:
                e += 1
            b = s
            while b > 0 and steps[b - 1] == w[0]:
                b -= 1
            for i in range(s, s + T):
                v[i]["trend"] = w[0]
                v[i]["trend_len"] = e - b + 1
    for i in range(k):
        win = v[max(0, i - 2): i + 1]
        for s in (1, -1):
            hits = [p for p in win if p["ucl2"] is not None and
                    (p["v"] > p["ucl2"] if s > 0 else p["v"] < p["lcl2"])]
            if len(hits) >= 2:
                for p in hits:
                    p["two"] = s
                    p["two_len"] = max(p["two_len"], len(hits))


def strongest(p):
    for r in ("beyond", "run", "trend", "two"):
        if p[r]:
            return r, p[r]
    return "", 0


def signal(p, direction):
    r, s = strongest(p)
    if not s:
        return ""
    if not direction:
        return "special"
    return "improvement" if s == direction else "concern"


NOUNS = {"W": ("week", "weeks"), "Q": ("quarter", "quarters")}


def noun(pts, plural):
    kinds = set()
    for p in pts:
        lab = p["period"]
        if len(lab) == 8 and lab[4:6] == "-W":
            kinds.add("weeks")
        elif len(lab) == 7 and lab[4:6] == "-Q":
            kinds.add("quarters")
        elif len(lab) == 7 and lab[4] == "-":
            kinds.add("months")
        elif len(lab) == 10:
            kinds.add("days")
        elif len(lab) == 4:
            kinds.add("years")
        else:
            kinds.add("points")
    k = kinds.pop() if len(kinds) == 1 else "points"
    return k if plural else k[:-1]


def summary(out, key, pts, a, direction, scale):
    vals = [p for p in pts if p["v"] is not None]
    if not vals:
        out.writerow(list(key) + [str(len(pts))] + [""] * 8 + ["no values"])
        return
    p = vals[-1]
    r, s = strongest(p)
    one, many = noun(pts, False), noun(pts, True)
    rest = ""
    if direction and s:
        rest = " (an improvement)" if s == direction else " (a concern)"
    hi = s > 0
    if r == "beyond":
        d = "special cause: a %s %s the %s limit%s" % (
            one, "above" if hi else "below", "upper" if hi else "lower", rest)
        ln = 1
    elif r == "run":
        ln = p["run_len"]
        d = "special cause: a run of %d %s %s the centre line%s" % (
            ln, many, "above" if hi else "below", rest)
    elif r == "trend":
        ln = p["trend_len"]
        d = "special cause: %d %s in a row %s%s" % (
            ln, many, "rising" if hi else "falling", rest)
    elif r == "two":
        ln = p["two_len"]
        d = "special cause: %d of the last 3 %s close to the %s limit%s" % (
            ln, many, "upper" if hi else "lower", rest)
    elif p["lcl"] is None:
        ln, d = 0, "too few %s for control limits" % many
    else:
        ln, d = 0, "common cause variation"
    sc = lambda x: fmt(x * scale if x is not None else None)
    out.writerow(list(key) + [str(len(pts)), p["period"], fmt(p["raw"]),
                              sc(p["c"]), sc(p["lcl"]), sc(p["ucl"]),
                              signal(p, direction),
                              {"two": "two_of_three"}.get(r, r),
                              str(ln) if ln else "", d])


if __name__ == "__main__":
    main()
