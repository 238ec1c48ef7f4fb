"""7z archives, read with ``py7zr`` from a path or a seekable stream.

Listing reads the archive header only. A member is decompressed into a bounded scratch file (memory,
then the private temporary folder) through py7zr's writer factory, so nothing is written beside
the submission. In a solid archive each member is decompressed from the start of its block: fine for
evidence (photos do not compress, so 7-Zip rarely makes big solid blocks of them).
"""

from __future__ import annotations

import threading
from typing import Any, BinaryIO

import py7zr
import py7zr.exceptions
import py7zr.io

from app import archive
from app.archive import ArchiveDamaged, ArchiveEncrypted, ArchiveLimitError, Member, MemberDamaged

_LIBRARY_ERRORS = (
    py7zr.exceptions.ArchiveError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    OSError,
    MemoryError,
    AttributeError,
    LookupError,
)


class _LimitedWriter(py7zr.io.Py7zIO):
    def __init__(self, out: BinaryIO, limit: int) -> None:
        self._out = out
        self._limit = limit
        self._size = 0

    def write(self, s: bytes | bytearray) -> int:
        self._size += len(s)
        if self._size > self._limit:
            raise ArchiveLimitError("解压数据超过声明大小或上限")
        return self._out.write(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._size

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self._size


class _OneMember(py7zr.io.WriterFactory):
    def __init__(self, target: str, out: BinaryIO, limit: int) -> None:
        self._target = target
        self._out = out
        self._limit = limit

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        if filename == self._target:
            return _LimitedWriter(self._out, self._limit)
        return py7zr.io.NullIO()  # other members of the same solid block, decoded on the way


class SevenZipReader:
    kind = "7z"

    def __init__(self, source: str | BinaryIO) -> None:
        self.incomplete: str | None = None
        self._lock = threading.Lock()
        try:
            self._zf = py7zr.SevenZipFile(source, "r")
        except py7zr.exceptions.PasswordRequired:
            raise ArchiveEncrypted("压缩包设置了密码（文件名也被加密）") from None
        except _LIBRARY_ERRORS as exc:
            raise ArchiveDamaged(_damaged(exc)) from None
        try:
            self._encrypted = bool(self._zf.needs_password())
            self._infos: list[Any] = list(self._zf.list())
        except _LIBRARY_ERRORS as exc:
            self._zf.close()
            raise ArchiveDamaged(_damaged(exc)) from None

    def members(self) -> list[Member]:
        if len(self._infos) > archive.MAX_ENTRIES:
            raise ArchiveLimitError(f"条目过多（{len(self._infos)} 个，上限 {archive.MAX_ENTRIES}）")
        members = []
        for info in self._infos:
            if info.is_directory:
                continue
            name = str(info.filename).replace("\\", "/")
            size = int(info.uncompressed or 0)
            # py7zr gives a compressed size per member only outside solid blocks
            packed = int(info.compressed) if info.compressed is not None else -1
            mtime = info.creationtime.timestamp() if info.creationtime is not None else 0.0
            members.append(
                Member(
                    key=str(info.filename),
                    name=name,
                    size=size,
                    packed=packed,
                    mtime=mtime,
                    problem=archive.unsafe_name_reason(name) or archive.size_problem(size, packed),
                    encrypted=self._encrypted,
                )
            )
        return members

    def open(self, key: str, limit: int) -> BinaryIO:
        if self._encrypted:
            raise ArchiveEncrypted("条目设置了密码")
        out = archive.spool(limit)
        try:
            with self._lock:
                self._zf.reset()
                self._zf.extract(targets=[key], factory=_OneMember(key, out, limit))
        except ArchiveLimitError:
            out.close()
            raise
        except _LIBRARY_ERRORS as exc:
            out.close()
            raise MemberDamaged(_damaged(exc)) from None
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return out

    def close(self) -> None:
        self._zf.close()


def _damaged(exc: BaseException) -> str:
    if isinstance(exc, py7zr.exceptions.CrcError):
        return "数据校验失败，文件已损坏"
    if isinstance(exc, py7zr.exceptions.UnsupportedCompressionMethodError):
        return "压缩方式不受支持，请用 7-Zip 默认设置或 zip 重新打包"
    if isinstance(exc, (EOFError, py7zr.exceptions.Bad7zFile)):
        return "压缩包不完整或已损坏（可能下载或复制时被截断）"
    return f"压缩包已损坏（{type(exc).__name__}）"
