#!/bin/bash
# contract.sh: the checks every cxkit tool passes (CONVENTIONS.md, Tests).
# For each tool in bin/: --help, --version, an unknown option, the man page
# (lint, and every long option of --help documented in it). Tools that read
# CSV (those with tests/contract/<tool>.args and .csv) also get: a missing
# file, a write error on /dev/full, '| head -1', and an unterminated quote.
set -u
bin=${CX_BIN:?CX_BIN unset: run through make check}
src=${CX_SRCDIR:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/contract.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0 checks=0

fail() { echo "FAIL $tool: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

man_text() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(em/-/g' "$1"; }

for exe in "$bin"/cx-*; do
    [ -x "$exe" ] || continue
    tool=${exe##*/}

    # --help: full help on stdout, exit 0.
    "$exe" --help > out 2> err; st=$?
    { [ $st = 0 ] && grep -q '^Usage: ' out && [ ! -s err ]; } && ok ||
        fail "--help: status $st, or no 'Usage:' line, or stderr"
    # --version: "tool (cxkit) VERSION".
    "$exe" --version > out 2> err; st=$?
    { [ $st = 0 ] && head -1 out | grep -q "^$tool (cxkit) [0-9]"; } && ok ||
        fail "--version: status $st, first line '$(head -1 out)'"
    # Unknown option: status 2 and the hint.
    "$exe" --no-such-option > out 2> err < /dev/null; st=$?
    { [ $st = 2 ] && grep -q "^Try '$tool --help' for more information.$" err; } && ok ||
        fail "unknown option: status $st, stderr '$(cat err)'"

    # The man page: present, lint-clean, every long option documented.
    page=$src/man/$tool.1
    if [ ! -f "$page" ]; then
        fail "no man page man/$tool.1"
    else
        if command -v groff > /dev/null; then
            w=$(groff -man -ww -z "$page" 2>&1)
            [ -z "$w" ] && ok || fail "man page lint: $w"
        fi
        man_text "$page" > mantext
        "$exe" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u > longopts
        while read -r opt; do
            grep -q -- "$opt" mantext && ok || fail "man page lacks $opt"
        done < longopts
    fi

    args_file=$src/tests/contract/$tool.args
    csv=$src/tests/contract/$tool.csv
    [ -f "$args_file" ] && [ -f "$csv" ] || continue
    read -r -a args < "$args_file"
    cp "$csv" input.csv

    # The sample runs cleanly.
    "$exe" "${args[@]}" input.csv > out 2> err; st=$?
    [ $st = 0 ] && ok || fail "sample run: status $st, stderr '$(cat err)'"
    # Missing file: status 1, "tool: nosuch.csv: No such file or directory".
    "$exe" "${args[@]}" nosuch.csv > out 2> err; st=$?
    { [ $st = 1 ] && grep -q "^$tool: nosuch.csv: No such file or directory$" err; } && ok ||
        fail "missing file: status $st, stderr '$(cat err)'"
    # Write error.
    if [ -w /dev/full ]; then
        "$exe" "${args[@]}" input.csv > /dev/full 2> err; st=$?
        { [ $st = 1 ] && grep -q "^$tool: write error" err; } && ok ||
            fail "/dev/full: status $st, stderr '$(cat err)'"
    fi
    # | head -1 ends the tool silently (big input, so the pipe really closes).
    # (A tool whose rows must not repeat, such as one period per series,
    # brings its own generator tests/contract/<tool>.big.)
    if [ -f "$src/tests/contract/$tool.big" ]; then
        bash "$src/tests/contract/$tool.big" > big.csv
    else
        { head -1 input.csv; for i in $(seq 2000); do tail -n +2 input.csv; done; } > big.csv
    fi
    "$exe" "${args[@]}" big.csv 2> err | head -1 > /dev/null
    [ ! -s err ] && ok || fail "| head -1 wrote to stderr: '$(head -3 err)'"
    # Unterminated quote: status 1, naming file and line.
    { cat input.csv; printf '"unterminated,x\n'; } > badquote.csv
    line=$(($(wc -l < input.csv) + 1))
    "$exe" "${args[@]}" badquote.csv > out 2> err; st=$?
    { [ $st = 1 ] && grep -q "^$tool: badquote.csv:$line: " err; } && ok ||
        fail "unterminated quote: status $st, stderr '$(cat err)'"
done

echo "contract: $checks checks passed, $fails failed"
[ $fails = 0 ]
