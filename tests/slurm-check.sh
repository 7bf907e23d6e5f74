#!/bin/bash
# slurm-check.sh (issue 14 item 4): the Slurm example of examples/slurm/ on
# a real, single-node Slurm that this check brings up on the machine and
# shuts down again. Not part of `make check` (it starts daemons as root and
# takes a while): .ci/run runs it after the test suite, from the top of a
# built tree, and counts it as one test.
#
# It makes a munge key (mungekey) and starts munged on its own socket, key,
# pid, log and seed files; writes a slurm.conf (one node, localhost, no
# cgroups: proctrack/linuxproc, task/none, select/cons_tres, free high
# ports, state and spool folders in a temporary folder, SlurmUser=root);
# starts slurmctld and slurmd in the foreground; waits until the node is
# idle; submits the example's job arrays (sbatch --array=0-6
# partial.sbatch: cx-split --part I/7 and the tool's --partial into a
# shared folder) and their merge jobs (sbatch --dependency=afterok:ARRAY
# merge.sbatch) for cx-waits and cx-satisfaction; waits for them with a
# bounded timeout; and compares the merged figures byte for byte with one
# run over the whole file. Everything it started is stopped at the end
# (trap), and its folder removed.
#
# Exit status: 0 passed, 1 failed (a job failed or a figure differs), 77
# skipped: not root, a program missing, or a daemon that cannot run here;
# the message says which and why.
set -u
cd "$(dirname "$0")/.." || exit 99
top=$PWD
export PATH="$top/bin:$PATH" LC_ALL=C
timeout_jobs=${CX_SLURM_TIMEOUT:-120}
started=$(date +%s)
say() { echo "slurm-check: $*"; }
skip() { say "SKIP: $*"; exit 77; }

[ -x bin/cx-split ] && [ -x bin/cx-waits ] && [ -x bin/cx-satisfaction ] ||
    { say "FAIL: build first (bin/cx-split, bin/cx-waits, bin/cx-satisfaction)"; exit 1; }
[ "$(id -u)" = 0 ] || skip "not root: slurmd must run as root to start jobs"
for p in munged mungekey munge unmunge slurmctld slurmd sbatch scontrol sinfo scancel python3 timeout; do
    command -v $p > /dev/null 2>&1 || [ -x /usr/sbin/$p ] ||
        skip "$p not found (Debian packages munge, slurm-wlm)"
done
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d "${TMPDIR:-/tmp}/slurm-check.XXXXXX") || exit 99
chmod 700 "$work"
pids="" jobs=""
cleanup() {
    local p
    # shellcheck disable=SC2086
    [ -z "$jobs" ] || timeout 10 scancel $jobs > /dev/null 2>&1
    for p in $pids; do kill "$p" 2> /dev/null; done
    for p in $pids; do
        timeout 10 tail --pid="$p" -f /dev/null 2> /dev/null || kill -9 "$p" 2> /dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP
mkdir "$work/munge" "$work/state" "$work/spool" "$work/log" "$work/run"
chmod 700 "$work/munge"

# wait_for SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
    local end=$(($(date +%s) + $1))
    shift
    until "$@" > /dev/null 2>&1; do
        [ "$(date +%s)" -lt $end ] || return 1
        sleep 0.2
    done
}
alive() { kill -0 "$1" 2> /dev/null; }
tail_log() { tail -n "${2:-3}" "$1" 2> /dev/null | tr '\n' ' '; }

# munge: a key of its own and a daemon on its own socket.
sock=$work/munge/munge.socket
mungekey --create --keyfile="$work/munge/munge.key" 2> "$work/log/mungekey.log" ||
    skip "mungekey could not make a key: $(tail_log "$work/log/mungekey.log")"
munged -F --force --socket="$sock" --key-file="$work/munge/munge.key" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
    --seed-file="$work/munge/munged.seed" 2> "$work/log/munged.err" &
pids="$pids $!"
munge_pid=$!
wait_for 15 test -S "$sock" ||
    skip "munged did not start: $(tail_log "$work/log/munged.err") $(tail_log "$work/log/munged.log")"
munge -n -S "$sock" | unmunge -S "$sock" > /dev/null 2> "$work/log/unmunge.err" ||
    skip "munged runs but cannot check its own credentials: $(tail_log "$work/log/unmunge.err")"

# Two free ports for slurmctld and slurmd.
read -r port_ctld port_d < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("", 0))
print(*(x.getsockname()[1] for x in s))') || skip "found no free ports"

cat > "$work/slurm.conf" << EOF
ClusterName=cxkit-check
SlurmctldHost=localhost
SlurmctldPort=$port_ctld
SlurmdPort=$port_d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf

slurmctld -D -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
ctld_pid=$!
pids="$pids $ctld_pid"
wait_for 30 scontrol ping ||
    skip "slurmctld did not start: $(tail_log "$work/log/slurmctld.log" 4)"
slurmd -D -N localhost -f "$SLURM_CONF" > "$work/log/slurmd.out" 2>&1 &
d_pid=$!
pids="$pids $d_pid"
node_idle() { [ "$(sinfo -h -n localhost -o %t)" = idle ]; }
if ! wait_for 60 node_idle; then
    alive $d_pid || skip "slurmd did not start: $(tail_log "$work/log/slurmd.log" 4)"
    alive $ctld_pid || skip "slurmctld stopped: $(tail_log "$work/log/slurmctld.log" 4)"
    skip "the node did not become idle: $(sinfo -h -n localhost -o '%t %E' 2>&1)" \
        "$(tail_log "$work/log/slurmd.log" 2)"
fi
say "single-node Slurm up in $(($(date +%s) - started)) s (munged $munge_pid, slurmctld $ctld_pid, slurmd $d_pid)"

fails=0 runs=0
fail() { say "FAIL: $*"; fails=$((fails + 1)); }

# submit NAME FILE "STATE OPTIONS" "FINISH OPTIONS" TOOL: the array of 7
# tasks and its merge job, as in examples/slurm/README.md; the single run
# for comparison. Sets merge_NAME to the merge job's id.
ex=$top/examples
submit() {
    local name=$1 file=$2 state=$3 finish=$4 tool=$5 array merge
    # shellcheck disable=SC2086
    $tool $state $finish "$file" > "$work/$name-single.csv" 2> /dev/null ||
        { fail "single run: $tool $state $finish"; return; }
    # shellcheck disable=SC2086
    array=$(sbatch --parsable --chdir="$work" --array=0-6 \
        --output="$work/log/$name-partial-%A_%a.out" \
        "$ex/slurm/partial.sbatch" "$work/$name-parts" "$file" $tool $state) ||
        { fail "sbatch --array: $array"; return; }
    jobs="$jobs $array"
    # shellcheck disable=SC2086
    merge=$(sbatch --parsable --chdir="$work" --dependency=afterok:"$array" \
        --output="$work/log/$name-merge-%j.out" \
        "$ex/slurm/merge.sbatch" "$work/$name-parts" "$work/$name-merged.csv" \
        $tool $state $finish) ||
        { fail "sbatch --dependency: $merge"; return; }
    jobs="$jobs $merge"
    eval "merge_$name=\$merge"
    say "$name: array job $array (7 tasks), merge job $merge"
}

merge_waits="" merge_sat=""
submit waits "$ex/org/events.csv" "--from referral --to intake -g unit -p month" \
    "--norm 4w --target 80" cx-waits
submit sat "$ex/org/clients.csv" \
    "--scale 1-5 --exclude-items recommend -g unit -p quarter --alpha --straightline=3" \
    "--compare --min-n 3" cx-satisfaction

# state JOB: the job's state (COMPLETED, FAILED, PENDING, ...).
state() { scontrol -o show job "$1" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
reason() { scontrol -o show job "$1" 2> /dev/null | grep -o 'Reason=[^ ]*' | cut -d= -f2; }
finished() {
    local j s
    for j in "$@"; do
        s=$(state "$j")
        case $s in
        COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) ;;
        PENDING) [ "$(reason "$j")" = DependencyNeverSatisfied ] || return 1 ;;
        *) return 1 ;;
        esac
    done
}
# shellcheck disable=SC2086
wait_for "$timeout_jobs" finished $merge_waits $merge_sat ||
    fail "the jobs did not finish within $timeout_jobs s: $(squeue -h -o '%i %j %T %r' 2>&1 | tr '\n' ';')"

for name in waits sat; do
    eval "merge=\$merge_$name"
    [ -n "$merge" ] || continue
    s=$(state "$merge")
    if [ "$s" != COMPLETED ]; then
        fail "$name: merge job $merge is $s ($(reason "$merge"))"
        for f in "$work/log/$name"-*.out; do
            [ -s "$f" ] && sed "s|^|  ${f##*/}: |" "$f" | head -3
        done | head -12
        continue
    fi
    runs=$((runs + 1))
    if cmp -s "$work/$name-merged.csv" "$work/$name-single.csv"; then
        say "$name: 7 partials merged by Slurm equal the single run ($(wc -l < "$work/$name-single.csv") lines)"
    else
        fail "$name: the merged figures differ from the single run"
        diff "$work/$name-single.csv" "$work/$name-merged.csv" | head -10
    fi
done

# merge.sbatch refuses a folder without every part of one array.
rm -f "$work/waits-parts/part-0003-of-0007.partial"
if bash "$ex/slurm/merge.sbatch" "$work/waits-parts" "$work/bad.csv" \
    cx-waits --from referral --to intake > /dev/null 2> "$work/log/bad.err"; then
    fail "merge.sbatch merged a folder with a part missing"
elif ! grep -q "part-0003-of-0007.partial' is missing" "$work/log/bad.err"; then
    fail "merge.sbatch, a part missing: $(cat "$work/log/bad.err")"
fi

say "$runs merges compared, $fails failed, $(($(date +%s) - started)) s in all"
[ $fails = 0 ] && [ $runs = 2 ]
