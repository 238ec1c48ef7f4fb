"""The city report as one self-contained, printable HTML page: the unit × indicator matrix, each
unit's row linking to its own section (gaps and file problems)."""

from __future__ import annotations

from html import escape

from app.city import CityReport, CityUnit
from app.city_text import STATUS_WORDS, matrix_cell, totals_line, unit_line
from app.findings import fix_for
from app.model import Severity
from app.report_html import _STYLE
from app.report_text import SEVERITY_WORDS
from app.rubric import Rubric

_CITY_STYLE = (
    ".matrix td,.matrix th{text-align:center;white-space:nowrap}.matrix td:first-child{text-align:left}"
)


def unit_anchor(index: int) -> str:
    """The id of a unit's section: by position, so any name is a valid, unique id."""
    return f"unit-{index + 1}"


def _section(u: CityUnit, index: int) -> list[str]:
    e = escape
    out = [f"<h2 id='{unit_anchor(index)}'>{e(u.unit)}（{e(STATUS_WORDS[u.status])}）</h2>"]
    out.append(f"<p class='meta'>{e(unit_line(u))}</p>")
    report = u.report
    if report is None:
        return out
    if report.gaps:
        out.append("<table><tr><th>指标</th><th>学校</th><th>说明</th></tr>")
        out += [
            f"<tr><td>{e(g.indicator)}</td><td>{e(g.school or '本单位')}</td><td class='gap'>{e(g.message)}</td></tr>"
            for g in report.gaps
        ]
        out.append("</table>")
    rows = [(f, x) for f in report.files for x in f.findings if x.severity != Severity.INFO]
    if rows:
        out.append("<table><tr><th>文件</th><th>级别</th><th>问题</th><th>怎么改</th></tr>")
        out += [
            f"<tr><td>{e(f.path)}</td><td class='{x.severity}'>{SEVERITY_WORDS[x.severity]}</td>"
            f"<td>{e(x.message)}</td><td class='fix'>{e(fix_for(x.code))}</td></tr>"
            for f, x in rows
        ]
        out.append("</table>")
    if report.clean:
        out.append("<p class='met'>材料齐全，未发现错误。</p>")
    return out


def render_city_html(city: CityReport, rubric: Rubric) -> str:
    e = escape
    codes = [i.code for i in rubric.evidence_indicators]
    out = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>全市佐证材料核查汇总</title><style>{_STYLE}{_CITY_STYLE}</style></head><body>",
        "<h1>全市佐证材料核查汇总</h1>",
        f"<p class='meta'>材料：{e(city.source)}<br>细则：{e(city.rubric_name)}<br>"
        f"花名册：{e(city.roster or '（未提供）')}</p>",
        f"<p class='summary'>{e(totals_line(city))}</p>",
        "<p class='meta'>✓ 齐全（文件数）　✗ 缺项数　! 齐全但有问题的文件　— 可选未提供</p>",
        "<table class='matrix'><tr><th>单位</th><th>状态</th>",
        *(f"<th>{e(c)}</th>" for c in codes),
        "</tr>",
    ]
    for index, u in enumerate(city.units):
        out.append(
            f"<tr><td><a href='#{unit_anchor(index)}'>{e(u.unit)}</a></td><td>{e(STATUS_WORDS[u.status])}</td>"
        )
        for code in codes:
            text, cls = matrix_cell(u.report, code) if u.report is not None else ("", "")
            out.append(f"<td class='{cls}'>{e(text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    if city.unmatched:
        out.append("<h2>未对应到任何单位的材料</h2><ul>")
        out += [f"<li>{e(p)}</li>" for p in city.unmatched]
        out.append("</ul>")
    for index, u in enumerate(city.units):
        out += _section(u, index)
    out.append("</body></html>")
    return "\n".join(out)
