"""The check report as one self-contained HTML page a clerk can open and print."""

from __future__ import annotations

from html import escape

from app.findings import fix_for
from app.model import Report, Severity
from app.report_text import SEVERITY_WORDS, STATUS_WORDS, summary_line
from app.rubric import Rubric

_STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;
margin:2em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:2px solid #444;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:4px 6px;
text-align:left;vertical-align:top;font-size:.92em}th{background:#eee}
.met{color:#17692f}.gap{color:#b00020;font-weight:bold}.problem{color:#9a6200}
.error{color:#b00020}.warning{color:#9a6200}.info{color:#555}.fix{color:#555;font-size:.9em}
.meta{color:#555}.summary{font-weight:bold;margin-top:1.5em}
@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""

_CELL_WORDS = {"met": ("✓ 齐全", "met"), "missing": ("✗ 缺", "gap"), "problem": ("! 有问题", "problem")}


def render_html(report: Report, rubric: Rubric) -> str:
    e = escape
    out = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>佐证材料核查报告 - {e(report.unit or '')}</title><style>{_STYLE}</style></head><body>",
        "<h1>佐证材料核查报告</h1>",
        f"<p class='meta'>单位：{e(report.unit or '（未指定）')}（{len(report.schools)} 所学校）<br>"
        f"材料：{e(report.source)}<br>细则：{e(report.rubric_name)}<br>"
        f"花名册：{e(report.roster or '（未提供）')}</p>",
    ]
    for notice in report.notices:
        out.append(f"<p class='{notice.severity}'>{e(notice.message)}</p>")
    evidence = rubric.evidence_indicators
    if report.schools and evidence:
        per_school = [i for i in evidence if i.evidence and i.evidence.scope == "every_school"]
        out.append("<h2>各校材料情况</h2><table><tr><th>学校</th>")
        out += [f"<th>{e(i.code)}</th>" for i in per_school]
        out.append("</tr>")
        for school in report.schools:
            out.append(f"<tr><td>{e(school)}</td>")
            for i in per_school:
                result = report.indicator_result(i.code)
                cell = result.cells.get(school, "") if result else ""
                word, cls = _CELL_WORDS.get(cell, ("", ""))
                out.append(f"<td class='{cls}'>{word}</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append("<h2>缺项清单</h2>")
    if report.gaps:
        out.append("<table><tr><th>指标</th><th>学校</th><th>需要</th><th>说明</th></tr>")
        for g in report.gaps:
            out.append(
                f"<tr><td>{e(g.indicator)}</td><td>{e(g.school or '本单位')}</td>"
                f"<td>{e(g.need)}</td><td class='gap'>{e(g.message)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='met'>没有缺项。</p>")
    out.append("<h2>各指标情况</h2><table><tr><th>指标</th><th>状态</th><th>文件数</th><th>建议</th></tr>")
    for ind in rubric.indicators:
        result = report.indicator_result(ind.code)
        if result is None:
            continue
        out.append(
            f"<tr><td>{e(ind.code)} {e(ind.title)}</td><td>{e(STATUS_WORDS[result.status])}</td>"
            f"<td>{result.files}</td><td>{e(result.reason)}</td></tr>"
        )
    out.append("</table><h2>文件问题</h2>")
    rows = [(f, x) for f in report.files for x in f.findings if x.severity != Severity.INFO]
    if rows:
        out.append("<table><tr><th>文件</th><th>级别</th><th>问题</th><th>怎么改</th></tr>")
        for f, x in rows:
            out.append(
                f"<tr><td>{e(f.path)}</td><td class='{x.severity}'>{SEVERITY_WORDS[x.severity]}</td>"
                f"<td>{e(x.message)}</td><td class='fix'>{e(fix_for(x.code))}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='met'>没有发现文件问题。</p>")
    out.append(f"<p class='summary'>{e(summary_line(report))}</p></body></html>")
    return "\n".join(out)
