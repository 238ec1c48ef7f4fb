"""Reading submitted archives in place: the shared contract of the zip, RAR and 7z readers.

Nothing is ever extracted beside a submission. Each format has a small reader module
(archive_zip, archive_rar, archive_7z) that lists members from the archive's directory and
opens one member as a bounded stream; archive_tree walks nested archives under one budget.
A nested archive is read from a stream where the library can, else spooled into this process's
private temporary folder (see :func:`private_dir`), which is removed when the archives are closed.

The limits live here as module attributes so tests (and readers, at call time) see one value.
"""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

# Limits, for the whole tree of one submission. Evidence is photos and scans: already compressed,
# so real ratios stay near 1.
MAX_ENTRIES = 100_000
MAX_ENTRY_BYTES = 2 * 1024**3  # one uncompressed entry
MAX_TOTAL_BYTES = 64 * 1024**3  # all entries together, as declared
MAX_RATIO = 200  # uncompressed / compressed, only checked above RATIO_FLOOR
RATIO_FLOOR = 16 * 1024**2  # small entries may compress well (text); only big ones can be bombs
MAX_DEPTH = 4  # archives inside archives: a zip of school zips of class zips is depth 3
SPOOL_IN_MEMORY = 32 * 1024**2  # a nested archive or a RAR/7z member up to this stays in memory

# Joins the keys of a member inside nested archives into Entry.member. NUL cannot occur in a key
# that is ever opened: a name containing it is refused as unsafe.
KEY_SEPARATOR = "\x00"

_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveLimitError(OSError):
    """An archive (or the tree) is bigger than allowed, or a member produced more data than declared."""


class ArchiveEncrypted(Exception):
    """The whole archive needs a password (its directory is encrypted)."""


class ArchiveDamaged(Exception):
    """The archive cannot be listed; the message says why, in Chinese."""


class NotAnArchive(ArchiveDamaged):
    """A member named like an archive whose content is not one (inspected as a plain file)."""


class MemberDamaged(zipfile.BadZipFile):
    """A member's data is corrupt. A BadZipFile, so inspection reports it as a damaged member."""


@dataclass(frozen=True)
class Member:
    """One non-directory entry as listed from an archive's directory (nothing decompressed)."""

    key: str  # what the reader's open() takes: the raw zip name, a RAR header index, a 7z name
    name: str  # decoded, "/" separators
    size: int  # uncompressed, as declared
    packed: int  # compressed, as declared; -1 when the format does not say (solid 7z blocks)
    mtime: float
    problem: str | None = None  # why it is unsafe (archive.unsafe), in Chinese
    encrypted: bool = False
    unsupported: str | None = None  # why it cannot be read (archive.unreadable), in Chinese


class Reader(Protocol):
    kind: str  # "zip", "rar" or "7z"
    incomplete: str | None  # set when the listing stopped early (a truncated archive), in Chinese

    def members(self) -> list[Member]: ...

    def open(self, key: str, limit: int) -> BinaryIO: ...

    def close(self) -> None: ...


def unsafe_name_reason(name: str) -> str | None:
    if "\x00" in name:
        return "文件名含有空字符"
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return "使用了绝对路径"
    if any(part == ".." for part in normalised.split("/")):
        return "路径中含有“..”，可能写到压缩包以外"
    return None


def size_problem(size: int, packed: int) -> str | None:
    if size > MAX_ENTRY_BYTES:
        return f"解压后 {size // 1024**2} MB，超过单个文件上限"
    if packed >= 0 and size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        return f"压缩比异常（{size // max(packed, 1)} 倍），疑似压缩炸弹"
    return None


def kind_of(head: bytes) -> str | None:
    """The archive format from the first bytes, whatever the name says."""
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    return None


# ---------------------------------------------------------------- the private temporary folder

_dir_lock = threading.Lock()
_private: str | None = None


def private_dir() -> str:
    """This process's own temporary folder under the system temp (never beside the submission)."""
    global _private
    with _dir_lock:
        if _private is None or not os.path.isdir(_private):
            _private = tempfile.mkdtemp(prefix=f"evcheck-{os.getpid()}-")
        return _private


def _remove_private_dir() -> None:
    global _private
    with _dir_lock:
        if _private is not None:
            shutil.rmtree(_private, ignore_errors=True)
            _private = None


atexit.register(_remove_private_dir)


def spool(limit: int) -> BinaryIO:
    """A seekable scratch file: in memory while small, then a file in the private folder."""
    # typeshed types SpooledTemporaryFile as IO[bytes]-like but not typing.BinaryIO
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, dir=private_dir())  # type: ignore[return-value]


def spool_to_path(stream: BinaryIO, suffix: str) -> str:
    """Copy a stream into a new file in the private folder, for libraries that only read paths."""
    fd, path = tempfile.mkstemp(suffix=suffix, dir=private_dir())
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    return path


class BoundedReader(io.RawIOBase):
    """A read-only stream over a member that stops a bomb while it streams.

    The libraries stop at the declared size; this also enforces the absolute limit, so a lying
    header cannot make us hold more than MAX_ENTRY_BYTES.
    """

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        super().__init__()
        self._raw = raw
        self._limit = limit
        self._produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        self._produced += len(data)
        if self._produced > self._limit:
            raise ArchiveLimitError("解压数据超过声明大小或上限")
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        """The rest in one read: zipfile then inflates it in one call rather than in 8 KB steps
        (RawIOBase's own readall), and the limit still holds (one byte past it is asked for)."""
        data = self._raw.read(max(0, self._limit - self._produced) + 1)
        self._produced += len(data)
        if self._produced > self._limit:
            raise ArchiveLimitError("解压数据超过声明大小或上限")
        return data

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


# ---------------------------------------------------------------- opening readers


def open_reader(source: str | BinaryIO, kind: str, suffix: str = "") -> Reader:
    """A reader of ``kind`` over a path or a seekable stream. Raises ArchiveEncrypted, ArchiveDamaged
    or ArchiveLimitError. The format modules are imported here, not at the top: py7zr is slow to import.
    """
    if kind == "zip":
        from app.archive_zip import ZipReader

        return ZipReader(source)
    if kind == "rar":
        from app.archive_rar import RarReader

        if not isinstance(source, str):  # the unrar library reads only from a path
            source = spool_to_path(source, ".rar")
            return RarReader(source, owned=True)
        return RarReader(source)
    if kind == "7z":
        from app.archive_7z import SevenZipReader

        return SevenZipReader(source)
    raise ArchiveDamaged("不是 zip、RAR 或 7z 格式")


def sniff_file(path: str) -> str | None:
    with open(path, "rb") as fp:
        return kind_of(fp.read(8))


def open_nested(parent: Reader, key: str, size: int) -> Reader:
    """A reader over an archive stored inside another, its bytes spooled (memory or private folder)."""
    with parent.open(key, min(size, MAX_ENTRY_BYTES)) as stream:
        head = stream.read(8)
        kind = kind_of(head)
        if kind is None:
            raise NotAnArchive("文件内容不是 zip、RAR 或 7z 压缩包")
        held = spool(size)
        held.write(head)
        shutil.copyfileobj(stream, held, 1 << 20)
    held.seek(0)
    if kind == "rar":
        try:
            return open_reader(held, kind)
        finally:
            held.close()
    try:
        reader = open_reader(held, kind)
    except BaseException:
        held.close()
        raise
    _owned_streams[id(reader)] = held
    return reader


_owned_streams: dict[int, BinaryIO] = {}


def close_reader(reader: Reader) -> None:
    try:
        reader.close()
    finally:
        held = _owned_streams.pop(id(reader), None)
        if held is not None:
            held.close()


# ---------------------------------------------------------------- the per-process cache

# One open reader per archive (and per nested archive) per process: reopening would re-parse the
# directory, and re-spool a nested archive, for every member.
_open_lock = threading.RLock()
_open: dict[tuple[str, ...], Reader] = {}
_MAX_OPEN = 16


def _cached(chain: tuple[str, ...], make: Callable[[], Reader]) -> Reader:
    with _open_lock:
        reader = _open.pop(chain, None)
        if reader is None:
            reader = make()  # before evicting: making a nested reader uses its parent
            while len(_open) >= _MAX_OPEN:
                close_reader(_open.pop(next(iter(_open))))
        _open[chain] = reader  # least recently used first: the parent just used is kept
        return reader


def _reader_for(archive_file: str, outer: tuple[str, ...]) -> Reader:
    if not outer:
        return _cached((archive_file,), lambda: open_reader(archive_file, sniff_file(archive_file) or "zip"))
    parent = _reader_for(archive_file, outer[:-1])
    return _cached((archive_file, *outer), lambda: open_nested(parent, outer[-1], MAX_ENTRY_BYTES))


def open_member(archive_file: str, member: str, declared_size: int) -> BinaryIO:
    """A bounded read-only stream of one member, at any depth (keys joined by KEY_SEPARATOR)."""
    *outer, key = member.split(KEY_SEPARATOR)
    try:
        reader = _reader_for(archive_file, tuple(outer))
    except (ArchiveDamaged, ArchiveEncrypted) as exc:
        raise MemberDamaged(str(exc)) from None
    return reader.open(key, min(declared_size, MAX_ENTRY_BYTES))


def close_archives() -> None:
    """Close every archive this process holds open and remove its private temporary folder."""
    with _open_lock:
        while _open:
            close_reader(_open.pop(next(iter(_open))))
    _remove_private_dir()


# Kept for callers and tests of the zip reader written before RAR and 7z were read.
def open_zip(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path, "r")
