#!/bin/bash
# Output files and standard streams (issue 11, items 2, 7, 8 and 9): what
# -o and --rejects do with devices, FIFOs, symbolic links and folders, the
# refusal of -r X -o X, leftovers of killed runs, and closed standard
# streams. Each check names the behaviour it pins; exit 1 when one fails.
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/csvfix-output.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0
check() { # check NAME COMMAND...: COMMAND must succeed
    local name=$1
    shift
    if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=1; fi
}
printf 'client,time,activity\nc1,2026-01-01,a\nc2,2026-01-02,b\n' > in.csv
printf 'client,time,activity,unit,staff\nc1,2026-01-01,a,,\nc2,2026-01-02,b,,\n' > want.csv

# Item 2: a regular file is replaced whole and keeps its mode.
echo old > reg.csv
chmod 640 reg.csv
cx-ingest -q -o reg.csv in.csv 2>/dev/null
check "-o regular file replaced" cmp -s reg.csv want.csv
check "-o regular file keeps mode 640" test "$(stat -c %a reg.csv)" = 640
umask 022
cx-ingest -q -o new.csv in.csv 2>/dev/null
check "-o new file has the umask mode" test "$(stat -c %a new.csv)" = 644

# A symbolic link: its target is replaced, the link stays a link.
echo old > target.csv
ln -s target.csv link.csv
cx-ingest -q -o link.csv in.csv 2>/dev/null
check "-o symlink stays a link" test -L link.csv
check "-o symlink target replaced" cmp -s target.csv want.csv
ln -s missing.csv dangling.csv
cx-ingest -q -o dangling.csv in.csv 2>err
check "-o dangling symlink refused, status 1" test $? = 1
check "-o dangling symlink message" grep -q "dangling.csv: a symbolic link to a missing file; not followed" err
check "-o dangling symlink: no target made" test ! -e missing.csv

# A character device: written through, still a device afterwards (as
# root, the old code made /dev/null a regular file). Never /dev/null
# itself here, so that a regression cannot damage the machine: a link to
# it (a broken tool replaces only the link), and as root a null device of
# our own made with mknod.
ln -s /dev/null devnull
cx-ingest -q -o devnull in.csv 2>/dev/null
check "-o symlink to /dev/null: status 0" test $? = 0
check "-o symlink to /dev/null: still a link" test -L devnull
check "/dev/null still a character device" test -c /dev/null
if mknod null c 1 3 2>/dev/null; then
    cx-waits --from a --to b -o null want.csv 2>/dev/null
    check "-o a null device: status 0" test $? = 0
    check "-o a null device: still a character device" test -c null
    check "-o a null device: no temporary left" test -z "$(ls -A | grep null.cx-tmp || true)"
else
    echo "skip: mknod needs root (the null device checks)"
fi

# A FIFO: a reader gets the output; the FIFO stays a FIFO.
mkfifo fifo
timeout 10 cat fifo > from-fifo &
reader=$!
timeout 10 cx-ingest -q -o fifo in.csv 2>/dev/null
# A tool that replaced the FIFO leaves the reader waiting: end it.
[ -p fifo ] || kill $reader 2>/dev/null
wait $reader
check "-o FIFO: the reader gets the output" cmp -s from-fifo want.csv
check "-o FIFO stays a FIFO" test -p fifo

# /dev/fd/1 (as /dev/stdout) is the open descriptor: appending to a file
# appends. Not /dev/stdout itself, which a broken tool run as root would
# replace (the old code did).
echo first > appended
cx-ingest -q -o /dev/fd/1 in.csv >> appended 2>/dev/null
check "-o /dev/fd/1 appends to >>" test "$(head -1 appended)" = first
check "-o /dev/fd/1 writes the output" test "$(wc -l < appended)" = 4
check "/dev/stdout still a link" test -L /dev/stdout

# A folder is refused.
mkdir folder
cx-ingest -q -o folder in.csv 2>err
check "-o folder: status 1" test $? = 1
check "-o folder: message" grep -q "cx-ingest: folder: Is a directory" err

# Item 7: -r X -o X would lose the rejects: a usage error naming both.
cx-ingest -q -r same.csv -o ./same.csv in.csv 2>err
check "-r X -o X: status 2" test $? = 2
check "-r X -o X: message" grep -q "cx-ingest: --rejects 'same.csv' and -o './same.csv' are the same file" err
check "-r X -o X: nothing written" test ! -e same.csv
ln -s same2.csv alias.csv
echo x > same2.csv
cx-ingest -q -r alias.csv -o same2.csv in.csv 2>/dev/null
check "-r LINK -o TARGET: status 2" test $? = 2

# --rejects - is standard output: only when the output goes to -o FILE.
cx-ingest -q -r - in.csv > mixed 2>err
check "-r - without -o: status 2" test $? = 2
check "-r - without -o: message" grep -q "cx-ingest: --rejects '-' would mix the rejects into the output on standard output; give -o FILE or a rejects file" err
cx-ingest -q -r - -o o2.csv in.csv > rej-out 2>/dev/null
check "-r - with -o FILE: rejects on stdout" test "$(cat rej-out)" = "line,reason,client,time,activity"

# Item 8: --rejects is atomic too and leaves no temporary file.
cx-ingest -q -r rej.csv -o out.csv in.csv 2>/dev/null
check "--rejects written" test "$(head -1 rej.csv)" = "line,reason,client,time,activity"
check "no temporary files left" test -z "$(ls -A | grep cx-tmp || true)"
# A leftover of a dead run (a PID that is not running) is removed by the
# next run writing the same file; one of a running process is kept.
sleep 60 &
live=$!
dead=$(sh -c 'echo $$')
echo partial > ".out.csv.cx-tmp.$dead"
echo partial > ".out.csv.cx-tmp.$live"
echo partial > ".other.csv.cx-tmp.$dead"
cx-ingest -q -o out.csv in.csv 2>/dev/null
check "dead run's leftover removed" test ! -e ".out.csv.cx-tmp.$dead"
check "running process's temporary kept" test -e ".out.csv.cx-tmp.$live"
check "another file's leftover kept" test -e ".other.csv.cx-tmp.$dead"
kill $live
mkdir -p ".org.cx-tmp.$dead"
echo partial > ".org.cx-tmp.$dead/events.csv"
cx-synth --seed 3 --units 2 --clients 20 --weeks 10 -o org 2>/dev/null
check "cx-synth: dead run's folder removed" test ! -e ".org.cx-tmp.$dead"
check "cx-synth: new folder whole" test -s org/events.csv -a -s org/truth.csv
check "cx-synth: new folder mode" test "$(stat -c %a org)" = 755
cp org/events.csv events.1
cx-synth --seed 4 --units 2 --clients 20 --weeks 10 -o org 2>/dev/null
check "cx-synth: folder of a run replaced" test "$(ls org | tr '\n' ' ')" = "clients.csv events.csv staff.csv truth.csv "
check "cx-synth: new events" test "$(cksum < org/events.csv)" != "$(cksum < events.1)"
touch org/notes.txt
cx-synth --seed 5 --units 2 --clients 20 --weeks 10 -o org 2>/dev/null
check "cx-synth: other files in DIR kept" test -e org/notes.txt
check "cx-synth: no temporary folder left" test -z "$(ls -A . org | grep org.cx-tmp || true)"

# Item 9: closed standard streams. stdout closed, -o FILE: no false write
# error; stdout closed without -o: a write error (status 1); stdin closed:
# a read error, not "empty input" from a temporary file taking fd 0.
rm -f out.csv
cx-ingest -q -o out.csv in.csv >&- 2>err
check "stdout closed, -o FILE: status 0" test $? = 0
check "stdout closed, -o FILE: no write error" test "$(cat err)" = "cx-ingest: read 2, wrote 2, rejected 0"
check "stdout closed, -o FILE: file written" cmp -s out.csv want.csv
cx-waits --from a --to a -o w.csv want.csv >&- 2>err
check "cx-waits: stdout closed, -o FILE: status 0 and quiet" test $? = 0 -a ! -s err
cx-waits --from a --to b want.csv >&- 2>err
check "stdout closed, no -o: status 1" test $? = 1
check "stdout closed, no -o: write error" grep -q "cx-waits: write error" err
cx-ingest -q <&- 2>err
check "stdin closed: status 1" test $? = 1
check "stdin closed: read error" grep -q "cx-ingest: -: read error: Bad file descriptor" err
cx-handoffs <&- 2>err
check "cx-handoffs stdin closed: read error" grep -q "cx-handoffs: -: read error: Bad file descriptor" err
exit $fail
