"""Walking an archive and the archives inside it as one tree of folders, under one budget.

A nested archive is shown as a folder named like the archive file, as 7-Zip and Explorer do:
``各校/青云街道中心小学.zip/1.1/制度.pdf``. The budget (entries, total uncompressed size, depth) is
shared by the whole submission, so a zip of school zips is checked exactly like the same files
unpacked, and a bomb hidden three levels down is refused like one at the top. Only nested archives
are decompressed while listing; every other member is listed from its archive's directory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app import archive, archive_split
from app.archive import (
    KEY_SEPARATOR,
    ArchiveDamaged,
    ArchiveEncrypted,
    ArchiveLimitError,
    Member,
    MemberDamaged,
    Reader,
)
from app.formats import ARCHIVE_SUFFIXES, UNREAD_ARCHIVE_SUFFIXES

JUNK = "junk"


@dataclass
class Budget:
    """What is left for the whole submission; each archive's listing is charged before it is used."""

    entries: int
    total_bytes: int

    @classmethod
    def fresh(cls) -> Budget:
        return cls(archive.MAX_ENTRIES, archive.MAX_TOTAL_BYTES)

    def charge(self, members: list[Member]) -> str | None:
        """Why the listing does not fit (nothing is charged then), or None once it is charged."""
        size = sum(m.size for m in members)
        if len(members) > self.entries:
            return f"条目过多（本包 {len(members)} 个，全部压缩包合计上限 {archive.MAX_ENTRIES} 个）"
        if size > self.total_bytes:
            return f"解压后总大小 {size // 1024**2} MB，超过全部压缩包合计上限 {archive.MAX_TOTAL_BYTES // 1024**2} MB"
        self.entries -= len(members)
        self.total_bytes -= size
        return None


@dataclass(frozen=True)
class Listed:
    """One file of the tree: to inspect (code None), junk, or refused with a finding code."""

    rel: str
    size: int
    mtime: float
    member: str  # keys from the outermost archive, joined by KEY_SEPARATOR
    code: str | None = None
    detail: str = ""


def suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""


def walk(
    reader: Reader,
    prefix: str,
    budget: Budget,
    is_junk: Callable[[str], bool],
    *,
    outer: tuple[str, ...] = (),
    depth: int = 1,
) -> list[Listed]:
    """Every file of ``reader``'s archive and of the archives inside it.

    Raises ArchiveLimitError when this archive alone does not fit the budget and ArchiveEncrypted
    when every member needs a password: one verdict for the archive, not one per member.
    """
    members = reader.members()
    if members and all(m.encrypted for m in members):
        raise ArchiveEncrypted("压缩包设置了密码")
    reason = budget.charge(members)
    if reason:
        raise ArchiveLimitError(reason)
    out: list[Listed] = []
    last_of: dict[str, int] = {}
    copies: dict[str, int] = {}
    for index, m in enumerate(members):
        last_of[m.name] = index
    by_folder: dict[str, list[str]] = {}
    for m in members:
        folder, _, base = m.name.rpartition("/")
        by_folder.setdefault(folder, []).append(base)
    split_of: dict[str, archive_split.VolumeSet] = {}
    for folder, names in by_folder.items():
        for vs in archive_split.volume_sets(names).values():
            for name in vs.names:
                split_of[f"{folder}/{name}" if folder else name] = vs

    for index, m in enumerate(members):
        rel = prefix + m.name
        keys = (*outer, m.key)
        member = KEY_SEPARATOR.join(keys)

        def verdict(
            code: str | None, detail: str = "", rel: str = rel, member: str = member, m: Member = m
        ) -> Listed:
            return Listed(rel, m.size, m.mtime, member, code, detail)

        if last_of[m.name] != index:
            # Its own path, so the report keeps one row per copy; the last copy keeps the real name.
            copies[m.name] = copies.get(m.name, 0) + 1
            shown = f"{rel}〔同名第{copies[m.name]}份，已被覆盖〕"
            detail = "压缩包中后面还有同名条目，解压时会被它覆盖，以后面那个为准"
            out.append(verdict("archive.shadowed", detail, rel=shown))
        elif m.problem is not None:
            out.append(verdict("archive.unsafe", m.problem))
        elif is_junk(m.name):
            out.append(verdict(JUNK))
        elif m.encrypted:
            out.append(verdict("archive.encrypted", "条目设置了密码"))
        elif m.unsupported is not None:
            out.append(verdict("archive.unreadable", m.unsupported))
        elif m.name in split_of:
            out.append(verdict("archive.split", archive_split.detail(split_of[m.name])))
        elif suffix(m.name) in ARCHIVE_SUFFIXES:
            out.extend(_nested(reader, m, rel, keys, budget, is_junk, depth))
        elif suffix(m.name) in UNREAD_ARCHIVE_SUFFIXES:
            out.append(verdict("file.nested_archive"))
        else:
            out.append(verdict(None))
    return out


def _nested(
    parent: Reader,
    m: Member,
    rel: str,
    keys: tuple[str, ...],
    budget: Budget,
    is_junk: Callable[[str], bool],
    depth: int,
) -> list[Listed]:
    member = KEY_SEPARATOR.join(keys)

    def refuse(code: str, detail: str) -> list[Listed]:
        return [Listed(rel, m.size, m.mtime, member, code, detail)]

    if depth >= archive.MAX_DEPTH:
        return refuse("archive.unsafe", f"压缩包嵌套超过 {archive.MAX_DEPTH} 层，未再打开")
    try:
        reader = archive.open_nested(parent, m.key, m.size)
    except archive.NotAnArchive:
        return [Listed(rel, m.size, m.mtime, member)]  # a file merely named .zip: inspected as a file
    except ArchiveEncrypted as exc:
        return refuse("archive.encrypted", str(exc))
    except ArchiveLimitError as exc:
        return refuse("archive.unsafe", str(exc))
    except (ArchiveDamaged, MemberDamaged) as exc:
        return refuse("archive.unreadable", f"内层压缩包无法打开：{exc}")
    try:
        inner = walk(reader, rel + "/", budget, is_junk, outer=keys, depth=depth + 1)
        if reader.incomplete:
            inner.append(
                Listed(
                    rel, m.size, m.mtime, member, "archive.unreadable", f"压缩包不完整：{reader.incomplete}"
                )
            )
        return inner
    except ArchiveEncrypted as exc:
        return refuse("archive.encrypted", str(exc))
    except ArchiveLimitError as exc:
        return refuse("archive.unsafe", str(exc))
    except (ArchiveDamaged, MemberDamaged) as exc:
        return refuse("archive.unreadable", f"内层压缩包无法读取：{exc}")
    finally:
        archive.close_reader(reader)
