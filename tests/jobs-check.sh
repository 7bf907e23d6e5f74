# jobs-check.sh: sourced by the *-jobs.sh tests (issue 15). Defines
#
#   jobs_check TOOL ARGS... -- FILE...
#
# which runs "TOOL ARGS -j N FILE..." for N = 1 to 8 and compares stdout,
# stderr and the exit status of each with those of -j 1, byte for byte;
# then, when there is one FILE, once more with it read through a pipe
# (standard input, so single-threaded: its messages name '-' where -j 1
# names FILE, and the comparison allows for that alone). An argument @OUT@ stands for a fresh
# empty folder per run (for -o @OUT@/x.csv or --prefix @OUT@/part): the
# files the tool writes there are compared too. Failures are counted in
# jobs_fails and printed; jobs_runs counts the comparisons made. The test
# ends with jobs_done, which exits 1 if anything differed. Runs in a work
# folder of its own, removed on exit ($jobs_work, for the test's data).
set -u
jobs_work=$(mktemp -d "${TMPDIR:-/tmp}/jobs-check.XXXXXX") || exit 99
trap 'rm -rf "$jobs_work"' EXIT
jobs_fails=0 jobs_runs=0

# jobs_run_one DIR N TOOL ARGS...: one run into DIR (out, err, status,
# files/); N "pipe" reads the files through standard input.
jobs_run_one() {
    local dir=$1 n=$2 a
    shift 2
    local tool=$1
    shift
    local args=() files=() seen=0
    rm -rf "$dir" && mkdir -p "$dir/files"
    for a in "$@"; do
        if [ "$seen" = 1 ]; then
            files+=("$a")
        elif [ "$a" = -- ]; then
            seen=1
        else
            args+=("${a//@OUT@/$dir/files}")
        fi
    done
    if [ "$n" = pipe ]; then
        cat "${files[@]}" | "$tool" "${args[@]}" -j 4 - > "$dir/out" 2> "$dir/err"
    else
        "$tool" "${args[@]}" -j "$n" "${files[@]}" > "$dir/out" 2> "$dir/err"
    fi
    echo $? > "$dir/status"
}

# jobs_same A B WHAT: the two runs agree (outputs, status, files).
jobs_same() {
    local a=$1 b=$2 what=$3 f
    jobs_runs=$((jobs_runs + 1))
    for f in out err status; do
        if ! cmp -s "$a/$f" "$b/$f"; then
            echo "FAIL: $what: $f differs from -j 1"
            diff "$a/$f" "$b/$f" | head -5
            jobs_fails=$((jobs_fails + 1))
            return 1
        fi
    done
    if ! diff -r "$a/files" "$b/files" > /dev/null; then
        echo "FAIL: $what: the files written differ from -j 1"
        diff -r "$a/files" "$b/files" | head -5
        jobs_fails=$((jobs_fails + 1))
        return 1
    fi
    return 0
}

jobs_check() {
    local n one=$jobs_work/j1 run=$jobs_work/jn what="$*" f
    jobs_run_one "$one" 1 "$@"
    for n in 2 3 4 5 6 7 8; do
        jobs_run_one "$run" "$n" "$@"
        jobs_same "$one" "$run" "-j $n: $what" || return 1
    done
    # Through a pipe (one FILE): what -j 1 says of FILE, it says of '-'.
    local file=${*: -1}
    [ "${*: -2:1}" = -- ] || return 0
    jobs_run_one "$run" pipe "$@"
    rm -rf "$jobs_work/j1p" && cp -r "$one" "$jobs_work/j1p"
    f=$(cat "$one/err"; echo x)
    f=${f%x}
    printf '%s' "${f//"$file:"/-:}" > "$jobs_work/j1p/err"
    jobs_same "$jobs_work/j1p" "$run" "pipe: $what"
}

jobs_done() {
    echo "$jobs_runs comparisons, $jobs_fails failed"
    [ "$jobs_fails" -eq 0 ] || exit 1
    exit 0
}
