#!/bin/bash
# bench/cx-weekly.sh: the weekly job on a cx-synth organisation (about 10
# million events by default) against the sum of its tools' own run times
# (issue 10: within 3 times that sum). cx-weekly runs the tools found
# beside its own executable, so it is copied into a folder where each
# cx-* tool is a small wrapper that times the real tool (wall seconds,
# from date +%s.%N) and appends the figure to a log; the job's own wall
# time is taken with /usr/bin/time. What the job does itself (finding the
# week, leaving out events after it, the per-week journeys of the
# handoffs, the pages) is the difference.
# Usage: bench/cx-weekly.sh [BIN_DIR]; CLIENTS (default 1155000, about
# 10 million events with --units 40 --weeks 52) and TMPDIR (the data,
# about 600 MB at the default, removed at exit) from the environment.
set -eu
bin=$(cd "${1:-$(dirname "$0")/../bin}" && pwd)
clients=${CLIENTS:-1155000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/cx-weekly-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

"$bin/cx-synth" --seed 7 --clients "$clients" --units 40 --weeks 52 -o "$dir/org" > /dev/null
events=$(($(wc -l < "$dir/org/events.csv") - 1))

mkdir "$dir/bin"
cp "$bin/cx-weekly" "$dir/bin/"
for t in "$bin"/cx-*; do
    name=${t##*/}
    [ "$name" = cx-weekly ] && continue
    cat > "$dir/bin/$name" <<WRAP
#!/bin/sh
s=\$(date +%s.%N)
"$t" "\$@"
st=\$?
e=\$(date +%s.%N)
echo "$name \$s \$e" >> "$dir/times"
exit \$st
WRAP
    chmod +x "$dir/bin/$name"
done

/usr/bin/time -f '%e %U %S %M' -o "$dir/job" "$dir/bin/cx-weekly" "$dir/org" "$dir/out" 2> "$dir/err" ||
    { cat "$dir/err"; exit 1; }
read -r wall user sys peak < "$dir/job"
awk -v wall="$wall" -v user="$user" -v sys="$sys" -v peak="$peak" -v ev="$events" '
    { t = $3 - $2; n[$1]++; s[$1] += t; total += t; runs++ }
    END {
        printf "events %d, cx-weekly: %.2f s wall (%.2f s CPU, %d MB peak)\n", ev, wall, user + sys, peak / 1024
        printf "%-18s %5s %10s\n", "tool", "runs", "wall s"
        for (k in n) printf "%-18s %5d %10.2f\n", k, n[k], s[k]
        printf "%-18s %5d %10.2f\n", "all tools", runs, total
        printf "job / tools: %.2f (the issue asks at most 3)\n", wall / total
    }' "$dir/times"
