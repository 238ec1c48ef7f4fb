"""Render the app icon resources/icons/evcheck.svg into evcheck.png (256 px) and the Windows evcheck.ico.

The SVG is the one source of the design; run ``python3 scripts/make_icon.py`` after changing it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> None:
    _app = QGuiApplication([])
    svg = ICONS / "evcheck.svg"
    render(svg, 256).save(ICONS / "evcheck.png", optimize=True)
    # Each .ico size rendered from the vector, not scaled down from one bitmap, so 16 px stays crisp.
    frames = [render(svg, n) for n in ICO_SIZES]
    frames[-1].save(ICONS / "evcheck.ico", sizes=[(n, n) for n in ICO_SIZES], append_images=frames[:-1])
    print(f"wrote {ICONS / 'evcheck.png'} and {ICONS / 'evcheck.ico'}")


if __name__ == "__main__":
    main()
