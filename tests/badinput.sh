#!/bin/bash
# badinput.sh: the bad-input corpus (issue 11). Each case of
# tests/badinput/cases.txt runs a command on inputs a user may well give a
# tool (empty files, BOM, CRLF, invalid UTF-8, a 10 MB field, ragged rows,
# impossible dates, NaN and 1e400 scores, absurd option values, missing
# files, folders, unreadable files, /dev/full, a closed pipe, the wrong
# schema, duplicate ids) and pins its exit status and the first line of
# its standard error. A case line is
#   NAME | STATUS | FIRST LINE OF STDERR | COMMAND
# (the first three split at " | ", the command is the rest; "(none)" means
# an empty stderr). The command runs with bash in a fresh folder holding
# the fixtures made below, the built tools first on PATH, stdout thrown
# away unless the command redirects it; `noted` (below) drops cx-ingest's
# notes on the columns and dialect it found. Every failing case is named; the
# test fails when any does. Big inputs are made here, never committed.
set -u
srcdir=${CX_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cases=$srcdir/tests/badinput/cases.txt
[ -n "${CX_BIN:-}" ] && PATH=$CX_BIN:$PATH
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/badinput.XXXXXX") || exit 99
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 99

# Fixtures. Valid files first, then each kind of damage.
ev_hdr='client,time,activity,unit,staff'
printf '%s\n' "$ev_hdr" 'c1,2026-01-05,referral,A,s1' \
    'c1,2026-01-20,intake,A,s2' 'c2,2026-01-06,referral,B,s1' \
    'c2,2026-02-10,intake,B,s3' 'c3,2026-01-07,referral,A,s2' > events.csv
rs_hdr='respondent,unit,time,item,score'
printf '%s\n' "$rs_hdr" 'r1,A,2026-01-05,q1,4' 'r1,A,2026-01-05,q2,5' \
    'r2,A,2026-01-06,q1,3' 'r2,A,2026-01-06,q2,2' 'r3,B,2026-01-07,q1,5' \
    > responses.csv
printf '%s\n' 'unit,x,y' 'A,1,2' 'B,2,4.1' 'C,3,5.9' 'D,4,8.2' 'E,5,9.9' \
    > corr.csv
: > empty.csv
printf '%s\n' "$ev_hdr" > events-header.csv
printf '%s\n' "$rs_hdr" > responses-header.csv
printf '\357\273\277' > bom-only.csv
{ printf '\357\273\277'; cat events.csv; } > events-bom.csv
sed 's/$/\r/' events.csv > events-crlf.csv
sed 's/$/\r/' responses.csv > responses-crlf.csv
{ echo "$ev_hdr"; printf 'c\3771,2026-01-05,referral,A,s1\n'; } > events-badutf8.csv
{ echo "$rs_hdr"; printf 'r1,A,2026-01-05,q\3771,4\n'; } > responses-badutf8.csv
{ echo "$ev_hdr"; printf 'c1,2026-01-05,'; head -c 10485760 /dev/zero | tr '\0' x
  printf ',A,s1\n'; } > events-bigfield.csv
{ echo "$ev_hdr"; echo 'c1,2026-01-05,referral,A'; } > events-short.csv
{ echo "$ev_hdr"; echo 'c1,2026-01-05,referral,A,s1,extra'; } > events-long.csv
{ echo "$rs_hdr"; echo 'r1,A,2026-01-05,q1'; } > responses-short.csv
{ echo 'unit,x,y'; echo 'A,1'; } > corr-short.csv
for d in 2026-02-30 2026-13-01 2026-01-01T24:00 2026-1-5 05-01-2026 ''; do
    f=events-time-${d:-empty}.csv
    f=${f//:/}
    printf '%s\n' "$ev_hdr" "c1,$d,referral,A,s1" > "$f"
done
printf '%s\n' "$rs_hdr" 'r1,A,2026-02-30,q1,4' > responses-time-2026-02-30.csv
for s in NaN nan inf -inf 1e400 4,5 abc 0x10 ' 4'; do
    f=responses-score-${s//[ ,]/_}.csv
    printf '%s\n' "$rs_hdr" "r1,A,2026-01-05,q1,$s" > "$f"
done
printf '%s\n' 'unit,x,y' 'A,NaN,2' 'B,2,4' 'C,3,6' > corr-nan.csv
printf '%s\n' 'unit,x,y' 'A,1e400,2' 'B,2,4' 'C,3,6' > corr-1e400.csv
printf '%s\n' 'unit,x,y' 'A,inf,2' 'B,2,4' 'C,3,6' > corr-inf.csv
printf '%s\n' 'client;time;activity;unit;staff' 'c1;2026-01-05;referral;A;s1' > events-semicolon.csv
printf '%s\n' 'respondent;unit;time;item;score' 'r1;A;2026-01-05;q1;4' > responses-semicolon.csv
printf '%s\n' 'unit;x;y' 'A;1;2' > corr-semicolon.csv
printf '%s\n' "$ev_hdr" 'c1,2026-01-05,"referral,A,s1' > events-quote.csv
printf '%s\n' "$ev_hdr" 'c1,2026-01-05,refer"ral,A,s1' > events-stray.csv
printf '%s\n' "$ev_hdr" 'c1,2026-01-05,referral,A,s1' '' 'c2,2026-01-06,referral,B,s1' > events-blank.csv
printf '%s\n' "$rs_hdr" 'r1,A,2026-01-05,q1,4' 'r1,A,2026-01-05,q1,5' > responses-dup.csv
printf '%s\n' 'unit,x,y' 'A,1,2' 'A,2,4' 'B,3,6' > corr-dup.csv
printf '%s\n' 'unit,period,mean' 'A,2026-Q1,3' 'A,2026-Q1,4' > corr-dup-period.csv
printf '%s\n' 'unit,period,mean' 'A,2026-Q1,3' 'A,Q2 2026,4' > corr-bad-period.csv
mkdir adir
mkfifo afifo 2>/dev/null || :
: > old.csv

# cx-ingest first names the columns it found and the dialect; "noted"
# runs a command without those notes, so that a case pins the first line
# that says what went wrong (or the read/wrote/rejected count).
noted() {
    "$@" 2>&1 >/dev/null |
        sed -e '/ <- /d' -e '/: delimiter .*, encoding /d' >&2
    return "${PIPESTATUS[0]}"
}
export -f noted

fail=0 n=0
while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%% | *}; rest=${line#* | }
    want_status=${rest%% | *}; rest=${rest#* | }
    want_err=${rest%% | *}; cmd=${rest#* | }
    [ "$want_err" = "(none)" ] && want_err=
    n=$((n + 1))
    timeout 60 bash -c "$cmd" > /dev/null 2> "$work/.err" < /dev/null
    status=$?
    got_err=$(head -n 1 "$work/.err")
    if [ "$status" != "$want_status" ] || [ "$got_err" != "$want_err" ]; then
        fail=$((fail + 1))
        echo "FAIL $name: $cmd"
        echo "  status $status, want $want_status"
        echo "  stderr '$got_err'"
        echo "    want '$want_err'"
    fi
done < "$cases"
echo "$n cases, $fail failed"
[ "$n" -ge 100 ] || { echo "fewer than 100 cases"; exit 1; }
[ "$fail" -eq 0 ]
