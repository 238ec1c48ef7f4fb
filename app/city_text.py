"""The city report as plain Chinese text: one line per unit, then the totals.

The matrix cell and status words are shared with the HTML and xlsx renderers.
"""

from __future__ import annotations

from app.city import CityReport, CityUnit, UnitStatus
from app.model import Report, Status

STATUS_WORDS = {
    UnitStatus.CHECKED: "已检查",
    UnitStatus.NOT_SUBMITTED: "未提交",
    UnitStatus.AMBIGUOUS: "无法确定",
    UnitStatus.UNREADABLE: "无法打开",
}


def matrix_cell(report: Report, code: str) -> tuple[str, str]:
    """One unit × indicator cell: (text, class) — "✗2" gaps, "!5" files with problems, "✓5" files."""
    result = report.indicator_result(code)
    if result is None or result.status == Status.NOT_REQUIRED:
        return "", ""
    if result.gaps:
        return f"✗{result.gaps}", "gap"
    if result.status == Status.PROBLEM:
        return f"!{result.files}", "problem"
    if result.status == Status.OPTIONAL_MISSING:
        return "—", ""
    return f"✓{result.files}", "met"


def unit_line(u: CityUnit) -> str:
    """ "青云街道　已检查　青云街道教管办　43 个文件，缺项 8，错误 3"."""
    head = f"{u.unit}　{STATUS_WORDS[u.status]}"
    if u.report is not None:
        s = u.report.summary()
        verdict = (
            "齐全，无错误"
            if u.report.clean
            else f"缺项 {s['gaps']}，错误 {s['errors']}，警告 {s['warnings']}"
        )
        return f"{head}　{u.source}　{s['files']} 个文件，{verdict}"
    if u.status == UnitStatus.NOT_SUBMITTED:
        return f"{head}　没有找到该单位的材料"
    where = f"　{u.source}" if u.source else ""
    return f"{head}{where}　{u.message or ''}".rstrip()


def totals_line(city: CityReport) -> str:
    s = city.summary()
    return (
        f"汇总：{s['units']} 个单位，已检查 {s['checked']}，未提交 {s['not_submitted']}，"
        f"无法确定 {s['ambiguous']}，无法打开 {s['unreadable']}；缺项共 {s['gaps']} 处，错误共 {s['errors']} 个。"
        + ("全部齐全。" if city.clean else "")
    )


def render_city_text(city: CityReport) -> str:
    lines = [
        "evcheck 全市佐证材料核查汇总",
        f"材料：{city.source}",
        f"细则：{city.rubric_name}",
        f"花名册：{city.roster or '（未提供）'}",
        "",
        *(unit_line(u) for u in city.units),
    ]
    if city.unmatched:
        lines += [
            "",
            f"未对应到任何单位的材料 {len(city.unmatched)} 项：",
            *(f"  {p}" for p in city.unmatched),
        ]
    lines += ["", totals_line(city)]
    return "\n".join(lines) + "\n"
