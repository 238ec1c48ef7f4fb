"""evcheck convert: photos → one PDF in page order, HEIC → JPG, beside the originals, undoable."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from app.cli import main
from app.convert import heic_to_jpeg, images_to_pdf, natural_key
from app.demo import demo_paths
from app.demo_samples import make

UNIT = "奎文区教管办"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def jpeg_of_size(w: int, h: int, orientation: int | None = None) -> bytes:
    im = Image.new("RGB", (w, h), (200, 30, 30))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif)
    return out.getvalue()


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def test_pages_follow_the_natural_order_of_names(tmp_path: Path):
    names = {"扫描10.jpg": (300, 100), "扫描2.jpg": (200, 100), "扫描1.jpg": (100, 100)}
    for name, size in names.items():
        (tmp_path / name).write_bytes(jpeg_of_size(*size))
    ordered = sorted(names, key=natural_key)
    assert ordered == ["扫描1.jpg", "扫描2.jpg", "扫描10.jpg"]
    images_to_pdf([tmp_path / n for n in ordered], tmp_path / "out.pdf")
    widths = [round(float(p.mediabox.width)) for p in PdfReader(tmp_path / "out.pdf").pages]
    assert widths == [round(w * 72 / 150) for w in (100, 200, 300)]


def test_phone_rotation_is_applied_and_heic_becomes_jpeg(tmp_path: Path):
    (tmp_path / "竖拍.jpg").write_bytes(jpeg_of_size(120, 60, orientation=6))  # stored sideways
    images_to_pdf([tmp_path / "竖拍.jpg"], tmp_path / "p.pdf")
    page = PdfReader(tmp_path / "p.pdf").pages[0]
    assert float(page.mediabox.height) > float(page.mediabox.width)
    (tmp_path / "a.HEIC").write_bytes(make("heic", 1))
    heic_to_jpeg(tmp_path / "a.HEIC", tmp_path / "a.jpg")
    with Image.open(tmp_path / "a.jpg") as im:
        assert im.format == "JPEG" and im.size == (160, 120)


def messy(tmp_path: Path) -> Path:
    root = tmp_path / UNIT
    (root / "1.2 一把手").mkdir(parents=True)
    (root / "1.1 制度").mkdir()
    for n in (1, 2, 10):
        (root / "1.2 一把手" / f"实验小学考核办法扫描{n}.jpg").write_bytes(make("jpeg", n))
    (root / "1.1 制度" / "樱园小学制度上墙.HEIC").write_bytes(make("heic", 4))
    (root / "1.1 制度" / "樱园小学制度上墙.jpg").write_bytes(b"a name already taken")
    (root / "1.2 一把手" / "樱园小学考核办法.docx").write_bytes(make("docx", 4))
    return root


def check(root: Path, out: Path) -> dict:
    _, roster, _ = demo_paths()
    main(["check", str(root), "--roster", str(roster), "--format", "json", "-o", str(out)])
    return json.loads(out.read_text(encoding="utf-8"))


def test_convert_preview_apply_check_undo(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = messy(tmp_path)
    _, roster, _ = demo_paths()
    before = snapshot(root)
    gaps_before = {(g["indicator"], g["school"]) for g in check(root, tmp_path / "a.json")["gaps"]}
    assert ("1.2", "潍坊市奎文区实验小学") in gaps_before

    assert main(["convert", str(root), "--roster", str(roster)]) == 0
    said = capsys.readouterr().out
    assert snapshot(root) == before
    assert "另存为→PDF" in said and "樱园小学考核办法.docx" in said

    assert main(["convert", str(root), "--roster", str(roster), "--apply"]) == 0
    said = capsys.readouterr().out
    journal = Path(next(x for x in said.splitlines() if x.startswith("操作记录：")).split("：", 1)[1])
    after = snapshot(root)
    assert {k: v for k, v in after.items() if k in before} == before, "原文件必须保持不动"
    new = sorted(set(after) - set(before))
    assert new == [
        "1.1 制度/樱园小学制度上墙（2）.jpg",
        "1.2 一把手/1.2 潍坊市奎文区实验小学-出台的考核文件（3页）.pdf",
    ]
    assert len(PdfReader(root / new[1]).pages) == 3
    assert (root / "1.1 制度" / "樱园小学制度上墙.jpg").read_bytes() == b"a name already taken"

    gaps_after = {(g["indicator"], g["school"]) for g in check(root, tmp_path / "b.json")["gaps"]}
    assert gaps_after == gaps_before - {("1.2", "潍坊市奎文区实验小学")}

    assert main(["undo", str(journal)]) == 0
    assert snapshot(root) == before


def test_undo_keeps_a_converted_file_edited_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = messy(tmp_path)
    _, roster, _ = demo_paths()
    j = tmp_path / "j.json"
    assert main(["convert", str(root), "--roster", str(roster), "--apply", "--journal", str(j)]) == 0
    pdf = root / "1.2 一把手" / "1.2 潍坊市奎文区实验小学-出台的考核文件（3页）.pdf"
    pdf.write_bytes(make("pdf", 99))  # the clerk replaced it with a proper scan
    assert main(["undo", str(j)]) == 1
    assert pdf.read_bytes() == make("pdf", 99)
    assert "被修改过" in capsys.readouterr().out


def test_nothing_to_convert_in_a_clean_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = tmp_path / UNIT / "1.3 领导小组"
    root.mkdir(parents=True)
    (root / "成立领导小组的通知.pdf").write_bytes(make("pdf", 1))
    _, roster, _ = demo_paths()
    assert main(["convert", str(tmp_path / UNIT), "--roster", str(roster), "--apply"]) == 0
    assert "没有需要自动转换的文件" in capsys.readouterr().out


def test_set_aside_moves_converted_originals_out_and_undo_brings_them_back(tmp_path: Path, capsys):
    work = tmp_path / "work"
    root = messy(work)
    (root / "1.1 制度" / "樱园小学制度上墙.jpg").unlink()
    _, roster, _ = demo_paths()
    before = snapshot(work)
    j = tmp_path / "j.json"
    assert (
        main(["convert", str(root), "--roster", str(roster), "--apply", "--set-aside", "--journal", str(j)])
        == 0
    )
    aside = work / f"{UNIT}-已转换的原件"
    assert (aside / "1.2 一把手" / "实验小学考核办法扫描10.jpg").read_bytes() == make("jpeg", 10)
    assert (aside / "1.1 制度" / "樱园小学制度上墙.HEIC").read_bytes() == make("heic", 4)
    report = check(root, tmp_path / "c.json")
    flagged = {
        f["path"] for f in report["files"] for x in f["findings"] if x["code"] == "file.format_not_accepted"
    }
    assert flagged == {"1.2 一把手/樱园小学考核办法.docx"}  # only what needs a person: Word → PDF
    assert main(["undo", str(j)]) == 0
    assert snapshot(work) == before
