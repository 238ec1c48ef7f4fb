"""Step 1 of the check: list the submitted files of a folder, or of a zip read in place.

Every file ends up in exactly one of three lists: ``entries`` (to be inspected), ``junk`` (system
litter, skipped quietly) or ``refused`` (a verdict without opening it: unsafe zip entries, nested
archives, files that cannot be reached). Nothing here ever writes to the submission.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app import archive
from app.findings import finding
from app.model import Finding
from app.names import display_path


class SourceError(Exception):
    """The folder or zip itself cannot be checked; the message says what and what to do, in Chinese."""


JUNK_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", ".localized", "icon\r"})
# Written by `evcheck template` into every indicator folder to tell the clerk what goes there: not evidence.
TEMPLATE_NOTE = "说明.txt"
JUNK_DIRS = frozenset(
    {
        "__macosx",
        "$recycle.bin",
        "system volume information",
        ".spotlight-v100",
        ".trashes",
        ".fseventsd",
        ".temporaryitems",
    }
)
NESTED_ARCHIVE_EXTS = frozenset(
    {".zip", ".zipx", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".iso", ".arj", ".lzh"}
)
# stored, deflate, bzip2, lzma: what zipfile can read. Windows writes Deflate64 (9) for big files.
_READABLE_COMPRESSION = frozenset({0, 8, 12, 14})
_WINDOWS_MAX_PATH = 259


@dataclass(frozen=True)
class Entry:
    """One submitted file, in a folder or inside a zip. Picklable, so workers can open it too."""

    rel: str  # relative to the folder or zip root, "/" separators, the name as stored
    size: int
    mtime: float
    container: str  # absolute path of the folder, or of the .zip file
    member: str | None = None  # raw ZipInfo.filename for zip entries, None for folder files
    disk: str | None = None  # the name on disk when ``rel`` is its decoded form (GBK bytes on Linux)

    def open(self) -> BinaryIO:
        """A read-only stream of the content; zip members are streamed, never extracted."""
        if self.member is not None:
            return archive.open_member(self.container, self.member, self.size)
        path = os.path.join(self.container, *(self.disk or self.rel).split("/"))
        if sys.platform == "win32" and len(path) > _WINDOWS_MAX_PATH and not path.startswith("\\\\?\\"):
            path = "\\\\?\\" + path  # the extended-length prefix reaches paths beyond MAX_PATH
        return open(path, "rb")

    @property
    def abspath(self) -> Path | None:
        return None if self.member is not None else Path(self.container, *(self.disk or self.rel).split("/"))

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        name = self.name
        dot = name.rfind(".")
        return name[dot:].lower() if dot > 0 else ""


@dataclass
class Discovery:
    entries: list[Entry] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    refused: list[tuple[Entry | str, Finding]] = field(default_factory=list)


def is_junk_name(name: str) -> bool:
    lower = name.lower()
    return (
        lower in JUNK_NAMES
        or name == TEMPLATE_NOTE
        or name.startswith("~$")  # Office lock files
        or name.startswith("._")  # AppleDouble resource forks
        or (name.startswith(".~lock.") and name.endswith("#"))  # LibreOffice lock files
    )


def is_junk_path(rel: str) -> bool:
    parts = rel.split("/")
    return is_junk_name(parts[-1]) or any(p.lower() in JUNK_DIRS for p in parts[:-1])


def nested_archive_ext(rel: str) -> bool:
    lower = rel.lower()
    dot = lower.rfind(".")
    return dot > lower.rfind("/") + 1 and lower[dot:] in NESTED_ARCHIVE_EXTS


def discover(source: Path) -> Discovery:
    """List the files of ``source``, a folder or a .zip file. Raises SourceError when it is unusable."""
    source = Path(os.path.abspath(source))
    try:
        st = source.stat()
    except FileNotFoundError:
        raise SourceError(f"找不到“{source}”：请确认路径正确，文件夹或压缩包没有被移动或删除。") from None
    except OSError as exc:
        raise SourceError(f"无法访问“{source}”（{exc.strerror}）：请确认有读取权限。") from None
    if stat.S_ISDIR(st.st_mode):
        return _discover_folder(source)
    suffix = source.suffix.lower()
    if suffix in {".rar", ".7z"}:
        raise SourceError(
            f"暂不支持 {suffix[1:].upper()} 压缩包“{source.name}”：请先解压后检查文件夹，或重新打包为 zip。"
        )
    return _discover_zip(source)


def _refuse(found: Discovery, item: Entry | str, code: str, detail: str) -> None:
    found.refused.append((item, finding(code, detail)))


# ---------------------------------------------------------------- folders


def _discover_folder(root: Path) -> Discovery:
    found = Discovery()
    container = str(root)
    try:
        top = sorted(os.scandir(root), key=lambda d: d.name)
    except OSError as exc:
        raise SourceError(f"无法读取文件夹“{root}”（{exc.strerror}）：请确认有读取权限。") from None
    # Depth-first with an explicit stack: no recursion limit, and directory symlinks are not followed,
    # so a link loop cannot trap the walk.
    stack: list[tuple[str, list[os.DirEntry[str]]]] = [("", top)]
    while stack:
        prefix, items = stack.pop()
        subdirs: list[tuple[str, str]] = []
        for item in items:
            rel = prefix + item.name
            _visit(found, container, item, rel, subdirs)
        for rel, path in reversed(subdirs):
            try:
                children = sorted(os.scandir(path), key=lambda d: d.name)
            except OSError as exc:
                _refuse(found, display_path(rel) + "/", "file.skipped", f"文件夹无法读取（{_reason(exc)}）")
                continue
            stack.append((rel + "/", children))
    found.entries.sort(key=lambda e: e.rel)
    return found


def _visit(
    found: Discovery, container: str, item: os.DirEntry[str], rel: str, subdirs: list[tuple[str, str]]
) -> None:
    # A name that is not UTF-8 (GBK bytes left by Linux extractors) is read as zip names are;
    # the walk and the Entry keep the name on disk.
    disk, rel = rel, display_path(rel)
    try:
        if item.is_symlink():
            if item.is_dir(follow_symlinks=True):
                _refuse(found, rel, "file.skipped", "指向文件夹的链接，未跟随")
                return
        elif item.is_dir(follow_symlinks=False):
            if item.name.lower() in JUNK_DIRS:
                found.junk.append(rel + "/")
            else:
                subdirs.append((disk, item.path))
            return
        if is_junk_name(item.name):
            found.junk.append(rel)
            return
        st = item.stat(follow_symlinks=True)
    except FileNotFoundError:
        _refuse(found, rel, "file.skipped", "文件在扫描过程中消失，或链接指向的文件不存在")
        return
    except OSError as exc:
        _refuse(found, rel, "file.skipped", _reason(exc))
        return
    if not stat.S_ISREG(st.st_mode):
        # FIFOs and devices would block or never end if opened
        _refuse(found, rel, "file.skipped", "不是普通文件")
        return
    entry = Entry(
        rel=rel, size=st.st_size, mtime=st.st_mtime, container=container, disk=disk if disk != rel else None
    )
    if nested_archive_ext(rel):
        _refuse(found, entry, "file.nested_archive", "")
        return
    found.entries.append(entry)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限或文件被占用"
    if exc.errno in (36, 206):  # ENAMETOOLONG, ERROR_FILENAME_EXCED_RANGE
        return "路径过长"
    return exc.strerror or type(exc).__name__


# ---------------------------------------------------------------- zips


def _discover_zip(path: Path) -> Discovery:
    try:
        zf = archive.open_zip(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise SourceError(
            f"无法打开压缩包“{path.name}”：文件已损坏或不是 zip 格式。请重新打包，或解压后检查文件夹。"
        ) from None
    except OSError as exc:
        raise SourceError(f"无法读取压缩包“{path.name}”（{exc.strerror}）：请确认有读取权限。") from None
    found = Discovery()
    container = str(path)
    with zf:
        try:
            members = archive.scan_members(zf)
        except archive.ArchiveLimitError as exc:
            _refuse(found, path.name, "archive.unsafe", str(exc))
            return found
        except (OSError, zipfile.BadZipFile) as exc:
            raise SourceError(f"无法读取压缩包“{path.name}”（{exc}）：请重新打包后再检查。") from None
    for m in members:
        info = m.info
        if m.problem is None and is_junk_path(m.name):
            found.junk.append(m.name)
            continue
        entry = Entry(
            rel=m.name, size=info.file_size, mtime=_zip_mtime(info), container=container, member=info.filename
        )
        if m.problem is not None:
            _refuse(found, entry, "archive.unsafe", m.problem)
        elif info.flag_bits & 0x1:
            _refuse(found, entry, "archive.unreadable", "条目设置了密码")
        elif info.compress_type not in _READABLE_COMPRESSION:
            _refuse(
                found,
                entry,
                "archive.unreadable",
                f"压缩方式不受支持（{info.compress_type}），请用普通 zip 重新打包",
            )
        elif nested_archive_ext(m.name):
            _refuse(found, entry, "file.nested_archive", "")
        else:
            found.entries.append(entry)
    found.entries.sort(key=lambda e: e.rel)
    return found


def _zip_mtime(info: zipfile.ZipInfo) -> float:
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0
