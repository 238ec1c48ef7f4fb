"""Hostile files: each gets its verdict within the time limit, the run goes on, the submission is untouched."""

from __future__ import annotations

import pytest

from app import archive
from app.discover import discover
from app.inspect_batch import inspect_many
from app.model import FileKind
from tests import hostile as h

TIME_LIMIT = 8.0

HOSTILE_FILES = {
    # name -> (bytes generator, expected finding codes, expected detected format)
    "1.1/循环交叉引用.pdf": (h.circular_xref_pdf_bytes, [], "pdf"),  # poppler opens it: so must we
    "1.1/超深页面树.pdf": (h.deep_page_tree_pdf_bytes, ["file.unreadable"], "pdf"),
    # pypdf stops at its 75 MB limit; PDFium (the second opinion, in the same memory-capped and
    # killable worker) opens it, as viewers do: no longer called broken (changed with PDFium).
    "1.1/解压炸弹.pdf": (h.flate_bomb_pdf_bytes, [], "pdf"),
    "1.1/超大长度.pdf": (h.huge_length_pdf_bytes, [], "pdf"),  # content is never decoded, so harmless
    "1.1/截断.pdf": (h.truncated_pdf_bytes, ["file.unreadable"], "pdf"),
    "2.1/像素炸弹.png": (h.pixel_bomb_png_bytes, ["file.unreadable"], "png"),
    "2.1/像素炸弹.gif": (h.pixel_bomb_gif_bytes, ["file.unreadable"], "gif"),
    "2.1/截断照片.jpg": (h.truncated_jpeg_bytes, ["file.unreadable"], "jpeg"),
    "2.1/其实是网页.pdf": (h.html_bytes, ["file.extension_mismatch"], "html"),
}
GOOD_FILES = {
    "1.1/正常0.pdf": lambda: h.pdf_bytes(2),
    "2.1/正常1.jpg": h.jpeg_bytes,
    "2.1/正常2.png": h.png_bytes,
    "3.1/正常3.pdf": lambda: h.pdf_bytes(1),
}
HOSTILE_ZIPS = {
    "zip-slip.zip": h.zip_slip_bytes,
    "overlap.zip": h.overlapping_zip_bytes,
    "bomb.zip": h.zip_bomb_bytes,
}


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield
    archive.close_archives()


@pytest.fixture(scope="module")
def submission(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "某教管办"
    for name, (make, _, _) in HOSTILE_FILES.items():
        h.write(root / name, make())
    for name, make in GOOD_FILES.items():
        h.write(root / name, make())
    return root


def test_every_hostile_file_gets_its_verdict_and_the_run_goes_on(submission):
    entries = discover(submission).entries
    results = {e.rel: r for e, r in inspect_many(entries, timeout=TIME_LIMIT, use_cache=False)}

    assert set(results) == set(HOSTILE_FILES) | set(GOOD_FILES)  # every file, exactly once
    for name, (_, expected_codes, detected) in HOSTILE_FILES.items():
        result = results[name]
        assert [f.code for f in result.findings] == expected_codes, name
        assert result.detected == detected, name
        assert result.usable == (expected_codes in ([], ["file.extension_mismatch"])), name
    for name in GOOD_FILES:
        assert results[name].findings == [] and results[name].usable, name
    assert results["2.1/像素炸弹.png"].kind == FileKind.IMAGE
    assert "100000×100000" in results["2.1/像素炸弹.png"].findings[0].message


def test_submission_is_byte_identical_after_a_check(submission, tmp_path):
    for name, make in HOSTILE_ZIPS.items():
        h.write(submission / "压缩包" / name, make())
    before = h.snapshot(submission)
    names_before = sorted(p.name for p in submission.rglob("*"))

    found = discover(submission)
    list(inspect_many(found.entries, timeout=TIME_LIMIT))  # with the cache: it must live elsewhere
    for name in HOSTILE_ZIPS:
        zipped = discover(submission / "压缩包" / name)
        list(inspect_many(zipped.entries, timeout=TIME_LIMIT))
    archive.close_archives()

    assert h.snapshot(submission) == before
    assert sorted(p.name for p in submission.rglob("*")) == names_before


@pytest.mark.parametrize("name", sorted(HOSTILE_ZIPS))
def test_hostile_zips_are_refused_entry_by_entry(tmp_path, name):
    source = h.write(tmp_path / name, HOSTILE_ZIPS[name]())
    found = discover(source)
    refused = {(i if isinstance(i, str) else i.rel): f.code for i, f in found.refused}
    assert refused and set(refused.values()) == {"archive.unsafe"}
    results = dict(inspect_many(found.entries, timeout=TIME_LIMIT, use_cache=False))
    # what is left is safe and gets an ordinary verdict
    assert all(r.findings == [] for r in results.values())
    assert sorted(p.name for p in tmp_path.rglob("*")) == [name]  # nothing extracted next to it
