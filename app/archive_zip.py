"""Zip archives: per-entry name decoding, unsafe-entry detection, Deflate64, bounded streams.

A zip made on Chinese Windows stores names in GBK without the UTF-8 flag; Python decodes those as
cp437, so the raw bytes are recovered and decoded again. Some tools set the UTF-8 flag on GBK names:
Python's zipfile then fails on the whole archive, so for those entries the flag is hidden from it
(see _FlagHider) and the name is decoded like an unflagged one. Windows Explorer writes Deflate64
for big files, which zipfile cannot inflate: those members are inflated here with ``inflate64``
(already needed by py7zr, so it costs the installer nothing). Plain Deflate members, nearly every
member of a submitted zip, are inflated by ISA-L (``isal``) inside zipfile's own reader: about
twice zlib's speed, and inflating is most of the work of inspecting a zip in place.
"""

from __future__ import annotations

import copy
import io
import struct
import threading
import time
import zipfile
import zlib
from typing import BinaryIO

import inflate64

try:  # ISA-L inflates about twice as fast as zlib; zlib does the same job where it is missing
    from isal import isal_zlib
except ImportError:  # pragma: no cover - a build without the isal wheel
    isal_zlib = None  # type: ignore[assignment]

from app import archive
from app.archive import ArchiveDamaged, ArchiveEncrypted, ArchiveLimitError, Member, MemberDamaged
from app.cntext import decode_chinese

_IsalError: type[Exception] = isal_zlib.error if isal_zlib is not None else zlib.error  # type: ignore[assignment]

UTF8_FLAG = 0x800
DEFLATE64 = 9
# stored, deflate, bzip2, lzma: what zipfile can read; plus Deflate64, inflated here.
READABLE_COMPRESSION = frozenset({0, 8, 12, 14, DEFLATE64})

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"


def decode_name(info: zipfile.ZipInfo) -> str:
    """The entry name as its author wrote it: valid UTF-8 first, else GB18030, else cp437."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename  # zipfile decoded it as UTF-8 successfully (invalid ones are hidden)
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # zipfile already decoded it some other way (metadata_encoding)
        return info.filename
    if raw.isascii():
        return info.filename
    # macOS and Linux tools write UTF-8 without the flag, Chinese Windows GBK: app/cntext.py says why
    return decode_chinese(raw) or info.filename


class _FlagHider(io.RawIOBase):
    """A read-only view of a zip file with the UTF-8 flag cleared at given offsets.

    zipfile decodes a flagged name strictly as UTF-8 and refuses the whole archive when that fails;
    the bytes on disk are never changed, only what zipfile reads.
    """

    def __init__(self, raw: BinaryIO, patches: dict[int, bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.patches = patches  # offset -> replacement bytes (two bytes of a flag field)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        start = self._raw.tell()
        data = self._raw.read(len(buffer))
        if self.patches and data:
            patched = bytearray(data)
            for offset, value in self.patches.items():
                for i, byte in enumerate(value):
                    if start <= offset + i < start + len(data):
                        patched[offset + i - start] = byte
            data = bytes(patched)
        buffer[: len(data)] = data
        return len(data)


def _flagged_invalid_names(fp: BinaryIO) -> dict[int, bytes]:
    """Patches clearing the UTF-8 flag of central-directory entries whose names are not UTF-8."""
    endrec = zipfile._EndRecData(fp)  # type: ignore[attr-defined]  # stable since Python 2
    if not endrec:
        return {}
    size_cd, offset_cd = endrec[zipfile._ECD_SIZE], endrec[zipfile._ECD_OFFSET]  # type: ignore[attr-defined]
    concat = endrec[zipfile._ECD_LOCATION] - size_cd - offset_cd  # type: ignore[attr-defined]
    if endrec[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:  # type: ignore[attr-defined]
        concat -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator  # type: ignore[attr-defined]
    start = offset_cd + concat
    if start < 0:
        return {}
    fp.seek(start)
    data = fp.read(size_cd)
    patches: dict[int, bytes] = {}
    pos = 0
    header = zipfile.structCentralDir  # type: ignore[attr-defined]
    size = zipfile.sizeCentralDir  # type: ignore[attr-defined]
    while pos + size <= len(data) and data[pos : pos + 4] == zipfile.stringCentralDir:  # type: ignore[attr-defined]
        fields = struct.unpack(header, data[pos : pos + size])
        flags = fields[zipfile._CD_FLAG_BITS]  # type: ignore[attr-defined]
        name_len = fields[zipfile._CD_FILENAME_LENGTH]  # type: ignore[attr-defined]
        extra_len = fields[zipfile._CD_EXTRA_FIELD_LENGTH]  # type: ignore[attr-defined]
        comment_len = fields[zipfile._CD_COMMENT_LENGTH]  # type: ignore[attr-defined]
        name = data[pos + size : pos + size + name_len]
        if flags & UTF8_FLAG:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                patches[start + pos + 8] = struct.pack("<H", flags & ~UTF8_FLAG)
        pos += size + name_len + extra_len + comment_len
    return patches


class ZipReader:
    kind = "zip"

    def __init__(self, source: str | BinaryIO) -> None:
        self.incomplete: str | None = None
        self._own = isinstance(source, str)
        raw: BinaryIO = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
        try:
            patches = _flagged_invalid_names(raw)
            # The io.RawIOBase wrappers here and zipfile's ZipExtFile have every method of a binary file
            # that is used, but typeshed does not count them as typing.BinaryIO: hence the ignores.
            self._fp: BinaryIO = _FlagHider(raw, patches) if patches else raw  # type: ignore[assignment]
            self._zf = zipfile.ZipFile(self._fp, "r")
            if patches:
                assert isinstance(self._fp, _FlagHider)
                for info in self._zf.infolist():  # the local header repeats the flag: hide it there too
                    if info.flag_bits & UTF8_FLAG == 0 and info.header_offset + 8 <= _size(raw):
                        raw.seek(info.header_offset + 6)
                        local_flags = struct.unpack("<H", raw.read(2))[0]
                        if local_flags & UTF8_FLAG:
                            patches[info.header_offset + 6] = struct.pack("<H", local_flags & ~UTF8_FLAG)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
            if self._own:
                raw.close()
            raise ArchiveDamaged("文件已损坏或不是 zip 格式") from exc
        except BaseException:
            if self._own:
                raw.close()
            raise
        self._raw = raw
        self._lock = threading.Lock()

    def members(self) -> list[Member]:
        infos = self._zf.infolist()
        if len(infos) > archive.MAX_ENTRIES:
            raise ArchiveLimitError(f"条目过多（{len(infos)} 个，上限 {archive.MAX_ENTRIES}）")
        file_len = _size(self._raw)
        problems: dict[int, str] = {}
        spans: list[tuple[int, int, int]] = []  # (start, end, index)
        for index, info in enumerate(infos):
            reason = archive.unsafe_name_reason(decode_name(info)) or archive.size_problem(
                info.file_size, info.compress_size
            )
            if reason is None:
                span = _data_span(self._fp, info, file_len)
                if isinstance(span, str):
                    reason = span
                else:
                    spans.append((span[0], span[1], index))
            if reason:
                problems[index] = reason
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
            unsupported = None
            if info.compress_type not in READABLE_COMPRESSION:
                unsupported = f"压缩方式不受支持（{info.compress_type}），请用普通 zip 重新打包"
            members.append(
                Member(
                    key=info.filename,
                    name=name,
                    size=info.file_size,
                    packed=info.compress_size,
                    mtime=_mtime(info),
                    problem=problems.get(index),
                    encrypted=bool(info.flag_bits & 0x1),
                    unsupported=unsupported,
                )
            )
        return members

    def open(self, key: str, limit: int) -> BinaryIO:
        info = self._zf.getinfo(key)  # a repeated name gives its last copy, as extractors do
        if info.flag_bits & 0x1:
            raise ArchiveEncrypted("条目设置了密码")
        if info.compress_type == DEFLATE64:
            # zipfile reads the raw bytes (told they are stored, without CRC), inflate64 inflates them
            raw_info = copy.copy(info)
            raw_info.compress_type = zipfile.ZIP_STORED
            raw_info.file_size = info.compress_size
            del raw_info.CRC
            compressed: BinaryIO = self._zf.open(raw_info)  # type: ignore[assignment]
            raw: BinaryIO = _Deflate64Stream(compressed, info.CRC, info.file_size)  # type: ignore[assignment]
        else:
            raw = self._zf.open(info, "r")  # type: ignore[assignment]
            deflated = info.compress_type == zipfile.ZIP_DEFLATED
            if deflated and isal_zlib is not None and getattr(raw, "_decompressor", None) is not None:
                raw._decompressor = _IsalInflater()  # type: ignore[attr-defined]
        return io.BufferedReader(archive.BoundedReader(raw, limit), buffer_size=256 * 1024)

    def close(self) -> None:
        self._zf.close()
        if self._own:
            self._raw.close()


class _IsalInflater:
    """zlib's raw-inflate object as zipfile uses it, done by ISA-L. Its errors are raised as zlib's,
    so a damaged member gets the same verdict whichever library inflated it; zipfile still checks
    the size and the CRC."""

    __slots__ = ("_inflater",)

    def __init__(self) -> None:
        self._inflater = isal_zlib.decompressobj(-zlib.MAX_WBITS)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        try:
            return self._inflater.decompress(data, max_length)
        except _IsalError as exc:
            raise zlib.error(str(exc)) from None

    def flush(self, length: int = zlib.DEF_BUF_SIZE) -> bytes:
        try:
            return self._inflater.flush(length)
        except _IsalError as exc:
            raise zlib.error(str(exc)) from None

    @property
    def unconsumed_tail(self) -> bytes:
        return self._inflater.unconsumed_tail

    @property
    def unused_data(self) -> bytes:
        return self._inflater.unused_data

    @property
    def eof(self) -> bool:
        return self._inflater.eof


class _Deflate64Stream(io.RawIOBase):
    """Inflates a Deflate64 member as it is read, checking the size and CRC at its end."""

    def __init__(self, raw: BinaryIO, crc: int, size: int) -> None:
        super().__init__()
        self._raw = raw
        self._inflater = inflate64.Inflater()
        self._pending = b""
        self._crc = 0
        self._expected_crc = crc
        self._expected_size = size
        self._produced = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            chunk = self._raw.read(64 * 1024)
            if not chunk:
                self._done = True
                break
            try:
                self._pending = self._inflater.inflate(chunk)
            except Exception as exc:  # inflate64 raises plain errors on corrupt data
                raise MemberDamaged("Deflate64 数据损坏") from exc
            self._done = self._inflater.eof
        data, self._pending = self._pending[: len(buffer)], self._pending[len(buffer) :]
        self._crc = zlib.crc32(data, self._crc)
        self._produced += len(data)
        if not data and (self._produced != self._expected_size or self._crc != self._expected_crc):
            raise MemberDamaged("Deflate64 数据损坏（长度或校验和不符）")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def _size(fp: BinaryIO) -> int:
    here = fp.tell()
    end = fp.seek(0, io.SEEK_END)
    fp.seek(here)
    return end


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


def _mtime(info: zipfile.ZipInfo) -> float:
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0
