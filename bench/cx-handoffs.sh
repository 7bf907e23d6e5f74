#!/bin/bash
# bench/cx-handoffs.sh: cx-handoffs on 10 million events, in the default
# mode (input in time order, not sorted by client) and with --sorted (the
# same kind of input grouped by client), beside wc -l and a group-by count
# of events per client with GNU datamash and Miller. Prints a table of
# wall time, CPU time (user + system: the fairer figure on a busy machine)
# and peak memory (/usr/bin/time -v).
# Usage: bench/cx-handoffs.sh [BINDIR] [EVENTS]   (defaults: bin, 10000000)
set -eu
bin=${1:-bin}
n=${2:-10000000}
export PATH="$bin:$PATH" LC_ALL=C
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-handoffs.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# 20 events a client, 12 units, 400 staff, times spread evenly over
# 2026 (dates built from day-of-year: any POSIX awk will do).
gen() {
    awk -v n="$n" -v grouped="$1" 'BEGIN {
        srand(42)
        split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
        nc = int(n / 20); if (nc < 1) nc = 1
        print "client,time,activity,unit,staff"
        for (i = 0; i < n; i++) {
            c = grouped ? int(i / 20) : int(rand() * nc)
            s = int(i * (365 * 86400 / n))
            d = int(s / 86400); r = s - d * 86400
            m = 1; while (d >= ml[m]) { d -= ml[m]; m++ }
            u = int(rand() * 12)
            a = rand() < 0.1 ? "intake" : "visit"
            printf "c%07d,2026-%02d-%02dT%02d:%02d:%02d,%s,unit-%02d,staff-%03d\n",
                c, m, d + 1, int(r / 3600), int(r % 3600 / 60), r % 60, a, u,
                int(rand() * 400)
        }
    }'
}
gen 0 > "$dir/events.csv"
gen 1 > "$dir/sorted.csv"

run() {
    local name=$1; shift
    /usr/bin/time -v -o "$dir/time" "$@" > "$dir/out" 2> /dev/null || {
        echo "$name: failed" >&2; exit 1; }
    local wall mem cpu
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
    mem=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$dir/time")
    printf '| %-52s | %9s | %8s | %8d |\n' "$name" "$wall" "$cpu" "$((mem / 1024))"
}

echo "cx-handoffs benchmark: $n events, $(wc -c < "$dir/events.csv") bytes, $(date -u +%Y-%m-%d), $(nproc) cores"
printf '| %-52s | %9s | %8s | %8s |\n' "command" "wall" "CPU s" "peak MB"
printf '|%s|%s|%s|%s|\n' "------------------------------------------------------" "-----------" "----------" "----------"
run "wc -l" wc -l "$dir/events.csv"
# --disclosure none: the same work as the results recorded beside this
# script (and as datamash or Miller do), without small-cell suppression.
run "cx-handoffs (summary)" cx-handoffs --disclosure none "$dir/events.csv"
run "cx-handoffs --disclosure none -g unit -p month --window 8w" cx-handoffs -g unit -p month --window 8w "$dir/events.csv"
run "cx-handoffs --by staff --per-client" cx-handoffs --by staff --per-client "$dir/events.csv"
run "cx-handoffs --disclosure none --matrix" cx-handoffs --matrix "$dir/events.csv"
run "cx-handoffs --sorted (summary), grouped input" cx-handoffs --disclosure none --sorted "$dir/sorted.csv"
run "cx-handoffs --sorted --per-client, grouped input" cx-handoffs --sorted --per-client "$dir/sorted.csv"
run "cx-handoffs (summary), grouped input" cx-handoffs --disclosure none "$dir/sorted.csv"
if command -v datamash > /dev/null; then
    run "datamash -s -H -t, -g 1 count 1" datamash -s -H -t, -g 1 count 1 < "$dir/events.csv"
    run "datamash -H -t, -g 1 count 1, grouped input" datamash -H -t, -g 1 count 1 < "$dir/sorted.csv"
fi
if command -v mlr > /dev/null; then
    run "mlr --csv count -g client" mlr --csv count -g client "$dir/events.csv"
fi
