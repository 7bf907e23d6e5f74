#!/bin/bash
# cx-satisfaction-parallel.sh (issue 14): the scale-out path with GNU
# parallel, as on a real machine: cx-split the example surveys by
# respondent into 1, 2, 7 and 64 parts, run cx-satisfaction --partial on
# the parts as parallel jobs, merge the partials, and compare the figures
# byte for byte (cmp) with one run over the whole file, for several option
# sets (periods, --alpha, --straightline, --nps, --by-response, --top, and
# the finishing options --compare and --min-n given at merge time). Also
# merges the partials of a split that ignores respondents (split -l, so a
# respondent's answers are in several partials): still identical.
set -u
tool=cx-satisfaction
. "${CX_SRCDIR:?run through make check}/tests/parallel-check.sh"

ex=$src/examples
check "$ex/satisfaction-clients.csv" \
    "--scale 1-5 --exclude-items recommend -g unit -p month --alpha --straightline" \
    "--compare --min-n 3" 1 2 7 64
check "$ex/satisfaction-clients.csv" "--scale 0-10 --items recommend --nps -g unit" \
    "--conf 0.9" 1 2 7
check "$ex/org/clients.csv" \
    "--scale 1-5 --exclude-items recommend -g unit -p quarter --by-response --top 2 --alpha" \
    "--digits 12" 1 2 7 64
check "$ex/org/staff.csv" "--scale 1-5 -g unit -p quarter --straightline=3 --bottom 2" \
    "--compare --target 50" 1 2 7
check "$ex/satisfaction-staff.csv" "--scale 1-5 --alpha" "" 1 2 7

# A split that cuts respondents apart: whole lines, 40 a part.
state="--scale 1-5 --exclude-items recommend -g unit -p quarter --alpha --straightline=3"
cx-satisfaction $state "$ex/org/clients.csv" > single.csv 2> /dev/null
rm -rf lines && mkdir lines
tail -n +2 "$ex/org/clients.csv" | split -l 40 - lines/l-
for f in lines/l-*; do
    { head -1 "$ex/org/clients.csv"; cat "$f"; } > "$f.csv"
done
# shellcheck disable=SC2086
parallel --will-cite cx-satisfaction $state --partial {} '>' {}.partial '2>' /dev/null \
    ::: lines/*.csv
# shellcheck disable=SC2086
cx-satisfaction $state --merge lines/*.partial | cmp -s - single.csv ||
    fail "a split by lines (respondents in several partials) differs"
runs=$((runs + 1))

echo "cx-satisfaction-parallel: $runs merges compared, $fails failed"
[ $fails = 0 ]
