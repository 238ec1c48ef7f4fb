"""A unit's gaps and scores as a printable A4 PDF, drawn by Qt (QTextDocument → QPdfWriter).

Lives in ui/ because it needs QtGui; it holds no rules — every number and reason comes from
app.scoring.  Works headless (QT_QPA_PLATFORM=offscreen) with a QGuiApplication.  Qt embeds the
subset of the font it draws with, so the PDF shows the Chinese text on any machine.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from app.export.table import ScoredUnit, score_all
from app.model import Gap
from app.review.model import ReviewDoc, ReviewError
from app.rubric import Rubric
from app.scoring.engine import fmt

# Tried in order; then any family Qt says can write Simplified Chinese.
PREFERRED_CJK = (
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
    "宋体",
)


def ensure_gui_app() -> QCoreApplication:
    """The running Qt application, or a new headless QGuiApplication (command line use)."""
    app = QCoreApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["evcheck"])


def cjk_family() -> str:
    """A font family with Chinese glyphs; "" when the system has none (the text may then show boxes)."""
    families = QFontDatabase.families()
    for name in PREFERRED_CJK:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else ""


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
    return "\n".join(out)


def write_pdf(
    path: str | Path,
    rubric: Rubric,
    doc: ReviewDoc,
    gaps: Mapping[str, Sequence[Gap]] | None = None,
) -> str:
    """Write one A4 PDF with a section per unit (each on a new page); returns the font family used.

    ``gaps`` (unit → the check's gaps) is optional; without it the gaps stored with the
    suggestions are listed.  Raises ReviewError (Chinese) when the file cannot be written.
    """
    ensure_gui_app()
    path = Path(path)
    family = cjk_family()
    units = score_all(rubric, doc.units)
    body = "<div style='page-break-before:always'></div>".join(
        _unit_html(rubric, doc, su, (gaps or {}).get(su.review.unit, ())) for su in units
    )
    document = QTextDocument()
    font = QFont(family, 9) if family else QFont()
    font.setPointSizeF(9)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "h2 { font-size: 14pt; } h3 { font-size: 11pt; } td, th { font-size: 8pt; }"
    )
    document.setHtml(f"<html><body>{body}</body></html>")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass  # fail early, in Chinese, if the file cannot be written
    except OSError as exc:
        raise ReviewError(f"无法写入 {path}：{exc.strerror or exc}。文件是否正在其他程序中打开？") from exc
    writer = QPdfWriter(str(path))
    writer.setTitle(f"{rubric.name} 评分表")
    writer.setCreator("evcheck")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margin on every side of an unpaginated document
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    document.print_(writer)
    del writer  # closes and flushes the file
    return family
