"""``evcheck convert FOLDER``: photos → PDF where only a PDF counts, HEIC → JPG (preview, then --apply)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.check import CheckError, SourceError
from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.commands.check import add_input_arguments, load_inputs
from app.convert import apply_conversions, plan_conversions
from app.journal import default_journal_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "convert",
        help="把照片合成 PDF、HEIC 转 JPG（默认只预览）",
        description="某指标只认 PDF 而某校只交了照片或扫描件时，按文件名顺序合成一个 PDF；苹果手机的 HEIC "
        "照片转为 JPG。新文件写在原文件旁边，原文件不动；加 --apply 才执行，可用 evcheck undo 删除生成的文件。"
        "Word/WPS 文档只给出导出 PDF 的做法。",
    )
    p.add_argument("path", type=Path, help="材料文件夹")
    add_input_arguments(p)
    p.add_argument("--apply", action="store_true", help="执行转换（默认只预览）")
    p.add_argument(
        "--set-aside",
        action="store_true",
        help="转换成功后，把原来的照片/HEIC 移到材料文件夹旁的“…-已转换的原件”文件夹（可撤销）",
    )
    p.add_argument("--journal", type=Path, help="操作记录文件的保存位置（默认在用户数据文件夹）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path, rubric, roster, unit = load_inputs(args)
    if not path.is_dir():
        raise UsageError(f"{path} 不是文件夹：转换只能在解压后的文件夹里进行。")
    try:
        plan = plan_conversions(path, rubric, roster, unit)
    except (SourceError, CheckError) as exc:
        raise UsageError(str(exc)) from exc
    for conv in plan.conversions:
        print(f"  {conv.reason}：")
        for s in conv.sources:
            print(f"    {s}")
        print(f"    → {conv.target}")
    for where, what in plan.advice:
        print(f"  需手工处理 {where}：{what}")
    if not plan.conversions:
        print("没有需要自动转换的文件。")
        return EXIT_OK
    if not args.apply:
        print(f"预览（没有改动任何文件）：将生成 {len(plan.conversions)} 个文件。确认后加 --apply 执行。")
        return EXIT_OK
    journal_path = args.journal or default_journal_path("convert", path)
    try:
        journal = apply_conversions(plan, journal_path, set_aside=args.set_aside)
    except OSError as exc:
        raise UsageError(
            f"无法保存操作记录 {journal_path}（{exc.strerror or exc}），没有生成任何文件。"
            "请确认磁盘有空间、有写入权限，或用 --journal 指定别的位置。"
        ) from exc
    failed = [o for o in journal.ops if o.result != "done"]
    made = sum(o.op == "create" and o.result == "done" for o in journal.ops)
    moved = sum(o.op == "move" and o.result == "done" for o in journal.ops)
    if args.set_aside:
        print(f"已生成 {made} 个文件；{moved} 个原件已移到 {plan.aside}（内容不变）。")
    else:
        print(f"已生成 {made} 个文件（原文件保持不动；确认无误后可把原件移出材料文件夹，或用 --set-aside）。")
    for o in failed:
        print(f"  未完成：{o.path or o.src}：{o.result}")
    print(f"操作记录：{journal_path}")
    print(f'如需删除生成的文件：evcheck undo "{journal_path}"')
    return EXIT_FINDINGS if failed else EXIT_OK
