"""A whole city at once: a generated "USB stick" with a dozen units in mixed forms, checked by
``evcheck check ROOT --roster R`` — statuses, no leakage between units, every output format, exit
codes, ``--unit`` from a city root, one archive holding every unit, RAR/7z units."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import app.workers
from app.check import CheckOptions, drain, run_check
from app.city import CITY_SCHEMA, UnitStatus, find_city, run_city
from app.discover import SourceError, discover
from app.roster import load_roster
from app.rubric import load_rubric
from tests.city_corpus import CityUnitSpec, place, roster_file, unit_spec, write_unit

# (roster unit spec, the name the clerk gave the material, its form); None: not submitted
UNITS: list[tuple[CityUnitSpec, list[tuple[str, str]]]] = [
    (unit_spec(0, 101), [("青云街道教管办", "folder")]),
    (unit_spec(1, 102), [("白沙镇材料", "zip")]),
    (unit_spec(2, 103), [("3.东湖街道（2020惠民考核）", "winzip")]),
    (unit_spec(3, 104), [("南山教管办材料", "folder")]),
    (unit_spec(4, 105), [("04西岭街道", "folder")]),
    (unit_spec(5, 106), [("北塘镇", "zip")]),
    (unit_spec(6, 107), [("金桥街道", "folder"), ("金桥街道（修改版）", "zip")]),  # duplicated
    (unit_spec(7, 108), []),  # 银河镇: nothing submitted
    (unit_spec(8, 109), [("石门街道佐证材料", "folder")]),
    (unit_spec(9, 110), [("柳林镇教育管理办公室", "winzip")]),
    (unit_spec(0, 111, city_school=True), [("潍坊八中", "folder")]),  # a 市直学校 by its alias
    (unit_spec(1, 112, city_school=True), [("潍坊市第九中学", "zip")]),
]
SOURCES = {spec.unit: names for spec, names in UNITS}


@pytest.fixture(scope="module")
def stick(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("city")
    root, work = base / "U盘", base / "work"
    root.mkdir()
    work.mkdir()
    for spec, names in UNITS:
        for name, form in names:
            place(root, spec, name, form, work)
    (root / "System Volume Information").mkdir()
    (root / "Thumbs.db").write_bytes(b"junk")
    (root / "说明.docx").write_bytes(b"PK\x03\x04 not really")
    (root / "新建文件夹").mkdir()
    return root, roster_file(base / "花名册.csv", [spec for spec, _ in UNITS])


def _run(root: Path, roster_path: Path, **kw: object):
    roster = load_roster(roster_path)
    layout = find_city(root, roster)
    assert layout is not None
    return drain(run_city(layout, rubric=load_rubric(), roster=roster, **kw))


def test_usb_stick_statuses(stick):
    root, roster_path = stick
    city = _run(root, roster_path)
    status = {u.unit: u.status for u in city.units}
    assert [u.unit for u in city.units] == [spec.unit for spec, _ in UNITS]  # roster order
    assert status.pop("金桥街道") == UnitStatus.AMBIGUOUS
    assert status.pop("银河镇") == UnitStatus.NOT_SUBMITTED
    assert set(status.values()) == {UnitStatus.CHECKED}
    by_unit = {u.unit: u for u in city.units}
    assert by_unit["金桥街道"].candidates == ["金桥街道", "金桥街道（修改版）.zip"]
    assert by_unit["金桥街道"].report is None and by_unit["银河镇"].source is None
    assert by_unit["潍坊市第八中学"].source == "潍坊八中"
    assert by_unit["白沙镇"].source == "白沙镇材料.zip"
    assert city.unmatched == ["新建文件夹", "说明.docx"]  # junk is not listed
    s = city.summary()
    assert (s["units"], s["checked"], s["not_submitted"], s["ambiguous"]) == (12, 10, 1, 1)
    assert s["gaps"] == sum(len(u.report.gaps) for u in city.units if u.report) > 0


def test_each_unit_is_checked_as_if_alone(stick):
    root, roster_path = stick
    city = _run(root, roster_path)
    roster, rubric = load_roster(roster_path), load_rubric()
    for u in city.units:
        if u.report is None:
            continue
        alone = drain(run_check(root / u.source, rubric=rubric, roster=roster, unit=u.unit))
        assert u.report.to_json() == alone.to_json(), u.unit
        # and nothing of another unit's schools or files came in
        own = {r.name for r in roster.schools_of(u.unit)}
        assert {f.school for f in u.report.files} <= own | {None}


def test_progress_covers_the_whole_city_on_one_pool(stick, monkeypatch):
    root, roster_path = stick
    roster = load_roster(roster_path)
    layout = find_city(root, roster)
    assert layout is not None
    made = []
    real_init = app.workers.InspectorPool.__init__

    def counting(self, *args, **kw):
        made.append(1)
        real_init(self, *args, **kw)

    monkeypatch.setattr(app.workers.InspectorPool, "__init__", counting)
    gen = run_city(layout, rubric=load_rubric(), roster=roster, options=CheckOptions(use_cache=False))
    seen = []
    while True:
        try:
            seen.append(next(gen))
        except StopIteration as stop:
            city = stop.value
            break
    total = sum(len(u.report.files) - _refused(u.report) for u in city.units if u.report)
    inspect = [p for p in seen if p.phase == "inspect" and p.total]
    assert {p.total for p in inspect} == {total}
    dones = [p.done for p in inspect]
    assert dones == sorted(dones) and dones[-1] == total
    units = {p.current.split("：", 1)[0] for p in inspect}
    assert units == {u.unit for u in city.units if u.report}
    assert len(made) <= 1  # the shared pool, never one per unit


def _refused(report) -> int:
    return sum(1 for f in report.files if f.detected == "refused")


def test_json_schema(stick, capsys):
    from app.cli import main

    root, roster_path = stick
    assert main(["check", str(root), "--roster", str(roster_path), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == CITY_SCHEMA
    assert set(doc) >= {"schema", "source", "roster", "rubric", "units", "unmatched", "summary"}
    assert set(doc["summary"]) >= {"units", "checked", "not_submitted", "ambiguous", "gaps", "errors"}
    for u in doc["units"]:
        assert set(u) >= {"unit", "source", "status", "report"}
        assert u["status"] in {"checked", "not_submitted", "ambiguous", "unreadable"}
        assert (u["report"] is not None) == (u["status"] == "checked")
        if u["report"] is not None:
            assert u["report"]["schema"] == "evcheck.report/1" and u["report"]["unit"] == u["unit"]
            assert not Path(u["source"]).is_absolute()


def test_text_one_line_per_unit_then_totals(stick, capsys):
    from app.cli import main

    root, roster_path = stick
    assert main(["check", str(root), "--roster", str(roster_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    for spec, _ in UNITS:
        assert sum(1 for line in lines if line.startswith(f"{spec.unit}　")) == 1
    assert "未提交" in next(line for line in lines if line.startswith("银河镇　"))
    assert lines[-1].startswith("汇总：12 个单位，已检查 10，未提交 1，无法确定 1")


def test_html_links_each_unit_to_its_section(stick, tmp_path):
    from app.cli import main

    root, roster_path = stick
    out = tmp_path / "city.html"
    assert main(["check", str(root), "--roster", str(roster_path), "--format", "html", "-o", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    for n, (spec, _) in enumerate(UNITS, 1):
        assert f"<a href='#unit-{n}'>{spec.unit}</a>" in page
        assert f"<h2 id='unit-{n}'>{spec.unit}" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")  # self-contained


def test_xlsx_matrix_and_unit_sheets(stick, tmp_path):
    from app.cli import main

    root, roster_path = stick
    out = tmp_path / "全市.xlsx"
    assert main(["check", str(root), "--roster", str(roster_path), "--format", "xlsx", "-o", str(out)]) == 1
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 1 + len(UNITS)
    ws = wb["汇总"]
    codes = [i.code for i in load_rubric().evidence_indicators]
    assert [ws.cell(4, c).value for c in range(3, 3 + len(codes))] == codes
    assert [ws.cell(r, 1).value for r in range(5, 5 + len(UNITS))] == [s.unit for s, _ in UNITS]
    city = _run(root, roster_path)
    for r, u in enumerate(city.units, 5):
        if u.report is not None:
            assert ws.cell(r, 3 + len(codes)).value == len(u.report.gaps)
            sheet = wb[wb.sheetnames[r - 4]]
            assert sheet.cell(1, 1).value == u.unit
            cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
            assert all(g.message in cells for g in u.report.gaps)


def test_sheet_titles_are_valid_and_unique():
    from app.export.city_xlsx import sheet_title

    taken: set[str] = {"汇总"}
    long = "某某市某某区某某街道教育管理办公室第一分校附属实验学校东校区"
    titles = [sheet_title(n, taken) for n in (long, long, "a/b[c]:d*?", "ABC", "abc", "汇总")]
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    assert len({t.casefold() for t in titles}) == len(titles) and "汇总" not in titles


def test_exit_codes(stick, tmp_path, capsys):
    from app.cli import main

    root, roster_path = stick
    assert main(["check", str(root), "--roster", str(roster_path), "--format", "xlsx"]) == 2  # needs -o
    assert "-o" in capsys.readouterr().err
    assert main(["check", str(root), "--roster", str(roster_path), "--unit", "火星街道"]) == 2
    assert main(["check", str(root), "--roster", str(roster_path), "--unit", "金桥街道"]) == 2  # which one?
    assert "金桥街道（修改版）.zip" in capsys.readouterr().err
    assert main(["check", str(root), "--roster", str(roster_path), "--unit", "银河镇"]) == 2

    clean_root = tmp_path / "clean"
    clean = [unit_spec(0, 201, clean=True), unit_spec(1, 202, clean=True)]
    place(clean_root, clean[0], "青云街道", "folder", tmp_path)
    clean_root.mkdir(exist_ok=True)
    place(clean_root, clean[1], "白沙镇", "zip", tmp_path)
    both = roster_file(tmp_path / "r.csv", clean)
    assert main(["check", str(clean_root), "--roster", str(both)]) == 0
    # the same city with a third unit on the roster that sent nothing: 1
    third = roster_file(tmp_path / "r3.csv", [*clean, unit_spec(2, 203)])
    assert main(["check", str(clean_root), "--roster", str(third)]) == 1


def test_unit_from_a_city_root_is_that_unit_alone(stick, capsys):
    from app.cli import main

    root, roster_path = stick
    args = ["--roster", str(roster_path), "--unit", "白沙镇", "--format", "json"]
    code = main(["check", str(root), *args])
    from_city = json.loads(capsys.readouterr().out)
    assert code == main(["check", str(root / "白沙镇材料.zip"), *args])
    assert from_city == json.loads(capsys.readouterr().out)
    assert from_city["schema"] == "evcheck.report/1" and from_city["unit"] == "白沙镇"


def test_one_unit_root_keeps_the_single_unit_check(stick, capsys):
    from app.cli import main

    root, roster_path = stick
    assert (
        main(["check", str(root / "青云街道教管办"), "--roster", str(roster_path), "--format", "json"]) == 1
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "evcheck.report/1" and doc["unit"] == "青云街道"
    assert find_city(root / "青云街道教管办", load_roster(roster_path)) is None
    assert find_city(root / "白沙镇材料.zip", load_roster(roster_path)) is None


def test_one_archive_holding_every_unit(tmp_path):
    specs = [unit_spec(0, 301), unit_spec(1, 302), unit_spec(2, 303)]
    city = tmp_path / "全市材料"
    for spec, name in zip(specs, ("青云街道", "白沙镇教管办", "东湖街道材料"), strict=True):
        write_unit(city / name, spec)
    roster_path = roster_file(tmp_path / "r.csv", specs)
    archive = tmp_path / "usb" / "全市材料.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(city.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(tmp_path).as_posix())
    roster, rubric = load_roster(roster_path), load_rubric()
    for root in (archive, archive.parent):  # the archive itself, or a folder holding only it
        report = _run(root, roster_path)
        assert [u.status for u in report.units] == [UnitStatus.CHECKED] * 3
        for u in report.units:
            alone = drain(run_check(city / Path(u.source).name, rubric=rubric, roster=roster, unit=u.unit))
            assert u.report is not None
            assert [g.to_json() for g in u.report.gaps] == [g.to_json() for g in alone.gaps]
            assert [f.to_json() for f in u.report.files] == [f.to_json() for f in alone.files]
    assert _run(archive.parent, roster_path).units[0].source == "全市材料.zip/全市材料/青云街道"


def _opens(path: Path) -> bool:
    try:
        discover(path)
    except SourceError:
        return False
    return True


def test_city_rar_and_7z_units(tmp_path):
    """Un-skips itself once app.discover opens .rar and .7z."""
    if shutil.which("rar") is None or shutil.which("7z") is None:
        pytest.skip("rar and 7z are needed to make the archives")
    specs = [unit_spec(0, 401), unit_spec(1, 402), unit_spec(2, 403)]
    root = tmp_path / "root"
    root.mkdir()
    place(root, specs[0], "青云教管办材料", "rar", tmp_path)
    place(root, specs[1], "白沙镇", "7z", tmp_path)
    place(root, specs[2], "东湖街道", "folder", tmp_path)
    if not (_opens(root / "青云教管办材料.rar") and _opens(root / "白沙镇.7z")):
        pytest.skip("app.discover cannot open .rar/.7z yet")
    roster_path = roster_file(tmp_path / "r.csv", specs)
    report = _run(root, roster_path)
    assert [u.status for u in report.units] == [UnitStatus.CHECKED] * 3
    roster, rubric = load_roster(roster_path), load_rubric()
    for u in report.units:
        alone = drain(run_check(root / u.source, rubric=rubric, roster=roster, unit=u.unit))
        assert u.report is not None and u.report.to_json() == alone.to_json()


def test_an_unopenable_unit_is_named_and_the_run_goes_on(tmp_path):
    specs = [unit_spec(0, 501), unit_spec(1, 502)]
    root = tmp_path / "root"
    write_unit(root / "青云街道", specs[0])
    (root / "白沙镇.zip").write_bytes(b"this is no zip")
    report = _run(root, roster_file(tmp_path / "r.csv", specs))
    assert [u.status for u in report.units] == [UnitStatus.CHECKED, UnitStatus.UNREADABLE]
    assert "白沙镇.zip" in (report.units[1].message or "")
