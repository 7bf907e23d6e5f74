#!/bin/bash
# cx-weekly-cron.sh: the weekly job as cron and a new user meet it (issue
# 10 part 3, issue 11 items 3 and 8): the tools found beside an installed
# cx-weekly with no PATH at all (and a broken cx-waits on PATH ignored);
# a configuration in another folder with a relative --map-file and quoted
# names with spaces; the wait unit chosen from a 1-hour norm; a stale
# export (warning, first line of both pages; error with --strict); rejected
# rows carried forward into the pages and the worklist; a job without
# surveys that mentions none; HTML escaping; stale temporary folders
# removed; kill -9 leaving no copy of an export; the week folder never
# missing during a rerun; the same bytes under a Dutch locale.
set -u
src=${CX_SRCDIR:?run through make check}
bin=${CX_BIN:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/weekly-cron.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
col() { # FILE COL [KEYCOL KEY]: the value of COL in the first (matching) row
    awk -F, -v c="$2" -v k="${3:-}" -v v="${4:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        k == "" || $h[k] == v { print $h[c]; exit }' "$1"
}

# --- Installed: a prefix of its own, no PATH, a decoy on PATH -------------
mkdir -p prefix/bin decoy
cp "$bin"/cx-* prefix/bin/
printf '#!/bin/sh\necho decoy >&2\nexit 42\n' > decoy/cx-waits
chmod +x decoy/cx-waits
cx-synth --seed 5 --clients 300 --weeks 12 -o org > /dev/null || exit 99
env -i prefix/bin/cx-weekly org out-noenv 2> err || fail "env -i: status $?: $(cat err)"
ls out-noenv/*/report.html > /dev/null 2>&1 || fail "env -i: no report"
env -i PATH="$work/decoy:/usr/bin:/bin" prefix/bin/cx-weekly org out-decoy 2> err ||
    fail "decoy on PATH: status $?: $(cat err)"
grep -qx decoy out-decoy/*/log.txt err && fail "the cx-waits on PATH was run"

# --- A configuration elsewhere: relative --map-file, quoted names ---------
# The export has columns with spaces and ';'; the map file sits beside the
# configuration, the job runs from a third folder.
mkdir -p exports conf elsewhere
cp "$src/examples/sepsis/sepsis-export.csv" exports/
cp "$src/examples/sepsis/sepsis.map" conf/
cat > conf/weekly.conf <<'EOF'
events = 'sepsis-export.csv'   # quoted, one word
events_ingest = --map-file sepsis.map --keep 'org:group'
wait_from = 'ER Registration'
wait_to = "IV Antibiotics"
wait_norm = 1h
wait_censor = last
clients =
staff =
EOF
(cd elsewhere && cx-weekly -c ../conf/weekly.conf ../exports ../sep 2> ../err) ||
    fail "sepsis config: status $?: $(cat err)"
s=$(ls sep/*/summary.md 2> /dev/null | head -1)
[ -n "$s" ] || fail "sepsis config: no summary"
grep -q 'median wait (minutes)' "$s" || fail "1h norm: the unit is not minutes: $(grep -n 'median wait' "$s")"
grep -q 'minutes' "${s%summary.md}report.html" || fail "1h norm: the report does not say minutes"
grep -q 'days' "$s" && fail "1h norm: the summary speaks of days: $(grep -n days "$s")"
# The same --map with a quoted name with a space, inline.
sed -e 's|--map-file sepsis.map|--map "client=Case ID",time='"'"'Complete Timestamp'"'"',activity=Activity,unit=org:group|' conf/weekly.conf > conf/inline.conf
cx-weekly -c conf/inline.conf exports sep-inline 2> err || fail "inline --map with quotes: $(cat err)"
diff <(sed 1d sep/*/waits-weeks.csv) <(sed 1d sep-inline/*/waits-weeks.csv) > /dev/null ||
    fail "inline --map gives other figures than --map-file"
# The figures against cx-ingest and cx-waits run by hand (minutes).
week=$(cat sep/*/week.txt)
cx-ingest --map-file "$src/examples/sepsis/sepsis.map" --quiet exports/sepsis-export.csv 2> /dev/null > sep-events.csv
sunday=$(cx-waits --from 'ER Registration' --to 'IV Antibiotics' -p week --period-of end sep-events.csv 2>/dev/null | tail -1 | cut -d, -f1)
want=$(cx-waits --from 'ER Registration' --to 'IV Antibiotics' --norm 1h --unit minutes --censor last -p week --period-of end sep-events.csv 2>/dev/null |
    awk -F, -v w="$week" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $1 == w { print $h["median"] }')
got=$(col sep/"$week"/waits-weeks.csv median period "$week")
[ -n "$want" ] && [ "$got" = "$want" ] || fail "sepsis: median '$got', cx-waits by hand '$want' ($sunday)"

# --- Stale exports --------------------------------------------------------
# The events of org end in its last week; a week after it is stale.
last=$(tail -n +2 org/events.csv | cut -d, -f2 | sort | tail -1)
late=$(date -u -d "${last%%T*} + 14 days" +%G-W%V)
cx-weekly --week "$late" org stale 2> err || fail "stale week: status $?"
grep -q "^cx-weekly: warning: stale export: week $late is after the last event (${last%%T*})$" err ||
    fail "stale week: stderr: $(cat err)"
[ "$(head -1 "stale/$late/summary.md")" = "**Warning: stale export: week $late is after the last event (${last%%T*}).**" ] ||
    fail "stale week: summary's first line: $(head -1 "stale/$late/summary.md")"
sed -n '/<body>/,$p' "stale/$late/report.html" | sed -n 2p | grep -q 'class="stale"' ||
    fail "stale week: the report's first line is not the warning"
grep -q 'stale export' "stale/$late/log.txt" || fail "stale week: not in log.txt"
cx-weekly --strict --week "$late" org strict 2> err; st=$?
[ $st = 1 ] || fail "--strict: status $st"
grep -q "^cx-weekly: stale export: week $late is after the last event" err || fail "--strict: $(cat err)"
[ -z "$(ls -A strict)" ] || fail "--strict left: $(ls -A strict)"
# Events that stop on a Wednesday, reported for that week.
mkdir wed
wedday=$(date -u -d "${last%%T*} - 14 days" +%F)
while [ "$(date -u -d "$wedday" +%u)" != 3 ]; do wedday=$(date -u -d "$wedday - 1 day" +%F); done
awk -F, -v d="${wedday}T23:59:59" 'NR == 1 || $2 <= d' org/events.csv > wed/events.csv
wweek=$(date -u -d "$wedday" +%G-W%V)
cx-weekly --week "$wweek" wed wedout 2> err || fail "Wednesday: status $?"
grep -q "stale export: the events stop on $wedday, 4 days before the week's end" err ||
    fail "Wednesday: $(cat err)"
# The default week of a complete export is not stale.
cx-weekly org fresh 2> err || fail "fresh: $?"
grep -q stale err fresh/*/summary.md && fail "a complete export is called stale"

# --- Rejected rows carried forward ----------------------------------------
# A bad time for a client on the worklist: one row lost, the reason
# counted, the worklist row marked, its row on the worklist page shaded.
mkdir rej
first=$(col fresh/*/people/worklist.csv client)
cp org/events.csv rej/events.csv
echo "$first,2026-02-30,referral,U01," >> rej/events.csv
echo "Z-$first,yesterday,referral,U01," >> rej/events.csv
cx-weekly rej rejout 2> err || fail "rejects: status $?: $(cat err)"
rs=$(ls rejout/*/summary.md)
n=$(($(wc -l < org/events.csv) + 1))
grep -q -- "^- events: \*\*2\*\* of $n rows rejected by cx-ingest (\`people/rejects-events.csv\`): bad time '…' in column 'time' (2).$" "$rs" ||
    fail "rejects: summary: $(grep -n 'rejected' "$rs")"
[ "$(col rejout/*/people/worklist.csv rejected_rows client "$first")" = 1 ] || fail "rejects: worklist row of $first not marked"
[ "$(awk -F, 'NR > 1 && $NF != 0' rejout/*/people/worklist.csv | wc -l)" = 1 ] || fail "rejects: other rows marked"
grep -q '<tr class="lost"><td>'"$first"'</td>' rejout/*/people/worklist.html || fail "rejects: worklist page row not shaded"
grep -q 'Rows the exports lost' fresh/*/summary.md && fail "no rejects, yet a rejects section"

# --- No surveys: nothing about them ---------------------------------------
mkdir evonly
cp org/events.csv evonly/
cx-weekly evonly evout 2> err || fail "events only: $?"
for word in client-satisfaction staff quarter NPS correlation respondents; do
    grep -qi "$word" evout/*/summary.md && fail "events only: summary mentions $word: $(grep -ni "$word" evout/*/summary.md)"
    grep -qi "$word" evout/*/report.html && fail "events only: report mentions $word"
done
ls evout/*/ | grep -q 'satisfaction\|nps\|correlation' && fail "events only: survey files written"
for f in $(grep -o '[a-z0-9/-]*\.csv' evout/*/summary.md | sort -u); do
    [ -f evout/*/"$f" ] || fail "summary names $f, which is not there"
done

# --- HTML escaping --------------------------------------------------------
mkdir esc
sed -e 's/,U01,/,"<b>U\&1""x'"'"'",/' org/events.csv > esc/events.csv
cx-weekly esc escout 2> err || fail "escaping: $?: $(cat err)"
grep -q '&lt;b&gt;U&amp;1&quot;x&#39;' escout/*/report.html || fail "escaping: the unit is not escaped"
grep -q '<b>U&1' escout/*/report.html && fail "escaping: a raw unit name in the page"
grep -Eiq '(src|href) *= *"?(https?:)?//|@import|<script' escout/*/report.html && fail "report fetches or runs something"

# --- Temporary folders: stale ones removed, live ones kept ----------------
mkdir -p tmpout/.cx-weekly.999999999.abcdef tmpout/.cx-weekly.$$.livexx
echo x > tmpout/.cx-weekly.999999999.abcdef/worklist.csv
cx-weekly org tmpout 2> err || fail "stale temporaries: $?"
[ ! -e tmpout/.cx-weekly.999999999.abcdef ] || fail "a dead run's folder was kept"
[ -d tmpout/.cx-weekly.$$.livexx ] || fail "a live run's folder was removed"
rmdir tmpout/.cx-weekly.$$.livexx

# --- kill -9: no copy of an export is left --------------------------------
cx-synth --seed 9 --clients 6000 --weeks 26 -o big > /dev/null || exit 99
mkdir kills
cx-weekly big kills 2> /dev/null || fail "big run"
wk=$(ls kills)
cp -R "kills/$wk" kills-first
for d in 0.05 0.1 0.2 0.3 0.45 0.6; do
    cx-weekly big kills 2> /dev/null &
    pid=$!
    sleep "$d"
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    for f in kills/.cx-weekly.*/* kills/.cx-weekly.*/people/*; do
        [ -f "$f" ] || continue
        head -1 "$f" | grep -q '^client,time,activity\|^respondent,unit,time,item' &&
            fail "kill -9 after ${d}s left a copy of an export: $f"
    done
    diff -r kills-first "kills/$wk" > /dev/null || fail "kill -9 after ${d}s changed the week folder"
done
cx-weekly big kills 2> /dev/null || fail "run after the kills"
[ -z "$(ls -A kills | grep -v "^$wk$")" ] || fail "the next run did not clean up: $(ls -A kills)"

# --- The week folder never goes missing during a rerun --------------------
( while [ ! -e stop ]; do [ -d "kills/$wk" ] || echo missing >> gaps; done ) &
watcher=$!
for i in 1 2 3; do cx-weekly big kills 2> /dev/null || fail "rerun $i"; done
touch stop
wait "$watcher"
[ ! -e gaps ] || fail "the week folder was missing $(wc -l < gaps) times during reruns"

# --- Locale: the same bytes under a Dutch locale --------------------------
# nl_NL.UTF-8 when the system has it, else compiled here with localedef
# into a private LOCPATH; the locale must really be in force (bash's printf
# reads a decimal comma, the locale the shell version broke under) or the
# case is skipped with a message.
loc=nl_NL.UTF-8
if ! locale -a 2> /dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
    mkdir -p "$work/locale"
    localedef -i nl_NL -f UTF-8 "$work/locale/$loc" > /dev/null 2>&1
    [ -d "$work/locale/$loc" ] && export LOCPATH=$work/locale
fi
if [ "$(LC_ALL=$loc bash -c 'printf "%.1f" 2,5' 2> /dev/null)" = "2,5" ]; then
    LC_ALL=$loc cx-weekly org nl 2> err-nl || fail "nl_NL: status $?: $(cat err-nl)"
    LC_ALL=C cx-weekly org c 2> err-c || fail "C: status $?"
    diff -r c nl > locale.diff || fail "nl_NL output differs from C: $(head -20 locale.diff)"
    [ "$(sed 's/^cx-weekly: wrote nl/X/' err-nl)" = "$(sed 's/^cx-weekly: wrote c/X/' err-c)" ] || fail "nl_NL: stderr differs"
else
    echo "SKIP: no nl_NL.UTF-8 locale and localedef could not make one"
fi
unset LOCPATH

echo "cx-weekly-cron: $fails failed"
[ $fails = 0 ]
