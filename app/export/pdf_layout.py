"""Where every line of a score sheet goes on A4 pages, decided by measuring, not by guessing.

The page, the styles and the spacing are fixed in points; only the line breaks come from the
font (``Measure.wrap``, which ui/export_pdf.py answers with Qt's QTextLayout).  Line height is a
fixed multiple of the point size rather than the font's own line spacing: Noto CJK asks for about
1.45 em and WenQuanYi for 1.2, which is what made the demo unit spill onto a second page with one
font and not the other.  A table that runs past the page continues on the next with its header
repeated; a row too tall for any page is split between its lines.  Plain Python, so it is tested
with a fake measure and no fonts at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from app.export.sheet import BODY, HEADING, SMALL, TITLE, WARN, Signatures, Table, Text, UnitSheet

CELL, HEAD_CELL, FOOTER = "cell", "head_cell", "footer"
LEADING = 1.3  # line height ÷ point size, the same whatever the font
CELL_PAD = 2.0
HEAD_FILL = "#ddebf7"


@dataclass(frozen=True)
class Style:
    size: float  # points
    bold: bool = False
    color: str = "#000000"


STYLES: dict[str, Style] = {
    TITLE: Style(14, bold=True),
    HEADING: Style(9.5, bold=True),
    BODY: Style(8.5),
    WARN: Style(8.5, bold=True, color="#c00000"),
    SMALL: Style(7.5),
    CELL: Style(7.5),
    HEAD_CELL: Style(7.5, bold=True),
    FOOTER: Style(7, color="#555555"),
}
SPACE_BEFORE = {TITLE: 0.0, HEADING: 5.0, BODY: 2.0, WARN: 2.0, SMALL: 1.0}


class Measure(Protocol):
    def wrap(self, text: str, style: str, width: float) -> list[str]:
        """``text`` (one paragraph, no newlines) broken into lines no wider than ``width`` points."""
        ...


@dataclass(frozen=True)
class Line:
    """One line of text; ``y`` is the top of its line box, ``width`` the room it is centred in."""

    x: float
    y: float
    text: str
    style: str
    width: float = 0.0
    centred: bool = False


@dataclass(frozen=True)
class Box:
    """A rectangle (a table cell's border, filled for a header) or, with ``h == 0``, a rule."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None


@dataclass
class Page:
    unit: str
    items: list[Line | Box] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, Line)]


@dataclass(frozen=True)
class PageBox:
    """A4 in points with 15 mm margins."""

    width: float = 595.28
    height: float = 841.89
    margin: float = 42.5

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def bottom(self) -> float:
        return self.height - self.margin - line_height(FOOTER) - 4  # room for the page footer


def line_height(style: str) -> float:
    return STYLES[style].size * LEADING


class _Pager:
    def __init__(self, unit: str, box: PageBox, measure: Measure) -> None:
        self.unit, self.box, self.measure = unit, box, measure
        self.pages: list[Page] = []
        self.new_page()

    def new_page(self) -> None:
        self.page = Page(self.unit)
        self.pages.append(self.page)
        self.y = self.box.margin

    def room(self) -> float:
        return self.box.bottom - self.y

    def lines(self, text: str, style: str, width: float) -> list[str]:
        out: list[str] = []
        for paragraph in text.split("\n"):
            out += self.measure.wrap(paragraph, style, width) or [""]
        return out

    # ── blocks ───────────────────────────────────────────────────────────────────────────
    def text(self, block: Text, keep_with_next: float = 0.0) -> None:
        lh = line_height(block.style)
        self.y += SPACE_BEFORE.get(block.style, 0.0)
        lines = self.lines(block.text, block.style, self.box.text_width)
        if block.style == HEADING and self.room() < lh + keep_with_next:
            self.new_page()  # a heading never sits alone at the foot of a page
        for text in lines:
            if self.room() < lh:
                self.new_page()
            self.page.items.append(Line(self.box.margin, self.y, text, block.style))
            self.y += lh

    def _cells(self, table: Table, row: tuple[str, ...], style: str) -> list[list[str]]:
        widths = [w * self.box.text_width - 2 * CELL_PAD for w in table.widths]
        return [self.lines(cell, style, width) for cell, width in zip(row, widths, strict=True)]

    def _row(self, table: Table, cells: list[list[str]], style: str, fill: str | None) -> None:
        lh = line_height(style)
        height = max(len(c) for c in cells) * lh + 2 * CELL_PAD
        x = self.box.margin
        for col, (lines, frac) in enumerate(zip(cells, table.widths, strict=True)):
            w = frac * self.box.text_width
            self.page.items.append(Box(x, self.y, w, height, fill))
            for n, text in enumerate(lines):
                centred = col in table.centred or style == HEAD_CELL
                y = self.y + CELL_PAD + n * lh
                self.page.items.append(Line(x + CELL_PAD, y, text, style, w - 2 * CELL_PAD, centred))
            x += w
        self.y += height

    def table(self, table: Table) -> None:
        header = self._cells(table, table.header, HEAD_CELL)
        head_h = max(len(c) for c in header) * line_height(HEAD_CELL) + 2 * CELL_PAD
        lh = line_height(CELL)
        self.y += 3
        if self.room() < head_h + lh + 2 * CELL_PAD:
            self.new_page()
        self._row(table, header, HEAD_CELL, HEAD_FILL)
        for row in table.rows:
            cells = self._cells(table, row, CELL)
            while cells:
                tall = max(len(c) for c in cells)
                fits = int((self.room() - 2 * CELL_PAD) // lh)
                if fits >= tall:
                    self._row(table, cells, CELL, None)
                    break
                whole_page = int((self.box.bottom - self.box.margin - head_h - 2 * CELL_PAD) // lh)
                if tall <= whole_page or fits < 2:
                    # the row moves whole to the next page (or splits there if it is taller than one)
                    self.new_page()
                    self._row(table, header, HEAD_CELL, HEAD_FILL)
                    continue
                self._row(table, [c[:fits] for c in cells], CELL, None)
                cells = [c[fits:] for c in cells]
                self.new_page()
                self._row(table, header, HEAD_CELL, HEAD_FILL)

    def signatures(self, block: Signatures) -> None:
        lh = line_height(BODY)
        self.y += 14
        if self.room() < lh * 2:
            self.new_page()
        x = self.box.margin
        rule = (self.box.text_width / len(block.labels)) - 60
        for label in block.labels:
            self.page.items.append(Line(x, self.y, label, BODY))
            start = x + 60
            self.page.items.append(Box(start, self.y + lh, rule - 12, 0))
            x += self.box.text_width / len(block.labels)
        self.y += lh * 2

    def footers(self) -> None:
        total = len(self.pages)
        for n, page in enumerate(self.pages, 1):
            text = f"{self.unit}　第 {n} 页，共 {total} 页"
            y = self.box.height - self.box.margin - line_height(FOOTER)
            page.items.append(Line(self.box.margin, y, text, FOOTER, self.box.text_width, True))


def layout_unit(sheet: UnitSheet, measure: Measure, box: PageBox | None = None) -> list[Page]:
    """The pages of one unit's sheet (a unit always starts on a fresh page)."""
    pager = _Pager(sheet.unit, box or PageBox(), measure)
    blocks = sheet.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, Text):
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            keep = line_height(CELL) * 3 if isinstance(after, Table) else line_height(SMALL) * 2
            pager.text(block, keep)
        elif isinstance(block, Table):
            pager.table(block)
        else:
            pager.signatures(block)
    pager.footers()
    return pager.pages


def layout(
    sheets: list[UnitSheet],
    measure: Measure,
    box: PageBox | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Page]:
    pages: list[Page] = []
    for n, sheet in enumerate(sheets, 1):
        pages += layout_unit(sheet, measure, box)
        if progress is not None:
            progress(n, len(sheets))
    return pages
