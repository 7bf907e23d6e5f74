"""gen.py: writes the golden cases of cx-handoffs (run: python3 gen.py).
Inputs are in data.py; expected outputs come from oracle.py, an independent
python3 implementation, and the error messages are written out by hand."""
import subprocess, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data import *
ORACLE = os.path.join(HERE, 'oracle.py')
DEST = HERE

def oracle(args, data):
    return subprocess.run(['python3', ORACLE] + args, input=data, text=True,
                          capture_output=True, check=True).stdout

def case(name, comment, cmd, files=None, stdin=None, stdout='', stderr='',
         status=0, fileout=None):
    parts = [f'# {l}' for l in comment.strip().split('\n')]
    parts.append(f'cmd: {cmd}')
    if status:
        parts.append(f'status: {status}')
    body = '\n'.join(parts) + '\n'
    for fn, content in (files or {}).items():
        body += f'--- file: {fn}\n{content}'
    if stdin is not None:
        body += f'--- stdin\n{stdin}'
    if stdout:
        body += f'--- stdout\n{stdout}'
    if stderr:
        body += f'--- stderr\n{stderr}'
    for fn, content in (fileout or {}).items():
        body += f'--- file-out: {fn}\n{content}'
    with open(f'{DEST}/{name}.golden', 'w') as f:
        f.write(body)

TIE3 = "cx-handoffs: 2 events at the time of the client's previous event; 1 of 3 handoffs, in 1 client, are between events at one time and follow the input's row order: handoffs, returns, pingpong and SECON depend on that order (--ties step counts each instant as one step)\n"
TIE9 = "cx-handoffs: 1 event at the time of the client's previous event; 1 of 9 handoffs, in 1 client, are between events at one time and follow the input's row order: handoffs, returns, pingpong and SECON depend on that order (--ties step counts each instant as one step)\n"

OR = ('Expected output from tests/cx-handoffs/oracle.py (python3 standard\n'
      'library: fractions, statistics), an independent implementation;')

case('summary-b1', OR + '''
the clients are the worked sequences of STATISTICS.md B.1 (c1 A A B A C C A B,
c2 A A A A, c3 A B A B, c4 A B C D, c5 A B) and a single event c6. By hand:
handoffs 5,0,3,3,1,0: mean 2, R type 7 median of 0,0,1,3,3,5 = 2, p90 at
h = 5*0.9 = 4.5 -> 3 + 0.5*(5-3) = 4; returns 1+2 = 3 -> 0.5 per client, 2 of 6
clients (33.33 %); COC mean over the 5 clients with N >= 2:
(2/7 + 1 + 1/3 + 0 + 0)/5 = 0.3238095238; UPC over all 6: 3.75/6 = 0.625.''',
     'cx-handoffs --disclosure none b1.csv', files={'b1.csv': B1},
     stdout=oracle(['summary'], B1))

case('per-client-b1', OR + '''
each row is a row of the B.1 worked-examples table (N, M, COC, UPC, SECON,
H, PP); c6 has one event: COC and SECON undefined (empty), UPC 1. Span: one
event a day, c1 7 days.''',
     'cx-handoffs --per-client b1.csv', files={'b1.csv': B1},
     stdout=oracle(['per-client'], B1))

case('per-client-unit-hours', OR + '''
span in hours: c1 runs 7 days = 168 hours.''',
     'cx-handoffs --per-client --unit hours b1.csv', files={'b1.csv': B1},
     stdout=oracle(['per-client', '--unit', 'hours'], B1))

case('ties-unsorted', OR + '''
input not sorted; client x has three events at 09:00 in input order A, A, B
and one at 08:00 (B): the journey is B A A B (handoffs 2, returns 0, SECON
1/3). Ordering ties by value (B B A A) would give 1 handoff. y is B A A by
time (dates), not input order.
Ties (issue 13): 2 tied events (x at 09:00), 1 handoff of 3 between them
(A to B), noted on stderr.''',
     'cx-handoffs --per-client ties.csv', files={'ties.csv': TIES},
     stdout=oracle(['per-client'], TIES), stderr=TIE3)

case('ties-sorted', '''Same input as ties-unsorted, sorted by client (x before y) but not
by time: --sorted sorts each journey by time, equal times in input order,
so the rows equal those of ties-unsorted (x: B A A B; y: B A A).''',
     'cx-handoffs --sorted --per-client ties.csv',
     files={'ties.csv': 'client,time,activity,unit,staff\n' + ''.join(
         l + '\n' for l in TIES.splitlines()[1:] if l.startswith('x')) + ''.join(
         l + '\n' for l in TIES.splitlines()[1:] if l.startswith('y'))},
     stdout=oracle(['per-client'], TIES), stderr=TIE3)

case('empty-providers', OR + '''
a: A, -, B, -, A -> sequence A B A, 2 skipped, 2 handoffs, 1 return;
b: both units empty -> 0 providers, COC, UPC and SECON empty; c: one event.''',
     'cx-handoffs --per-client e.csv', files={'e.csv': EMPTY},
     stdout=oracle(['per-client'], EMPTY))

case('empty-providers-summary', OR + '''
skipped 4 of 8 events; b counts as a client with 0 handoffs and 0
providers; COC and SECON means over a only (N >= 2), UPC over a and c.''',
     'cx-handoffs --disclosure none e.csv', files={'e.csv': EMPTY},
     stdout=oracle(['summary'], EMPTY))

case('by-staff', OR + '''
--by staff: a sees s1 s1 s2 s2 (one empty staff), c s3, b none.''',
     'cx-handoffs --by staff --per-client e.csv', files={'e.csv': EMPTY},
     stdout=oracle(['per-client', '--by', 'staff'], EMPTY))

case('group-period', OR + '''
groups come from each client's first event: p1 starts in intake in
2026-01 (north) although later events are in February; p4 starts in ward.
By hand: intake/2026-01 holds p1 (intake ward physio ward: 3 handoffs,
1 return) and p2 (1 handoff): handoffs mean 2, median 2, p90 1 + 0.9*2 = 2.8.''',
     'cx-handoffs --disclosure none -g unit -p month g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['summary', '-g', 'unit', '-p', 'month'], GROUPS))

case('group-two-columns', OR + '''
two grouping columns, keys in -g order, rows in byte order of the key.''',
     'cx-handoffs --disclosure none -g region,unit g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['summary', '-g', 'region,unit'], GROUPS))

case('per-client-group', OR + '''
--per-client with -g and -p: the client's starting unit and month follow
the client column.''',
     'cx-handoffs --per-client -g unit -p month g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['per-client', '-g', 'unit', '-p', 'month'], GROUPS))

case('repeat', OR + '''
--repeat intake,referral: p1 has 2 intakes (1 repeat), p3 3 intakes (2
repeats); referrals are never repeated.''',
     'cx-handoffs --per-client --repeat intake,referral g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['per-client', '--repeat', 'intake,referral'], GROUPS))

case('repeat-summary', OR + '''
repeats_mean: (1 + 0 + 2 + 0 + 0) / 5 = 0.6 over all clients.''',
     'cx-handoffs --disclosure none --repeat intake g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['summary', '--repeat', 'intake'], GROUPS))

case('window-closed', OR + '''
the window is closed, [s, s + 7d]: h2 sees bob on day 8 and ann and cas on
day 15 at 08:00, exactly 7 days later, so 3 distinct carers (a half-open
window would give 2); h1: ann bob cas within [day 1, day 8 08:00] = 3.
Ties (issue 13): h2 meets ann and cas at one time: 1 tied event, 1 of the
6 + 3 handoffs. handover_time: h1 meets another carer at every visit, so
its total handover time is its span, 28 days; h2 7 + 7 + 0 = 14 days.''',
     'cx-handoffs --by staff --per-client --window 7d home.csv', files={'home.csv': HOME},
     stdout=oracle(['per-client', '--by', 'staff', '--window', '7'], HOME),
     stderr=TIE9)

case('window-summary', OR + '''
max_providers_window mean (3 + 3)/2 and max 3 for 1w; same figures as 7d.''',
     'cx-handoffs --disclosure none --by staff --window 1w home.csv', files={'home.csv': HOME},
     stdout=oracle(['summary', '--by', 'staff', '--window', '7'], HOME),
     stderr=TIE9)

case('matrix', OR + '''
direct successions with from != to over the B.1 clients, by hand: A->B
c1 2, c3 2, c4 1, c5 1 = 6 handoffs in 4 clients; B->A c1 1, c3 1 = 2.
Returns per pair (issue 13): A B A in c1 and c3 (A->B 2), B A B in c3
(B->A 1), A C A in c1 (A->C 1). One event a day: every delay is 1 day.
Rows with an empty to: leaving A for any other provider, 7 handoffs
(A->B 6, A->C 1) at 1 day, and 2 clients last seen at A (c2 on 01-08,
c6 on 01-05) censored at the latest time, 01-12: 4 and 7 days (open 2).
Kaplan-Meier: S(1) = 1 - 7/9 = 2/9, so the median is 1 and the 90th
percentile is never reached (empty).''',
     'cx-handoffs --disclosure none --matrix b1.csv', files={'b1.csv': B1},
     stdout=oracle(['matrix'], B1))

SEQ = seqs_csv([('t', 'AABACCAB')])
case('matrix-self-b12', '''--self on the single trace A A B A C C A B of STATISTICS.md B.12: the
counts are pm4py's handover-of-work numerators (dividend 7): A->A 1/7,
A->B 2/7, A->C 1/7, B->A 1/7, C->A 1/7, C->C 1/7; pm4py divides by 7 and
cx-handoffs reports the counts.''',
     'cx-handoffs --disclosure none --matrix --self t.csv', files={'t.csv': SEQ},
     stdout=oracle(['matrix', '--self'], SEQ))

case('matrix-min-n', OR + '''
--min-n 2: cells with fewer than 2 clients keep from, to and clients, lose
handoffs, are marked suppressed and sorted after the others by names only.''',
     'cx-handoffs --matrix --min-n 2 b1.csv', files={'b1.csv': B1},
     stdout=oracle(['matrix', '--min-n', '2'], B1))

case('matrix-skipped', OR + '''
events with an empty unit are left out of the successions (a: A B A) and
counted on stderr.''',
     'cx-handoffs --disclosure none --matrix e.csv', files={'e.csv': EMPTY},
     stdout=oracle(['matrix'], EMPTY),
     stderr="cx-handoffs: 4 events with an empty 'unit' left out\n")

case('dot', OR + '''
the B.1 matrix as a digraph; pen width 1 + 5 * handoffs / largest count
(6), 3 significant digits: A->B 6, B->A 1 + 5*2/6 = 2.67.''',
     'cx-handoffs --disclosure none --dot b1.csv', files={'b1.csv': B1},
     stdout=oracle(['dot'], B1))

case('dot-min-n', OR + '''
--min-n 2 drops edges with fewer than 2 clients, and C and D, whose edges
are all dropped.''',
     'cx-handoffs --dot --min-n 2 b1.csv', files={'b1.csv': B1},
     stdout=oracle(['dot', '--min-n', '2'], B1))

ESC = B1.replace(',C,', ',"C ""x"" \\\\",')
case('dot-escape', OR + '''
the provider C "x" followed by two backslashes: quotes and backslashes are escaped in DOT
strings.''',
     'cx-handoffs --dot esc.csv', files={'esc.csv': ESC},
     stdout=oracle(['dot'], ESC))

case('summary-min-n', OR + '''
--min-n 2 per group: groups with one client keep their key and clients,
all else empty, suppressed 1.''',
     'cx-handoffs -g unit --min-n 2 g.csv', files={'g.csv': GROUPS},
     stdout=oracle(['summary', '-g', 'unit', '--min-n', '2'], GROUPS))

case('digits', OR + ''' --digits 3 (python's %.3g).''',
     'cx-handoffs --disclosure none --digits 3 b1.csv', files={'b1.csv': B1},
     stdout=oracle(['summary', '--digits', '3'], B1))

case('output-file', OR + ''' -o writes the file, nothing on stdout.''',
     'cx-handoffs --disclosure none -o out.csv b1.csv', files={'b1.csv': B1},
     fileout={'out.csv': oracle(['summary'], B1)})

case('stdin-and-sorted-summary', OR + '''
--sorted on input grouped by client (B.1 clients) gives the same summary.''',
     'cx-handoffs --disclosure none --sorted', stdin=B1, stdout=oracle(['summary'], B1))

case('empty-input', '''A header and no events: the summary header alone.''',
     'cx-handoffs --disclosure none e.csv', files={'e.csv': 'client,time,activity,unit,staff\n'},
     stdout='clients,events,skipped,handoffs_mean,handoffs_median,handoffs_p90,providers_mean,providers_median,returns_mean,pingpong_pct,coc_mean,upc_mean,secon_mean,handover_time_mean,handover_time_total\n')

case('week-dates', OR + '''
date-only times and ISO weeks: 2026-01-05 is a Monday (week 2).''',
     'cx-handoffs --disclosure none -p week b1.csv', files={'b1.csv': B1.replace('T09:00:00', '')},
     stdout=oracle(['summary', '-p', 'week'], B1.replace('T09:00:00', '')))

# Issue 13: --ties step, worked by hand (the man page's example).
STEPA = """client,time,activity,unit,staff
c,2026-03-02,visit,A,
c,2026-03-03,visit,B,
c,2026-03-03,visit,C,
d,2026-03-02,visit,A,
c,2026-03-04,visit,C,
c,2026-03-05,visit,A,
d,2026-03-03,visit,B,
c,2026-03-06,visit,A,
c,2026-03-06,visit,C,
d,2026-03-04,visit,A,
"""
STEPB = """client,time,activity,unit,staff
d,2026-03-04,visit,A,
c,2026-03-06,visit,C,
c,2026-03-03,visit,C,
c,2026-03-05,visit,A,
d,2026-03-02,visit,A,
c,2026-03-03,visit,B,
c,2026-03-06,visit,A,
c,2026-03-04,visit,C,
d,2026-03-03,visit,B,
c,2026-03-02,visit,A,
"""
STEPNOTE = "cx-handoffs: 2 events at the time of the client's previous event: 2 instants in 1 client with several providers, each counted as one step (--ties step)\n"
case('ties-step', OR + '''
--ties step, by hand as in the man page. Client c has steps {A} {B,C} {C}
{A} {A,C} (dates only: B and C on 03-03, A and C on 03-06), 7 contacts:
A 3, B 1, C 3. Handoffs = within steps (2-1) + (2-1) = 2, plus
boundaries whose steps share no provider, {A}|{B,C} and {C}|{A}: H = 4;
returns: {C}|{A} share none and {C}, {A,C} share C: 1; SECON = (7 - 1 -
4)/6 = 1/3; COC = (9 + 1 + 9 - 7)/42 = 2/7; UPC = 3/7; span 4 days;
handover time {A}->{B,C} 1 day + {C}->{A} 1 day = 2. Client d: A B A, H 2,
returns 1, SECON 0, COC 1/3, UPC 2/3, span 2, handover time 2. b.csv
holds the same rows shuffled (C before B, C before A): the same figures.''',
     'cx-handoffs --ties step --per-client a.csv && cx-handoffs --ties step --per-client b.csv',
     files={'a.csv': STEPA, 'b.csv': STEPB},
     stdout=oracle(['per-client', '--ties', 'step'], STEPA) * 2,
     stderr=STEPNOTE * 2)

case('ties-input-shuffled', OR + '''
in row order (the default, --ties input) the same rows give other figures
when shuffled, and the tool says so. a.csv reads c as A B C C A A C: H 4
(A-B, B-C, C-A, A-C), returns 0, SECON (6 - 4)/6; b.csv reads c as A C B
C A C A: H 6, returns 3 (C B C, C A C, A C A), SECON 0. 2 of the 6 (then
2 of the 8) handoffs are between tied events (B-C and A-C, then C-B and
C-A).''',
     'cx-handoffs --per-client a.csv && cx-handoffs --per-client b.csv',
     files={'a.csv': STEPA, 'b.csv': STEPB},
     stdout=oracle(['per-client'], STEPA) + oracle(['per-client'], STEPB),
     stderr="cx-handoffs: 2 events at the time of the client's previous event; 2 of 6 handoffs, in 1 client, are between events at one time and follow the input's row order: handoffs, returns, pingpong and SECON depend on that order (--ties step counts each instant as one step)\n"
     "cx-handoffs: 2 events at the time of the client's previous event; 2 of 8 handoffs, in 1 client, are between events at one time and follow the input's row order: handoffs, returns, pingpong and SECON depend on that order (--ties step counts each instant as one step)\n")

case('ties-step-matrix', OR + '''
--ties step --matrix: between steps that share no provider every pair
counts once; within a step nothing. c: {A}|{B,C} gives A-B and A-C,
{C}|{A} gives C-A; {B,C}|{C} and {A}|{A,C} share one. d: A-B, B-A. So A-B
2 (clients c, d), A-C 1, B-A 1, C-A 1, each after 1 day; returns: d's A B
A (A-B), c's {C} {A} {A,C} (C-A). Leaving A: ended twice after 1 day
(c's {A}|{B,C}, d's {A}|{B}); open twice, c's last step {A,C} at 03-06 (0
days to the latest time, 03-06) and d's {A} at 03-04 (2 days). Kaplan-
Meier: at 1 day 3 at risk, 2 end: S = 1/3, median 1, 90th percentile not
reached. C: ended once (1 day), open once (0 days): median and p90 1.
The same for the shuffled rows.''',
     'cx-handoffs --disclosure none --ties step --matrix a.csv && cx-handoffs --disclosure none --ties step --matrix b.csv 2>/dev/null',
     files={'a.csv': STEPA, 'b.csv': STEPB},
     stdout=oracle(['matrix', '--ties', 'step'], STEPA) * 2,
     stderr=STEPNOTE)

case('matrix-asof', OR + '''
--asof 2026-01-20 with --by staff: h1 last sees fay on 01-29, after --asof,
so that stay is left out (fay: 1 client, nothing open); h2 ends with cas
on 01-15 08:00 (after ann at the same time, in row order), open at 01-20
00:00 for 112 hours. cas: h1's cas->ann after 12 h ended, h2's stay
censored at 112 h: S(12) = 1/2 exactly, so the median is the midpoint of
the flat stretch to the last observed time, (12 + 112)/2 = 62 (R's rule).
Delays in hours: ann->bob 72 h (h1) and 168 h (h2), median 120, p90 72 +
0.9 * 96 = 158.4.''',
     'cx-handoffs --disclosure none --matrix --by staff --unit hours --asof 2026-01-20 home.csv',
     files={'home.csv': HOME},
     stdout=oracle(['matrix', '--by', 'staff', '--unit', 'hours', '--asof', '2026-01-20T00:00:00'], HOME),
     stderr="cx-handoffs: 1 event at the time of the client's previous event; 1 handoff, in 1 client, are between events at one time and follow the input's row order: the matrix depends on that order (--ties step counts each instant as one step)\n")

case('dot-top', OR + '''
--top 1 draws only A->B (6 handoffs, median delay 1 d) and its two
boxes; the note in the picture counts the edges left out: B->A 2, A->C
1, B->C 1, C->A 1, C->D 1, 5 edges with 6 handoffs.''',
     'cx-handoffs --disclosure none --dot --top 1 b1.csv', files={'b1.csv': B1},
     stdout=oracle(['dot', '--top', '1'], B1))

case('by-staff-empty', '''--by staff on a column that is empty in every event (the sepsis log's):
an error saying so, not a row of zeros.''',
     'cx-handoffs --by staff b1.csv', files={'b1.csv': B1},
     stderr="cx-handoffs: no event has a 'staff': the column is empty in all 23 events, so there is nothing to count (choose another with --by)\n",
     status=1)

# Errors.
HDR = 'client,time,activity,unit,staff\n'
case('err-not-sorted', 'A client seen again after another client with --sorted.',
     'cx-handoffs --sorted in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\nb,2026-01-01,v,A,\na,2026-01-02,v,B,\n'},
     stderr="cx-handoffs: in.csv:4: input not sorted by client: 'a' appears again after other clients (leave out --sorted)\n", status=1)
case('err-missing-column', 'The provider column is missing: status 2, columns listed.',
     'cx-handoffs --by team in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\n'},
     stderr="cx-handoffs: missing column 'team' (columns present: 'client', 'time', 'activity', 'unit', 'staff')\n", status=2)
case('err-missing-activity', '--repeat needs the activity column.',
     'cx-handoffs --repeat intake in.csv', files={'in.csv': 'client,time,unit\na,2026-01-01,A\n'},
     stderr="cx-handoffs: missing column 'activity' (columns present: 'client', 'time', 'unit')\n", status=2)
case('err-bad-time', 'An impossible date names file and line.',
     'cx-handoffs in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\na,2026-02-30,v,B,\n'},
     stderr="cx-handoffs: in.csv:3: bad time '2026-02-30' in column 'time'\n", status=1)
case('err-bad-time-sorted', 'An impossible date with --sorted.',
     'cx-handoffs --sorted in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\na,2026-13-01,v,B,\n'},
     stderr="cx-handoffs: in.csv:3: bad time '2026-13-01' in column 'time'\n", status=1)
case('err-empty-client', 'An empty client names file and line.',
     'cx-handoffs in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\n,2026-01-02,v,B,\n'},
     stderr="cx-handoffs: in.csv:3: empty client\n", status=1)
case('err-empty-client-sorted', 'An empty client with --sorted.',
     'cx-handoffs --sorted in.csv', files={'in.csv': HDR + ',2026-01-02,v,B,\n'},
     stderr="cx-handoffs: in.csv:2: empty client\n", status=1)
case('err-empty-time', 'An empty time names file and line.',
     'cx-handoffs --per-client in.csv', files={'in.csv': HDR + 'a,,v,A,\n'},
     stderr="cx-handoffs: in.csv:2: empty time\n", status=1)
case('err-empty-time-sorted', 'An empty time with --sorted.',
     'cx-handoffs --sorted in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A,\na,,v,A,\n'},
     stderr="cx-handoffs: in.csv:3: empty time\n", status=1)
case('err-field-count', 'A row with a missing field.',
     'cx-handoffs in.csv', files={'in.csv': HDR + 'a,2026-01-01,v,A\n'},
     stderr="cx-handoffs: in.csv:2: 4 fields, header has 5\n", status=1)
case('err-semicolon', 'A semicolon-separated export is refused with a hint.',
     'cx-handoffs in.csv', files={'in.csv': 'client;time;unit\na;2026-01-01;A\n'},
     stderr="cx-handoffs: in.csv:1: header 'client;time;unit' is not comma-separated; cx-handoffs reads canonical CSV (convert with cx-ingest)\n", status=1)
TRY = "Try 'cx-handoffs --help' for more information.\n"
for name, args, msg in [
    ('opt-self', '--self', '--self needs --matrix or --dot'),
    ('opt-modes', '--matrix --per-client', '--per-client, --matrix and --dot exclude each other'),
    ('opt-group-matrix', '--dot -g unit', '-g and -p apply to the summary and --per-client, not to --matrix or --dot'),
    ('opt-window-matrix', '--matrix --window 8w', '--repeat and --window apply to the summary and --per-client, not to --matrix or --dot'),
    ('opt-min-n-per-client', '--per-client --min-n 5', '--min-n applies to the summary, --matrix and --dot, not to --per-client'),
    ('opt-by-empty', "--by ''", "invalid --by '': a column name"),
    ('opt-window', '--window 8', "invalid --window '8': no unit: write 8min, 8h, 8d or 8w"),
    ('opt-top', '--top 5', '--top needs --dot'),
    ('opt-top-zero', '--dot --top 0', "invalid --top '0': a whole number from 1 to 1000000000"),
    ('opt-asof', '--asof 2026-01-01', '--asof applies to --matrix and --dot'),
    ('opt-asof-bad', '--matrix --asof 2026-02-30', "invalid --asof '2026-02-30': a time such as 2026-11-22 or 2026-11-22T09:30"),
    ('opt-unit', '--unit months', "invalid --unit 'months': minutes, hours, days or weeks"),
    ('opt-min-n', '--min-n -1', "invalid --min-n '-1': a whole number from 0 to 1000000000"),
    ('opt-digits', '--digits 0', "invalid --digits '0': a whole number from 1 to 17"),
    ('opt-period', '-p fortnight', "invalid period 'fortnight': day, week, month, quarter or year"),
    ('opt-repeat', "--repeat 'intake,'", "invalid --repeat 'intake,': empty item in the list"),
    ('opt-group', "-g ''", "invalid --group-by '': empty item in the list"),
]:
    case(name, 'A bad command line: status 2, the message and the hint.',
         f'cx-handoffs {args}', stdin=HDR, stderr=f'cx-handoffs: {msg}\n' + TRY, status=2)
case('opt-unknown', 'An unknown option.', 'cx-handoffs --bogus', stdin=HDR,
     stderr="cx-handoffs: unrecognized option '--bogus'\n" + TRY, status=2)
