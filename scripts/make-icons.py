#!/usr/bin/env python3
"""Draws Écoute's toolbar icons (extension/icons/icon-N.png): a speech bubble with sound waves.
Stdlib only; run it again after changing the drawing. The PNGs are committed (they are source art)."""
import math, struct, zlib
from pathlib import Path

def png(size: int) -> bytes:
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            # Work in a 0..1 square, sampled 4x4 per pixel for smooth edges.
            cover, white = 0, 0
            for sy in range(4):
                for sx in range(4):
                    u, v = (x + (sx + .5) / 4) / size, (y + (sy + .5) / 4) / size
                    inside = (u - .5) ** 2 + (v - .5) ** 2 <= .48 ** 2
                    cover += inside
                    if inside:
                        # Sound waves: three arcs opening to the right from a point on the left.
                        d = math.hypot(u - .28, v - .5)
                        ang = abs(math.atan2(v - .5, u - .28))
                        white += (d < .07) or (ang < .8 and any(abs(d - r) < .035 for r in (.17, .28, .39)))
            a = cover * 255 // 16
            w = white / 16
            r, g, b = (int(40 + 215 * w), int(76 + 179 * w), int(202 + 53 * w))
            row += bytes([r, g, b, a])
        rows.append(bytes(row))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b''))

out = Path(__file__).resolve().parent.parent / 'extension' / 'icons'
out.mkdir(parents=True, exist_ok=True)
for n in (16, 32, 48, 128):
    (out / f'icon-{n}.png').write_bytes(png(n))
