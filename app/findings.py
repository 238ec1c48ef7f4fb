"""The catalogue of finding codes: severity, what it means and how to fix it, in plain Chinese.

Every code the checker can emit is declared here once; docs/report-format.md is written from
this table (tests compare them), and the GUI shows ``fix`` next to each finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model import Finding, Severity


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    fix: str
    makes_unusable: bool = False  # a file with this finding does not count toward a requirement


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("file.empty", _E, "文件为空（0 字节或没有内容）", "重新导出或重新拍摄该文件后替换。", True),
        Code(
            "file.unreadable",
            _E,
            "文件已损坏，无法打开",
            "用原始软件重新导出或重新拍摄，确认能正常打开后替换。",
            True,
        ),
        Code(
            "file.timeout",
            _E,
            "文件检查超时，可能结构异常",
            "用原始软件重新导出为标准 PDF/JPG 后替换。",
            True,
        ),
        Code(
            "file.encrypted",
            _E,
            "PDF 设置了打开密码或加密",
            "去掉密码后重新导出 PDF（打印为 PDF 即可）。",
            True,
        ),
        Code(
            "file.extension_mismatch",
            _W,
            "扩展名与实际格式不符",
            "把扩展名改成实际格式，或用正确的软件另存为所需格式。",
        ),
        Code(
            "file.format_not_accepted",
            _E,
            "该指标不接受这种格式",
            "按要求转换格式：文档请“另存为/导出为 PDF”，照片请用 JPG 或 PNG。",
            True,
        ),
        Code(
            "pdf.portfolio",
            _W,
            "PDF 文件包：真正的材料是其中嵌入的文件",
            "审核时请在 PDF 阅读器的“附件”中逐个打开查看；提交时请把其中的文件分别另存为 PDF 单独提交。",
        ),
        Code(
            "pdf.damaged",
            _W,
            "PDF 有损坏，部分阅读器可能打不开",
            "审核时请用 PDF 阅读器打开核对；打不开或页面空白时，用原始软件重新导出 PDF 后替换。",
        ),
        Code(
            "file.unassigned",
            _W,
            "无法判断属于哪个指标",
            "把文件放入对应指标的文件夹，或在文件名中写明指标编号，如“1.1”。",
        ),
        Code(
            "file.nested_archive",
            _W,
            "压缩包内又有压缩包，未打开检查",
            "解压后把其中的文件直接放入对应文件夹。",
        ),
        Code(
            "file.skipped",
            _W,
            "文件无法访问，已跳过",
            "确认文件未被其他程序占用、有读取权限且路径不过长。",
            True,
        ),
        Code("name.missing_unit", _W, "文件名中没有学校或单位名称", "按“学校全称+材料名称”重命名文件。"),
        Code(
            "name.missing_date",
            _W,
            "文件名中没有日期",
            "按“时间+单位”命名，如“2020.10.15潍坊日报-某教管办.jpg”。",
        ),
        Code(
            "name.fuzzy_match",
            _W,
            "学校名称与花名册不完全一致，已按最接近的学校归属",
            "请核对归属，并把文件名改为学校全称。",
        ),
        Code(
            "name.unknown_school",
            _W,
            "文件名或文件夹中的学校不是本单位花名册中的学校，不计入本单位",
            "确认学校名称：是本单位的学校请改用花名册中的名称或更新花名册；是其他单位的材料请移出。",
            True,
        ),
        Code("dup.exact", _W, "同一文件被用于不同学校", "为每所学校提供各自的材料。"),
        Code(
            "dup.similar",
            _W,
            "与另一文件中的照片几乎相同（可能是同一张照片）",
            "请核实：若确为不同学校或不同活动重复使用同一照片，请换成各自的真实照片。",
        ),
        Code(
            "dup.template",
            _W,
            "与另一学校的文档除校名外几乎相同",
            "请核实：若是套用他校材料改名，请提供本校实际形成的材料。",
        ),
        Code(
            "content.other_school",
            _W,
            "文档内容写的是另一所学校",
            "请核实文件是否放错学校；放错请移到正确的学校，否则请换成本校材料。",
        ),
        Code(
            "content.no_school_name",
            _I,
            "文档内容中没有找到所属学校或单位的名称",
            "请核实该文档确属本校或本单位；必要时提供写明单位名称的材料。",
        ),
        Code(
            "content.scanned",
            _I,
            "扫描件：PDF 中只有图片，没有可检索的文字",
            "无需处理；如需自动核对内容，可提供由原文件导出的 PDF。",
        ),
        Code("content.doc_number", _I, "正式文件文号", "无需处理；供核对文件是否为正式印发的文件。"),
        Code(
            "name.school_from_content",
            _W,
            "文件名未写学校，按内容归属",
            "请核实归属是否正确，并按“学校全称+材料名称”改名。",
        ),
        Code(
            "name.indicator_from_content",
            _W,
            "文件名和文件夹未写指标，按内容归入",
            "请核实指标是否正确，并放入对应指标文件夹或在文件名中写明指标编号。",
        ),
        Code(
            "content.no_seal",
            _I,
            "正式文件上未发现红色公章",
            "请核实是否为盖章印发的正式文件；黑白扫描件上的公章无法识别，必要时提供彩色扫描件。",
        ),
        Code(
            "date.outside_year",
            _W,
            "拍摄日期或文档日期不在考核年度内",
            "请核实材料是否为本考核年度形成；若不是，请换成本年度的材料。",
        ),
        Code(
            "date.mismatch",
            _W,
            "文件名中的日期与照片拍摄日期不一致",
            "请核实：改正文件名中的日期，或换成当天拍摄的照片。",
        ),
        Code(
            "archive.unsafe",
            _E,
            "压缩包条目不安全，已拒绝",
            "重新打包：不要包含“..”、绝对路径或异常大的文件。",
            True,
        ),
        Code("archive.unreadable", _E, "压缩包无法读取", "重新打包后再提交，或先解压再检查文件夹。", True),
        Code(
            "archive.encrypted",
            _E,
            "压缩包或其中的文件设置了密码，无法检查",
            "去掉密码后重新打包（或直接提交解压后的文件夹）。",
            True,
        ),
        Code(
            "archive.shadowed",
            _W,
            "压缩包中有同名文件，此份会被后面的同名文件覆盖",
            "删除重复的文件后重新打包，确认保留的是正确的那一份。",
            True,
        ),
        Code(
            "archive.split",
            _E,
            "分卷压缩包不完整或无法直接读取",
            "补齐全部分卷一起提交；或解压后提交文件夹，或重新打包为一个文件。",
            True,
        ),
    )
}


def finding(code: str, detail: str = "") -> Finding:
    """A :class:`Finding` for ``code``, its message the code's title plus an optional detail."""
    c = CODES[code]
    return Finding(code, c.severity, f"{c.title}：{detail}" if detail else c.title)


def fix_for(code: str) -> str:
    c = CODES.get(code)
    return c.fix if c else ""


def makes_unusable(code: str) -> bool:
    c = CODES.get(code)
    return bool(c and c.makes_unusable)
