#!/bin/bash
# browser-shot.sh: opens a page (report.html, or an SVG chart) in Debian's
# headless chromium and takes a screenshot, for tests that must see what a
# reader sees.
#
#   tests/browser-shot.sh [-s WIDTHxHEIGHT] PAGE PNG
#
# PAGE is an .html or .svg file; PNG is written (default size 1000x1400).
# Exit status: 0 the picture was taken and shows something; 1 chromium
# failed or reported a load error, or the PNG is missing, empty, not a PNG
# or a single colour (a blank page); 2 bad arguments; 77 (automake's
# "skipped") when no chromium is installed. Messages start with
# "browser-shot:". chromium runs with a fresh profile in a temporary
# folder, without network services, sync or updates, so a run depends on
# nothing but the page.
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
# A page that loads nothing from the network; chromium's own chatter
# (dbus, GPU, fonts) goes to the log, which is shown only on failure.
timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync \
    --user-data-dir="$profile/profile" --hide-scrollbars \
    --window-size="${size/x/,}" --screenshot="$png" \
    "file://$page" > "$profile/log" 2>&1
st=$?
if [ $st != 0 ]; then
    echo "browser-shot: chromium failed with status $st:" >&2
    tail -5 "$profile/log" >&2
    exit 1
fi
# chromium reports pages it cannot load on its log, still writing a
# screenshot of its error page.
if grep -E -q 'ERR_FILE_NOT_FOUND|ERR_ACCESS_DENIED|ERR_INVALID_URL|ERR_NAME_NOT_RESOLVED|net::ERR_' "$profile/log"; then
    echo "browser-shot: load error:" >&2
    grep -E 'net::ERR_|ERR_' "$profile/log" | head -3 >&2
    exit 1
fi
python3 "$(dirname "$0")/png-check.py" "$png" "$size" || exit 1
exit 0
