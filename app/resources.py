"""Where bundled resources live, in a source checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder.

    PyInstaller unpacks data under ``sys._MEIPASS``; an installed wheel carries it as the
    ``resources`` package next to ``app``; a checkout has it at the repository root.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(relative: str) -> Path:
    return resources_dir() / relative
