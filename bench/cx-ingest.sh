#!/bin/bash
# bench/cx-ingest.sh: cx-ingest on 10 million ';'-separated event rows with
# DD-MM-YYYY HH:MM times, beside wc -l, GNU datamash and Miller reading the
# same file. Usage: bash bench/cx-ingest.sh [BIN_DIR] [ROWS]
# The input is generated under $TMPDIR (or /tmp) and removed at the end.
set -eu
bin=${1:-$(dirname "$0")/../bin}
rows=${2:-10000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/cx-ingest-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
in=$work/export.csv

# A Dutch-style export: client numbers, day-first times, activities, units
# and staff; plain ASCII, so the encoding check reads all of it and finds
# UTF-8.
awk -v n="$rows" 'BEGIN {
    print "Cliëntnummer;Datum;Activiteit;Afdeling;Zorgverlener"
    split("Aanmelding Intake Behandeling Zorgmoment Klacht Afronding", act, " ")
    split("Geriatrie Thuiszorg-Noord Poli-Neurologie Fysiotherapie", unit, " ")
    srand(1)
    for (i = 0; i < n; i++) {
        c = 100000 + int(i / 20)
        d = 1 + i % 28; m = 1 + int(i / 28) % 12; h = i % 24; mi = i % 60
        printf "%d;%02d-%02d-2026 %02d:%02d;%s;%s;mw%d\n", c, d, m, h, mi,
            act[1 + i % 6], unit[1 + i % 4], i % 500
    }
}' > "$in"
size=$(du -m "$in" | cut -f1)

run() { # run NAME COMMAND...: elapsed seconds and peak RSS (MB)
    local name=$1; shift
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2> "$work/err" ||
        { echo "$name failed:"; cat "$work/err"; exit 1; }
    read -r secs kb < "$work/time"
    printf '| %-44s | %8s | %8d |\n' "$name" "$secs" $((kb / 1024))
}

echo "input: $rows rows, $size MB ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
printf '| %-44s | %8s | %8s |\n' "command" "seconds" "peak MB"
printf '|%s|%s|%s|\n' "----------------------------------------------" \
    "----------" "----------"
run "wc -l" wc -l "$in"
run "datamash -t ';' --header-in count 1" sh -c "datamash -t ';' --header-in count 1 < '$in'"
run "mlr --icsv --ifs ';' --ocsv cat" mlr --icsv --ifs ';' --ocsv cat "$in"
run "cx-ingest FILE (encoding detected)" "$bin/cx-ingest" "$in"
run "cx-ingest -e utf-8 FILE" "$bin/cx-ingest" -e utf-8 "$in"
run "cx-ingest < FILE via a pipe (copy to tmp)" sh -c "cat '$in' | '$bin/cx-ingest'"
