"""``evcheck check``: check one unit's folder or zip and print the report."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from app.check import CheckError, CheckOptions, SourceError, run_check
from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.model import Progress, Report
from app.roster import Roster, RosterError, load_roster
from app.rubric import Rubric, RubricError, load_rubric


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查一个单位的材料文件夹或压缩包",
        description="按考核细则检查材料，列出缺项和文件问题。退出码：0 无问题，1 有缺项或错误，2 用法或输入有误。",
    )
    p.add_argument("path", nargs="?", type=Path, help="材料文件夹或 .zip 压缩包")
    add_input_arguments(p, unit_help="考核单位名称（默认从文件夹或压缩包名推断）")
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="报告格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, help="把报告写入文件（默认输出到屏幕）")
    p.add_argument("--demo", action="store_true", help="检查内置的演示材料")
    p.add_argument("--timeout", type=float, default=10.0, help="单个文件检查时限，秒（默认 10）")
    p.add_argument("--no-cache", action="store_true", help="不使用检查缓存，全部重新检查")
    p.add_argument(
        "--signals", action="store_true", help="另做真实性核查：相似照片、套用文档、内容与日期（较慢）"
    )
    p.set_defaults(func=run)


def add_input_arguments(
    p: argparse.ArgumentParser, unit_help: str = "考核单位名称（默认从文件夹名推断）"
) -> None:
    """--roster, --unit and --rubric, the same for every command that checks a submission."""
    p.add_argument("--roster", type=Path, help="花名册（CSV 或 XLSX，列为“单位,学校,别名”）")
    p.add_argument("--unit", help=unit_help)
    p.add_argument("--rubric", type=Path, help="评分细则文件（TOML，默认内置 2020 年细则）")


def load_inputs(
    args: argparse.Namespace,
) -> tuple[Path, Rubric, Roster | None, str | None]:
    """Resolve the submission, rubric, roster and unit from the arguments (shared with other commands)."""
    unit = args.unit
    roster_path = args.roster
    if getattr(args, "demo", False):
        from app.demo import demo_paths

        path, demo_roster, demo_unit = demo_paths()
        roster_path = roster_path or demo_roster
        unit = unit or demo_unit
    elif args.path is None:
        raise UsageError("请指定要检查的材料文件夹或 .zip 文件，或用 --demo 检查演示材料。")
    else:
        path = args.path
    if not path.exists():
        raise UsageError(f"找不到 {path}。请检查路径是否正确。")
    try:
        rubric = load_rubric(args.rubric)
        roster = load_roster(roster_path) if roster_path else None
    except (RubricError, RosterError) as exc:
        raise UsageError(str(exc)) from exc
    return path, rubric, roster, unit


def _progress_printer() -> Callable[[Progress], None]:
    interactive = sys.stderr.isatty()

    def show(p: Progress) -> None:
        if interactive and p.phase == "inspect" and p.total:
            print(f"\r检查中 {p.done}/{p.total} …", end="", file=sys.stderr, flush=True)

    return show


def execute(args: argparse.Namespace) -> tuple[Report, Rubric]:
    path, rubric, roster, unit = load_inputs(args)
    options = CheckOptions(timeout=args.timeout, use_cache=not args.no_cache)
    gen = run_check(path, rubric=rubric, roster=roster, unit=unit, options=options)
    show = _progress_printer()
    try:
        while True:
            show(next(gen))
    except StopIteration as stop:
        report: Report = stop.value
    except (SourceError, CheckError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        if sys.stderr.isatty():
            print("\r", end="", file=sys.stderr)
    return report, rubric


def run(args: argparse.Namespace) -> int:
    report, rubric = execute(args)
    if getattr(args, "signals", False):
        from app.signals.cli import add_signals

        add_signals(args, report, rubric, load_inputs)
    if args.format == "json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        from app.report_html import render_html

        text = render_html(report, rubric)
    else:
        from app.report_text import render_text

        text = render_text(report, rubric)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"无法写入报告 {args.output}：{exc.strerror or exc}。请换一个位置或检查磁盘空间。"
            ) from exc
        print(f"报告已写入 {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.clean else EXIT_FINDINGS
