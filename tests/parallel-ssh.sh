#!/bin/bash
# parallel-ssh.sh (issue 14 item 4): the split -> --partial -> --merge path
# of cx-satisfaction and cx-waits run by GNU parallel over --sshlogin, as
# across machines. The test makes two "hosts" on the loopback address: two
# sshd (Debian openssh-server) on two free high ports of 127.0.0.1, with a
# host key, a user key and an authorized_keys file it generates in a
# temporary folder. GNU parallel sends each part to a host
# (--transferfile, through rsync over ssh), runs the tool there with
# --partial, brings the partial back (--return) and removes the remote
# copies (--cleanup), over one ssh connection a host (--controlmaster);
# the merged figures must equal one run over the whole file byte for byte
# (cmp), and the job log must show both hosts at work.
# Both sshd are stopped at the end (trap). Skips (77), saying why, when
# sshd, ssh, ssh-keygen, rsync or GNU parallel are missing, when not run
# as root, or when sshd cannot start here. Every wait is bounded.
set -u
src=${CX_SRCDIR:?run through make check}
skip() { echo "SKIP: $*"; exit 77; }
sshd=/usr/sbin/sshd
[ -x $sshd ] || skip "$sshd not found (Debian package openssh-server)"
for p in ssh ssh-keygen rsync parallel timeout; do
    command -v $p > /dev/null || skip "$p not found"
done
[ "$(id -u)" = 0 ] || skip "not root: sshd needs root to run a login session"

work=$(mktemp -d "${TMPDIR:-/tmp}/parallel-ssh.XXXXXX") || exit 99
pids=""
cleanup() {
    local p
    for p in $pids; do kill "$p" 2> /dev/null; done
    for p in $pids; do
        timeout 5 tail --pid="$p" -f /dev/null 2> /dev/null || kill -9 "$p" 2> /dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP
cd "$work" || exit 99
chmod 700 "$work"

# Keys: one host key for both sshd, one user key (no passphrase).
ssh-keygen -q -t ed25519 -N '' -C cxkit-test-host -f "$work/host_key" ||
    skip "ssh-keygen could not make a host key"
ssh-keygen -q -t ed25519 -N '' -C cxkit-test-user -f "$work/user_key" ||
    skip "ssh-keygen could not make a user key"
cp "$work/user_key.pub" "$work/authorized_keys"

# sshd refuses to start without its privilege separation folder, which
# Debian creates only when the service is started by systemd.
if [ ! -d /run/sshd ]; then
    mkdir -m 0755 /run/sshd 2> /dev/null ||
        skip "cannot create sshd's privilege separation folder /run/sshd"
fi

# start_sshd NAME: starts an sshd on a free port of 127.0.0.1, sets $port.
start_sshd() {
    local name=$1 pid
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        cat > "$work/sshd_$name.conf" << EOF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
PidFile $work/sshd_$name.pid
MaxStartups 100
MaxSessions 100
EOF
        $sshd -t -f "$work/sshd_$name.conf" 2> "$work/sshd_$name.log" ||
            skip "sshd rejects its configuration: $(head -1 "$work/sshd_$name.log")"
        $sshd -D -e -f "$work/sshd_$name.conf" 2> "$work/sshd_$name.log" &
        pid=$!
        pids="$pids $pid"
        for _ in $(seq 50); do # up to 5 s
            grep -q 'Server listening' "$work/sshd_$name.log" && return 0
            kill -0 $pid 2> /dev/null || break
            sleep 0.1
        done
        kill $pid 2> /dev/null
        grep -q 'Bind to port.*failed\|Address already in use' "$work/sshd_$name.log" ||
            skip "sshd did not start: $(tail -1 "$work/sshd_$name.log")"
    done
    skip "sshd found no free port"
}

# An ssh command for each host: its port, the test's key, no known_hosts.
hosts=""
for name in a b; do
    start_sshd $name
    cat > "$work/ssh-$name" << EOF
#!/bin/sh
exec ssh -p $port -i $work/user_key -o IdentitiesOnly=yes -o BatchMode=yes \\
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \\
    -o LogLevel=ERROR -o ConnectTimeout=10 "\$@"
EOF
    chmod +x "$work/ssh-$name"
    timeout 20 "$work/ssh-$name" root@127.0.0.1 true < /dev/null ||
        skip "cannot log in to sshd on 127.0.0.1:$port: $(tail -2 "$work/sshd_$name.log" | tr '\n' ' ')"
    hosts="$hosts${hosts:+,}1/$work/ssh-$name root@127.0.0.1"
done

fails=0 runs=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# check TOOL INPUT "STATE OPTIONS" "FINISH OPTIONS" PARTS...
check() {
    local tool=$1 input=$2 state=$3 finish=$4 n used
    shift 4
    # shellcheck disable=SC2086
    $tool $state $finish "$input" > single.csv 2> /dev/null ||
        { fail "single run: $tool $state $finish"; return; }
    [ "$(wc -l < single.csv)" -gt 1 ] || { fail "no output: $tool $state $finish"; return; }
    for n in "$@"; do
        rm -rf parts remote && mkdir parts remote && rm -f jobs.log
        cx-split -n "$n" --prefix parts/p "$input" || { fail "cx-split -n $n"; continue; }
        # Relative file names: each is copied to the same name under
        # --workdir on the host, and its partial copied back beside it.
        # PATH and LC_ALL go along so that the host runs this build's
        # tools under the suite's locale.
        # shellcheck disable=SC2086
        timeout 300 parallel --will-cite --halt now,fail=1 -S "$hosts" \
            --env PATH --env LC_ALL --workdir "$work/remote" \
            --transferfile {} --return {}.partial --cleanup --controlmaster --joblog jobs.log \
            $tool $state --partial {} '>' {}.partial '2>' /dev/null \
            ::: parts/p-*.csv < /dev/null ||
            { fail "parallel over ssh, $n parts: $tool $state"; continue; }
        # shellcheck disable=SC2086
        $tool $state $finish --merge parts/*.partial > merged.csv ||
            { fail "--merge, $n parts: $tool $state $finish"; continue; }
        runs=$((runs + 1))
        cmp -s merged.csv single.csv ||
            fail "$n parts over ssh differ from one run: $tool ${input##*/} $state $finish"
        # Both hosts took jobs (each has one slot, so the first two jobs
        # start on different hosts), and no copy stayed behind.
        used=$(awk -F'\t' 'NR > 1 { print $2 }' jobs.log | sort -u | wc -l)
        [ "$n" -lt 2 ] || [ "$used" = 2 ] ||
            fail "$n parts ran on $used host(s), not 2: $(cut -f2 jobs.log | sort -u | tr '\n' ' ')"
        [ ! -d remote ] || [ -z "$(find remote -type f)" ] ||
            fail "--cleanup left files on the hosts: $(find remote -type f | head -3)"
    done
}

ex=$src/examples
check cx-satisfaction "$ex/org/clients.csv" \
    "--scale 1-5 --exclude-items recommend -g unit -p quarter --alpha --straightline=3" \
    "--compare --min-n 3" 7
check cx-satisfaction "$ex/satisfaction-clients.csv" \
    "--scale 0-10 --items recommend --nps -g unit" "--conf 0.9" 2
check cx-waits "$ex/org/events.csv" \
    "--from referral --to intake -g unit -p month" "--norm 4w --target 80" 1 7
check cx-waits "$ex/org/events.csv" "--from referral --to intake -g unit" \
    "--open --norm 4w" 2

# Each host served logins (one at least per job).
for name in a b; do
    grep -q 'Accepted publickey' "$work/sshd_$name.log" ||
        fail "host $name (sshd on 127.0.0.1) accepted no login"
done

echo "parallel-ssh: $runs merges over ssh compared, $fails failed"
[ $fails = 0 ]
