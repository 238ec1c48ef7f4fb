"""Split (multi-volume) archives, recognised by their names among the files of one folder.

Forms: ``x.z01``… + ``x.zip`` (WinZip/7-Zip zip split), ``x.zip.001``/``x.7z.001``… (7-Zip), ``x.part1.rar``…
and the old ``x.rar`` + ``x.r00``… (WinRAR). Which parts are missing can only be judged from the
numbers present: a gap, a missing first part, a missing ``.zip``/``.rar`` head. A missing *last*
part of a numbered set is only noticed when the set is read (RAR) — see app.archive_tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ZIP_PART = re.compile(r"^(?P<base>.+)\.z(?P<n>\d{2,})$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<base>.+\.(?P<ext>zip|7z|rar))\.(?P<n>\d{3})$", re.IGNORECASE)
_RAR_PART = re.compile(r"^(?P<base>.+)\.part(?P<n>\d+)\.rar$", re.IGNORECASE)
_RAR_OLD = re.compile(r"^(?P<base>.+)\.r(?P<n>\d{2})$", re.IGNORECASE)


@dataclass
class VolumeSet:
    kind: str  # "zip", "7z" or "rar"
    style: str  # which naming form, to name the missing parts the same way
    base: str
    parts: dict[int, str] = field(default_factory=dict)  # volume number -> name present
    head: str | None = None  # x.zip / x.rar, the head of the .z01 / .r00 forms

    @property
    def names(self) -> list[str]:
        return [self.parts[n] for n in sorted(self.parts)] + ([self.head] if self.head else [])

    @property
    def first(self) -> str:
        """The volume a reader opens first."""
        if self.style == "rar-old" and self.head:
            return self.head
        return self.parts[min(self.parts)] if self.parts else (self.head or "")

    def missing(self) -> list[str]:
        top = max(self.parts, default=0)
        if self.style == "zip-z":
            gaps = [f"{self.base}.z{n:02d}" for n in range(1, top + 1) if n not in self.parts]
            return gaps + ([] if self.head else [f"{self.base}.zip"])
        if self.style == "numbered":
            return [f"{self.base}.{n:03d}" for n in range(1, top + 1) if n not in self.parts]
        if self.style == "rar-part":
            width = len(next(iter(self.parts.values())).rsplit(".part", 1)[1]) - 4 if self.parts else 1
            return [f"{self.base}.part{n:0{width}d}.rar" for n in range(1, top + 1) if n not in self.parts]
        gaps = [f"{self.base}.r{n:02d}" for n in range(0, top + 1) if n not in self.parts]
        return ([] if self.head else [f"{self.base}.rar"]) + gaps


def volume_sets(names: list[str]) -> dict[str, VolumeSet]:
    """The split sets among the file names of one folder, by lower-cased base; other names are left out."""
    sets: dict[tuple[str, str], VolumeSet] = {}

    def add(kind: str, style: str, base: str, number: int, name: str) -> None:
        key = (style, base.lower())
        sets.setdefault(key, VolumeSet(kind, style, base)).parts[number] = name

    for name in names:
        if m := _ZIP_PART.match(name):
            add("zip", "zip-z", m["base"], int(m["n"]), name)
        elif m := _NUMBERED.match(name):
            add(m["ext"].lower(), "numbered", m["base"], int(m["n"]), name)
        elif m := _RAR_PART.match(name):
            add("rar", "rar-part", m["base"], int(m["n"]), name)
        elif m := _RAR_OLD.match(name):
            add("rar", "rar-old", m["base"], int(m["n"]), name)
    lower = {n.lower(): n for n in names}
    result: dict[str, VolumeSet] = {}
    for (style, base), vs in sets.items():
        if style == "zip-z":
            vs.head = lower.get(base + ".zip")
        elif style == "rar-old":
            vs.head = lower.get(base + ".rar")
        result[base] = vs
    return result


def detail(vs: VolumeSet, *, last_missing: bool = False) -> str:
    """The finding's detail in Chinese: which set, which parts are there, which are missing."""
    missing = vs.missing()
    present = "、".join(vs.names)
    if last_missing:
        return f"分卷压缩包“{vs.first}”缺少最后的分卷（已有：{present}）。请补齐全部分卷，或解压后提交"
    if missing:
        return f"分卷压缩包“{vs.first}”缺少分卷：{'、'.join(missing)}（已有：{present}）。请补齐全部分卷，或解压后提交"
    if vs.kind == "rar":
        return f"分卷压缩包“{vs.first}”的后续分卷不全（已有：{present}）。请补齐全部分卷，或解压后提交"
    return f"分卷压缩包“{vs.first}”（{present}）暂不能直接读取：请解压后提交，或重新打包为一个文件"
