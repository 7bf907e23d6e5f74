#!/bin/sh
# bench/cx-ingest-pseudonymize.sh: what --pseudonymize costs. cx-ingest on
# the same 10 million event rows (500,000 clients, 500 staff), plain and
# with --pseudonymize, side by side in the same run, three times each in
# turn; the ratio of the median CPU times (user + system) is the figure
# to hold (issue 16: at most 1.5). Usage: sh bench/cx-ingest-pseudonymize.sh [BIN_DIR] [ROWS]
# The input and a throw-away key are made under $TMPDIR (or /tmp) and
# removed at the end.
set -eu
bin=${1:-$(dirname "$0")/../bin}
rows=${2:-10000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/cx-pseudo-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
in=$work/export.csv

awk -v n="$rows" 'BEGIN {
    print "client,time,activity,unit,staff"
    split("referral intake appointment treatment complaint discharge", act, " ")
    split("geriatrics homecare-north neurology physio", unit, " ")
    for (i = 0; i < n; i++) {
        c = 1000000 + int(i / 20)
        d = 1 + i % 28; m = 1 + int(i / 28) % 12; h = i % 24; mi = i % 60
        printf "%d,2026-%02d-%02dT%02d:%02d:00,%s,%s,mw%d\n", c, m, d, h, mi,
            act[1 + i % 6], unit[1 + i % 4], i % 500
    }
}' > "$in"
"$bin/cx-ingest" -q --new-key "$work/key" 2> /dev/null

cpu() { # cpu COMMAND...: CPU seconds (user + system) of one run; the
    # elapsed time on a shared machine measures the neighbours as well
    /usr/bin/time -f '%U %S %e' -o "$work/time" "$@" > /dev/null 2> "$work/err" ||
        { echo "failed: $*"; cat "$work/err"; exit 1; }
    awk '{ printf "%.2f/%.2f", $1 + $2, $3 }' "$work/time"
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

echo "input: $rows rows, $(du -m "$in" | cut -f1) MB ($(nproc) cores, $(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg))"
p1=$(cpu "$bin/cx-ingest" -e utf-8 "$in")
s1=$(cpu "$bin/cx-ingest" -e utf-8 --pseudonymize "$work/key" "$in")
p2=$(cpu "$bin/cx-ingest" -e utf-8 "$in")
s2=$(cpu "$bin/cx-ingest" -e utf-8 --pseudonymize "$work/key" "$in")
p3=$(cpu "$bin/cx-ingest" -e utf-8 "$in")
s3=$(cpu "$bin/cx-ingest" -e utf-8 --pseudonymize "$work/key" "$in")
plain=$(median3 "${p1%/*}" "${p2%/*}" "${p3%/*}")
pseudo=$(median3 "${s1%/*}" "${s2%/*}" "${s3%/*}")
echo
echo "| command (CPU s / elapsed s per run)        | run 1 | run 2 | run 3 | median CPU s |"
echo "|--------------------------------------------|-------|-------|-------|--------------|"
echo "| cx-ingest -e utf-8 FILE                    | $p1 | $p2 | $p3 | $plain |"
echo "| cx-ingest -e utf-8 --pseudonymize KEY FILE | $s1 | $s2 | $s3 | $pseudo |"
echo
awk -v a="$pseudo" -v b="$plain" 'BEGIN {
    r = b > 0 ? a / b : 0
    printf "ratio pseudonymised / plain (median CPU): %.2f (limit 1.50): %s\n",
        r, r <= 1.5 ? "ok" : "OVER"
}'
