"""Red official seals (公章) on a page image, by colour and shape, in plain Pillow.

Why colour + shape and no model: a 公章 is a red ring about 4 cm across (a fifth of an A4
page's width) with a star and arc text inside. Red that is *not* a seal is the letterhead of a
红头文件 (a wide line of large red characters and a red rule), red banners on wall posters (wide,
solid), and red words in running text (small). So: mark strongly red pixels on a ~300 px copy of
the page, join nearby marks into blobs (a dilation), and keep a blob only when it is roughly
round, of seal size, hollow enough (not a solid disc or banner) and has red all along a ring.

Works without numpy and the OCR extra; a page costs a few tens of milliseconds.
Grey-scale scans lose the red, so their seals are not found (documented in docs/content.md).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from math import cos, pi, sin

from PIL import Image, ImageChops, ImageFilter

SIDE = 320  # the page is examined at this longer side
RED_MARGIN = 60  # red must exceed both green and blue by this much (0–255)
MIN_RED = 110  # …and be at least this bright in the red channel
MIN_DIAMETER = 0.07  # of the page's shorter side: smaller red marks are words
MAX_DIAMETER = 0.45
MAX_ASPECT = 1.45  # width/height of a seal blob (ellipses and slight perspective allowed)
FILL_RANGE = (0.08, 0.70)  # red share of the blob's box: a ring with text, not a solid disc
RING_HITS = 0.55  # share of points on the ring that are red
RING_POINTS = 48
MAX_CORE = 0.55  # red share of the blob's central square: a seal's star leaves most of it blank


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]  # in the examined copy's pixels
    diameter: float  # of the page's shorter side


def red_mask(image: Image.Image, side: int = SIDE) -> Image.Image:
    """A 1-bit-like "L" mask (255 = strongly red) of ``image`` scaled to ``side``."""
    small = image.convert("RGB")
    small.thumbnail((side, side), Image.Resampling.BILINEAR)
    r, g, b = small.split()
    # min(r - g, r - b) without numpy: ImageChops.subtract clips at 0.
    redness = ImageChops.darker(ImageChops.subtract(r, g), ImageChops.subtract(r, b))
    bright = r.point(lambda v: 255 if v >= MIN_RED else 0)
    return ImageChops.darker(redness.point(lambda v: 255 if v >= RED_MARGIN else 0), bright)


def _blobs(mask: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the 8-connected components of ``mask`` (breadth-first, on bytes)."""
    w, h = mask.size
    data = bytearray(mask.tobytes())
    boxes = []
    for start in range(w * h):
        if not data[start]:
            continue
        data[start] = 0
        queue = deque([start])
        x0, y0, x1, y1 = w, h, 0, 0
        while queue:
            p = queue.popleft()
            y, x = divmod(p, w)
            x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
            for dy in (-1, 0, 1):
                ny = y + dy
                if not 0 <= ny < h:
                    continue
                for dx in (-1, 0, 1):
                    nx = x + dx
                    if 0 <= nx < w:
                        q = ny * w + nx
                        if data[q]:
                            data[q] = 0
                            queue.append(q)
        boxes.append((x0, y0, x1 + 1, y1 + 1))
    return boxes


def find_seals(image: Image.Image) -> list[Seal]:
    """The red seals on a page image (any size, any mode)."""
    mask = red_mask(image)
    w, h = mask.size
    short = min(w, h)
    if short < 20:
        return []
    # Join a seal's ring, star and characters into one blob; a gap of 2 px at this scale is ~1 mm.
    joined = mask.filter(ImageFilter.MaxFilter(5))
    found = []
    for box in _blobs(joined):
        bw, bh = box[2] - box[0], box[3] - box[1]
        size = max(bw, bh) / short
        if not (MIN_DIAMETER <= size <= MAX_DIAMETER):
            continue
        if max(bw, bh) / max(1, min(bw, bh)) > MAX_ASPECT:
            continue
        crop = mask.crop(box)
        fill = sum(1 for v in crop.tobytes() if v) / (bw * bh)
        if not (FILL_RANGE[0] <= fill <= FILL_RANGE[1]):
            continue
        cw, ch = int(bw * 0.3), int(bh * 0.3)
        core = crop.crop((bw // 2 - cw, bh // 2 - ch, bw // 2 + cw, bh // 2 + ch)).tobytes()
        if core and sum(1 for v in core if v) / len(core) > MAX_CORE:  # a solid disc, a lantern
            continue
        if _ring_share(joined, box) < RING_HITS:
            continue
        found.append(Seal(box, round(size, 3)))
    return found


def _ring_share(mask: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of directions from the blob's centre in which red lies near its rim (a seal's ring)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    w, h = mask.size
    hits = 0
    for k in range(RING_POINTS):
        a = 2 * pi * k / RING_POINTS
        for f in (0.80, 0.85, 0.90, 0.95):  # the ring may be thin, slightly off, or blurred
            x, y = int(cx + f * rx * cos(a)), int(cy + f * ry * sin(a))
            if 0 <= x < w and 0 <= y < h and mask.getpixel((x, y)):
                hits += 1
                break
    return hits / RING_POINTS


def has_seal(image: Image.Image) -> bool:
    return bool(find_seals(image))
