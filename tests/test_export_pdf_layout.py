"""The PDF sheet's layout: measured line breaks, header repeated on continued pages, long rows split,
signature lines — with a fake measure (no fonts), then a real long unit through pdftotext."""

from __future__ import annotations

import math
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from app.export.pdf_layout import CELL, HEAD_CELL, STYLES, Line, PageBox, layout_unit
from app.export.sheet import ITEM_COLUMNS, Signatures, Table, Text, UnitSheet
from app.review.store import ReviewStore
from app.rubric import load_rubric

RUBRIC = load_rubric()


class FakeMeasure:
    """Every character one em wide (as CJK glyphs are), broken anywhere: no font involved."""

    def __init__(self) -> None:
        self.calls = 0

    def wrap(self, text: str, style: str, width: float) -> list[str]:
        self.calls += 1
        per_line = max(1, math.floor(width / STYLES[style].size))
        return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def sheet(rows: int, note: str) -> UnitSheet:
    table = Table(
        ITEM_COLUMNS,
        (0.27, 0.07, 0.07, 0.06, 0.53),
        tuple((f"指标{n}", "10", "9", "✓", note) for n in range(rows)),
    )
    return UnitSheet("某单位", (Text("某单位 评分表", "title"), table, Signatures()))


def header_lines(page) -> list[str]:
    return [i.text for i in page.items if isinstance(i, Line) and i.style == HEAD_CELL]


def test_short_unit_is_one_page_with_signatures_and_footer():
    measure = FakeMeasure()
    [page] = layout_unit(sheet(18, "无扣分"), measure)
    assert measure.calls > 18  # the breaks were asked of the measure, not guessed
    texts = page.texts()
    assert "评审人签字：" in texts and "日期：" in texts
    assert texts[-1] == "某单位　第 1 页，共 1 页"


def test_long_table_continues_with_its_header_on_every_page():
    pages = layout_unit(sheet(60, "理由" * 60), FakeMeasure())
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        assert header_lines(page)[: len(ITEM_COLUMNS)] == list(ITEM_COLUMNS)
        assert page.texts()[-1] == f"某单位　第 {n} 页，共 {len(pages)} 页"
    box = PageBox()
    for page in pages:  # nothing runs into the bottom margin
        assert all(
            i.y + STYLES[i.style].size * 1.3 <= box.height - box.margin + 0.01
            for i in page.items
            if isinstance(i, Line)
        )
    rows = [t for p in pages for t in p.texts() if t.startswith("指标") and t != "指标"]
    assert rows == [f"指标{n}" for n in range(60)]  # every row once, in order
    assert "评审人签字：" in pages[-1].texts()


def test_a_row_taller_than_a_page_is_split_and_loses_no_line():
    measure = FakeMeasure()
    note = "很长的备注" * 900
    width = 0.53 * PageBox().text_width - 4
    expected = measure.wrap(note, CELL, width)
    pages = layout_unit(sheet(1, note), measure)
    assert len(pages) >= 2
    got = [
        i.text
        for p in pages
        for i in p.items
        if isinstance(i, Line) and i.style == CELL and i.text.startswith(("很", "长", "的", "备", "注"))
    ]
    assert "".join(got) == "".join(expected)
    assert all(header_lines(p)[:1] == ["指标"] for p in pages)


@pytest.fixture
def long_doc(tmp_path):
    with ReviewStore.create(tmp_path / "r.sqlite", RUBRIC, "张三") as s:
        s.add_unit("甲单位", weight=90)
        for item in ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.4"):
            s.set_notes("甲单位", item, "材料逐项核对，" * 40)
        s.add_unit("乙单位", weight=80)
        return s.document()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_long_unit_continues_on_page_two_with_the_header(qapp, tmp_path, long_doc):
    from ui.export_pdf import write_pdf

    path = tmp_path / "long.pdf"
    seen = []
    write_pdf(
        path, RUBRIC, long_doc, reviewer="李明", progress=lambda done, total: seen.append((done, total))
    )
    pages = len(PdfReader(path).pages)
    assert pages >= 3  # the long unit takes two pages or more, the short one its own
    assert seen[-1] == (pages, pages)

    def page_text(n: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return unicodedata.normalize("NFKC", "".join(out.split()))

    texts = [page_text(n) for n in range(1, pages + 1)]
    start = next(n for n, t in enumerate(texts) if "甲单位评分表" in t)
    first, second = texts[start], texts[start + 1]
    assert "评审人:李明" in first  # the name from the settings, not the review file's
    for column in ITEM_COLUMNS:  # the header row again at the top of the continued table
        assert unicodedata.normalize("NFKC", column) in second
    assert "评分表" not in second  # a continuation, not the next unit
    assert "甲单位第2" in second  # its footer: page 2 of the unit ("页" may come out as a radical)
    assert sum("评审人签字" in t for t in texts) == 2  # once per unit, on its last page
    assert "评审人签字" not in first
    assert any("乙单位评分表" in t and "共1" in t for t in texts)  # the short unit: one page
