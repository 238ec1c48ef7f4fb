"""Opening and creating a review file safely: every check before the first byte is written.

``_probe`` reads an existing file read-only (signature, integrity, schema version, format) so a
corrupt, foreign or newer file is refused untouched; ``translate`` turns sqlite3 errors into the
Chinese :class:`ReviewError` subclasses the reviewer sees.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from app import __version__
from app.review.migrations import current_version, file_version, migrate
from app.review.model import (
    ReviewCorruptError,
    ReviewDiskFullError,
    ReviewError,
    ReviewLockedError,
    ReviewReadOnlyError,
    ReviewVersionError,
)
from app.rubric import Rubric

FORMAT = "evcheck.review"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def translate(exc: sqlite3.Error, path: Path) -> ReviewError:
    """A sqlite3 error as the reviewer should read it."""
    text = str(exc).lower()
    kept = "之前保存的评审内容未受影响。"
    if "locked" in text or "busy" in text:
        return ReviewLockedError(
            f"评审文件 {path} 正被另一个程序占用（可能在另一个窗口中打开）。请关闭其他程序后重试。{kept}"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReviewReadOnlyError(
            f"评审文件 {path} 无法写入（文件或所在文件夹是只读的）。请把文件复制到可写的位置后再打开。{kept}"
        )
    if "full" in text:
        return ReviewDiskFullError(f"磁盘空间已满，刚才的修改未能保存到 {path}。请腾出磁盘空间后重试。{kept}")
    if "disk i/o" in text or "ioerr" in text:
        return ReviewError(
            f"无法读写评审文件 {path}（磁盘或 U 盘出错，或已被拔出）。请确认存储设备连接正常后重新打开。{kept}"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ReviewCorruptError(
            f"评审文件 {path} 已损坏或不是评审文件，无法打开。请使用备份或重新导出的副本。"
        )
    return ReviewError(f"读写评审文件 {path} 时出错：{exc}。{kept}")


def _probe(path: Path) -> None:
    """Check an existing file without writing a byte: signature, integrity, schema version."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise ReviewError(f"无法读取评审文件 {path}：{exc.strerror or exc}。") from exc
    if head != _SQLITE_MAGIC:
        raise ReviewCorruptError(f"{path} 不是评审文件或已损坏，无法打开。请使用备份或重新导出的副本。")
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        db = Database(conn, execute_plugins=False, recursive_triggers=False)
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise ReviewCorruptError(f"评审文件 {path} 已损坏（{ok}）。请使用备份或重新导出的副本。")
        version = file_version(db)
        if version > current_version():
            raise ReviewVersionError(
                f"评审文件 {path} 由更新版本的 evcheck 创建（格式版本 {version}），本程序只支持到版本 "
                f"{current_version()}。请升级 evcheck 后再打开；文件未作任何改动。"
            )
        fmt_row = None
        if version and db.table("meta").exists():
            fmt_row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if not fmt_row or fmt_row[0] != FORMAT:
            raise ReviewCorruptError(f"{path} 是 SQLite 数据库，但不是 evcheck 评审文件。")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        conn.close()


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=3.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # a committed edit survives power loss
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def open_connection(path: Path, readonly: bool) -> sqlite3.Connection:
    if not path.is_file():
        raise ReviewError(f"找不到评审文件 {path}。请确认路径正确。")
    _probe(path)
    if not readonly and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise ReviewReadOnlyError(
            f"评审文件 {path} 是只读的（或所在文件夹不可写），无法保存修改。"
            "请把它复制到可写的位置后再打开，或以只读方式查看；文件内容未受影响。"
        )
    try:
        conn = _connect(path, readonly)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        db = Database(conn, execute_plugins=False)
        old = file_version(db)
        if not readonly and old < current_version():
            # keep the file as it was before changing its format: a way back if anything surprises
            backup = sqlite3.connect(str(path.with_name(f"{path.name}.v{old}-backup")))
            with backup:
                conn.backup(backup)
            backup.close()
            migrate(db, now_iso())
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from exc
    return conn


def create_connection(path: Path, rubric: Rubric, reviewer: str) -> sqlite3.Connection:
    conn = None
    try:
        conn = _connect(path, readonly=False)
        db = Database(conn, execute_plugins=False)
        now = now_iso()
        migrate(db, now)
        with db.atomic():
            meta = {
                "format": FORMAT,
                "rubric_id": rubric.id,
                "rubric_version": rubric.version,
                "rubric_name": rubric.name,
                "reviewer": reviewer,
                "created_at": now,
                "created_by_app": __version__,
            }
            db.table("meta").insert_all([{"key": k, "value": v} for k, v in meta.items()])
        return conn
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:  # a half-made file is no use to anyone: remove it
            conn.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with suppress(OSError):
                leftover.unlink()
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from exc
        raise ReviewError(f"无法创建评审文件 {path}：{exc.strerror or exc}。") from exc
