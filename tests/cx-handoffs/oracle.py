#!/usr/bin/env python3
"""oracle.py: an independent re-implementation of cx-handoffs in python3's
standard library (csv, fractions, statistics), written from STATISTICS.md
B.1 and issue 4, used to compute the expected output of the golden cases.
It is not run by make check; the golden files record what it printed, and
each was also checked by hand on the small inputs.

usage: oracle.py MODE [--by COL] [-g COLS] [-p month|week|day|year]
                 [--repeat LIST] [--window DAYS] [--unit days|hours]
                 [--min-n N] [--self] < events.csv
MODE: summary, per-client, matrix, dot"""
import argparse, csv, statistics, sys
from collections import Counter, defaultdict
from datetime import datetime, date, timedelta
from fractions import Fraction as F

ap = argparse.ArgumentParser()
ap.add_argument('mode')
ap.add_argument('--by', default='unit')
ap.add_argument('-g', default='')
ap.add_argument('-p', default='')
ap.add_argument('--repeat', default='')
ap.add_argument('--window', type=float, default=None)  # days
ap.add_argument('--unit', default='days')
ap.add_argument('--min-n', type=int, default=0)
ap.add_argument('--self', action='store_true')
ap.add_argument('--digits', type=int, default=10)
a = ap.parse_args()
groups = [g for g in a.g.split(',') if g]
repeat = [r for r in a.repeat.split(',') if r]

def fmt(x):
    if x is None:
        return ''
    if isinstance(x, int):
        return str(x)
    s = f'{float(x):.{a.digits}g}'
    return s

def parse(t):
    return datetime.fromisoformat(t.replace('Z', '+00:00'))

def period(t):
    if a.p == 'month':
        return f'{t.year:04d}-{t.month:02d}'
    if a.p == 'year':
        return f'{t.year:04d}'
    if a.p == 'day':
        return f'{t.year:04d}-{t.month:02d}-{t.day:02d}'
    if a.p == 'week':
        y, w, _ = t.isocalendar()
        return f'{y:04d}-W{w:02d}'
    if a.p == 'quarter':
        return f'{t.year:04d}-Q{(t.month - 1) // 3 + 1}'
    raise SystemExit('period')

rows = list(csv.DictReader(sys.stdin))
journeys = defaultdict(list)
for i, d in enumerate(rows):
    journeys[d['client']].append((parse(d['time']), i, d))

def figures(evs):
    p = [d[a.by] for _, _, d in evs if d[a.by] != '']
    t = [tt for tt, _, d in evs if d[a.by] != '']
    N, cnt = len(p), Counter(p)
    H = sum(p[i] != p[i + 1] for i in range(N - 1))
    PP = sum(p[i] == p[i + 2] and p[i] != p[i + 1] for i in range(N - 2))
    f = dict(events=len(evs), skipped=len(evs) - N, providers=len(cnt),
             handoffs=H, returns=PP,
             coc=F(sum(v * v for v in cnt.values()) - N, N * (N - 1)) if N > 1 else None,
             upc=F(max(cnt.values()), N) if N else None,
             secon=F(N - 1 - H, N - 1) if N > 1 else None)
    per = 86400 if a.unit == 'days' else 3600 if a.unit == 'hours' else 60 if a.unit == 'minutes' else 604800
    f['span'] = F(int((evs[-1][0] - evs[0][0]).total_seconds()), per)
    if repeat:
        ac = Counter(d['activity'] for _, _, d in evs if d['activity'] in repeat)
        f['repeats'] = sum(c - 1 for c in ac.values())
    if a.window is not None:
        w = timedelta(days=a.window)
        f['mpw'] = max((len({p[j] for j in range(N) if t[i] <= t[j] <= t[i] + w})
                        for i in range(N)), default=0)
    return f

def key_of(evs):
    first = evs[0]
    k = [first[2][g] for g in groups]
    if a.p:
        k.append(period(first[0]))
    return tuple(k)

bkey = lambda s: s.encode()
out = csv.writer(sys.stdout, lineterminator='\n')
clients = sorted(journeys, key=bkey)
for c in clients:
    journeys[c].sort(key=lambda e: (e[0], e[1]))

if a.mode == 'per-client':
    hdr = ['client'] + groups + (['period'] if a.p else []) + \
        'events skipped providers handoffs returns coc upc secon span'.split()
    hdr += ['repeats'] if repeat else []
    hdr += ['max_providers_window'] if a.window is not None else []
    out.writerow(hdr)
    for c in clients:
        f = figures(journeys[c])
        r = [c] + list(key_of(journeys[c])) + [fmt(f[k]) for k in
             'events skipped providers handoffs returns coc upc secon span'.split()]
        r += [fmt(f['repeats'])] if repeat else []
        r += [fmt(f['mpw'])] if a.window is not None else []
        out.writerow(r)
elif a.mode == 'summary':
    g = defaultdict(list)
    for c in clients:
        g[key_of(journeys[c])].append(figures(journeys[c]))
    hdr = groups + (['period'] if a.p else []) + \
        ('clients events skipped handoffs_mean handoffs_median handoffs_p90 '
         'providers_mean providers_median returns_mean pingpong_pct coc_mean '
         'upc_mean secon_mean').split()
    hdr += ['repeats_mean'] if repeat else []
    hdr += ['max_providers_window_mean', 'max_providers_window_max'] if a.window is not None else []
    hdr += ['suppressed'] if a.min_n else []
    out.writerow(hdr)
    def mean(xs):
        xs = [x for x in xs if x is not None]
        return F(sum(xs), len(xs)) if xs else None
    def q(xs, i):  # R type 7 via statistics.quantiles(method='inclusive')
        xs = sorted(xs)
        if len(xs) == 1:
            return xs[0]
        return statistics.quantiles(xs, n=10, method='inclusive')[i]
    for k in sorted(g, key=lambda k: [bkey(x) for x in k]):
        fs = g[k]
        n = len(fs)
        if a.min_n and n < a.min_n:
            nf = 12 + (1 if repeat else 0) + (2 if a.window is not None else 0)
            out.writerow(list(k) + [n] + [''] * nf + [1])
            continue
        hs = [f['handoffs'] for f in fs]
        ps = [f['providers'] for f in fs]
        r = list(k) + [n, sum(f['events'] for f in fs), sum(f['skipped'] for f in fs),
             fmt(mean(hs)), fmt(q(hs, 4)), fmt(q(hs, 8)), fmt(mean(ps)), fmt(q(ps, 4)),
             fmt(mean([f['returns'] for f in fs])),
             fmt(100 * F(sum(f['returns'] > 0 for f in fs), n)),
             fmt(mean([f['coc'] for f in fs])), fmt(mean([f['upc'] for f in fs])),
             fmt(mean([f['secon'] for f in fs]))]
        r += [fmt(mean([f['repeats'] for f in fs]))] if repeat else []
        if a.window is not None:
            r += [fmt(mean([f['mpw'] for f in fs])), max(f['mpw'] for f in fs)]
        r += [0] if a.min_n else []
        out.writerow(r)
else:
    m, mc = Counter(), defaultdict(set)
    nodes = set()
    for c in clients:
        p = [d[a.by] for _, _, d in journeys[c] if d[a.by] != '']
        nodes |= set(p)
        for i in range(len(p) - 1):
            if p[i] != p[i + 1] or a.self:
                m[p[i], p[i + 1]] += 1
                mc[p[i], p[i + 1]].add(c)
    shown = [k for k in m if len(mc[k]) >= a.min_n]
    hidden = [k for k in m if len(mc[k]) < a.min_n]
    shown.sort(key=lambda k: (-m[k], bkey(k[0]), bkey(k[1])))
    hidden.sort(key=lambda k: (bkey(k[0]), bkey(k[1])))
    if a.mode == 'matrix':
        out.writerow(['from', 'to', 'handoffs', 'clients'] + (['suppressed'] if a.min_n else []))
        for k in shown:
            out.writerow([k[0], k[1], m[k], len(mc[k])] + ([0] if a.min_n else []))
        for k in hidden:
            out.writerow([k[0], k[1], '', len(mc[k]), 1])
    else:
        ends = {x for k in shown for x in k}
        anyedge = {x for k in m for x in k}
        draw = sorted((x for x in nodes if x in ends or x not in anyedge), key=bkey)
        q = lambda s: '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
        print('digraph handoffs {\n    rankdir=LR;\n'
              '    node [shape=box, style=rounded, fontname="Helvetica"];\n'
              '    edge [fontname="Helvetica"];')
        for x in draw:
            print(f'    {q(x)};')
        mx = m[shown[0]] if shown else 1
        for k in shown:
            pen = f'{1 + 5 * m[k] / mx:.3g}'
            print(f'    {q(k[0])} -> {q(k[1])} [label="{m[k]}", penwidth={pen}];')
        print('}')
