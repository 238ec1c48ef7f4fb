"""``evcheck template OUTDIR --roster R --unit U``: the folder tree a clerk fills in."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_OK, UsageError
from app.roster import RosterError, load_roster
from app.rubric import RubricError, load_rubric
from app.template import build_template


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template",
        help="生成本单位的材料文件夹模板和核对清单",
        description="在 OUTDIR 下生成“单位名”文件夹：每个需要材料的指标一个文件夹（内有说明.txt），"
        "并在旁边生成学校×指标的核对清单（xlsx）。",
    )
    p.add_argument("outdir", type=Path, help="模板保存位置")
    p.add_argument("--roster", type=Path, required=True, help="花名册（CSV 或 XLSX，列为“单位,学校,别名”）")
    p.add_argument("--unit", required=True, help="考核单位名称，须与花名册一致")
    p.add_argument("--rubric", type=Path, help="评分细则文件（TOML，默认内置 2020 年细则）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        rubric = load_rubric(args.rubric)
        roster = load_roster(args.roster)
    except (RubricError, RosterError) as exc:
        raise UsageError(str(exc)) from exc
    schools = roster.schools_of(args.unit)
    if not schools:
        units = "、".join(roster.units) or "（花名册为空）"
        raise UsageError(f"花名册 {args.roster} 中没有单位“{args.unit}”。花名册中的单位有：{units}")
    if args.outdir.exists() and not args.outdir.is_dir():
        raise UsageError(f"{args.outdir} 已存在且不是文件夹，请换一个位置。")
    try:
        result = build_template(args.outdir, rubric, args.unit, schools)
    except OSError as exc:
        raise UsageError(
            f"无法写入 {args.outdir}（{exc.strerror or exc}）：请确认有写入权限、磁盘有空间。"
        ) from exc
    print(f"已生成模板：{result.root}（{len(result.folders)} 个指标文件夹，每个都有说明.txt）")
    print(f"核对清单：{result.checklist}")
    print("把材料放进对应文件夹后，用 evcheck check 检查，用 evcheck pack 打包。")
    return EXIT_OK
