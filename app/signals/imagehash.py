"""Perceptual image hashes in plain Pillow + Python: a 64-bit DCT hash (pHash) per image.

Why a DCT hash: it keeps only the lowest spatial frequencies of a 32×32 grey thumbnail, so it
survives resizing, recompression, colour tweaks and small crops, while unrelated photos differ in
about half of the bits. The DCT is separable and only the 8×8 lowest coefficients are needed, so
it costs about 10k multiply-adds per image — a few milliseconds without numpy.

JPEGs are decoded at reduced size (``Image.draft``: the decoder's own 1/2–1/8 scaling), which is
what makes hashing thousands of camera photos fast. The EXIF orientation is applied to the 32×32
thumbnail, so a photo and its rotated re-save hash alike.
"""

from __future__ import annotations

import math
import operator
import warnings
from typing import BinaryIO

from PIL import Image

SIDE = 32  # thumbnail side the DCT runs on
LOW = 8  # 8×8 lowest frequencies → 64 bits
BITS = LOW * LOW
GRID = 3  # colour cells per side
_ORIENTATION = 0x0112
_FORMATS = ["JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"]
# _COS[k][n] = cos(π(2n+1)k / 2N): the DCT-II basis, only the LOW rows the hash needs.
_COS = [[math.cos(math.pi * (2 * n + 1) * k / (2 * SIDE)) for n in range(SIDE)] for k in range(LOW)]
# Orientation tag → the transpose that makes the picture upright (what ImageOps.exif_transpose does).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def thumbnail(fp: BinaryIO, heic: bool = False) -> Image.Image:
    """The upright SIDE×SIDE RGB thumbnail of an image stream, decoded as cheaply as possible."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        if heic:
            import pillow_heif  # only needed for iPhone photos; registering is idempotent

            pillow_heif.register_heif_opener()
        with Image.open(fp, formats=None if heic else _FORMATS) as img:
            orientation = img.getexif().get(_ORIENTATION, 1)
            if img.format == "JPEG":
                img.draft("RGB", (SIDE * 2, SIDE * 2))  # decode at 1/2…1/8 scale, never below 64 px
            img.seek(0)  # first frame of a GIF/TIFF
            rgb = img.convert("RGB")
    small = rgb.resize((SIDE, SIDE), Image.Resampling.BOX)
    upright = _UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    return small.transpose(upright) if upright is not None else small


def colours(img: Image.Image) -> bytes:
    """Mean colour of each cell of a 3×3 grid (27 bytes): the check a grey-level hash cannot make.

    Two unrelated photos can share their light-and-dark layout (sky above, a dark crowd below)
    and so their DCT hash; a resized or recompressed copy also keeps its colours.
    """
    return img.resize((GRID, GRID), Image.Resampling.BOX).tobytes()


def colour_distance(a: bytes, b: bytes) -> float:
    """Mean absolute difference per channel and cell, 0…255."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def phash(img: Image.Image) -> int:
    """64-bit DCT hash of a SIDE×SIDE image's grey levels: bit set where a low frequency is above
    the median."""
    pixels = list(img.convert("L").tobytes())  # one byte per pixel
    rows = [pixels[r * SIDE : (r + 1) * SIDE] for r in range(SIDE)]
    # 1-D DCT along each row, keeping LOW coefficients: rowdct[r][k]
    rowdct = [[sum(map(operator.mul, basis, row)) for basis in _COS] for row in rows]
    # then down the columns: coef[k2][k1]
    coefs: list[float] = []
    for basis in _COS:
        for k1 in range(LOW):
            coefs.append(sum(b * rowdct[r][k1] for r, b in enumerate(basis)))
    ac = sorted(coefs[1:])  # the DC term is the mean brightness: it says nothing about content
    median = (ac[len(ac) // 2 - 1] + ac[len(ac) // 2]) / 2
    value = 0
    for c in coefs:
        value = (value << 1) | (c > median)
    return value


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def similarity(a: int, b: int) -> float:
    """1.0 for identical hashes, about 0.5 for unrelated images."""
    return 1.0 - distance(a, b) / BITS
