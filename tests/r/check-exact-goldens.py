#!/usr/bin/env python3
# check-exact-goldens.py: when cx-correlate's p-values became R's cor.test
# defaults (exact Spearman and Kendall without ties), the golden cases of
# tests/cx-correlate gained a p_method column and some p and p_adj values
# changed. This script re-runs each case given on the command line, accepts
# the new output only if every change is explained, and checks every
# changed number against R's own code (stats:::C_pKendall, stats:::C_pRho
# and p.adjust, run through Rscript):
#   - the header is the old one with p_method inserted after p;
#   - a row differs only in p_method and, when p_method is exact or
#     edgeworth, in p (and p_adj);
#   - such a p equals R's two-sided cor.test p for the row's n and estimate;
#   - every p_adj equals R's p.adjust of the p column, per method.
# With --write it then rewrites the expected stdout of the case.
# Usage (from the top folder, after make):
#   tests/r/check-exact-goldens.py [--write] tests/cx-correlate/X.golden...
import os
import re
import subprocess
import sys
import tempfile

write = "--write" in sys.argv
cases = [a for a in sys.argv[1:] if a != "--write"]
top = os.getcwd()


def parse(path):
    hdr, secs, cur = {}, {}, None
    for line in open(path).read().split("\n")[:-1]:
        if line.startswith("--- "):
            cur = line[4:]
            secs[cur] = []
            continue
        if cur is None:
            if line.startswith("cmd: "):
                hdr["cmd"] = line[5:]
            elif line.startswith("status: "):
                hdr["status"] = line[8:]
            continue
        secs[cur].append(line)
    return hdr, secs


def run(hdr, secs):
    with tempfile.TemporaryDirectory() as d:
        for k, v in secs.items():
            if k.startswith("file: "):
                open(os.path.join(d, k[6:]), "w").write("\n".join(v) + "\n")
        stdin = "\n".join(secs["stdin"]) + "\n" if "stdin" in secs else ""
        env = dict(os.environ, LC_ALL="C", PATH=top + "/bin:" + os.environ["PATH"])
        r = subprocess.run(["bash", "-o", "pipefail", "-c", hdr["cmd"]], cwd=d,
                           input=stdin, capture_output=True, text=True, env=env)
        return r.stdout


def rclose(a, b):
    """a (printed by the tool) is b (R, 17 digits) rounded to a's digits."""
    digits = len(re.sub(r"^[-0.]*|e.*$", "", a).replace(".", "")) or 1
    a, b = float(a), float(b)
    return abs(a - b) <= 0.51 * 10 ** (1 - digits) * abs(b) + 1e-300


checks = []  # (case, kind, args, got)
rewrites = {}
bad = False
for path in cases:
    hdr, secs = parse(path)
    old = secs.get("stdout", [])
    new = run(hdr, secs).split("\n")[:-1]
    if not old or "p" not in old[0].split(","):
        print(path, ": no p column, skipped")
        continue
    oh, nh = old[0].split(","), new[0].split(",")
    ip = oh.index("p")
    if nh != oh[:ip + 1] + ["p_method"] + oh[ip + 1:] or len(new) != len(old):
        print(path, ": header or row count not as expected"); bad = True
        continue
    im, inn, ie = nh.index("method"), nh.index("n"), nh.index("estimate")
    ipa = nh.index("p_adj") if "p_adj" in nh else None
    fam = {}
    for o, n in zip(old[1:], new[1:]):
        of, nf = o.split(","), n.split(",")
        pm = nf[ip + 1]
        nf2 = nf[:ip + 1] + nf[ip + 2:]
        for i, (a, b) in enumerate(zip(of, nf2)):
            if a == b:
                continue
            col = oh[i]
            if col == "p" and pm in ("exact", "edgeworth"):
                continue
            if col == "p_adj":
                continue
            print(path, ": unexplained change in", col, a, "->", b); bad = True
        if pm in ("exact", "edgeworth"):
            checks.append((path, nf[im], nf[inn], nf[ie], nf[ip]))
        if ipa is not None and nf[ip] != "":
            fam.setdefault(nf[im], []).append((nf[ip], nf[ipa]))
    if ipa is not None:
        m = re.search(r"--adjust[ =](\w+)", hdr["cmd"])
        meth = {"bh": "BH", "fdr": "BH", "holm": "holm",
                "bonferroni": "bonferroni"}[m.group(1) if m else "bh"]
        for k, v in fam.items():
            checks.append((path, "padjust:" + meth, [a for a, _ in v], [b for _, b in v], None))
    rewrites[path] = new

r = ["pk <- function(q, n) .Call(stats:::C_pKendall, q, n)",
     "pr <- function(q, n, lt) .Call(stats:::C_pRho, round(q) + 2 * lt, n, lt)"]
for c in checks:
    path, meth, n, est, p = c
    if meth.startswith("padjust:"):
        r.append("cat(sprintf('%%.17g', p.adjust(c(%s), '%s')), '\\n')" % (",".join(n), meth[8:]))
        continue
    base = meth.replace("weighted_", "")
    if base == "kendall":
        r.append("n <- %s; q <- round((%s + 1) * n * (n - 1) / 4); "
                 "p <- if (q > n * (n - 1) / 4) 1 - pk(q - 1, n) else pk(q, n); "
                 "cat(sprintf('%%.17g', min(2 * p, 1)), '\\n')" % (n, est))
    else:
        r.append("n <- %s; q <- (n^3 - n) * (1 - %s) / 6; "
                 "p <- if (q > (n^3 - n) / 6) pr(q, n, FALSE) else pr(q, n, TRUE); "
                 "cat(sprintf('%%.17g', min(2 * p, 1)), '\\n')" % (n, est))
out = subprocess.run(["Rscript", "-e", "\n".join(r)], capture_output=True,
                     text=True).stdout.split("\n")
for c, line in zip(checks, out):
    path, meth, n, est, p = c
    vals = line.split()
    if meth.startswith("padjust:"):
        ok = all(rclose(g, w) for g, w in zip(est, vals))
        print(path, meth, "R", vals, "tool", est, "ok" if ok else "MISMATCH")
    else:
        ok = rclose(p, vals[0])
        print(path, meth, "n", n, "est", est, "tool p", p, "R", vals[0], "ok" if ok else "MISMATCH")
    bad |= not ok
if bad:
    sys.exit("check-exact-goldens: not all changes explained or matched; nothing written")
if write:
    for path, new in rewrites.items():
        text = open(path).read()
        i = text.index("--- stdout\n") + len("--- stdout\n")
        j = text.find("\n--- ", i)
        rest = text[j + 1:] if j >= 0 else ""
        open(path, "w").write(text[:i] + "\n".join(new) + "\n" + rest)
    print("written:", len(rewrites))
