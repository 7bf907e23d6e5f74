"""Writes tests/cx-correlate/*.golden (python3 gen-golden.py tests/cx-correlate). Expected figures come from ref.py
(python3 standard library, textbook formulas) and STATISTICS.md; nothing
here runs cx-correlate."""
import os, sys, math
sys.path.insert(0, os.path.dirname(__file__))
from ref import *
out = sys.argv[1]
HX = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
HY = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
TX = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7]
TY = [2, 1, 3, 3, 5, 4, 6, 6, 8, 7]
HDR = 'x,y,method,n,estimate,lo,hi,p'

def num(v):
    return repr(v) if isinstance(v, float) and v != int(v) else str(int(v)) if isinstance(v, (int, float)) else v

def csv(cols, data):
    lines = [','.join(cols)]
    for r in data:
        lines.append(','.join('' if v is None else (fmtin(v)) for v in r))
    return '\n'.join(lines) + '\n'

def fmtin(v):
    if isinstance(v, str): return v
    if isinstance(v, int): return str(v)
    s = repr(v)
    return s[:-2] if s.endswith('.0') else s

def case(name, comment, cmd, files=(), stdout=None, stderr=None, status=0, fileout=None):
    t = ''.join('# ' + l + '\n' for l in comment.strip().split('\n'))
    t += 'cmd: ' + cmd + '\n'
    if status: t += 'status: %d\n' % status
    for fn, content in files:
        t += '--- file: ' + fn + '\n' + content
    if stdout is not None: t += '--- stdout\n' + stdout
    if stderr is not None: t += '--- stderr\n' + stderr
    if fileout: t += '--- file-out: ' + fileout[0] + '\n' + fileout[1]
    open(os.path.join(out, name + '.golden'), 'w').write(t)

def methods(x, y, pre, digits=10, conf=0.95, which=('pearson', 'spearman', 'kendall')):
    f = {'pearson': pearson, 'spearman': spearman, 'kendall': kendall}
    rows = []
    for m in which:
        v = f[m](x, y, conf) if len(x) >= 3 else [None] * 4
        rows.append(','.join(pre + [m, str(len(x))] + [fmt(a, digits) if a is not None else '' for a in v]))
    return rows

def err(msg): return 'cx-correlate: ' + msg + '\n'
TRY = "Try 'cx-correlate --help' for more information.\n"

# --- the reference examples ---
xy = csv(['team', 'staff', 'client'], [('t%d' % i, a, b) for i, (a, b) in enumerate(zip(HX, HY))])
case('cortest', """STATISTICS.md B.6 (R cor.test, Hollander-Wolfe data): Pearson r, Fisher z
interval, t-test p; B.7: Spearman rho 0.6 and t-approximation p 0.0876228290414023;
B.8: Kendall tau 0.444444444444444, normal p 0.0952928380234565. Spearman and
Kendall intervals: Fisher z with the Bonett-Wright and Fieller se, and every
figure rounded to 10 digits, by python3 (tests/cx-correlate/ref.py).""",
     'cx-correlate --disclosure none -x staff -y client teams.csv', [('teams.csv', xy)],
     HDR + '\n' + '\n'.join(methods(HX, HY, ['staff', 'client'])) + '\n')

txy = csv(['unit', 'a', 'b'], [('u%d' % i, a, b) for i, (a, b) in enumerate(zip(TX, TY))])
case('ties', """STATISTICS.md B.7 and B.8, the ties example: Pearson r 0.913057286414980
(CI 0.666715846017022 .. 0.979553239181251, p 0.000224835218557698), Spearman
rho 0.938120959995470 with average ranks (p 5.95022070769685e-05), Kendall
tau-b 0.833569639401697 with the tie-corrected variance (p 0.00130419186293635);
intervals of Spearman and Kendall and the rounding by python3 (ref.py).""",
     'cx-correlate --disclosure none -x a -y b ties.csv', [('ties.csv', txy)],
     'x,y,method,n,estimate,lo,hi,p\n' + '\n'.join(methods(TX, TY, ['a', 'b'])) + '\n')

off = csv(['team', 'staff', 'client'], [('t%d' % i, round(a + 10000000.1, 6), round(b + 10000000.1, 6)) for i, (a, b) in enumerate(zip(HX, HY))])
case('offset', """Stability: the B.6 data with 10000000.1 added to both columns give the
figures of the data without the offset (cortest.golden), here to 8 digits;
sums are taken around the mean. Expected: python3 on the data without offset.""",
     'cx-correlate --disclosure none --digits 8 -x staff -y client offset.csv', [('offset.csv', off)],
     HDR + '\n' + '\n'.join(methods(HX, HY, ['staff', 'client'], digits=8)) + '\n')

from fractions import Fraction
def exact_r(x, y):
    x = [Fraction(v) for v in x]; y = [Fraction(v) for v in y]
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x); syy = sum((b - my) ** 2 for b in y)
    return float(sxy) / math.sqrt(float(sxx) * float(syy))
ox = [round(a + 10000000.1, 6) for a in HX]; oy = [round(b + 10000000.1, 6) for b in HY]
case('offset-exact', """Stability to all 10 digits: with the offset, the stored doubles are not
exactly the B.6 values plus 10000000.1 (the spacing of doubles near 1e7 is
1.9e-9), so the reference is the r of the doubles as read, computed exactly
with python3's fractions (centred sums), then rounded: 0.5711815578.""",
     'cx-correlate -m pearson -x staff -y client offset.csv | cut -d, -f5', [('offset.csv', off)],
     'estimate\n' + fmt(exact_r(ox, oy)) + '\n')

# --- perfect line and regression ---
lx = [1, 2, 3, 4, 5, 6]; ly = [2 * v + 3 for v in lx]
kp = kendall(lx, ly)
case('perfect-line', """Exact regression on a perfect line y = 2x + 3: r = 1, zero-width
intervals, p 0 (t test); Kendall's normal p from Var S = n(n-1)(2n+5)/18 and
S = 15: 2(1 - Phi(15/sqrt(510/18))) = 0.004832240869 (python NormalDist);
slope 2 with a zero-width interval, intercept 3, r2 1 (by hand).""",
     'cx-correlate --disclosure none --regression -x x -y y line.csv', [('line.csv', csv(['x', 'y'], list(zip(lx, ly))))],
     'x,y,method,n,estimate,lo,hi,p,slope,slope_lo,slope_hi,intercept,r2\n'
     'x,y,pearson,6,1,1,1,0,2,2,2,3,1\nx,y,spearman,6,1,1,1,0,2,2,2,3,1\n'
     'x,y,kendall,6,1,1,1,%s,2,2,2,3,1\n' % fmt(kp[3]))

# --- regression figures ---
def reg(x, y, w=None, conf=0.95, tq=None):
    n = len(x); w = w or [1] * n; sw = sum(w)
    mx = sum(a * b for a, b in zip(w, x)) / sw; my = sum(a * b for a, b in zip(w, y)) / sw
    sxx = sum(a * (b - mx) ** 2 for a, b in zip(w, x)); sxy = sum(a * (b - mx) * (c - my) for a, b, c in zip(w, x, y))
    syy = sum(a * (c - my) ** 2 for a, c in zip(w, y))
    b = sxy / sxx; a = my - b * mx
    chisq = sum(wi * (yi - a - b * xi) ** 2 for wi, xi, yi in zip(w, x, y))
    se = math.sqrt(chisq / (n - 2) / sxx)
    return [b, b - tq * se, b + tq * se, a, 1 - chisq / syy]
T7 = 2.364624251592785  # t(7, 0.975), printed in every t table
r = reg(HX, HY, tq=T7)
case('regression', """Least squares of client on staff (B.6 data): slope and intercept as
python3's statistics.linear_regression, slope interval +- t(7, 0.975) =
2.364624251592785 times sqrt(residual variance / Sxx), r2 = r^2 (ref.py).""",
     'cx-correlate --disclosure none --regression -m pearson -x staff -y client teams.csv', [('teams.csv', xy)],
     'x,y,method,n,estimate,lo,hi,p,slope,slope_lo,slope_hi,intercept,r2\n' +
     methods(HX, HY, ['staff', 'client'], which=['pearson'])[0] + ',' + ','.join(fmt(v) for v in r) + '\n')

# --- weights ---
W = [10, 20, 5, 8, 12, 30, 7, 9, 4]
wxy = csv(['team', 'staff', 'client', 'respondents'], [('t%d' % i, a, b, c) for i, (a, b, c) in enumerate(zip(HX, HY, W))])
wr = wpearson(HX, HY, W); wp = pearson(HX, HY, r=wr); rg = reg(HX, HY, W, tq=T7)
case('weight', """Weighted Pearson (sums of w(x-mx)(y-my) around the weighted means; the
test and interval use n = 9 units) and weighted least squares (slope se from
the weighted residual variance chisq/(n-2), t(7, 0.975) = 2.364624251592785,
r2 = 1 - chisq/weighted total SS); python3, ref.py. Spearman is unweighted.""",
     'cx-correlate --disclosure none --weight respondents --regression -m pearson,spearman -x staff -y client w.csv', [('w.csv', wxy)],
     'x,y,method,n,estimate,lo,hi,p,slope,slope_lo,slope_hi,intercept,r2\n'
     'staff,client,weighted_pearson,9,' + ','.join(fmt(v) for v in wp) + ',' + ','.join(fmt(v) for v in rg) + '\n'
     'staff,client,spearman,9,' + ','.join(fmt(v) for v in spearman(HX, HY)) + ',' + ','.join(fmt(v) for v in rg) + '\n')

# weight: zero weight drops the pair, negative is an error
case('weight-zero', """A zero or missing weight drops the pair: the result is that of the
other 9 teams (B.6, ref.py).""",
     'cx-correlate --disclosure none --weight w -m pearson -x staff -y client w.csv',
     [('w.csv', csv(['team', 'staff', 'client', 'w'], [('t%d' % i, a, b, 1) for i, (a, b) in enumerate(zip(HX, HY))] + [('z1', 99, 1, 0), ('z2', 98, 1, '')]))],
     HDR + '\n' + methods(HX, HY, ['staff', 'client'], which=['pearson'])[0].replace(',pearson,', ',weighted_pearson,') + '\n')
case('weight-negative', "A negative weight is a data error naming file and line.",
     'cx-correlate --weight w -x staff -y client w.csv', [('w.csv', 'staff,client,w\n1,2,1\n2,3,-1\n')],
     stderr=err("w.csv:3: negative weight '-1' in column 'w'"), status=1)

# --- control ---
Z = [3, 1, 4, 1, 5, 9, 2, 6, 5]
cxy = csv(['team', 'staff', 'client', 'size'], [('t%d' % i, a, b, c) for i, (a, b, c) in enumerate(zip(HX, HY, Z))])
pp = partial(HX, HY, Z); ps = partial(rank(HX), rank(HY), rank(Z))
case('control', """Partial correlation on one covariate: (rxy - rxz ryz)/sqrt((1-rxz^2)(1-ryz^2))
on the values (Pearson) and on average ranks (Spearman); t test with df n-3,
Fisher z se 1/sqrt(n-4) (Spearman: Bonett-Wright with n-4); python3, ref.py.""",
     'cx-correlate --disclosure none --control size -x staff -y client c.csv', [('c.csv', cxy)],
     HDR + '\n' + 'staff,client,partial_pearson,9,' + ','.join(fmt(v) for v in pearson(HX, HY, k=1, r=pp)) + '\n'
     + 'staff,client,partial_spearman,9,' + ','.join(fmt(v) for v in spearman(HX, HY, k=1, r=ps)) + '\n')
case('control-kendall', "Kendall has no partial form here: a usage error.",
     'cx-correlate --control size -m kendall -x staff -y client c.csv', [('c.csv', cxy)],
     stderr=err('--control: partial correlation is available for pearson and spearman, not kendall') + TRY, status=2)

# --- small n ---
rows = []
data = [('g2', [1, 2], [3, 1]), ('g3', [1, 2, 3], [1, 3, 2]), ('g4', [1, 2, 3, 4], [1, 3, 2, 4]), ('g5', [1, 2, 3, 4, 5], [2, 1, 4, 3, 5])]
body = []
for g, x, y in data:
    for a, b in zip(x, y): rows.append((g, a, b))
    body += methods(x, y, [g, 'x', 'y'])
case('small-n', """Fewer than 3 pairs: empty estimate; 3: estimate and p, no interval; 4:
Pearson and Spearman intervals; Kendall's interval (Fieller se
sqrt(0.437/(n-4))) from 5. Figures by python3, ref.py.""",
     'cx-correlate --disclosure none -g g -x x -y y --adjust none s.csv', [('s.csv', csv(['g', 'x', 'y'], rows))],
     'g,x,y,method,n,estimate,lo,hi,p\n' + '\n'.join(body) + '\n')

# --- NA ---
nrows = [('t%d' % i, a, b) for i, (a, b) in enumerate(zip(HX, HY))] + [('m1', 'NA', 3.0), ('m2', 50.0, ''), ('m3', '-', '-')]
case('na', """Missing values (the empty field and the --na strings) drop the pair only;
n counts the 9 complete pairs (B.6 figures, ref.py).""",
     'cx-correlate --disclosure none --na NA,- -x staff -y client teams.csv', [('teams.csv', csv(['team', 'staff', 'client'], nrows))],
     HDR + '\n' + '\n'.join(methods(HX, HY, ['staff', 'client'])) + '\n')
case('bad-number', "Without --na, 'NA' is not a number: a data error naming file and line.",
     'cx-correlate --disclosure none -x staff -y client teams.csv', [('teams.csv', csv(['team', 'staff', 'client'], nrows))],
     stderr=err("teams.csv:11: bad number 'NA' in column 'staff'"), status=1)

# --- two files ---
units = ['u%d' % i for i in range(9)]
f1 = csv(['unit', 'period', 'mean'], [(u, '2026-Q1', a) for u, a in zip(units, HX)] + [('only-staff', '2026-Q1', 50.0)])
f2 = csv(['period', 'unit', 'mean'], [('2026-Q1', u, b) for u, b in reversed(list(zip(units, HY)))] + [('2026-Q1', 'only-c1', 3.0), ('2026-Q2', 'u1', 3.0)])
case('join', """Two files joined on unit,period (columns in another order, rows in another
order): the 9 matched units give the B.6 figures (ref.py); keys in one file only
are counted on stderr.""",
     'cx-correlate --disclosure none -k unit,period -x mean -y mean staff.csv clients.csv', [('staff.csv', f1), ('clients.csv', f2)],
     'x,y,method,n,estimate,lo,hi,p\n' + '\n'.join(methods(HX, HY, ['mean', 'mean'])) + '\n',
     err('keys in one file only: 1 in staff.csv, 2 in clients.csv'))
case('join-dup-x', "A key twice in the first file: an error naming both lines.",
     'cx-correlate --disclosure none -k unit,period -x mean -y mean staff.csv clients.csv',
     [('staff.csv', 'unit,period,mean\na,2026-Q1,1\nb,2026-Q1,2\na,2026-Q1,3\n'), ('clients.csv', f2)],
     stderr=err("staff.csv:4: duplicate key 'a,2026-Q1' (also on line 2)"), status=1)
case('join-dup-y', "A key twice in the second file: an error naming both lines.",
     'cx-correlate -k unit -x mean -y mean staff.csv clients.csv',
     [('staff.csv', 'unit,mean\na,1\nb,2\n'), ('clients.csv', 'unit,mean\nb,1\na,2\nc,3\nb,4\n')],
     stderr=err("clients.csv:5: duplicate key 'b' (also on line 2)"), status=1)

# --- lags ---
qs = ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']
# staff x at quarter t, clients y at t+1: pairs (x_t, y_{t+1}) across the year end
sx = {('a', q): v for q, v in zip(qs, [3.1, 3.6, 3.2, 4.0])}
sx.update({('b', q): v for q, v in zip(qs, [2.5, 2.9, 3.8, 3.3])})
cy = {('a', q): v for q, v in zip(qs, [7.0, 7.2, 8.1, 7.4])}
cy.update({('b', q): v for q, v in zip(qs, [6.1, 6.6, 7.3, 8.4])})
px, py = [], []
for u in 'ab':
    for i in range(3):
        px.append(sx[u, qs[i]]); py.append(cy[u, qs[i + 1]])
f1 = csv(['unit', 'period', 'mean'], [(u, q, sx[u, q]) for u in 'ab' for q in qs])
f2 = csv(['unit', 'period', 'mean'], [(u, q, cy[u, q]) for u in 'ab' for q in qs])
case('lag-quarters', """--lag 1: staff at quarter t with clients at t+1, across the year end
(2025-Q4 with 2026-Q1); pairs made by hand, figures by python3 (ref.py). The
last staff quarter and the first client quarter of each unit have no partner.""",
     'cx-correlate --disclosure none -k unit,period --lag 1 -x mean -y mean staff.csv clients.csv', [('staff.csv', f1), ('clients.csv', f2)],
     'x,y,lag,method,n,estimate,lo,hi,p\n' + '\n'.join(m.replace('mean,mean,', 'mean,mean,1,') for m in methods(px, py, ['mean', 'mean'])) + '\n',
     err('keys in one file only (after the lag): 2 in staff.csv, 2 in clients.csv'))
# one file, negative lag: x at t with y at t-1, unit from -k
one = csv(['unit', 'quarter', 'staff', 'client'], [(u, q, sx[u, q], cy[u, q]) for u in 'ab' for q in reversed(qs)])
nx_, ny_ = [], []
for u in 'ab':
    for i in range(1, 4):
        nx_.append(sx[u, qs[i]]); ny_.append(cy[u, qs[i - 1]])
case('lag-one-file', """One file, --lag -1 with -k unit --lag-key quarter: staff at quarter t with
clients of the same unit at t-1 (rows in any order); pairs by hand, figures by
python3 (ref.py).""",
     'cx-correlate --disclosure none -k unit --lag -1 --lag-key quarter -m pearson,kendall -x staff -y client q.csv', [('q.csv', one)],
     'x,y,lag,method,n,estimate,lo,hi,p\n' + '\n'.join(m.replace('staff,client,', 'staff,client,-1,') for m in methods(nx_, ny_, ['staff', 'client'], which=['pearson', 'kendall'])) + '\n',
     err('lag -1: 2 rows without a row at t-1, 2 without a row at t+1'))
# months crossing the year and a year lag label
case('lag-no-unit', """With --lag and one file, rows of one period must be one unit each: a
duplicate period without -k names both lines and says what -k is for.""",
     'cx-correlate --lag 1 --lag-key quarter -x staff -y client q.csv', [('q.csv', one)],
     stderr=err("q.csv:6: duplicate key '2026-Q2' (also on line 2); with --lag and one file, -k names the columns that identify a unit"), status=1)
case('key-dup-one-file', "One file with -k and no lag: -k is checked for duplicates, naming both lines.",
     'cx-correlate -k unit,period -x s -y c p.csv', [('p.csv', 'unit,period,s,c\na,2026-Q1,1,2\nb,2026-Q1,2,3\na,2026-Q1,3,4\n')],
     stderr=err("p.csv:4: duplicate key 'a,2026-Q1' (also on line 2)"), status=1)
case('bad-period', "A lag key that is not a period label: a data error.",
     'cx-correlate -k unit --lag 1 -x s -y c p.csv', [('p.csv', 'unit,period,s,c\na,2026-Q1,1,2\na,Q2 2026,2,3\n')],
     stderr=err("p.csv:3: bad period 'Q2 2026' in column 'period'"), status=1)
case('period-kind', "Period labels of different kinds (quarter, then month): a data error.",
     'cx-correlate -k unit --lag 1 -x s -y c p.csv', [('p.csv', 'unit,period,s,c\na,2026-Q1,1,2\na,2026-05,2,3\n')],
     stderr=err("p.csv:3: period '2026-05' in column 'period' is not of the kind of the periods before it"), status=1)

# --- groups and adjustment ---
grows = [('A', a, b) for a, b in zip(HX, HY)] + [('B', a, b) for a, b in zip(TX, TY)]
gcsv = csv(['site', 'staff', 'client'], grows)
def adj_bh(ps):
    m = len(ps); o = sorted(range(m), key=lambda i: ps[i]); q = [0] * m; run = 1
    for i in range(m - 1, -1, -1):
        run = min(run, min(1, m * ps[o[i]] / (i + 1))); q[o[i]] = run
    return q
def grouped(adjf):
    res = {'A': {}, 'B': {}}
    for g, x, y in (('A', HX, HY), ('B', TX, TY)):
        for m, f in (('pearson', pearson), ('spearman', spearman), ('kendall', kendall)):
            res[g][m] = f(x, y)
    lines = []
    adjd = {}
    for m in ('pearson', 'spearman', 'kendall'):
        q = adjf([res['A'][m][3], res['B'][m][3]])
        adjd['A', m], adjd['B', m] = q
    for g, n in (('A', 9), ('B', 10)):
        for m in ('pearson', 'spearman', 'kendall'):
            lines.append(','.join([g, 'staff', 'client', m, str(n)] + [fmt(v) for v in res[g][m]] + [fmt(adjd[g, m])]))
    return 'site,x,y,method,n,estimate,lo,hi,p,p_adj\n' + '\n'.join(lines) + '\n'
case('adjust-groups', """-g: one result per group (A: B.6 data, B: the B.7 ties data; p-values of
STATISTICS.md). p_adj: Benjamini-Hochberg over the family of one method, that
is over both groups (m = 2), not over all six rows; by python3 (ref.py).""",
     'cx-correlate --disclosure none -g site -x staff -y client g.csv', [('g.csv', gcsv)], grouped(adj_bh))
case('adjust-bonferroni', """--adjust bonferroni: min(1, 2p) within each method's family of two
groups (python3, ref.py).""",
     'cx-correlate --disclosure none -g site --adjust bonferroni -x staff -y client g.csv', [('g.csv', gcsv)],
     grouped(lambda ps: [min(1, 2 * p) for p in ps]))
def holm(ps):
    m = len(ps); o = sorted(range(m), key=lambda i: ps[i]); q = [0] * m; run = 0
    for i, j in enumerate(o):
        run = max(run, min(1, (m - i) * ps[j])); q[j] = run
    return q
case('adjust-holm', """--adjust holm: running max of (m-i+1) p_(i) within each method's family
of two groups (python3, ref.py).""",
     'cx-correlate --disclosure none -g site --adjust holm -x staff -y client g.csv', [('g.csv', gcsv)], grouped(holm))

# many pairs
mp = csv(['a', 'b', 'c', 'd'], [(x, y, float(t), float(u)) for x, y, t, u in zip(HX, HY, TX[:9], TY[:9])])
cols = {'a': HX, 'b': HY, 'c': TX[:9], 'd': TY[:9]}
lines = []; ps = []
for x in ('a', 'b'):
    for y in ('c', 'd'):
        v = pearson(cols[x], cols[y]); ps.append(v[3]); lines.append([x, y, 'pearson', '9'] + [fmt(a) for a in v])
q = adj_bh(ps)
case('many-pairs', """-x a,b -y c,d: every x with every y, in the order given; p_adj by
Benjamini-Hochberg over the four Pearson tests (python3, ref.py).""",
     'cx-correlate --disclosure none -m pearson -x a,b -y c,d mp.csv', [('mp.csv', mp)],
     'x,y,method,n,estimate,lo,hi,p,p_adj\n' + '\n'.join(','.join(l + [fmt(qq)]) for l, qq in zip(lines, q)) + '\n')

# --- min-n ---
case('min-n', """--min-n 10: group A (9 pairs) keeps its key, x, y, method and n, every
other figure empty, suppressed 1; group B (10 pairs) as in ties.golden; B alone
forms the adjustment family, so p_adj = p (ref.py).""",
     'cx-correlate -g site --min-n 10 -m pearson -x staff -y client g.csv', [('g.csv', gcsv)],
     'site,x,y,method,n,estimate,lo,hi,p,p_adj,suppressed\nA,staff,client,pearson,9,,,,,,1\n'
     'B,staff,client,pearson,10,' + ','.join(fmt(v) for v in pearson(TX, TY)) + ',' + fmt(pearson(TX, TY)[3]) + ',0\n')

# --- conf, digits, -o ---
case('conf-digits', """--conf 0.9 --digits 6: Fisher z interval with z = 1.644853627 (python
NormalDist), figures to 6 digits (ref.py).""",
     'cx-correlate --disclosure none --conf 0.9 --digits 6 -m pearson,spearman -x staff -y client teams.csv', [('teams.csv', xy)],
     HDR + '\n' + '\n'.join(methods(HX, HY, ['staff', 'client'], digits=6, conf=0.9, which=['pearson', 'spearman'])) + '\n')
case('output-file', "-o writes the file (atomically) and nothing on stdout; B.6 figures (ref.py).",
     'cx-correlate --disclosure none -o out.csv -m pearson -x staff -y client teams.csv', [('teams.csv', xy)],
     fileout=('out.csv', HDR + '\n' + methods(HX, HY, ['staff', 'client'], which=['pearson'])[0] + '\n'))
case('stdin', "No operand: standard input (B.6 figures, ref.py).",
     'cx-correlate --disclosure none -m kendall -x staff -y client < teams.csv', [('teams.csv', xy)],
     HDR + '\n' + methods(HX, HY, ['staff', 'client'], which=['kendall'])[0] + '\n')

# --- resampling ---
line8 = csv(['x', 'y'], [(v, 2 * v + 1) for v in range(1, 9)])
case('bootstrap-line', """--bootstrap on a perfect line: every resample with two distinct x has r = 1,
so the percentile interval is 1 .. 1 for all three methods (by hand); the same
seed gives the same bytes (cmp of two runs).""",
     'cx-correlate --bootstrap 200 --seed 5 -x x -y y l.csv > a && cx-correlate --bootstrap 200 --seed 5 -x x -y y l.csv > b && cmp a b && cut -d, -f3,9,10 a',
     [('l.csv', line8)], 'method,boot_lo,boot_hi\npearson,1,1\nspearman,1,1\nkendall,1,1\n')
zero = csv(['x', 'y'], [(1, 1), (2, 0), (3, 0), (4, 0), (5, 1)])
case('permutations-zero', """--permutations on data with r = 0 exactly (x 1..5, y 1 0 0 0 1: the
centred cross products sum to 0; Kendall S = 0 as well; Spearman on ranks
also 0): every shuffle is at least as extreme, so p_perm = (B+1)/(B+1) = 1
(by hand).""",
     'cx-correlate --permutations 99 -x x -y y z.csv | cut -d, -f3,9', [('z.csv', zero)],
     'method,p_perm\npearson,1\nspearman,1\nkendall,1\n')
case('permutations-line', """--permutations on a perfect line of 8: only the identity and the reversal
(2 of 8! = 40320 orders) reach |r| = 1, so with 99 shuffles p_perm is
(0+1)/(99+1) = 0.01 unless a shuffle hits one of them (by hand).""",
     'cx-correlate --permutations 99 --seed 11 -x x -y y l.csv | cut -d, -f3,9', [('l.csv', line8)],
     'method,p_perm\npearson,0.01\nspearman,0.01\nkendall,0.01\n')

# --- usage errors ---
def uerr(name, cmd, msg, files=(('t.csv', 'a,b\n1,2\n'),), hint=True):
    case(name, 'Usage error: status 2, the message%s.' % (' and the hint' if hint else ''), cmd, files, stderr=err(msg) + (TRY if hint else ''), status=2)
uerr('no-measures', 'cx-correlate -x a t.csv', 'give the measures with -x COL and -y COL')
uerr('three-files', 'cx-correlate -k a -x a -y b t.csv t.csv t.csv', 'at most two files: x from the first, y from the second')
uerr('two-files-no-key', 'cx-correlate -x a -y b t.csv t.csv', 'two files need -k COLS, the columns to join them on')
uerr('two-stdin', 'cx-correlate -k a -x a -y b - -', 'only one of the two files can be standard input')
uerr('lag-key-no-lag', 'cx-correlate --lag-key p -x a -y b t.csv', '--lag-key needs --lag')
uerr('bad-method', 'cx-correlate -m pearson,tau -x a -y b t.csv', "invalid --method 'tau': pearson, spearman or kendall")
uerr('bad-adjust', 'cx-correlate --adjust fdr2 -x a -y b t.csv', "invalid --adjust 'fdr2': bh, holm, bonferroni or none")
uerr('bad-lag', 'cx-correlate --lag one -x a -y b t.csv', "invalid --lag 'one': a whole number from -100000 to 100000")
uerr('missing-column', 'cx-correlate -x a -y c t.csv', "missing column 'c' (columns present: 'a', 'b')", hint=False)
uerr('missing-column-2', 'cx-correlate -k a -x a -y b t.csv u.csv', "missing column 'b' (columns present: 'a', 'c')",
     (('t.csv', 'a,b\n1,2\n'), ('u.csv', 'a,c\n1,2\n')), hint=False)
