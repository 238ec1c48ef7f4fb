"""RAR 4 and 5 archives, read with the unrar library bundled in the ``unrar2-cffi`` wheels.

The user needs no unrar.exe. The library reads only from a path, so a RAR inside another archive is
first spooled into the private temporary folder (app.archive.open_reader). Listing reads headers
only (RAR_OM_LIST); a member is decompressed in "test" mode into a bounded scratch file, never to
disk beside the submission. The unrar DLL's own Python wrapper hides read errors, so the header
loop is driven directly through its cffi functions to tell a clean end from a truncated archive.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Any, BinaryIO

from unrar.cffi import unrarlib
from unrar.cffi._unrarlib import ffi, lib

from app import archive
from app.archive import ArchiveDamaged, ArchiveEncrypted, ArchiveLimitError, Member, MemberDamaged

_RAR_OM_LIST = 0  # headers only; split files listed once (not exported by the wrapper)
_ERAR_END_ARCHIVE = 10
_ERAR_MISSING_PASSWORD = 22
_ERAR_BAD_PASSWORD = 24
_ERAR_EOPEN = 15
_RHDF_ENCRYPTED = 0x04
_RHDF_DIRECTORY = 0x20
_ABORT = -1

_ERRORS = {
    11: "内存不足",
    12: "数据损坏（校验失败）",
    13: "压缩包头损坏",
    14: "未知的 RAR 格式",
    15: "缺少后续分卷，或分卷无法打开",
    18: "压缩包不完整（可能下载或复制时被截断）",
    21: "读取出错",
}


def _utf8_ctype() -> None:
    """unrar turns the wide archive name into bytes with the C library's locale (Linux, macOS). A
    frozen program starts in the "C" locale (Python's own start-up would switch to UTF-8), where a
    Chinese name cannot be converted and the archive would read as missing. Windows uses the wide
    name as it is."""
    if sys.platform == "win32":
        return
    import locale

    for name in (None, "", "C.UTF-8", "C.utf8", "en_US.UTF-8"):
        try:
            current = locale.setlocale(locale.LC_CTYPE, name)
        except locale.Error:
            continue
        if "utf8" in current.lower().replace("-", ""):
            return


def _reason(code: int) -> str:
    return _ERRORS.get(code, f"无法读取（错误代码 {code}）")


class RarReader:
    kind = "rar"

    def __init__(self, path: str, *, owned: bool = False) -> None:
        self._path = path
        self._owned = owned  # a spooled copy in the private folder, removed on close
        self.incomplete: str | None = None
        self._members: list[Member] = []
        try:
            self._list()
        except BaseException:
            self.close()
            raise

    def _list(self) -> None:
        _utf8_ctype()
        try:
            rar = unrarlib.RarArchive(self._path, _RAR_OM_LIST)
        except unrarlib.BadRarPassword:
            raise ArchiveEncrypted("压缩包设置了密码") from None
        except unrarlib.BadRarFile as exc:
            raise ArchiveDamaged(_reason(exc.code)) from None
        with rar:
            index = 0
            while True:
                data = unrarlib.RARHeaderDataEx()
                result = lib.RARReadHeaderEx(rar.handle, data)
                if result == _ERAR_END_ARCHIVE:
                    break
                if result in (_ERAR_MISSING_PASSWORD, _ERAR_BAD_PASSWORD):
                    raise ArchiveEncrypted("压缩包设置了密码（文件名也被加密）")
                if result != 0:
                    if index == 0:
                        raise ArchiveDamaged(_reason(result))
                    self.incomplete = _reason(result)
                    break
                if index >= archive.MAX_ENTRIES:
                    raise ArchiveLimitError(f"条目过多（超过上限 {archive.MAX_ENTRIES} 个）")
                self._add(index, data)
                result = lib.RARProcessFileW(rar.handle, lib.C_RAR_SKIP, ffi.NULL, ffi.NULL)
                if result != 0:
                    self.incomplete = _reason(result)
                    break
                index += 1

    def _add(self, index: int, data: Any) -> None:
        flags = data.Flags
        if flags & _RHDF_DIRECTORY:
            return
        name = ffi.string(data.FileNameW).replace("\\", "/")
        size = data.UnpSize + (data.UnpSizeHigh << 32)
        packed = data.PackSize + (data.PackSizeHigh << 32)
        unsupported = "链接条目（指向其他文件），未跟随" if data.RedirType else None
        self._members.append(
            Member(
                key=str(index),
                name=name,
                size=size,
                packed=packed,
                mtime=_mtime(data),
                problem=archive.unsafe_name_reason(name) or archive.size_problem(size, packed),
                encrypted=bool(flags & _RHDF_ENCRYPTED),
                unsupported=unsupported,
            )
        )

    def members(self) -> list[Member]:
        return list(self._members)

    def open(self, key: str, limit: int) -> BinaryIO:
        target = int(key)
        out = archive.spool(limit)
        produced = 0
        over = False

        def collect(msg: int, p1: int, p2: int) -> int:
            nonlocal produced, over
            if msg == lib.UCM_PROCESSDATA:
                produced += p2
                if produced > limit:
                    over = True
                    return _ABORT
                out.write(ffi.buffer(ffi.cast("char *", p1), p2))
                return 1
            if msg in (lib.UCM_NEEDPASSWORD, lib.UCM_NEEDPASSWORDW):
                return _ABORT  # never guess a password
            return 1

        try:
            rar = unrarlib.RarArchive(self._path, lib.C_RAR_OM_EXTRACT)
        except unrarlib.BadRarFile as exc:
            out.close()
            raise MemberDamaged(_reason(exc.code)) from None
        handle = ffi.new_handle(collect)
        try:
            with rar:
                index = 0
                while True:
                    data = unrarlib.RARHeaderDataEx()
                    result = lib.RARReadHeaderEx(rar.handle, data)
                    if result != 0:
                        raise MemberDamaged(
                            _reason(result) if result != _ERAR_END_ARCHIVE else "找不到该条目"
                        )
                    if index == target:
                        lib.RARSetCallbackPtr(rar.handle, lib.PyUNRARCALLBACKStub, handle)
                        result = lib.RARProcessFileW(rar.handle, lib.C_RAR_TEST, ffi.NULL, ffi.NULL)
                        lib.RARSetCallbackPtr(rar.handle, ffi.NULL, ffi.NULL)
                        if over:
                            raise ArchiveLimitError("解压数据超过声明大小或上限")
                        if result != 0:
                            raise MemberDamaged(_reason(result))
                        break
                    result = lib.RARProcessFileW(rar.handle, lib.C_RAR_SKIP, ffi.NULL, ffi.NULL)
                    if result != 0:
                        raise MemberDamaged(_reason(result))
                    index += 1
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return out

    def close(self) -> None:
        if self._owned:
            with contextlib.suppress(OSError):
                os.remove(self._path)


def _mtime(data: Any) -> float:
    filetime = (data.MtimeHigh << 32) | data.MtimeLow  # RAR5: 100 ns since 1601, UTC
    if filetime:
        return filetime / 10_000_000 - 11_644_473_600
    dos = data.FileTime
    try:
        return time.mktime(
            (
                1980 + (dos >> 25),
                (dos >> 21) & 0xF,
                (dos >> 16) & 0x1F,
                (dos >> 11) & 0x1F,
                (dos >> 5) & 0x3F,
                (dos & 0x1F) * 2,
                0,
                0,
                -1,
            )
        )
    except (OverflowError, ValueError):
        return 0.0
