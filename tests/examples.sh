#!/bin/bash
# examples.sh: runs every ```sh block of examples/README.md in a copy of the
# examples folder, with the built tools on PATH; each must exit 0 (pipefail
# on) and write something to stdout.
set -u
src=${CX_SRCDIR:?run through make check}
work=$(mktemp -d "${TMPDIR:-/tmp}/examples.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cp -R "$src/examples" "$work/examples" && chmod -R u+w "$work/examples"
cd "$work/examples" || exit 99

awk -v dir="$work" '
/^```sh$/ { n++; f = sprintf("%s/block%03d.sh", dir, n); inb = 1; next }
/^```$/ && inb { inb = 0; close(f); next }
inb { print > f }
' README.md

fails=0 runs=0
for b in "$work"/block*.sh; do
    [ -f "$b" ] || continue
    runs=$((runs + 1))
    if ! bash -o pipefail -e "$b" > "$work/out" 2> "$work/err"; then
        echo "FAIL: block $(basename "$b"): status $?"; sed 's/^/  | /' "$b"
        sed 's/^/  stderr: /' "$work/err" | head -20
        fails=$((fails + 1))
    elif [ ! -s "$work/out" ]; then
        echo "FAIL: block $(basename "$b") wrote nothing"; sed 's/^/  | /' "$b"
        fails=$((fails + 1))
    fi
done
echo "examples: $runs blocks, $fails failed"
[ $runs -gt 0 ] || exit 77
[ $fails = 0 ]
