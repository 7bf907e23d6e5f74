#!/bin/bash
# cx-weekly.sh: the weekly job end to end, on an organisation made by
# cx-synth: the default week, the files, the summary's consistency with
# them and with cx-waits run by hand for the week, the weekly series, the
# mixed-scale client survey (with and without its recommendation item),
# determinism, a failing step that leaves the old output alone, an earlier
# --week, and the crontab line of the man page under cron's environment.
# (tests/cx-weekly-cron.sh has the configuration and robustness cases.)
set -u
src=${CX_SRCDIR:?run through make check}
work=$(mktemp -d "${TMPDIR:-/tmp}/weekly.XXXXXX") || exit 99
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cx-synth --seed 3 --clients 400 --weeks 20 -o in || exit 99
mkdir out

# The default week: the one before the week of the day after the latest
# event, computed here with GNU date's ISO weeks.
latest=$(tail -n +2 in/events.csv | cut -d, -f2 | sort | tail -1)
week=$(date -u -d "${latest%%T*} + 1 day - 7 days" +%G-W%V)
sunday=$(date -u -d "${latest%%T*} + 1 day - 7 days" +%F)
while [ "$(date -u -d "$sunday" +%u)" != 7 ]; do sunday=$(date -u -d "$sunday + 1 day" +%F); done

cx-weekly in out 2> err || fail "run: status $?: $(cat err)"
[ -d "out/$week" ] || fail "no folder out/$week (latest event $latest); got: $(ls out)"
grep -q "^cx-weekly: wrote out/$week$" err || fail "stderr: $(cat err)"
# Exactly the files cx-weekly(1) lists, and no copies of the exports.
(cd "out/$week" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > files
cat > want <<'EOF2'
client-satisfaction-all.csv
client-satisfaction-quarters.csv
client-satisfaction-weeks.csv
client-satisfaction.csv
complaints-weeks.csv
correlation-lag.csv
correlation.csv
funnel-curve.csv
funnel.csv
handoffs-weeks.csv
handoffs.csv
log.txt
nps-all.csv
open-weeks.csv
people/complaints-late.csv
people/complaints.csv
people/rejects-clients.csv
people/rejects-events.csv
people/rejects-staff.csv
people/worklist.csv
people/worklist.html
report.html
spc-client-satisfaction.csv
spc-complaints-late.csv
spc-handoffs.csv
spc-median-wait.csv
spc-nps.csv
spc-open-past-norm.csv
spc-within-norm.csv
staff-satisfaction.csv
summary.md
waiting.csv
waits-all.csv
waits-curve.csv
waits-weeks.csv
waits.csv
week.txt
EOF2
diff want files > /dev/null || fail "files in out/$week differ from the list: $(diff want files | tr '\n' ' ')"
sed -e 's/\\-/-/g' "$src/man/cx-weekly.1" > man.txt
while read -r f; do grep -q -- "$f" man.txt || fail "cx-weekly.1 does not list $f"; done < want
[ -z "$(ls -A out | grep -v "^$week$")" ] || fail "left over in out: $(ls -A out)"

s=out/$week/summary.md
grep -q "^# Client experience, week $week$" "$s" || fail "summary title"
grep -q "figures as of ${sunday}T23:59:59" "$s" || fail "summary: not as of $sunday"
# Still waiting (all units) equals the worklist's rows; the per-unit table
# lists every unit of the events.
open=$(($(wc -l < "out/$week/people/worklist.csv") - 1))
grep -q -- "- Still waiting at the week's end: \*\*$open\*\*" "$s" || fail "summary: still waiting is not $open"
grep -q -- "Worklist, longest first: \`people/worklist.csv\` ($open open)" "$s" || fail "summary: worklist count"
units=$(tail -n +2 in/events.csv | cut -d, -f4 | sort -u | grep -c .)
rows=$(grep -c '^| U' "$s")
[ "$rows" = "$units" ] || fail "per-unit table has $rows rows, events have $units units"
grep -qw 'n/a to n/a\|nan\|inf' "$s" && fail "summary has an empty interval or nan: $(grep -nw 'n/a to n/a\|nan\|inf' "$s")"

# The client survey mixes 1-5 items with the 0-10 item 'recommend': the
# scale figures skip it (--exclude-items) and the NPS reads only it
# (--items); the counts in log.txt are the rows grep finds up to the week's end.
awk -F, -v a="${sunday}T23:59:59" 'NR > 1 && $3 <= a' in/clients.csv > clients-asof.csv
ca=clients-asof.csv
nrec=$(grep -c ',recommend,' "$ca") nall=$(wc -l < "$ca")
[ "$nrec" -gt 0 ] || fail "no recommend answers in $ca"
[ "$(grep -cx "cx-satisfaction: $nrec answers to excluded items skipped" "out/$week/log.txt")" = 3 ] ||
    fail "log.txt: not 3 runs skipping $nrec recommend answers: $(cat "out/$week/log.txt")"
grep -qx "cx-satisfaction: $((nall - nrec)) answers to other items skipped" "out/$week/log.txt" ||
    fail "log.txt: the NPS run did not skip the $((nall - nrec)) other answers"
grep -q -- "^- NPS ('recommend'): \*\*" "$s" || fail "summary: no NPS line"

# Determinism: the same week again gives the same files.
cp -R "out/$week" first
cx-weekly in out 2> err || fail "second run: $(cat err)"
diff -r first "out/$week" > /dev/null || fail "second run differs: $(diff -r first "out/$week" | head -5)"

# A failing step names itself, and leaves the earlier output alone.
printf 'client_top = 9\n' > bad.conf
cx-weekly -c bad.conf --week "$week" in out 2> err; st=$?
[ $st = 1 ] || fail "failing step: status $st"
grep -q "^cx-weekly: step 'client satisfaction, all units' failed (status 2)" err || fail "failing step stderr: $(cat err)"
grep -q "^cx-weekly:   cx-satisfaction: invalid --top '9'" err || fail "failing step: the tool's message is not shown: $(cat err)"
diff -r first "out/$week" > /dev/null || fail "failed run changed out/$week"
[ -z "$(ls -A out | grep -v "^$week$")" ] || fail "failed run left: $(ls -A out)"

# The week's figures are the week's: the waits that ended in it (cx-waits
# --list by hand, ends between Monday and Sunday), the open waits at its
# end (the worklist), and the series rows up to the week.
mon=$(date -u -d "$sunday - 6 days" +%F)
cx-waits --from referral --to intake --asof "${sunday}T23:59:59" --list in/events.csv 2>/dev/null |
    awk -F, -v a="$mon" -v b="${sunday}T23:59:59" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["end"] != "" && $c["end"] >= a && $c["end"] <= b' > ended
nended=$(grep -c . ended)
got=$(awk -F, -v w="$week" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == w { print $c["waits"] }' "out/$week/waits-weeks.csv")
[ "${got:-0}" = "$nended" ] || fail "waits-weeks.csv: $got waits ended in $week, --list says $nended"
last=$(tail -1 "out/$week/open-weeks.csv")
[ "$last" = "$week,$open,$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["over_norm_waiting"] }' "out/$week/waits-all.csv")" ] ||
    fail "open-weeks.csv's last row '$last' is not $week with the worklist's $open"
# The series of open waits agrees with cx-waits --asof at an earlier week's end.
e4=$(date -u -d "$sunday - 28 days" +%F)
w4=$(date -u -d "$e4" +%G-W%V)
want4=$(cx-waits --from referral --to intake --norm 4w --asof "${e4}T23:59:59" in/events.csv 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["waiting"] "," $c["over_norm_waiting"] }')
grep -qx "$w4,$want4" "out/$week/open-weeks.csv" || fail "open-weeks.csv: $w4 is not $want4: $(grep "^$w4" "out/$week/open-weeks.csv")"
# Handoffs per client seen in a week: cx-handoffs on that week's events
# alone (cut here with awk) gives the series' row.
mon4=$(date -u -d "$e4 - 6 days" +%F)
awk -F, -v a="$mon4" -v b="${e4}T23:59:59" 'NR == 1 || ($2 >= a && $2 <= b)' in/events.csv > week4.csv
want=$(cx-handoffs week4.csv | awk -F, 'NR == 2 { print $1 "," $4 }')
got=$(awk -F, -v w="$w4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == w { print $c["clients"] "," $c["handoffs_mean"] }' "out/$week/handoffs-weeks.csv")
[ "$got" = "$want" ] || fail "handoffs-weeks.csv $w4: '$got', cx-handoffs on the week's events: '$want'"
# Each headline's SPC reading is what cx-spc --summary says of its series.
spc_desc() { cx-spc --summary "$@" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["description"] }' | sed 's/points/weeks/; s/a point/a week/'; }
d=$(spc_desc -y median --chart xmr --direction down "out/$week/waits-weeks.csv")
grep -q -- "^- Median wait of the waits that ended this week: .*Weekly series: $d\.$" "$s" || fail "summary: the median's SPC reading is not '$d'"
d=$(spc_desc -y within_norm_pct --chart p --denominator completed --direction up "out/$week/waits-weeks.csv")
grep -q -- "^- Within the norm: .*Weekly series: $d\.$" "$s" || fail "summary: the within-norm SPC reading is not '$d'"
d=$(spc_desc -y over_norm_waiting --chart xmr --direction down "out/$week/open-weeks.csv")
grep -q -- "^- Still waiting at the week's end: .*Weekly series: $d\. Worklist" "$s" || fail "summary: the open waits' SPC reading is not '$d'"
[ "$(grep -c 'Weekly series: ' "$s")" = 7 ] || fail "summary: not 7 SPC readings: $(grep -c 'Weekly series: ' "$s")"
# The report: every chart inline, nothing fetched, and what a browser shows.
r=out/$week/report.html
[ "$(grep -c '<svg' "$r")" = 10 ] || fail "report: $(grep -c '<svg' "$r") charts, want 7 SPC charts, funnel, curves and map; log: $(tail -3 "out/$week/log.txt")"
grep -q '@page' "$r" && grep -q '@media print' "$r" || fail "report: no print styles"
bash "$src/tests/browser-shot.sh" -s 1000x4000 "$r" shot.png > shot.out 2>&1; st=$?
case $st in
0) ;;
77) echo "SKIP: no headless browser for report.html" ;;
*) fail "report.html in chromium: $(cat shot.out)" ;;
esac

# The summary says nothing of a change against the week before.
grep -q 'against the week before' "$s" && fail "summary still compares with the week before"

# An earlier week: figures as of its Sunday.
early=$(date -u -d "$sunday - 28 days" +%G-W%V)
cx-weekly --week "$early" in out 2> err || fail "--week $early: $(cat err)"
grep -q "figures as of $(date -u -d "$sunday - 28 days" +%F)T23:59:59" "out/$early/summary.md" ||
    fail "--week $early: wrong as-of"

# A client survey without the recommendation item: no NPS, no failure.
mkdir in-norec norec
cp in/events.csv in/staff.csv in-norec/
grep -v ',recommend,' in/clients.csv > in-norec/clients.csv
cx-weekly --week "$week" in-norec norec 2> err || fail "no recommend item: $(cat err)"
[ -f "norec/$week/client-satisfaction.csv" ] || fail "no recommend item: no client-satisfaction.csv"
[ ! -e "norec/$week/nps-all.csv" ] || fail "no recommend item: nps-all.csv written"
grep -q 'NPS' "norec/$week/summary.md" && fail "no recommend item: summary has an NPS line"

# The crontab line of the man page, under cron's environment (env -i, the
# default PATH without the tools, a shell), its OUTPUT_DIR not yet made;
# the installed path is replaced by the built tool.
line=$(sed -e 's/\\-/-/g' "$src/man/cx-weekly.1" | grep -E '^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [^ ]*cx-weekly ' | head -1)
[ -n "$line" ] || fail "no crontab line in cx-weekly.1"
cmd=$(echo "$line" | cut -d' ' -f6- | sed -e "s|[^ ]*/cx-weekly |$CX_BIN/cx-weekly |" -e "s|/srv/cx/exports|$work/in|" -e "s|/srv/cx/weekly|$work/cron|" -e "s|/var/log/cx-weekly.log|$work/cron.log|")
env -i HOME="$work" LOGNAME=nobody SHELL=/bin/sh PATH=/usr/bin:/bin /bin/sh -c "$cmd" || fail "crontab command failed: $cmd: $(cat cron.log)"
[ -f "cron/$week/summary.md" ] || fail "crontab command wrote no summary: $(cat cron.log)"
# The README's line too.
rline=$(grep -E '^ +[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [^ ]*cx-weekly ' "$src/README.md" | head -1 | sed 's/^ *//')
[ -n "$rline" ] || fail "no crontab line in README.md"
rcmd=$(echo "$rline" | sed 's/ *#.*//' | cut -d' ' -f6- | sed -e "s|[^ ]*/cx-weekly |$CX_BIN/cx-weekly |" -e "s|/srv/cx/exports|$work/in|" -e "s|/srv/cx/weekly|$work/cron2|")
env -i /bin/sh -c "$rcmd" 2> cron2.err || fail "README crontab command failed: $rcmd: $(cat cron2.err)"
[ -f "cron2/$week/report.html" ] || fail "README crontab command wrote no report"

echo "cx-weekly: $fails failed"
[ $fails = 0 ]
