"""PDF inspection: opens, encryption, page count — without decoding any page content.

pypdf's own resource limits (stream lengths, decompression output) stay at their defaults; the
worker process adds the time and memory limits around this.
"""

from __future__ import annotations

import logging
import warnings
from typing import BinaryIO

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

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
        except RecursionError:
            findings.append(finding("file.unreadable", "PDF 页面结构嵌套过深"))
        except MemoryError:
            findings.append(finding("file.unreadable", "PDF 结构异常，占用内存过多"))
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
            findings.append(finding("file.unreadable", _describe(exc)))
        except Exception as exc:  # pypdf raises many kinds on hostile input; any of them means "broken"
            findings.append(finding("file.unreadable", _describe(exc)))
    return Inspection(kind=FileKind.PDF, detected="pdf", findings=findings, pages=pages)


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
