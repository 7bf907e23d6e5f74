#!/bin/bash
# cx-handoffs-parallel.sh (issue 14): cx-split the example organisation's
# events by client into 1, 2, 7 and 64 parts, run cx-handoffs --partial on
# the parts as GNU parallel jobs, merge, and compare byte for byte (cmp)
# with one run over the whole file: the summary with -g and -p, --window,
# --repeat and --ties step, --per-client, --matrix with --asof and
# --min-n, --dot with --top, and the same on a second organisation with
# many equal times (dates only, in time order).
set -u
tool=cx-handoffs
. "${CX_SRCDIR:?run through make check}/tests/parallel-check.sh"

ev=$src/examples/org/events.csv
check "$ev" "-g unit -p month" "" 1 2 7 64
check "$ev" "-g unit --window 8w --repeat intake" "--min-n 3 --unit weeks" 1 2 7
check "$ev" "--by staff --ties step -p quarter" "--disclosure opensafely" 1 2 7
check "$ev" "--per-client -g unit -p month --window 8w --repeat intake" "--unit hours" 1 2 7 64
check "$ev" "--per-client --by staff --ties step" "--digits 6" 1 2 7
check "$ev" "--matrix" "--disclosure none" 1 2 7 64
check "$ev" "--matrix --by staff --self" "--asof 2026-09-01 --min-n 2" 1 2 7
check "$ev" "--matrix --ties step" "--disclosure none --unit hours" 1 2 7
check "$ev" "--dot" "--top 5 --disclosure none" 1 2 7
check "$ev" "--dot --by staff" "" 1 2 7

# Date-only times (the test's own fixture: times cut to their dates), so
# that many events of a client share an instant, in time order as an
# export comes: the note on ties must be the same after the merge too.
cx-synth --seed 7 --units 6 -o org2 > /dev/null 2>&1 || fail "cx-synth"
sed -E 's/T[0-9]{2}:[0-9]{2}:[0-9]{2},/,/' org2/events.csv > dated.csv
{ head -1 dated.csv; tail -n +2 dated.csv | sort -t, -k2,2 -s; } > bytime.csv
check "$work/bytime.csv" "-g unit -p week" "--disclosure none" 1 2 7
check "$work/bytime.csv" "--matrix --ties step" "--disclosure none" 1 2 7
check "$work/bytime.csv" "--per-client" "" 1 7
for mode in "" "--matrix" "--ties step --per-client"; do
    # shellcheck disable=SC2086
    $tool $mode bytime.csv > /dev/null 2> single.err
    rm -rf parts && mkdir parts && cx-split -n 3 --prefix parts/p bytime.csv
    for f in parts/p-*.csv; do
        # shellcheck disable=SC2086
        $tool $mode --partial "$f" > "$f.partial" 2> part.err
        [ -s part.err ] && fail "--partial wrote to stderr: $mode"
    done
    # shellcheck disable=SC2086
    $tool $mode --merge parts/*.partial > /dev/null 2> merged.err
    [ -s single.err ] || fail "no note on ties: $mode"
    cmp -s single.err merged.err || fail "stderr differs after the merge: $mode"
done

echo "cx-handoffs-parallel: $runs merges compared, $fails failed"
[ $fails = 0 ]
