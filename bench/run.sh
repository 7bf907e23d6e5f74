#!/bin/sh
# run.sh: runs every benchmark bench/cx-*.sh with the built tools first on
# PATH. Each prints its own table; results are recorded in bench/cx-*.md.
# Usage: bench/run.sh BIN_DIR   (make bench does this)
set -e
bin=${1:?usage: bench/run.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
PATH=$bin:$PATH
export PATH
for b in "$here"/cx-*.sh; do
    [ -f "$b" ] || continue
    echo "== $(basename "$b")"
    sh "$b"
done
