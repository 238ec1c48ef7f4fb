"""Rosters as offices really keep them: titles, merged cells, several sheets, synonyms, pasted rows."""

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.roster import RosterError, load_roster
from app.roster_read import read_sheets

FIXTURES = Path(__file__).parent / "fixtures" / "rosters"
EXPECTED = {
    "奎文区教管办": [
        ("潍坊市奎文区实验小学", ("实验小学", "奎文实小")),
        ("潍坊市奎文区幸福街小学", ("幸福街小学",)),
        ("潍坊市奎文区樱园小学", ()),
    ],
    "坊子区教管办": [
        ("潍坊市坊子区实验学校", ("坊子实验",)),
        ("潍坊市坊子区凤凰小学", ("凤凰小学", "凤凰学校")),
    ],
    "潍坊第一中学": [("潍坊第一中学", ("一中", "潍坊一中"))],
}


def _table(roster):
    return {unit: [(s.name, s.aliases) for s in schools] for unit, schools in roster.units.items()}


def _save(tmp_path, sheets, name="花名册.xlsx", merges=(), hidden=()):
    """A workbook with one sheet per (title, rows); merges are (sheet title, range)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        if title in hidden:
            ws.sheet_state = "hidden"
    for title, cells in merges:
        book[title].merge_cells(cells)
    path = tmp_path / name
    book.save(path)
    return path


def _error(path):
    with pytest.raises(RosterError) as err:
        load_roster(path)
    return str(err.value)


# ── files LibreOffice wrote (tests/fixtures/rosters/README.md) ──────────────────────────────


@pytest.mark.parametrize("name", ["office.xls", "office-libreoffice.xlsx", "unicode-text.csv", "gb18030.csv"])
def test_libreoffice_files(name):
    roster = load_roster(FIXTURES / name)
    assert _table(roster) == EXPECTED
    if name.endswith(("xls", "xlsx")):  # the list is on the second sheet, after 填表说明
        assert roster.notes == [f"花名册 {FIXTURES / name} 使用了工作表“学校名单”。"]


def test_fixture_encodings_are_what_they_claim():
    assert (FIXTURES / "unicode-text.csv").read_bytes()[:2] == b"\xff\xfe"
    assert "\t" in (FIXTURES / "unicode-text.csv").read_bytes().decode("utf-16")
    with pytest.raises(UnicodeDecodeError):
        (FIXTURES / "gb18030.csv").read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", ["office.xls", "office-libreoffice.xlsx"])
def test_merged_cells_fill_every_cell(name):
    sheet = read_sheets(FIXTURES / name)[1]
    assert sheet.name == "学校名单"
    assert sheet.rows[0][:5] == ["2020年潍坊市教育惠民考核学校花名册"] * 5  # title merged A1:E1
    assert [r[1] for r in sheet.rows[3:8]] == ["奎文区教管办"] * 3 + ["坊子区教管办"] * 2  # B4:B6, B7:B8


# ── WPS .et, and files whose name lies ───────────────────────────────────────────────────


@pytest.mark.parametrize("real", ["office.xls", "office-libreoffice.xlsx"])
def test_et_is_read_by_content(tmp_path, real):
    et = tmp_path / "花名册.et"
    shutil.copy(FIXTURES / real, et)
    assert _table(load_roster(et)) == EXPECTED


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01garbage" * 50, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, b"PK\x03\x04broken zip"],
)
def test_unreadable_et_asks_for_xlsx(tmp_path, content):
    et = tmp_path / "花名册.et"
    et.write_bytes(content)
    message = _error(et)
    assert "请在 WPS 中另存为 .xlsx 后重新选择花名册" in message and str(et) in message


def test_xls_renamed_xlsx_and_html_xls(tmp_path):
    renamed = tmp_path / "r.xlsx"
    shutil.copy(FIXTURES / "office.xls", renamed)
    assert _table(load_roster(renamed)) == EXPECTED
    web = tmp_path / "导出.xls"
    web.write_text("<html><body><table><tr><td>单位</td></tr></table></body></html>", encoding="utf-8")
    assert "网页格式" in _error(web) and "另存为 .xlsx" in _error(web)


def test_encrypted_workbook_says_so(tmp_path):
    # An encrypted .xlsx is an OLE file holding an "EncryptedPackage" stream instead of a zip.
    locked = tmp_path / "r.xlsx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    )
    assert "密码" in _error(locked)


# ── workbooks as offices lay them out ─────────────────────────────────────────────────────


def test_title_notes_sheet_synonyms_merges_and_extra_columns(tmp_path):
    notes = ("说明", [("本表由各镇街区填报",), ("联系人：王老师",)])
    listing = (
        "名单",
        [
            ("2020年奎文区教育惠民考核花名册",),
            ("填报单位：奎文区教育局", None, None, None, "日期：2020.12"),
            (),
            ("序 号", "考核单位：", "学 校\n名 称*", "曾用名", "备注"),
            (1, "奎文区教管办", "潍坊市奎文区实验小学", "实验小学、奎文实小", "重点"),
            (2, None, "潍坊市奎文区幸福街小学", "幸福街 幸福街小学", None),
            (3, "坊子区教管办", "潍坊市坊子区实验学校", "坊子实验,坊实", None),
            (4, None, "潍坊市坊子区凤凰小学", None, None),
            ("合  计", None, "4所", None, None),
        ],
    )
    path = _save(tmp_path, [notes, listing], merges=[("名单", "A1:E1"), ("名单", "B5:B6"), ("名单", "B7:B8")])
    roster = load_roster(path)
    assert _table(roster) == {
        "奎文区教管办": [
            ("潍坊市奎文区实验小学", ("实验小学", "奎文实小")),
            ("潍坊市奎文区幸福街小学", ("幸福街", "幸福街小学")),
        ],
        "坊子区教管办": [("潍坊市坊子区实验学校", ("坊子实验", "坊实")), ("潍坊市坊子区凤凰小学", ())],
    }
    assert any("“名单”" in n for n in roster.notes)


@pytest.mark.parametrize(
    ("unit", "school", "alias"),
    [
        ("单位名称", "学校名称", "简称"),
        ("镇街区", "校名", "别名"),
        ("　镇　街　：", "＊学校名称＊", "别 名："),
        ("所属单位", "学校（全称）", ""),
    ],
)
def test_header_synonyms(tmp_path, unit, school, alias):
    # Also: ideographic spaces, a full-width colon and asterisks, a bracketed remark.
    path = _save(
        tmp_path, [("Sheet1", [(unit, school, alias, "电话"), ("甲镇", "甲镇中心小学", "中心小学", "123")])]
    )
    assert _table(load_roster(path)) == {"甲镇": [("甲镇中心小学", ("中心小学",) if alias else ())]}


def test_header_only_template_sheet_then_data_and_hidden_old_list(tmp_path):
    path = _save(
        tmp_path,
        [
            ("模板", [("单位", "学校", "别名")]),
            ("上年", [("单位", "学校"), ("甲镇", "已撤并小学")]),
            ("今年", [("单位", "学校"), ("甲镇", "甲镇中心小学")]),
        ],
        hidden=("上年",),
    )
    roster = load_roster(path)
    assert _table(roster) == {"甲镇": [("甲镇中心小学", ())]}
    assert roster.notes == [f"花名册 {path} 使用了工作表“今年”。"]


def test_list_split_over_sheets_is_one_roster(tmp_path):
    path = _save(
        tmp_path,
        [
            ("甲镇", [("单位", "学校"), ("甲镇", "甲镇一小")]),
            ("乙镇", [("单位", "学校"), ("乙镇", "乙镇一小")]),
        ],
    )
    roster = load_roster(path)
    assert list(roster.units) == ["甲镇", "乙镇"]
    assert "“甲镇”、“乙镇”" in roster.notes[0]


def test_merged_school_cell_keeps_each_rows_alias(tmp_path):
    rows = [("单位", "学校", "别名"), ("甲镇", "甲镇中心小学", "中心小学"), ("甲镇", None, "甲镇小学")]
    path = _save(tmp_path, [("S", rows)], merges=[("S", "B2:B3")])
    assert _table(load_roster(path)) == {"甲镇": [("甲镇中心小学", ("中心小学", "甲镇小学"))]}


# ── blank 单位 and blank 学校 ────────────────────────────────────────────────────────────


def test_blank_unit_continues_the_block_above(tmp_path):
    rows = [
        ("序号", "单位", "学校"),
        (1, "奎文区教管办", "实验小学"),
        (2, None, "幸福街小学"),
        (3,),  # a row of only a 序号 does not end the block
        (4, None, "樱园小学"),
        (5, "潍坊第一中学", None),  # 市直学校: blank 学校
        (6, "坊子区教管办", None),  # a heading line: its schools follow with 单位 left blank
        (7, None, "坊子实验学校"),
        (8, None, "凤凰小学"),
    ]
    roster = load_roster(_save(tmp_path, [("S", rows)]))
    assert _table(roster) == {
        "奎文区教管办": [("实验小学", ()), ("幸福街小学", ()), ("樱园小学", ())],
        "潍坊第一中学": [("潍坊第一中学", ())],
        "坊子区教管办": [("坊子实验学校", ()), ("凤凰小学", ())],
    }
    assert roster.is_school_unit("潍坊第一中学") and not roster.is_school_unit("坊子区教管办")


def test_blank_unit_does_not_continue_across_an_empty_row(tmp_path):
    rows = [("单位", "学校"), ("甲镇", "甲镇一小"), (), (None, "无主小学")]
    path = _save(tmp_path, [("名单", rows)])
    message = _error(path)
    assert str(path) in message and "工作表“名单”第 4 行 A 列" in message and "单位" in message


def test_alias_without_school_is_named(tmp_path):
    path = _save(tmp_path, [("S", [("单位", "学校", "别名"), ("甲镇", "甲镇一小", ""), ("", "", "一小")])])
    assert "工作表“S”第 3 行 C 列" in _error(path)


# ── duplicates and conflicts ─────────────────────────────────────────────────────────────


def test_pasted_duplicates_merge_silently(tmp_path):
    rows = [
        ("单位", "学校", "别名"),
        ("甲镇", "甲镇一小（东校区）", "东校"),
        ("甲镇", "甲镇二小", ""),
        ("甲镇", "甲镇一小（东校区）", "东校"),  # pasted twice
        ("甲镇 ", "甲镇一小(东校区)", "一小东校"),  # same school, half-width brackets, one more alias
        ("单位", "学校", "别名"),  # the pasted block brought its header along
        ("甲镇", "甲镇二小", None),
    ]
    roster = load_roster(_save(tmp_path, [("S", rows)]))
    assert _table(roster) == {"甲镇": [("甲镇一小（东校区）", ("东校", "一小东校")), ("甲镇二小", ())]}
    assert roster.notes == []


def test_conflicts_are_all_named_by_sheet_row_and_column(tmp_path):
    path = _save(
        tmp_path,
        [
            ("甲镇", [("单位", "学校", "简称"), ("甲镇", "中心小学", "中心"), ("甲镇", "甲镇二小", "二小")]),
            ("乙镇", [("单位", "学校", "简称"), ("乙镇", "中心小学", ""), ("乙镇", "乙镇二小", "二小")]),
        ],
    )
    message = _error(path)
    assert str(path) in message and "2 处问题" in message
    assert "工作表“乙镇”第 2 行 B 列（学校）“中心小学”" in message and "工作表“甲镇”第 2 行 B 列" in message
    assert "工作表“乙镇”第 3 行 C 列（别名）“二小”" in message and "工作表“甲镇”第 3 行 C 列" in message


# ── text files ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_unicode_text_is_tab_separated_utf16(tmp_path, encoding):
    text = "花名册\n单位\t学校\t别名\n甲镇\t甲镇中心小学\t中心小学,中心\n\t甲镇二小\t\n"
    path = tmp_path / "花名册.txt"
    path.write_bytes(("\ufeff" + text).encode(encoding))
    assert _table(load_roster(path)) == {"甲镇": [("甲镇中心小学", ("中心小学", "中心")), ("甲镇二小", ())]}


def test_gb18030_comma_csv_keeps_chinese_commas_in_cells(tmp_path):
    text = "单位,学校,别名\r\n甲镇,甲镇中心小学,中心小学，中心、甲中小\r\n乙镇,,\r\n合计,2,\r\n"
    path = tmp_path / "花名册.csv"
    path.write_bytes(text.encode("gb18030"))
    assert _table(load_roster(path)) == {
        "甲镇": [("甲镇中心小学", ("中心小学", "中心", "甲中小"))],
        "乙镇": [("乙镇", ())],
    }


def test_header_must_be_near_the_top(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("说明\n" * 30 + "单位,学校\n甲镇,甲镇一小\n", encoding="utf-8")
    message = _error(path)
    assert "前 30 行" in message and "第 1 行为“说明”" in message


def test_footer_notes_are_not_schools(tmp_path):
    rows = [
        ("单位", "学校"),
        ("甲镇", "甲镇一小"),
        ("注：本表于12月报送",),
        ("填表人：张三", None),
        ("审核人", "李四"),
    ]
    rows.insert(2, ("甲镇", "甲镇二小", "共计两个校区"))  # a remark in an extra column is no total
    roster = load_roster(_save(tmp_path, [("S", rows)]))
    assert [s.name for s in roster.all_schools] == ["甲镇一小", "甲镇二小"]
