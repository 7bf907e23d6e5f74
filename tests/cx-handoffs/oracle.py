#!/usr/bin/env python3
"""oracle.py: an independent re-implementation of cx-handoffs in python3's
standard library (csv, fractions, statistics), written from STATISTICS.md
B.1 and issue 4, used to compute the expected output of the golden cases.
It is not run by make check; the golden files record what it printed, and
each was also checked by hand on the small inputs.

usage: oracle.py MODE [--by COL] [-g COLS] [-p month|week|day|year]
                 [--repeat LIST] [--window DAYS] [--unit days|hours]
                 [--min-n N] [--self] [--ties input|step] [--top N]
                 [--asof TIME] < events.csv

Issue 13 added --ties step (a client's contacts at one instant are one
step, the set of providers met then), the handover time, the matrix's
returns, delays and per-provider Kaplan-Meier rows, and --top.
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
ap.add_argument('--ties', default='input')
ap.add_argument('--top', type=int, default=0)
ap.add_argument('--asof', default='')
a = ap.parse_args()
groups = [g for g in a.g.split(',') if g]
repeat = [r for r in a.repeat.split(',') if r]

def fmt(x, digits=None):
    if x is None:
        return ''
    if isinstance(x, int):
        return str(x)
    d = digits or a.digits
    x = float(x)
    if x == 0:
        return '0'
    e = int(f'{x:.{d - 1}e}'.split('e')[1])
    if -7 <= e < 16:
        s = f'{x:.{max(d - 1 - e, 0)}f}'
        if '.' in s:
            s = s.rstrip('0').rstrip('.')
        return s
    return f'{x:.{d}g}'

PER = {'days': 86400, 'hours': 3600, 'minutes': 60, 'weeks': 604800}[a.unit]
SYM = {'days': 'd', 'hours': 'h', 'minutes': 'min', 'weeks': 'w'}[a.unit]

def steps_of(p, t):
    """The steps: (time, set of providers) per distinct time, in order."""
    out = []
    for tt, pp in zip(t, p):
        if out and out[-1][0] == tt:
            out[-1][1].add(pp)
        else:
            out.append((tt, {pp}))
    return out

def secs(td):
    return F(int(td.total_seconds() * 1000), 1000)

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
    if a.ties == 'step':
        S = steps_of(p, t)
        H = sum(len(s) - 1 for _, s in S) + sum(
            1 for x, y in zip(S, S[1:]) if not x[1] & y[1])
        PP = sum(1 for x, y, z in zip(S, S[1:], S[2:])
                 if not x[1] & y[1] and x[1] & z[1])
        HT = sum((secs(y[0] - x[0]) for x, y in zip(S, S[1:])
                  if not x[1] & y[1]), F(0))
    else:
        H = sum(p[i] != p[i + 1] for i in range(N - 1))
        PP = sum(p[i] == p[i + 2] and p[i] != p[i + 1] for i in range(N - 2))
        HT = sum((secs(t[i + 1] - t[i]) for i in range(N - 1)
                  if p[i] != p[i + 1]), F(0))
    f = dict(events=len(evs), skipped=len(evs) - N, providers=len(cnt),
             handoffs=H, returns=PP,
             coc=F(sum(v * v for v in cnt.values()) - N, N * (N - 1)) if N > 1 else None,
             upc=F(max(cnt.values()), N) if N else None,
             secon=F(N - 1 - H, N - 1) if N > 1 else None)
    per = PER
    f['span'] = F(int((evs[-1][0] - evs[0][0]).total_seconds()), per)
    f['handover_time'] = HT / per
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
    if a.ties == 'step':
        k = min([e[2][g] for g in groups] for e in evs if e[0] == evs[0][0])
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
        'events skipped providers handoffs returns coc upc secon span handover_time'.split()
    hdr += ['repeats'] if repeat else []
    hdr += ['max_providers_window'] if a.window is not None else []
    out.writerow(hdr)
    for c in clients:
        f = figures(journeys[c])
        r = [c] + list(key_of(journeys[c])) + [fmt(f[k]) for k in
             'events skipped providers handoffs returns coc upc secon span handover_time'.split()]
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
         'upc_mean secon_mean handover_time_mean handover_time_total').split()
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
            nf = 14 + (1 if repeat else 0) + (2 if a.window is not None else 0)
            out.writerow(list(k) + [n] + [''] * nf + [1])
            continue
        hs = [f['handoffs'] for f in fs]
        ps = [f['providers'] for f in fs]
        r = list(k) + [n, sum(f['events'] for f in fs), sum(f['skipped'] for f in fs),
             fmt(mean(hs)), fmt(q(hs, 4)), fmt(q(hs, 8)), fmt(mean(ps)), fmt(q(ps, 4)),
             fmt(mean([f['returns'] for f in fs])),
             fmt(100 * F(sum(f['returns'] > 0 for f in fs), n)),
             fmt(mean([f['coc'] for f in fs])), fmt(mean([f['upc'] for f in fs])),
             fmt(mean([f['secon'] for f in fs])),
             fmt(mean([f['handover_time'] for f in fs])),
             fmt(sum(f['handover_time'] for f in fs))]
        r += [fmt(mean([f['repeats'] for f in fs]))] if repeat else []
        if a.window is not None:
            r += [fmt(mean([f['mpw'] for f in fs])), max(f['mpw'] for f in fs)]
        r += [0] if a.min_n else []
        out.writerow(r)
else:
    m, mc = Counter(), defaultdict(set)
    ret, delays = Counter(), defaultdict(list)
    lv = defaultdict(list)          # provider -> [(time, ended)]
    lvc, lvret = defaultdict(set), Counter()
    nodes = set()
    allt = [tt for c in clients for tt, _, _ in journeys[c]]
    asof = parse(a.asof) if a.asof else max(allt) if allt else None
    for c in clients:
        evs = [(tt, d[a.by]) for tt, _, d in journeys[c] if d[a.by] != '']
        p = [x for _, x in evs]
        t = [x for x, _ in evs]
        nodes |= set(p)
        if a.ties == 'step':
            S = steps_of(p, t)
            for k in range(1, len(S)):
                (t0, s0), (t1, s1) = S[k - 1], S[k]
                share = bool(s0 & s1)
                for x in s0:
                    for y in s1:
                        if (not share) or (a.self and x == y):
                            m[x, y] += 1
                            mc[x, y].add(c)
                            delays[x, y].append(secs(t1 - t0))
                    if not share:
                        lv[x].append((secs(t1 - t0), True))
                        lvc[x].add(c)
                if k >= 2 and not S[k - 2][1] & s0:
                    for x in S[k - 2][1] & s1:
                        for y in s0:
                            ret[x, y] += 1
                            lvret[x] += 1
            if S:
                for x in S[-1][1]:
                    lv[x].append((S[-1][0], False))
                    lvc[x].add(c)
        else:
            for i in range(1, len(p)):
                if p[i - 1] != p[i] or a.self:
                    m[p[i - 1], p[i]] += 1
                    mc[p[i - 1], p[i]].add(c)
                    delays[p[i - 1], p[i]].append(secs(t[i] - t[i - 1]))
                if p[i - 1] != p[i]:
                    lv[p[i - 1]].append((secs(t[i] - t[i - 1]), True))
                    lvc[p[i - 1]].add(c)
                if i >= 2 and p[i - 2] == p[i] and p[i - 1] != p[i]:
                    ret[p[i - 2], p[i - 1]] += 1
                    lvret[p[i - 2]] += 1
            if p:
                lv[p[-1]].append((t[-1], False))
                lvc[p[-1]].add(c)
    def q7(xs, pr):
        xs = sorted(xs)
        if not xs:
            return None
        h = (len(xs) - 1) * F(pr).limit_denominator(10)
        lo = int(h)
        return xs[lo] + (h - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])
    def km_q(obs, pr):
        """Kaplan-Meier quantile, R's rule (midpoint of a flat stretch at
        exactly 1 - p), from exact fractions."""
        times = sorted({o for o, _ in obs})
        S, target = F(1), 1 - F(pr).limit_denominator(10)
        ev = [tt for tt in times if any(o == tt and e for o, e in obs)]
        for i, tt in enumerate(ev):
            n = sum(1 for o, _ in obs if o >= tt)
            d = sum(1 for o, e in obs if o == tt and e)
            S *= 1 - F(d, n)
            if S == target:
                nxt = ev[i + 1] if i + 1 < len(ev) else max(o for o, _ in obs)
                return (tt + nxt) / 2
            if S < target:
                return tt
        return None
    shown = [k for k in m if len(mc[k]) >= a.min_n]
    hidden = [k for k in m if len(mc[k]) < a.min_n]
    shown.sort(key=lambda k: (-m[k], bkey(k[0]), bkey(k[1])))
    hidden.sort(key=lambda k: (bkey(k[0]), bkey(k[1])))
    if a.mode == 'matrix':
        out.writerow('from to handoffs clients returns delay_median delay_p90 open'.split()
                     + (['suppressed'] if a.min_n else []))
        for k in shown:
            d = [x / PER for x in delays[k]]
            out.writerow([k[0], k[1], m[k], len(mc[k]), ret[k], fmt(q7(d, 0.5)),
                          fmt(q7(d, 0.9)), ''] + ([0] if a.min_n else []))
        for k in hidden:
            out.writerow([k[0], k[1], '', len(mc[k]), '', '', '', '', 1])
        for x in sorted(lv, key=bkey):
            obs = []
            for v, e in lv[x]:
                if not e:
                    if asof is None or v > asof:
                        continue
                    v = secs(asof - v)
                obs.append((v / PER, e))
            n = len(lvc[x])
            if a.min_n and n < a.min_n:
                out.writerow([x, '', '', n, '', '', '', '', 1])
                continue
            out.writerow([x, '', sum(1 for _, e in obs if e), n, lvret[x],
                          fmt(km_q(obs, 0.5)), fmt(km_q(obs, 0.9)),
                          sum(1 for _, e in obs if not e)] + ([0] if a.min_n else []))
    else:
        draw_n = min(a.top, len(shown)) if a.top else len(shown)
        drawn = shown[:draw_n]
        ends = {x for k in drawn for x in k}
        anyedge = {x for k in m for x in k}
        draw = sorted((x for x in nodes if x in ends or x not in anyedge), key=bkey)
        q = lambda s: '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
        print('digraph handoffs {\n    rankdir=LR;\n'
              '    node [shape=box, style=rounded, fontname="Helvetica"];\n'
              '    edge [fontname="Helvetica"];')
        for x in draw:
            print(f'    {q(x)};')
        mx = m[shown[0]] if shown else 1
        for k in drawn:
            pen = f'{1 + 5 * m[k] / mx:.3g}'
            med = q7([x / PER for x in delays[k]], 0.5)
            lab = f'{m[k]}\\n{fmt(med, 3)} {SYM}' if med is not None else f'{m[k]}'
            print(f'    {q(k[0])} -> {q(k[1])} [label="{lab}", penwidth={pen}];')
        left = shown[draw_n:]
        notes = []
        if left:
            lh = sum(m[k] for k in left)
            notes.append(f'{draw_n} of {len(shown)} edges drawn, those with most '
                         f'handoffs (--top); {len(left)} left out, with {lh} '
                         f'handoff{"" if lh == 1 else "s"}')
        if hidden:
            notes.append(f'{len(hidden)} edge{"" if len(hidden) == 1 else "s"} with '
                         f'fewer than {a.min_n} clients suppressed (--min-n)')
        if notes:
            print('    labelloc=b;\n    fontname="Helvetica";')
            print(f'    label="{"; ".join(notes)}";')
        print('}')
