"""Per-file features for the signals, computed in a worker process: one picklable dict per file.

Images: the 64-bit DCT hash and a 3×3 grid of mean colours. PDFs: the normalised text
of the first pages (capped), the 文号, the dates written in it, and whether pages carry images —
a PDF with image pages and no text is a scan. A file that cannot be read gives ``{"error": …}``:
signals simply skip it (inspection has already reported why).
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any, BinaryIO

from app.discover import Entry
from app.model import FileKind, Inspection
from app.signals import imagehash
from app.signals.text import doc_number, document_dates, normalize_lines
from app.sniff import HEAD_BYTES, sniff

VERSION = 2  # bump when a feature's meaning changes: cached features of older versions are ignored
MAX_PAGES = 20  # evidence documents are short; a 300-page scan need not be read to its end
MAX_CHARS = 40_000
MAX_IN_MEMORY = 256 * 1024 * 1024

logging.getLogger("pypdf").setLevel(logging.ERROR)


IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "bmp", "tiff", "webp", "heic"})


def inspect_features(entry: Entry) -> Inspection:
    """The inspection worker pool's form of :func:`extract` (app.workers.InspectorPool takes a
    function of the Entry alone): the format is sniffed again from the first bytes, and the
    features travel back in ``Inspection.extra``."""
    try:
        with entry.open() as raw:
            detected = sniff(raw.read(HEAD_BYTES))
    except Exception as exc:
        return Inspection(FileKind.OTHER, "unknown", extra={"error": type(exc).__name__})
    if detected == "pdf":
        return Inspection(FileKind.PDF, detected, extra=extract(entry, "pdf", detected))
    if detected in IMAGE_FORMATS:
        return Inspection(FileKind.IMAGE, detected, extra=extract(entry, "image", detected))
    return Inspection(FileKind.OTHER, detected, extra={"error": "not an image or PDF"})


def extract(entry: Entry, kind: str, detected: str) -> dict[str, Any]:
    """The features of one file (``kind`` "image" or "pdf"). Never raises."""
    try:
        with entry.open() as raw:
            fp = _seekable(entry, raw)
            if kind == "image":
                return _image(fp, heic=detected in ("heic", "heif"))
            return _pdf(fp)
    except MemoryError:
        return {"error": "memory"}
    except Exception as exc:  # hostile files make parsers raise anything; the file just takes no part
        return {"error": type(exc).__name__}


def _seekable(entry: Entry, raw: BinaryIO) -> BinaryIO:
    if entry.member is None:
        return raw
    if entry.size > MAX_IN_MEMORY:
        raise MemoryError
    return io.BytesIO(raw.read())  # zip member streams seek by re-reading from the start


def _image(fp: BinaryIO, heic: bool) -> dict[str, Any]:
    thumb = imagehash.thumbnail(fp, heic=heic)
    return {"phash": imagehash.phash(thumb), "colours": imagehash.colours(thumb).hex()}


def _pdf(fp: BinaryIO) -> dict[str, Any]:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(fp, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return {"error": "encrypted"}
        texts: list[str] = []
        image_pages = 0
        pages = reader.pages
        for page in list(pages)[:MAX_PAGES]:
            try:
                texts.append(page.extract_text() or "")
            except Exception:  # one unreadable page does not hide the others
                texts.append("")
            image_pages += _has_images(page)
    return {
        **text_features("\n".join(texts)),
        "pages": len(pages),
        "image_pages": image_pages,
    }


def text_features(raw: str) -> dict[str, Any]:
    """The text features of any text: a PDF's text layer, or OCR's (app/content/)."""
    text = normalize_lines(raw)[:MAX_CHARS]
    number = doc_number(text)
    return {
        "text": text,
        "doc_number": number[0] if number else None,
        "doc_year": number[1] if number else None,
        "dates": document_dates(text.replace("\n", ""))[:20],
    }


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
    except Exception:
        return False
