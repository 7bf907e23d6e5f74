#!/usr/bin/env python3
"""ref.py: an independent reference for cx-funnel's golden cases.

Written from Spiegelhalter (2005), "Funnel plots for comparing institutional
performance", Stat Med 24:1185-1202 (appendix A.1.1: interpolated binomial
limits), Spiegelhalter (2005), "Handling over-dispersion of performance
indicators", Qual Saf Health Care 14:347-351 (winsorised z-scores, phi, the
multiplicative and additive adjustments) and STATISTICS.md B.15, with
python3's standard library only: exact binomial probabilities from
math.comb, normal quantiles from statistics.NormalDist, deciles from
statistics.quantiles(method='inclusive') (R's type 7), and the chi-square
tail from the regularised incomplete gamma function (series and continued
fraction, Numerical Recipes 6.2; checked against R's pchisq in
chisq-check.R). The golden files' expected output was printed by this
script and compared with cx-funnel's, never copied from it.

Usage: ref.py [-g COLS] (--numerator C --denominator C | --value C
       --denominator C | --value C --se C | --value C --sd C --denominator C)
       [--overdispersion M] [--limits exact|normal] [--percent]
       [--target X] [--direction up|down] [--curve] FILE
"""
import argparse
import csv
import math
import statistics
import sys

ND = statistics.NormalDist()


def fmt(x, digits=10):
    """The suite's number format: up to digits significant, no trailing
    zeros, an exponent only outside 1e-7 .. 1e16."""
    if x is None or math.isnan(x) or math.isinf(x):
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


def binom_cdf(r, n, p):
    return sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k)
               for k in range(0, r + 1))


def binom_limit(p0, n, P):
    """Smallest r with F(r) >= P, then (r - alpha)/n, alpha = (F(r) - P) /
    (F(r) - F(r - 1)); clipped to [0, 1]."""
    n = int(n)
    prev = 0.0
    for r in range(0, n + 1):
        F = binom_cdf(r, n, p0)
        if F >= P:
            alpha = (F - P) / (F - prev) if F > prev else 0.0
            return min(1.0, max(0.0, (r - alpha) / n))
        prev = F
    return 1.0


def gammainc_q(a, x):
    """Regularised upper incomplete gamma Q(a, x)."""
    if x <= 0:
        return 1.0
    gln = math.lgamma(a)
    if x < a + 1:
        ap, s, d = a, 1.0 / a, 1.0 / a
        for _ in range(1000):
            ap += 1
            d *= x / ap
            s += d
            if abs(d) < abs(s) * 1e-16:
                break
        return 1.0 - s * math.exp(-x + a * math.log(x) - gln)
    b = x + 1 - a
    c = 1e300
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - gln) * h


def chisq_q(x, k):
    return gammainc_q(k / 2.0, x / 2.0)


def winsorised_phi(z):
    if len(z) == 1:
        return z[0] ** 2
    q = statistics.quantiles(z, n=10, method="inclusive")
    lo, hi = q[0], q[-1]
    return statistics.fmean(min(hi, max(lo, x)) ** 2 for x in z)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-g", default="")
    ap.add_argument("--numerator")
    ap.add_argument("--denominator")
    ap.add_argument("--value")
    ap.add_argument("--se")
    ap.add_argument("--sd")
    ap.add_argument("--overdispersion", default="auto")
    ap.add_argument("--limits", default="exact")
    ap.add_argument("--percent", action="store_true")
    ap.add_argument("--target", type=float)
    ap.add_argument("--direction")
    ap.add_argument("--curve", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    units = [g for g in a.g.split(",") if g]
    share = a.se is None and a.sd is None
    inscale = 100.0 if (a.value and share and a.value.endswith("_pct")) else 1.0
    scale = 100.0 if (a.percent or inscale == 100) else 1.0
    num = lambda s: float(s) if s != "" else None

    rows = []
    with open(a.file, newline="") as f:
        for r in csv.DictReader(f):
            key = tuple(r[u] for u in units)
            if a.numerator:
                y, n, s = num(r[a.numerator]), num(r[a.denominator]), None
            elif share:
                v, n = num(r[a.value]), num(r[a.denominator])
                y = None if v is None or n is None else v / inscale * n
                s = None
            elif a.se:
                y, s = num(r[a.value]), num(r[a.se])
                n = 1 / s ** 2 if s else None
            else:
                y, n = num(r[a.value]), num(r[a.denominator])
                s = num(r[a.sd])  # the sd for now
            rows.append({"key": key, "y": y, "n": n, "s": s})

    sigma = None
    if a.sd:
        pooled = [(u["n"] - 1, u["s"]) for u in rows
                  if u["y"] is not None and u["s"] is not None
                  and u["n"] is not None and u["n"] >= 2]
        sigma = math.sqrt(sum(w * sd ** 2 for w, sd in pooled) /
                          sum(w for w, _ in pooled))
        for u in rows:
            u["s"] = sigma / math.sqrt(u["n"]) if u["n"] else None

    ok = [u for u in rows if u["y"] is not None and u["n"] and u["n"] > 0
          and (share or (u["s"] and u["s"] > 0))]
    if share:
        target = sum(u["y"] for u in ok) / sum(u["n"] for u in ok)
    else:
        target = (sum(u["y"] / u["s"] ** 2 for u in ok) /
                  sum(1 / u["s"] ** 2 for u in ok))
    if a.target is not None:
        target = a.target / scale if share else a.target

    def se0(u_n, u_s):
        if share:
            return math.sqrt(target * (1 - target) / u_n)
        return u_s

    val = lambda u: u["y"] / u["n"] if share else u["y"]
    z = [(val(u) - target) / se0(u["n"], u["s"]) for u in ok]
    I = len(z)
    phi = winsorised_phi(z)
    p = chisq_q(I * phi, I - 1) if I > 1 else None
    w = [1 / se0(u["n"], u["s"]) ** 2 for u in ok]
    den = sum(w) - sum(x * x for x in w) / sum(w)
    tau2 = max(0.0, (I * phi - (I - 1)) / den)
    req = a.overdispersion
    method = {"auto": "additive" if (p is not None and p < 0.05 and tau2 > 0)
              else "none",
              "none": "none",
              "multiplicative": "multiplicative" if phi > 1 else "none",
              "additive": "additive" if tau2 > 0 else "none"}[req]
    print("cx-funnel: units %d, phi %s, chi-square p %s, tau2 %s, method %s (%s)"
          % (I, fmt(phi, 6) or "-", fmt(p, 4) if p is not None else "-",
             fmt(tau2, 6), method, req), file=sys.stderr)

    z95, z998 = ND.inv_cdf(0.975), ND.inv_cdf(0.999)

    def limits(n, s):
        if (share and a.limits == "exact" and method == "none"
                and n == int(n) and 0 < target < 1):
            return [binom_limit(target, n, P)
                    for P in (0.025, 0.975, 0.001, 0.999)]
        e = se0(n, s) if s is not None or share else \
            (sigma / math.sqrt(n) if sigma else 1 / math.sqrt(n))
        if method == "multiplicative":
            e *= math.sqrt(phi)
        elif method == "additive":
            e = math.sqrt(e * e + tau2)
        L = [target - z95 * e, target + z95 * e,
             target - z998 * e, target + z998 * e]
        return [min(1, max(0, x)) for x in L] if share else L

    out = csv.writer(sys.stdout, lineterminator="\n")
    sc = scale if share else 1.0
    if a.curve:
        out.writerow(["n", "target", "lo95", "hi95", "lo998", "hi998"])
        ns = [u["n"] for u in ok]
        lo, hi = min(ns), max(ns)
        whole = share and a.limits == "exact" and method == "none"
        prev = None
        for k in range(100):
            n = lo if k == 0 else hi if k == 99 else lo * (hi / lo) ** (k / 99)
            if whole:
                n = math.ceil(n - 1e-9) if k == 0 else \
                    math.floor(n + 1e-9) if k == 99 else float(round(n))
            if n == prev or (k > 0 and lo == hi):
                continue
            prev = n
            L = limits(n, None)
            out.writerow([fmt(n), fmt(target * sc)] + [fmt(x * sc) for x in L])
        return
    out.writerow(units + ["n", "value", "target", "lo95", "hi95", "lo998",
                          "hi998", "z", "flag"] +
                 (["signal"] if a.direction else []))
    for u in sorted(rows, key=lambda u: "\x1f".join(u["key"])):
        if u not in ok:
            out.writerow(list(u["key"]) + [fmt(u["n"]) if u["n"] is not None
                                           else "", "", fmt(target * sc)] +
                         [""] * 5 + [""] + ([""] if a.direction else []))
            continue
        v = val(u)
        L = limits(u["n"], u["s"])
        e = se0(u["n"], u["s"])
        if method == "multiplicative":
            e *= math.sqrt(phi)
        elif method == "additive":
            e = math.sqrt(e * e + tau2)
        zz = (v - target) / e
        flag = ("high99.8" if v > L[3] else "high95" if v > L[1] else
                "low99.8" if v < L[2] else "low95" if v < L[0] else "in")
        row = list(u["key"]) + [fmt(u["n"]), fmt(v * sc), fmt(target * sc)] + \
            [fmt(x * sc) for x in L] + [fmt(zz), flag]
        if a.direction:
            side = 1 if flag.startswith("high") else -1 if flag.startswith("low") else 0
            d = 1 if a.direction == "up" else -1
            sig = "" if not side else ("better" if side == d else "worse")
            if sig and "99.8" not in flag:
                sig += "95"
            row.append(sig)
        out.writerow(row)


if __name__ == "__main__":
    main()
