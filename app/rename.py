"""Propose canonical names for a submission's files, and move misplaced files into their folder.

A canonical name is ``<指标编号> <学校全称>-<原名中的描述>.<实际格式>``, e.g.
``1.2 潍坊市奎文区实验小学-考核办法.pdf``; for time+unit items
``3.1 2020.10.15潍坊日报-奎文区教管办.jpg``; for unit-level items ``1.3 <原名>``.
Where the check learned the indicator from the file name rather than the folder, the file moves
into that indicator's folder (an existing one, else ``1.1 十二项教育惠民制度制定实施``).

Which indicator and school a file belongs to is the checker's decision (app.classify via
app.check); this module only turns that decision into names.  Names are valid on Windows and
short enough for deep Windows paths; nothing is ever overwritten.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from app.check import drain, run_check
from app.classify import IndicatorMatcher, normalize
from app.cntext import CN_NUMERALS, cn_number
from app.discover import is_junk_name
from app.formats import RENAME_EXTENSIONS
from app.journal import Journal, Op
from app.model import FileRecord, Report
from app.roster import Roster, School
from app.rubric import Indicator, Rubric

MAX_COMPONENT = 80  # characters in one name: 240 bytes of UTF-8 Chinese, under every disk's 255
MAX_RELPATH = 200  # characters below the submission folder, leaving room for where it is unpacked
_INVALID = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}
_CN = CN_NUMERALS
_LEADING_CODE = re.compile(
    rf"^\s*(?:(?P<a>\d{{1,2}})\s*[.．\-—_、]\s*(?P<b>\d{{1,2}})(?!\d)\.?"
    rf"|(?P<s>[{_CN}])\s*[、.．]\s*(?P<c>\d{{1,2}})(?!\d)"
    rf"|[（(]\s*(?P<p>[{_CN}]{{1,2}}|\d{{1,2}})\s*[)）]"
    rf"|第\s*(?P<n>[{_CN}]{{1,2}}|\d{{1,2}})\s*[项条])\s*"
)
_DATE_TEXT = re.compile(
    r"(20\d{2})\s*[.．\-/_年]\s*(\d{1,2})\s*[.．\-/_月]\s*(\d{1,2})\s*日?|(20\d{2})(\d{2})(\d{2})(?!\d)"
)


@dataclass(frozen=True)
class Rename:
    src: str
    dst: str
    reasons: tuple[str, ...]
    size: int


@dataclass
class RenamePlan:
    root: Path
    unit: str | None
    renames: list[Rename] = field(default_factory=list)
    mkdirs: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (path, why it stays as it is)

    def subset(self, sources: set[str]) -> RenamePlan:
        """Only the renames of ``sources`` (the rows a clerk ticked), with the folders they need."""
        renames = [r for r in self.renames if r.src in sources]
        needed = {r.dst.rsplit("/", 1)[0] for r in renames if "/" in r.dst}
        mkdirs = [d for d in self.mkdirs if any(n == d or n.startswith(d + "/") for n in needed)]
        return RenamePlan(self.root, self.unit, renames, mkdirs, list(self.kept))

    def journal(self) -> Journal:
        ops = [Op("mkdir", path=d) for d in self.mkdirs]
        ops += [Op("move", src=r.src, dst=r.dst, size=r.size) for r in self.renames]
        return Journal(str(self.root), "rename", ops)


def safe_component(name: str, limit: int = MAX_COMPONENT) -> str:
    """``name`` made valid as one Windows file or folder name, at most ``limit`` characters."""
    name = _INVALID.sub("_", name).strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 5 or not stem:
        stem, ext = name, ""
    ext = f".{ext}" if ext else ""
    stem = stem[: max(1, limit - len(ext))].rstrip(" .")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem}_"
    return (stem or "_") + ext


def indicator_folder_name(ind: Indicator) -> str:
    """The canonical folder of an indicator, e.g. ``1.1 十二项教育惠民制度制定实施``."""
    return safe_component(f"{ind.code} {ind.title}")


def _strip_code(text: str, ind: Indicator) -> str:
    """``text`` without a leading code spelling that names ``ind`` (other numbers are kept)."""
    m = _LEADING_CODE.match(text)
    if not m:
        return text
    section, item = ind.code.split(".")
    if m["a"]:
        same = (m["a"], str(int(m["b"]))) == (section, item)
    elif m["s"]:
        same = (str(cn_number(m["s"])), str(int(m["c"]))) == (section, item)
    else:
        number = m["p"] or m["n"]
        same = str(number if number.isdigit() else cn_number(number)) == item
    return text[m.end() :] if same else text


def _remove(text: str, words: list[str]) -> str:
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        text = text.replace(w, " ")
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"[（(【\[]\s*[)）】\]]", " ", text)  # brackets left empty by removals
    text = re.sub(r"[\s\-—_·,，、]+", "-", text)
    return text.strip("-")


def _without_fuzzy(text: str, matched: str) -> str:
    """Remove the mistyped school name that the checker matched to ``matched``."""
    hit = fuzz.partial_ratio_alignment(matched, text)
    if hit is None or hit.score < 70:
        return text
    return text[: hit.dest_start] + " " + text[hit.dest_end :]


def _date_dots(iso: str) -> str:
    return iso.replace("-", ".")


def _without_date(text: str, iso: str) -> str:
    for m in _DATE_TEXT.finditer(text):
        y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        if f"{int(y):04d}-{int(mo):02d}-{int(d):02d}" == iso:
            return text[: m.start()] + " " + text[m.end() :]
    return text


def _extension(name: str, detected: str) -> tuple[str, str | None]:
    """(the extension to use, a reason if it changed to match the content)."""
    dot = name.rfind(".")
    ext = name[dot:] if dot > 0 else ""
    allowed = RENAME_EXTENSIONS.get(detected)
    if not allowed or ext.lower() in allowed:
        return ext, None
    return allowed[0], f"扩展名改为 {allowed[0]}（内容实为 {detected.upper()}）"


class _Namer:
    def __init__(self, rubric: Rubric, report: Report, schools: list[School]) -> None:
        self.rubric, self.report = rubric, report
        self.unit = report.unit or ""
        self.names = {s.name: list(s.names) for s in schools}

    def stem_for(self, rec: FileRecord, ind: Indicator) -> tuple[str | None, list[str]]:
        """The canonical stem, or None to keep the name; and why."""
        assert ind.evidence is not None
        original = rec.name.rsplit(".", 1)[0] if "." in rec.name[1:] else rec.name
        text = _strip_code(original, ind)
        auto = rec.auto
        naming = ind.evidence.naming
        why: list[str] = [] if original.startswith(ind.code) else ["加上指标编号"]
        if naming == "time_unit":
            if not rec.date:
                return None, ["文件名中没有日期，请手工补上见报日期，如“2020.10.15潍坊日报-单位.jpg”"]
            rest = _tidy(_remove(_without_date(text, rec.date), [self.unit]))
            return f"{ind.code} {_date_dots(rec.date)}{rest}-{self.unit}", ["按“时间+单位”命名"]
        if naming == "none":
            return f"{ind.code} {_tidy(text) or ind.title}", why
        if rec.school:
            if rec.school not in original:
                why.append("学校写为花名册全称")
            words = [*self.names.get(rec.school, [rec.school]), self.unit]
            if auto is not None and auto.fuzzy is not None:
                text = _without_fuzzy(text, auto.fuzzy.matched)
                why = [w for w in why if w != "学校写为花名册全称"] + [f"错写的校名改为“{rec.school}”"]
            rest = _tidy(_remove(text, words))
            return (f"{ind.code} {rec.school}-{rest}" if rest else f"{ind.code} {rec.school}"), why
        if auto is not None and auto.unit_named and self.unit:
            rest = _tidy(_remove(text, [self.unit]))
            return (f"{ind.code} {self.unit}-{rest}" if rest else f"{ind.code} {self.unit}"), why
        return None, ["看不出是哪所学校，请手工在文件名中写上学校全称"]


def _indicator_dirs(root: Path, matcher: IndicatorMatcher) -> dict[str, str]:
    """Existing folders that name an indicator: code → the shallowest such folder."""
    found: dict[str, str] = {}
    dirs = sorted(
        (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()),
        key=lambda r: (r.count("/"), r),
    )
    for rel in dirs:
        if any(is_junk_name(part) for part in rel.split("/")):
            continue
        code, _ = matcher.match([normalize(p) for p in rel.split("/")], "")
        if code and code not in found:
            found[code] = rel
    return found


def plan_renames(
    folder: Path,
    rubric: Rubric,
    roster: Roster | None = None,
    unit: str | None = None,
    report: Report | None = None,
) -> RenamePlan:
    """What rename would do to ``folder`` (a folder, not a zip); changes nothing."""
    folder = Path(os.path.abspath(folder))
    if report is None:
        report = drain(run_check(folder, rubric=rubric, roster=roster, unit=unit))
    schools = roster.schools_of(report.unit) if roster and report.unit else []
    schools = schools or [School(s, report.unit or "") for s in report.schools]
    namer = _Namer(rubric, report, schools)
    matcher = IndicatorMatcher(rubric)
    dirs = _indicator_dirs(folder, matcher)
    plan = RenamePlan(folder, report.unit)
    taken = {p.relative_to(folder).as_posix().lower() for p in folder.rglob("*")}
    for rec in report.files:
        _plan_one(plan, rec, rubric, namer, matcher, dirs, taken)
    return plan


def _plan_one(
    plan: RenamePlan,
    rec: FileRecord,
    rubric: Rubric,
    namer: _Namer,
    matcher: IndicatorMatcher,
    dirs: dict[str, str],
    taken: set[str],
) -> None:
    if rec.detected == "refused" or not (plan.root / rec.path).is_file():
        plan.kept.append((rec.path, "无法访问，未改动"))
        return
    parent = rec.path.rsplit("/", 1)[0] if "/" in rec.path else ""
    ind = rubric.get(rec.indicator)
    ext, ext_why = _extension(rec.name, rec.detected)
    reasons = [ext_why] if ext_why else []
    stem: str | None = None
    target_dir = parent
    if ind is None or ind.evidence is None:
        plan.kept.append(
            (rec.path, "无法判断属于哪个指标，请手工放入对应文件夹" if ind is None else "该指标不需提供材料")
        )
    else:
        stem, why = namer.stem_for(rec, ind)
        if stem is None:
            plan.kept.append((rec.path, why[0]))
        else:
            reasons += why
        folder_code, _ = matcher.match([normalize(p) for p in parent.split("/")] if parent else [], "")
        if folder_code != ind.code:
            if ind.code not in dirs:
                dirs[ind.code] = indicator_folder_name(ind)
                plan.mkdirs.append(dirs[ind.code])
                taken.add(dirs[ind.code].lower())
            target_dir = dirs[ind.code]
            reasons.append(f"移入指标文件夹“{target_dir}”")
    if stem is None:
        stem = rec.name.rsplit(".", 1)[0] if "." in rec.name[1:] else rec.name
    new_name = _fit(stem, ext, target_dir)
    if new_name != rec.name and not reasons:
        reasons.append("统一命名" if _INVALID.sub("", rec.name) == rec.name else "去掉 Windows 不允许的字符")
    dst = f"{target_dir}/{new_name}" if target_dir else new_name
    if dst == rec.path:
        return
    dst = _unique(dst, taken)
    if dst.lower() == rec.path.lower():
        return  # a case-only change is not worth a rename (and fails on Windows disks)
    taken.add(dst.lower())
    plan.renames.append(Rename(rec.path, dst, tuple(reasons), rec.size))


def _fit(stem: str, ext: str, target_dir: str) -> str:
    room = min(MAX_COMPONENT, MAX_RELPATH - len(target_dir) - 1)
    return safe_component(stem + ext, max(room, 12))


def _unique(rel: str, taken: set[str]) -> str:
    if rel.lower() not in taken:
        return rel
    head, _, name = rel.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem}（{n}）" + (f".{ext}" if ext else "")
        full = f"{head}/{candidate}" if head else candidate
        if full.lower() not in taken:
            return full
        n += 1
