#!/bin/bash
# cx-weekly: the weekly cron job. Ingests the exports in INPUT_DIR, runs
# every cxkit tool for one ISO week, and writes OUTPUT_DIR/<week>/ with the
# figures and summary.md, atomically: all output goes to a temporary folder
# that is renamed into place only when every step has succeeded.
set -u
set -o pipefail

prog=cx-weekly
version='@VERSION@'

usage() {
    if [ "$1" != 0 ]; then
        echo "Try '$prog --help' for more information." >&2
        exit "$1"
    fi
    cat <<'HELP'
Usage: cx-weekly [OPTION]... INPUT_DIR OUTPUT_DIR
Run the week's client-experience figures on the exports in INPUT_DIR and
write them, with a one-page summary.md, into OUTPUT_DIR/YYYY-Www/.

  -w, --week WEEK      the ISO week to report, such as 2026-W47 (default:
                         the last complete week in the events)
      --min-n N        suppress groups with fewer than N clients or
                         respondents (default 5; 0 turns suppression off)
  -c, --config FILE    file names, mappings and norms (default: built in,
                         see cx-weekly(1); --print-config shows it)
      --print-config   print the default configuration and exit
  -h, --help           display this help and exit
  -V, --version        output version information and exit

Exit status: 0 success, 1 a step failed (the step is named on stderr and
last week's output is left untouched), 2 bad command line.

Example (crontab, every Monday at 06:05):
  5 6 * * 1 cx-weekly /srv/exports /srv/weekly
HELP
    exit 0
}

die() { echo "$prog: $*" >&2; exit 1; }
usage_die() { echo "$prog: $*" >&2; usage 2; }
conf_die() { echo "$prog: $*" >&2; exit 2; }

default_config() {
    cat <<'CONF'
# cx-weekly configuration: "key = value" lines; '#' starts a comment.
# Export files in INPUT_DIR (shell patterns; several matches are read as
# one stream). Surveys are optional: without a match their part is left out.
events = events*.csv
clients = clients*.csv
staff = staff*.csv
# Extra cx-ingest options per export (for example --map, --wide, --labels).
events_ingest =
clients_ingest =
staff_ingest =
# Rejected rows allowed per export before the run fails (cx-ingest --max-rejects).
max_rejects = 1%
# Waiting: from referral to intake, against a norm and a target share.
wait_from = referral
wait_to = intake
wait_norm = 4w
wait_target = 80
# Complaints and their answers, against the Wkkgz 6 weeks.
complaint_from = complaint
complaint_to = complaint_answer
complaint_norm = 42d
# Handoffs are counted between these providers (a column of the events).
handoff_by = unit
# Client survey: the items on client_scale; the 0-10 recommendation item
# (for NPS) is reported separately.
client_scale = 1-5
client_top = 2
nps_item = recommend
# Staff survey, per quarter, with Cronbach's alpha.
staff_scale = 1-5
# Staff to client satisfaction, team level: quarters of lag.
lag = 1
CONF
}

# --- command line -----------------------------------------------------
week="" min_n=5 config="" operands=()
need_arg() { [ "$2" -ge 2 ] || usage_die "option '$1' requires an argument"; }
while [ $# -gt 0 ]; do
    case $1 in
    -h|--help) usage 0 ;;
    -V|--version)
        echo "$prog (cxkit) $version"
        echo "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>."
        echo "This is free software: you are free to change and redistribute it."
        echo "There is NO WARRANTY, to the extent permitted by law."
        exit 0 ;;
    --print-config) default_config; exit 0 ;;
    -w|--week) need_arg "$1" $#; week=$2; shift 2 ;;
    --week=*) week=${1#*=}; shift ;;
    --min-n) need_arg "$1" $#; min_n=$2; shift 2 ;;
    --min-n=*) min_n=${1#*=}; shift ;;
    -c|--config) need_arg "$1" $#; config=$2; shift 2 ;;
    --config=*) config=${1#*=}; shift ;;
    --) shift; operands+=("$@"); break ;;
    -?*) usage_die "unrecognized option '$1'" ;;
    *) operands+=("$1"); shift ;;
    esac
done
set -- "${operands[@]}"
[ $# -eq 2 ] || usage_die "expected INPUT_DIR and OUTPUT_DIR"
in_dir=$1 out_dir=$2 in_name=$1
case $min_n in ''|*[!0-9]*) usage_die "invalid --min-n '$min_n': a whole number" ;; esac

# Date arithmetic in awk (proleptic Gregorian, ISO weeks).
AWK_DATE='
function dfc(y, m, d,   era, yoe, doy) { y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
  doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1; return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468 }
function cfd(z,   era, doe, yoe, doy, mp) { z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365); doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153); D = doy - int((153 * mp + 2) / 5) + 1; M = mp < 10 ? mp + 3 : mp - 9; Y = yoe + era * 400 + (M <= 2) }
function monday(z) { return z - ((z + 3) % 7 + 7) % 7 }
function weeklabel(z,   th) { th = monday(z) + 3; cfd(th); return sprintf("%04d-W%02d", Y, int((th - dfc(Y, 1, 1)) / 7) + 1) }
function weekmonday(lbl,   y, w, j4) { y = substr(lbl, 1, 4) + 0; w = substr(lbl, 7, 2) + 0; j4 = dfc(y, 1, 4); return monday(j4) + 7 * (w - 1) }
function ymd(z) { cfd(z); return sprintf("%04d-%02d-%02d", Y, M, D) }
'
if [ -n "$week" ]; then
    [[ $week =~ ^[0-9]{4}-W[0-9]{2}$ ]] &&
        [ "$(awk -v w="$week" "$AWK_DATE"'BEGIN { print weeklabel(weekmonday(w)) }')" = "$week" ] ||
        usage_die "invalid --week '$week': an ISO week such as 2026-W47"
fi
[ -d "$in_dir" ] || die "$in_dir: No such directory"
[ -d "$out_dir" ] || die "$out_dir: No such directory"

# --- configuration ----------------------------------------------------
declare -A conf
load_config() { # file label
    local line key value n=0
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        line=${line%%#*}
        [[ $line =~ ^[[:space:]]*$ ]] && continue
        [[ $line =~ ^[[:space:]]*([a-z_]+)[[:space:]]*=[[:space:]]*(.*[^[:space:]])?[[:space:]]*$ ]] ||
            conf_die "$2:$n: expected 'key = value'"
        key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
        if [ "$2" != "(default)" ] && [ -z "${conf[$key]+set}" ]; then
            conf_die "$2:$n: unknown key '$key'"
        fi
        conf[$key]=$value
    done < "$1"
}
load_config <(default_config) "(default)"
if [ -n "$config" ]; then
    [ -r "$config" ] || conf_die "$config: No such file or directory"
    load_config "$config" "$config"
fi

# --- work folder --------------------------------------------------------
# The tools run inside the temporary folder, so that their messages in
# log.txt name plain files.
in_dir=$(cd "$in_dir" && pwd) && out_dir=$(cd "$out_dir" && pwd) || exit 1
work=$(mktemp -d "$out_dir/.cx-weekly.XXXXXX") || die "$out_dir: cannot create a temporary folder"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# step NAME COMMAND...: runs a step; on failure names it and stops.
step() {
    local name=$1; shift
    local st=0
    "$@" 2>> log.txt || st=$?
    if [ $st != 0 ]; then
        echo "$prog: step '$name' failed (status $st); see below, and last week's output is untouched" >&2
        tail -5 log.txt | sed "s/^/$prog:   /" >&2
        exit 1
    fi
}

# CSV helpers in awk: csvsplit() splits a line of canonical CSV into f[]
# (quoted fields with commas and doubled quotes; not fields spanning lines).
AWK_CSV='
function csvsplit(s, f,    n, c, i, q, v) {
    if (index(s, "\"") == 0) return split(s, f, ",")  # the fast, common case
    n = 0; v = ""; q = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"") { if (substr(s, i + 1, 1) == "\"") { v = v c; i++ } else q = 0 }
            else v = v c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = v; v = "" }
        else v = v c
    }
    f[++n] = v
    return n
}
function colidx(name,    i) { for (i = 1; i <= nh; i++) if (h[i] == name) return i; return 0 }
'

# filter_rows IN OUT COL OP VALUE: keeps the header and the rows whose
# column COL compares OP (le, eq, ne) to VALUE as text.
filter_rows() {
    awk -v col="$3" -v op="$4" -v val="$5" "$AWK_CSV"'
    NR == 1 { nh = csvsplit($0, h); c = colidx(col); if (!c) { print "no column " col > "/dev/stderr"; exit 2 } print; next }
    { csvsplit($0, f); x = f[c]
      if ((op == "le" && x <= val) || (op == "eq" && x == val) || (op == "ne" && x != val)) print }
    ' "$1" > "$2"
}

# ingest NAME PATTERN SCHEMA EXTRA: the export(s) matching PATTERN.
ingest() {
    local name=$1 pattern=$2 schema=$3 extra=$4 files=()
    shopt -s nullglob
    # shellcheck disable=SC2206
    files=("$in_dir"/$pattern)
    shopt -u nullglob
    [ ${#files[@]} -gt 0 ] || return 3
    # shellcheck disable=SC2086
    step "ingest $name" cx-ingest --schema "$schema" $extra --quiet \
        --max-rejects "${conf[max_rejects]}" -r "rejects-$name.csv" \
        -o "$name.csv" "${files[@]}"
}

ingest events "${conf[events]}" events "${conf[events_ingest]}" ||
    die "$in_name: no events export matching '${conf[events]}'"
have_clients=1 have_staff=1
ingest clients "${conf[clients]}" responses "${conf[clients_ingest]}" || have_clients=0
ingest staff "${conf[staff]}" responses "${conf[staff_ingest]}" || have_staff=0

# --- the week -----------------------------------------------------------
if [ -z "$week" ]; then
    # The last complete week: the one before the week of the day after
    # the latest event.
    week=$(awk "$AWK_CSV$AWK_DATE"'
        NR == 1 { nh = csvsplit($0, h); c = colidx("time"); next }
        { csvsplit($0, f); if (f[c] > max) max = f[c] }
        END { if (max == "") exit 1
              z = dfc(substr(max, 1, 4) + 0, substr(max, 6, 2) + 0, substr(max, 9, 2) + 0)
              print weeklabel(monday(z + 1) - 7) }' "events.csv") ||
        die "no events to find the week in"
fi
read -r week_start week_end prev_week prev_end <<EOF2
$(awk -v w="$week" "$AWK_DATE"'BEGIN { m = weekmonday(w); print ymd(m), ymd(m + 6), weeklabel(m - 7), ymd(m - 1) }')
EOF2
asof="${week_end}T23:59:59"
prev_asof="${prev_end}T23:59:59"
echo "$week" > "week.txt"

# --- the figures ------------------------------------------------------
step "events up to the week's end" filter_rows "events.csv" "events-asof.csv" time le "$asof"
step "events up to the previous week's end" filter_rows "events.csv" "events-prev.csv" time le "$prev_asof"

waits() { # asof events out extra...
    local a=$1 ev=$2 out=$3; shift 3
    cx-waits --from "${conf[wait_from]}" --to "${conf[wait_to]}" --asof "$a" \
        --norm "${conf[wait_norm]}" --target "${conf[wait_target]}" "$@" -o "$out" "$ev"
}
step "waits per unit" waits "$asof" "events-asof.csv" "waits.csv" -g unit --min-n "$min_n"
step "waits, all units" waits "$asof" "events-asof.csv" "waits-all.csv" --min-n "$min_n"
step "waits, all units, previous week" waits "$prev_asof" "events-prev.csv" "waits-all-prev.csv" \
    --min-n "$min_n"
step "worklist" waits "$asof" "events-asof.csv" "worklist.csv" -g unit --open

complaints() { # asof events out
    cx-waits --from "${conf[complaint_from]}" --to "${conf[complaint_to]}" --asof "$1" \
        --norm "${conf[complaint_norm]}" --list -o "$3" "$2"
}
step "complaints" complaints "$asof" "events-asof.csv" "complaints.csv"
step "complaints answered late" filter_rows "complaints.csv" "complaints-late.csv" over_norm eq 1

step "handoffs per unit" cx-handoffs --by "${conf[handoff_by]}" -g unit --min-n "$min_n" \
    -o "handoffs.csv" "events-asof.csv"
step "handoffs, all units" cx-handoffs --by "${conf[handoff_by]}" --min-n "$min_n" -o "handoffs-all.csv" "events-asof.csv"
step "handoffs, previous week" cx-handoffs --by "${conf[handoff_by]}" --min-n "$min_n" -o "handoffs-all-prev.csv" "events-prev.csv"

if [ $have_clients = 1 ]; then
    step "client responses up to the week's end" filter_rows "clients.csv" "clients-asof.csv" time le "$asof"
    # The scale items are every item but nps_item (0-10), which is read
    # on its own for the NPS: cx-satisfaction selects them itself. An empty
    # nps_item means no recommendation item: every item is on the scale.
    nps_sel=()
    [ -z "${conf[nps_item]}" ] || nps_sel=(--exclude-items "${conf[nps_item]}")
    sat() {
        cx-satisfaction --scale "${conf[client_scale]}" --top "${conf[client_top]}" \
            ${nps_sel[@]+"${nps_sel[@]}"} "$@"
    }
    step "client satisfaction per unit" sat -g unit -p week --compare --min-n "$min_n" \
        -o "client-satisfaction-weeks.csv" "clients-asof.csv"
    step "client satisfaction this week" filter_rows "client-satisfaction-weeks.csv" \
        "client-satisfaction.csv" period eq "$week"
    step "client satisfaction, all units" sat -p week --compare --min-n "$min_n" -o "client-satisfaction-all.csv" "clients-asof.csv"
    step "client satisfaction per unit and quarter" sat -g unit -p quarter --min-n "$min_n" \
        -o "client-satisfaction-quarters.csv" "clients-asof.csv"
    if [ -n "${conf[nps_item]}" ]; then
        step "NPS" cx-satisfaction --scale 0-10 --nps --items "${conf[nps_item]}" -p week \
            --compare --min-n "$min_n" -o "nps-all.csv" "clients-asof.csv"
        # A survey without the recommendation item has no NPS (cx-satisfaction
        # wrote only the header, and said in log.txt that the item never occurs).
        [ "$(wc -l < "nps-all.csv")" -gt 1 ] || rm -f "nps-all.csv"
    fi
fi
if [ $have_staff = 1 ]; then
    step "staff responses up to the week's end" filter_rows "staff.csv" "staff-asof.csv" time le "$asof"
    step "staff satisfaction per unit and quarter" cx-satisfaction --scale "${conf[staff_scale]}" \
        -g unit -p quarter --alpha --min-n "$min_n" -o "staff-satisfaction.csv" "staff-asof.csv"
fi
if [ $have_clients = 1 ] && [ $have_staff = 1 ]; then
    # The pairs are team figures already shown (teams below --min-n hidden
    # above), not people: the link needs only the 3 teams a correlation
    # needs, not cx-correlate's default 5.
    step "staff-client link" cx-correlate --min-n 3 -k unit,period -x mean -y mean -m pearson,spearman \
        -o "correlation.csv" "staff-satisfaction.csv" "client-satisfaction-quarters.csv"
    step "staff-client link, lagged" cx-correlate --min-n 3 -k unit,period --lag "${conf[lag]}" -x mean -y mean \
        -m pearson,spearman -o "correlation-lag.csv" \
        "staff-satisfaction.csv" "client-satisfaction-quarters.csv"
fi

# --- summary.md ---------------------------------------------------------
# get FILE COL [KEY VALUE]: the value of COL in the first row (whose KEY
# column equals VALUE); empty when there is no such row or column.
get() {
    [ -f "$1" ] || return 0
    awk -v col="$2" -v key="${3:-}" -v kv="${4:-}" "$AWK_CSV"'
    NR == 1 { nh = csvsplit($0, h); c = colidx(col); k = key == "" ? 0 : colidx(key); next }
    { csvsplit($0, f); if (c && (key == "" || (k && f[k] == kv))) { print f[c]; exit } }
    ' "$1"
}
# fmt VALUE [DECIMALS]: a figure for people: rounded, "n/a" when empty.
fmt() { if [ -z "$1" ]; then printf 'n/a'; else printf "%.${2:-1}f" "$1"; fi; }
# change NOW BEFORE [DECIMALS]: "+1.2" / "-0.3" / "no change"; "" if either is missing.
change() {
    [ -n "$1" ] && [ -n "$2" ] || { printf 'no figure the week before'; return; }
    awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { x = a - b; s = sprintf("%+." d "f", x)
        if (s + 0 == 0) print "no change"; else print s " against the week before" }'
}
# few N: a warning after a respondent count too small to read a change in.
few() { [ "$1" -lt 30 ] && printf ': few, so read the interval, not the change'; }
interval() { printf '%s to %s' "$(fmt "$1" "${3:-1}")" "$(fmt "$2" "${3:-1}")"; }

unit_table() {
    awk -v wn="${conf[wait_norm]}" "$AWK_CSV"'
    function load(file, prefix,    n, i, u, k, line) {
        if ((getline line < file) <= 0) return
        nh = csvsplit(line, h); u = colidx("unit")
        while ((getline line < file) > 0) {
            n = csvsplit(line, f)
            if (!(f[u] in seen)) { seen[f[u]] = 1; units[++nu] = f[u] }
            for (i = 1; i <= n; i++) v[prefix, f[u], h[i]] = f[i]
        }
        close(file)
    }
    function r(x) { return x == "" ? "n/a" : sprintf("%.1f", x) }
    BEGIN {
        load(ARGV[1], "w"); load(ARGV[2], "h"); load(ARGV[3], "c"); load(ARGV[4], "s")
        print "| unit | median wait (days) | within " wn " (%) | still waiting | past the norm | handoffs per client | clients satisfied | staff satisfied |"
        print "|---|---:|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= nu; i++) {
            u = units[i]
            printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", u == "" ? "(none)" : u,
                r(v["w", u, "median"]), r(v["w", u, "within_norm_pct"]),
                v["w", u, "waiting"] == "" ? "n/a" : v["w", u, "waiting"],
                v["w", u, "over_norm_waiting"] == "" ? "n/a" : v["w", u, "over_norm_waiting"],
                r(v["h", u, "handoffs_mean"]), r(v["c", u, "mean"]), r(v["s", u, "mean"])
        }
    }' waits.csv handoffs.csv client-this-quarter.csv staff-this-quarter.csv
}

# The quarter shown per unit: the latest one the staff survey (or else the
# client survey) has figures for, up to the week's end.
latest_period() {
    [ -f "$1" ] && awk "$AWK_CSV"'NR == 1 { nh = csvsplit($0, h); c = colidx("period"); next }
        { csvsplit($0, f); if (f[c] > m) m = f[c] } END { print m }' "$1"
}
quarter=$(latest_period staff-satisfaction.csv)
[ -n "$quarter" ] || quarter=$(latest_period client-satisfaction-quarters.csv)
if [ $have_clients = 1 ]; then
    step "client satisfaction this quarter" filter_rows client-satisfaction-quarters.csv \
        client-this-quarter.csv period eq "$quarter"
fi
if [ $have_staff = 1 ]; then
    step "staff satisfaction this quarter" filter_rows "staff-satisfaction.csv" \
        "staff-this-quarter.csv" period eq "$quarter"
fi

write_summary() {
    local w=waits-all.csv wp=waits-all-prev.csv
    local med medp within withinp waiting waitingp over overp
    med=$(get "$w" median) medp=$(get "$wp" median)
    within=$(get "$w" within_norm_pct) withinp=$(get "$wp" within_norm_pct)
    waiting=$(get "$w" waiting) waitingp=$(get "$wp" waiting)
    over=$(get "$w" over_norm_waiting) overp=$(get "$wp" over_norm_waiting)
    local open_n late_n late_open
    open_n=$(($(wc -l < "worklist.csv") - 1))
    late_n=$(awk -v s="$week_start" -v e="$asof" "$AWK_CSV"'
        NR == 1 { nh = csvsplit($0, h); c = colidx("end"); next }
        { csvsplit($0, f); if (f[c] >= s && f[c] <= e) n++ } END { print n + 0 }' "complaints-late.csv")
    late_open=$(awk "$AWK_CSV"'
        NR == 1 { nh = csvsplit($0, h); c = colidx("end"); next }
        { csvsplit($0, f); if (f[c] == "") n++ } END { print n + 0 }' "complaints-late.csv")

    cat <<MD
# Client experience, week $week

From $week_start to $week_end, figures as of $asof; in brackets the change
against the week before ($prev_week). Made by cx-weekly $version.

## Waiting: ${conf[wait_from]} to ${conf[wait_to]} (norm ${conf[wait_norm]}, target ${conf[wait_target]}% within it)

- Median wait: **$(fmt "$med") days** ($(interval "$(get "$w" median_lo)" "$(get "$w" median_hi)") days, 95% interval) [$(change "$med" "$medp")].
- Within the norm: **$(fmt "$within")%** ($(interval "$(get "$w" within_norm_pct_lo)" "$(get "$w" within_norm_pct_hi)")%) [$(change "$within" "$withinp")]; target met: $(case $(get "$w" meets_target) in 1) echo yes ;; 0) echo no ;; *) echo n/a ;; esac).
- Still waiting: **${waiting:-0}**, of whom **${over:-0}** past the norm [$(change "${waiting:-0}" "${waitingp:-0}" 0); past the norm $(change "${over:-0}" "${overp:-0}" 0)]. Worklist, longest first: \`worklist.csv\` ($open_n open).

## Complaints (answer due within ${conf[complaint_norm]})

- Answered late this week: **$late_n**; still unanswered past the due date: **$late_open** (\`complaints-late.csv\`).

## Handoffs between ${conf[handoff_by]}s

- Handoffs per client: **$(fmt "$(get "handoffs-all.csv" handoffs_mean)" 2)** [$(change "$(get "handoffs-all.csv" handoffs_mean)" "$(get "handoffs-all-prev.csv" handoffs_mean)" 2)]; clients sent back and forth (A to B to A): **$(fmt "$(get "handoffs-all.csv" pingpong_pct)")%** [$(change "$(get "handoffs-all.csv" pingpong_pct)" "$(get "handoffs-all-prev.csv" pingpong_pct)")].
MD
    if [ $have_clients = 1 ]; then
        local c=client-satisfaction-all.csv m mp tb tbp n
        m=$(get "$c" mean period "$week") mp=$(get "$c" mean period "$prev_week")
        tb=$(get "$c" top_box_pct period "$week") tbp=$(get "$c" top_box_pct period "$prev_week")
        n=$(get "$c" respondents period "$week")
        cat <<MD

## Client satisfaction this week (scale ${conf[client_scale]})

- Mean: **$(fmt "$m" 2)** ($(interval "$(get "$c" mean_lo period "$week")" "$(get "$c" mean_hi period "$week")" 2)), ${n:-0} respondents$(few "${n:-0}") [$(change "$m" "$mp" 2)].
- Top-${conf[client_top]}-box: **$(fmt "$tb")%** ($(interval "$(get "$c" top_box_lo period "$week")" "$(get "$c" top_box_hi period "$week")")%) [$(change "$tb" "$tbp")].
MD
        if [ -f "nps-all.csv" ]; then
            local nps npsp
            nps=$(get "nps-all.csv" nps period "$week") npsp=$(get "nps-all.csv" nps period "$prev_week")
            local nn
            nn=$(get "nps-all.csv" respondents period "$week")
            echo "- NPS ('${conf[nps_item]}'): **$(fmt "$nps" 0)** ($(interval "$(get "nps-all.csv" nps_lo period "$week")" "$(get "nps-all.csv" nps_hi period "$week")" 0)), ${nn:-0} respondents$(few "${nn:-0}") [$(change "$nps" "$npsp" 0)]."
        fi
    fi
    if [ $have_staff = 1 ]; then
        local shown supp
        shown=$(awk "$AWK_CSV"'NR == 1 { nh = csvsplit($0, h); c = colidx("suppressed"); next }
            { csvsplit($0, f); if (!c || f[c] != 1) n++ } END { print n + 0 }' "staff-this-quarter.csv")
        supp=$(awk "$AWK_CSV"'NR == 1 { nh = csvsplit($0, h); c = colidx("suppressed"); next }
            { csvsplit($0, f); if (c && f[c] == 1) n++ } END { print n + 0 }' "staff-this-quarter.csv")
        cat <<MD

## Staff satisfaction, quarter $quarter (scale ${conf[staff_scale]})

- Teams reported: **$shown**; not shown (fewer than $min_n respondents, or to protect a small team): **$supp**.
MD
    fi
    if [ -f "correlation.csv" ]; then
        local r0 r1
        r0=$(get "correlation.csv" estimate method pearson)
        r1=$(get "correlation-lag.csv" estimate method pearson)
        cat <<MD

## Staff and client satisfaction, team by team

- Same quarter: Pearson r = **$(fmt "$r0" 2)** ($(interval "$(get "correlation.csv" lo method pearson)" "$(get "correlation.csv" hi method pearson)" 2)), $(get "correlation.csv" n method pearson) team-quarters.
- Staff ${conf[lag]} quarter(s) before clients: r = **$(fmt "$r1" 2)** ($(interval "$(get "correlation-lag.csv" lo method pearson)" "$(get "correlation-lag.csv" hi method pearson)" 2)), $(get "correlation-lag.csv" n method pearson) team-quarters.
- A team-level link is a pattern across teams, not proof that one causes the other (see cx-correlate(1)).
MD
    fi
    cat <<MD

## Per unit

Waits and handoffs as of the week's end; satisfaction: mean score in quarter
$quarter, the latest with a staff survey (n/a: no answers, or fewer than
$min_n respondents).

$(unit_table)

Files beside this one: waits.csv, worklist.csv, complaints.csv, complaints-late.csv,
handoffs.csv, client-satisfaction.csv, staff-satisfaction.csv, correlation.csv,
correlation-lag.csv, the rows cx-ingest rejected (rejects-*.csv), and more (cx-weekly(1)).
MD
}
step "summary" write_summary > "summary.md"

# --- into place -----------------------------------------------------------
# The week's folder keeps the figures, not copies of the exports (they are
# in INPUT_DIR, and at 10 million events would take a gigabyte a week).
rm -f events.csv events-asof.csv events-prev.csv clients.csv clients-asof.csv \
    staff.csv staff-asof.csv waits-all-prev.csv handoffs-all-prev.csv \
    client-this-quarter.csv staff-this-quarter.csv
final=$out_dir/$week
if [ -e "$final" ]; then
    old=$out_dir/.cx-weekly-old.$$
    mv "$final" "$old" || die "$final: cannot move the old output aside"
    mv "$work" "$final" || { mv "$old" "$final"; die "$final: cannot put the new output in place"; }
    rm -rf "$old"
else
    mv "$work" "$final" || die "$final: cannot put the new output in place"
fi
chmod 755 "$final"
trap - EXIT
echo "$prog: wrote $2/$week" >&2
