"""``evcheck gui``: the desktop window (the default command).  Qt is imported only when it runs."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from app import frontend
from app.cli import UsageError
from app.logsetup import close_logging, setup_logging


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help="打开桌面核查窗口（默认命令）", description="打开桌面核查窗口。")
    p.add_argument("path", nargs="?", help="要检查的文件夹或 zip 压缩包")
    p.add_argument("--roster", help="花名册（CSV 或 XLSX，列为“单位,学校,别名”）")
    p.add_argument("--unit", help="考核单位名称（默认从文件夹名推断）")
    p.add_argument("--demo", action="store_true", help="载入内置演示材料")
    p.add_argument(
        "--screenshot", metavar="FILE", help="渲染窗口（默认 1280×800），载入完成后保存 PNG 并退出"
    )
    p.add_argument(
        "--size",
        metavar="WxH",
        default="1280x800",
        help="截图的窗口尺寸，如 1366x768（只用于 --screenshot）",
    )
    p.add_argument(
        "--mode",
        choices=("check", "preview", "score"),
        help="截图时的工作模式：check 核查、preview 预览、score 评分（只用于 --screenshot）",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The window is handed in by the composition root (evcheck/main.py); the core never imports ui/.
    run_gui = frontend.gui_runner()
    if run_gui is None:
        raise UsageError(frontend.MISSING)

    # the demo and screenshots log into a throw-away folder, like the rest of their data
    throwaway = bool(getattr(args, "demo", False) or getattr(args, "screenshot", None))
    scratch = Path(tempfile.mkdtemp(prefix="evcheck-log-")) if throwaway else None
    try:
        setup_logging(scratch)
    except OSError:  # a read-only profile must not keep the window from opening
        scratch = None
    try:
        return run_gui(args)
    finally:
        close_logging()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
