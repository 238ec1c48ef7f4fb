"""Samples for the signal tests and bench: synthetic "photographs" and Chinese text PDFs.

A photograph here is a smooth two-colour gradient with a few blurred shapes and sensor-like noise,
different for every seed — closer to a camera picture than flat shapes (what matters for a
perceptual hash is the low-frequency layout). Text PDFs are drawn by Qt (QTextDocument →
QPdfWriter with the WenQuanYi font), so pypdf extracts real Chinese text from them.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter


def photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    c0 = [rng.randrange(0, 256) for _ in range(3)]
    c1 = [rng.randrange(0, 256) for _ in range(3)]
    horizontal = rng.random() < 0.5
    steps = w if horizontal else h
    ramp = Image.new("RGB", (steps, 1))
    ramp.putdata(
        [tuple(c0[i] + (c1[i] - c0[i]) * x // max(1, steps - 1) for i in range(3)) for x in range(steps)]
    )
    im = ramp.resize((w, h)) if horizontal else ramp.rotate(90, expand=True).resize((w, h))
    draw = ImageDraw.Draw(im)
    for _ in range(rng.randrange(5, 10)):
        x0, y0 = rng.randrange(-w // 4, w), rng.randrange(-h // 4, h)
        x1, y1 = x0 + rng.randrange(w // 10, w // 2), y0 + rng.randrange(h // 10, h // 2)
        colour = tuple(rng.randrange(0, 256) for _ in range(3))
        shape = rng.random()
        if shape < 0.4:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape < 0.8:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(radius=max(1, w // 200)))
    noise = Image.effect_noise((w, h), 18).convert("RGB")
    return Image.blend(im, noise, 0.08)


def jpeg_bytes(
    im: Image.Image, quality: int = 85, taken: str | None = None, orientation: int | None = None
) -> bytes:
    exif = Image.Exif()
    if taken:
        exif[ExifTags.Base.DateTime] = taken
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def crop(im: Image.Image, fraction: float) -> Image.Image:
    """Trim ``fraction`` of the width and height, unevenly (more from the left and top)."""
    w, h = im.size
    dx, dy = int(w * fraction), int(h * fraction)
    return im.crop((dx * 2 // 3, dy * 2 // 3, w - dx // 3, h - dy // 3))


def text_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A real text PDF with Chinese text (needs a QGuiApplication; tests use qapp)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)
        )
    )
    writer.setResolution(96)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("WenQuanYi Micro Hei", 11))
    doc.setPlainText("\n\n".join(paragraphs))
    doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    doc.print_(writer)
    return path


def with_radicals(path: Path, swaps: dict[str, str]) -> Path:
    """Rewrite the PDF's ToUnicode maps so that ``swaps`` keys extract as their radical forms.

    That is how such PDFs arise: the glyph is the ordinary character's, but the font's Unicode
    map says "Kangxi radical" — the page looks right and its extracted text does not.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(path))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if NameObject("/ToUnicode") not in font:
                continue
            cmap = font["/ToUnicode"].get_object()
            data = cmap.get_data().decode("latin-1")
            for plain, radical in swaps.items():
                data = data.replace(f"<{ord(plain):04X}>", f"<{ord(radical):04X}>")
            cmap.set_data(data.encode("latin-1"))
    with open(path, "wb") as out:
        writer.write(out)
    return path
