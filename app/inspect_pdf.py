"""PDF inspection: opens, encryption, page count — without decoding any page content.

pypdf's own resource limits (stream lengths, decompression output) stay at their defaults; the
worker process adds the time and memory limits around this.
"""

from __future__ import annotations

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
        except LimitReachedError as exc:  # deliberate safety limits: never "repaired" around
            findings.append(finding("file.unreadable", _describe(exc)))
        except RecursionError:
            findings.append(finding("file.unreadable", "PDF 页面结构嵌套过深"))
        except MemoryError:
            findings.append(finding("file.unreadable", "PDF 结构异常，占用内存过多"))
        except Exception as exc:  # pypdf raises many kinds on malformed input; any of them means "broken"
            findings.append(finding("file.unreadable", _describe(exc)))
    if findings and findings[0].code in ("file.unreadable", "file.empty") and not _is_limit(findings[0]):
        repaired = _repairable_pages(fp)
        if repaired:
            # Viewers (poppler, PDF.js, Acrobat) rebuild a damaged cross-reference table by scanning
            # for objects; a PDF they open must not be called broken here.
            return Inspection(kind=FileKind.PDF, detected="pdf", pages=repaired, extra={"repaired": True})
    return Inspection(kind=FileKind.PDF, detected="pdf", findings=findings, pages=pages)


_LIMIT_DETAIL = "超出安全检查限制"
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_TRAILER_ROOT = re.compile(rb"trailer\s*<<.{0,2000}?/Root\s+\d+\s+\d+\s+R", re.S)
_XREF_STREAM_ROOT = re.compile(rb"/Type\s*/XRef.{0,2000}?/Root\s|/Root\s.{0,2000}?/Type\s*/XRef", re.S)
MAX_REPAIR_SCAN = 256 * 1024 * 1024


def _is_limit(f: Finding) -> bool:
    return _LIMIT_DETAIL in f.message or "嵌套过深" in f.message or "内存" in f.message


def _repairable_pages(fp: BinaryIO) -> int | None:
    """Pages a reconstructing viewer would find: a trailer (or xref stream) naming the root, and page
    objects in plain text. A truncated file has lost its trailer, so it stays unreadable."""
    fp.seek(0)
    data = fp.read(MAX_REPAIR_SCAN + 1)
    if len(data) > MAX_REPAIR_SCAN or b"/Encrypt" in data:
        return None
    if not (_TRAILER_ROOT.search(data) or _XREF_STREAM_ROOT.search(data)):
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
