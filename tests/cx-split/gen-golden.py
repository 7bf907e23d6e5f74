#!/usr/bin/env python3
"""Writes cx-split's golden cases whose expected parts come from
reference.py (an independent FNV-1a 64 and python's csv module). Run from
tests/cx-split/; the error cases are written by hand."""
import subprocess
import sys
import tempfile

EVENTS = '''client,time,activity,unit,staff
c1,2026-01-05T09:00:00,referral,north,
c2,2026-01-05T10:00:00,referral,south,
c3,2026-01-06T09:00:00,referral,north,"Jansen, A."
c1,2026-01-07T09:00:00,intake,north,E1
c4,2026-01-07T11:00:00,referral,east,
c\u00ebl,2026-01-08T09:00:00,referral,east,
c2,2026-01-09T09:00:00,intake,south," E2"
c5,2026-01-09T10:00:00,referral,south,
c3,2026-01-10T09:00:00,"intake ""first""",north,E1
,2026-01-11T09:00:00,referral,north,
c6,2026-01-12T09:00:00,referral,west,
c4,2026-01-12T10:00:00,intake,east,E3
'''

RESPONSES = """respondent,unit,time,item,score
r1,north,2026-01-05T09:00:00,respect,4
r1,north,2026-01-05T09:00:00,information,3
r2,south,2026-01-05T10:00:00,respect,5
r3,south,2026-01-06T10:00:00,respect,2
r2,south,2026-01-05T10:00:00,information,4
r4,east,2026-01-07T10:00:00,respect,1
r3,south,2026-01-06T10:00:00,information,
r5,east,2026-01-08T10:00:00,respect,5
"""

CASES = [
    ("events-n3", "Events by client (default key) into 3 files.",
     "cx-split -n 3 in.csv", EVENTS, 3, "client", None),
    ("events-n7", "Events by client into 7 files; parts 0 and 5 get no "
     "record and hold only the header.", "cx-split -n 7 in.csv", EVENTS, 7,
     "client", None),
    ("events-key-unit", "-k unit: partition by another column.",
     "cx-split -k unit -n 2 in.csv", EVENTS, 2, "unit", None),
    ("events-part", "--part 2/3 writes exactly part-0002.csv of -n 3 to "
     "standard output.", "cx-split --part 2/3 in.csv", EVENTS, 3, "client", 2),
    ("responses-n3", "Responses have no client column: the key is "
     "respondent, so a respondent's answers stay together.",
     "cx-split -n 3 in.csv", RESPONSES, 3, "respondent", None),
    ("responses-part-stdin", "--part from standard input.",
     "cx-split --part 1/3 < in.csv", RESPONSES, 3, "respondent", 1),
]

for name, why, cmd, data, n, key, part in CASES:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False,
                                     encoding="utf-8", newline="") as f:
        f.write(data)
    args = [sys.executable, "reference.py", f.name, str(n), key]
    if part is not None:
        args.append(str(part))
    exp = subprocess.run(args, check=True, capture_output=True,
                         text=True).stdout
    with open(name + ".golden", "w", encoding="utf-8", newline="") as g:
        g.write("# %s\n# Expected parts: reference.py (FNV-1a 64 mod N, "
                "python's csv), via gen-golden.py.\n" % why)
        g.write("cmd: %s\n--- file: in.csv\n" % cmd)
        g.write(data)
        g.write(exp)
