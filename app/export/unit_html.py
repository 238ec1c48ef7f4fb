"""A review's units as printable HTML (one block per unit, page breaks between them).

Plain Python so the report text stays in app/ (plain Chinese, like the other reports); the PDF
writer in ui/export_pdf.py only lays this out on A4 pages with Qt.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from app.export.table import SIGNAL_COLUMNS, ScoredUnit, score_all, signal_rows
from app.model import Gap
from app.review.model import ReviewDoc
from app.rubric import Rubric
from app.scoring.engine import fmt

STYLE = "h2 { font-size: 14pt; } h3 { font-size: 11pt; } td, th { font-size: 8pt; }"


def _e(text: object) -> str:
    return html.escape(str(text)).replace("\n", "<br/>")


def _unit_html(rubric: Rubric, doc: ReviewDoc, su: ScoredUnit, gaps: Sequence[Gap]) -> str:
    r, s = su.review, su.score
    weight = fmt(s.weight) if s.weight is not None else "未填写"
    final = "—" if s.final is None else fmt(s.final)
    out = [
        f"<h2>{_e(r.unit)} 评分表</h2>",
        f"<p>{_e(rubric.name)}<br/>评审人：{_e(doc.reviewer or '—')}　日期：{date.today().isoformat()}"
        f"　督导赋分：{weight}　<b>最终得分：{final}</b>{f'（第 {su.rank} 名）' if su.rank else ''}</p>",
    ]
    if r.veto:
        out.append(f"<p style='color:#c00000'><b>否决：</b>{_e(r.veto_reason)}（该单位计0分）</p>")
    out.append(
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        '<tr style="background:#ddebf7"><th width="27%">指标</th><th width="6%">满分</th>'
        '<th width="6%">得分</th><th width="6%">确认</th><th width="55%">计分理由、调整与佐证</th></tr>'
    )
    for item in s.items:
        it = r.item(item.code)
        notes = [_e(item.reason)]
        if it.suggested_score is not None and it.suggested_score != item.score:
            notes.append(f"核查建议 {fmt(it.suggested_score)} 分")
        if it.override_reason:
            notes.append(f"<b>调整理由：</b>{_e(it.override_reason)}")
        if it.notes:
            notes.append(f"备注：{_e(it.notes)}")
        for e in it.evidence:
            notes.append(
                f"佐证：{_e(e.path)}{f' 第{e.page}页' if e.page else ''}{_e(' ' + e.note) if e.note else ''}"
            )
        mark = "✓" if it.confirmed else ""
        points = fmt(item.points) if item.effect == "earn" else "—"
        out.append(
            f"<tr><td>{_e(item.label)}</td><td align='center'>{points}</td>"
            f"<td align='center'>{fmt(item.score)}</td><td align='center'>{mark}</td>"
            f"<td>{'<br/>'.join(notes)}</td></tr>"
        )
    out.append("</table>")
    out.append("<h3>计分过程</h3><p>" + "<br/>".join(_e(x.reason) for x in s.sections))
    out.append("<br/>" + "<br/>".join(_e(x) for x in s.reasons) + "</p>")
    missing = [g.message for g in gaps] or [m for it in r.items.values() for m in it.suggested_gaps]
    out.append("<h3>缺失或不可用的材料</h3>")
    out.append("<ul>" + "".join(f"<li>{_e(m)}</li>" for m in missing) + "</ul>" if missing else "<p>无。</p>")
    if r.accepted or r.reassignments:
        out.append("<h3>人工更正</h3><ul>")
        out += [
            f"<li>{_e(x.path)} 归入 {_e(x.indicator or '—')} / {_e(x.school or '—')}</li>"
            for x in r.reassignments
        ]
        out += [f"<li>{_e(a.path)}：已接受 {_e(a.code)}（{_e(a.note)}）</li>" for a in r.accepted]
        out.append("</ul>")
    out += _signals_html(signal_rows(r))
    return "\n".join(out)


def _signals_html(found: list[list[str]]) -> list[str]:
    """The reviewer's verdicts on authenticity signals (problems first); nothing when there are none."""
    if not found:
        return []
    head = "".join(f"<th>{_e(c)}</th>" for c in SIGNAL_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in found)
    return [
        "<h3>需核实信号（核实结论）</h3>",
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        f'<tr style="background:#ddebf7">{head}</tr>{body}</table>',
    ]


def units_html(rubric: Rubric, doc: ReviewDoc, gaps: Mapping[str, Sequence[Gap]] | None = None) -> str:
    """The whole document; ``gaps`` (unit → the check's gaps) overrides the gaps kept with suggestions."""
    body = "<div style='page-break-before:always'></div>".join(
        _unit_html(rubric, doc, su, (gaps or {}).get(su.review.unit, ()))
        for su in score_all(rubric, doc.units)
    )
    return f"<html><body>{body}</body></html>"
