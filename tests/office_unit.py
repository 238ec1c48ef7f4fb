"""A unit's submission made the way a 教管办 really delivers it, and the same files unpacked.

The unit 青云街道教管办 hands in one RAR holding one zip per school (each school zipped its own
folder: Explorer's GBK names without the UTF-8 flag, or 7-Zip's Deflate64) plus the unit's own
folders, with an office roster (a title row, merged 单位名称 cells, 、-separated aliases, the list on
the second sheet, a row pasted twice). The same files unpacked into a folder, with a clean CSV
roster, must give exactly the same gaps and findings.

:func:`build_folder` writes the unpacked folder; it is deterministic, so the committed RAR
(``tests/fixtures/office_unit/青云街道教管办.rar``, made by ``python -m tests.office_unit OUTDIR`` with
the real ``rar`` and ``7z`` tools) holds the same files. Pillow's encoders may differ by version,
but no verdict depends on the exact bytes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from app.demo import FileSpec, RosterSchool, SubmissionSpec, build_submission, roster_csv

UNIT = "青云街道教管办"
OTHER_UNIT = "白沙镇教管办"
S_CENTRAL, S_MIDDLE, S_DONGGUAN, S_BRANCH = "青云街道中心小学", "青云街道初级中学", "东关小学", "东关小学分校"
SCHOOLS = [S_CENTRAL, S_MIDDLE, S_DONGGUAN, S_BRANCH]
ALIASES = {
    S_CENTRAL: ("青云小学", "青云中心小学"),
    S_MIDDLE: ("青云中学", "青云初中"),
    S_DONGGUAN: ("东关小",),
    S_BRANCH: (),
}
ROSTER = [RosterSchool(UNIT, s, ALIASES[s]) for s in SCHOOLS] + [
    RosterSchool(OTHER_UNIT, "白沙镇中心小学", ("白沙小学",)),
    RosterSchool(OTHER_UNIT, "白沙镇初级中学", ()),
]
# How each school zipped its folder (see make_rar): Explorer on Chinese Windows, or 7-Zip.
ZIPPED_BY = {S_CENTRAL: "explorer", S_MIDDLE: "7zip-deflate64", S_DONGGUAN: "explorer", S_BRANCH: "7zip"}


def spec() -> SubmissionSpec:
    F = FileSpec
    c, m, d, b = S_CENTRAL, S_MIDDLE, S_DONGGUAN, S_BRANCH
    files = [
        # 青云街道中心小学: tidy, numbered folders; complete
        F(f"{c}/1.1十二项教育惠民制度/制度文件.pdf", "pdf", 101, "1.1", c),
        F(f"{c}/1.1十二项教育惠民制度/制度上墙.jpg", "jpeg", 102, "1.1", c),
        F(f"{c}/1.2一把手负责制/考核办法.pdf", "pdf", 103, "1.2", c),
        F(f"{c}/1.4实施进程/实施进程台账.pdf", "pdf", 104, "1.4", c),
        F(f"{c}/1.4实施进程/公示照片.jpg", "jpeg", 105, "1.4", c),
        F(f"{c}/1.5宣传活动/宣传活动照片.jpg", "jpeg", 106, "1.5", c),
        F(f"{c}/1.7沟通桥/沟通桥机制.pdf", "pdf", 107, "1.7", c),
        # 青云街道初级中学: a Word file where a PDF is needed; no 1.4 photo
        F(f"{m}/1-1 十二项制度/十二项制度.pdf", "pdf", 201, "1.1", m),
        F(f"{m}/1-1 十二项制度/制度上墙照片.jpg", "jpeg", 202, "1.1", m),
        F(f"{m}/1-2 一把手/考核办法.docx", "docx", 203, "1.2", m, ("file.format_not_accepted",)),
        F(f"{m}/1-4 台账/台账.pdf", "pdf", 204, "1.4", m),
        F(f"{m}/1-5 宣传/明白纸发放.jpg", "jpeg", 205, "1.5", m),
        F(f"{m}/1-7 沟通桥/家校沟通机制.pdf", "pdf", 206, "1.7", m),
        # 东关小学: 1.1 named only by its keyword, a traditional-character folder for 1.4
        F(f"{d}/十二项制度.pdf", "pdf", 301, "1.1", d),
        F(f"{d}/制度上墙.jpg", "jpeg", 302, "1.1", d),
        F(f"{d}/一、4 實施進程/台賬.pdf", "pdf", 303, "1.4", d),
        F(f"{d}/一、4 實施進程/公示.jpg", "jpeg", 304, "1.4", d),
        F(f"{d}/1.7 沟通桥/沟通桥.pdf", "pdf", 305, "1.7", d),
        # 东关小学分校: its files must never count for 东关小学; only 1.1 and 1.2
        F(f"{b}/1.1 制度/东关小学分校制度文件.pdf", "pdf", 401, "1.1", b),
        F(f"{b}/1.1 制度/东关小学分校制度上墙.jpg", "jpeg", 402, "1.1", b),
        F(f"{b}/1.2 一把手/东关小学分校考核办法.pdf", "pdf", 403, "1.2", b),
        # the unit's own folders, plain in the RAR
        F("1.3 领导小组/青云街道教管办关于成立领导小组的通知.pdf", "pdf", 501, "1.3", None),
        F("1.6 特色校/特色校评选结果.pdf", "pdf", 502, "1.6", None),
        F("3.1 媒体报道/2020.10.15潍坊日报-青云街道教管办.jpg", "jpeg", 503, "3.1", None),
    ]
    return SubmissionSpec(UNIT, list(SCHOOLS), list(ROSTER), files)


def build_folder(root: Path) -> Path:
    """The unpacked submission: ``root/青云街道教管办/…`` (root must not hold it yet)."""
    return build_submission(root / UNIT, spec())


def clean_roster_csv(path: Path) -> Path:
    path.write_bytes(roster_csv(ROSTER))
    return path


def office_roster_xlsx(path: Path) -> Path:
    """The roster as the 教管办's clerk keeps it in Excel."""
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "请按学校全称填写，简称之间用顿号分隔。"
    sheet = wb.create_sheet("花名册")
    sheet["A1"] = "2020年青云街道、白沙镇学校花名册"
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "单位名称", "学校名称", "简称", "联系人"])
    row = 3
    for unit in (UNIT, OTHER_UNIT):
        rows = [r for r in ROSTER if r.unit == unit]
        first = row
        for n, r in enumerate(rows):
            sheet.cell(row, 1, row - 2)
            if n == 0:
                sheet.cell(row, 2, unit)
            sheet.cell(row, 3, r.name)
            sheet.cell(row, 4, "、".join(r.aliases))
            sheet.cell(row, 5, "王老师")
            row += 1
        sheet.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    # the last school pasted twice, as happens when two clerks' lists are combined
    for col in range(1, 6):
        sheet.cell(row, col, sheet.cell(row - 1, col).value)
    sheet.cell(row, 2, OTHER_UNIT)
    wb.save(path)
    return path


def make_rar(out_dir: Path) -> Path:
    """Write ``out_dir/青云街道教管办.rar`` with the real rar and 7z tools (the fixture's recipe)."""
    from tests.realistic import zip_like_chinese_windows

    for tool in ("rar", "7z"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed to make the fixture")
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_folder(Path(tmp) / "src")
        stage = Path(tmp) / "stage" / UNIT
        stage.mkdir(parents=True)
        for school in SCHOOLS:
            target = stage / f"{school}.zip"
            how = ZIPPED_BY[school]
            if how == "explorer":
                zip_like_chinese_windows(folder / school, target, with_top_folder=True)
            else:
                method = ["-mm=Deflate64"] if how == "7zip-deflate64" else []
                subprocess.run(
                    ["7z", "a", "-tzip", *method, "-bd", "-bso0", str(target), school],
                    cwd=folder,
                    check=True,
                )
        for unit_dir in folder.iterdir():
            if unit_dir.name not in SCHOOLS:
                shutil.copytree(unit_dir, stage / unit_dir.name)
        rar = out_dir.resolve() / f"{UNIT}.rar"
        rar.unlink(missing_ok=True)
        subprocess.run(["rar", "a", "-r", "-idq", "-tl", str(rar), UNIT], cwd=stage.parent, check=True)
    return rar


if __name__ == "__main__":
    print(make_rar(Path(sys.argv[1])))
