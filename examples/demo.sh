#!/bin/sh
# demo.sh: the main job on the bundled example data (make demo).
# Usage: sh examples/demo.sh [BIN_DIR [EXAMPLES_DIR]]
# Ingests the messy example exports into a temporary folder and shows what
# came out. Works from any current directory; BIN_DIR defaults to ../bin
# and EXAMPLES_DIR to the folder of this script.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../bin}
ex=${2:-$here}
bin=$(cd "$bin" && pwd)
ex=$(cd "$ex" && pwd)
PATH=$bin:$PATH
export PATH

out=$(mktemp -d "${TMPDIR:-/tmp}/cxkit-demo.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

show() {
    # show TITLE FILE LINES: the first LINES lines of FILE, indented.
    printf '\n%s (%s, first %s lines):\n' "$1" "${2##*/}" "$3"
    head -n "$3" "$2" | sed 's/^/    /'
}

echo "== cx-ingest: a Windows-1252, ';'-separated events export with Dutch"
echo "   column names and DD-MM-YYYY HH:MM times, four rows of it broken"
echo "\$ cx-ingest --keep Opmerking --rejects rejects.csv --max-rejects 20% ingest-events-export.csv > events.csv"
cx-ingest --keep Opmerking --rejects "$out/rejects.csv" --max-rejects 20% \
    "$ex/ingest-events-export.csv" > "$out/events.csv" 2> "$out/events.err"
sed "s|$ex/||g; s|$out/||g; s/^/    /" "$out/events.err"
show "Canonical events" "$out/events.csv" 6
show "Rejected rows, with line number and reason" "$out/rejects.csv" 5

echo
echo "== cx-ingest: a wide client survey (one column per question, text"
echo "   answers, decimal commas, 'weet niet')"
echo "\$ cx-ingest --schema responses --wide --labels ingest-labels.csv --na 'weet niet' --scale 0-10 ingest-survey-wide.csv > responses.csv"
cx-ingest --schema responses --wide --labels "$ex/ingest-labels.csv" \
    --na 'weet niet' --scale 0-10 "$ex/ingest-survey-wide.csv" \
    > "$out/responses.csv" 2> "$out/responses.err"
sed "s|$ex/||g; s|$out/||g; s/^/    /" "$out/responses.err"
show "Canonical responses" "$out/responses.csv" 9

echo
nev=$(sed -n 's/.*read [0-9]*, wrote \([0-9]*\),.*/\1/p' "$out/events.err")
nresp=$(($(wc -l < "$out/responses.csv") - 1))
echo "Done: $nev events and $nresp responses (in $out, removed now)."
