#!/bin/bash
# cx-split.sh: properties of the split on the example organisation (events
# by client, responses by respondent), for 1, 2, 7 and 64 parts:
# - the union of the parts is the input: the records (lines after the
#   header; canonical CSV is one record per line) sorted are the same bytes;
# - every part starts with the input's header;
# - every key lands in one part: splitting part I again into N parts puts
#   every one of its records back into part I (so no key of part I hashes
#   anywhere else, and a key cannot be in two parts);
# - --part I/N writes exactly the file PREFIX-I of -n N.
set -u
src=${CX_SRCDIR:?run through make check}
work=$(mktemp -d "${TMPDIR:-/tmp}/cx-split.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for input in "$src/examples/org/events.csv" "$src/examples/org/clients.csv"; do
    name=${input##*/}
    tail -n +2 "$input" | LC_ALL=C sort > want
    for n in 1 2 7 64; do
        rm -rf parts && mkdir parts
        cx-split -n "$n" --prefix parts/p "$input" || { fail "$name -n $n: status $?"; continue; }
        got=$(ls parts | wc -l)
        [ "$got" = "$n" ] || fail "$name -n $n: $got files"
        for f in parts/p-*.csv; do
            cmp -s <(head -1 "$f") <(head -1 "$input") || fail "$name -n $n: $f header"
        done
        tail -q -n +2 parts/p-*.csv | LC_ALL=C sort | cmp -s - want ||
            fail "$name -n $n: the union of the parts is not the input"
        for ((i = 0; i < n; i++)); do
            f=$(printf 'parts/p-%04d.csv' "$i")
            cx-split --part "$i/$n" "$f" | cmp -s - "$f" ||
                fail "$name -n $n: a record of part $i hashes to another part"
            cx-split --part "$i/$n" "$input" | cmp -s - "$f" ||
                fail "$name -n $n: --part $i/$n differs from $f"
        done
    done
done
echo "cx-split: $fails failed"
[ $fails = 0 ]
