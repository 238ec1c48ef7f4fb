"""``evcheck undo JOURNAL``: put a folder back exactly as it was before rename or convert."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.journal import JournalError, undo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "undo",
        help="撤销一次改名或转换",
        description="按操作记录把文件名和位置恢复原样（中途中断的改名也能撤销），并删除转换生成的文件。",
    )
    p.add_argument("journal", type=Path, help="改名或转换时打印的操作记录文件（.json）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = undo(args.journal)
    except JournalError as exc:
        raise UsageError(str(exc)) from exc
    print(f"已恢复 {result.restored} 个文件的原名和位置，删除转换生成的文件 {result.removed} 个。")
    for problem in result.problems:
        print(f"  未能恢复：{problem}")
    return EXIT_FINDINGS if result.problems else EXIT_OK
