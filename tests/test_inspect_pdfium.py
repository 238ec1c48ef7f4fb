"""PDFium's second opinion: a PDF is broken only when pypdf and PDFium both fail; portfolios."""

from __future__ import annotations

import hashlib
import io
import time
import zlib
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


# --- files pdf.js's corpus taught us about, rebuilt small here (the originals are 40 KB – 1.5 MB) ---


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_ID = bytes(range(16))
_PAGE_TREE = {
    2: b"<< /Type /Catalog /Pages 3 0 R >>",
    3: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    4: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] >>",
}


def _rc4_40_v4(padded: bool) -> tuple[bytes, bytes]:
    """An encryption dictionary V4/R4, crypt filter /V2 with a 5-byte key, empty user password; and
    the object key of object 1. ``padded``: the key zero-padded to 16 bytes as Acrobat derives it."""
    from pypdf._encryption import AlgV4  # the standard's algorithms 2, 3 and 5

    p = -3392
    o = AlgV4.compute_O_value(AlgV4.compute_O_value_key(b"owner", 4, 40), b"", 4)
    key = AlgV4.compute_key(b"", 4, 40, o, p & 0xFFFFFFFF, _ID, True)
    u = AlgV4.compute_U_value(key, 4, _ID)
    file_key = key.ljust(16, b"\0") if padded else key
    object_key = hashlib.md5(file_key + b"\1\0\0\0\0").digest()[: min(len(file_key) + 5, 16)]
    entry = b"<< /Filter /Standard /V 4 /R 4 /Length 40 /P %d /O <%s> /U <%s> " % (
        p,
        o.hex().encode(),
        u.hex().encode(),
    )
    entry += b"/CF << /StdCF << /CFM /V2 /Length 5 /AuthEvent /DocOpen >> >> /StmF /StdCF /StrF /StdCF >>"
    return entry, object_key


def _object_stream_pdf(inner: dict[int, bytes], encrypt: tuple[bytes, bytes] | None = None) -> bytes:
    """A PDF 1.5+ file: ``inner`` objects in one object stream (object 1), an /XRef stream, /Root 2 0 R."""
    numbers = sorted(inner)
    header, body, at = [], b"", 0
    for n in numbers:
        header.append(b"%d %d" % (n, at))
        body += inner[n] + b"\n"
        at += len(inner[n]) + 1
    head = b" ".join(header) + b"\n"
    data = zlib.compress(head + body)
    if encrypt is not None:
        data = _rc4(encrypt[1], data)
    out = bytearray(b"%PDF-1.7\n")
    offsets = {1: len(out)}
    out += b"1 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(inner),
        len(head),
        len(data),
    )
    out += data + b"\nendstream\nendobj\n"
    enc_ref = b""
    xref_number = numbers[-1] + 1
    if encrypt is not None:
        offsets[xref_number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (xref_number, encrypt[0])
        enc_ref = b" /Encrypt %d 0 R" % xref_number
        xref_number += 1
    offsets[xref_number] = len(out)
    index = {n: i for i, n in enumerate(numbers)}
    rows = [b"\0\0\0\0\0\xff\xff"]
    for n in range(1, xref_number + 1):
        if n in offsets:
            rows.append(b"\1" + offsets[n].to_bytes(4, "big") + b"\0\0")
        else:
            rows.append(b"\2\0\0\0\1" + index[n].to_bytes(2, "big"))
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 2 0 R%s /ID [<%s><%s>] /Length %d >>\nstream\n"
        % (
            xref_number,
            xref_number + 1,
            enc_ref,
            _ID.hex().encode(),
            _ID.hex().encode(),
            len(table),
        )
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


@pytest.mark.parametrize("padded", [False, True])
def test_rc4_v4_short_key_opens_as_the_standard_and_as_acrobat_derive_it(tmp_path, padded):
    # pdf.js issue19484: Acrobat zero-pads a V4 key under 16 bytes; PDFium and poppler do not (poppler
    # shows a blank 0×0 page), pdf.js does. The standard's reading is tried first.
    data = _object_stream_pdf(_PAGE_TREE, _rc4_40_v4(padded))
    r = inspect_file(tmp_path, "rc4.pdf", data)
    assert (r.findings, r.pages, r.extra.get("padded_key", False)) == ([], 1, padded)


def test_short_key_with_a_user_password_stays_encrypted(tmp_path):
    entry, key = _rc4_40_v4(padded=True)
    locked = (
        entry.replace(b"/U <", b"/U <ff")[: entry.index(b"/U <") + 4 + 64]
        + entry[entry.index(b"/U <") + 68 :]
    )
    r = inspect_file(tmp_path, "锁.pdf", _object_stream_pdf(_PAGE_TREE, (locked, key)))
    assert codes(r) == ["file.encrypted"] and not r.usable


def test_huge_object_stream_is_counted_by_pdfium_in_a_moment(tmp_path):
    # pdf.js bug1978317: 65 542 objects in one stream take pypdf 15 s, past the worker's timeout
    filler = {n: b"<< /X %d >>" % n for n in range(5, 5 + inspect_pdf_module().MAX_PYPDF_OBJECT_STREAM)}
    data = _object_stream_pdf({**_PAGE_TREE, **filler})
    started = time.monotonic()
    r = inspect_file(tmp_path, "大.pdf", data)
    assert (r.findings, r.pages, r.extra.get("opened_by")) == ([], 1, "pdfium")
    assert time.monotonic() - started < 5


def test_huge_object_stream_pdfium_cannot_open_still_gets_pypdf(tmp_path, monkeypatch):
    ip = inspect_pdf_module()
    monkeypatch.setattr(ip, "MAX_PYPDF_OBJECT_STREAM", 2)  # in-process inspection: this process only
    monkeypatch.setattr(ip, "_read", _with_limit(ip._read, 2))
    monkeypatch.setattr(ip, "_pdfium", _pdfium_fails)
    r = inspect_file(tmp_path, "三个对象.pdf", _object_stream_pdf(_PAGE_TREE))
    assert (r.findings, r.pages, r.extra.get("opened_by")) == ([], 1, None)


def _with_limit(read, limit):
    def read_with(fp, *, pad_key=False, objstm_limit=limit):
        return read(fp, pad_key=pad_key, objstm_limit=objstm_limit)

    return read_with


def _pdfium_fails(fp, load_page=False):
    ip = inspect_pdf_module()
    failed = ip.finding("file.unreadable", "PDF 结构损坏")
    return ip.Inspection(
        kind=ip.FileKind.PDF, detected="pdf", findings=[failed], extra={"pdfium": "格式损坏"}
    )


def inspect_pdf_module():
    import app.inspect_pdf

    return app.inspect_pdf


def _classic_pdf(objects: dict[int, bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for n, body in objects.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    at, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, at)
    return bytes(out)


# pdf.js poppler-742-0-fuzzed.pdf, in small: /Kids lost its "[", and an encryption dictionary that no
# trailer uses (its /EncryptMetadata is no /Encrypt entry).
_FUZZED = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids 3 0 R ] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    4: b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <00> /U <00> /P -4 /EncryptMetadata true >>",
}


def test_pages_only_our_scan_finds_are_usable_with_a_warning(tmp_path, monkeypatch):
    # PDFium opens this small one; the fuzzed original defeats it (and pypdf, qpdf, mupdf), so play that
    monkeypatch.setattr(inspect_pdf_module(), "_pdfium", _pdfium_fails)
    r = inspect_file(tmp_path, "残缺.pdf", _classic_pdf(_FUZZED))
    assert (codes(r), r.pages, r.usable, r.extra.get("opened_by")) == (["pdf.damaged"], 1, True, "scan")
    assert "pypdf 与 PDFium 都无法打开" in r.findings[0].message
    r = inspect_file(tmp_path, "加密残缺.pdf", _classic_pdf(_FUZZED, b" /Encrypt 4 0 R"))
    assert not r.usable  # a trailer that does name the dictionary: never counted into usable
    r = inspect_file(
        tmp_path, "直接加密.pdf", _classic_pdf(_FUZZED, b" /Encrypt << /Filter /Standard /V 1 >>")
    )
    assert not r.usable
