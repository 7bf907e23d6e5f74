#!/bin/bash
# no-ids.sh: no client, staff or respondent identifier appears in any
# summary output of any tool (issue 16). Every tool's summary modes run on
# data whose identifiers are known strings (all containing SECRET); grep
# must not find them. The modes that list people must show them (else this
# test could not fail), and every tool in bin/ must be covered here.
# (cx-handoffs --by staff names caregivers as the providers of its
# matrix by design: it answers "who hands over to whom"; pseudonymise the
# staff column at ingest to share it.)
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/no-ids.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0

# Events: 12 clients over three units and two months, with a staff member
# each; responses: 12 client respondents and 12 staff respondents.
{
    echo client,time,activity,unit,staff
    for i in $(seq 10 21); do
        u=$(( i % 3 )); m=$(( i % 2 + 1 ))
        echo "CLIENTSECRET$i,2026-0$m-0$(( i % 9 + 1 ))T08:00,referral,U$u,STAFFSECRET$(( i % 4 ))"
        echo "CLIENTSECRET$i,2026-0$m-1$(( i % 9 ))T09:00,appointment,U$(( (i + 1) % 3 )),STAFFSECRET$(( i % 5 ))"
        [ $(( i % 4 )) = 0 ] || echo "CLIENTSECRET$i,2026-0$m-2$(( i % 8 ))T10:00,appointment,U$u,STAFFSECRET$(( i % 3 ))"
    done
    echo "CLIENTSECRET99,2026-02-20T08:00,referral,U1,STAFFSECRET1"
} > events.csv
{
    echo respondent,unit,time,item,score
    for i in $(seq 10 21); do
        for q in q1 q2 q3; do
            echo "RESPSECRET$i,U$(( i % 3 )),2026-0$(( i % 2 + 1 ))-15,$q,$(( (i + ${q#q}) % 5 + 1 ))"
            echo "STAFFRESPSECRET$i,U$(( i % 3 )),2026-0$(( i % 2 + 1 ))-15,$q,$(( (i * ${q#q}) % 5 + 1 ))"
        done
    done
} > responses.csv

n=0
summary() { # summary NAME COMMAND...: run a summary mode, then grep
    n=$((n + 1))
    if ! "${@:2}" > "out.$n" 2> "err.$n"; then
        echo "FAIL $1: exit status $? ($(head -c 300 "err.$n"))"; fail=1; return
    fi
    if grep -n SECRET "out.$n" "err.$n" | head -3 | grep .; then
        echo "FAIL $1: an identifier in its output"; fail=1
    else
        echo "ok $1"
    fi
}
lists() { # lists NAME COMMAND...: a mode that lists people must show them
    "${@:2}" > list.out 2> /dev/null
    if grep -q CLIENTSECRET list.out; then
        echo "ok $1 lists people (as its man page says)"
    else
        echo "FAIL $1: expected client ids in a list mode"; fail=1
    fi
}

W="--from referral --to appointment"
summary "cx-waits" cx-waits $W events.csv
summary "cx-waits -g unit -p month --norm 4w --target 80" cx-waits $W -g unit -p month --norm 4w --target 80 events.csv
summary "cx-waits -g unit --min-n 2" cx-waits $W -g unit --min-n 2 events.csv
summary "cx-waits --curve" cx-waits $W --curve -g unit events.csv
summary "cx-waits --disclosure default" cx-waits $W -g unit --disclosure default events.csv
summary "cx-handoffs" cx-handoffs events.csv
summary "cx-handoffs -g unit -p month --repeat appointment --window 8w" cx-handoffs -g unit -p month --repeat appointment --window 8w events.csv
summary "cx-handoffs --matrix" cx-handoffs --matrix events.csv
summary "cx-handoffs --dot" cx-handoffs --dot events.csv
summary "cx-handoffs --disclosure opensafely" cx-handoffs -g unit --disclosure opensafely events.csv
summary "cx-satisfaction" cx-satisfaction --scale 1-5 responses.csv
summary "cx-satisfaction -g unit -p month --alpha --straightline=3 --compare" cx-satisfaction --scale 1-5 -g unit -p month --alpha --straightline=3 --compare responses.csv
summary "cx-satisfaction -g unit,item --by-response" cx-satisfaction --scale 1-5 -g unit,item --by-response responses.csv
summary "cx-satisfaction --disclosure staff" cx-satisfaction --scale 1-5 -g unit --disclosure staff responses.csv
cx-satisfaction --scale 1-5 -g unit -p month responses.csv > sat.csv 2> /dev/null
summary "cx-correlate" cx-correlate -k unit,period -x mean -y top_box_pct sat.csv
summary "cx-correlate --disclosure default" cx-correlate -k unit,period -x mean -y sd --disclosure default sat.csv
lists "cx-waits --list" cx-waits $W --list events.csv
lists "cx-waits --open" cx-waits $W --open events.csv
lists "cx-handoffs --per-client" cx-handoffs --per-client events.csv

# Every tool is covered, or said here why not: cx-ingest writes the data
# itself (see --pseudonymize), cx-synth makes synthetic ids, cx-weekly runs
# the other tools, cx-spc and cx-funnel read only the figures the tools
# above write (no events, no responses), so no identifier reaches them;
# cx-excel only changes the format of what it is given, cx-split writes
# the records it reads into parts (data, like cx-ingest's output), cx-chart draws
# the figures of cx-spc, cx-funnel and cx-waits --curve.
for t in "$CX_BIN"/cx-*; do
    name=${t##*/}
    case $name in
    cx-waits | cx-handoffs | cx-satisfaction | cx-correlate) ;;
    cx-ingest | cx-synth | cx-weekly | cx-spc | cx-funnel | cx-excel | cx-chart | cx-split) ;;
    *) echo "FAIL $name: not covered by tests/privacy/no-ids.sh"; fail=1 ;;
    esac
done
exit $fail
