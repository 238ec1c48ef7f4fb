"""What a file really is, from its first bytes: magic numbers, not extensions.

``sniff(head)`` looks only at the leading bytes (HEAD_BYTES is enough for every signature here);
containers that need a look inside (zip-based Office files, OLE2) are refined by the caller with
``refine_zip`` / ``refine_ole``.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

# Kept importable from here for inspect, inspect_image and their tests: the tables are app.formats'.
from app.formats import (  # noqa: F401
    CLAIMED,
    DECODED_FORMATS,
    EXTENSIONS,
    KINDS,
    LABELS,
    PILLOW_FORMATS,
    ZIP_DOCUMENTS,
    kind_of,
    label,
)

HEAD_BYTES = 8192
# Viewers accept junk before the PDF header (an HTTP response saved whole, a BOM, a mail header):
# a file that is nothing else is searched this far for "%PDF-".
PDF_SEARCH_BYTES = 64 * 1024

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_VIDEO_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"3gp4", b"3gp5", b"M4V ", b"avc1", b"dash"}
_WHITESPACE = b" \t\r\n\x0b\x0c\x00"


def is_blank(data: bytes) -> bool:
    """Only whitespace or NUL bytes: an interrupted copy leaves files full of zeros."""
    return not data.translate(None, _WHITESPACE)


def sniff(head: bytes) -> str:
    """The format of a file from its first bytes; "zip" and "ole" may need refining."""
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"  # reserved fields are zero in every real bitmap
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        compatible = {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in _HEIF_BRANDS or (brand not in _VIDEO_BRANDS and compatible & _HEIF_BRANDS):
            return "heic"
        return "video"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "jpeg2000"
    if head.startswith(b"8BPS"):
        return "psd"
    if head.startswith(b"\x00\x00\x01\x00") and len(head) > 6 and head[4] > 0 and head[5] == 0:
        return "ico"
    if b"%PDF-" in head[:1024]:  # readers accept some leading junk before the header
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and len(head) > 3 and head[3:4].isdigit():
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"MSCF"):
        return "cab"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in head[:PDF_SEARCH_BYTES]:
        return "pdf"
    if is_blank(head):
        return "empty"  # the caller confirms the rest of the file is blank too
    return _sniff_text(head)


def pdf_offset(head: bytes) -> int:
    """Where the PDF header starts (0 for a normal PDF): byte offsets inside count from there."""
    return max(0, head.find(b"%PDF-", 0, PDF_SEARCH_BYTES))


def needs_more(detected: str) -> bool:
    """Sniffed from HEAD_BYTES as something that may yet be a PDF further in (read PDF_SEARCH_BYTES)."""
    return detected in ("text", "html", "unknown", "empty")


def _sniff_text(head: bytes) -> str:
    text = _decode_text(head)
    if text is None:
        return "unknown"
    lower = text.lstrip("\ufeff \t\r\n").lower()[:1024]
    if lower.startswith(("<!doctype html", "<html")) or any(
        tag in lower for tag in ("<html", "<head>", "<body", "<meta http-equiv")
    ):
        return "html"
    if lower.startswith("mime-version:") and "multipart/related" in text.lower():
        return "html"  # .mht web archive, as Word's "save as web page" writes
    return "text"


def _decode_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # only a character cut at the end of the sample is forgiven
                continue
            text = head[: exc.start].decode(encoding)
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c")
        if controls <= len(text) // 100:
            return text
    return None


def refine_zip(data: bytes | BinaryIO) -> str:
    """docx/xlsx/pptx/odt/ods/odp/ofd, or plain "zip": reads the central directory only."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(stream) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                for suffix, fmt in (
                    (b"opendocument.text", "odt"),
                    (b"opendocument.spreadsheet", "ods"),
                    (b"opendocument.presentation", "odp"),
                ):
                    if suffix in mimetype:
                        return fmt
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return "zip"
    lowered = {n.lower() for n in names}
    if "[content_types].xml" in lowered:
        prefixes = {n.split("/", 1)[0] for n in lowered}
        for prefix, fmt in (("word", "docx"), ("xl", "xlsx"), ("ppt", "pptx")):
            if prefix in prefixes:
                return fmt
    if "ofd.xml" in lowered:
        return "ofd"  # China's national fixed-layout format (e-invoices, official documents)
    return "zip"


def refine_ole(data: bytes) -> str:
    """doc/xls/ppt/wps from the OLE2 directory's UTF-16 stream names, or plain "ole"."""
    for name, fmt in (
        ("WordDocument", "doc"),
        ("Workbook", "xls"),
        ("Book", "xls"),
        ("PowerPoint Document", "ppt"),
    ):
        if name.encode("utf-16-le") + b"\x00\x00" in data:
            return fmt
    return "ole"
