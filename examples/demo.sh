#!/bin/sh
# demo.sh: the main job on the bundled example data (make demo): the weekly
# run of cx-weekly on the example organisation in examples/org (made by
# cx-synth), then its summary.md.
# Usage: sh examples/demo.sh [BIN_DIR [EXAMPLES_DIR [OUTPUT_DIR]]]
# BIN_DIR defaults to ../bin, EXAMPLES_DIR to this script's folder and
# OUTPUT_DIR to ./demo; works from any current directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../bin}" && pwd)
ex=$(cd "${2:-$here}" && pwd)
out=${3:-demo}
PATH=$bin:$PATH
export PATH

mkdir -p "$out"
echo "\$ cx-weekly $ex/org $out" >&2
cx-weekly "$ex/org" "$out"
week=$(cat "$out"/*/week.txt | sort | tail -1)
echo >&2
cat "$out/$week/summary.md"
echo >&2
echo "The same week as one page with charts: $out/$week/report.html" >&2
echo >&2
echo "The week's files are in $out/$week/; see cx-weekly(1) and examples/README.md." >&2
