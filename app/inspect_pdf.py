"""PDF inspection: opens, encryption, page count — without decoding any page content.

pypdf's own resource limits (stream lengths, decompression output) stay at their defaults; the
worker process adds the time and memory limits around this.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import BinaryIO

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

from app.findings import finding
from app.model import FileKind, Finding, Inspection

# pypdf logs every repaired syntax slip of odd PDF tools; those are not the user's problem.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def inspect_pdf(fp: BinaryIO) -> Inspection:
    result = _read(fp)
    if not result.findings or result.findings[0].code not in ("file.unreadable", "file.empty"):
        return result
    if _is_limit(result.findings[0]):
        return result  # deliberate safety limits are never "repaired" around
    # Viewers (poppler, PDF.js, Acrobat) rebuild a damaged cross-reference table by scanning for
    # objects; a PDF they open must not be called broken here, so try the same.
    fp.seek(0)
    data = fp.read(MAX_REPAIR_SCAN + 1)
    if len(data) > MAX_REPAIR_SCAN:
        return result
    rebuilt = _with_rebuilt_xref(data)
    if rebuilt is not None:
        second = _read(io.BytesIO(rebuilt))
        if not second.findings or second.findings[0].code == "file.encrypted":
            second.extra["repaired"] = True
            return second
    pages = _plain_page_count(data)
    if pages:
        return Inspection(kind=FileKind.PDF, detected="pdf", pages=pages, extra={"repaired": True})
    return result


def _read(fp: BinaryIO) -> Inspection:
    findings: list[Finding] = []
    pages: int | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(fp, strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                findings.append(finding("file.encrypted"))
            else:
                pages = len(reader.pages)
                if pages == 0:
                    findings.append(finding("file.empty", "PDF 中没有任何页面"))
        except (FileNotDecryptedError, DependencyError, NotImplementedError):
            findings.append(finding("file.encrypted", "加密方式无法识别"))
        except RecursionError:
            findings.append(finding("file.unreadable", "PDF 页面结构嵌套过深"))
        except MemoryError:
            findings.append(finding("file.unreadable", "PDF 结构异常，占用内存过多"))
        except Exception as exc:  # pypdf raises many kinds on malformed input; any of them means "broken"
            findings.append(finding("file.unreadable", _describe(exc)))
    return Inspection(kind=FileKind.PDF, detected="pdf", findings=findings, pages=pages)


MAX_REPAIR_SCAN = 256 * 1024 * 1024
_OBJECT_HEADER = re.compile(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj(?![A-Za-z])")
_TRAILER_REFS = {
    key: re.compile(rb"/" + key + rb"\s*(\d{1,7}\s+\d{1,5}\s+R)") for key in (b"Root", b"Info", b"Encrypt")
}
_TRAILER_ID = re.compile(rb"/ID\s*(\[[^\]]{0,600}\])")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _is_limit(f: Finding) -> bool:
    return "超出安全检查限制" in f.message or "嵌套过深" in f.message or "内存" in f.message


def _with_rebuilt_xref(data: bytes) -> bytes | None:
    """The file with a fresh cross-reference table and trailer appended, built by scanning for
    "N G obj" headers; None without a /Root (a truncated file has lost its trailer: viewers fail too).
    Objects inside object streams are not recovered."""
    roots = _TRAILER_REFS[b"Root"].findall(data)
    if not roots:
        return None
    offsets: dict[int, tuple[int, int]] = {}
    for m in _OBJECT_HEADER.finditer(data):
        offsets[int(m.group(1))] = (m.start(), int(m.group(2)))  # a later definition wins, as in updates
    if not offsets:
        return None
    # a damaged number must not make the table absurdly long
    size = max((n for n in offsets if n <= 4 * len(offsets) + 10_000), default=0) + 1
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, size):
        at = offsets.get(number)
        rows.append(b"%010d %05d n \n" % at if at else b"0000000000 65535 f \n")
    refs = b"".join(
        b" /%s %s" % (key, found[-1])
        for key in (b"Root", b"Info", b"Encrypt")
        if (found := _TRAILER_REFS[key].findall(data))
    )
    ids = _TRAILER_ID.findall(data)
    if ids:
        refs += b" /ID " + ids[-1]
    start = len(data) + 1
    table = b"xref\n0 %d\n" % size + b"".join(rows)
    return data + b"\n" + table + b"trailer\n<< /Size %d%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, refs, start)


def _plain_page_count(data: bytes) -> int | None:
    """Page objects in plain text, when the trailer survives (root reference present) and the file is
    not encrypted (whose pages we could not vouch for)."""
    if b"/Encrypt" in data or not _TRAILER_REFS[b"Root"].search(data):
        return None
    return len(_PAGE_OBJECT.findall(data)) or None


def _opens_without_password(reader: PdfReader) -> bool:
    # An owner password only restricts printing/editing: the file opens with an empty user password,
    # so it is perfectly usable as evidence.
    return reader.decrypt("") != PasswordType.NOT_DECRYPTED


def _describe(exc: BaseException) -> str:
    if isinstance(exc, LimitReachedError):
        return "PDF 结构异常，超出安全检查限制（可能是恶意文件）"
    text = str(exc)
    if "EOF marker not found" in text or "Stream has ended" in text or "trailer" in text.lower():
        return "PDF 不完整（文件可能被截断）"
    return "PDF 结构损坏"
