#!/bin/bash
# cx-waits-parallel.sh (issue 14): cx-split the example organisation's
# events and the example waits by client into 1, 2, 7 and 64 parts, run
# cx-waits --partial on the parts as GNU parallel jobs, merge, and compare
# byte for byte (cmp) with one run over the whole file: the summary with a
# norm and target, --open, --list, --curve with --min-n, --censor last,
# --asof, --period-of end and --restart.
set -u
src=${CX_SRCDIR:?run through make check}
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/waits-parallel.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0 runs=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# check INPUT "FINDING OPTIONS" "OUTPUT OPTIONS" PARTS...
check() {
    local input=$1 state=$2 finish=$3 n
    shift 3
    # shellcheck disable=SC2086
    cx-waits $state $finish "$input" > single.csv 2> /dev/null ||
        { fail "single run: $state $finish"; return; }
    [ "$(wc -l < single.csv)" -gt 1 ] || { fail "no output: $state $finish"; return; }
    for n in "$@"; do
        rm -rf parts && mkdir parts
        cx-split -n "$n" --prefix parts/p "$input" || { fail "cx-split -n $n"; continue; }
        # shellcheck disable=SC2086
        parallel --will-cite --halt now,fail=1 \
            cx-waits $state --partial {} '>' {}.partial '2>' /dev/null \
            ::: parts/p-*.csv || { fail "parallel --partial, $n parts: $state"; continue; }
        # shellcheck disable=SC2086
        cx-waits $state $finish --merge parts/*.partial > merged.csv ||
            { fail "--merge, $n parts: $state $finish"; continue; }
        runs=$((runs + 1))
        cmp -s merged.csv single.csv ||
            fail "$n parts differ from one run: ${input##*/} $state $finish"
    done
}

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
