#!/bin/bash
# browser-shot-cases.sh: tests tests/browser-shot.sh and tests/png-check.py.
# png-check decodes PNGs written here with each of the five row filters
# (the filters applied by this test, as the PNG specification defines
# them), and must tell a picture from a single colour; browser-shot must
# pass a page with text and an inline chart, and fail a blank page, a page
# whose image file is missing, a page whose script fails, and a missing
# page, each with its message.
set -u
src=${CX_SRCDIR:?CX_SRCDIR unset: run through make check}
work=$(mktemp -d "${TMPDIR:-/tmp}/browser-shot-cases.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

python3 - <<'PY' || exit 99
import struct, zlib

def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def png(name, w, h, pixel, ftype):
    """RGB image; every row filtered with ftype (PNG spec, section 9)."""
    raw, prev = b"", bytes(3 * w)
    for y in range(h):
        row = bytes(c for x in range(w) for c in pixel(x, y))
        out = bytearray()
        for i, v in enumerate(row):
            a = row[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
            out.append((v - pred) & 255)
        raw += bytes([ftype]) + bytes(out)
        prev = row
    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    open(name, "wb").write(data)

for f in range(5):
    # Two colours: a dark square on white.
    png("two%d.png" % f, 40, 30,
        lambda x, y: (20, 40, 60) if 10 <= x < 20 and 5 <= y < 15 else (255, 255, 255), f)
    png("flat%d.png" % f, 40, 30, lambda x, y: (200, 200, 200), f)
open("empty.png", "wb").close()
open("notpng.png", "w").write("<svg/>\n")
data = open("two4.png", "rb").read()
open("cut.png", "wb").write(data[:60])
PY

check_png() { # file expected-status expected-text
    python3 "$src/tests/png-check.py" "$1" 40x30 > out 2>&1
    st=$?
    [ $st = "$2" ] && grep -q -- "$3" out ||
        fail "png-check $1: status $st, '$(cat out)', expected $2 and '$3'"
}
for f in 0 1 2 3 4; do
    check_png two$f.png 0 "two$f.png: 40x30, 2 colours"
    check_png flat$f.png 1 "a single colour"
done
check_png empty.png 1 "empty file"
check_png notpng.png 1 "not a PNG file"
check_png cut.png 1 "truncated"
python3 "$src/tests/png-check.py" two0.png 800x400 > out 2>&1 &&
    fail "png-check: wrong size accepted"
grep -q "40x30 pixels, expected 800x400" out || fail "png-check size: $(cat out)"

shot() { # expected-status expected-text page
    bash "$src/tests/browser-shot.sh" -s 640x360 "$3" shot.png > out 2>&1
    st=$?
    [ $st = "$1" ] && grep -q -- "$2" out ||
        fail "browser-shot $3: status $st, '$(cat out)', expected $1 and '$2'"
}
cat > good.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>
<body><h1>Week 2026-W05</h1>
<svg width="300" height="100"><rect x="10" y="10" width="120" height="60" fill="#1f77b4"/></svg>
</body></html>
HTML
printf '<!doctype html><html><body style="background:#fff"></body></html>\n' > blank.html
printf '<!doctype html><html><body><h1>x</h1><img src="chart%%201.svg"></body></html>\n' > noimage.html
printf '<!doctype html><html><body><h1>x</h1><script>drawChart()</script></body></html>\n' > script.html
shot 0 "640x360" good.html
shot 1 "a single colour" blank.html
shot 1 "loads files that are not there" noimage.html
grep -q "chart 1.svg" out || fail "browser-shot: the missing file is not named: $(cat out)"
shot 1 "a script failed" script.html
shot 1 "no such file" nosuch.html
bash "$src/tests/browser-shot.sh" -s 640 good.html x.png > out 2>&1
[ $? = 2 ] || fail "browser-shot -s 640: not a usage error"

[ $fails = 0 ] && echo "browser-shot-cases: ok"
[ $fails = 0 ]
