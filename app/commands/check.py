"""``evcheck check``: check one unit's folder or zip and print the report — or, when the folder holds
several units' material (a city root, app/city_layout.py), every unit and the city report."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TypeVar

from app.check import CheckError, CheckOptions, SourceError, run_check
from app.city import find_city, run_city
from app.city_layout import CityLayout
from app.city_subtree import check_subtree
from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.model import Progress, Report
from app.roster import Roster, RosterError, load_roster
from app.rubric import Rubric, RubricError, load_rubric

T = TypeVar("T")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查一个单位的材料文件夹或压缩包",
        description="按考核细则检查材料，列出缺项和文件问题。退出码：0 无问题，1 有缺项或错误，2 用法或输入有误。",
    )
    p.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="材料文件夹或 .zip 压缩包；也可以是存放多个单位材料的文件夹（全市汇总）",
    )
    add_input_arguments(p, unit_help="考核单位名称（默认从文件夹或压缩包名推断；全市材料中只查这一个单位）")
    p.add_argument(
        "--format",
        choices=("text", "json", "html", "xlsx"),
        default="text",
        help="报告格式（默认 text；xlsx 仅用于全市汇总，需 -o）",
    )
    p.add_argument("-o", "--output", type=Path, help="把报告写入文件（默认输出到屏幕）")
    p.add_argument("--demo", action="store_true", help="检查内置的演示材料")
    p.add_argument("--timeout", type=float, default=10.0, help="单个文件检查时限，秒（默认 10）")
    p.add_argument("--no-cache", action="store_true", help="不使用检查缓存，全部重新检查")
    p.add_argument(
        "--signals", action="store_true", help="另做真实性核查：相似照片、套用文档、内容与日期（较慢）"
    )
    p.add_argument(
        "--content",
        action="store_true",
        help="另读取文件内容：PDF 文字层与扫描件、照片的文字识别，按内容补全学校和指标、查找公章（较慢）",
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


def _options(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(timeout=args.timeout, use_cache=not args.no_cache)


def execute(args: argparse.Namespace) -> tuple[Report, Rubric]:
    path, rubric, roster, unit = load_inputs(args)
    gen = run_check(path, rubric=rubric, roster=roster, unit=unit, options=_options(args))
    return _drain(gen), rubric


def _drain(gen: Generator[Progress, None, T]) -> T:
    show = _progress_printer()
    try:
        while True:
            show(next(gen))
    except StopIteration as stop:
        result: T = stop.value
    except (SourceError, CheckError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        if sys.stderr.isatty():
            print("\r", end="", file=sys.stderr)
    return result


def run(args: argparse.Namespace) -> int:
    city = _city_layout(args)
    if city is not None:
        return _run_city(args, *city)
    if args.format == "xlsx":
        raise UsageError("xlsx 格式只用于全市汇总；单个单位的评分表请用 evcheck export。")
    report, rubric = execute(args)
    return _output_unit(args, report, rubric)


def _city_layout(args: argparse.Namespace) -> tuple[CityLayout, Rubric, Roster] | None:
    """The city layout when PATH holds several roster units' material; None for one unit's."""
    if getattr(args, "demo", False) or args.path is None or args.roster is None:
        return None
    path, rubric, roster, _unit = load_inputs(args)
    assert roster is not None
    layout = find_city(path, roster)
    return (layout, rubric, roster) if layout is not None else None


def _run_city(args: argparse.Namespace, layout: CityLayout, rubric: Rubric, roster: Roster) -> int:
    if args.unit is not None and args.unit in roster.units:
        return _output_unit(args, _check_one(args, layout, rubric, roster, args.unit), rubric)
    if args.unit is not None:
        raise UsageError(f"花名册中没有单位“{args.unit}”。可选：{'、'.join(list(roster.units)[:8])}等。")
    if getattr(args, "signals", False):
        raise UsageError("--signals 一次只核查一个单位：请加 --unit 指定单位。")
    if getattr(args, "content", False):
        raise UsageError("--content 一次只读取一个单位的材料：请加 --unit 指定单位。")
    if args.format == "xlsx" and args.output is None:
        raise UsageError("xlsx 格式需要用 -o 指定输出文件，例如 -o 全市汇总.xlsx。")
    city = _drain(run_city(layout, rubric=rubric, roster=roster, options=_options(args)))
    if args.format == "xlsx":
        from app.export.city_xlsx import write_city_xlsx

        try:
            write_city_xlsx(args.output, city, rubric)
        except OSError as exc:
            raise UsageError(
                f"无法写入 {args.output}：{exc.strerror or exc}。文件是否正在其他程序中打开？请关闭后重试。"
            ) from exc
        print(f"报告已写入 {args.output}", file=sys.stderr)
    elif args.format == "json":
        _write(args, json.dumps(city.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "html":
        from app.city_html import render_city_html

        _write(args, render_city_html(city, rubric))
    else:
        from app.city_text import render_city_text

        _write(args, render_city_text(city))
    return EXIT_OK if city.clean else EXIT_FINDINGS


def _check_one(
    args: argparse.Namespace, layout: CityLayout, rubric: Rubric, roster: Roster, unit: str
) -> Report:
    """``--unit U`` on a city root: only U's own material, checked as on its own."""
    source = layout.source_of(unit)
    if source is None:
        named = layout.match.candidates_of(unit)
        if named:
            raise UsageError(f"有多份材料都可能属于“{unit}”：{'、'.join(named)}。请只保留一份后再检查。")
        raise UsageError(f"在 {layout.root} 中没有找到“{unit}”的材料。")
    if source.nested:
        raise UsageError(f"“{source.label}”是压缩包里的压缩包，暂不能直接检查。请先解压外层压缩包。")
    if source.prefix is None:
        gen = run_check(source.path, rubric=rubric, roster=roster, unit=unit, options=_options(args))
    else:
        gen = check_subtree(
            source.path, source.prefix, rubric=rubric, roster=roster, unit=unit, options=_options(args)
        )
    return _drain(gen)


def _write(args: argparse.Namespace, text: str) -> None:
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


def _output_unit(args: argparse.Namespace, report: Report, rubric: Rubric) -> int:
    if getattr(args, "content", False):
        from app.content.cli import add_content

        add_content(args, report, rubric, load_inputs)
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
    _write(args, text)
    return EXIT_OK if report.clean else EXIT_FINDINGS
