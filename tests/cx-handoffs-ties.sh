#!/bin/bash
# cx-handoffs-ties.sh: with --ties step the figures of a log with dates only
# do not depend on its row order (issue 13). A synthetic organisation's
# events, cut to dates (so that many events of a client share a day), are
# shuffled; every mode gives the same bytes for both orders under step,
# and in row order (--ties input) the caregivers per client differ and the note on
# stderr says so (so the test can fail).
set -u
PATH=${CX_BIN:?CX_BIN unset: run through make check}:$PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/handoffs-ties.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
cx-synth --seed 11 --units 8 -o org 2> /dev/null || { echo "cx-synth failed"; exit 1; }
# The test's own fixture: times cut to their dates.
sed -E 's/T[0-9]{2}:[0-9]{2}:[0-9]{2},/,/' org/events.csv > dated.csv
{ head -1 dated.csv; tail -n +2 dated.csv | shuf --random-source=dated.csv; } > shuffled.csv
cmp -s dated.csv shuffled.csv && { echo "shuffle changed nothing"; exit 1; }
fail=0
for mode in "" "--per-client" "--matrix" "--dot --top 10" "-g unit -p month" "--by staff --matrix"; do
    # shellcheck disable=SC2086
    cx-handoffs --ties step $mode dated.csv > a.out 2> a.err &&
        cx-handoffs --ties step $mode shuffled.csv > b.out 2> b.err ||
        { echo "cx-handoffs --ties step $mode failed"; fail=1; continue; }
    if cmp -s a.out b.out && cmp -s a.err b.err; then
        echo "ok: --ties step $mode"
    else
        echo "FAIL: --ties step $mode differs after shuffling"
        diff a.out b.out | head -5
        fail=1
    fi
done
cx-handoffs --by staff --per-client dated.csv > a.out 2> a.err
cx-handoffs --by staff --per-client shuffled.csv > b.out 2> b.err
if cmp -s a.out b.out; then
    echo "FAIL: in row order the shuffle changed nothing (no ties to test?)"
    fail=1
fi
grep -q "follow the input's row order" b.err ||
    { echo "FAIL: no note on tied times: $(cat b.err)"; fail=1; }
exit $fail
