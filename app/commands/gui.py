"""``evcheck gui``: the desktop window (the default command).  Qt is imported only when it runs."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help="打开桌面核查窗口（默认命令）", description="打开桌面核查窗口。")
    p.add_argument("path", nargs="?", help="要检查的文件夹或 zip 压缩包")
    p.add_argument("--roster", help="花名册（CSV 或 XLSX，列为“单位,学校,别名”）")
    p.add_argument("--unit", help="考核单位名称（默认从文件夹名推断）")
    p.add_argument("--demo", action="store_true", help="载入内置演示材料")
    p.add_argument("--screenshot", metavar="FILE", help="以 1280×800 渲染窗口，载入完成后保存 PNG 并退出")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # imported here so that app/ never pulls in QtWidgets unless the window is wanted
    from ui.app import run_gui

    return run_gui(args)
