#!/usr/bin/env python3
"""Draws the Teams app icons with the standard library only (zlib + struct write the PNGs).

    python3 deploy/teams/make-icons.py

color.png   192x192, full colour: a white speech bubble holding three cited lines on the accent red.
outline.png  32x32, white on transparent: the same bubble as an outline, as Teams asks.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ACCENT = (0xB3, 0x26, 0x2D)  # the manifest's accentColor
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # 4x4 supersampling per pixel for smooth edges


def rounded_rect(x, y, left, top, right, bottom, radius):
    """True when (x, y) lies in the rectangle with rounded corners."""
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def triangle(x, y, a, b, c):
    """True when (x, y) lies in the triangle abc."""
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def bubble(x, y, inset=0.0):
    """The speech bubble in unit coordinates (0..1), shrunk by `inset` for an outline's inner edge."""
    body = rounded_rect(x, y, 0.16 + inset, 0.20 + inset, 0.84 - inset, 0.68 - inset, 0.10)
    tail = triangle(x, y, (0.30 + inset, 0.60), (0.30 + inset, 0.84 - 1.6 * inset), (0.48 - inset, 0.60))
    return body or tail


def text_lines(x, y):
    """Three lines of 'text' inside the bubble; the last one is short, like a citation."""
    lines = ((0.27, 0.73, 0.31), (0.27, 0.73, 0.42), (0.27, 0.55, 0.53))
    return any(rounded_rect(x, y, left, top - 0.035, right, top + 0.035, 0.035) for left, right, top in lines)


def render(size, shade):
    """Rows of RGBA pixels; `shade(x, y)` gives the (r, g, b, a) of a point in unit coordinates."""
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0.0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) / size
                    y = (py + (sy + 0.5) / SAMPLES) / size
                    cr, cg, cb, ca = shade(x, y)
                    r, g, b, a = r + cr * ca, g + cg * ca, b + cb * ca, a + ca
            n = SAMPLES * SAMPLES
            alpha = a / n
            if alpha > 0:
                row += bytes((round(r / a), round(g / a), round(b / a), round(alpha * 255)))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    return rows


def write_png(path, size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every scanline
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))  # 8-bit RGBA
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def color(x, y):
    if bubble(x, y):
        return (*ACCENT, 1.0) if text_lines(x, y) else (*WHITE, 1.0)
    return (*ACCENT, 1.0)


def outline(x, y):
    # A two-pixel white stroke around the bubble, and two lines inside it; everything else transparent.
    stroke = 2.0 / 32
    if bubble(x, y) and not bubble(x, y, inset=stroke):
        return (*WHITE, 1.0)
    if outline_lines(x, y):
        return (*WHITE, 1.0)
    return (*WHITE, 0.0)


def outline_lines(x, y):
    """Two lines, two pixels thick and on whole pixels, so they stay crisp at 32x32."""
    lines = ((10, 22, 11), (10, 18, 15))  # left, right, top, in pixels
    return any(left / 32 <= x <= right / 32 and top / 32 <= y <= (top + 2) / 32 for left, right, top in lines)


if __name__ == "__main__":
    write_png(os.path.join(HERE, "color.png"), 192, render(192, color))
    write_png(os.path.join(HERE, "outline.png"), 32, render(32, outline))
    print("wrote color.png (192x192) and outline.png (32x32) in", HERE)
