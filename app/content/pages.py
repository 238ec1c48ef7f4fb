"""The content pass's work in a worker process: a file's text layers, then one page at a time.

Jobs travel through the inspection pool (app.workers.InspectorPool, which takes a function of one
picklable item) and answers come back in ``Inspection.extra``, so a page that hangs or crashes the
OCR is killed and reported like a file that hangs inspection — the pool's time limit is per job,
and a job is one page.

- ``PageJob(entry, PROBE, "pdf")``: the page count and the text layer of the first pages (pypdf;
  pypdfium2 when pypdf cannot read the file).
- ``PageJob(entry, n, kind, ocr=…)``: page ``n`` rendered (pypdfium2) or the photo decoded (EXIF
  rotation applied), the red seals looked for, and the text recognised when ``ocr`` is set.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any, BinaryIO

from PIL import Image, ImageOps

from app.content import seal
from app.discover import Entry
from app.model import FileKind, Inspection

PROBE = -1
MAX_TEXT_PAGES = 20  # evidence documents are short: the text layer of a 300-page file is not read to its end
MAX_PAGES = 10  # pages rendered (seal) and recognised (OCR) per file
MAX_CHARS = 20_000  # per page
MAX_IN_MEMORY = 256 * 1024 * 1024
RENDER_SIDE = 1440  # pixels on the page's longer side when rendering for OCR
SEAL_SIDE = 640  # …and when rendering only to look for a seal

logging.getLogger("pypdf").setLevel(logging.ERROR)
Image.MAX_IMAGE_PIXELS = 120_000_000  # a 100-megapixel phone photo is fine; a decompression bomb is not


@dataclass(frozen=True)
class PageJob:
    entry: Entry
    page: int  # PROBE, or the 0-based page (0 for a photo)
    kind: str  # "pdf" | "image"
    ocr: bool = False

    @property
    def rel(self) -> str:
        return self.entry.rel


def prepare() -> None:
    """Run in each worker before its first job: the OCR models load outside any page's time."""
    from app.content import ocr

    try:
        ocr.prepare()
    except Exception:  # a broken install: each page then reports its own error, the worker lives on
        logging.getLogger(__name__).warning("OCR engine cannot load", exc_info=True)


def run_job(job: PageJob) -> Inspection:
    """One job's answer in ``extra`` (never raises: a hostile file gives ``{"error": …}``)."""
    try:
        with job.entry.open() as raw:
            fp = _seekable(job.entry, raw)
            if job.page == PROBE:
                extra = probe_pdf(fp)
            elif job.kind == "pdf":
                extra = _pdf_page(fp, job.page, job.ocr)
            else:
                extra = _photo(fp, job.ocr)
    except MemoryError:
        extra = {"error": "memory"}
    except Exception as exc:  # parsers raise anything on hostile input; the page just has no text
        extra = {"error": type(exc).__name__}
    return Inspection(FileKind.OTHER, "content", extra=extra)


def _seekable(entry: Entry, raw: BinaryIO) -> BinaryIO:
    if entry.member is None:
        return raw
    if entry.size > MAX_IN_MEMORY:
        raise MemoryError
    return io.BytesIO(raw.read())  # zip member streams seek by re-reading from the start


def probe_pdf(fp: BinaryIO) -> dict[str, Any]:
    """``{"pages": n, "texts": [text of page 1, …]}`` from the text layer."""
    try:
        return _pypdf_texts(fp)
    except Exception:  # pypdf gives up on some damaged files that pdfium still opens
        fp.seek(0)
        return _pdfium_texts(fp)


def _pypdf_texts(fp: BinaryIO) -> dict[str, Any]:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(fp, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return {"error": "encrypted"}
        texts = []
        for page in list(reader.pages)[:MAX_TEXT_PAGES]:
            try:
                texts.append((page.extract_text() or "")[:MAX_CHARS])
            except Exception:  # one unreadable page does not hide the others
                texts.append("")
        return {"pages": len(reader.pages), "texts": texts}


def _pdfium_texts(fp: BinaryIO) -> dict[str, Any]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(fp.read())
    try:
        texts = []
        for n in range(min(len(pdf), MAX_TEXT_PAGES)):
            page = pdf[n]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range()[:MAX_CHARS])
            textpage.close()
            page.close()
        return {"pages": len(pdf), "texts": texts}
    finally:
        pdf.close()


def render_page(data: bytes, index: int, side: int) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = side / max(width, height, 1.0)
        image = page.render(scale=scale).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def _pdf_page(fp: BinaryIO, index: int, ocr: bool) -> dict[str, Any]:
    image = render_page(fp.read(), index, RENDER_SIDE if ocr else SEAL_SIDE)
    return _look(image, ocr)


def _photo(fp: BinaryIO, ocr: bool) -> dict[str, Any]:
    try:
        import pillow_heif  # iPhone photos; registering is idempotent

        pillow_heif.register_heif_opener()
    except ImportError:
        pass
    with Image.open(fp) as img:
        img.draft("RGB", (RENDER_SIDE, RENDER_SIDE))  # a JPEG decodes at reduced size: much faster
        image = ImageOps.exif_transpose(img).convert("RGB")
    return _look(image, ocr)


def _look(image: Image.Image, ocr: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"seal": seal.has_seal(image)}
    if ocr:
        from app.content import ocr as engine

        out["text"] = engine.recognize(image)[:MAX_CHARS]
    return out
