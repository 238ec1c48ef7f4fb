"""Zip-based documents (Office, WPS, OpenDocument, OFD): what they are, and whether they are whole.

A damaged .docx is still a zip at heart, but calling it "a zip archive named .docx" sends the clerk
the wrong way: it is a damaged Word document. So a zip that cannot be opened, or that opens but lacks
(or has a corrupt) main part, is reported as a damaged document of the kind its extension or its
first local headers say. Runs in a worker: zipfile on untrusted bytes.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import BinaryIO

from app.findings import finding
from app.formats import CLAIMED, ZIP_DOCUMENTS, kind_of, label
from app.formats import pdf_export_hint as pdf_export_hint  # where its tests and callers look
from app.model import Inspection
from app.sniff import refine_zip

# the part without which the application cannot open the document
MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
    "ods": "content.xml",
    "odp": "content.xml",
    "ofd": "ofd.xml",
}
# A main part is read to the end (zipfile then checks its CRC) only up to this size: beyond it the
# document is taken on trust rather than spending the worker's time limit on it.
MAX_VERIFY = 64 * 1024 * 1024
_LOCAL_HEADER = re.compile(rb"PK\x03\x04.{22}(..)(..)", re.S)
_NAME_HINTS = (
    (b"word/", "docx"),
    (b"xl/", "xlsx"),
    (b"ppt/", "pptx"),
    (b"OFD.xml", "ofd"),
    (b"Doc_0/", "ofd"),
)
_ODF_HINTS = (
    (b"opendocument.text", "odt"),
    (b"opendocument.spreadsheet", "ods"),
    (b"opendocument.presentation", "odp"),
)


def inspect_zip(fp: BinaryIO, head: bytes, suffix: str) -> Inspection:
    """A zip-signature file: a whole document, a damaged document, or a plain zip archive."""
    fp.seek(0)
    detected = refine_zip(fp)
    claimed = CLAIMED.get(suffix, "")
    if detected == "zip":
        hinted = _hinted_format(head)
        shown = claimed if claimed in ZIP_DOCUMENTS else hinted
        if shown is None:
            return Inspection(kind=kind_of("zip"), detected="zip")
        fp.seek(0)
        why = "压缩结构不完整，文件可能被截断" if not zipfile.is_zipfile(fp) else "缺少文档结构"
        return _damaged(shown, why)
    damage = _main_part_damage(fp, detected)
    if damage:
        return _damaged(claimed if claimed in ("wps", "et", "dps") else detected, damage)
    return Inspection(kind=kind_of(detected), detected=detected)


def _damaged(detected: str, why: str) -> Inspection:
    return Inspection(
        kind=kind_of(detected),
        detected=detected,
        findings=[finding("file.unreadable", f"{label(detected)}已损坏（{why}），无法打开")],
    )


def _hinted_format(head: bytes) -> str | None:
    """The document kind the first local headers name (they survive when the end of a file is lost)."""
    for fmt_hint, fmt in _ODF_HINTS:
        if head.startswith(b"PK\x03\x04") and b"mimetype" in head[:100] and fmt_hint in head[:200]:
            return fmt
    for m in _LOCAL_HEADER.finditer(head):
        name_len = int.from_bytes(m.group(1), "little")
        name = head[m.end() : m.end() + name_len]
        if name == b"[Content_Types].xml":
            continue
        for prefix, fmt in _NAME_HINTS:
            if name.startswith(prefix):
                return fmt
    return "docx" if b"[Content_Types].xml" in head[:200] else None


def _main_part_damage(fp: BinaryIO, detected: str) -> str | None:
    """Why the document's main part is unusable (missing, corrupt), or None."""
    main = MAIN_PARTS.get(detected)
    if main is None:
        return None
    fp.seek(0)
    try:
        with zipfile.ZipFile(fp) as zf:
            info = next((i for i in zf.infolist() if i.filename.lower() == main), None)
            if info is None:
                return "缺少正文部分"
            if info.file_size > MAX_VERIFY:
                return None
            with zf.open(info) as part:
                while part.read(1 << 20):
                    pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return "正文部分的数据已损坏"
    except (NotImplementedError, RuntimeError):
        return None  # an unusual compression method or encryption: not ours to judge
    return None
