"""The folder template a clerk fills in: one folder per indicator that asks for evidence.

``OUTDIR/<单位>/1.1 十二项教育惠民制度制定实施/说明.txt`` … plus a checklist workbook
``OUTDIR/<单位>-材料核对清单.xlsx`` (schools × evidence parts) beside the unit folder, so it is
never mistaken for evidence.  Everything is written from the rubric data and the roster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.discover import TEMPLATE_NOTE
from app.export.workbook import new_workbook
from app.rename import indicator_folder_name, safe_component
from app.roster import School
from app.rubric import Evidence, Indicator, Rubric

KIND_WORDS = {"pdf": "PDF 文件", "image": "JPG 或 PNG 照片"}
_GREY = "DDDDDD"  # cells a school need not fill
_HEAD = "DDEBF7"  # header cells


@dataclass
class TemplateResult:
    root: Path
    folders: list[Path] = field(default_factory=list)
    checklist: Path | None = None


def _need(evidence: Evidence) -> list[str]:
    return [
        f"{'①②③④⑤'[n]} {part.label}（{' 或 '.join(KIND_WORDS[k] for k in part.kinds)}）"
        for n, part in enumerate(evidence.parts)
    ]


def _example(ind: Indicator, unit: str, schools: list[School]) -> str:
    assert ind.evidence is not None
    kind = ind.evidence.parts[0].kinds[0]
    ext = ".pdf" if kind == "pdf" else ".jpg"
    if ind.evidence.naming == "time_unit":
        return f"{ind.code} 2020.10.15潍坊日报-{unit}{ext}"
    who = schools[0].name if ind.evidence.scope == "every_school" and schools else unit
    return f"{ind.code} {who}-材料名称{ext}"


def note_text(ind: Indicator, unit: str, schools: list[School]) -> str:
    """The plain-Chinese 说明.txt of one indicator folder."""
    ev = ind.evidence
    assert ev is not None
    lines = [f"{ind.code} {ind.title}（{ind.points:g}分）", ""]
    lines.append(f"细则要求：{ind.evidence_text}")
    lines.append("")
    lines.append("本文件夹需要放：" if ev.required else "本文件夹可以放（可选）：")
    lines += [f"  {x}" for x in _need(ev)]
    if ev.scope == "every_school":
        lines += ["", f"哪些学校：以下 {len(schools)} 所学校，每所都要有上面每一项："]
        for s in schools:
            lines.append(f"  {s.name}" + (f"（也可写作：{'、'.join(s.aliases)}）" if s.aliases else ""))
    else:
        lines += ["", f"由{unit}整体提供，至少一份即可。"]
    lines += ["", "文件格式："]
    if "pdf" in ev.accepted_kinds:
        lines.append("  PDF：Word/WPS 文档请用“文件→另存为→PDF”导出，不要直接交 .doc/.docx。")
    if "image" in ev.accepted_kinds:
        lines.append("  照片：用 JPG 或 PNG。苹果手机的 HEIC 照片请先转换（evcheck convert 可以帮忙）。")
    lines.append("  不要加密码，不要交空文件或只传了一半的照片。")
    lines += ["", "文件命名："]
    if ev.naming == "time_unit":
        lines.append("  按“时间+单位”命名，写明见报日期和单位。")
    elif ev.naming == "school_or_unit":
        lines.append("  写上学校全称（或教管办名称）和材料名称。")
    else:
        lines.append("  写明材料名称即可。")
    lines.append(f"  例如：{_example(ind, unit, schools)}")
    if not ev.required:
        lines += ["", "本项为可选：不提供不算缺项，但该项建议得 0 分。"]
    lines += ["", f"评分办法：{ind.method}", "", "（本说明由 evcheck 生成，打包提交时会自动略去。）", ""]
    return "\r\n".join(lines)  # CRLF and a BOM: Notepad on any Windows shows it properly


def build_template(outdir: Path, rubric: Rubric, unit: str, schools: list[School]) -> TemplateResult:
    """Create (or refresh) the template; the clerk's own files are never touched."""
    root = outdir / safe_component(unit)
    result = TemplateResult(root)
    for ind in rubric.evidence_indicators:
        folder = root / indicator_folder_name(ind)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / TEMPLATE_NOTE).write_bytes(note_text(ind, unit, schools).encode("utf-8-sig"))
        result.folders.append(folder)
    result.checklist = outdir / safe_component(f"{unit}-材料核对清单.xlsx")
    write_checklist(result.checklist, rubric, unit, schools)
    return result


def write_checklist(path: Path, rubric: Rubric, unit: str, schools: list[School]) -> None:
    """Schools × evidence parts, one cell to tick per thing that must be handed in."""
    # openpyxl is imported here, not at module level: the window imports this module at start-up.
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    grey, head_fill = PatternFill("solid", fgColor=_GREY), PatternFill("solid", fgColor=_HEAD)
    wb, ws = new_workbook("核对清单")
    columns = [
        (ind, part) for ind in rubric.evidence_indicators if ind.evidence for part in ind.evidence.parts
    ]
    ws.cell(1, 1, f"{unit} 佐证材料核对清单（{rubric.name}）").font = Font(bold=True, size=13)
    ws.cell(2, 1, "在已备齐的格子里选“✓”；灰色格子不需要；标“可选”的不提供不算缺项。")
    head = ws.cell(3, 1, "学校")
    head.font, head.fill = Font(bold=True), head_fill
    for c, (ind, part) in enumerate(columns, start=2):
        ev = ind.evidence
        assert ev is not None
        kinds = "或".join("PDF" if k == "pdf" else "照片" for k in part.kinds)
        optional = "（可选）" if not ev.required else ""
        cell = ws.cell(3, c, f"{ind.code} {ind.title}\n{part.label}\n[{kinds}]{optional}")
        cell.font, cell.fill = Font(bold=True), head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = 18
    ws.column_dimensions["A"].width = 30
    ws.row_dimensions[3].height = 90
    tick = DataValidation(type="list", formula1='"✓,✗"', allow_blank=True)
    ws.add_data_validation(tick)
    rows = [(s.name, "every_school") for s in schools] + [(f"（全单位）{unit}", "unit")]
    for r, (label, scope) in enumerate(rows, start=4):
        ws.cell(r, 1, label)
        for c, (ind, _part) in enumerate(columns, start=2):
            box = ws.cell(r, c)
            if ind.evidence and ind.evidence.scope == scope:
                tick.add(box)
            else:
                box.value, box.fill = "—", grey
            box.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "B4"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
