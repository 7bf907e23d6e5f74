#!/bin/bash
# pseudonymised-same.sh: a small sepsis-like hospital log (the shape of the
# BPI Challenge sepsis export: ';', "Case ID", "2014/10/22 11:15:41.000",
# "org:group") and a client survey, ingested once plainly and once with
# --pseudonymize, give the same figures in every tool's summary modes, byte
# for byte; no original identifier and no digit string of the key appears
# in any output, message or rejects file of the pseudonymised run.
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/pseudo-same.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0
printf '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n' > key
chmod 600 key

acts="ER Registration;ER Triage;ER Sepsis Triage;IV Liquid;IV Antibiotics;Admission NC;CRP;Admission IC;Release A"
groups="A C A A A D B E F"
{
    echo "Case ID;Activity;Complete Timestamp;Age;org:group"
    for c in $(seq 101 140); do
        IFS=';' read -r -a a <<< "$acts"
        read -r -a g <<< "$groups"
        n=$(( 5 + c % 5 ))
        for k in $(seq 0 $((n - 1))); do
            [ $(( (c + k) % 7 )) = 0 ] && continue # some cases skip a step
            grp=${g[$k]}
            [ $k = 5 ] && [ $(( c % 3 )) = 0 ] && grp=B # admitted elsewhere
            printf 'PATIENT-%04d;%s;2014/%02d/%02d %02d:%02d:00.000;%d;%s\n' \
                "$c" "${a[$k]}" $(( c % 3 + 10 )) $(( c % 27 + 1 )) \
                $(( 8 + k + c % 3 )) $(( (c * 7 + k * 13) % 60 )) \
                $(( 40 + c % 50 )) "$grp"
        done
    done
    echo "PATIENT-0999;ER Registration;2014/13/45 25:00:00.000;50;A"
} > sepsis.csv
{
    echo "Respondent;Team;Date;Q1;Q2;Q3"
    for r in $(seq 1 60); do
        printf 'RESP-%03d;T%d;2014-%02d-15;%d;%d;%d\n' "$r" $(( r % 4 )) \
            $(( r % 3 + 10 )) $(( r % 5 + 1 )) $(( (r * 3) % 5 + 1 )) \
            $(( (r * 7) % 5 + 1 ))
    done
} > survey.csv

I="-m unit=org:group --max-rejects 1"
cx-ingest $I -r rej-plain.csv sepsis.csv > plain.csv 2> err-plain || { echo "FAIL: plain ingest"; cat err-plain; exit 1; }
cx-ingest $I -r rej-pseudo.csv --pseudonymize key sepsis.csv > pseudo.csv 2> err-pseudo || { echo "FAIL: pseudonymised ingest"; cat err-pseudo; exit 1; }
S="-s responses --wide -m respondent=Respondent,unit=Team,time=Date"
cx-ingest -q $S survey.csv > resp-plain.csv 2> /dev/null || { echo "FAIL: survey ingest"; exit 1; }
cx-ingest -q $S --pseudonymize key survey.csv > resp-pseudo.csv 2> err-resp || { echo "FAIL: pseudonymised survey ingest"; exit 1; }

n=0
same() { # same NAME TOOL ARGS...: the tool on both inputs (last operand)
    n=$((n + 1))
    local name=$1; shift
    local in_plain=$1 in_pseudo=$2; shift 2
    "$@" "$in_plain" > "a.$n" 2> "ea.$n"; sa=$?
    "$@" "$in_pseudo" > "b.$n" 2> "eb.$n"; sb=$?
    if [ $sa != 0 ] || [ $sb != 0 ]; then
        echo "FAIL $name: exit status $sa / $sb"; cat "ea.$n" "eb.$n"; fail=1
    elif ! cmp -s "a.$n" "b.$n" || ! cmp -s "ea.$n" "eb.$n"; then
        echo "FAIL $name: figures differ"; diff "a.$n" "b.$n" | head -5; fail=1
    elif [ ! -s "a.$n" ]; then
        echo "FAIL $name: no output"; fail=1
    else
        echo "ok $name ($(wc -l < "a.$n") lines)"
    fi
}
E="plain.csv pseudo.csv"
R="resp-plain.csv resp-pseudo.csv"
same "cx-waits" $E cx-waits --from "ER Registration" --to "IV Antibiotics"
same "cx-waits -g unit -p month --norm 4h" $E cx-waits --from "ER Registration" --to "IV Antibiotics,Admission NC" -g unit -p month --norm 4h --unit hours
same "cx-waits --curve" $E cx-waits --from "ER Registration" --to "Release A" --curve
same "cx-waits --disclosure default" $E cx-waits --from "ER Registration" --to "Admission NC" -g unit --disclosure default
same "cx-handoffs" $E cx-handoffs
same "cx-handoffs -g unit -p month --window 8w" $E cx-handoffs -g unit -p month --window 8w --repeat CRP
same "cx-handoffs --matrix" $E cx-handoffs --matrix
same "cx-handoffs --dot --disclosure opensafely" $E cx-handoffs --dot --disclosure opensafely
same "cx-satisfaction" $R cx-satisfaction --scale 1-5 -g unit -p month --alpha --straightline=3
same "cx-satisfaction --disclosure staff" $R cx-satisfaction --scale 1-5 -g unit --disclosure staff
cx-satisfaction --scale 1-5 -g unit -p month resp-plain.csv > sat-plain.csv
cx-satisfaction --scale 1-5 -g unit -p month resp-pseudo.csv > sat-pseudo.csv
same "cx-correlate" "sat-plain.csv" "sat-pseudo.csv" cx-correlate -k unit,period -x mean -y top_box_pct

# The lists of people carry pseudonyms, one row for one row.
cx-waits --from "ER Registration" --to "Release A" --list plain.csv > list-plain.csv 2> /dev/null
cx-waits --from "ER Registration" --to "Release A" --list pseudo.csv > list-pseudo.csv 2> /dev/null
cx-waits --from "ER Registration" --to "Release A" --open pseudo.csv > open-pseudo.csv 2> /dev/null
cx-handoffs --per-client pseudo.csv > per-client-pseudo.csv 2> /dev/null
[ "$(wc -l < list-plain.csv)" = "$(wc -l < list-pseudo.csv)" ] ||
    { echo "FAIL: --list row counts differ"; fail=1; }
grep -q '^p_[A-Z2-7]\{26\},' list-pseudo.csv || { echo "FAIL: no pseudonym in --list"; fail=1; }

# No original id (PATIENT-, RESP-) nor the key anywhere in what the
# pseudonymised runs wrote; the plain run does show them (the check works).
grep -q 'PATIENT-0101' plain.csv rej-plain.csv || { echo "FAIL: the check cannot fail"; fail=1; }
grep -q 'PATIENT-0999' rej-plain.csv || { echo "FAIL: the bad row was not rejected"; fail=1; }
outs="pseudo.csv rej-pseudo.csv err-pseudo resp-pseudo.csv err-resp sat-pseudo.csv list-pseudo.csv open-pseudo.csv per-client-pseudo.csv b.* eb.*"
if grep -l -e 'PATIENT-' -e 'RESP-' -e '0001020304' -e '1c1d1e1f' $outs; then
    echo "FAIL: an original identifier or the key in the files above"; fail=1
else
    echo "ok no original id and no key in $(echo $outs | wc -w) pseudonymised outputs"
fi
exit $fail
