#!/bin/sh
# cx-satisfaction benchmark: 10 million canonical responses (1 million
# respondents x 10 items, 50 units, 12 months), generated under /tmp with
# awk. Times cx-satisfaction (per respondent, the default; per answer,
# --by-response; with --alpha and --straightline) beside wc -l, GNU
# datamash and Miller computing the same group means, with peak memory
# from /usr/bin/time -v. Usage: sh bench/cx-satisfaction.sh [N_RESPONSES]
set -e
n=${1:-10000000}
dir=${TMPDIR:-/tmp}/cx-satisfaction-bench.$$
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM
in=$dir/responses.csv

awk -v n="$n" 'BEGIN {
    srand(42)
    print "respondent,unit,time,item,score"
    items = 10
    for (r = 0; r * items < n; r++) {
        unit = "team" int(r % 50)
        m = 1 + int(r / 7) % 12
        d = 1 + r % 28
        base = 2 + (r % 50) / 25
        for (i = 1; i <= items && r * items + i <= n; i++) {
            s = int(base + 3 * rand())
            if (s > 5) s = 5
            printf "c%07d,%s,2026-%02d-%02dT10:00:00,q%d,%d\n", r, unit, m, d, i, s
        }
    }
}' > "$in"

run() { # label command...
    label=$1
    shift
    /usr/bin/time -v "$@" > "$dir/out" 2> "$dir/time" || {
        cat "$dir/time" >&2
        exit 1
    }
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
    printf '%-52s %10s %10s MB\n' "$label" "$secs" "$((kb / 1024))"
}

echo "input: $(wc -l < "$in") lines, $(du -m "$in" | cut -f1) MB"
printf '%-52s %10s %13s\n' "command" "wall" "peak RSS"
run "wc -l" wc -l "$in"
# --disclosure none: the same work as the results recorded beside this
# script (and as datamash or Miller do), without small-cell suppression.
run "cx-satisfaction --scale 1-5 -g unit" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit "$in"
run "cx-satisfaction --scale 1-5 -g unit --by-response" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit --by-response "$in"
run "cx-satisfaction --scale 1-5 -g unit -p month" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit -p month "$in"
run "cx-satisfaction ... -g unit --alpha --straightline" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit --alpha --straightline "$in"
if command -v datamash > /dev/null; then
    run "datamash -t, -s --header-in -g 2 mean 5" \
        datamash -t, -s --header-in -g 2 mean 5 < "$in"
    # The same numbers: per-answer means against datamash's, to 6 digits.
    awk -F, '{ printf "%s,%.6g\n", $1, $2 }' "$dir/out" | sort > "$dir/dm"
    cx-satisfaction --disclosure none --scale 1-5 -g unit --by-response "$in" |
        awk -F, 'NR > 1 { printf "%s,%.6g\n", $1, $5 }' | sort > "$dir/cx"
    if cmp -s "$dir/dm" "$dir/cx"; then
        echo "check: --by-response means equal datamash's (6 digits)"
    else
        echo "check: --by-response means DIFFER from datamash's"
    fi
fi
if command -v mlr > /dev/null; then
    run "mlr --icsv --ocsv stats1 -a mean -f score -g unit" \
        mlr --icsv --ocsv stats1 -a mean -f score -g unit "$in"
fi
