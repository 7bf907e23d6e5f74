#!/bin/sh
# cx-synth benchmark: generate about 10 million events (plus the client
# and staff surveys and truth.csv) and 1 million, timing each with
# /usr/bin/time -v (wall and CPU time, peak memory), beside wc -l reading
# the output and awk writing 10 million random lines of the same shape.
# (GNU datamash and Miller do not generate data; Miller's seqgen, the
# nearest thing, took 69 s and 3.8 GB for 10 million records here.) Files go under /tmp and are
# removed at the end. Usage: sh bench/cx-synth.sh (cx-synth on PATH).
set -e
dir=$(mktemp -d /tmp/cx-synth-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# One row: what, wall and CPU (user + system) seconds, peak RSS in MB,
# output lines. The command's own output goes to /dev/null.
row() { printf '%-44s %7s %7s %8s %10s\n' "$@"; }
measure() {
    label=$1
    lines=$2
    shift 2
    /usr/bin/time -v -o "$dir/time" "$@" > /dev/null 2> /dev/null
    wall=$(awk -F': ' '/Elapsed/ { n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$dir/time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$dir/time")
    rss=$(awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' "$dir/time")
    row "$label" "$wall" "$cpu" "$rss" "$lines"
}

row "command" "wall s" "cpu s" "peak MB" "lines"
measure "cx-synth --clients 133000 -o (all 4 files)" "" \
    cx-synth --clients 133000 -o "$dir/small"
small=$(wc -l < "$dir/small/events.csv")
row "  events.csv of it" "" "" "" "$small"
measure "cx-synth --clients 1330000 -o (all 4 files)" "" \
    cx-synth --clients 1330000 -o "$dir/org"
lines=$(wc -l < "$dir/org/events.csv")
all=$(cat "$dir/org"/*.csv | wc -l)
row "  events.csv of it" "" "" "" "$lines"
row "  all four files" "" "" "" "$all"
measure "cx-synth --clients 1330000 --only events" "$lines" \
    cx-synth --clients 1330000 --only events
measure "wc -l events.csv" "$lines" wc -l "$dir/org/events.csv"
measure "awk: 10M random lines of that shape" 10000000 \
    awk 'BEGIN { srand(1); for (i = 0; i < 10000000; i++)
        printf "C%07d,2026-%02d-%02dT%02d:%02d:%02d,appointment,U%02d,E%04d\n",
        i / 7, 1 + int(rand() * 12), 1 + int(rand() * 28), int(rand() * 24),
        int(rand() * 60), int(rand() * 60), 1 + int(rand() * 8),
        int(rand() * 9999) }'
du -sh "$dir/org" | awk '{ print "size of the 10M-event organisation: " $1 }'
