"""``evcheck``: wire the window and the PDF writer into the core, then run its command line.

Both are registered as small functions that import ui/ only when called, so ``evcheck check`` starts
without loading Qt widgets (tests/test_gui_command.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app import frontend

if TYPE_CHECKING:  # only named in annotations: app.review pulls in sqlite-utils and numpy (0.3 s)
    from app.review.model import ReviewDoc
    from app.rubric import Rubric


def _run_gui(args: argparse.Namespace) -> int:
    from app.workers import run_in_background
    from ui.app import run_gui

    run_in_background()

    return run_gui(args)


def _write_pdf(path: Path, rubric: Rubric, doc: ReviewDoc) -> str:
    from ui.export_pdf import write_pdf

    return write_pdf(path, rubric, doc)


def wire() -> None:
    """Hand the Qt layer's entry points to the core (idempotent)."""
    frontend.provide(gui=_run_gui, pdf=_write_pdf)


def main(argv: list[str] | None = None) -> int:
    from app.cli import main as cli_main

    wire()
    return cli_main(argv)
