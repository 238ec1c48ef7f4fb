"""``evcheck rename``: preview canonical names (dry run), or apply them with a journal for undo."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.check import CheckError, SourceError
from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.commands.check import add_input_arguments, load_inputs
from app.journal import apply, default_journal_path
from app.rename import RenamePlan, plan_renames


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rename",
        help="按规范给材料改名并归入指标文件夹（默认只预览）",
        description="建议规范文件名：指标编号 + 学校全称 + 原名中的描述（时间+单位类材料加日期），"
        "并把放错位置的文件移入对应指标文件夹。默认只预览，不改动任何文件；加 --apply 才执行，"
        "执行前先保存操作记录，可用 evcheck undo 撤销。",
    )
    p.add_argument("path", type=Path, help="材料文件夹（不能是压缩包）")
    add_input_arguments(p)
    p.add_argument("--apply", action="store_true", help="执行改名（默认只预览）")
    p.add_argument("--journal", type=Path, help="操作记录文件的保存位置（默认在用户数据文件夹）")
    p.set_defaults(func=run)


def print_plan(plan: RenamePlan) -> None:
    for r in plan.renames:
        print(f"  {r.src}\n    → {r.dst}" + (f"（{'；'.join(r.reasons)}）" if r.reasons else ""))
    for d in plan.mkdirs:
        print(f"  新建文件夹：{d}")
    if plan.kept:
        print("需要手工处理：")
        for path, why in plan.kept:
            print(f"  {path}：{why}")


def run(args: argparse.Namespace) -> int:
    path, rubric, roster, unit = load_inputs(args)
    if not path.is_dir():
        raise UsageError(f"{path} 不是文件夹：改名只能在解压后的文件夹里进行。")
    try:
        plan = plan_renames(path, rubric, roster, unit)
    except (SourceError, CheckError) as exc:
        raise UsageError(str(exc)) from exc
    if not plan.renames:
        print("所有文件名都已规范，无需改名。")
        print_plan(plan)
        return EXIT_OK
    if not args.apply:
        print(f"预览（没有改动任何文件）：{len(plan.renames)} 个文件将改名或移动。")
        print_plan(plan)
        print("确认无误后加 --apply 执行；执行前会保存操作记录，之后可用 evcheck undo 撤销。")
        return EXIT_OK
    journal_path = args.journal or default_journal_path("rename", path)
    try:
        journal = apply(plan.journal(), journal_path)
    except OSError as exc:
        raise UsageError(
            f"无法保存操作记录 {journal_path}（{exc.strerror or exc}），没有改动任何文件。"
            "请确认磁盘有空间、有写入权限，或用 --journal 指定别的位置。"
        ) from exc
    done = [o for o in journal.ops if o.op == "move" and o.result == "done"]
    failed = [o for o in journal.ops if o.result and o.result != "done"]
    print(f"已改名或移动 {len(done)} 个文件。")
    for o in failed:
        print(f"  未完成：{o.src or o.path} → {o.dst}：{o.result}")
    print(f"操作记录：{journal_path}")
    print(f'如需撤销：evcheck undo "{journal_path}"')
    return EXIT_FINDINGS if failed else EXIT_OK
