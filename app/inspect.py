"""Step 2 of the check: what each file really is and whether it can be used as evidence.

``inspect_entry`` never raises: whatever the bytes, the answer is an :class:`Inspection` whose
findings say what is wrong. Cheap checks only: magic bytes, the PDF cross-reference and page
tree, image headers and end markers, EXIF — never a full pixel decode or text extraction.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import BinaryIO

from app.archive import ArchiveLimitError, close_archives
from app.discover import Entry
from app.findings import finding, makes_unusable
from app.model import FileKind, Inspection
from app.sniff import (
    CLAIMED,
    EXTENSIONS,
    HEAD_BYTES,
    PDF_SEARCH_BYTES,
    PILLOW_FORMATS,
    ZIP_DOCUMENTS,
    is_blank,
    kind_of,
    label,
    needs_more,
    pdf_offset,
    refine_ole,
    sniff,
)

# Archive members are copied to be parsed (their streams seek badly): into memory up to this size,
# beyond it into an anonymous temporary file, so a member of any size is inspected as fully as a file.
MAX_IN_MEMORY = 64 * 1024 * 1024
# Up to this size a member is read in one piece (briefly held twice: the read and the copy).
MAX_ONE_READ = 16 * 1024 * 1024
MAX_OLE_SCAN = 32 * 1024 * 1024
_BLANK_SCAN_CHUNK = 1024 * 1024
_BLANK_FULL_SCAN = 64 * 1024 * 1024
_EVIDENCE_KINDS = (FileKind.PDF, FileKind.IMAGE, FileKind.DOCUMENT)


def inspect_entry(entry: Entry) -> Inspection:
    """Inspect one file. Never raises: a failure becomes a finding on the result."""
    result = _guarded(entry, parse=True)
    assert result is not None
    return result


def inspect_light(entry: Entry) -> Inspection | None:
    """Inspect without the third-party parsers, or None when the file needs them.

    Sniffing and the checks here are our own bounded code, safe to run in the main process; a file
    that needs pypdf, Pillow or zipfile (None) goes to an isolated worker instead. A file whose
    extension claims such a format is not even opened here (None): the worker reads it anyway, and
    reading its head here too would inflate a zip member twice. The verdict is the same either way.
    """
    if _claims_parsed_format(entry.suffix):
        return None
    return _guarded(entry, parse=False)


def _claims_parsed_format(suffix: str) -> bool:
    claimed = CLAIMED.get(suffix)
    return claimed is not None and (needs_parser(claimed) or claimed in ZIP_DOCUMENTS)


def _guarded(entry: Entry, *, parse: bool) -> Inspection | None:
    try:
        result = _inspect(entry, parse)
        if result is None:
            return None
    except FileNotFoundError:
        result = _failed("file.skipped", "文件已不存在（检查过程中被移动或删除）")
    except PermissionError:
        result = _failed("file.skipped", "没有读取权限或文件被其他程序占用")
    except ArchiveLimitError as exc:
        result = _failed("archive.unsafe", str(exc))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        result = _failed("file.unreadable", "压缩包中该文件的数据已损坏")
    except OSError as exc:
        result = _failed("file.skipped", exc.strerror or type(exc).__name__)
    except MemoryError:
        result = _failed("file.unreadable", "文件结构异常，占用内存过多")
    except Exception as exc:  # the promise is "never raises", whatever a parser does
        result = _failed("file.unreadable", f"检查时出错（{type(exc).__name__}）")
    result.usable = not any(makes_unusable(f.code) for f in result.findings)
    return result


def _failed(code: str, detail: str) -> Inspection:
    return Inspection(kind=FileKind.OTHER, detected="unknown", findings=[finding(code, detail)])


def _inspect(entry: Entry, parse: bool) -> Inspection | None:
    with entry.open() as stream:
        size = _actual_size(stream, entry)
        head = stream.read(HEAD_BYTES)
        detected = sniff(head)
        if needs_more(detected) and len(head) == HEAD_BYTES:
            head += stream.read(PDF_SEARCH_BYTES - HEAD_BYTES)
            detected = sniff(head)
        if detected == "empty" and not _rest_is_blank(stream, size, entry.member is None):
            detected = "unknown"
        if detected == "empty":
            what = "0 字节" if size == 0 else "只有空白或空字节"
            return Inspection(kind=FileKind.OTHER, detected="empty", findings=[finding("file.empty", what)])
        if not parse and needs_parser(detected):
            return None
        result = _deep(entry, stream, head, detected, size)
    _check_extension(entry, result)
    return result


def needs_parser(detected: str) -> bool:
    """Formats whose inspection runs pypdf, Pillow or zipfile on untrusted bytes."""
    return detected in ("pdf", "zip") or detected in PILLOW_FORMATS


def _deep(entry: Entry, stream: BinaryIO, head: bytes, detected: str, size: int) -> Inspection:
    if not needs_parser(detected) and detected != "ole":
        return Inspection(kind=kind_of(detected), detected=detected)
    with ExitStack() as stack:
        skip = pdf_offset(head) if detected == "pdf" else 0
        fp = _seekable(entry, stream, head, size, skip)
        if fp is not stream:
            stack.callback(fp.close)  # the copy; the file itself is closed by whoever opened it
        # pypdf, Pillow and zipfile are imported here, not at the top: the main process (which only
        # does the light work) starts faster, and these parsers only ever run in the worker processes.
        if detected == "pdf":
            from app.inspect_pdf import inspect_pdf

            result = inspect_pdf(fp)
            if skip:
                result.extra["header_offset"] = skip
            return result
        if detected in PILLOW_FORMATS:
            from app.inspect_image import inspect_image

            return inspect_image(fp, detected, size)
        if detected == "zip":
            from app.inspect_office import inspect_zip

            return inspect_zip(fp, head, entry.suffix)
        fp.seek(0)
        detected = refine_ole(fp.read(MAX_OLE_SCAN))
        return Inspection(kind=kind_of(detected), detected=detected)
    raise AssertionError("unreachable")  # pragma: no cover - ExitStack does not swallow


def _actual_size(stream: BinaryIO, entry: Entry) -> int:
    if entry.member is None:
        try:
            return os.fstat(stream.fileno()).st_size  # the file may have changed since discovery
        except (OSError, AttributeError, io.UnsupportedOperation):
            pass
    return entry.size


def _seekable(entry: Entry, stream: BinaryIO, head: bytes, size: int, skip: int = 0) -> BinaryIO:
    """A seekable stream of the file from byte ``skip`` (junk before a PDF header is left out, as
    viewers leave it out: the offsets inside count from the header). A copy is the caller's to close;
    one in a temporary file is deleted on close, on every OS, and is never named in the submission."""
    if entry.member is None and skip == 0:
        stream.seek(0)
        return stream
    if size - skip <= min(MAX_ONE_READ, MAX_IN_MEMORY):
        # One read of the rest: a zip member is then inflated in one call, not chunk by chunk (the
        # same bytes and the same errors, at a third less CPU for a typical scan).
        return io.BytesIO(head[skip:] + stream.read())
    buffer: BinaryIO = io.BytesIO() if size - skip <= MAX_IN_MEMORY else tempfile.TemporaryFile()  # noqa: SIM115
    buffer.write(head[skip:])
    shutil.copyfileobj(stream, buffer, 1 << 20)  # chunked: one copy of the member, not two
    buffer.seek(0)
    return buffer


def _rest_is_blank(stream: BinaryIO, size: int, folder_file: bool) -> bool:
    """Blank to the end? Read fully up to _BLANK_FULL_SCAN; beyond that (a 4 GB file of zeros on a
    slow stick) sample evenly spaced chunks and the tail, which is what an interrupted copy leaves."""
    scanned = 0
    while chunk := stream.read(_BLANK_SCAN_CHUNK):
        if not is_blank(chunk):
            return False
        scanned += len(chunk)
        if scanned >= _BLANK_FULL_SCAN and folder_file and size > scanned:
            step = max(_BLANK_SCAN_CHUNK, (size - scanned) // 16)
            for offset in [*range(scanned, size, step), max(scanned, size - _BLANK_SCAN_CHUNK)]:
                stream.seek(offset)
                if not is_blank(stream.read(_BLANK_SCAN_CHUNK)):
                    return False
            return True
    return True


def _check_extension(entry: Entry, result: Inspection) -> None:
    detected = result.detected
    ext = entry.suffix
    expected = EXTENSIONS.get(ext)
    if detected == "unknown":
        claimed = CLAIMED.get(ext)
        if claimed and kind_of(claimed) in _EVIDENCE_KINDS:
            result.findings.append(
                finding("file.unreadable", f"内容不是有效的{label(claimed)}，文件可能已损坏")
            )
        return
    if expected is not None and detected in expected:
        return
    if expected is None and result.kind not in _EVIDENCE_KINDS:
        return  # an unusual extension on an unusual file: nothing to suggest
    shown = f"扩展名为 {ext}" if ext else "没有扩展名"
    result.findings.append(finding("file.extension_mismatch", f"{shown}，实际是{label(detected)}"))


def file_hashes(entries: Iterable[Entry], *, use_cache: bool = True) -> Iterator[tuple[Entry, str | None]]:
    """The sha256 (hex) of each entry's content, or None when it cannot be read; cached like inspections.

    Hashing is our own code on a bounded stream, so it runs here, not in a worker. Callers should hash
    only files that share their size with another (duplicates must have equal sizes).
    """
    from app.cache import InspectionCache

    cache = InspectionCache.open() if use_cache else None
    fresh: list[tuple[Entry, str]] = []
    try:
        todo = list(entries)
        if cache is not None:
            known = cache.lookup_hashes(todo)
            yield from known.items()
            todo = [e for e in todo if e not in known]
        for entry in todo:
            digest = _sha256(entry)
            if digest is not None:
                fresh.append((entry, digest))
            yield entry, digest
    finally:
        close_archives()
        if cache is not None:
            cache.store_hashes(fresh)
            cache.close()


def _sha256(entry: Entry) -> str | None:
    digest = hashlib.sha256()
    try:
        with entry.open() as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return None  # vanished, locked or corrupt: it simply takes no part in duplicate detection
    return digest.hexdigest()
