"""``evcheck search PATH TEXT``: find text in every PDF and photo of a submission.

The texts come from the content cache; files not read yet are read first (the content pass:
text layers, OCR where installed), so the first search of a folder takes as long as
``evcheck check --content`` and later ones are instant.
"""

from __future__ import annotations

import argparse
import sys

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.commands.check import _drain, add_input_arguments, load_inputs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="在材料的全部文字中查找（含扫描件和照片的文字识别结果）",
        description="在材料文件夹或压缩包中每个 PDF 和照片的文字里查找，列出文件、页码和上下文。"
        "繁体、全角写法也能找到。退出码：0 找到，1 未找到，2 用法或输入有误。",
    )
    p.add_argument("path", type=Path_, help="材料文件夹或压缩包")
    p.add_argument("text", help="要查找的文字")
    add_input_arguments(p)
    p.add_argument("--no-cache", action="store_true", help="不使用缓存，全部重新读取")
    p.set_defaults(func=run)


def Path_(value: str) -> object:
    from pathlib import Path

    return Path(value)


def run(args: argparse.Namespace) -> int:
    from app.check import CheckOptions, run_check
    from app.content import ocr
    from app.content.run import ContentOptions, run_content
    from app.content.search import search

    if not args.text.strip():
        raise UsageError("请给出要查找的文字。")
    path, rubric, roster, unit = load_inputs(args)
    report = _drain(
        run_check(
            path, rubric=rubric, roster=roster, unit=unit, options=CheckOptions(use_cache=not args.no_cache)
        )
    )
    if not ocr.available():
        print(f"evcheck: {ocr.NOT_INSTALLED}", file=sys.stderr)
    contents = _drain(run_content(path, report, ContentOptions(use_cache=not args.no_cache)))
    texts = [(p, contents[p].pages) for p in sorted(contents)]
    hits = 0
    for hit in search(texts, args.text):
        print(f"{hit.path}\t第 {hit.page} 页\t{hit.snippet}")
        hits += 1
    print(f"找到 {hits} 处（{len(contents)} 个文件）。", file=sys.stderr)
    return EXIT_OK if hits else EXIT_FINDINGS
