"""The bundled demo: deterministic, committed exactly as the generator writes it, small, real files."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from app.demo import demo_paths, demo_spec, write_demo
from app.demo_samples import make
from app.resources import resource_path

DEMO = resource_path("demo")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo(tmp_path_factory.mktemp("demo"))


# Bytes made by an encoder (libjpeg, zlib, libheif, pypdf) may change with a library release;
# everything else (roster, README, expected results, junk) must match the committed demo exactly.
_ENCODED = (b"\xff\xd8\xff", b"\x89PNG", b"%PDF-", b"PK\x03\x04")


def test_committed_demo_is_what_the_generator_writes(regenerated: Path):
    committed, fresh = tree(DEMO), tree(regenerated)
    assert set(committed) == set(fresh), "resources/demo 已过期：运行 python -m app.demo 重新生成"
    for rel in committed:
        old, new = (DEMO / rel).read_bytes(), (regenerated / rel).read_bytes()
        if old.startswith(_ENCODED) or old[4:12] == b"ftypheic":
            assert new[:8] == old[:8] and 0.8 < len(new) / max(1, len(old)) < 1.25, rel
        else:
            assert committed[rel] == fresh[rel], rel


def test_generator_is_deterministic(regenerated: Path, tmp_path: Path):
    assert tree(write_demo(tmp_path)) == tree(regenerated)


def test_demo_is_under_two_megabytes():
    total = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert total < 2 * 1024 * 1024, total


def test_demo_paths_point_at_the_bundled_demo():
    folder, roster, unit = demo_paths()
    assert folder.is_dir() and folder.name == unit
    head = roster.read_bytes()
    assert head.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel likes it
    assert head.decode("utf-8-sig").splitlines()[0] == "单位,学校,别名"
    assert unit in head.decode("utf-8-sig")


def test_every_spec_file_exists_and_readme_lists_every_problem():
    folder, _, _ = demo_paths()
    spec = demo_spec()
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    for f in spec.files:
        assert (folder / f.path).is_file(), f.path
        if f.problem:
            assert f.path in readme
    expected = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
    assert expected["gaps"] and {g["indicator"] for g in expected["gaps"]} <= {"1.1", "1.2", "1.4", "1.5"}


def test_planted_files_really_are_what_they_claim():
    folder, _, _ = demo_paths()
    by_content = {f.content: folder / f.path for f in demo_spec().files}
    assert PdfReader(by_content["pdf"]).pages
    assert PdfReader(by_content["encrypted_pdf"]).is_encrypted
    assert by_content["empty"].stat().st_size == 0
    assert by_content["jpeg_as_pdf"].read_bytes()[:3] == b"\xff\xd8\xff"
    assert not by_content["truncated_jpeg"].read_bytes().endswith(b"\xff\xd9")
    with zipfile.ZipFile(by_content["docx"]) as z:
        assert "word/document.xml" in z.namelist()
    with Image.open(by_content["jpeg"]) as im:
        assert im.size == (320, 240)
        assert im.getexif().get_ifd(0x8769)[0x9003] == "2020:10:15 09:30:00"  # DateTimeOriginal


def test_samples_differ_by_seed_but_not_by_call():
    assert make("jpeg", 1) == make("jpeg", 1) != make("jpeg", 2)
    assert make("pdf", 1) == make("pdf", 1) != make("pdf", 2)
    assert make("heic", 3)[4:12] == b"ftypheic"  # an iPhone-style HEIC container
