"""A unit's gaps and scores as a printable A4 PDF, drawn by Qt (QTextDocument → QPdfWriter).

Lives in ui/ because it needs QtGui; it holds no rules and no report text — the HTML, every
number and every reason come from app/ (app/export/unit_html.py).  Works headless
(QT_QPA_PLATFORM=offscreen) with a QGuiApplication.  Qt embeds the subset of the font it draws
with, so the PDF shows the Chinese text on any machine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from app.export.files import ensure_writable
from app.export.unit_html import STYLE, units_html
from app.model import Gap
from app.review.model import ReviewDoc
from app.rubric import Rubric

# Tried in order; then any family Qt says can write Simplified Chinese.
PREFERRED_CJK = (
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
    "宋体",
)


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


def cjk_family() -> str:
    """A font family with Chinese glyphs; "" when the system has none (the text may then show boxes)."""
    families = QFontDatabase.families()
    for name in PREFERRED_CJK:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else ""


def write_pdf(
    path: str | Path,
    rubric: Rubric,
    doc: ReviewDoc,
    gaps: Mapping[str, Sequence[Gap]] | None = None,
) -> str:
    """Write one A4 PDF with a section per unit (each on a new page); returns the font family used.

    ``gaps`` (unit → the check's gaps) is optional; without it the gaps stored with the
    suggestions are listed.  Raises ReviewError (Chinese) when the file cannot be written.
    """
    ensure_gui_app()
    path = Path(path)
    family = cjk_family()
    document = QTextDocument()
    font = QFont(family, 9) if family else QFont()
    font.setPointSizeF(9)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(units_html(rubric, doc, gaps))
    ensure_writable(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(rubric.name)
    writer.setCreator("evcheck")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margin on every side of an unpaginated document
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    document.print_(writer)
    del writer  # closes and flushes the file
    return family
