"""evcheck template: folders the checker understands, plain instructions, a checklist to tick."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.demo import DEMO_ROSTER, SubmissionSpec, demo_paths, expected_gaps
from app.demo_samples import make
from app.discover import TEMPLATE_NOTE
from app.rename import indicator_folder_name
from app.roster import load_roster
from app.rubric import load_rubric

RUBRIC = load_rubric()
UNIT = "奎文区教管办"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_template(tmp_path: Path, unit: str = UNIT) -> Path:
    _, roster, _ = demo_paths()
    assert main(["template", str(tmp_path / "out"), "--roster", str(roster), "--unit", unit]) == 0
    return tmp_path / "out"


def check(folder: Path, out: Path) -> tuple[int, dict]:
    _, roster, _ = demo_paths()
    rc = main(["check", str(folder), "--roster", str(roster), "--format", "json", "-o", str(out)])
    return rc, json.loads(out.read_text(encoding="utf-8"))


def test_one_folder_per_evidence_indicator_with_instructions(tmp_path: Path):
    root = make_template(tmp_path) / UNIT
    wanted = [indicator_folder_name(i) for i in RUBRIC.evidence_indicators]
    assert sorted(p.name for p in root.iterdir()) == sorted(wanted)
    assert "1.1 十二项教育惠民制度制定实施" in wanted
    schools = load_roster(demo_paths()[1]).schools_of(UNIT)
    for ind in RUBRIC.evidence_indicators:
        raw = (root / indicator_folder_name(ind) / TEMPLATE_NOTE).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # Notepad-friendly
        text = raw.decode("utf-8-sig")
        assert text.startswith(f"{ind.code} {ind.title}") and ind.evidence_text in text
        assert all(part.label in text for part in ind.evidence.parts)
        if ind.evidence.scope == "every_school":
            assert all(s.name in text and all(a in text for a in s.aliases) for s in schools)
        assert ("可选" in text) == (not ind.evidence.required)
    assert "2020.10.15潍坊日报-奎文区教管办" in (
        root / indicator_folder_name(RUBRIC.indicator("3.1")) / TEMPLATE_NOTE
    ).read_text(encoding="utf-8-sig")


def test_checklist_has_a_row_per_school_and_a_column_per_evidence_part(tmp_path: Path):
    out = make_template(tmp_path)
    wb = openpyxl.load_workbook(out / f"{UNIT}-材料核对清单.xlsx")
    ws = wb["核对清单"]
    parts = [(i, p) for i in RUBRIC.evidence_indicators for p in i.evidence.parts]
    header = [ws.cell(3, c).value for c in range(2, 2 + len(parts))]
    assert all(h.startswith(i.code) and p.label in h for h, (i, p) in zip(header, parts, strict=True))
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    schools = [s.name for s in load_roster(demo_paths()[1]).schools_of(UNIT)]
    assert list(rows) == [*schools, f"（全单位）{UNIT}"]
    for c, (ind, _p) in enumerate(parts, start=2):
        for name, r in rows.items():
            applies = (ind.evidence.scope == "unit") == name.startswith("（全单位）")
            assert (ws.cell(r, c).value == "—") != applies
    assert ws.data_validations.dataValidation  # the tick cells offer ✓/✗


def test_checker_understands_the_template(tmp_path: Path):
    """Empty: every requirement is a gap.  One proper file per requirement: no gap at all."""
    root = make_template(tmp_path) / UNIT
    schools = [s.name for s in load_roster(demo_paths()[1]).schools_of(UNIT)]
    rc, empty = check(root, tmp_path / "empty.json")
    assert rc == 1
    nothing = SubmissionSpec(UNIT, schools, DEMO_ROSTER, [])
    assert {(g["indicator"], g["school"], g["need"]) for g in empty["gaps"]} == expected_gaps(nothing, RUBRIC)

    seed, placed = 0, {}
    for ind in RUBRIC.evidence_indicators:
        who = schools if ind.evidence.scope == "every_school" else [UNIT]
        for name in who:
            for part in ind.evidence.parts:
                seed += 1
                ext, content = (".pdf", "pdf") if part.kinds[0] == "pdf" else (".jpg", "jpeg")
                stem = f"2020.10.15潍坊日报-{UNIT}" if ind.code == "3.1" else f"{name}-材料{seed}"
                rel = f"{indicator_folder_name(ind)}/{ind.code} {stem}{ext}"
                (root / rel).write_bytes(make(content, seed))
                placed[rel] = ind.code
    rc, full = check(root, tmp_path / "full.json")
    assert full["gaps"] == []
    got = {f["path"]: f["indicator"] for f in full["files"] if f["path"] in placed}
    assert got == placed


def test_rerunning_the_template_keeps_the_clerks_files(tmp_path: Path):
    root = make_template(tmp_path) / UNIT
    mine = root / indicator_folder_name(RUBRIC.indicator("1.2")) / "1.2 潍坊市奎文区实验小学-考核办法.pdf"
    mine.write_bytes(make("pdf", 5))
    make_template(tmp_path)
    assert mine.read_bytes() == make("pdf", 5)


def test_city_school_template_names_itself(tmp_path: Path):
    root = make_template(tmp_path, "潍坊市育才学校") / "潍坊市育才学校"
    text = (root / indicator_folder_name(RUBRIC.indicator("1.1")) / TEMPLATE_NOTE).read_text(
        encoding="utf-8-sig"
    )
    assert "以下 1 所学校" in text and "潍坊市育才学校（也可写作：育才学校）" in text


def test_unknown_unit_and_missing_roster_are_usage_errors(tmp_path: Path, capsys):
    _, roster, _ = demo_paths()
    assert main(["template", str(tmp_path / "o"), "--roster", str(roster), "--unit", "不存在的单位"]) == 2
    assert "奎文区教管办" in capsys.readouterr().err  # lists the units it knows
    with pytest.raises(SystemExit) as stop:
        main(["template", str(tmp_path / "o"), "--unit", UNIT])
    assert stop.value.code == 2
    assert not (tmp_path / "o").exists()
