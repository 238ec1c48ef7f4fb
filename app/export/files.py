"""Checks shared by the exporters."""

from __future__ import annotations

from pathlib import Path

from app.review.model import ReviewError


def ensure_writable(path: Path) -> None:
    """Fail early, in Chinese, when ``path`` cannot be written (open in another program, read-only …)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as exc:
        raise ReviewError(
            f"无法写入 {path}：{exc.strerror or exc}。文件是否正在其他程序中打开？请关闭后重试。"
        ) from exc
