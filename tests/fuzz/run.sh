#!/bin/bash
# run.sh: builds the libFuzzer harnesses of tests/fuzz/ with clang from the
# library's sources (not the gcc-built libcx.a), with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for FUZZ_TIME seconds on its
# seed corpus. Called by `make fuzz`:
#   run.sh SRCDIR BUILDDIR "LIB_SOURCES" "CFLAGS" "LIBS" [HARNESS...]
# (CFLAGS: the project's, for the include paths of its libraries, whose
# warning flags clang ignores as it likes; LIBS: the libraries the tools
# link with, other than libcx.a).
# Exit status 1 when any harness finds a crash, a sanitizer report, a
# broken invariant or a hang (-timeout), or when a harness cannot be built.
# Each harness prints one line: runs, libFuzzer's coverage figures (cov:
# edges, ft: features), corpus size. Findings stay in
# BUILDDIR/tests/fuzz/build/ as <harness>-crash-* files; reproduce one with
# BUILDDIR/tests/fuzz/build/fuzz-<harness> FILE.
set -u
srcdir=$1 builddir=$2 libsrcs=$3 proj_cflags=$4 libs=$5
shift 5
harnesses=${*:-csvio time num dialect ingest}
export UBSAN_OPTIONS=print_stacktrace=1
secs=${FUZZ_TIME:-30}
cc=${FUZZ_CC:-clang}
out=$builddir/tests/fuzz/build
mkdir -p "$out/obj" || exit 1

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
 -fno-sanitize-recover=all"
# Only the -I and -D flags of the project's CFLAGS (its warnings are gcc's).
incs="-I$builddir -I$srcdir/src/lib -I$srcdir/tests/fuzz"
for f in $proj_cflags; do
    case $f in -I* | -D*) incs="$incs $f" ;; esac
done

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "fuzz: $cc not found; install clang and libclang-rt-14-dev" >&2
    exit 1
fi
probe=$out/probe.c
printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n){(void)d;(void)n;return 0;}' \
    > "$probe"
if ! $cc $flags -fsanitize=fuzzer "$probe" -o "$out/probe" 2>"$out/probe.log"; then
    cat "$out/probe.log" >&2
    echo "fuzz: $cc cannot build libFuzzer targets; install libclang-rt-14-dev" >&2
    exit 1
fi

# The library, compiled for fuzzing; only what changed is compiled again.
objs=()
for s in $libsrcs; do
    o=$out/obj/$(basename "$s" .c).o
    objs+=("$o")
    if [ ! -f "$o" ] || [ "$srcdir/$s" -nt "$o" ] ||
        [ -n "$(find "$srcdir/src/lib" -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
        echo "  CC (fuzz) $s"
        $cc $flags -fsanitize=fuzzer-no-link $incs -c "$srcdir/$s" -o "$o" || exit 1
    fi
done
rm -f "$out/libcxfuzz.a"
ar rcs "$out/libcxfuzz.a" "${objs[@]}" || exit 1

wrap="-Wl,--wrap=exit,--wrap=fopen,--wrap=fdopen,--wrap=fmemopen"
wrap="$wrap,--wrap=fopencookie,--wrap=fclose"
# The ingest and dialect harnesses write a file per input: on a tmpfs when
# there is one (a disk file system can be 20 times slower).
tmp=$out
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    tmp=/dev/shm
fi

# Known, filed defects: their invariants are skipped (see the file).
known=$(sed -e 's/#.*//' -e 's/[[:space:]].*//' "$srcdir/tests/fuzz/known-defects" | tr '\n' ' ')
export CXFUZZ_KNOWN=$known

status=0
for h in $harnesses; do
    bin=$out/fuzz-$h
    echo "  CCLD (fuzz) $bin"
    $cc $flags -fsanitize=fuzzer $incs "$srcdir/tests/fuzz/fuzz-$h.c" \
        "$out/libcxfuzz.a" $wrap $libs -o "$bin" || exit 1
done

for h in $harnesses; do
    bin=$out/fuzz-$h
    work=$out/corpus-$h
    mkdir -p "$work"
    opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix="$out/$h-")
    case $h in
    # These call into code that dies on bad input (caught, see fuzz.h); the
    # memory a die() leaves behind is not a leak of a normal run.
    dialect | ingest)
        opts+=(-detect_leaks=0 -close_fd_mask=2)
        export ASAN_OPTIONS=detect_leaks=0 ;;
    *) unset ASAN_OPTIONS ;;
    esac
    log=$out/$h.log
    TMPDIR=$tmp "$bin" "${opts[@]}" "$work" "$srcdir/tests/fuzz/corpus/$h" \
        >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    if [ $rc -eq 0 ]; then
        echo "fuzz-$h: ok, ${runs:-?} runs in ${secs}s, cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}"
    else
        status=1
        echo "fuzz-$h: FAILED (status $rc) after ${runs:-?} runs; log $log"
        grep -E 'FUZZ INVARIANT BROKEN|ERROR: |runtime error|SUMMARY|Test unit written' "$log" | head -8
    fi
done
exit $status
