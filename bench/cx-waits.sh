#!/bin/bash
# bench/cx-waits.sh: times cx-waits on 10 million events beside wc -l and a
# group-by in GNU datamash and Miller, with peak memory. Usage:
#   bench/cx-waits.sh [BIN_DIR] [EVENTS]
# The input is generated under /tmp (never committed) and removed at exit.
set -eu
bin=${1:-$(dirname "$0")/../bin}
n=${2:-10000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/cx-waits-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
in=$dir/events.csv

# About 4 events per client: a referral, usually an appointment (some
# clients are still waiting), sometimes a follow-up appointment and a
# letter; 20 units, times spread over 2025, rows in client order but times
# unsorted within the file as a whole.
awk -v n="$n" 'BEGIN {
    srand(42)
    split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
    print "client,time,activity,unit,staff"
    rows = 0
    for (c = 1; rows < n; c++) {
        u = "unit" int(rand() * 20); d = int(rand() * 330)
        rows += emit(c, d, int(rand() * 86400), "referral", u, "")
        if (rows < n && rand() < 0.85) {
            w = int(-20 * log(1 - rand() * 0.999))
            rows += emit(c, d + w, int(rand() * 86400), "appointment", u, "s" int(rand() * 200))
            if (rows < n && rand() < 0.6)
                rows += emit(c, d + w + 14, 36000, "appointment", u, "s" int(rand() * 200))
        }
        if (rows < n && rand() < 0.5)
            rows += emit(c, d + 2, 43200, "letter", u, "")
    }
}
function emit(c, day, sec, act, u, s,   m) {
    if (day > 364) day = 364
    for (m = 1; day >= ml[m]; m++) day -= ml[m]
    printf "c%07d,2025-%02d-%02dT%02d:%02d:%02d,%s,%s,%s\n", c, m, day + 1,
        int(sec / 3600), int(sec / 60) % 60, sec % 60, act, u, s
    return 1
}' > "$in"

rows=$(($(wc -l < "$in") - 1))
size=$(du -m "$in" | cut -f1)
printf 'input: %d events, %d MB, %s\n' "$rows" "$size" "$(uname -m)"
printf '%-58s %9s %11s\n' "command" "seconds" "peak MB"

run() {
    local label=$1; shift
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > /dev/null 2> "$dir/err" ||
        { echo "failed: $label"; cat "$dir/err"; return 1; }
    read -r secs kb < <(tail -1 "$dir/time")
    printf '%-58s %9s %11d\n' "$label" "$secs" $((kb / 1024))
}

run "wc -l" wc -l "$in"
# --disclosure none: the same work as the results recorded beside this
# script (and as datamash or Miller do), without small-cell suppression.
run "cx-waits summary (-g unit)" "$bin/cx-waits" --disclosure none --from referral --to appointment -g unit "$in"
run "cx-waits summary (-g unit -p month --norm 4w)" "$bin/cx-waits" --disclosure none --from referral --to appointment -g unit -p month --norm 4w "$in"
run "cx-waits --open" "$bin/cx-waits" --from referral --to appointment --open "$in"
# Referral to letter: the appointments (about half the events) are read but
# not kept; with --censor last each client's last event time is kept.
run "cx-waits summary, referral to letter (-g unit)" "$bin/cx-waits" --disclosure none --from referral --to letter -g unit "$in"
run "cx-waits summary, referral to letter, --censor last" "$bin/cx-waits" --disclosure none --from referral --to letter --censor last -g unit "$in"
if command -v datamash > /dev/null; then
    run "datamash -s -g unit count (sorts the input)" sh -c "datamash -t, -H -s -g 4 count 1 < \"$in\""
fi
if command -v mlr > /dev/null; then
    run "mlr stats1 -a count -g unit" mlr --icsv --ocsv stats1 -a count -f client -g unit "$in"
fi
