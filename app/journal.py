"""The journal of changes made inside a submission folder, so every change can be undone.

Rename and convert write the journal *before* touching anything; it lists every planned
operation.  Undo does not trust a progress counter: it looks at the disk and reverses each
operation that actually happened, so it works after an apply that was interrupted part-way
(power cut, full disk, a file held open by another program).

Operations (paths relative to ``root``, "/" separators):
- ``mkdir``  path — a folder that did not exist; undo removes it when empty.
- ``move``   src → dst, size — a file renamed or moved; undo moves it back.
- ``create`` path, sha256 — a new file (a conversion); undo deletes it if unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

SCHEMA = "evcheck.journal/1"


class JournalError(ValueError):
    """A journal that cannot be read or used; the message is for the user."""


@dataclass
class Op:
    op: str  # "mkdir" | "move" | "create"
    path: str = ""  # mkdir / create
    src: str = ""  # move
    dst: str = ""  # move
    size: int | None = None
    sha256: str | None = None
    result: str = ""  # "" planned, "done", or a failure message


@dataclass
class Journal:
    root: str
    action: str  # "rename" | "convert"
    ops: list[Op] = field(default_factory=list)
    status: str = "planned"  # planned → applying → applied | failed; → undone
    created: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    schema: str = SCHEMA

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ops": [_compact(o) for o in self.ops]}


def _compact(op: Op) -> dict[str, Any]:
    return {k: v for k, v in asdict(op).items() if v not in ("", None)}


def default_journal_path(action: str, folder: Path) -> Path:
    """A fresh journal file in the user's data folder, named after the action, folder and time."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = user_data_path("evcheck", appauthor=False) / "journals"
    candidate = base / f"{action}-{folder.name}-{stamp}.json"
    n = 2
    while candidate.exists():
        candidate = base / f"{action}-{folder.name}-{stamp}-{n}.json"
        n += 1
    return candidate


def save(journal: Journal, path: Path) -> None:
    """Write atomically (temp file, fsync, replace) so a crash never leaves half a journal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    data = json.dumps(journal.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load(path: Path) -> Journal:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JournalError(f"找不到操作记录文件 {path}。请确认路径（改名时屏幕上打印过它的位置）。") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JournalError(f"操作记录文件 {path} 无法读取或已损坏：{exc}") from None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise JournalError(f"{path} 不是 evcheck 的操作记录文件。")
    try:
        ops = [Op(**o) for o in raw["ops"]]
        return Journal(raw["root"], raw["action"], ops, raw.get("status", "planned"), raw.get("created", ""))
    except (KeyError, TypeError) as exc:
        raise JournalError(f"操作记录文件 {path} 内容不完整：{exc}") from None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def abs_path(root: Path, rel: str) -> Path:
    return root.joinpath(*rel.split("/"))


def move_no_overwrite(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; never replaces an existing ``dst`` (FileExistsError).

    On POSIX ``rename`` silently replaces, so a hard link (which fails if ``dst`` exists)
    plus unlink is used; where links are not supported (FAT, some network shares) it falls
    back to check-then-rename.  Windows' rename never replaces.
    """
    if os.name == "nt":
        os.rename(src, dst)
        return
    try:
        os.link(src, dst, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(dst):
            raise FileExistsError(str(dst)) from None
        os.rename(src, dst)
        return
    try:
        os.unlink(src)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(dst)  # leave things as they were: only src
        raise


@dataclass
class UndoResult:
    restored: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def undo(path: Path) -> UndoResult:
    """Reverse every operation of the journal at ``path`` that actually happened."""
    journal = load(path)
    root = Path(journal.root)
    if not root.is_dir():
        raise JournalError(f"操作记录对应的文件夹 {root} 不存在了：请把它放回原处后再撤销。")
    result = UndoResult()
    for op in reversed(journal.ops):
        try:
            _undo_op(root, op, result)
        except OSError as exc:
            result.problems.append(f"{op.dst or op.path}：{exc.strerror or exc}")
    journal.status = "undone" if not result.problems else "partly_undone"
    with contextlib.suppress(OSError):
        save(journal, path)
    return result


def _undo_op(root: Path, op: Op, result: UndoResult) -> None:
    if op.op == "move":
        src, dst = abs_path(root, op.src), abs_path(root, op.dst)
        if os.path.lexists(dst) and not os.path.lexists(src):
            src.parent.mkdir(parents=True, exist_ok=True)
            move_no_overwrite(dst, src)
            result.restored += 1
        elif os.path.lexists(dst) and os.path.lexists(src) and os.path.samefile(src, dst):
            dst.unlink()  # interrupted between link and unlink: the name was never released
            result.restored += 1
        elif os.path.lexists(dst) and os.path.lexists(src):
            result.problems.append(f"“{op.src}”和“{op.dst}”都存在，未改动，请手工确认保留哪个。")
        elif not os.path.lexists(src):
            result.problems.append(f"“{op.dst}”不见了（被删除或移走），无法恢复为“{op.src}”。")
    elif op.op == "create":
        target = abs_path(root, op.path)
        leftover = target.with_name(target.name + ".evcheck-part")  # a conversion cut off mid-write
        if leftover.is_file():
            leftover.unlink()
        if target.is_file():
            if op.sha256 and sha256_of(target) != op.sha256:
                result.problems.append(f"“{op.path}”生成后被修改过，未删除。")
            else:
                target.unlink()
                result.removed += 1
    elif op.op == "mkdir":
        folder = abs_path(root, op.path)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def apply(journal: Journal, path: Path) -> Journal:
    """Save the journal, then carry out its mkdir/move operations one by one.

    Each move re-checks its source (it may have vanished or changed since the preview) and
    never overwrites; a failed operation is recorded and the others go on.  If the process
    dies part-way, the journal on disk still lists every planned operation, which is all
    :func:`undo` needs.
    """
    root = Path(journal.root)
    journal.status = "applying"
    save(journal, path)  # before touching anything: a failure here leaves the folder untouched
    for op in journal.ops:
        try:
            op.result = apply_op(root, op)
        except OSError as exc:
            op.result = f"失败：{exc.strerror or exc}"
    journal.status = "applied" if all(o.result == "done" for o in journal.ops) else "failed"
    with contextlib.suppress(OSError):  # the planned journal is already safe on disk
        save(journal, path)
    return journal


def apply_op(root: Path, op: Op) -> str:
    """Carry out one mkdir/move operation; returns "done" or why it was skipped."""
    if op.op == "mkdir":
        abs_path(root, op.path).mkdir(parents=True, exist_ok=True)
        return "done"
    if op.op != "move":
        return "done"
    src, dst = abs_path(root, op.src), abs_path(root, op.dst)
    if not src.is_file():
        return "跳过：文件已不存在（预览之后被移动或删除）"
    if op.size is not None and src.stat().st_size != op.size:
        return "跳过：文件在预览之后被修改过，请重新预览"
    if os.path.lexists(dst):
        return "跳过：目标名称已被占用，未覆盖"
    move_no_overwrite(src, dst)
    return "done"
