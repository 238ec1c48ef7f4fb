"""A new xlsx workbook with its one sheet, typed: openpyxl's ``Workbook.active`` may be None or a
chart sheet in general, never in a workbook just made."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported only when a workbook is written (start-up time)
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook whose first and only sheet is called ``title``."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    if not isinstance(ws, Worksheet):  # openpyxl always starts a workbook with one worksheet
        raise TypeError(f"openpyxl started a workbook without a worksheet: {ws!r}")
    ws.title = title
    return wb, ws
