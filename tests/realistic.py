"""Messy but realistic submissions, generated from a seed, with the results a correct check gives.

A :class:`Variant` picks the unit (a 教管办 with several schools, or a 市直学校), the folder naming
styles, the school naming styles and a set of planted defects.  :func:`make_spec` turns it into an
:class:`app.demo.SubmissionSpec` whose files carry the truth (indicator, school, expected finding
codes); :func:`app.demo.expected_gaps` derives the gaps from that truth and the rubric's evidence
table.  :func:`zip_like_chinese_windows` packs a folder the way Explorer on Chinese Windows does:
names in GB18030 without the UTF-8 flag.

Run ``python -m tests.realistic OUTDIR [SEED]`` to write one case to look at by hand.
"""

from __future__ import annotations

import random
import struct
import sys
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from app.demo import DEMO_ROSTER, FileSpec, RosterSchool, SubmissionSpec, build_submission, roster_csv
from app.rubric import Rubric, load_rubric

UNIT = "潍城区教管办"
# (full name, aliases, the full name with one character mistyped)
POOL: list[tuple[str, tuple[str, ...], str]] = [
    ("潍坊市潍城区北关小学", ("北关小学",), "潍坊市潍城区北官小学"),
    ("潍坊市潍城区望留中学", ("望留中学", "望留初中"), "潍坊市潍城区旺留中学"),
    ("潍坊市潍城区于河小学", ("于河小学",), "潍坊市潍城区于和小学"),
    ("潍坊市潍城区南关街道中心小学", ("南关中心小学",), "潍坊市潍城区南关街道中兴小学"),
    ("潍坊市潍城区西关实验学校", ("西关实验学校",), "潍坊市潍城区西官实验学校"),
    ("潍坊市潍城区乐埠山小学", ("乐埠山小学",), "潍坊市潍城区乐阜山小学"),
    ("潍坊市潍城区符山中学", ("符山中学",), "潍坊市潍城区付山中学"),
]
CITY_SCHOOL = ("潍坊市第七中学", ("潍坊七中",), "潍坊市弟七中学")
OTHER_CITY_SCHOOL = "潍坊市特殊教育学校"

# Indicator folder names as clerks write them: codes in many spellings, keywords only.
FOLDERS: dict[str, list[str]] = {
    "1.1": [
        "1.1 十二项教育惠民制度制定实施",
        "1-1十二项制度制定实施",
        "一、1 惠民制度",
        "第1项 制度上墙",
        "制度上墙",
    ],
    "1.2": ["1.2 建立一把手负责制度", "1-2一把手负责制", "一、2 一把手", "（二）考核办法", "一把手负责制"],
    "1.3": ["1.3 领导小组", "1-3成立领导小组", "一、3 领导小组", "第3项 领导小组", "领导小组"],
    "1.4": ["1.4 实施进程", "1-4计划台账", "（四）台账", "一、4 台帐", "台账"],
    "1.5": ["1.5 专题宣传活动", "1-5宣传活动", "第5项 宣传活动", "（五）专题宣传", "专题宣传活动"],
    "1.6": ["1.6 特色校", "1-6特色学校", "一、6 特色校", "特色校案例"],
    "1.7": ["1.7 家校沟通桥", "1-7沟通桥", "1.7.家校沟通桥", "（七）沟通桥", "家校沟通桥"],
    "3.1": ["3.1 媒体报道", "3-1报刊报道", "三、1 媒体报道"],
    "3.2": ["3.2 表彰推广", "3-2简报", "表彰推广转发"],
    "3.3": ["3.3 宣传周", "3-3宣传周", "宣传周活动"],
}
SECTION_FOLDERS = {"1": "一、主要惠民服务工作目标任务", "3": "三、宣传推广"}
# What the file is about, per (indicator, kind); never a school-like word.
DESCS: dict[tuple[str, str], list[str]] = {
    ("1.1", "pdf"): ["十二项教育惠民制度文件", "惠民制度发布文件"],
    ("1.1", "image"): ["制度上墙", "制度上墙照片"],
    ("1.2", "pdf"): ["一把手负责制考核办法", "考核方案"],
    ("1.3", "pdf"): ["关于成立教育惠民服务工作领导小组的通知"],
    ("1.4", "pdf"): ["实施进程计划台账", "台账"],
    ("1.4", "image"): ["公示图片", "计划图公示"],
    ("1.5", "pdf"): ["专题宣传活动方案"],
    ("1.5", "image"): ["宣传活动照片", "明白纸发放"],
    ("1.6", "pdf"): ["惠民服务特色校案例"],
    ("1.7", "pdf"): ["沟通桥机制及清单", "家校沟通机制"],
    ("3.2", "pdf"): ["表彰通报", "会议简报"],
    ("3.3", "pdf"): ["宣传周推广方案"],
    ("3.3", "image"): ["宣传周活动照片"],
}
DATE_STYLES = [("2020.10.15", "2020-10-15"), ("20201103", "2020-11-03"), ("2020-09-08", "2020-09-08"),
               ("2020年12月1日", "2020-12-01")]  # fmt: skip
PAPERS = ["潍坊日报", "潍坊晚报", "大众日报", "中国教育报"]
DEFECTS = ["missing", "docx", "jpeg_as_pdf", "encrypted", "empty", "truncated", "heic", "img_name",
           "fuzzy", "dup", "png_as_jpg", "unit_missing", "no_date", "nested_zip", "same_school_copy"]  # fmt: skip


@dataclass(frozen=True)
class Variant:
    seed: int
    city_school: bool = False  # a 市直学校 checking itself, instead of a 教管办
    section_folders: bool = False  # indicator folders inside 一、…/三、… section folders
    loose_files: bool = False  # a few files at the top level with the code in their name
    roster_encoding: str = "utf-8-sig"  # or "gb18030", as Excel saves CSV on Chinese Windows
    blank_school_row: bool = False  # the 市直学校's roster row leaves 学校 blank
    defects: tuple[str, ...] = tuple(DEFECTS)


@dataclass
class Case:
    folder: Path
    roster: Path
    unit: str
    spec: SubmissionSpec


def _roster(v: Variant, unit: str, schools: list[tuple[str, tuple[str, ...], str]]) -> list[RosterSchool]:
    rows = [RosterSchool(unit, s, a) for s, a, _ in schools]
    if v.city_school and v.blank_school_row:
        rows = [RosterSchool(unit, "", schools[0][1])]
    rows += [r for r in DEMO_ROSTER if r.unit == "奎文区教管办"]
    rows.append(RosterSchool(OTHER_CITY_SCHOOL, OTHER_CITY_SCHOOL, ("市特教学校",)))
    return rows


def make_spec(v: Variant, rubric: Rubric | None = None) -> SubmissionSpec:
    rubric = rubric or load_rubric()
    rng = random.Random(v.seed)
    if v.city_school:
        unit, schools = CITY_SCHOOL[0], [CITY_SCHOOL]
    else:
        unit, schools = UNIT, rng.sample(POOL, rng.randint(3, 5))
    names = {s: (a, t) for s, a, t in schools}
    files: list[FileSpec] = []
    folders: dict[str, str] = {}
    seed = v.seed * 1000
    for ind in rubric.evidence_indicators:
        ev = ind.evidence
        assert ev is not None
        folder = rng.choice(FOLDERS[ind.code])
        if v.section_folders:
            folder = f"{SECTION_FOLDERS[ind.section]}/{folder}"
        folders[ind.code] = folder
        if not ev.required and rng.random() < 0.3:
            continue  # optional evidence left out: no gap
        if ind.code == "3.1":
            for n in range(rng.randint(1, 2)):
                text, iso = DATE_STYLES[(v.seed + n) % len(DATE_STYLES)]
                seed += 1
                name = f"{text}{PAPERS[(v.seed + n) % len(PAPERS)]}-{unit}.jpg"
                files.append(FileSpec(f"{folder}/{name}", "jpeg", seed, "3.1", check_school=False, date=iso))
            continue
        if ev.scope == "unit":
            for part in ev.parts:
                kind = rng.choice(part.kinds)
                desc = rng.choice(DESCS[(ind.code, kind)])
                name = rng.choice([f"{unit}{desc}", desc])
                seed += 1
                ext = "pdf" if kind == "pdf" else "jpg"
                content = "pdf" if kind == "pdf" else "jpeg"
                files.append(FileSpec(f"{folder}/{name}.{ext}", content, seed, ind.code, check_school=False))
            continue
        per_school_folders = rng.random() < 0.25
        for full, (aliases, _typo) in names.items():
            for part in ev.parts:
                kind = rng.choice(part.kinds)
                for n in range(1 if kind == "pdf" else rng.randint(1, 2)):
                    desc = rng.choice(DESCS[(ind.code, kind)]) + (str(n + 1) if n else "")
                    # upper-case extensions are common: phones write .JPG, scanners .PDF
                    ext = (
                        rng.choice(["pdf", "pdf", "PDF"])
                        if kind == "pdf"
                        else rng.choice(["jpg", "JPG", "jpeg", "png"])
                    )
                    content = "pdf" if kind == "pdf" else ("png" if ext == "png" else "jpeg")
                    who = rng.choice([full, *aliases])
                    if per_school_folders:
                        path = f"{folder}/{who}/{desc}.{ext}"
                    else:
                        stem = rng.choice([f"{who}{desc}", f"{desc}（{who}）", f"{who}-{desc}"])
                        path = f"{folder}/{stem}.{ext}"
                    seed += 1
                    files.append(FileSpec(path, content, seed, ind.code, full))
    files = _plant_defects(v, rng, files, names, unit, folders)
    if v.loose_files:
        files = _loosen(rng, files, names)
    files += [
        FileSpec(
            "汇总表.xlsx",
            "xlsx",
            v.seed,
            None,
            None,
            ("file.unassigned",),
            "顶层多余的汇总表",
            check_school=False,
        ),
        FileSpec(".DS_Store", "ds_store", problem="系统文件"),
        FileSpec(f"{folders['1.1']}/Thumbs.db", "thumbs", problem="系统文件"),
        FileSpec(f"{folders['1.2']}/~$考核办法.docx", "office_lock", problem="Office 锁文件"),
    ]
    return SubmissionSpec(unit, list(names), _roster(v, unit, schools), files)


def _plant_defects(
    v: Variant, rng: random.Random, files: list[FileSpec], names: dict, unit: str, folders: dict[str, str]
) -> list[FileSpec]:
    """Spoil some well-formed files, each defect on a different file; returns the new list."""
    used: set[int] = set()
    out: list[FileSpec | None] = list(files)

    def pick(ok: object) -> int | None:
        choices = [i for i, f in enumerate(out) if f and i not in used and ok(f)]  # type: ignore[operator]
        if not choices:
            return None
        i = rng.choice(choices)
        used.add(i)
        return i

    def school_file(kinds: tuple[str, ...]) -> object:
        return lambda f: f.school and f.content in kinds and not f.codes

    def stem_ext(path: str) -> tuple[str, str]:
        return path.rsplit(".", 1)[0], path.rsplit(".", 1)[1]

    for defect in v.defects:
        if defect == "missing" and (i := pick(school_file(("pdf", "jpeg", "png")))) is not None:
            out[i] = None
        elif defect == "docx" and (i := pick(school_file(("pdf",)))) is not None:
            f = out[i]
            out[i] = replace(f, path=stem_ext(f.path)[0] + ".docx", content="docx", codes=("file.format_not_accepted",), problem="要求 PDF，交了 Word")  # fmt: skip
        elif defect == "jpeg_as_pdf" and (i := pick(school_file(("pdf",)))) is not None:
            f = out[i]
            codes = ("file.extension_mismatch",) + (() if f.indicator in ("1.1", "1.4", "1.5") else ("file.format_not_accepted",))  # fmt: skip
            out[i] = replace(f, content="jpeg_as_pdf", codes=codes, problem="JPEG 改扩展名为 .pdf")
        elif defect == "encrypted" and (i := pick(school_file(("pdf",)))) is not None:
            out[i] = replace(out[i], content="encrypted_pdf", codes=("file.encrypted",), problem="加密 PDF")
        elif defect == "empty" and (i := pick(school_file(("pdf", "jpeg")))) is not None:
            out[i] = replace(out[i], content="empty", codes=("file.empty",), problem="0 字节")
        elif defect == "truncated" and (i := pick(school_file(("jpeg",)))) is not None:
            out[i] = replace(
                out[i], content="truncated_jpeg", codes=("file.unreadable",), problem="照片被截断"
            )
        elif defect == "heic" and (i := pick(school_file(("jpeg",)))) is not None:
            f = out[i]
            out[i] = replace(f, path=stem_ext(f.path)[0] + ".HEIC", content="heic", codes=("file.format_not_accepted",), problem="苹果手机 HEIC 照片")  # fmt: skip
        elif defect == "img_name" and (i := pick(school_file(("jpeg",)))) is not None:
            f = out[i]
            folder = folders[f.indicator]  # directly in the indicator folder: no school subfolder
            name = f"IMG_202010{10 + i % 20}_09{i % 60:02d}12.jpg"
            # a 市直学校 is its own only school: the photo still belongs to it (but is badly named)
            school = f.school if v.city_school else None
            out[i] = replace(f, path=f"{folder}/{name}", school=school, codes=("name.missing_unit",), problem="手机照片原名")  # fmt: skip
        elif defect == "fuzzy":
            ok = school_file(("pdf",))
            i = pick(
                lambda f, ok=ok: ok(f) and f.school in f.path.rsplit("/", 1)[-1]
            )  # full name in the name
            if i is not None:
                f = out[i]
                typo = names[f.school][1]
                out[i] = replace(f, path=f.path.replace(f.school, typo), codes=("name.fuzzy_match",), problem="校名错一个字")  # fmt: skip
        elif defect == "dup":
            _plant_dup(out, used, rng)
        elif defect == "png_as_jpg" and (i := pick(school_file(("png",)))) is not None:
            f = out[i]
            out[i] = replace(f, path=stem_ext(f.path)[0] + ".jpg", content="png_as_jpg", codes=("file.extension_mismatch",), problem="PNG 存成 .jpg")  # fmt: skip
        elif defect == "nested_zip" and (i := pick(school_file(("jpeg", "pdf")))) is not None:
            f = out[i]
            # .tar.gz: zip/RAR/7z inside are now read as folders (issue 11), which needs the classifier to
            # read "x.zip/" segments; until then the defect plants a format that is still only reported.
            out[i] = replace(f, path=stem_ext(f.path)[0] + ".tar.gz", content="zip", codes=("file.nested_archive",), problem="照片又打了个压缩包")  # fmt: skip
        elif defect == "same_school_copy" and (i := pick(school_file(("jpeg",)))) is not None:
            f = out[i]  # Explorer's copy of a photo, for the same school: not a duplicate across schools
            out.append(replace(f, path=f"{stem_ext(f.path)[0]} - 副本.{stem_ext(f.path)[1]}", same_as=f.path))
            used.add(len(out) - 1)
        elif defect == "unit_missing":
            for j, f in enumerate(out):
                if f and f.indicator == "1.6":
                    out[j] = None
        elif defect == "no_date":
            for j, f in enumerate(out):
                if f and f.indicator == "3.1" and j not in used:
                    used.add(j)
                    paper = PAPERS[j % len(PAPERS)]
                    folder = f.path.rsplit("/", 1)[0]
                    out[j] = replace(f, path=f"{folder}/{paper}报道-{unit}.jpg", date=None, codes=("name.missing_date",), problem="报刊照片无日期")  # fmt: skip
                    break
    return [f for f in out if f is not None]


def _plant_dup(out: list[FileSpec | None], used: set[int], rng: random.Random) -> None:
    """One photo reused for two schools in the same indicator: both carry dup.exact."""
    photos = [i for i, f in enumerate(out) if f and i not in used and f.content == "jpeg" and f.school]
    rng.shuffle(photos)
    for a in photos:
        fa = out[a]
        for b in photos:
            fb = out[b]
            if fa and fb and fb.indicator == fa.indicator and fb.school != fa.school:
                used.update((a, b))
                out[a] = replace(fa, codes=("dup.exact",), problem="与另一学校的照片完全相同")
                out[b] = replace(fb, same_as=fa.path, codes=("dup.exact",), problem="照片用于两所学校")
                # a copy must come after its original when writing
                if b < a:
                    out[a], out[b] = out[b], out[a]
                return


def _loosen(rng: random.Random, files: list[FileSpec], names: dict) -> list[FileSpec]:
    """Move two well-formed, school-named files to the top level with the code in the name."""
    copied = {f.same_as for f in files if f.same_as}  # an original must keep its path for its copy
    movable = [
        i
        for i, f in enumerate(files)
        if f.school
        and not f.codes
        and f.school in f.path.rsplit("/", 1)[-1]
        and not f.same_as
        and f.path not in copied
    ]
    for i in rng.sample(movable, min(2, len(movable))):
        f = files[i]
        files[i] = replace(f, path=f"{f.indicator} {f.path.rsplit('/', 1)[-1]}")
    return files


def write_case(root: Path, v: Variant, rubric: Rubric | None = None) -> Case:
    """Write the submission (as ``root/<unit>``) and the roster (``root/roster.csv``)."""
    spec = make_spec(v, rubric)
    folder = build_submission(root / spec.unit, spec)
    roster = root / "roster.csv"
    roster.write_bytes(roster_csv(spec.roster, v.roster_encoding))
    return Case(folder, roster, spec.unit, spec)


# ── zips as Explorer on Chinese Windows writes them ─────────────────────────────────────────

_DOS_TIME, _DOS_DATE = (9 << 11) | (30 << 5), ((2020 - 1980) << 9) | (10 << 5) | 15


def zip_like_chinese_windows(
    folder: Path, out: Path, with_top_folder: bool = True, extra: tuple[tuple[str, bytes], ...] = ()
) -> Path:
    """Zip ``folder`` with names in GB18030 and no UTF-8 flag (bit 11 clear), deflated.

    Written by hand: Python's zipfile always sets the UTF-8 flag on non-ASCII names.
    Directory entries are included, as Explorer does; ``extra`` entries (name, bytes) are
    appended as given, e.g. a ``../`` name to plant an unsafe entry.
    """
    prefix = f"{folder.name}/" if with_top_folder else ""
    entries: list[tuple[str, bytes | None]] = [(prefix, None)] if prefix else []
    for p in sorted(folder.rglob("*")):
        rel = prefix + p.relative_to(folder).as_posix()
        entries.append((rel + "/", None) if p.is_dir() else (rel, p.read_bytes()))
    entries += extra
    body, central = bytearray(), bytearray()
    for name, data in entries:
        raw_name = name.encode("gb18030")
        raw = data or b""
        packed = raw if data is None else _deflate(raw)
        method = 0 if data is None else 8
        crc = zlib.crc32(raw)
        offset = len(body)
        head = (0x04034B50, 20, 0, method, _DOS_TIME, _DOS_DATE, crc, len(packed), len(raw), len(raw_name), 0)
        body += struct.pack("<IHHHHHIIIHH", *head) + raw_name + packed
        attrs = 0x10 if data is None else 0x20  # MS-DOS directory / archive attribute
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, method, _DOS_TIME, _DOS_DATE, crc, len(packed), len(raw),
            len(raw_name), 0, 0, 0, 0, attrs, offset,
        ) + raw_name  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(body + central + end))
    return out


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    case = write_case(target, Variant(int(sys.argv[2]) if len(sys.argv) > 2 else 1))
    zip_like_chinese_windows(case.folder, target / f"{case.unit}.zip")
    print(f"写入 {case.folder}、{case.roster} 和 {target / (case.unit + '.zip')}")
