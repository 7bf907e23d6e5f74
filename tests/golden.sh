#!/bin/bash
# golden.sh: runs one golden case, tests/<tool>/<case>.golden.
#
# A case file is plain text. Lines before the first section are the header:
#   # comment          where the expected values come from, and why
#   cmd: SHELL LINE    run with bash in a fresh temporary folder (under
#                      LC_ALL=$CX_TEST_LOCALE, default C), with the
#                      built tools first on PATH (pipes are fine; pipefail
#                      is on)
#   status: N          expected exit status (default 0)
# Sections start with a line "--- NAME" and run to the next such line:
#   --- file: NAME     a file written into the folder before the run
#   --- stdin          standard input (default: empty)
#   --- stdout         expected standard output (default: empty)
#   --- stderr         expected standard error (default: empty)
#   --- file-out: NAME expected content of a file the command writes
# Every section's content ends with a newline. Exit: 0 pass, 1 fail.
set -u
case_file=$1
case "$case_file" in /*) ;; *) case_file=$PWD/$case_file ;; esac
name=${case_file##*/}
work=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
mkdir "$work/run" "$work/exp"

# Split the case file (bytes as they are, CR included).
LC_ALL=C awk -v dir="$work" '
function out(path) { if (cur != "") close(cur); cur = path; printf "" > cur }
BEGIN { cur = ""; inhdr = 1 }
/^--- / {
    inhdr = 0; sec = substr($0, 5)
    if (sec ~ /^file: /)          out(dir "/run/" substr(sec, 7))
    else if (sec ~ /^file-out: /) { f = substr(sec, 11); print f >> (dir "/exp/outfiles"); out(dir "/exp/out_" f) }
    else if (sec == "stdin")      out(dir "/exp/stdin")
    else if (sec == "stdout")     out(dir "/exp/stdout")
    else if (sec == "stderr")     out(dir "/exp/stderr")
    else { print "golden.sh: unknown section: " sec > "/dev/stderr"; exit 3 }
    next
}
inhdr && /^cmd: /    { print substr($0, 6) > (dir "/exp/cmd"); next }
inhdr && /^status: / { print substr($0, 9) > (dir "/exp/status"); next }
inhdr { next }
{ print > cur }
' "$case_file" || exit 99

[ -f "$work/exp/cmd" ] || { echo "$name: no cmd: line"; exit 99; }
for f in stdout stderr stdin; do [ -f "$work/exp/$f" ] || : > "$work/exp/$f"; done
want_status=0
[ -f "$work/exp/status" ] && want_status=$(cat "$work/exp/status")

cd "$work/run" || exit 99
cmd=$(cat "$work/exp/cmd")
# The tools run under CX_TEST_LOCALE (default C); the helpers a case uses
# to check their output (awk, sort) keep the C locale. Not exported, so a
# tool that is itself a script gets no such help.
helpers='awk() { LC_ALL=C command awk "$@"; }; sort() { LC_ALL=C command sort "$@"; }
'
LC_ALL=${CX_TEST_LOCALE:-C} bash -o pipefail -c "$helpers$cmd" < "$work/exp/stdin" > "$work/out" 2> "$work/err"
got_status=$?

fail=0
if [ "$got_status" != "$want_status" ]; then
    echo "$name: exit status $got_status, expected $want_status"
    fail=1
fi
if ! cmp -s "$work/exp/stdout" "$work/out"; then
    echo "$name: stdout differs (- expected, + got):"
    diff -u "$work/exp/stdout" "$work/out" | tail -n +3 | head -40
    fail=1
fi
if ! cmp -s "$work/exp/stderr" "$work/err"; then
    echo "$name: stderr differs (- expected, + got):"
    diff -u "$work/exp/stderr" "$work/err" | tail -n +3 | head -40
    fail=1
fi
if [ -f "$work/exp/outfiles" ]; then
    while IFS= read -r f; do
        if ! cmp -s "$work/exp/out_$f" "$work/run/$f"; then
            echo "$name: file $f differs (- expected, + got):"
            diff -u "$work/exp/out_$f" "$work/run/$f" 2>&1 | tail -n +3 | head -40
            fail=1
        fi
    done < "$work/exp/outfiles"
fi
[ $fail = 0 ] && echo "$name: ok"
exit $fail
