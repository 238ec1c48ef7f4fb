import pytest
from openpyxl import Workbook

from app.roster import RosterError, load_roster

ROWS = [
    ("单位", "学校", "别名"),
    ("奎文区教管办", "潍坊市奎文区实验小学", "实验小学；奎文实小"),
    ("奎文区教管办", "潍坊市奎文区幸福街小学", "幸福街小学"),
    ("潍坊第一中学", "", "一中;潍坊一中"),
]


def _csv(rows):
    return "\n".join(",".join(r) for r in rows) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv(ROWS).encode(encoding))
    roster = load_roster(path)
    assert list(roster.units) == ["奎文区教管办", "潍坊第一中学"]
    shiyan = roster.schools_of("奎文区教管办")[0]
    assert shiyan.name == "潍坊市奎文区实验小学"
    assert shiyan.aliases == ("实验小学", "奎文实小")  # full-width ； splits too


def test_city_school_is_its_own_unit(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(_csv(ROWS), encoding="utf-8")
    roster = load_roster(path)
    assert [s.name for s in roster.schools_of("潍坊第一中学")] == ["潍坊第一中学"]
    assert roster.is_school_unit("潍坊第一中学") and not roster.is_school_unit("奎文区教管办")
    assert roster.find_unit("2020-潍坊第一中学佐证材料.zip") == "潍坊第一中学"
    assert roster.find_unit("奎文区教管办材料") == "奎文区教管办"


def test_xlsx(tmp_path):
    book = Workbook()
    for row in ROWS:
        book.active.append(list(row))
    path = tmp_path / "roster.xlsx"
    book.save(path)
    roster = load_roster(path)
    assert len(roster.all_schools) == 3


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("学校,名称\nA,B\n", ["第 1 行", "表头"]),
        ("单位,学校,别名\n,某小学,\n", ["第 2 行", "单位"]),
        ("单位,学校,别名\nA,甲小学,\nA,乙小学,甲小学\n", ["第 3 行", "甲小学", "第 2 行"]),
        ("单位,学校,别名\n", ["没有任何学校"]),
        ("", ["空"]),
    ],
)
def test_bad_rows_name_the_row(tmp_path, content, words):
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RosterError) as err:
        load_roster(path)
    for word in words:
        assert word in str(err.value)


def test_broken_files(tmp_path):
    with pytest.raises(RosterError, match="找不到"):
        load_roster(tmp_path / "none.csv")
    fake = tmp_path / "r.xlsx"
    fake.write_bytes(b"not a workbook")
    with pytest.raises(RosterError, match="Excel"):
        load_roster(fake)
    odd = tmp_path / "r.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(RosterError, match="不支持"):
        load_roster(odd)
