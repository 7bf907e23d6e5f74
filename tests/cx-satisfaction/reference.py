#!/usr/bin/env python3
"""reference.py: an independent re-computation of cx-satisfaction's figures
with python3's standard library only (statistics, math, csv, datetime), used
while writing the golden cases to get their expected numbers. It is not run
by make check and shares no code with the tool. t and F quantiles come from
Simpson integration of the densities and bisection, not from GSL.

Usage: reference.py --scale 1-5 [-g COLS] [-p month|quarter|week|day|year]
       [--top K] [--bottom K] [--nps] [--alpha] [--straightline N]
       [--compare] [--target PCT] [--conf L] [--by-response] [--digits N]
       FILE
Small-cell suppression is not implemented here: its golden cases are
worked out by hand."""
import argparse, csv, datetime, math, statistics as st
from statistics import NormalDist


def simpson(f, a, b, n=20000):
    h = (b - a) / n
    s = f(a) + f(b)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * f(a + i * h)
    return s * h / 3


def t_pdf(x, df):
    return math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / \
        math.sqrt(df * math.pi) * (1 + x * x / df) ** (-(df + 1) / 2)


def t_cdf(x, df):
    if x < 0:
        return 1 - t_cdf(-x, df)
    return 0.5 + simpson(lambda u: t_pdf(u, df), 0, x)


def bisect(f, target, lo, hi):
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t_quantile(p, df):
    return bisect(lambda x: t_cdf(x, df), p, 0, 1000)


def beta_cdf(u, a, b):
    lb = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return simpson(lambda v: math.exp((a - 1) * math.log(v) +
                                      (b - 1) * math.log1p(-v) - lb)
                   if 0 < v < 1 else (math.exp(-lb) if (v == 0 and a == 1) else 0.0),
                   0, u, 200000)


def f_quantile(p, d1, d2):
    def cdf(x):
        return beta_cdf(d1 * x / (d1 * x + d2), d1 / 2, d2 / 2)
    return bisect(cdf, p, 0, 1000)


def fmt(x, digits):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    if isinstance(x, int):
        return str(x)
    if x == 0:
        return "0"
    tmp = "%.*e" % (digits - 1, x)
    e = int(tmp.split("e")[1])
    if -7 <= e < 16:
        s = "%.*f" % (max(digits - 1 - e, 0), x)
        if "." in s:
            s = s.rstrip("0").rstrip(".")
    else:
        m = tmp.split("e")[0]
        if "." in m:
            m = m.rstrip("0").rstrip(".")
        s = "%se%d" % (m, e)
    return "0" if s == "-0" else s


def period(kind, t):
    d = datetime.date.fromisoformat(t[:10])
    if kind == "day":
        return d.isoformat(), d.toordinal()
    if kind == "week":
        y, w, _ = d.isocalendar()
        monday = d - datetime.timedelta(days=d.weekday())
        return "%d-W%02d" % (y, w), monday.toordinal() // 7
    if kind == "month":
        return "%04d-%02d" % (d.year, d.month), d.year * 12 + d.month - 1
    if kind == "quarter":
        q = (d.month - 1) // 3
        return "%04d-Q%d" % (d.year, q + 1), d.year * 4 + q
    return "%04d" % d.year, d.year


def wilson(x, n, z):
    if n == 0:
        return None, None
    p = x / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (0.0 if x == 0 else max(0, c - h)), (1.0 if x == n else min(1, c + h))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale")
    ap.add_argument("-g", default="")
    ap.add_argument("-p")
    ap.add_argument("--top", type=int, default=1)
    ap.add_argument("--bottom", type=int, default=1)
    ap.add_argument("--nps", action="store_true")
    ap.add_argument("--alpha", action="store_true")
    ap.add_argument("--straightline", type=int)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--target", type=float)
    ap.add_argument("--conf", type=float, default=0.95)
    ap.add_argument("--by-response", action="store_true")
    ap.add_argument("--digits", type=int, default=10)
    ap.add_argument("file")
    a = ap.parse_args()
    smin, smax = [int(v) for v in a.scale.rsplit("-", 1)] if not a.scale.startswith("-") \
        else (-int(a.scale[1:].split("-")[0]), int(a.scale[1:].split("-")[1]))
    gcols = [c for c in a.g.split(",") if c]
    z = NormalDist().inv_cdf(1 - (1 - a.conf) / 2)
    groups = {}
    with open(a.file, newline="") as fh:
        for row in csv.DictReader(fh):
            key = tuple(row[c] for c in gcols)
            pidx = None
            if a.p:
                lab, pidx = period(a.p, row["time"])
                key = key + (lab,)
            g = groups.setdefault(key, {"pidx": pidx, "ans": [], "missing": 0})
            if row["score"] == "":
                g["missing"] += 1
            else:
                g["ans"].append((row["respondent"], row["item"], float(row["score"])))
    out = []
    hdr = gcols + (["period"] if a.p else []) + [
        "respondents", "responses", "missing", "mean", "sd", "mean_lo", "mean_hi",
        "median", "top_box_pct", "top_box_lo", "top_box_hi", "bottom_box_pct",
        "bottom_box_lo", "bottom_box_hi"]
    if a.nps:
        hdr += ["nps", "nps_lo", "nps_hi", "promoters_pct", "passives_pct", "detractors_pct"]
    if a.alpha:
        hdr += ["alpha", "alpha_lo", "alpha_hi", "alpha_respondents"]
    if a.straightline:
        hdr += ["straightline_pct"]
    if a.compare:
        hdr += ["delta_mean", "p_mean", "delta_top_box_pct", "p_top_box"]
    if a.target is not None:
        hdr += ["meets_target"]
    summ = {}
    for key, g in groups.items():
        per = {}
        for r, it, s in g["ans"]:
            per.setdefault(r, []).append((it, s))
        units = [s for _, _, s in g["ans"]] if a.by_response else \
            [st.mean([s for _, s in v]) for v in per.values()]
        n = len(units)
        top = sum(1 for _, _, s in g["ans"] if s >= smax - a.top + 1)
        bot = sum(1 for _, _, s in g["ans"] if s <= smin + a.bottom - 1)
        m = st.mean(units) if n else None
        sd = st.stdev(units) if n >= 2 else None
        summ[key] = (m, sd, n, top, len(g["ans"]))
    for key in sorted(groups, key=lambda k: "\x1f".join(k).encode()):
        g = groups[key]
        per = {}
        for r, it, s in g["ans"]:
            per.setdefault(r, []).append((it, s))
        m, sd, n, top, nans = summ[key]
        units = [s for _, _, s in g["ans"]] if a.by_response else \
            [st.mean([s for _, s in v]) for v in per.values()]
        lo = hi = None
        if n >= 2:
            h = t_quantile(1 - (1 - a.conf) / 2, n - 1) * sd / math.sqrt(n)
            lo, hi = m - h, m + h
        bot = sum(1 for _, _, s in g["ans"] if s <= smin + a.bottom - 1)
        tl, th = wilson(top, nans, z)
        bl, bh = wilson(bot, nans, z)
        pc = lambda x, d: (100 * x / d) if d else None
        h100 = lambda v: None if v is None else 100 * v
        row = list(key) + [len(per), nans, g["missing"], m, sd, lo, hi,
                           st.median(units) if n else None,
                           pc(top, nans), h100(tl), h100(th), pc(bot, nans), h100(bl), h100(bh)]
        if a.nps:
            P = sum(1 for _, _, s in g["ans"] if s >= 9)
            D = sum(1 for _, _, s in g["ans"] if s < 7)
            if nans:
                p, d = P / nans, D / nans
                se = 100 * math.sqrt((p + d - (p - d) ** 2) / nans)
                v = 100 * (p - d)
                row += [v, max(-100, v - z * se), min(100, v + z * se),
                        100 * p, 100 * (nans - P - D) / nans, 100 * d]
            else:
                row += [None] * 6
        if a.alpha:
            items = sorted({it for _, it, _ in g["ans"]})
            mat = []
            for v in per.values():
                d = {}
                for it, s in v:
                    d.setdefault(it, []).append(s)
                if all(it in d for it in items):
                    mat.append([st.mean(d[it]) for it in items])
            k, nn = len(items), len(mat)
            al = alo = ahi = None
            if k >= 2 and nn >= 2:
                iv = sum(st.variance([r[j] for r in mat]) for j in range(k))
                tv = st.variance([sum(r) for r in mat])
                if tv > 0:
                    al = k / (k - 1) * (1 - iv / tv)
                    q = 1 - a.conf
                    alo = 1 - (1 - al) * f_quantile(1 - q / 2, nn - 1, (nn - 1) * (k - 1))
                    ahi = 1 - (1 - al) * f_quantile(q / 2, nn - 1, (nn - 1) * (k - 1))
            row += [al, alo, ahi, nn]
        if a.straightline:
            sl = sum(1 for v in per.values()
                     if len(v) >= a.straightline and len({s for _, s in v}) == 1)
            row += [pc(sl, len(per))]
        if a.compare:
            prevkey = None
            for k2, g2 in groups.items():
                if k2[:-1] == key[:-1] and g2["pidx"] == g["pidx"] - 1:
                    prevkey = k2
            dm = pm = db = pb = None
            if prevkey:
                m2, sd2, n2, top2, nans2 = summ[prevkey]
                if m is not None and m2 is not None:
                    dm = m - m2
                if n >= 2 and n2 >= 2 and (sd > 0 or sd2 > 0):
                    v1, v2 = sd ** 2 / n, sd2 ** 2 / n2
                    t = dm / math.sqrt(v1 + v2)
                    df = (v1 + v2) ** 2 / (v1 ** 2 / (n - 1) + v2 ** 2 / (n2 - 1))
                    pm = 2 * (1 - t_cdf(abs(t), df))
                if nans and nans2:
                    db = 100 * top / nans - 100 * top2 / nans2
                    pool = (top + top2) / (nans + nans2)
                    se = math.sqrt(pool * (1 - pool) * (1 / nans + 1 / nans2))
                    if se > 0:
                        zz = (top / nans - top2 / nans2) / se
                        pb = math.erfc(abs(zz) / math.sqrt(2))
            row += [dm, pm, db, pb]
        if a.target is not None:
            row += [None if not nans else int(100 * top / nans >= a.target)]
        out.append(row)
    print(",".join(hdr))
    for row in out:
        print(",".join(v if isinstance(v, str) else fmt(v, a.digits) for v in row))


main()
