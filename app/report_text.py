"""The check report as readable Chinese text: by indicator, then school, then a summary line."""

from __future__ import annotations

from collections import defaultdict

from app.findings import fix_for
from app.model import FileRecord, Report, Severity, Status
from app.rubric import Rubric

SEVERITY_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
STATUS_WORDS = {
    Status.MET: "齐全",
    Status.GAP: "有缺项",
    Status.PROBLEM: "齐全但有问题",
    Status.OPTIONAL_MISSING: "未提供（可选）",
    Status.NOT_REQUIRED: "不需提供材料",
}


def summary_line(report: Report) -> str:
    s = report.summary()
    return (
        f"汇总：共 {s['files']} 个文件（可用 {s['usable_files']} 个），缺项 {s['gaps']} 处，"
        f"错误 {s['errors']} 个，警告 {s['warnings']} 个。"
        + ("材料齐全，未发现错误。" if report.clean else "")
    )


def _file_lines(files: list[FileRecord], indent: str) -> list[str]:
    lines = []
    for f in files:
        for x in f.findings:
            if x.severity == Severity.INFO and not x.message.startswith("已由审核人接受"):
                continue
            lines.append(f"{indent}[{SEVERITY_WORDS[x.severity]}] {f.path}：{x.message}")
            fix = fix_for(x.code)
            if fix and x.severity != Severity.INFO:
                lines.append(f"{indent}    → {fix}")
    return lines


def render_text(report: Report, rubric: Rubric) -> str:
    head = [
        "evcheck 佐证材料核查报告",
        f"材料：{report.source}",
        f"单位：{report.unit or '（未指定）'}（{len(report.schools)} 所学校）",
        f"细则：{report.rubric_name}",
        f"花名册：{report.roster or '（未提供）'}",
    ]
    lines = [*head, ""]
    for notice in report.notices:
        lines.append(f"[{SEVERITY_WORDS[notice.severity]}] {notice.message}")
    by_indicator: dict[str | None, list[FileRecord]] = defaultdict(list)
    for f in report.files:
        by_indicator[f.indicator].append(f)
    for section in rubric.sections:
        if not section.indicators:
            continue
        lines += ["", f"{section.code}. {section.title}（{section.points:g}分）"]
        for ind in section.indicators:
            result = report.indicator_result(ind.code)
            if result is None:
                continue
            status = STATUS_WORDS[result.status]
            line = f"  {ind.code} {ind.title} —— {status}"
            if result.files:
                line += f"，{result.files} 个文件"
            if result.reason:
                line += f"；{result.reason}"
            lines.append(line)
            gaps = [g for g in report.gaps if g.indicator == ind.code]
            for g in gaps:
                lines.append(f"    缺项：{g.message}")
            files = sorted(by_indicator.get(ind.code, []), key=lambda f: (f.school or "", f.path))
            lines += _file_lines(files, "    ")
    unassigned = by_indicator.get(None, [])
    if unassigned:
        lines += ["", "未归入任何指标的文件"]
        lines += _file_lines(unassigned, "  ")
    if report.skipped:
        lines += ["", f"已忽略的系统文件 {len(report.skipped)} 个（如 Thumbs.db、.DS_Store、~$ 临时文件）。"]
    lines += ["", summary_line(report)]
    return "\n".join(lines) + "\n"
