"""Inspection by content: kind, format, pages, encryption, truncation, EXIF date, extension mismatch."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from PIL import Image

from app import archive
from app.discover import Entry, discover
from app.inspect import inspect_entry
from app.inspect_batch import inspect_many
from app.model import FileKind
from tests.hostile import (
    encrypted_pdf_bytes,
    html_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    truncated_jpeg_bytes,
    truncated_pdf_bytes,
    truncated_png_bytes,
    write,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's real cache
    yield
    archive.close_archives()


def inspect_file(tmp_path, name: str, data: bytes):
    path = write(tmp_path / name, data)
    st = path.stat()
    return inspect_entry(Entry(rel=name, size=st.st_size, mtime=st.st_mtime, container=str(tmp_path)))


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "_rels/.rels": b"<Relationships/>",
        }
    )


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def test_pdf_pages_and_kind(tmp_path):
    r = inspect_file(tmp_path, "会议记录.pdf", pdf_bytes(3))
    assert (r.kind, r.detected, r.pages, r.usable, r.findings) == (FileKind.PDF, "pdf", 3, True, [])


def test_encrypted_pdf_is_unusable(tmp_path):
    r = inspect_file(tmp_path, "加密.pdf", encrypted_pdf_bytes(user_password="123"))
    assert codes(r) == ["file.encrypted"] and not r.usable and r.kind == FileKind.PDF


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_owner_password_only_pdf_is_fine(tmp_path, algorithm):
    # AES-256 needs an AES provider (pycryptodome, a declared dependency): without it pypdf cannot
    # even check the empty password, and every "restrict editing" PDF would look locked.
    r = inspect_file(tmp_path, "限制打印.pdf", encrypted_pdf_bytes(user_password="", algorithm=algorithm))
    assert r.findings == [] and r.usable and r.pages == 1


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_user_password_pdf_is_encrypted(tmp_path, algorithm):
    r = inspect_file(tmp_path, "加密.pdf", encrypted_pdf_bytes(user_password="123", algorithm=algorithm))
    assert codes(r) == ["file.encrypted"] and not r.usable


def test_truncated_and_corrupt_pdfs_are_unreadable(tmp_path):
    truncated = inspect_file(tmp_path, "截断.pdf", truncated_pdf_bytes())
    garbage = inspect_file(tmp_path, "乱码.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20)
    for r in (truncated, garbage):
        assert codes(r) == ["file.unreadable"] and not r.usable and r.kind == FileKind.PDF
    assert "截断" in truncated.findings[0].message


def test_pdf_without_pages_is_empty(tmp_path):
    from pypdf import PdfWriter

    buf = io.BytesIO()
    PdfWriter().write(buf)
    r = inspect_file(tmp_path, "空白.pdf", buf.getvalue())
    assert codes(r) == ["file.empty"] and not r.usable and r.pages == 0


def test_jpeg_with_exif_date_and_size(tmp_path):
    r = inspect_file(tmp_path, "IMG_0001.jpg", jpeg_bytes((64, 48), exif_date="2020:10:15 09:30:00"))
    assert (r.kind, r.detected, r.width, r.height, r.exif_date) == (
        FileKind.IMAGE,
        "jpeg",
        64,
        48,
        "2020-10-15",
    )
    assert r.findings == [] and r.usable


def test_jpeg_without_exif_and_with_appended_video(tmp_path):
    # phones store "motion photos" as a JPEG followed by an MP4: still a complete JPEG
    r = inspect_file(tmp_path, "MVIMG.jpg", jpeg_bytes() + b"\x00\x00\x00\x18ftypmp42" + b"\x11" * 5000)
    assert r.findings == [] and r.exif_date is None


def test_truncated_images_are_unreadable(tmp_path):
    for name, data in (("截断.jpg", truncated_jpeg_bytes()), ("截断.png", truncated_png_bytes())):
        r = inspect_file(tmp_path, name, data)
        assert codes(r) == ["file.unreadable"] and not r.usable and r.kind == FileKind.IMAGE, name
        assert "不完整" in r.findings[0].message


def test_png_gif_bmp_webp_tiff_are_recognised(tmp_path):
    for fmt, ext in (("GIF", "gif"), ("BMP", "bmp"), ("WEBP", "webp"), ("TIFF", "tif")):
        buf = io.BytesIO()
        Image.new("RGB", (20, 10), (1, 2, 3)).save(buf, fmt)
        r = inspect_file(tmp_path, f"a.{ext}", buf.getvalue())
        assert (r.kind, r.width, r.height, r.findings) == (FileKind.IMAGE, 20, 10, []), fmt
    r = inspect_file(tmp_path, "b.png", png_bytes((40, 30)))
    assert (r.detected, r.width, r.findings) == ("png", 40, [])


def test_heic_is_an_image_by_content(tmp_path):
    import pillow_heif

    buf = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (32, 24), (9, 8, 7))).save(buf, quality=50)
    r = inspect_file(tmp_path, "IMG_1234.HEIC", buf.getvalue())
    assert (r.kind, r.detected, r.findings, r.width) == (FileKind.IMAGE, "heic", [], 32)
    # Changed with the decode check: a bare HEIC header no longer passes as a photo.
    head = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    r = inspect_file(tmp_path, "IMG_1235.HEIC", head)
    assert (r.kind, r.detected, codes(r), r.usable) == (FileKind.IMAGE, "heic", ["file.unreadable"], False)


def test_jpeg_saved_as_pdf_is_a_mismatch(tmp_path):
    r = inspect_file(tmp_path, "报纸.pdf", jpeg_bytes())
    assert (r.kind, r.detected) == (FileKind.IMAGE, "jpeg")
    assert codes(r) == ["file.extension_mismatch"] and r.usable
    assert ".pdf" in r.findings[0].message and "JPEG" in r.findings[0].message


def test_photo_without_extension_is_a_mismatch(tmp_path):
    r = inspect_file(tmp_path, "IMG_0002", jpeg_bytes())
    assert codes(r) == ["file.extension_mismatch"] and r.detected == "jpeg"


def test_office_documents_by_content(tmp_path):
    assert inspect_file(tmp_path, "a.docx", docx_bytes()).detected == "docx"
    r = inspect_file(tmp_path, "台账.xlsx", xlsx_bytes())
    assert (r.kind, r.detected, r.findings) == (FileKind.DOCUMENT, "xlsx", [])
    r = inspect_file(tmp_path, "总结.pdf", docx_bytes())  # a .docx renamed to .pdf by hand
    assert (r.kind, r.detected, codes(r)) == (FileKind.DOCUMENT, "docx", ["file.extension_mismatch"])
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00\x00"
    )
    r = inspect_file(tmp_path, "旧文档.doc", ole)
    assert (r.kind, r.detected, r.findings) == (FileKind.DOCUMENT, "doc", [])


def test_html_text_and_unknown(tmp_path):
    r = inspect_file(tmp_path, "通知.pdf", html_bytes())
    assert (r.kind, r.detected, codes(r)) == (FileKind.OTHER, "html", ["file.extension_mismatch"])
    r = inspect_file(tmp_path, "工作说明.txt", "这是说明".encode("gbk"))
    assert (r.detected, r.findings) == ("text", [])
    r = inspect_file(tmp_path, "a.dat", bytes(range(256)) * 4)
    assert (r.kind, r.detected, r.findings) == (FileKind.OTHER, "unknown", [])
    r = inspect_file(tmp_path, "坏照片.jpg", bytes(range(256)) * 4)  # claims to be a photo, is noise
    assert codes(r) == ["file.unreadable"] and not r.usable and "JPEG 图片" in r.findings[0].message


def test_nested_zip_content_is_an_archive(tmp_path):
    r = inspect_file(tmp_path, "材料.pdf", zip_bytes({"a.txt": b"a"}))
    assert (r.kind, r.detected, codes(r)) == (FileKind.ARCHIVE, "zip", ["file.extension_mismatch"])


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n\t  ", b"\x00" * 20_000], ids=["zero", "whitespace", "nul-filled"]
)
def test_empty_files(tmp_path, data):
    r = inspect_file(tmp_path, "空.pdf", data)
    assert (r.detected, codes(r), r.usable) == ("empty", ["file.empty"], False)


def test_vanished_file_gets_a_verdict(tmp_path):
    entry = Entry(rel="gone.pdf", size=10, mtime=0.0, container=str(tmp_path))
    r = inspect_entry(entry)
    assert codes(r) == ["file.skipped"] and not r.usable


def test_zip_members_are_inspected_in_place(tmp_path):
    data = zip_bytes(
        {
            "1.1/会议.pdf": pdf_bytes(2),
            "2.1/照片.jpg": jpeg_bytes(exif_date="2021:03:04 10:00:00"),
            "2.1/截断.jpg": truncated_jpeg_bytes(),
            "2.2/伪装.pdf": jpeg_bytes(),
        }
    )
    source = write(tmp_path / "unit.zip", data)
    results = {e.rel: r for e, r in inspect_many(discover(source).entries)}
    assert results["1.1/会议.pdf"].pages == 2 and results["1.1/会议.pdf"].findings == []
    assert results["2.1/照片.jpg"].exif_date == "2021-03-04"
    assert codes(results["2.1/截断.jpg"]) == ["file.unreadable"]
    assert codes(results["2.2/伪装.pdf"]) == ["file.extension_mismatch"]
    assert not any(p.is_file() for p in tmp_path.iterdir() if p != source)  # nothing extracted


def test_corrupt_zip_member_is_unreadable(tmp_path):
    data = bytearray(zip_bytes({"a.pdf": pdf_bytes(1) * 3}))
    middle = data.index(b"PK\x01\x02") // 2
    data[middle : middle + 50] = b"\xff" * 50  # damage the compressed data
    source = write(tmp_path / "bad.zip", bytes(data))
    ((_, r),) = inspect_many(discover(source).entries)
    assert codes(r) == ["file.unreadable"] and not r.usable


def test_stray_bytes_between_jpeg_segments_are_tolerated_like_decoders_do(tmp_path):
    data = jpeg_bytes((64, 48))
    # insert junk right after the first segment following SOI (libjpeg skips it with a warning)
    first_len = int.from_bytes(data[4:6], "big")
    at = 4 + first_len
    r = inspect_file(tmp_path, "a.jpg", data[:at] + b"\x00\x13\x37junk" + data[at:])
    assert r.findings == [] and r.usable and r.width == 64


def test_png_missing_only_its_end_chunk_is_usable(tmp_path):
    data = png_bytes((50, 50))
    r = inspect_file(tmp_path, "a.png", data[:-12])  # IEND cut off, image data complete
    assert r.findings == [] and r.usable


def test_pdf_with_broken_cross_reference_is_repaired_like_viewers_do(tmp_path):
    data = pdf_bytes(3)
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n999999\n%%EOF\n"  # points nowhere; the trailer is intact
    broken = broken.replace(b"/Type /Pages", b"/Type /Pages /Kids 5 0 R", 1)  # and the page tree is damaged
    r = inspect_file(tmp_path, "修复.pdf", broken)
    assert r.findings == [] and r.usable and r.pages == 3
    assert r.extra.get("repaired") is True
    # without its trailer (a truncated file) nothing can be rebuilt
    r = inspect_file(tmp_path, "截断.pdf", broken[: broken.rindex(b"trailer")])
    assert [f.code for f in r.findings] == ["file.unreadable"]


def test_encrypted_pdf_is_never_repaired_into_usable(tmp_path):
    data = encrypted_pdf_bytes(user_password="123")
    start = data.rindex(b"startxref")
    r = inspect_file(tmp_path, "加密损坏.pdf", data[:start] + b"startxref\n999999\n%%EOF\n")
    assert not r.usable


def test_big_blank_file_is_sampled_not_read_whole(tmp_path, monkeypatch):
    from app import inspect as inspect_mod

    monkeypatch.setattr(inspect_mod, "_BLANK_FULL_SCAN", 2 * 1024 * 1024)
    blank, tail = tmp_path / "zeros.pdf", tmp_path / "tail.pdf"
    for path in (blank, tail):
        with open(path, "wb") as fh:
            fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB of zeros, as an interrupted copy leaves
    with open(tail, "r+b") as fh:
        fh.seek(-100, 2)
        fh.write(b"%%EOF trailer bytes")

    def entry(path):
        st = path.stat()
        return Entry(rel=path.name, size=st.st_size, mtime=st.st_mtime, container=str(tmp_path))

    assert codes(inspect_entry(entry(blank))) == ["file.empty"]
    assert inspect_entry(entry(tail)).detected != "empty"
