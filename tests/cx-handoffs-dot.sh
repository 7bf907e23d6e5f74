#!/bin/bash
# cx-handoffs-dot.sh: the --dot output is a graph Graphviz draws. Skipped
# (exit 77) when Graphviz's dot is not installed.
set -u
command -v dot > /dev/null || { echo "dot not installed: skipped"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/handoffs-dot.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
cat > in.csv <<'CSV'
client,time,activity,unit,staff
c1,2026-01-05,visit,intake,
c1,2026-01-06,visit,ward,
c1,2026-01-07,visit,"lab, ""north""",
c1,2026-01-08,visit,ward,
c2,2026-01-05,visit,intake,
c2,2026-01-09,visit,ward,
c3,2026-01-05,visit,home,
CSV
fail=0
cx-handoffs --disclosure none --dot in.csv > flow.dot || { echo "cx-handoffs --dot failed"; exit 1; }
dot -Tsvg flow.dot > flow.svg 2> dot.err || { echo "dot failed:"; cat dot.err; exit 1; }
[ -s dot.err ] && { echo "dot warned:"; cat dot.err; fail=1; }
grep -q '<svg' flow.svg || { echo "no <svg> in the output"; fail=1; }
# Four nodes (home has no edge but is drawn) and three edges, with labels.
n=$(grep -c 'class="node"' flow.svg)
e=$(grep -c 'class="edge"' flow.svg)
[ "$n" = 4 ] || { echo "expected 4 nodes, got $n"; fail=1; }
[ "$e" = 3 ] || { echo "expected 3 edges, got $e"; fail=1; }
grep -q '>intake&#45;&gt;ward<' flow.svg || { echo "no edge intake->ward"; fail=1; }
grep -q '>2</text>' flow.svg || { echo "no label 2 on intake->ward"; fail=1; }
# Deterministic: the same input gives the same picture.
cx-handoffs --disclosure none --dot in.csv | cmp -s - flow.dot || { echo "output differs between runs"; fail=1; }
[ $fail = 0 ] && echo "cx-handoffs --dot renders with $(dot -V 2>&1)"
exit $fail
