#!/bin/bash
# browser-shot.sh: opens a page (report.html, or an SVG chart) in Debian's
# headless chromium and takes a screenshot, for tests that must see what a
# reader sees.
#
#   tests/browser-shot.sh [-s WIDTHxHEIGHT] PAGE PNG
#
# PAGE is an .html or .svg file; PNG is written, WIDTHxHEIGHT pixels
# (default 1000x1400: the top of an A4-like page). The page gets no
# network (every host name fails to resolve), so a page that needs one
# shows it. Exit status:
#   0  the picture was taken and shows something (one line on stdout:
#      size and number of colours)
#   1  chromium failed or timed out; the page did not load; the page
#      loaded a local file that is not there (an image, a stylesheet); a
#      script on the page failed (an uncaught error on the console); or
#      the PNG is missing, empty, not a PNG, not the size asked for, or a
#      single colour (a blank page)
#   2  bad arguments
#   77 (automake's "skipped") no chromium or python3 installed
# Messages start with "browser-shot:". chromium runs with a fresh profile
# in a temporary folder, without network services, sync or updates, so a
# run depends on nothing but the page and its files.
set -u
size=1000x1400
if [ "${1-}" = -s ]; then
    size=${2-}
    shift 2 || { echo "browser-shot: -s needs WIDTHxHEIGHT" >&2; exit 2; }
fi
case $size in
[1-9]*x[1-9]*) ;;
*) echo "browser-shot: bad size '$size': WIDTHxHEIGHT" >&2; exit 2 ;;
esac
[ $# = 2 ] || { echo "usage: browser-shot.sh [-s WxH] PAGE PNG" >&2; exit 2; }
page=$1 png=$2
[ -f "$page" ] || { echo "browser-shot: $page: no such file" >&2; exit 1; }
case $page in /*) ;; *) page=$PWD/$page ;; esac
case $png in /*) ;; *) png=$PWD/$png ;; esac

chrome=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" > /dev/null 2>&1; then chrome=$c; break; fi
done
[ -n "$chrome" ] || { echo "browser-shot: no chromium on PATH" >&2; exit 77; }
command -v python3 > /dev/null 2>&1 ||
    { echo "browser-shot: python3 is needed to check the picture" >&2; exit 77; }

profile=$(mktemp -d "${TMPDIR:-/tmp}/browser-shot.XXXXXX") || exit 1
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
# chromium's own chatter (dbus, GPU, fonts) goes to the log, which is
# shown only on failure; the file loader logs every file:// URL it opens.
timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync \
    --user-data-dir="$profile/profile" --hide-scrollbars \
    --host-resolver-rules='MAP * ~NOTFOUND' \
    --enable-logging=stderr --v=0 --vmodule=file_url_loader_factory=1 \
    --window-size="${size/x/,}" --screenshot="$png" \
    "file://$page" > "$profile/log" 2>&1
st=$?
if [ $st != 0 ]; then
    echo "browser-shot: chromium failed with status $st:" >&2
    tail -5 "$profile/log" >&2
    exit 1
fi
# chromium reports a page it cannot load on its log.
if grep -q 'Page load failed' "$profile/log"; then
    echo "browser-shot: load error: $(grep -o 'Page load failed.*' "$profile/log" | head -1)" >&2
    exit 1
fi
# Every local file the page asked for must exist.
missing=$(sed -n 's/.*FileURLLoader::Start: file:\/\///p' "$profile/log" |
    python3 -c 'import os, sys, urllib.parse
for line in sys.stdin:
    path = urllib.parse.unquote(line.rstrip("\n").split("#")[0].split("?")[0])
    if not os.path.exists(path):
        print(path)')
if [ -n "$missing" ]; then
    echo "browser-shot: the page loads files that are not there:" >&2
    printf '%s\n' "$missing" | sed 's/^/  /' >&2
    exit 1
fi
if grep -q 'CONSOLE.*Uncaught' "$profile/log"; then
    echo "browser-shot: a script failed: $(grep -o 'CONSOLE.*Uncaught.*' "$profile/log" | head -1)" >&2
    exit 1
fi
python3 "$(dirname "$0")/png-check.py" "$png" "$size" || exit 1
exit 0
