"""Reading a submitted zip in place, safely: name decoding, unsafe-entry detection, bounded streams.

Nothing is ever extracted to disk. A zip made on Chinese Windows stores names in GBK without the
UTF-8 flag; Python decodes those as cp437, so the raw bytes are recovered and decoded again.
Unsafe entries (traversal, absolute paths, overlapping data, bombs) are refused one by one so the
rest of the archive can still be checked.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

UTF8_FLAG = 0x800

# Limits. Evidence is photos and scans: already compressed, so real ratios stay near 1.
MAX_ENTRIES = 100_000
MAX_ENTRY_BYTES = 2 * 1024**3  # one uncompressed entry
MAX_TOTAL_BYTES = 64 * 1024**3  # all entries together, as declared
MAX_RATIO = 200  # uncompressed / compressed, only checked above RATIO_FLOOR
RATIO_FLOOR = 16 * 1024**2  # small entries may compress well (text); only big ones can be bombs

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveLimitError(OSError):
    """A zip entry produced more data than allowed while streaming."""


@dataclass(frozen=True)
class ZipMember:
    info: zipfile.ZipInfo
    name: str  # decoded, "/" separators
    problem: str | None  # why it is unsafe, in Chinese; None when safe


def decode_name(info: zipfile.ZipInfo) -> str:
    """The entry name as its author wrote it: UTF-8 when flagged, else GB18030, UTF-8, or cp437."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # zipfile already decoded it some other way (metadata_encoding)
        return info.filename
    if raw.isascii():
        return info.filename
    # macOS and Linux tools write UTF-8 without the flag; valid UTF-8 of any length is almost never
    # accidental GBK, so try it first, then GB18030 (a superset of GBK/GB2312) as Chinese Windows writes.
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip for reading; raises OSError or zipfile.BadZipFile when it cannot be read."""
    return zipfile.ZipFile(path, "r")


def unsafe_name_reason(name: str) -> str | None:
    if "\x00" in name:
        return "文件名含有空字符"
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return "使用了绝对路径"
    if any(part == ".." for part in normalised.split("/")):
        return "路径中含有“..”，可能写到压缩包以外"
    return None


def _data_span(fp: BinaryIO, info: zipfile.ZipInfo, file_len: int) -> tuple[int, int] | str:
    """(start, end) of an entry's local header + data in the zip file, or why it is broken."""
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > file_len:
        return "条目位置超出压缩包范围"
    fp.seek(start)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        return "条目头不完整"
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIG:
        return "条目头损坏"
    name_len, extra_len = fields[10], fields[11]
    end = start + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
    if end > file_len:
        return "条目数据超出压缩包范围"
    return start, end


def scan_members(zf: zipfile.ZipFile) -> list[ZipMember]:
    """Every non-directory entry with its decoded name and, if unsafe, the reason.

    Raises ArchiveLimitError when the archive as a whole is unsafe (too many entries or too big).
    """
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ArchiveLimitError(f"条目过多（{len(infos)} 个，上限 {MAX_ENTRIES}）")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveLimitError(f"解压后总大小 {total // 1024**2} MB，超过上限")
    fp = zf.fp
    assert fp is not None
    fp.seek(0, io.SEEK_END)
    file_len = fp.tell()

    problems: dict[int, str] = {}
    spans: list[tuple[int, int, int]] = []  # (start, end, index)
    last_index_of: dict[str, int] = {}
    for index, info in enumerate(infos):
        name = decode_name(info)
        reason = unsafe_name_reason(name)
        if reason is None:
            reason = _size_problem(info)
        if reason is None:
            span = _data_span(fp, info, file_len)
            if isinstance(span, str):
                reason = span
            else:
                spans.append((span[0], span[1], index))
        if reason:
            problems[index] = reason
        if info.filename in last_index_of:
            # zipfile can only open the last entry of a duplicated name; the earlier ones are refused
            problems.setdefault(last_index_of[info.filename], "压缩包中有同名条目")
        last_index_of[info.filename] = index

    # Overlapping data: sorting by start, each entry must end before the next one begins.
    spans.sort()
    furthest_end, furthest_index = -1, -1
    for start, end, index in spans:
        if start < furthest_end:
            problems.setdefault(index, "条目数据与其他条目重叠（疑似压缩炸弹）")
            problems.setdefault(furthest_index, "条目数据与其他条目重叠（疑似压缩炸弹）")
        if end > furthest_end:
            furthest_end, furthest_index = end, index

    members = []
    for index, info in enumerate(infos):
        # Decode before looking for separators: in GBK, 0x5C ("\\") is also the second byte of
        # characters such as 淺 or 嘰, so the raw name can end in a byte that is not a backslash.
        name = decode_name(info).replace("\\", "/")
        if name.endswith("/"):
            continue  # a directory entry
        members.append(ZipMember(info, name, problems.get(index)))
    return members


def _size_problem(info: zipfile.ZipInfo) -> str | None:
    if info.file_size > MAX_ENTRY_BYTES:
        return f"解压后 {info.file_size // 1024**2} MB，超过单个文件上限"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return f"压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），疑似压缩炸弹"
    return None


class BoundedReader(io.RawIOBase):
    """A read-only stream over a zip member that stops a bomb while it streams.

    zipfile already stops at the declared size; this also enforces the absolute limit, so a lying
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

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


# One open ZipFile per archive per process: reopening would re-parse the central directory for every
# entry, which is quadratic for big archives.
_open_lock = threading.Lock()
_open: dict[str, zipfile.ZipFile] = {}
_MAX_OPEN = 8


def _cached_zip(container: str) -> zipfile.ZipFile:
    with _open_lock:
        zf = _open.get(container)
        if zf is None:
            while len(_open) >= _MAX_OPEN:
                _open.pop(next(iter(_open))).close()
            zf = _open[container] = open_zip(Path(container))
        return zf


def open_member(container: str, member: str, declared_size: int) -> BinaryIO:
    """A bounded read-only stream of one member, from the per-process cache of open archives."""
    zf = _cached_zip(container)
    raw = zf.open(member, "r")
    limit = min(declared_size, MAX_ENTRY_BYTES)
    return io.BufferedReader(BoundedReader(raw, limit), buffer_size=256 * 1024)  # type: ignore[return-value]


def close_archives() -> None:
    """Close every archive this process holds open (so the zip file can be moved or deleted)."""
    with _open_lock:
        while _open:
            _open.pop(next(iter(_open))).close()
