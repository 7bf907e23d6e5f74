#!/bin/bash
# cx-waits-parallel.sh (issue 14): cx-split the example organisation's
# events and the example waits by client into 1, 2, 7 and 64 parts, run
# cx-waits --partial on the parts as GNU parallel jobs, merge, and compare
# byte for byte (cmp) with one run over the whole file: the summary with a
# norm and target, --open, --list, --curve with --min-n, --censor last,
# --asof, --period-of end and --restart.
set -u
tool=cx-waits
. "${CX_SRCDIR:?run through make check}/tests/parallel-check.sh"

ev=$src/examples/org/events.csv
check "$ev" "--from referral --to intake -g unit -p month" "--norm 4w --target 80" 1 2 7 64
check "$ev" "--from referral --to intake -g unit" "--open --norm 4w" 1 2 7 64
check "$ev" "--from referral --to intake,treatment --restart" "--list --unit hours" 1 2 7
check "$ev" "--from referral --to intake -g unit -p quarter --period-of end" "--curve --min-n 3" 1 2 7
check "$ev" "--from referral --to treatment --censor last -g unit" "--quantiles 0.25,0.5,0.75 --conf-type log-log" 1 2 7
check "$ev" "--from referral --to intake --asof 2026-09-01" "--open" 1 2 7
check "$src/examples/waits-events.csv" "--from referral --to appointment -g unit -p month" "--norm 4w --min-n 2" 1 2 7

echo "cx-waits-parallel: $runs merges compared, $fails failed"
[ $fails = 0 ]
