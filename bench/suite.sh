#!/bin/bash
# bench/suite.sh: every cxkit tool on one synthetic organisation of about
# 10 million events made by cx-synth (issue 7), beside wc -l, GNU datamash
# and Miller doing comparable group-bys. Each command is timed with
# /usr/bin/time (wall and CPU seconds, peak resident memory); a table of
# command, wall s, CPU s (user + system: the fairer figure on a busy
# machine), peak MB, output lines and exit status is printed.
#
# Not named cx-*.sh on purpose: bench/run.sh (make bench) runs the per-tool
# benchmarks, not this one. Run it by hand from the top of a build tree:
#     bash bench/suite.sh [BINDIR]          (default BINDIR: bin)
# Environment: CLIENTS (default 1155000, about 10.0 million events with
# --units 40 --weeks 52), TMPDIR (default /tmp) for the data, about 1.2 GB
# while it runs; KEEP=1 keeps that folder. Results: bench/suite.md.
set -u
bin=$(cd "${1:-bin}" && pwd) || exit 2
clients=${CLIENTS:-1155000}
units=40
weeks=52
export PATH="$bin:$PATH" LC_ALL=C
dir=$(mktemp -d "${TMPDIR:-/tmp}/cx-suite.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "data kept in $dir"
else
    trap 'rm -rf "$dir"' EXIT
fi
org=$dir/org
failed=0

printf '%-62s %8s %8s %8s %9s %4s\n' "command" "wall s" "CPU s" "peak MB" "lines" "exit"

# run NAME OUT CMD...: time CMD with stdout to OUT (a file, or - for
# none) and stderr to $dir/err; print a table row. Output lines are
# counted in OUT (or, for - , left empty).
run() {
    local name=$1 out=$2 st lines
    shift 2
    if [ "$out" = - ]; then out=/dev/null; fi
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" > "$out" 2> "$dir/err"
    st=$?
    lines=
    [ "$out" != /dev/null ] && lines=$(wc -l < "$out")
    awk -v n="$name" -v l="$lines" -v s="$st" '
        # /usr/bin/time prefixes "Command exited with non-zero status N".
        NF == 4 && $1 ~ /^[0-9.]+$/ {
            printf "%-62s %8.2f %8.2f %8.0f %9s %4s\n", n, $1, $2 + $3, $4 / 1024, l, s }
    ' "$dir/time"
    if [ $st -ne 0 ]; then
        failed=$((failed + 1))
        sed 's/^/    stderr: /' "$dir/err" | head -5
    fi
    return 0
}

# run_sh NAME OUT SCRIPT: the same for a small shell pipeline.
run_sh() {
    local name=$1 out=$2
    run "$name" "$out" bash -c "$3"
}

echo "# load before: $(uptime)"
echo "# $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 " GiB" }'), $(date -u +%Y-%m-%dT%H:%MZ)"

# --- the organisation -----------------------------------------------------
run "cx-synth --clients $clients --units $units --weeks $weeks -o" - \
    cx-synth --clients "$clients" --units "$units" --weeks "$weeks" -o "$org"
ev=$org/events.csv
echo "# events.csv $(($(wc -l < "$ev") - 1)) events, $(wc -c < "$ev") bytes;" \
    "clients.csv $(($(wc -l < "$org/clients.csv") - 1)) answers;" \
    "staff.csv $(($(wc -l < "$org/staff.csv") - 1)) answers"

# --- the tools ------------------------------------------------------------
run "wc -l events.csv" "$dir/wc.txt" wc -l "$ev"
run "cx-ingest -q events.csv (canonical in, canonical out)" "$dir/ingested.csv" \
    cx-ingest -q "$ev"
run "cx-ingest -q --encoding utf-8 events.csv" "$dir/ingested2.csv" \
    cx-ingest -q --encoding utf-8 "$ev"
rm -f "$dir/ingested.csv" "$dir/ingested2.csv"
# --disclosure none: the same work as the results recorded beside this
# script (and as datamash or Miller do), without small-cell suppression.
run "cx-waits -f referral -t intake -g unit --norm 4w" "$dir/waits.csv" \
    cx-waits --disclosure none -f referral -t intake -g unit --norm 4w "$ev"
run "cx-waits -f referral -t intake -g unit --open" "$dir/open.csv" \
    cx-waits -f referral -t intake -g unit --open "$ev"
run "cx-handoffs -g unit" "$dir/handoffs.csv" cx-handoffs --disclosure none -g unit "$ev"
run_sh "sort by client (LC_ALL=C sort -t, -k1,1 -s, header kept)" "$dir/sorted.csv" \
    "{ head -n 1 && sort -t, -k1,1 -s; } < '$ev'"
run "cx-handoffs --sorted -g unit (on the sorted copy)" "$dir/handoffs-sorted.csv" \
    cx-handoffs --disclosure none --sorted -g unit "$dir/sorted.csv"
rm -f "$dir/sorted.csv"
if cmp -s "$dir/handoffs.csv" "$dir/handoffs-sorted.csv"; then
    echo "# cx-handoffs -g unit and --sorted -g unit: identical output"
else
    echo "# cx-handoffs -g unit and --sorted -g unit: OUTPUTS DIFFER"
fi
run_sh "awk: client answers without 'recommend'" "$dir/client-items.csv" \
    "awk -F, 'NR == 1 || \$4 != \"recommend\"' '$org/clients.csv'"
run "cx-satisfaction --scale 1-5 -g unit -p quarter (clients)" "$dir/client-q.csv" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit -p quarter "$dir/client-items.csv"
run "cx-satisfaction --scale 1-5 -g unit -p quarter --alpha (staff)" "$dir/staff-q.csv" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit -p quarter --alpha "$org/staff.csv"
run "cx-satisfaction --scale 1-5 -g unit --by-response (clients)" "$dir/client-u.csv" \
    cx-satisfaction --disclosure none --scale 1-5 -g unit --by-response "$dir/client-items.csv"
run "cx-correlate -k unit,period -x mean -y mean (staff, clients)" "$dir/corr.csv" \
    cx-correlate --disclosure none -k unit,period -x mean -y mean "$dir/staff-q.csv" "$dir/client-q.csv"
run "cx-correlate -k unit,period --lag 1 -x mean -y mean" "$dir/corr-lag.csv" \
    cx-correlate --disclosure none -k unit,period --lag 1 -x mean -y mean "$dir/staff-q.csv" "$dir/client-q.csv"
mkdir -p "$dir/weekly"
run "cx-weekly ORG OUT (the whole weekly job)" "$dir/weekly.log" \
    cx-weekly "$org" "$dir/weekly"

# --- the same group-bys with GNU datamash and Miller ----------------------
run "datamash -t, -H -s -g 4 count 1 (events per unit)" "$dir/dm1.csv" \
    datamash -t, -H -s -g 4 count 1 < "$ev"
run "mlr --icsv --ocsv count -g unit (events per unit)" "$dir/mlr1.csv" \
    mlr --icsv --ocsv count -g unit "$ev"
# datamash cannot skip an empty score (unanswered item): awk drops them.
run_sh "awk (answered) | datamash -t, -H -s -g 2 count 5 mean 5" "$dir/dm2.csv" \
    "awk -F, 'NR == 1 || \$5 != \"\"' '$dir/client-items.csv' | datamash -t, -H -s -g 2 count 5 mean 5"
run "mlr --icsv --ocsv stats1 -a count,mean -f score -g unit" "$dir/mlr2.csv" \
    mlr --icsv --ocsv stats1 -a count,mean -f score -g unit "$dir/client-items.csv"

# The three means of the client items per unit should agree.
if [ -s "$dir/client-u.csv" ] && [ -s "$dir/mlr2.csv" ] && [ -s "$dir/dm2.csv" ]; then
    awk -F, 'FNR == 1 { f++; for (i = 1; i <= NF; i++) c[$i] = i; next }
        f == 1 { m[$1] = $c["mean"] }
        f == 2 { d = $c["score_mean"] - m[$1]; if (d > 1e-9 || d < -1e-9) bad++; n++ }
        f == 3 { d = $c["mean(score)"] - m[$1]; if (d > 1e-6 || d < -1e-6) bad++; n++ }
        END { printf "# mean score per unit, cx-satisfaction --by-response against Miller and datamash: %d of %d differ\n", bad, n }
    ' "$dir/client-u.csv" "$dir/mlr2.csv" "$dir/dm2.csv"
fi
echo "# load after: $(uptime)"
if [ "${VERBOSE:-0}" = 1 ]; then
    for f in waits handoffs client-q staff-q corr corr-lag dm2 mlr2; do
        echo "## $f.csv"; head -n 4 "$dir/$f.csv"
    done
    echo "## weekly"; ls -l "$dir"/weekly/*/; cat "$dir/weekly.log"
fi
[ $failed -eq 0 ]
