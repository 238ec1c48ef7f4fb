"""Reading a file for preview, in a pool thread: bytes for PDFs, a decoded QImage for images.

The check already opened every file in a killable worker process; a file it found hostile,
broken, empty or encrypted is never opened again here: it gets a placeholder with the reason.
Zip members are read into memory through the check's Entry, never extracted to disk.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from app.discover import Entry
from app.model import FileKind, FileRecord

# a finding with one of these codes means: do not open the file in the GUI process
NO_PREVIEW_CODES = frozenset(
    {
        "file.empty",
        "file.unreadable",
        "file.timeout",
        "file.encrypted",
        "file.skipped",
        "archive.unsafe",
        "archive.unreadable",
        "file.nested_archive",
    }
)
MAX_PREVIEW_BYTES = 300 * 1024**2
MAX_IMAGE_SIDE = 2400  # decoded images are shrunk to this: plenty for reading a photo on a laptop

try:  # HEIC photos from phones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    pass


@dataclass
class PreviewContent:
    path: str
    kind: str  # "pdf" | "image" | "placeholder"
    data: bytes | None = None  # pdf bytes (zip members) — folder PDFs load from ``file``
    file: Path | None = None
    image: QImage | None = None
    message: str = ""


def _t(text: str) -> str:
    return QCoreApplication.translate("Preview", text)


def locate(source: Path, path: str) -> Path | None:
    """The file on disk for a folder submission; None for a zip member."""
    return None if source.is_file() else source.joinpath(*path.split("/"))


def read_bytes(source: Path, path: str, entries: dict[str, Entry]) -> bytes:
    """The content of one submitted file (a zip member is read into memory)."""
    entry = entries.get(path)
    if entry is not None:
        if entry.size > MAX_PREVIEW_BYTES:
            raise ValueError(_t("The file is too large to preview."))
        with entry.open() as stream:
            return stream.read(MAX_PREVIEW_BYTES + 1)
    file = locate(source, path)
    if file is None:
        raise FileNotFoundError(path)
    with file.open("rb") as stream:
        return stream.read(MAX_PREVIEW_BYTES + 1)


def load_preview(source: Path, record: FileRecord, entries: dict[str, Entry]) -> PreviewContent:
    """Runs in a pool thread.  Never raises: trouble becomes a placeholder with the reason."""
    blocked = [f for f in record.findings if f.code in NO_PREVIEW_CODES and f.code not in record.accepted]
    if blocked:
        reasons = "\n".join(f.message for f in blocked)
        return PreviewContent(
            record.path, "placeholder", message=_t("This file cannot be shown.") + "\n" + reasons
        )
    if record.kind not in (FileKind.PDF, FileKind.IMAGE):
        return PreviewContent(
            record.path,
            "placeholder",
            message=_t("No preview for this kind of file. Use “Open with System Viewer” to look at it."),
        )
    try:
        if record.kind == FileKind.PDF:
            file = locate(source, record.path)
            if file is not None:
                return PreviewContent(record.path, "pdf", file=file)
            return PreviewContent(record.path, "pdf", data=read_bytes(source, record.path, entries))
        return PreviewContent(
            record.path, "image", image=decode_image(read_bytes(source, record.path, entries))
        )
    except Exception as exc:  # any decoding trouble: say so, do not crash
        return PreviewContent(
            record.path, "placeholder", message=_t("This file could not be opened for preview.") + f"\n{exc}"
        )


def decode_image(data: bytes) -> QImage:
    """Decode with Pillow: EXIF rotation applied, shrunk to MAX_IMAGE_SIDE, as a QImage."""
    with Image.open(io.BytesIO(data)) as img:
        img.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # JPEG: decode at a reduced scale, fast
        upright = ImageOps.exif_transpose(img)
        upright.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        rgba = upright.convert("RGBA")
    raw = rgba.tobytes("raw", "RGBA")
    image = QImage(raw, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: ``raw`` goes away with this frame
