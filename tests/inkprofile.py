"""A CMYK output profile with no ink limit, written byte by byte, for the total-ink tests.

Ghostscript's CMYK profiles (the tests' real ones) cap the ink of every colour they
convert below 300%, as many shops' profiles do; ISO Coated v2 (FOGRA39) allows 330%, and
profiles without a cap exist. This one maps lightness straight to all four inks: L* 0 is
100/100/100/100, white is no ink, so a near-black converts to nearly 400%.
"""

import struct
from pathlib import Path

GRID = 2  # points on each axis of each lookup table: the tables are linear between them
D50 = (0.9642, 1.0, 0.8249)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _lut16(inputs: int, outputs: int, clut: list[tuple[int, ...]]) -> bytes:
    """An ICC lut16Type ('mft2'): identity curves around `clut` (GRID ** inputs entries)."""
    identity = b"".join(_s15(1.0 if row == col else 0.0) for row in range(3) for col in range(3))
    curve = struct.pack(">2H", 0, 0xFFFF)
    return (
        b"mft2"
        + bytes(4)
        + struct.pack(">4B", inputs, outputs, GRID, 0)
        + identity
        + struct.pack(">2H", 2, 2)
        + curve * inputs
        + b"".join(struct.pack(f">{outputs}H", *entry) for entry in clut)
        + curve * outputs
    )


def _corners(dimensions: int):
    """Each corner of the unit cube of `dimensions`, first axis slowest, as ICC orders them."""
    return [
        tuple((index >> (dimensions - 1 - axis)) & 1 for axis in range(dimensions))
        for index in range(GRID**dimensions)
    ]


def _text_description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc"
        + bytes(4)
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + bytes(4 + 4 + 2 + 1 + 67)  # no Unicode or ScriptCode description
    )


def uncapped_cmyk_profile(path: Path) -> Path:
    """Write the profile to `path` and return it."""
    # CMYK to Lab: lightness falls with each ink; a and b stay neutral (0x8000 is 0).
    to_lab = [
        (round(0xFF00 * (1 - c) * (1 - m) * (1 - y) * (1 - k)), 0x8000, 0x8000)
        for c, m, y, k in _corners(4)
    ]
    # Lab to CMYK: all four inks full at L* 0, none at L* 100, whatever a and b are.
    to_cmyk = [(0xFFFF * (1 - lightness),) * 4 for lightness, _a, _b in _corners(3)]
    tags = [
        (b"desc", _text_description("mythprint test: CMYK with no ink limit")),
        (b"cprt", b"text" + bytes(4) + b"No copyright: made by mythprint's tests\0"),
        (b"wtpt", b"XYZ " + bytes(4) + b"".join(_s15(v) for v in D50)),
        (b"A2B0", _lut16(4, 3, to_lab)),
        (b"B2A0", _lut16(3, 4, to_cmyk)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">2I", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"prtr"
        + b"CMYK"
        + b"Lab "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + bytes(4 + 4 + 4 + 4 + 8)
        + struct.pack(">I", 1)  # relative colorimetric
        + b"".join(_s15(v) for v in D50)
        + bytes(4 + 16 + 28)
    )
    assert len(header) == 128
    path.write_bytes(header + struct.pack(">I", len(tags)) + table + body)
    return path
