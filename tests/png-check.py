#!/usr/bin/env python3
"""png-check.py: is this PNG a real picture? Decodes the PNG with the
standard library only (zlib, the five row filters) and fails when it is
missing, truncated, not the expected size, or a single colour.

    png-check.py FILE [WIDTHxHEIGHT]

Prints "FILE: WxH, N colours (sampled)" and exits 0, or prints the reason
on stderr and exits 1."""
import struct
import sys
import zlib


def fail(msg):
    print("png-check: " + msg, file=sys.stderr)
    sys.exit(1)


def read_png(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    if len(data) == 0:
        fail("%s: empty file" % path)
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s: not a PNG file" % path)
    pos, idat, hdr = 8, [], None
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            fail("%s: truncated %s chunk" % (path, kind.decode("ascii", "replace")))
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if hdr is None or not idat:
        fail("%s: no image header or data" % path)
    width, height, depth, ctype, _, _, interlace = hdr
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace != 0:
        fail("%s: unsupported PNG (depth %d, colour type %d, interlace %d)"
             % (path, depth, ctype, interlace))
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        fail("%s: bad image data: %s" % (path, e))
    stride = width * channels
    if len(raw) != height * (stride + 1):
        fail("%s: image data of %d bytes, expected %d"
             % (path, len(raw), height * (stride + 1)))
    return width, height, channels, unfilter(raw, width, height, channels)


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        elif ftype != 0:
            fail("bad row filter %d" % ftype)
        rows.append(bytes(line))
        prev = line
    return rows


def main():
    if len(sys.argv) not in (2, 3):
        fail("usage: png-check.py FILE [WIDTHxHEIGHT]")
    path = sys.argv[1]
    width, height, bpp, rows = read_png(path)
    if len(sys.argv) == 3:
        want = sys.argv[2]
        if "%dx%d" % (width, height) != want:
            fail("%s: %dx%d pixels, expected %s" % (path, width, height, want))
    # Every row against the first pixel (fast, so no thin line of text is
    # missed); the colours are counted on about 200 rows for the message.
    plain = rows[0][:bpp] * width
    if all(row == plain for row in rows):
        fail("%s: a single colour: an empty picture" % path)
    colours = set()
    for y in range(0, height, max(1, height // 200)):
        row = rows[y]
        for x in range(0, width * bpp, bpp):
            colours.add(row[x:x + bpp])
    print("%s: %dx%d, %d colours (sampled)" % (path, width, height, max(2, len(colours))))


main()
