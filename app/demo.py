"""The bundled demo: a small roster and one 教管办's messy submission, written from a spec.

A :class:`SubmissionSpec` lists every file with the truth about it (indicator, school, the
finding codes a correct checker must report).  :func:`build_submission` writes real files from
it; :func:`expected_gaps` derives, from the spec and the rubric's evidence requirements alone,
which (indicator, school, need) gaps a correct check reports.  The tests reuse both
(tests/realistic.py builds random specs); ``python -m app.demo`` regenerates resources/demo/.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app import demo_samples
from app.resources import resource_path
from app.rubric import Rubric, load_rubric

JUNK_CONTENTS = frozenset({"thumbs", "ds_store", "office_lock"})
# What a file's content is, whatever its name says (None: not a usable pdf/image).
_USABLE_KIND = {"pdf": "pdf", "jpeg": "image", "png": "image", "jpeg_as_pdf": "image", "png_as_jpg": "image"}
_KIND = {
    "pdf": "pdf",
    "encrypted_pdf": "pdf",
    "jpeg": "image",
    "png": "image",
    "png_as_jpg": "image",
    "jpeg_as_pdf": "image",
    "truncated_jpeg": "image",
    "docx": "document",
    "xlsx": "document",
    "zip": "archive",
}


@dataclass(frozen=True)
class FileSpec:
    """One file of a submission and what a correct check concludes about it."""

    path: str  # relative to the submission root, "/" separators
    content: str  # a demo_samples.make tag: pdf, jpeg, png, jpeg_as_pdf, encrypted_pdf, empty, …
    seed: int = 0
    indicator: str | None = None  # the true indicator (None: belongs nowhere)
    school: str | None = None  # the true school's full name (None: unit-level or unknown)
    codes: tuple[str, ...] = ()  # finding codes a correct check must report on this file
    problem: str = ""  # the planted problem in plain Chinese ("" for a well-formed file)
    same_as: str | None = None  # copy the bytes of this other path (a photo reused)
    check_school: bool = True  # False where the school is irrelevant (unit-level evidence)
    date: str | None = None  # the ISO date a correct check reads from the name

    @property
    def junk(self) -> bool:
        return self.content in JUNK_CONTENTS

    @property
    def kind(self) -> str | None:
        """The report's ``kind`` by content; None where more than one answer is defensible."""
        return _KIND.get(self.content)

    @property
    def counts_as(self) -> str | None:
        """``pdf``/``image`` if the file can count toward a requirement, else None."""
        return _USABLE_KIND.get(self.content)


@dataclass(frozen=True)
class RosterSchool:
    unit: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class SubmissionSpec:
    unit: str
    schools: list[str]  # full names of the unit's schools
    roster: list[RosterSchool]  # every roster row (all units)
    files: list[FileSpec] = field(default_factory=list)


def build_submission(root: Path, spec: SubmissionSpec) -> Path:
    """Write every file of ``spec`` under ``root`` (created; must not hold other files)."""
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, bytes] = {}
    for f in spec.files:
        data = written[f.same_as] if f.same_as else demo_samples.make(f.content, f.seed)
        target = root.joinpath(*f.path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[f.path] = data
    return root


def roster_csv(rows: list[RosterSchool], encoding: str = "utf-8-sig") -> bytes:
    """The roster as CSV with the columns 单位,学校,别名 (aliases joined by a full-width ；)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["单位", "学校", "别名"])
    for r in rows:
        writer.writerow([r.unit, r.name, "；".join(r.aliases)])
    return out.getvalue().encode(encoding)


def expected_gaps(spec: SubmissionSpec, rubric: Rubric) -> set[tuple[str, str | None, str]]:
    """(indicator, school, need) for every required evidence part nobody usable provides.

    A file counts when its content (not its name) is a kind the part accepts and the indicator
    accepts, and, for every-school evidence, when it is attributed to that school.
    """
    gaps: set[tuple[str, str | None, str]] = set()
    for ind in rubric.evidence_indicators:
        ev = ind.evidence
        if ev is None or not ev.required:
            continue
        mine = [
            f
            for f in spec.files
            if f.indicator == ind.code and f.counts_as and f.counts_as in ev.accepted_kinds
        ]
        targets: list[str | None] = list(spec.schools) if ev.scope == "every_school" else [None]
        for school in targets:
            have = {f.counts_as for f in mine if school is None or f.school == school}
            for part in ev.parts:
                if not have & set(part.kinds):
                    gaps.add((ind.code, school, part.need))
    return gaps


def _sorted_gaps(spec: SubmissionSpec, rubric: Rubric) -> list[tuple[str, str | None, str]]:
    return sorted(expected_gaps(spec, rubric), key=lambda g: (g[0], g[1] or "", g[2]))


def manifest(spec: SubmissionSpec, rubric: Rubric) -> dict[str, object]:
    """The expected results as JSON-able data (written beside the demo as expected.json)."""
    return {
        "unit": spec.unit,
        "schools": spec.schools,
        "gaps": [{"indicator": i, "school": s, "need": n} for i, s, n in _sorted_gaps(spec, rubric)],
        "files": [
            {
                "path": f.path,
                "kind": f.kind,
                "indicator": f.indicator,
                "school": f.school if f.check_school else "*",
                "codes": list(f.codes),
                "problem": f.problem,
            }
            for f in spec.files
            if not f.junk
        ],
        "skipped": [f.path for f in spec.files if f.junk],
    }


# ── the bundled demo ────────────────────────────────────────────────────────────────────

DEMO_UNIT = "奎文区教管办"
S1, S2, S3, S4 = (
    "潍坊市奎文区实验小学",
    "潍坊市奎文区樱园小学",
    "潍坊市奎文区孙家小学",
    "潍坊市奎文区东关初级中学",
)
DEMO_ROSTER = [
    RosterSchool(DEMO_UNIT, S1, ("实验小学", "奎文实小")),
    RosterSchool(DEMO_UNIT, S2, ("樱园小学",)),
    RosterSchool(DEMO_UNIT, S3, ("孙家小学",)),
    RosterSchool(DEMO_UNIT, S4, ("东关初中", "东关中学")),
    RosterSchool("潍坊市育才学校", "潍坊市育才学校", ("育才学校",)),  # a 市直学校: its own unit
    RosterSchool("坊子区教管办", "潍坊市坊子区实验学校", ("坊子实验学校",)),
    RosterSchool("坊子区教管办", "潍坊市坊子区龙泉小学", ("龙泉小学",)),
]


def demo_spec() -> SubmissionSpec:
    f11, f12, f13 = "1.1 十二项教育惠民制度制定实施", "1-2一把手负责制", "一、3 领导小组"
    f14, f15, f16, f17 = "（四）台账", "第5项 宣传活动", "特色校案例", "1.7.家校沟通桥"
    f31, f33 = "三、宣传推广/3.1 媒体报道", "三、宣传推广/3.3宣传周"
    F = FileSpec
    files = [
        # 1.1: per-school subfolders (full name, alias) for two schools, names for the others
        F(f"{f11}/{S1}/制度文件.pdf", "pdf", 11, "1.1", S1),
        F(f"{f11}/{S1}/制度上墙1.jpg", "jpeg", 12, "1.1", S1, ("dup.exact",), "与樱园小学的照片完全相同"),
        F(f"{f11}/{S1}/制度上墙2.jpg", "jpeg", 13, "1.1", S1),
        F(f"{f11}/樱园小学/樱园小学制度文件.pdf", "pdf", 14, "1.1", S2),
        F(
            f"{f11}/樱园小学/制度上墙.jpg",
            "jpeg",
            0,
            "1.1",
            S2,
            ("dup.exact",),
            "与实验小学的照片完全相同（同一张照片用于两所学校）",
            same_as=f"{f11}/{S1}/制度上墙1.jpg",
        ),
        F(f"{f11}/{S3}十二项制度文件.pdf", "pdf", 15, "1.1", S3),
        F(f"{f11}/孙家小学制度上墙.jpg", "jpeg", 16, "1.1", S3),
        F(f"{f11}/东关初中制度文件.pdf", "pdf", 17, "1.1", S4, (), "东关初中缺少制度上墙照片"),
        F(f"{f11}/Thumbs.db", "thumbs", problem="系统垃圾文件，应静默跳过"),
        # 1.2: a Word file where a PDF is required, a JPEG saved as .pdf
        F(f"{f12}/{S1}一把手负责制考核办法.pdf", "pdf", 21, "1.2", S1),
        F(f"{f12}/{S2}考核方案.pdf", "pdf", 22, "1.2", S2),
        F(
            f"{f12}/孙家小学考核办法.docx",
            "docx",
            23,
            "1.2",
            S3,
            ("file.format_not_accepted",),
            "要求 PDF，却交了 Word 文档",
        ),
        F(f"{f12}/~$孙家小学考核办法.docx", "office_lock", problem="Office 锁文件，应静默跳过"),
        F(
            f"{f12}/东关初中考核办法.pdf",
            "jpeg_as_pdf",
            24,
            "1.2",
            S4,
            ("file.extension_mismatch", "file.format_not_accepted"),
            "JPEG 照片改了扩展名冒充 PDF",
        ),
        # 1.3 and 1.6: unit-level evidence
        F(
            f"{f13}/{DEMO_UNIT}关于成立教育惠民服务工作领导小组的通知.pdf",
            "pdf",
            31,
            "1.3",
            check_school=False,
        ),
        F(f"{f16}/惠民服务特色校案例.pdf", "pdf", 61, "1.6", check_school=False),
        # 1.4: an encrypted PDF, a truncated photo, a photo named only IMG_…
        F(f"{f14}/实验小学实施进程台账.pdf", "pdf", 41, "1.4", S1),
        F(f"{f14}/实验小学公示图片.jpg", "jpeg", 42, "1.4", S1),
        F(
            f"{f14}/{S2}计划台账.pdf",
            "encrypted_pdf",
            43,
            "1.4",
            S2,
            ("file.encrypted",),
            "PDF 设置了打开密码",
        ),
        F(f"{f14}/{S2}公示.png", "png", 44, "1.4", S2),
        F(f"{f14}/孙家小学台账.pdf", "pdf", 45, "1.4", S3),
        F(
            f"{f14}/孙家小学公示.jpg",
            "truncated_jpeg",
            46,
            "1.4",
            S3,
            ("file.unreadable",),
            "照片只传了一半（文件被截断）",
        ),
        F(f"{f14}/东关初中台账.pdf", "pdf", 47, "1.4", S4),
        F(f"{f14}/东关中学公示图.jpg", "jpeg", 48, "1.4", S4),
        F(
            f"{f14}/IMG_20201015_093012.jpg",
            "jpeg",
            49,
            "1.4",
            None,
            ("name.missing_unit",),
            "手机照片原名，看不出是哪所学校",
        ),
        # 1.5: an empty PDF
        F(f"{f15}/奎文实小宣传活动方案.pdf", "pdf", 51, "1.5", S1),
        F(f"{f15}/樱园小学明白纸发放.jpg", "jpeg", 52, "1.5", S2),
        F(f"{f15}/{S3}宣传活动.pdf", "empty", 53, "1.5", S3, ("file.empty",), "PDF 是 0 字节的空文件"),
        F(f"{f15}/东关初中宣传活动照片.jpg", "jpeg", 54, "1.5", S4),
        # 1.7: one school name mistyped (孙加 for 孙家)
        F(f"{f17}/{S1}沟通桥机制及清单.pdf", "pdf", 71, "1.7", S1),
        F(f"{f17}/{S2}沟通桥机制及清单.pdf", "pdf", 72, "1.7", S2),
        F(
            f"{f17}/潍坊市奎文区孙加小学沟通桥机制及清单.pdf",
            "pdf",
            73,
            "1.7",
            S3,
            ("name.fuzzy_match",),
            "校名写错一个字（孙加→孙家），应按最接近的学校归属并提示",
        ),
        F(f"{f17}/{S4}沟通桥机制及清单.pdf", "pdf", 74, "1.7", S4),
        # 3.1: newspaper photos, one without a date; 3.3 plan and photo; 3.2 left out (optional)
        F(
            f"{f31}/潍坊日报报道-{DEMO_UNIT}.jpg",
            "jpeg",
            81,
            "3.1",
            codes=("name.missing_date",),
            problem="报刊照片未按“时间+单位”命名，缺少日期",
            check_school=False,
        ),
        F(
            f"{f31}/2020.10.15潍坊日报-{DEMO_UNIT}.jpg",
            "jpeg",
            82,
            "3.1",
            check_school=False,
            date="2020-10-15",
        ),
        F(f"{f33}/{DEMO_UNIT}宣传周推广方案.pdf", "pdf", 83, "3.3", check_school=False),
        F(f"{f33}/宣传周活动照片1.jpg", "jpeg", 84, "3.3", check_school=False),
        # stray files at the top
        F(
            "汇总表.xlsx",
            "xlsx",
            91,
            None,
            None,
            ("file.unassigned",),
            "顶层多余的汇总表，不属于任何指标",
            check_school=False,
        ),
        F(".DS_Store", "ds_store", problem="macOS 系统文件，应静默跳过"),
    ]
    return SubmissionSpec(DEMO_UNIT, [S1, S2, S3, S4], DEMO_ROSTER, files)


def demo_paths() -> tuple[Path, Path, str]:
    """(submission folder, roster CSV, unit name) of the bundled demo."""
    return resource_path(f"demo/submission/{DEMO_UNIT}"), resource_path("demo/roster.csv"), DEMO_UNIT


def _readme(spec: SubmissionSpec, rubric: Rubric) -> str:
    lines = [
        "# 演示材料（自动生成，请勿手工修改）",
        "",
        "由 `python -m app.demo` 生成（代码：app/demo.py）；测试会重新生成并与此处比对。",
        "",
        f"- `roster.csv`：花名册（UTF-8 带 BOM，列 `单位,学校,别名`），含 {DEMO_UNIT}（4 所学校）、"
        "市直学校潍坊市育才学校（自成一个单位）和坊子区教管办。",
        f"- `submission/{DEMO_UNIT}/`：{DEMO_UNIT}提交的材料，指标文件夹命名风格混杂。",
        "- `expected.json`：正确核查应得出的缺项与每个文件的问题代码。",
        "",
        "试用：`evcheck check --demo`，或",
        f"`evcheck check resources/demo/submission/{DEMO_UNIT} --roster resources/demo/roster.csv`。",
        "",
        "## 埋设的问题",
        "",
        "| 文件 | 问题 | 应报代码 |",
        "|---|---|---|",
    ]
    for f in spec.files:
        if f.problem:
            codes = "、".join(f"`{c}`" for c in f.codes) or ("（静默跳过）" if f.junk else "（见缺项）")
            lines.append(f"| `{f.path}` | {f.problem} | {codes} |")
    lines += ["", "## 应报的缺项", "", "| 指标 | 学校 | 需要 |", "|---|---|---|"]
    for indicator, school, need in _sorted_gaps(spec, rubric):
        cell = need.replace("|", "\\|")  # a bare | would split the table cell
        lines.append(f"| {indicator} | {school or '（单位）'} | {cell} |")
    lines += ["", "3.2（可选）未提交：不算缺项，建议该项 0 分。", ""]
    return "\n".join(lines)


def write_demo(dest: Path | None = None) -> Path:
    """(Re)write the demo under ``dest`` (default resources/demo/), replacing the old submission."""
    dest = dest or resource_path("demo")
    spec, rubric = demo_spec(), load_rubric()
    shutil.rmtree(dest / "submission", ignore_errors=True)
    dest.mkdir(parents=True, exist_ok=True)
    build_submission(dest / "submission" / spec.unit, spec)
    (dest / "roster.csv").write_bytes(roster_csv(spec.roster))
    text = json.dumps(manifest(spec, rubric), ensure_ascii=False, indent=1) + "\n"
    (dest / "expected.json").write_text(text, encoding="utf-8", newline="\n")
    (dest / "README.md").write_text(_readme(spec, rubric), encoding="utf-8", newline="\n")
    return dest


if __name__ == "__main__":
    print(f"演示材料已写入 {write_demo(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
