"""A review's score sheets as an A4 PDF: measured with the machine's CJK font, drawn with QPainter.

Lives in ui/ because it needs QtGui; every word comes from app/export/sheet.py and every position
from app/export/pdf_layout.py — this module only answers "how does this text wrap at this width"
(QTextLayout, the same line breaker Qt draws with) and paints the result.  Works headless
(QT_QPA_PLATFORM=offscreen) with a QGuiApplication.  Qt embeds the subset of the font it draws
with, so the PDF shows the Chinese text on any machine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from app.export.files import ensure_writable
from app.export.pdf_layout import STYLES, Box, Line, Page, PageBox, layout
from app.export.sheet import unit_sheets
from app.model import Gap
from app.review.model import ReviewDoc, ReviewError
from app.rubric import Rubric

# Tried in order (Windows, macOS, Linux); then any family Qt says can write Simplified Chinese.
PREFERRED_CJK = (
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
    "宋体",
    "Noto Serif CJK SC",
)
RESOLUTION = 600  # dots per inch of the PDF's coordinate space
BASELINE = 0.38  # a CJK glyph's ink is centred about 0.38 em above its baseline, in every such font


def ensure_gui_app() -> QCoreApplication:
    """The running Qt application, or a new headless QGuiApplication (command line use)."""
    app = QCoreApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["evcheck"])


def cjk_families() -> list[str]:
    """Families with Chinese glyphs, preferred first; [] when the system has none."""
    families = set(QFontDatabase.families())
    found = [name for name in PREFERRED_CJK if name in families]
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return found + [f for f in chinese if f not in found][:3]


def cjk_family() -> str:
    """The font family the sheet is drawn in; "" when the system has none (the text may show boxes)."""
    found = cjk_families()
    return found[0] if found else ""


class QtMeasure:
    """Line breaks and fonts for the layout, in points, on the PDF's own paint device."""

    def __init__(self, device: QPaintDevice, families: list[str]) -> None:
        self.device, self.families = device, families
        self.scale = device.logicalDpiY() / 72  # device units per point
        self._fonts: dict[str, QFont] = {}

    def font(self, style: str) -> QFont:
        if style not in self._fonts:
            font = QFont()
            if self.families:
                font.setFamilies(self.families)  # the first, then fallbacks for any missing glyph
            s = STYLES[style]
            font.setPointSizeF(s.size)
            font.setBold(s.bold)
            self._fonts[style] = font
        return self._fonts[style]

    def wrap(self, text: str, style: str, width: float) -> list[str]:
        if not text:
            return [""]
        layout = QTextLayout(text, self.font(style), self.device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        lines: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width * self.scale)
            lines.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
        return lines

    def text_width(self, text: str, style: str) -> float:
        return QFontMetricsF(self.font(style), self.device).horizontalAdvance(text) / self.scale


def _paint(painter: QPainter, page: Page, measure: QtMeasure) -> None:
    k = measure.scale
    pen = QPen(QColor("#808080"))
    pen.setWidthF(0.5 * k)
    for item in page.items:
        if isinstance(item, Box):
            rect = QRectF(item.x * k, item.y * k, item.w * k, item.h * k)
            painter.setPen(pen)
            if item.h == 0:
                painter.drawLine(rect.topLeft(), rect.topRight())
                continue
            if item.fill:
                painter.fillRect(rect, QColor(item.fill))
            painter.drawRect(rect)
    for item in page.items:
        if not isinstance(item, Line) or not item.text:
            continue
        style = STYLES[item.style]
        painter.setFont(measure.font(item.style))
        painter.setPen(QColor(style.color))
        x = item.x
        if item.centred:
            x += max(0.0, (item.width - measure.text_width(item.text, item.style)) / 2)
        lh = style.size * 1.3
        baseline = item.y + lh / 2 + BASELINE * style.size
        painter.drawText(QPointF(x * k, baseline * k), item.text)


def write_pdf(
    path: str | Path,
    rubric: Rubric,
    doc: ReviewDoc,
    gaps: Mapping[str, Sequence[Gap]] | None = None,
    *,
    reviewer: str = "",
    when: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Write one A4 PDF, each unit starting on a new page; returns the font family used.

    ``gaps`` (unit → the check's gaps) is optional; without it the gaps stored with the
    suggestions are listed.  ``reviewer`` (the settings' name) wins over the review file's.
    ``progress(done, total)`` is called per unit laid out and per page drawn.  Raises
    ReviewError (Chinese) when the file cannot be written.
    """
    ensure_gui_app()
    path = Path(path)
    families = cjk_families()
    ensure_writable(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(rubric.name)
    writer.setCreator("evcheck")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
        )
    )
    measure = QtMeasure(writer, families)
    sheets = unit_sheets(rubric, doc, gaps, reviewer=reviewer, when=when)
    pages = layout(sheets, measure, PageBox())
    painter = QPainter()
    if not painter.begin(writer):
        raise ReviewError(f"无法写入 {path}：PDF 无法创建。请换一个文件夹重试。")
    try:
        for n, page in enumerate(pages):
            if n:
                writer.newPage()
            _paint(painter, page, measure)
            if progress is not None:
                progress(n + 1, len(pages))
    finally:
        painter.end()
    del writer  # closes and flushes the file
    return families[0] if families else ""
