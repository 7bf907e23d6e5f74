"""Reference computations for cx-correlate golden cases: python3 standard
library only, written from the textbook formulas (independent of cxkit)."""
import math, statistics as st
from statistics import NormalDist
N = NormalDist()

def fmt(x, digits=10):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ''
    if x == 0:
        return '0'
    tmp = '%.*e' % (digits - 1, x)
    e = int(tmp.split('e')[1])
    if -7 <= e < 16:
        d = digits - 1 - e
        s = '%.*f' % (max(d, 0), x)
        if '.' in s:
            s = s.rstrip('0').rstrip('.')
    else:
        m = tmp.split('e')[0]
        if '.' in m:
            m = m.rstrip('0').rstrip('.')
        s = '%se%d' % (m, e)
    return '0' if s == '-0' else s

def betacf(a, b, x):
    MAXIT, EPS, FPMIN = 10000, 1e-16, 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > FPMIN else FPMIN); h = d
    for m in range(1, MAXIT):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d; d = FPMIN if abs(d) < FPMIN else d
        c = 1 + aa / c; c = FPMIN if abs(c) < FPMIN else c
        d = 1 / d; h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d; d = FPMIN if abs(d) < FPMIN else d
        c = 1 + aa / c; c = FPMIN if abs(c) < FPMIN else c
        d = 1 / d; de = d * c; h *= de
        if abs(de - 1) < EPS: break
    return h

def betai(a, b, x):
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    bt = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return bt * betacf(a, b, x) / a
    return 1 - bt * betacf(b, a, 1 - x) / b

def p_t(t, df):
    return betai(df / 2, 0.5, df / (df + t * t))

def rank(v):
    s = sorted(range(len(v)), key=lambda i: v[i]); r = [0] * len(v); i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[s[j + 1]] == v[s[i]]: j += 1
        for k in range(i, j + 1): r[s[k]] = (i + j + 2) / 2
        i = j + 1
    return r

def zc(conf): return N.inv_cdf(1 - (1 - conf) / 2)

def fisher(r, se, conf):
    if abs(r) >= 1: return r, r
    z = math.atanh(r); c = zc(conf)
    return math.tanh(z - c * se), math.tanh(z + c * se)

def ttest(r, n, k=0):
    df = n - 2 - k
    if abs(r) >= 1: return 0.0
    return p_t(r * math.sqrt(df) / math.sqrt(1 - r * r), df)

def pearson(x, y, conf=0.95, k=0, r=None):
    n = len(x)
    if r is None: r = st.correlation(x, y)
    lo = hi = None
    if n >= 4 + k: lo, hi = fisher(r, 1 / math.sqrt(n - 3 - k), conf)
    return [r, lo, hi, ttest(r, n, k)]

def spearman(x, y, conf=0.95, k=0, r=None):
    n = len(x)
    if r is None: r = st.correlation(rank(x), rank(y))
    lo = hi = None
    if n >= 4 + k: lo, hi = fisher(r, math.sqrt((1 + r * r / 2) / (n - 3 - k)), conf)
    return [r, lo, hi, ttest(r, n, k)]

def ties(v):
    from collections import Counter
    return [t for t in Counter(v).values() if t > 1]

def kendall(x, y, conf=0.95):
    n = len(x); nc = nd = n1 = n2 = 0
    for i in range(n):
        for j in range(i + 1, n):
            s = (x[i] - x[j]) * (y[i] - y[j]); nc += s > 0; nd += s < 0
            n1 += x[i] == x[j]; n2 += y[i] == y[j]
    n0 = n * (n - 1) / 2
    tau = (nc - nd) / math.sqrt((n0 - n1) * (n0 - n2))
    tx, ty = ties(x), ties(y)
    v0 = n * (n - 1) * (2 * n + 5)
    vt = sum(t * (t - 1) * (2 * t + 5) for t in tx); vu = sum(u * (u - 1) * (2 * u + 5) for u in ty)
    v1 = sum(t * (t - 1) for t in tx) * sum(u * (u - 1) for u in ty)
    v2 = sum(t * (t - 1) * (t - 2) for t in tx) * sum(u * (u - 1) * (u - 2) for u in ty)
    var = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2))
    z = (nc - nd) / math.sqrt(var)
    p = 2 * (1 - N.cdf(abs(z))) if abs(z) < 5 else 2 * N.cdf(-abs(z))
    lo = hi = None
    if n >= 5: lo, hi = fisher(tau, math.sqrt(0.437 / (n - 4)), conf)
    return [tau, lo, hi, p]

def wpearson(x, y, w):
    sw = sum(w); mx = sum(a * b for a, b in zip(w, x)) / sw; my = sum(a * b for a, b in zip(w, y)) / sw
    sxy = sum(a * (b - mx) * (c - my) for a, b, c in zip(w, x, y))
    sxx = sum(a * (b - mx) ** 2 for a, b in zip(w, x)); syy = sum(a * (c - my) ** 2 for a, c in zip(w, y))
    return sxy / math.sqrt(sxx * syy)

def partial(x, y, z):
    rxy = st.correlation(x, y); rxz = st.correlation(x, z); ryz = st.correlation(y, z)
    return (rxy - rxz * ryz) / math.sqrt((1 - rxz ** 2) * (1 - ryz ** 2))

def row(vals, digits=10):
    return ','.join(fmt(v, digits) if isinstance(v, float) else ('' if v is None else str(v)) for v in vals)
