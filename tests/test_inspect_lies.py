"""Files that lie: damaged Office/OFD files, photos that do not open, junk before %PDF-, big members."""

from __future__ import annotations

import io
import subprocess
import tempfile

import pytest
from openpyxl import Workbook
from PIL import Image

import app.inspect
from app import archive
from app.discover import Entry, discover
from app.inspect import inspect_entry
from app.inspect_office import pdf_export_hint
from app.model import FileKind
from app.sniff import CLAIMED, EXTENSIONS, kind_of
from tests.hostile import pdf_bytes, write, zip_bytes


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield
    archive.close_archives()


def inspect_file(tmp_path, name: str, data: bytes):
    path = write(tmp_path / name, data)
    return inspect_entry(Entry(rel=name, size=path.stat().st_size, mtime=0.0, container=str(tmp_path)))


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def docx_bytes() -> bytes:
    body = b"<w:document>" + b"<w:p>\xe6\x96\x87\xe5\xad\x97</w:p>" * 400 + b"</w:document>"
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": body, "_rels/.rels": b"<R/>"})


@pytest.mark.parametrize(
    ("name", "data", "detected", "shown"),
    [
        ("报表.xlsx", xlsx_bytes(), "xlsx", "Excel 表格"),
        ("总结.docx", docx_bytes(), "docx", "Word 文档"),
        ("总结.wps", docx_bytes(), "wps", "WPS 文字文档"),
        ("汇报.dps", docx_bytes(), "dps", "WPS 演示文稿"),
        (
            "发票.ofd",
            zip_bytes({"OFD.xml": b"<ofd:OFD/>" * 300, "Doc_0/Document.xml": b"<D/>" * 300}),
            "ofd",
            "OFD",
        ),
        ("无扩展名", xlsx_bytes(), "xlsx", "Excel 表格"),  # known by its first local headers alone
    ],
)
def test_truncated_document_is_a_damaged_document_not_a_zip(tmp_path, name, data, detected, shown):
    r = inspect_file(tmp_path, name, data[: len(data) // 2])
    assert (r.detected, r.kind, r.usable) == (detected, FileKind.DOCUMENT, False)
    assert "file.unreadable" in codes(r) and shown in r.findings[0].message
    assert all("压缩包" not in f.message for f in r.findings)


def test_docx_with_a_corrupt_main_part_is_damaged(tmp_path):
    data = bytearray(docx_bytes())
    at = data.index(b"word/document.xml") + 40  # inside its compressed data
    data[at : at + 20] = bytes(20)
    r = inspect_file(tmp_path, "总结.docx", bytes(data))
    assert (r.detected, codes(r)) == ("docx", ["file.unreadable"])


def test_plain_zip_named_docx_is_a_damaged_word_document(tmp_path):
    r = inspect_file(tmp_path, "总结.docx", zip_bytes({"a.txt": b"hello"}))
    assert (r.detected, codes(r), r.usable) == ("docx", ["file.unreadable"], False)
    ok = inspect_file(tmp_path, "材料.zip", zip_bytes({"a.txt": b"hello"}))
    assert (ok.detected, ok.findings) == ("zip", [])


def test_whole_documents_stay_fine(tmp_path):
    assert inspect_file(tmp_path, "报表.xlsx", xlsx_bytes()).findings == []
    r = inspect_file(tmp_path, "总结.wps", docx_bytes())
    assert (r.detected, r.findings) == ("docx", [])


def test_wps_presentation_and_ofd_hint():
    assert EXTENSIONS[".dps"] >= {"dps", "ppt", "pptx"} and CLAIMED[".dps"] == "dps"
    assert kind_of("dps") == FileKind.DOCUMENT and app.inspect.label("dps") == "WPS 演示文稿"
    assert "另存为 PDF" in pdf_export_hint("ofd") and "数科阅读器" in pdf_export_hint("ofd")
    assert "Word/WPS" in pdf_export_hint("docx")


def _image(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 160, 90)).save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "fmt"), [("a.avif", "AVIF"), ("a.jp2", "JPEG2000"), ("a.tif", "TIFF")])
def test_photos_are_decoded_not_just_recognised(tmp_path, name, fmt):
    good = _image(fmt)
    r = inspect_file(tmp_path, name, good)
    assert (r.kind, r.width, r.findings) == (FileKind.IMAGE, 80, [])
    cut = inspect_file(tmp_path, "cut-" + name, good[: len(good) * 2 // 3])
    assert codes(cut) == ["file.unreadable"] and not cut.usable


def test_every_page_of_a_tiff_is_decoded(tmp_path):
    pages = [Image.new("RGB", (120, 120), (i * 50, 0, 0)) for i in range(3)]
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:])
    data = buf.getvalue()
    assert inspect_file(tmp_path, "扫描.tif", data).pages == 3
    r = inspect_file(tmp_path, "扫描件.tif", data[: int(len(data) * 0.8)])  # the first pages are intact
    assert codes(r) == ["file.unreadable"] and "第 3 页" in r.findings[0].message


def test_fake_psd_is_not_accepted(tmp_path):
    r = inspect_file(tmp_path, "设计.psd", b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03" + b"\xff" * 300)
    assert (r.detected, codes(r)) == ("psd", ["file.unreadable"])


@pytest.mark.parametrize(
    "junk", [b"\xef\xbb\xbf", b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n", b"x" * 40_000]
)
def test_pdf_after_junk_is_a_pdf(tmp_path, junk):
    r = inspect_file(tmp_path, "下载.pdf", junk + pdf_bytes(2))
    assert (r.detected, r.pages, r.findings) == ("pdf", 2, [])


def test_pdf_beyond_64_kib_of_junk_is_not(tmp_path):
    r = inspect_file(tmp_path, "下载.pdf", b"x" * 70_000 + pdf_bytes(2))
    assert r.detected != "pdf" and r.kind != FileKind.PDF


def test_big_members_are_spooled_to_a_temporary_file_and_inspected_fully(tmp_path, monkeypatch):
    monkeypatch.setattr(app.inspect, "MAX_IN_MEMORY", 1000)
    spooled = []
    real = tempfile.TemporaryFile

    def counting(*args, **kwargs):
        spooled.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", counting)
    src = tmp_path / "src"
    write(src / "会议.pdf", pdf_bytes(3) + b"%" + b"\x00" * 2000)
    write(src / "坏.pdf", pdf_bytes(3)[:1500])
    subprocess.run(
        ["7z", "a", "-tzip", str(tmp_path / "材料.zip"), "."], cwd=src, check=True, capture_output=True
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    results = {e.rel: inspect_entry(e) for e in discover(tmp_path / "材料.zip").entries}
    assert (results["会议.pdf"].pages, results["会议.pdf"].findings) == (3, [])
    assert "shallow" not in results["会议.pdf"].extra
    assert codes(results["坏.pdf"]) == ["file.unreadable"]
    assert len(spooled) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing beside the submission
