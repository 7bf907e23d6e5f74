"""data.py: the small inputs of the cx-handoffs golden cases (see gen.py)."""
def seqs_csv(seqs, start_day=5, month=1, extra=None):
    """One client per sequence, one event a day from 2026-01-05."""
    out = ['client,time,activity,unit,staff']
    for name, seq in seqs:
        for i, u in enumerate(seq):
            d = start_day + i
            out.append(f'{name},2026-{month:02d}-{d:02d}T09:00:00,visit,{u},')
    return '\n'.join(out) + '\n'

B1 = seqs_csv([('c1', 'AABACCAB'), ('c2', 'AAAA'), ('c3', 'ABAB'),
               ('c4', 'ABCD'), ('c5', 'AB'), ('c6', 'A')])

TIES = """client,time,activity,unit,staff
y,2026-01-02,visit,A,
x,2026-01-01T09:00,visit,A,
y,2026-01-01,visit,B,
x,2026-01-01T09:00,visit,A,
x,2026-01-01T09:00,visit,B,
y,2026-01-03,visit,A,
x,2026-01-01T08:00,visit,B,
"""

EMPTY = """client,time,activity,unit,staff
a,2026-01-01,visit,A,s1
a,2026-01-02,visit,,s1
a,2026-01-03,visit,B,s2
a,2026-01-04,visit,,s2
a,2026-01-05,visit,A,
b,2026-01-01,visit,,
b,2026-01-09,visit,,
c,2026-01-01T10:00,visit,C,s3
"""

GROUPS = """client,time,activity,unit,staff,region
p1,2026-01-30T10:00,referral,intake,,north
p1,2026-02-02T10:00,intake,ward,,south
p1,2026-02-20T10:00,intake,physio,,south
p1,2026-03-01T10:00,visit,ward,,south
p2,2026-01-15T10:00,referral,intake,,north
p2,2026-01-16T10:00,intake,ward,,north
p3,2026-02-03T10:00,referral,intake,,south
p3,2026-02-04T10:00,intake,physio,,south
p3,2026-02-05T10:00,intake,physio,,south
p3,2026-02-06T10:00,intake,ward,,south
p3,2026-02-07T10:00,visit,physio,,south
p4,2026-01-03T10:00,referral,ward,,north
p4,2026-01-05T10:00,visit,ward,,north
p5,2026-02-10T10:00,referral,intake,,north
"""

HOME = """client,time,activity,unit,staff
h1,2026-01-01T08:00,visit,home,ann
h1,2026-01-04T08:00,visit,home,bob
h1,2026-01-08T08:00,visit,home,cas
h1,2026-01-08T20:00,visit,home,ann
h1,2026-01-15T08:00,visit,home,dee
h1,2026-01-22T08:00,visit,home,eve
h1,2026-01-29T08:00,visit,home,fay
h2,2026-01-01T08:00,visit,home,ann
h2,2026-01-08T08:00,visit,home,bob
h2,2026-01-15T08:00,visit,home,ann
h2,2026-01-15T08:00,visit,home,cas
"""
