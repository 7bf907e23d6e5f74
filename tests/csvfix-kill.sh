#!/bin/bash
# Fault test (issue 11, item 8): cx-ingest -o and --rejects, and cx-synth
# -o DIR, killed with SIGKILL at random moments, never leave a partial file
# under a final name: each is the previous run's file or the complete new
# one. The next run removes the killed runs' temporaries. Bounded to a few
# seconds (about 12 kills per tool).
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/csvfix-kill.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0
awk 'BEGIN { print "client,time,activity"
    for (i = 0; i < 60000; i++)
        printf "c%d,2026-01-%02d,%s\n", i % 500, i % 28 + 1, i % 97 ? "act" : "" }' > in.csv
# The complete outputs, from a run left alone.
cx-ingest -q --max-rejects 100% -r rej.full -o out.full in.csv 2>/dev/null || exit 99
cx-synth --seed 3 --units 8 --clients 3000 --weeks 26 -o org.full 2>/dev/null || exit 99
full_set=$(cd org.full && cat events.csv clients.csv staff.csv truth.csv | cksum)
cx-synth --seed 4 --units 2 --clients 50 --weeks 10 -o org 2>/dev/null || exit 99
old_set=$(cd org && cat events.csv clients.csv staff.csv truth.csv | cksum)

is_old_or_full() { # FILE FULL: FILE says "old" or equals FULL
    [ "$(cat "$1")" = old ] || cmp -s "$1" "$2"
}
kills=0
for i in $(seq 1 12); do
    echo old > out.csv
    echo old > rej.csv
    cx-ingest -q --max-rejects 100% -r rej.csv -o out.csv in.csv 2>/dev/null &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 250)))"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    wait $pid 2>/dev/null
    for f in out rej; do
        if ! is_old_or_full $f.csv $f.full; then
            echo "FAIL: cx-ingest killed: $f.csv is partial (run $i)"
            fail=1
        fi
    done
    cx-synth --seed 3 --units 8 --clients 3000 --weeks 26 -o org 2>/dev/null &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 150)))"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    wait $pid 2>/dev/null
    set_now=$(cd org && cat events.csv clients.csv staff.csv truth.csv 2>/dev/null | cksum)
    if [ "$set_now" != "$old_set" ] && [ "$set_now" != "$full_set" ]; then
        echo "FAIL: cx-synth killed: org is neither the old nor the new set (run $i)"
        fail=1
    fi
    [ "$set_now" = "$full_set" ] && old_set=$full_set
done
echo "$kills of 24 runs killed before they ended"
# The next runs finish and remove the leftovers of the killed ones.
cx-ingest -q --max-rejects 100% -r rej.csv -o out.csv in.csv 2>/dev/null
cx-synth --seed 3 --units 8 --clients 3000 --weeks 26 -o org 2>/dev/null
left=$(ls -A . org | grep 'cx-tmp' || true)
if [ -n "$left" ]; then
    echo "FAIL: leftovers after the next run: $left"
    fail=1
fi
cmp -s out.csv out.full && cmp -s rej.csv rej.full || { echo "FAIL: last run's output"; fail=1; }
[ $fail = 0 ] && echo "ok: no partial file under a final name"
exit $fail
