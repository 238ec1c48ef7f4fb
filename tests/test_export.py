"""Score sheets: the xlsx opened back with openpyxl, the CSV read as Excel would (BOM)."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from app.export.csv import write_csv
from app.export.xlsx import write_xlsx
from app.review.store import ReviewStore
from app.rubric import load_rubric
from app.scoring.suggest import Suggestion

RUBRIC = load_rubric()
A, B, C = "寒亭区教管办", "潍坊市第一中学", "奎文区教管办"
SIMILAR = ("dup.similar|1.1/甲小学.jpg|1.1/乙小学.jpg", "dup.similar", ("1.1/甲小学.jpg", "1.1/乙小学.jpg"))
OLD_PHOTO = ("date.outside_year|3.1/旧.jpg", "date.outside_year", ("3.1/旧.jpg",))


@pytest.fixture
def doc(tmp_path):
    with ReviewStore.create(tmp_path / "r.sqlite", RUBRIC, "张三") as s:
        s.add_unit(A, weight=8)
        s.apply_suggestions(
            A, {"1.2": Suggestion("1.2", {"met": False}, 0, "1.2：未达到要求", ("乙小学缺少考核文件PDF",))}
        )
        s.set_inputs(A, "1.2", {"met": True})
        s.confirm(A, "1.2", "文件在1.3文件夹")
        s.link_evidence(A, "1.2", "1.3/乙小学考核办法.pdf", 2)
        s.set_inputs(A, "5", {"complaints": 1})
        s.add_unit(B, weight=10)
        s.set_inputs(B, "4", {"exposures": 1})
        s.add_unit(C, weight=9)
        s.set_veto(C, True, "伪造签到表")
        s.reassign(A, "杂项/通知.pdf", "1.5", "甲小学", "宣传方案")
        s.set_signal_verdict(A, *OLD_PHOTO, "checked", "翻拍的旧报纸，日期无误")
        s.set_signal_verdict(A, *SIMILAR, "problem", "两校用了同一张照片")
        return s.document()


def test_xlsx_summary_and_unit_sheets(tmp_path, doc):
    path = write_xlsx(tmp_path / "score.xlsx", RUBRIC, doc)
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", C, A, B]  # units in file order (sorted by name)
    ws = wb["汇总"]
    head = [c.value for c in ws[4]]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=5, values_only=True)}
    # A: 85 × 8 / 100 = 6.8, − 1 complaint = 5.8;  B: 85 − 5 = 80 × 10 / 100 = 8;  C: vetoed → 0
    assert (rows[A]["前4项合计"], rows[A]["折算得分"], rows[A]["最终得分"]) == (85, 6.8, 5.8)
    assert rows[A]["1.2"] == 5 and rows[A]["第1部分小计"] == 65
    assert (rows[B]["第4部分减分项"], rows[B]["前4项合计"], rows[B]["最终得分"]) == (-5, 80, 8)
    assert (rows[C]["最终得分"], rows[C]["否决"]) == (0, "是")
    assert (rows[B]["名次"], rows[A]["名次"], rows[C]["名次"]) == (1, 2, 3)
    assert (rows[A]["信号已核实"], rows[A]["信号有问题"], rows[B]["信号有问题"]) == (1, 1, 0)
    unit = wb[A]
    cells = [c for row in unit.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "文件在1.3文件夹" in cells  # the override reason
    assert any("乙小学缺少考核文件PDF" in c for c in cells)  # the gap behind the suggestion
    assert "1.3/乙小学考核办法.pdf 第2页" in cells  # linked evidence
    assert any("85 × 8 ÷ 100 = 6.8" in c for c in cells)
    assert any("杂项/通知.pdf 归入 1.5" in c for c in cells)
    assert any(
        "伪造签到表" in c for row in wb[C].iter_rows(values_only=True) for c in row if isinstance(c, str)
    )
    assert "需核实信号（核实结论）" not in [c.value for row in wb[B].iter_rows() for c in row]


def test_xlsx_unit_sheet_lists_the_signal_verdicts(tmp_path, doc):
    ws = load_workbook(write_xlsx(tmp_path / "score.xlsx", RUBRIC, doc))[A]
    values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    start = values.index(["需核实信号（核实结论）"])
    assert values[start + 1] == ["信号", "文件", "核实结论", "备注", "核实人", "时间"]
    problem, checked = values[start + 2], values[start + 3]  # problems first
    assert problem[0].endswith("（dup.similar）")
    assert problem[1:5] == ["1.1/甲小学.jpg\n1.1/乙小学.jpg", "有问题", "两校用了同一张照片", "张三"]
    assert problem[5].endswith(" UTC")
    assert checked[0].endswith("（date.outside_year）") and checked[1:4] == [
        "3.1/旧.jpg",
        "已核实无误",
        "翻拍的旧报纸，日期无误",
    ]
    assert len(values) == start + 4


def test_csv_has_bom_and_opens_as_utf8(tmp_path, doc):
    path = write_csv(tmp_path / "score.csv", RUBRIC, doc)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "单位"
    assert rows[0][-6:] == ["最终得分", "名次", "否决", "未确认项数", "信号已核实", "信号有问题"]
    by_unit = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_unit[A]["最终得分"] == "5.8" and by_unit[B]["1.1"] == "10"
    assert (by_unit[A]["信号已核实"], by_unit[A]["信号有问题"]) == ("1", "1")
    assert (by_unit[C]["信号已核实"], by_unit[C]["信号有问题"]) == ("0", "0")


def test_sheet_names_are_made_valid(tmp_path):
    from app.export.xlsx import _sheet_title

    taken: set[str] = set()
    assert _sheet_title("a/b:c", taken) == "a_b_c"
    long = "某" * 40
    assert len(_sheet_title(long, taken)) == 31
    assert _sheet_title(long, taken).endswith("(2)")
