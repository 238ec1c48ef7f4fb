"""``evcheck score``: an empty review as JSON (``--template``), or a review's scores.

evcheck score --template [--unit U]           # evcheck.review/1 with every input and its label
evcheck score REVIEW [--format text|json]     # REVIEW: that JSON filled in, or a review file
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, UsageError
from app.export.table import ScoredUnit, score_all
from app.review.jsonio import read_review, template
from app.review.model import ReviewDoc, ReviewError
from app.rubric import Rubric, RubricError, load_rubric
from app.scoring.engine import fmt
from app.scoring.inputs import ScoreInputError

SCORE_SCHEMA = "evcheck.score/1"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "score",
        help="按评分细则计算评审得分，或输出空白评审模板",
        description="计算评审文件（或 evcheck.review/1 JSON）中各单位的得分；--template 输出空白评审。",
    )
    p.add_argument("review", nargs="?", type=Path, help="评审文件（.sqlite）或 evcheck.review/1 JSON")
    p.add_argument("--template", action="store_true", help="输出空白评审（JSON），列出每个输入项及其中文名称")
    p.add_argument(
        "--unit", action="append", help="单位名称（--template 时为模板中的单位；计分时只算这些单位）"
    )
    p.add_argument("--rubric", type=Path, help="评分细则文件（TOML，默认内置 2020 年细则）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(func=run)


def load_rubric_arg(path: Path | None) -> Rubric:
    try:
        return load_rubric(path)
    except RubricError as exc:
        raise UsageError(str(exc)) from exc


def load_doc(path: Path, rubric: Rubric, units: list[str] | None) -> ReviewDoc:
    """A review from a file argument, narrowed to ``units``; bad input → UsageError (exit 2)."""
    try:
        doc = read_review(path, rubric)
    except ReviewError as exc:
        raise UsageError(str(exc)) from exc
    if units:
        missing = [u for u in units if doc.unit(u) is None]
        if missing:
            have = "、".join(u.unit for u in doc.units) or "（无）"
            raise UsageError(f"{path} 中没有单位“{'、'.join(missing)}”。其中的单位：{have}。")
        doc.units = [u for u in doc.units if u.unit in units]
    return doc


def scored(rubric: Rubric, doc: ReviewDoc) -> list[ScoredUnit]:
    try:
        return score_all(rubric, doc.units)
    except ScoreInputError as exc:
        raise UsageError(f"评审内容有误：{exc}") from exc


def _pad(text: str, width: int) -> str:
    """Pad to a display width: CJK characters take two columns in a terminal."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def _text(rubric: Rubric, units: list[ScoredUnit]) -> str:
    lines: list[str] = [rubric.name]
    for su in units:
        r, s = su.review, su.score
        weight = fmt(s.weight) if s.weight is not None else "未填写"
        lines += ["", f"■ {r.unit or '（未命名单位）'}　督导赋分 {weight}"]
        for item in s.items:
            mark = "✓" if r.item(item.code).confirmed else "·"
            max_ = f"/{fmt(item.points)}" if item.effect == "earn" else ""
            lines.append(f"  {mark} {_pad(item.label[:20], 40)} {fmt(item.score):>5}{max_:<4} {item.reason}")
            if r.item(item.code).override_reason:
                lines.append(f"      调整理由：{r.item(item.code).override_reason}")
        lines += [f"  {sec.reason}" for sec in s.sections]
        lines += [f"  {why}" for why in s.reasons]
        final = "—" if s.final is None else fmt(s.final)
        rank = f"（第 {su.rank} 名）" if su.rank else ""
        lines.append(f"  最终得分：{final}{rank}；未确认 {len(su.unconfirmed)} 项（✓ 已确认，· 未确认）")
    return "\n".join(lines)


def score_json(rubric: Rubric, units: list[ScoredUnit]) -> dict[str, Any]:
    return {
        "schema": SCORE_SCHEMA,
        "rubric": {"id": rubric.id, "version": rubric.version, "name": rubric.name},
        "units": [su.score.to_json() | {"rank": su.rank, "unconfirmed": su.unconfirmed} for su in units],
    }


def run(args: argparse.Namespace) -> int:
    rubric = load_rubric_arg(args.rubric)
    if args.template:
        if args.review is not None:
            raise UsageError("--template 不需要评审文件参数。")
        units = args.unit or [""]
        data = template(rubric, units[0])
        for extra in units[1:]:
            data["units"].append(template(rubric, extra)["units"][0])
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.review is None:
        raise UsageError("请指定评审文件（.sqlite 或 JSON），或用 --template 输出空白评审。")
    units = scored(rubric, load_doc(args.review, rubric, args.unit))
    if args.format == "json":
        json.dump(score_json(rubric, units), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_text(rubric, units))
    return EXIT_OK
