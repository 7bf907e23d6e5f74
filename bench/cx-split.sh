#!/bin/bash
# bench/cx-split.sh (issue 14): one process against the scale-out path on
# this machine, side by side in one run, on generated canonical events:
# cx-split's speed beside wc -l and cat, and cx-waits (summary -g unit -p
# month --norm 4w) as one process against cx-split -n J, J jobs of
# --partial under GNU parallel and --merge; wall time, peak memory of the
# largest process, and the size of the partials. The merged output is
# compared with the single run (cmp). Usage:
#   bench/cx-split.sh [BIN_DIR] [EVENTS] [JOBS]
# The input is generated under /tmp (never committed) and removed at exit.
set -eu
bin=${1:-$(dirname "$0")/../bin}
n=${2:-1000000}
jobs=${3:-2}
PATH=$bin:$PATH
command -v parallel > /dev/null || { echo "bench/cx-split.sh: needs GNU parallel"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/cx-split-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
in=$dir/events.csv

# The generator of bench/cx-waits.sh: about 4 events per client in 20
# units over 2025, rows in client order.
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

printf 'input: %d events, %d MB, %d jobs, %s\n' "$(($(wc -l < "$in") - 1))" \
    "$(du -m "$in" | cut -f1)" "$jobs" "$(uname -m)"
printf '%-62s %8s %8s\n' "step" "seconds" "peak MB"

# run LABEL CMD...: wall seconds and peak resident MB of the command (for
# parallel, /usr/bin/time reports the largest of its children).
run() {
    local label=$1; shift
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > "$dir/out" 2> "$dir/err" ||
        { echo "$label: failed: $(head -3 "$dir/err")"; exit 1; }
    read -r secs kb < "$dir/time"
    printf '%-62s %8s %8d\n' "$label" "$secs" $((kb / 1024))
}

w="--from referral --to appointment -g unit -p month"
run "wc -l" wc -l "$in"
run "cx-split -n $jobs (files)" cx-split -n "$jobs" --prefix "$dir/p" "$in"
run "cx-split --part 0/$jobs (one part to stdout)" cx-split --part "0/$jobs" "$in"
run "cx-waits $w --norm 4w (one process)" cx-waits $w --norm 4w "$in"
cp "$dir/out" "$dir/single.csv"
run "parallel -j $jobs cx-waits ... --partial (the $jobs parts)" \
    parallel --will-cite -j "$jobs" cx-waits $w --partial {} '>' {}.partial ::: "$dir"/p-*.csv
run "cx-waits ... --norm 4w --merge" cx-waits $w --norm 4w --merge "$dir"/p-*.partial
cmp -s "$dir/out" "$dir/single.csv" && echo "merged output = single run (cmp)" ||
    { echo "merged output DIFFERS from the single run"; exit 1; }
printf 'partials: %s bytes in all (%s waits)\n' \
    "$(cat "$dir"/p-*.partial | wc -c)" "$(($(cat "$dir"/p-*.partial | wc -l) - 2 * jobs))"
