#!/bin/bash
# cx-weekly-privacy.sh: cx-weekly's part of issue 16. The files that name
# people (the worklist, the complaints, the rejected rows) go into the
# week's people/ folder (mode 0700): run on exports whose client, staff
# and respondent ids are known strings (all containing SECRET), grep -r
# finds none outside people/, and finds them inside (else the test could
# not fail). The disclosure profiles come from the configuration: the
# thresholds each survey's figures are suppressed at (checked on the
# files' own respondent counts) and that the pages name; min_n by hand,
# with the warning when it lowers the staff survey's threshold; the
# opensafely profile's rounding reaching the per-unit files.
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/weekly-privacy.XXXXXX") || exit 99
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cx-synth --seed 7 --clients 400 --weeks 16 -o org > /dev/null || exit 99

# --- Known ids: no identifier outside people/ -----------------------------
# cx-synth's ids are C0000001 (clients, also the client survey's
# respondents) and E0101 (staff, also the staff survey's respondents).
mkdir ids
sed -e 's/^C0/CLIENTSECRET/' -e 's/,E0/,STAFFSECRET/' org/events.csv > ids/events.csv
sed -e 's/^C0/CLIENTSECRET/' org/clients.csv > ids/clients.csv
sed -e 's/^E0/STAFFSECRET/' org/staff.csv > ids/staff.csv
grep -q CLIENTSECRET ids/events.csv && grep -q STAFFSECRET ids/events.csv &&
    grep -q CLIENTSECRET ids/clients.csv && grep -q STAFFSECRET ids/staff.csv ||
    fail "the ids were not replaced"
# A row cx-ingest rejects, with a client id in it.
echo "CLIENTSECRETREJECTED,2026-02-30,referral,U01," >> ids/events.csv
cx-weekly ids out 2> err || fail "run: status $?: $(cat err)"
d=$(ls -d out/20*)
hits=$(grep -rl SECRET --exclude-dir=people "$d")
[ -z "$hits" ] || fail "identifiers outside people/: $hits: $(grep -rho '[A-Z]*SECRET[A-Z0-9]*' --exclude-dir=people "$d" | sort -u | head -3 | tr '\n' ' ')"
grep -q SECRET err && fail "identifiers on stderr"
for f in worklist.csv worklist.html complaints.csv rejects-events.csv; do
    grep -q CLIENTSECRET "$d/people/$f" || fail "people/$f names no client"
done
grep -q CLIENTSECRETREJECTED "$d/people/rejects-events.csv" || fail "the rejected row is not in people/rejects-events.csv"
[ "$(stat -c %a "$d/people")" = 700 ] || fail "people/ has mode $(stat -c %a "$d/people"), not 700"
[ "$(stat -c %a "$d")" = 755 ] || fail "the week folder has mode $(stat -c %a "$d")"
grep -q '<a href="people/worklist.html">' "$d/report.html" || fail "report.html does not link the worklist page"
grep -q 'personal data' "$d/report.html" || fail "report.html does not say the worklist is personal data"
grep -q '<table id="worklist">' "$d/report.html" && fail "report.html still has the worklist table"
grep -q '^The files that name clients or respondents are apart, in people/.*: people/complaints-late.csv, ' "$d/summary.md" ||
    fail "summary.md does not say where the lists are"
# Every file the summary names exists where it says.
for f in $(grep -o '[a-z0-9/-]*\.\(csv\|html\)' "$d/summary.md" | sort -u); do
    [ -f "$d/$f" ] || [ -f "$d/people/$f" ] || fail "summary names $f, which is not there"
done
# A rerun exchanges the week folder with people/ in it.
cx-weekly ids out 2> err || fail "rerun: $(cat err)"
[ "$(stat -c %a "$d/people")" = 700 ] || fail "rerun: people/ has mode $(stat -c %a "$d/people")"
[ -z "$(ls -A out | grep -v "^${d#out/}$")" ] || fail "rerun left: $(ls -A out)"

# --- Disclosure profiles from the configuration ---------------------------
# FILE T [COL]: rows with COL (respondents) below T and suppressed 0,
# groups shown below the threshold.
shown_below() {
    awk -F, -v t="$2" -v c="${3:-respondents}" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $h[c] != "" && $h[c] + 0 < t && $h["suppressed"] == 0 { n++ }
        END { print n + 0 }' "$1"
}
shown_at() { # rows with suppressed 0 and at least T respondents
    awk -F, -v t="$2" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $h["respondents"] + 0 >= t && $h["suppressed"] == 0 { n++ } END { print n + 0 }' "$1"
}
# The defaults: 5 for the clients, 10 (staff) for the staff survey. The
# synthetic staff teams answer with 5 to 9 people a quarter: none shown.
s=$d/summary.md
[ "$(shown_below "$d/staff-satisfaction.csv" 10)" = 0 ] || fail "default: a staff team under 10 shown"
[ "$(shown_below "$d/client-satisfaction-quarters.csv" 5)" = 0 ] || fail "default: a client group under 5 shown"
[ "$(shown_at "$d/client-satisfaction-quarters.csv" 5)" -gt 0 ] || fail "default: no client group shown at all"
# The organisation's weekly series too: every figures command has it.
[ "$(shown_below "$d/client-satisfaction-all.csv" 5)" = 0 ] || fail "default: a week of the client survey under 5 shown"
[ "$(shown_below "$d/waits-weeks.csv" 5 clients)" = 0 ] || fail "default: a week's waits of under 5 clients shown"
[ "$(shown_below "$d/handoffs-weeks.csv" 5 clients)" = 0 ] || fail "default: a week's handoffs of under 5 clients shown"
for f in waits-weeks waits-all handoffs-weeks client-satisfaction-all nps-all waits waiting handoffs client-satisfaction-weeks staff-satisfaction; do
    head -1 "$d/$f.csv" | grep -q ',suppressed' || fail "default: $f.csv has no suppressed column"
done
grep -q 'not shown (fewer than 10 respondents' "$s" || fail "default: summary does not say 10 for the staff survey: $(grep -n 'fewer than' "$s")"
grep -q 'fewer than 5 clients or respondents (staff: fewer than 10 respondents)' "$s" ||
    fail "default: per-unit note: $(grep -n 'fewer than' "$s")"
grep -q 'fewer than 5 clients or respondents (staff: fewer than 10 respondents)' "$d/report.html" ||
    fail "default: report.html does not say the thresholds"
grep -q 'Pearson r: not shown, .*fewer than 10' "$s" || fail "default: the link from too few team-quarters is shown: $(grep -n 'Pearson' "$s")"
grep -q 'warning' err && fail "default: a warning: $(cat err)"

# The staff survey under the default profile (5).
printf 'staff_disclosure = default\n' > five.conf
cx-weekly -c five.conf ids five 2> err || fail "staff 5: $(cat err)"
f=$(ls -d five/20*)
[ "$(shown_below "$f/staff-satisfaction.csv" 5)" = 0 ] || fail "staff 5: a team under 5 shown"
[ "$(shown_at "$f/staff-satisfaction.csv" 5)" -gt 0 ] || fail "staff 5: no team shown"
grep -q 'not shown (fewer than 5 respondents' "$f/summary.md" || fail "staff 5: summary: $(grep -n 'fewer than' "$f/summary.md")"

# min_n by hand replaces both thresholds, and says when it lowers the
# staff survey's; --min-n overrides the file.
printf 'min_n = 3\n' > three.conf
cx-weekly -c three.conf ids three 2> err || fail "min_n 3: $(cat err)"
grep -qx "cx-weekly: warning: min_n 3 lowers the staff survey's threshold below the 10 of its profile 'staff'" err ||
    fail "min_n 3: no warning: $(cat err)"
t=$(ls -d three/20*)
grep -q "warning: min_n 3 lowers" "$t/log.txt" || fail "min_n 3: log.txt has no warning"
grep -q 'fewer than 3 clients or respondents (staff: fewer than 3 respondents)' "$t/summary.md" ||
    fail "min_n 3: per-unit note: $(grep -n 'fewer than' "$t/summary.md")"
[ "$(shown_below "$t/staff-satisfaction.csv" 3)" = 0 ] || fail "min_n 3: a team under 3 shown"
[ "$(shown_at "$t/staff-satisfaction.csv" 3)" -gt 0 ] || fail "min_n 3: no team shown"
cx-weekly -c three.conf --min-n 12 ids twelve 2> err || fail "--min-n 12: $(cat err)"
grep -q warning err && fail "--min-n 12 above the staff threshold warned: $(cat err)"
grep -q 'fewer than 12 clients or respondents (staff: fewer than 12 respondents)' twelve/20*/summary.md ||
    fail "--min-n 12: per-unit note"

# opensafely for the clients: the per-unit counts rounded to 5, groups of
# 7 or fewer hidden with their counts.
printf 'disclosure = opensafely\n' > os.conf
cx-weekly -c os.conf ids os 2> err || fail "opensafely: $(cat err)"
o=$(ls -d os/20*)
bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["waits"] != "" && $h["waits"] % 5 != 0 { n++ } END { print n + 0 }' "$o/waiting.csv")
[ "$bad" = 0 ] || fail "opensafely: $bad counts of waiting.csv not multiples of 5"
[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h["waits"] != "" { n++ } END { print n + 0 }' "$o/waiting.csv")" -gt 0 ] ||
    fail "opensafely: waiting.csv has no count at all"
grep -q 'fewer than 8 clients or respondents (staff: fewer than 10 respondents), .*; counts rounded to the nearest 5\.$' "$o/summary.md" ||
    fail "opensafely: per-unit note: $(grep -n 'fewer than' "$o/summary.md")"

echo "cx-weekly-privacy: $fails failed"
[ $fails = 0 ]
