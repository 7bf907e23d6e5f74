# parallel-check.sh: sourced by the *-parallel.sh tests (issue 14). Sets up
# a work folder and defines check: cx-split INPUT into each number of
# PARTS, run "$tool STATE --partial" on the parts as GNU parallel jobs,
# "$tool STATE FINISH --merge" the partials, and compare byte for byte
# (cmp) with one run "$tool STATE FINISH" over the whole file.
# Set tool (the tool to run) before sourcing.
src=${CX_SRCDIR:?run through make check}
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/$tool-parallel.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0 runs=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# check INPUT "STATE OPTIONS" "FINISH OPTIONS" PARTS...
check() {
    local input=$1 state=$2 finish=$3 n
    shift 3
    # shellcheck disable=SC2086
    $tool $state $finish "$input" > single.csv 2> /dev/null ||
        { fail "single run: $state $finish"; return; }
    [ "$(wc -l < single.csv)" -gt 1 ] || { fail "no output: $state $finish"; return; }
    for n in "$@"; do
        rm -rf parts && mkdir parts
        cx-split -n "$n" --prefix parts/p "$input" || { fail "cx-split -n $n"; continue; }
        # shellcheck disable=SC2086
        parallel --will-cite --halt now,fail=1 \
            $tool $state --partial {} '>' {}.partial '2>' /dev/null \
            ::: parts/p-*.csv || { fail "parallel --partial, $n parts: $state"; continue; }
        # shellcheck disable=SC2086
        $tool $state $finish --merge parts/*.partial > merged.csv ||
            { fail "--merge, $n parts: $state $finish"; continue; }
        runs=$((runs + 1))
        cmp -s merged.csv single.csv ||
            fail "$n parts differ from one run: ${input##*/} $state $finish"
    done
}
