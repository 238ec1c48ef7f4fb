"""What the core needs from the layer above it: the desktop window and the PDF writer (which needs
QtGui). The composition root (evcheck/main.py, outside app/) hands them in with ``provide``; the core
itself never imports ui/ (tests/test_layering.py). Without them — ``python -m app``, the core's own
command line — ``evcheck gui`` and PDF export say so in one plain sentence instead of failing."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # only for the types: `evcheck gui` imports this module at start-up
    from app.review.model import ReviewDoc
    from app.rubric import Rubric

GuiRunner: TypeAlias = Callable[[argparse.Namespace], int]
"""Opens the window for ``evcheck gui`` arguments; returns the exit status."""
PdfWriter: TypeAlias = Callable[[Path, "Rubric", "ReviewDoc"], str]
"""Writes the score sheet as PDF; returns the font family used ("" when no Chinese font was found)."""

_gui: GuiRunner | None = None
_pdf: PdfWriter | None = None


def provide(*, gui: GuiRunner | None = None, pdf: PdfWriter | None = None) -> None:
    """Register the window and the PDF writer (each only when given)."""
    global _gui, _pdf
    if gui is not None:
        _gui = gui
    if pdf is not None:
        _pdf = pdf


def gui_runner() -> GuiRunner | None:
    return _gui


def pdf_writer() -> PdfWriter | None:
    return _pdf


MISSING = "这个命令行不含桌面界面部分（窗口与 PDF 导出）。请用 evcheck 命令，或 python -m evcheck。"
