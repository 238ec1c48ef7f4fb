"""PDFium's second opinion: a PDF is broken only when pypdf and PDFium both fail; portfolios."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from app.discover import Entry
from app.inspect import inspect_entry
from tests.hostile import encrypted_pdf_bytes, pdf_bytes, write

FIXTURES = Path(__file__).parent / "fixtures" / "pdfs"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def inspect_file(tmp_path, name: str, data: bytes):
    path = write(tmp_path / name, data)
    return inspect_entry(Entry(rel=name, size=path.stat().st_size, mtime=0.0, container=str(tmp_path)))


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize(
    "name", ["PDFBOX-4352-0.pdf", "poppler-937-0-fuzzed.pdf", "encrypted-attachment.pdf"]
)
def test_pdfjs_files_pypdf_misjudges_open_with_pdfium(tmp_path, name):
    r = inspect_file(tmp_path, name, (FIXTURES / name).read_bytes())
    assert (r.findings, r.usable, r.pages) == ([], True, 1)  # what poppler's pdfinfo says too
    assert r.extra["opened_by"] == "pdfium"


def test_broken_for_both_says_which_failed(tmp_path):
    data = pdf_bytes(2)
    mangled = data[:9] + bytes(b ^ 0x5A for b in data[9:])  # a header, then noise
    r = inspect_file(tmp_path, "乱码.pdf", mangled)
    assert codes(r) == ["file.unreadable"] and not r.usable
    assert "pypdf 与 PDFium 都无法打开" in r.findings[0].message


def test_user_password_stays_encrypted_for_both(tmp_path):
    r = inspect_file(tmp_path, "加密.pdf", encrypted_pdf_bytes(user_password="123"))
    assert codes(r) == ["file.encrypted"] and not r.usable


def test_pdfium_gives_the_page_count_when_pypdf_fails(tmp_path, monkeypatch):
    import app.inspect_pdf as inspect_pdf

    def pypdf_fails(fp):
        return inspect_pdf.Inspection(
            kind=inspect_pdf.FileKind.PDF,
            detected="pdf",
            findings=[inspect_pdf.finding("file.unreadable", "x")],
        )

    monkeypatch.setattr(inspect_pdf, "_read", pypdf_fails)  # in-process inspection: this process only
    r = inspect_file(tmp_path, "四页.pdf", pdf_bytes(4))
    assert (codes(r), r.pages, r.extra.get("opened_by")) == ([], 4, "pdfium")


def _with_attachment(name: str, data: bytes, pages: int = 1, collection: bool = False) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    writer.add_attachment(name, data)
    if collection:
        writer._root_object[NameObject("/Collection")] = DictionaryObject()
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_portfolio_gets_a_warning_and_stays_usable(tmp_path):
    r = inspect_file(tmp_path, "文件包.pdf", _with_attachment("会议记录.pdf", pdf_bytes(3)))
    assert codes(r) == ["pdf.portfolio"] and r.usable and "会议记录.pdf" in r.findings[0].message
    r = inspect_file(tmp_path, "合集.pdf", _with_attachment("a.xml", b"<a/>", pages=5, collection=True))
    assert codes(r) == ["pdf.portfolio"]
    r = inspect_file(tmp_path, "issue18030.pdf", (FIXTURES / "issue18030.pdf").read_bytes())
    assert codes(r) == ["pdf.portfolio"]


def test_invoice_with_an_xml_attachment_is_no_portfolio(tmp_path):
    r = inspect_file(tmp_path, "电子发票.pdf", _with_attachment("invoice.xml", b"<invoice/>"))
    assert r.findings == [] and r.pages == 1
    r = inspect_file(tmp_path, "报告.pdf", _with_attachment("附件.pdf", pdf_bytes(1), pages=6))
    assert r.findings == []  # a real report with an attachment: its pages are the document
