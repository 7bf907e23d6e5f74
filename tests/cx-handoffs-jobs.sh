#!/bin/bash
# cx-handoffs-jobs.sh (issue 15): cx-handoffs -j N gives the same stdout,
# stderr and exit status for N = 1 to 8 (and through a pipe, read on one
# thread): every mode, on a synthetic organisation in client order and in
# time order (as exports come), with many equal times (dates only), over
# two FILE operands, and with bad data in the middle of the file.
set -u
. "${CX_SRCDIR:?run through make check}/tests/jobs-check.sh"
cd "$jobs_work" || exit 99
cx-synth --seed 5 --units 6 --clients 1500 -o org > /dev/null 2>&1 ||
    { echo "cx-synth failed"; exit 1; }
ev=org/events.csv
# The test's own fixtures: the events in time order, and cut to dates.
{ head -1 $ev; tail -n +2 $ev | sort -t, -k2,2 -s; } > bytime.csv
sed -E 's/T[0-9]{2}:[0-9]{2}:[0-9]{2},/,/' bytime.csv > dated.csv
cmp -s $ev bytime.csv && { echo "sorting by time changed nothing"; exit 1; }

for f in $ev bytime.csv; do
    jobs_check cx-handoffs -- $f
    jobs_check cx-handoffs -g unit -p month --window 8w --repeat intake -- $f
    jobs_check cx-handoffs --per-client -g unit -p week -- $f
    jobs_check cx-handoffs --matrix --disclosure none -- $f
    jobs_check cx-handoffs --dot --by staff --top 20 -- $f
done
jobs_check cx-handoffs --ties step -g unit -- dated.csv
jobs_check cx-handoffs --by staff -- dated.csv
jobs_check cx-handoffs --matrix --ties step --self -- dated.csv
jobs_check cx-handoffs --per-client --unit hours -o @OUT@/pc.csv -- dated.csv

# Two operands read as one stream.
{ head -1 bytime.csv; sed -n '2,3001p' bytime.csv; } > first.csv
{ head -1 bytime.csv; tail -n +3002 bytime.csv; } > second.csv
jobs_check cx-handoffs -g unit -- first.csv second.csv
jobs_check cx-handoffs --matrix -- first.csv second.csv

# Bad data in the middle, and a second bad row later: the first one is
# reported, as one reader reports it.
sed '4000s/2026-/2026-13-/; 7000s/.*/x/' bytime.csv > bad.csv
cx-handoffs -j 4 bad.csv > /dev/null 2> bad.err
[ $? = 1 ] && grep -q '^cx-handoffs: bad.csv:4000: bad time' bad.err ||
    { echo "FAIL: bad.csv: no error at line 4000"; cat bad.err; jobs_fails=$((jobs_fails + 1)); }
jobs_check cx-handoffs -- bad.csv
jobs_done
