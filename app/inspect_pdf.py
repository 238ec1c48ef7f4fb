"""PDF inspection: opens, encryption, page count — without decoding any page content.

pypdf reads first; when it cannot open a file (or stops at one of its safety limits), PDFium — the
engine of Chrome and of PySide6's own QtPdf viewer — gets a second opinion, so a file is called broken
only when both fail. pypdf's own resource limits stay at their defaults; the worker process adds the
time and memory limits around both.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from typing import Any, BinaryIO

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject

from app.findings import finding
from app.model import FileKind, Finding, Inspection

# pypdf logs every repaired syntax slip of odd PDF tools; those are not the user's problem.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def inspect_pdf(fp: BinaryIO) -> Inspection:
    try:
        result = _read(fp)
    except _SlowForPypdf:
        quick = _pdfium(fp, load_page=True)
        if not quick.findings:
            return quick
        result = _read(fp, objstm_limit=None)  # PDFium failed: pypdf gets its (timed) chance after all
    short_key = result.extra.pop("short_key", False)
    if short_key and result.findings and result.findings[0].code == "file.unreadable":
        padded = _read(fp, pad_key=True)
        if not padded.findings or padded.findings[0].code != "file.unreadable":
            padded.extra["padded_key"] = True
            return padded
    if not result.findings:
        return result
    code = result.findings[0].code
    if code == "file.encrypted":
        # pypdf may not know the scheme; if PDFium opens it without a password it is not locked.
        second = _pdfium(fp)
        return second if not second.findings else result
    if code not in ("file.unreadable", "file.empty"):
        return result
    limit = _is_limit(result.findings[0])
    if not limit:  # deliberate safety limits are never "repaired" around by our own scanner
        repaired = _repair(fp)
        if repaired is not None:
            return repaired
    # Past one of pypdf's safety limits PDFium must also load a page, not only count them (a page
    # tree thousands deep counts one page that no viewer can show).
    second = _pdfium(fp, load_page=limit)
    if not second.findings or second.findings[0].code in ("file.encrypted", "file.empty"):
        if not limit and not second.findings:
            second.extra["repaired"] = True  # damaged for pypdf; PDFium rebuilt it, as viewers do
        return second
    if not limit:
        fp.seek(0)
        data = fp.read(MAX_REPAIR_SCAN + 1)
        pages = _plain_page_count(data) if len(data) <= MAX_REPAIR_SCAN else None
        if pages:
            # usable as poppler sees it, but the reviewer's viewer may well fail as PDFium did: say so
            detail = f"pypdf 与 PDFium 都无法打开（PDFium：{second.extra['pdfium']}），页数按文件中的页面对象计为 {pages} 页"
            return Inspection(
                kind=FileKind.PDF,
                detected="pdf",
                pages=pages,
                findings=[finding("pdf.damaged", detail)],
                extra={"repaired": True, "opened_by": "scan"},
            )
    first = result.findings[0]
    reason = first.message.split("：", 1)[-1]
    result.findings[0] = finding(
        first.code, f"{reason}（pypdf 与 PDFium 都无法打开；PDFium：{second.extra['pdfium']}）"
    )
    return result


def _repair(fp: BinaryIO) -> Inspection | None:
    """Viewers (poppler, PDF.js, Acrobat) rebuild a damaged cross-reference table by scanning for
    objects; try the same, then read again with pypdf."""
    fp.seek(0)
    data = fp.read(MAX_REPAIR_SCAN + 1)
    if len(data) > MAX_REPAIR_SCAN:
        return None
    rebuilt = _with_rebuilt_xref(data)
    if rebuilt is not None:
        second = _read(io.BytesIO(rebuilt))
        if not second.findings or second.findings[0].code in ("file.encrypted", "pdf.portfolio"):
            second.extra["repaired"] = True
            return second
    return None


_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "无法读取",
    pdfium_c.FPDF_ERR_FORMAT: "格式损坏",
    pdfium_c.FPDF_ERR_PASSWORD: "需要密码",
    pdfium_c.FPDF_ERR_SECURITY: "加密方式不支持",
    pdfium_c.FPDF_ERR_PAGE: "页面损坏",
}


def _pdfium(fp: BinaryIO, load_page: bool = False) -> Inspection:
    """PDFium's opinion: pages when it opens the file, else why not (``extra["pdfium"]``)."""
    fp.seek(0)
    try:
        with pypdfium2.PdfDocument(fp) as pdf:
            pages = len(pdf)
            if pages == 0:
                return Inspection(
                    kind=FileKind.PDF,
                    detected="pdf",
                    findings=[finding("file.empty", "PDF 中没有任何页面")],
                    extra={"opened_by": "pdfium"},
                )
            if load_page:
                pdf[0].close()
    except pypdfium2.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            return Inspection(kind=FileKind.PDF, detected="pdf", findings=[finding("file.encrypted")])
        reason = _PDFIUM_ERRORS.get(code, "无法打开") if isinstance(code, int) else "无法打开"
        failed = finding("file.unreadable", "PDF 结构损坏")
        return Inspection(kind=FileKind.PDF, detected="pdf", findings=[failed], extra={"pdfium": reason})
    return Inspection(kind=FileKind.PDF, detected="pdf", pages=pages, extra={"opened_by": "pdfium"})


class _SlowForPypdf(Exception):
    """An object stream holding more objects than pypdf parses in a few seconds (it parses a whole
    stream to fetch one object; 65 000 objects take it 15 s, PDFium a quarter of a second)."""


# Writers put 100–500 objects in a stream; pypdf needs about 0.2 ms per object.
MAX_PYPDF_OBJECT_STREAM = 10_000


def _read(
    fp: BinaryIO, *, pad_key: bool = False, objstm_limit: int | None = MAX_PYPDF_OBJECT_STREAM
) -> Inspection:
    """pypdf's verdict. ``extra["short_key"]``: the empty password opened a V4 file whose key is
    shorter than 16 bytes, the case where Acrobat pads the key (``pad_key`` reads it that way).
    Raises :class:`_SlowForPypdf` past ``objstm_limit`` objects in one object stream."""
    findings: list[Finding] = []
    pages: int | None = None
    extra: dict[str, object] = {}
    fp.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(fp, strict=False)
            if objstm_limit is not None and _largest_object_stream(reader) > objstm_limit:
                raise _SlowForPypdf
            if reader.is_encrypted and not _opens_without_password(reader):
                findings.append(finding("file.encrypted"))
            else:
                if reader.is_encrypted and _short_v4_key(reader):
                    extra["short_key"] = True
                    if pad_key:
                        _pad_key_as_acrobat(reader)
                pages = len(reader.pages)
                if pages == 0:
                    findings.append(finding("file.empty", "PDF 中没有任何页面"))
                else:
                    findings.extend(_portfolio(reader, pages))
        except (FileNotDecryptedError, DependencyError, NotImplementedError):
            findings.append(finding("file.encrypted", "加密方式无法识别"))
        except _SlowForPypdf:
            raise
        except RecursionError:
            findings.append(finding("file.unreadable", "PDF 页面结构嵌套过深"))
        except MemoryError:
            findings.append(finding("file.unreadable", "PDF 结构异常，占用内存过多"))
        except Exception as exc:  # pypdf raises many kinds on malformed input; any of them means "broken"
            findings.append(finding("file.unreadable", _describe(exc)))
    return Inspection(kind=FileKind.PDF, detected="pdf", findings=findings, pages=pages, extra=extra)


def _largest_object_stream(reader: PdfReader) -> int:
    """Objects in the fullest object stream, from the cross-reference table (nothing decoded)."""
    counts = Counter(stream for stream, _index in reader.xref_objStm.values())
    return max(counts.values(), default=0)


def _short_v4_key(reader: PdfReader) -> bool:
    encryption: Any = getattr(reader, "_encryption", None)  # pypdf keeps the file key private
    key = getattr(encryption, "_key", None)
    return getattr(encryption, "V", None) == 4 and isinstance(key, bytes) and 0 < len(key) < 16


def _pad_key_as_acrobat(reader: PdfReader) -> None:
    """Acrobat (and poppler, PDF.js) zero-pad a V4 file key to 16 bytes before deriving the object
    keys; the standard does not say so, but files written that way exist and open everywhere else."""
    encryption: Any = getattr(reader, "_encryption", None)
    encryption._key = encryption._key.ljust(16, b"\0")
    encryption.Length = 128  # pypdf derives the object keys from Length // 8 bytes of the key


MAX_REPAIR_SCAN = 256 * 1024 * 1024
_OBJECT_HEADER = re.compile(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj(?![A-Za-z])")
_TRAILER_REFS = {
    key: re.compile(rb"/" + key + rb"\s*(\d{1,7}\s+\d{1,5}\s+R)") for key in (b"Root", b"Info", b"Encrypt")
}
_TRAILER_ID = re.compile(rb"/ID\s*(\[[^\]]{0,600}\])")
# The trailer's /Encrypt, by reference or direct — not /EncryptMetadata, which also sits in
# encryption dictionaries no trailer uses.
_ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s*(?:<<|\d{1,7}\s+\d{1,5}\s+R)")
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
    if _ENCRYPT_ENTRY.search(data) or not _TRAILER_REFS[b"Root"].search(data):
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


# Embedded files whose names say they are the real evidence (an XML beside an e-invoice is not).
_DOCUMENT_SUFFIXES = tuple(
    "pdf ofd doc docx wps xls xlsx et ppt pptx dps jpg jpeg png tif tiff heic bmp".split()  # noqa: SIM905
)
_MAX_NAME_NODES = 2000


def _portfolio(reader: PdfReader, pages: int) -> list[Finding]:
    """``pdf.portfolio`` for a PDF package (Acrobat's "PDF Portfolio", WPS's 合并为文件包): a /Collection
    in the catalog, or embedded documents behind a single cover page."""
    try:
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            return []
        names = _embedded_names(root)
        collection = "/Collection" in root
    except Exception:  # a damaged name tree is no reason to call the PDF anything
        return []
    documents = [n for n in names if n.lower().rsplit(".", 1)[-1] in _DOCUMENT_SUFFIXES]
    if not (collection and names) and not (documents and pages <= 1):
        return []
    shown = "、".join((documents or names)[:3]) + (" 等" if len(documents or names) > 3 else "")
    return [finding("pdf.portfolio", f"其中嵌入了 {len(names)} 个文件（{shown}）")]


def _embedded_names(root: DictionaryObject) -> list[str]:
    """File names in the catalog's /Names /EmbeddedFiles tree (bounded: hostile trees loop)."""
    tree = root.get("/Names")
    tree = tree.get_object().get("/EmbeddedFiles") if tree is not None else None
    found: list[str] = []
    todo: list[Any] = [tree] if tree is not None else []
    seen = 0
    while todo and seen < _MAX_NAME_NODES:
        seen += 1
        node = todo.pop().get_object()
        if not isinstance(node, DictionaryObject):
            continue
        kids = node.get("/Kids")
        if isinstance(kids, ArrayObject):
            todo.extend(kids)
        pairs = node.get("/Names")
        if isinstance(pairs, ArrayObject):
            for key, spec in zip(pairs[::2], pairs[1::2], strict=False):
                spec = spec.get_object()
                name = spec.get("/UF") or spec.get("/F") if isinstance(spec, DictionaryObject) else None
                found.append(str(name or key))
    return found
