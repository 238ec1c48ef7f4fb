"""Step 1 of the check: list the submitted files of a folder, or of a zip, RAR or 7z read in place.

Every file ends up in exactly one of three lists: ``entries`` (to be inspected), ``junk`` (system
litter, skipped quietly) or ``refused`` (a verdict without opening it: unsafe or encrypted archive
entries, split archives, files that cannot be reached). Archives — the submission itself, archives in
a submitted folder, archives inside archives — are read as folders (app.archive_tree); their paths
show the archive as a folder: ``各校/青云街道中心小学.zip/1.1/制度.pdf``. Nothing here ever writes to
the submission.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app import archive, archive_split, archive_tree
from app.archive import ArchiveDamaged, ArchiveEncrypted, ArchiveLimitError, MemberDamaged
from app.archive_tree import Budget, Listed
from app.findings import finding
from app.formats import ARCHIVE_SUFFIXES, UNREAD_ARCHIVE_SUFFIXES
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
# Archives that are read as folders, and other archive formats that are only reported.
NESTED_ARCHIVE_EXTS = frozenset(ARCHIVE_SUFFIXES) | UNREAD_ARCHIVE_SUFFIXES
_WINDOWS_MAX_PATH = 259


@dataclass(frozen=True)
class Entry:
    """One submitted file, in a folder or inside an archive. Picklable, so workers can open it too."""

    rel: str  # relative to the submitted folder or archive, "/" separators, inner archives as folders
    size: int
    mtime: float
    container: str  # absolute path of the folder, or of the archive file on disk holding the member
    # None for a plain file on disk. For a member: its key in each archive from the one on disk
    # inwards (zip: raw ZipInfo.filename; RAR: header index; 7z: name), joined by archive.KEY_SEPARATOR.
    member: str | None = None
    disk: str | None = None  # the name on disk when ``rel`` is its decoded form (GBK bytes on Linux)

    def open(self) -> BinaryIO:
        """A read-only stream of the content; members are streamed or spooled, never extracted."""
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
    # later volumes of split RAR sets read through their first volume (also counted in junk)
    volumes: list[Entry] = field(default_factory=list)

    def disk_files(self, root: Path) -> list[Entry]:
        """The files on disk of a discovered folder, each once: plain files, and every archive file
        (not its members) — what a packer copies. Archives are read as folders, so their members
        are collapsed back into the archive file here."""
        out: dict[str, Entry] = {}
        items = [*self.entries, *(i for i, _ in self.refused if isinstance(i, Entry)), *self.volumes]
        for e in items:
            if e.member is None:
                out[e.rel] = e
            elif e.container != str(root):
                rel = Path(os.path.relpath(e.container, root)).as_posix()
                if rel not in out:
                    st = os.stat(e.container)
                    out[rel] = Entry(rel=rel, size=st.st_size, mtime=st.st_mtime, container=str(root))
        return sorted(out.values(), key=lambda e: e.rel)


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
    """List the files of ``source``: a folder, or a .zip, .rar or .7z file. Raises SourceError when
    it is unusable (missing, unreadable, or an archive that cannot be opened at all)."""
    source = Path(os.path.abspath(source))
    try:
        st = source.stat()
    except FileNotFoundError:
        raise SourceError(f"找不到“{source}”：请确认路径正确，文件夹或压缩包没有被移动或删除。") from None
    except OSError as exc:
        raise SourceError(f"无法访问“{source}”（{exc.strerror}）：请确认有读取权限。") from None
    if stat.S_ISDIR(st.st_mode):
        return _discover_folder(source)
    found = Discovery()
    vs = _volume_set_of(source)
    if vs is not None and not _readable_set(vs):
        _refuse(found, source.name, "archive.split", archive_split.detail(vs))
        return found
    if vs is not None:
        source = source.parent / vs.first  # unrar reads a set from its first volume
    _discover_archive(found, source, Budget.fresh(), vs)
    found.entries.sort(key=lambda e: e.rel)
    return found


def _refuse(found: Discovery, item: Entry | str, code: str, detail: str) -> None:
    found.refused.append((item, finding(code, detail)))


# ---------------------------------------------------------------- folders


def _discover_folder(root: Path) -> Discovery:
    found = Discovery()
    container = str(root)
    budget = Budget.fresh()
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
        sets = _sets_by_name([item.name for item in items])
        for item in items:
            rel = prefix + item.name
            _visit(found, container, item, rel, subdirs, budget, sets)
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
    found: Discovery,
    container: str,
    item: os.DirEntry[str],
    rel: str,
    subdirs: list[tuple[str, str]],
    budget: Budget,
    sets: dict[str, archive_split.VolumeSet],
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
    vs = sets.get(item.name)
    if vs is not None:
        if not _readable_set(vs):
            _refuse(found, entry, "archive.split", archive_split.detail(vs))
        elif item.name != vs.first:
            found.junk.append(rel)  # a later volume of a set read through its first volume
            found.volumes.append(entry)
        elif not _archive_in_folder(found, entry, item.path, budget, vs):
            found.entries.append(entry)
        return
    if archive_tree.suffix(rel) in ARCHIVE_SUFFIXES:
        if not _archive_in_folder(found, entry, item.path, budget):
            found.entries.append(entry)  # named like an archive but is none: inspected as a file
        return
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


# ---------------------------------------------------------------- archives


def _discover_archive(
    found: Discovery, path: Path, budget: Budget, vs: archive_split.VolumeSet | None = None
) -> None:
    """The submission itself is an archive: its files, paths relative to its root."""
    kind = _kind(str(path)) or "zip"
    try:
        reader = archive.open_reader(str(path), kind)
    except ArchiveEncrypted as exc:
        _refuse(found, path.name, "archive.encrypted", str(exc))
        return
    except ArchiveLimitError as exc:
        _refuse(found, path.name, "archive.unsafe", str(exc))
        return
    except ArchiveDamaged as exc:
        raise SourceError(f"无法打开压缩包“{path.name}”：{exc}。请重新打包，或解压后检查文件夹。") from None
    except OSError as exc:
        raise SourceError(f"无法读取压缩包“{path.name}”（{exc.strerror}）：请确认有读取权限。") from None
    try:
        listed = archive_tree.walk(reader, "", budget, is_junk_path)
    except ArchiveEncrypted as exc:
        _refuse(found, path.name, "archive.encrypted", str(exc))
        return
    except ArchiveLimitError as exc:
        _refuse(found, path.name, "archive.unsafe", str(exc))
        return
    except (ArchiveDamaged, MemberDamaged, OSError) as exc:
        raise SourceError(f"无法读取压缩包“{path.name}”（{exc}）：请重新打包后再检查。") from None
    finally:
        archive.close_reader(reader)
    if reader.incomplete:
        _refuse(found, path.name, *_incomplete(reader.incomplete, vs))
        if vs is not None:
            return  # members of a set missing volumes cannot be read
    _add_listed(found, listed, str(path))


def _archive_in_folder(
    found: Discovery, entry: Entry, path: str, budget: Budget, vs: archive_split.VolumeSet | None = None
) -> bool:
    """Read an archive found in a submitted folder as a folder; False when it is not an archive."""
    try:
        kind = _kind(path)
    except OSError as exc:
        _refuse(found, entry, "file.skipped", _reason(exc))
        return True
    if kind is None:
        return False
    try:
        reader = archive.open_reader(path, kind)
    except ArchiveEncrypted as exc:
        _refuse(found, entry, "archive.encrypted", str(exc))
        return True
    except ArchiveLimitError as exc:
        _refuse(found, entry, "archive.unsafe", str(exc))
        return True
    except ArchiveDamaged as exc:
        _refuse(found, entry, "archive.unreadable", f"压缩包无法打开：{exc}")
        return True
    except OSError as exc:
        _refuse(found, entry, "file.skipped", _reason(exc))
        return True
    try:
        listed = archive_tree.walk(reader, entry.rel + "/", budget, is_junk_path)
    except ArchiveEncrypted as exc:
        _refuse(found, entry, "archive.encrypted", str(exc))
        return True
    except ArchiveLimitError as exc:
        _refuse(found, entry, "archive.unsafe", str(exc))
        return True
    except (ArchiveDamaged, MemberDamaged, OSError) as exc:
        _refuse(found, entry, "archive.unreadable", f"压缩包无法读取：{exc}")
        return True
    finally:
        archive.close_reader(reader)
    if reader.incomplete:
        _refuse(found, entry, *_incomplete(reader.incomplete, vs))
        if vs is not None:
            return True  # members of a set missing volumes cannot be read
    _add_listed(found, listed, path)
    return True


def _add_listed(found: Discovery, listed: list[Listed], container: str) -> None:
    for item in listed:
        if item.code == archive_tree.JUNK:
            found.junk.append(item.rel)
            continue
        entry = Entry(rel=item.rel, size=item.size, mtime=item.mtime, container=container, member=item.member)
        if item.code is None:
            found.entries.append(entry)
        else:
            _refuse(found, entry, item.code, item.detail)


def _incomplete(reason: str, vs: archive_split.VolumeSet | None) -> tuple[str, str]:
    if vs is not None:
        return "archive.split", archive_split.detail(vs, last_missing=True)
    return "archive.unreadable", f"压缩包不完整：{reason}；已列出的文件照常检查"


def _kind(path: str) -> str | None:
    return archive.sniff_file(path)


def _sets_by_name(names: list[str]) -> dict[str, archive_split.VolumeSet]:
    return {name: vs for vs in archive_split.volume_sets(names).values() for name in vs.names}


def _volume_set_of(path: Path) -> archive_split.VolumeSet | None:
    try:
        siblings = [d.name for d in os.scandir(path.parent) if d.is_file()]
    except OSError:
        siblings = [path.name]
    return _sets_by_name(siblings).get(path.name)


def _readable_set(vs: archive_split.VolumeSet) -> bool:
    """A complete RAR set is read through its first volume (unrar finds the others); zip and 7z
    splits get one finding instead. A RAR set missing its last volumes is caught while listing."""
    return vs.kind == "rar" and not vs.missing()
