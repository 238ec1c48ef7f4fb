"""evcheck rename / undo: canonical names, never overwriting, undo restores the exact tree."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

import app.journal as journal_mod
from app.cli import main
from app.demo import demo_paths
from app.demo_samples import make
from app.journal import apply, load, undo
from app.rename import MAX_COMPONENT, MAX_RELPATH, plan_renames, safe_component
from app.roster import load_roster
from app.rubric import load_rubric
from tests.realistic import Variant, write_case

RUBRIC = load_rubric()
NAMING_AND_PLACEMENT = {"name.fuzzy_match", "name.missing_unit", "file.unassigned", "file.extension_mismatch"}


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder below ``root``: files by content hash, folders as "dir"."""
    return {
        p.relative_to(root).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def demo_copy(tmp_path: Path) -> tuple[Path, Path, str]:
    folder, roster, unit = demo_paths()
    target = tmp_path / unit
    shutil.copytree(folder, target)
    return target, roster, unit


def check(folder: Path, roster: Path, unit: str, out: Path) -> dict:
    main(["check", str(folder), "--roster", str(roster), "--unit", unit, "--format", "json", "-o", str(out)])
    return json.loads(out.read_text(encoding="utf-8"))


def problems(report: dict) -> list[tuple[str, str]]:
    return [
        (f["path"], x["code"])
        for f in report["files"]
        for x in f["findings"]
        if x["code"] in NAMING_AND_PLACEMENT
    ]


def gaps(report: dict) -> set[tuple]:
    return {(g["indicator"], g["school"], g["need"]) for g in report["gaps"]}


def journal_from(out: str) -> Path:
    line = next(x for x in out.splitlines() if x.startswith("操作记录："))
    return Path(line.split("：", 1)[1])


@pytest.mark.parametrize("which", ["demo", "realistic"])
def test_round_trip_rename_check_undo(which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    if which == "demo":
        folder, roster, unit = demo_copy(tmp_path)
    else:
        case = write_case(tmp_path, Variant(6, section_folders=True, loose_files=True), RUBRIC)
        folder, roster, unit = case.folder, case.roster, case.unit
    before = snapshot(folder)
    report = check(folder, roster, unit, tmp_path / "before.json")

    assert main(["rename", str(folder), "--roster", str(roster), "--unit", unit]) == 0
    assert snapshot(folder) == before, "预览不应改动任何文件"
    capsys.readouterr()
    assert main(["rename", str(folder), "--roster", str(roster), "--unit", unit, "--apply"]) == 0
    journal = journal_from(capsys.readouterr().out)
    assert journal.is_file() and str(journal).startswith(str(tmp_path / "data"))
    assert snapshot(folder) != before

    after = check(folder, roster, unit, tmp_path / "after.json")
    assert len(problems(after)) < len(problems(report)), (problems(report), problems(after))
    assert gaps(after) <= gaps(report), "改名不应产生新的缺项"
    assert {f["path"] for f in after["files"]} != {f["path"] for f in report["files"]}
    for f in after["files"]:
        name = f["path"].rsplit("/", 1)[-1]
        assert safe_component(name) == name and len(f["path"]) <= MAX_RELPATH

    assert main(["undo", str(journal)]) == 0
    assert snapshot(folder) == before
    assert main(["undo", str(journal)]) == 0  # a second undo finds nothing to do
    assert snapshot(folder) == before


def test_renamed_names_are_canonical_and_stable(tmp_path: Path):
    folder, roster, unit = demo_copy(tmp_path)
    plan = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    dst = {r.src: r.dst for r in plan.renames}
    assert dst["1.7.家校沟通桥/潍坊市奎文区孙加小学沟通桥机制及清单.pdf"] == (
        "1.7.家校沟通桥/1.7 潍坊市奎文区孙家小学-沟通桥机制及清单.pdf"
    )
    assert (
        dst["1-2一把手负责制/东关初中考核办法.pdf"]
        == "1-2一把手负责制/1.2 潍坊市奎文区东关初级中学-考核办法.jpg"
    )
    assert dst["三、宣传推广/3.1 媒体报道/2020.10.15潍坊日报-奎文区教管办.jpg"].endswith(
        "/3.1 2020.10.15潍坊日报-奎文区教管办.jpg"
    )
    kept = dict(plan.kept)
    assert "汇总表.xlsx" in kept and "（四）台账/IMG_20201015_093012.jpg" in kept
    apply(plan.journal(), tmp_path / "j.json")
    again = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    assert again.renames == [], "规范名称再次改名应保持不变"


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "奎文区教管办"
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def test_collisions_get_numbered_and_nothing_is_overwritten(tmp_path: Path):
    a, b, c = make("pdf", 1), make("pdf", 2), make("pdf", 3)
    root = _folder(
        tmp_path,
        {
            "1.2 一把手/实验小学考核办法.pdf": a,
            "1.2 一把手/奎文实小考核办法.pdf": b,  # the same school by its other alias: same canonical name
            "1.2 一把手/1.2 潍坊市奎文区樱园小学-考核方案.pdf": c,  # already canonical
            "1.2 一把手/樱园小学考核方案.pdf": a + b"%",  # would take the canonical file's name
        },
    )
    _, roster, unit = demo_paths()
    plan = plan_renames(root, RUBRIC, load_roster(roster), unit)
    dsts = [r.dst for r in plan.renames]
    assert len(set(dsts)) == len(dsts)
    assert "1.2 一把手/1.2 潍坊市奎文区樱园小学-考核方案（2）.pdf" in dsts
    assert {
        "1.2 一把手/1.2 潍坊市奎文区实验小学-考核办法.pdf",
        "1.2 一把手/1.2 潍坊市奎文区实验小学-考核办法（2）.pdf",
    } <= set(dsts)
    contents = sorted(p.read_bytes() for p in root.rglob("*.pdf"))
    apply(plan.journal(), tmp_path / "j.json")
    assert sorted(p.read_bytes() for p in root.rglob("*.pdf")) == contents  # every byte still there


def test_move_never_overwrites_even_if_the_target_appears_after_the_preview(tmp_path: Path):
    root = _folder(tmp_path, {"1.2 一把手/实验小学考核办法.pdf": make("pdf", 1)})
    _, roster, unit = demo_paths()
    plan = plan_renames(root, RUBRIC, load_roster(roster), unit)
    (root / plan.renames[0].dst).write_bytes(b"someone else's file")
    j = apply(plan.journal(), tmp_path / "j.json")
    assert j.status == "failed" and "未覆盖" in j.ops[-1].result
    assert (root / plan.renames[0].dst).read_bytes() == b"someone else's file"
    assert (root / plan.renames[0].src).read_bytes() == make("pdf", 1)
    with pytest.raises(FileExistsError):
        journal_mod.move_no_overwrite(root / plan.renames[0].src, root / plan.renames[0].dst)


def test_names_are_valid_on_windows_and_not_over_long(tmp_path: Path):
    assert safe_component('a:b?c*"d|e<f>.pdf') == "a_b_c__d_e_f_.pdf"
    assert safe_component("CON.pdf") == "CON_.pdf"
    assert safe_component("lpt1") == "lpt1_"
    assert safe_component("名称. . ") == "名称"
    long = safe_component("长" * 300 + ".pdf")
    assert len(long) == MAX_COMPONENT and long.endswith(".pdf")

    root = _folder(
        tmp_path,
        {
            "1.2 一把手/实验小学:考核办法?.pdf": make("pdf", 1),
            "1.2 一把手/樱园小学" + "关于印发一把手负责制考核办法的通知" * 4 + ".pdf": make("pdf", 2),
            f"1.2 一把手/{'东关初中' + '材料' * 30}/{'子目录' * 24}/东关初中{'考核办法' * 10}.pdf": make(
                "pdf", 3
            ),
        },
    )
    _, roster, unit = demo_paths()
    plan = plan_renames(root, RUBRIC, load_roster(roster), unit)
    assert len(plan.renames) == 3
    for r in plan.renames:
        name = r.dst.rsplit("/", 1)[-1]
        assert safe_component(name) == name and len(name) <= MAX_COMPONENT and len(r.dst) <= MAX_RELPATH
        assert name.endswith(".pdf")


def test_read_only_files_are_renamed_and_restored_with_their_mode(tmp_path: Path):
    folder, roster, unit = demo_copy(tmp_path)
    ro = folder / "1-2一把手负责制" / "潍坊市奎文区樱园小学考核方案.pdf"
    ro.chmod(0o444)
    before = snapshot(folder)
    plan = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    j = apply(plan.journal(), tmp_path / "j.json")
    assert j.status == "applied"
    moved = folder / next(r.dst for r in plan.renames if r.src.endswith(ro.name))
    assert stat.S_IMODE(moved.stat().st_mode) == 0o444
    undo(tmp_path / "j.json")
    assert snapshot(folder) == before and stat.S_IMODE(ro.stat().st_mode) == 0o444


def test_a_file_that_cannot_be_moved_is_reported_and_the_rest_goes_on(tmp_path: Path, monkeypatch):
    folder, roster, unit = demo_copy(tmp_path)
    before = snapshot(folder)
    real = journal_mod.move_no_overwrite

    def locked(src: Path, dst: Path) -> None:
        if "樱园" in src.name:
            raise PermissionError(13, "文件被占用或只读")
        real(src, dst)

    monkeypatch.setattr(journal_mod, "move_no_overwrite", locked)
    plan = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    rc = main(
        [
            "rename",
            str(folder),
            "--roster",
            str(roster),
            "--unit",
            unit,
            "--apply",
            "--journal",
            str(tmp_path / "j.json"),
        ]
    )
    assert rc == 1
    j = load(tmp_path / "j.json")
    failed = [o for o in j.ops if o.result != "done"]
    assert failed and all("樱园" in o.src for o in failed)
    assert sum(o.result == "done" for o in j.ops) == len(plan.renames) - len(failed)
    monkeypatch.setattr(journal_mod, "move_no_overwrite", real)
    assert undo(tmp_path / "j.json").problems == []
    assert snapshot(folder) == before


class PowerCut(BaseException):
    """Stands for the process dying: nothing in apply may catch it."""


@pytest.mark.parametrize("after", [0, 1, 7])
def test_undo_after_an_interrupted_apply_restores_the_exact_tree(tmp_path: Path, monkeypatch, after: int):
    case = write_case(tmp_path, Variant(3, loose_files=True), RUBRIC)  # loose files: folders get created
    folder = case.folder
    (folder / "1.6 惠民服务特色校案例.pdf").write_bytes(make("pdf", 16))  # no 1.6 folder yet: one is made
    before = snapshot(folder)
    real, calls = journal_mod.move_no_overwrite, []

    def dying(src: Path, dst: Path) -> None:
        if len(calls) == after:
            raise PowerCut
        calls.append(src)
        real(src, dst)

    monkeypatch.setattr(journal_mod, "move_no_overwrite", dying)
    plan = plan_renames(folder, RUBRIC, load_roster(case.roster), case.unit)
    assert plan.mkdirs and len(plan.renames) > after
    with pytest.raises(PowerCut):
        apply(plan.journal(), tmp_path / "j.json")
    assert load(tmp_path / "j.json").status == "applying"
    monkeypatch.setattr(journal_mod, "move_no_overwrite", real)
    assert main(["undo", str(tmp_path / "j.json")]) == 0
    assert snapshot(folder) == before


def test_undo_after_dying_between_link_and_unlink(tmp_path: Path):
    folder, roster, unit = demo_copy(tmp_path)
    before = snapshot(folder)
    plan = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    j = plan.journal()
    journal_mod.save(j, tmp_path / "j.json")
    first = plan.renames[0]
    os.link(folder / first.src, folder / first.dst)  # the move's first half only
    assert undo(tmp_path / "j.json").problems == []
    assert snapshot(folder) == before


def test_a_file_that_vanished_after_the_preview_is_skipped(tmp_path: Path):
    folder, roster, unit = demo_copy(tmp_path)
    plan = plan_renames(folder, RUBRIC, load_roster(roster), unit)
    gone = folder / plan.renames[0].src
    gone.unlink()
    j = apply(plan.journal(), tmp_path / "j.json")
    assert "不存在" in j.ops[len(plan.mkdirs)].result
    assert sum(o.result == "done" for o in j.ops) == len(j.ops) - 1
    result = undo(tmp_path / "j.json")
    assert result.restored == len(plan.renames) - 1


def test_journal_that_cannot_be_written_leaves_the_folder_untouched(tmp_path: Path, capsys):
    folder, roster, unit = demo_copy(tmp_path)
    before = snapshot(folder)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    rc = main(
        [
            "rename",
            str(folder),
            "--roster",
            str(roster),
            "--unit",
            unit,
            "--apply",
            "--journal",
            str(blocker / "j.json"),
        ]
    )
    assert rc == 2
    assert "没有改动任何文件" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_rename_refuses_a_zip_and_undo_a_bad_journal(tmp_path: Path, capsys):
    z = tmp_path / "x.zip"
    z.write_bytes(make("docx", 1))
    assert main(["rename", str(z)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["undo", str(bad)]) == 2
    assert main(["undo", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert "不是文件夹" in err and "不是 evcheck 的操作记录" in err and "找不到操作记录" in err


def test_moves_work_where_hard_links_are_not_supported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """FAT USB sticks and some network shares refuse hard links: fall back, still never overwrite."""

    def no_links(*_args, **_kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "a.pdf").write_bytes(b"a")
    (tmp_path / "taken.pdf").write_bytes(b"t")
    journal_mod.move_no_overwrite(tmp_path / "a.pdf", tmp_path / "b.pdf")
    assert (tmp_path / "b.pdf").read_bytes() == b"a" and not (tmp_path / "a.pdf").exists()
    with pytest.raises(FileExistsError):
        journal_mod.move_no_overwrite(tmp_path / "b.pdf", tmp_path / "taken.pdf")
    assert (tmp_path / "taken.pdf").read_bytes() == b"t"


@pytest.mark.parametrize("seed", [1, 2, 4, 5, 9, 11])
def test_rename_never_adds_gaps_and_is_stable(seed: int, tmp_path: Path):
    """On messy generated folders: every rename applies, no requirement is lost, a second run is a no-op."""
    from app.check import drain, run_check

    case = write_case(
        tmp_path,
        Variant(seed, city_school=seed % 2 == 0, section_folders=seed > 4, loose_files=seed % 3 != 0),
        RUBRIC,
    )
    roster = load_roster(case.roster)
    before = drain(run_check(case.folder, rubric=RUBRIC, roster=roster, unit=case.unit))
    plan = plan_renames(case.folder, RUBRIC, roster, case.unit, report=before)
    assert apply(plan.journal(), tmp_path / "j.json").status == "applied"
    after = drain(run_check(case.folder, rubric=RUBRIC, roster=roster, unit=case.unit))
    assert {(g.indicator, g.school, g.need) for g in after.gaps} <= {
        (g.indicator, g.school, g.need) for g in before.gaps
    }
    assert plan_renames(case.folder, RUBRIC, roster, case.unit, report=after).renames == []
