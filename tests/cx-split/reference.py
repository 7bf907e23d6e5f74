#!/usr/bin/env python3
"""Independent reference for cx-split's golden cases: FNV-1a 64 written out
from its definition (offset basis 14695981039346656037, prime
1099511628211, XOR then multiply, modulo 2^64) over the key's UTF-8 bytes,
part = hash mod N; CSV read with python's csv module, records kept in input
order. Prints each part as a golden "--- file-out" section (or --- stdout
for one part with --part).

usage: reference.py INPUT N KEYCOL [PART]
"""
import csv
import io
import sys


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) % 2**64
    return h


def field(s):
    if s == "" or not any(c in s for c in ',"\r\n') and s.strip(" \t") == s:
        return s
    return '"' + s.replace('"', '""') + '"'


def main():
    path, n, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    one = int(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, recs = rows[0], rows[1:]
    k = header.index(key)
    parts = [[header] for _ in range(n)]
    for r in recs:
        parts[fnv1a64(r[k].encode("utf-8")) % n].append(r)
    out = io.StringIO()
    for i, p in enumerate(parts):
        if one is not None and i != one:
            continue
        out.write("--- stdout\n" if one is not None
                  else "--- file-out: part-%04d.csv\n" % i)
        for r in p:
            out.write(",".join(field(x) for x in r) + "\n")
    sys.stdout.write(out.getvalue())


main()
