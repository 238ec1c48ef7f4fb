"""``evcheck export``: the score sheet of a review as xlsx, csv or pdf.

    evcheck export REVIEW -o 评分表.xlsx [--unit U …]     # the format follows the extension
    evcheck export REVIEW -o 寒亭区.pdf --unit 寒亭区教管办 # PDF: A4, one unit per page group

REVIEW is a review file (.sqlite, opened read-only) or evcheck.review/1 JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app import frontend
from app.cli import EXIT_OK, UsageError
from app.commands.score import load_doc, load_rubric_arg, scored
from app.export.csv import write_csv
from app.export.xlsx import write_xlsx
from app.review.model import ReviewError

FORMATS = ("xlsx", "csv", "pdf")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="导出评分表（xlsx / csv / pdf）",
        description="把评审文件中的得分导出为评分表：xlsx（汇总+各单位明细）、csv（汇总，带 BOM）或 pdf（A4）。",
    )
    p.add_argument("review", type=Path, help="评审文件（.sqlite）或 evcheck.review/1 JSON")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx / .csv / .pdf）")
    p.add_argument("--format", choices=FORMATS, help="输出格式（默认按扩展名）")
    p.add_argument("--unit", action="append", help="只导出这些单位（可重复）")
    p.add_argument("--rubric", type=Path, help="评分细则文件（TOML，默认内置 2020 年细则）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    kind = args.format or args.output.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise UsageError(
            f"无法从 {args.output.name} 判断格式，请用 .xlsx / .csv / .pdf 结尾，或加 --format。"
        )
    rubric = load_rubric_arg(args.rubric)
    doc = load_doc(args.review, rubric, args.unit)
    scored(rubric, doc)  # bad values → a clear message before any file is written
    try:
        if kind == "xlsx":
            write_xlsx(args.output, rubric, doc)
        elif kind == "csv":
            write_csv(args.output, rubric, doc)
        else:
            # drawing a PDF needs QtGui: the writer is handed in by the composition root (evcheck/main.py)
            write_pdf = frontend.pdf_writer()
            if write_pdf is None:
                raise UsageError(frontend.MISSING)
            family = write_pdf(args.output, rubric, doc)
            if not family:
                print("提示：系统中没有找到中文字体，PDF 中的中文可能无法显示。请安装中文字体后重新导出。")
    except ReviewError as exc:
        raise UsageError(str(exc)) from exc
    print(f"已导出 {len(doc.units)} 个单位的评分表：{args.output}")
    return EXIT_OK
