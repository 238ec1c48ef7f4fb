"""Classify a file by its path: which indicator, which school, which date.

The folder names decide the indicator first (the deepest folder that names one), then the file
name; keywords from the rubric are the fallback.  The school comes from the file name first, then
from the folders (per-school subfolders), by full name, alias, or a close match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from app.names import CodeHint, code_hint, find_date, stem
from app.roster import School
from app.rubric import Rubric

FUZZY_CUTOFF = 80.0
_NOISE = re.compile(r"[\d\s_\-—.．、,，()（）\[\]【】《》“”\"'+＋]+")
# A school-like name in a file or folder name, for learning schools when there is no roster.
_SCHOOL_LIKE = re.compile(
    r"([\u4e00-\u9fa5]{2,14}?(?:实验学校|中心小学|中心校|小学|初级中学|中学|学校|幼儿园|学院))"
)
_SCHOOL_PREFIX_NOISE = re.compile(r"^.*?(?:[的和与及在]|关于|材料|照片|图片|文件)")


def normalize(text: str) -> str:
    """NFC (macOS zips store NFD), full-width to half-width, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class SchoolHit:
    school: str  # full roster name, or the unit's name when how == "unit"
    how: str  # "name" | "alias" | "fuzzy" | "unit"
    matched: str  # the roster name or alias that matched
    score: float = 100.0
    seen: str = ""  # the name segment it was found in


@dataclass
class Classification:
    indicator: str | None = None
    school: str | None = None
    date: str | None = None
    named: bool = False  # the file name itself names the school or the unit
    unit_named: bool = False  # it names the unit (教管办), not a school
    folder_named: bool = False  # a folder names the school (a per-school subfolder)
    fuzzy: SchoolHit | None = None  # set when the school was chosen by a close match
    how: dict[str, str] = field(default_factory=dict)


class IndicatorMatcher:
    """Indicator codes and keywords, from the rubric data."""

    def __init__(self, rubric: Rubric) -> None:
        self.valid = {i.code for i in rubric.indicators}
        self.keywords = [(kw, i.code) for i in rubric.indicators for kw in i.keywords]

    def _keyword(self, segment: str) -> tuple[str, str] | None:
        """The indicator whose longest keyword occurs in ``segment``; None when two tie."""
        best: list[tuple[int, str, str]] = []
        for kw, code in self.keywords:
            if kw in segment:
                best.append((len(kw), code, kw))
        if not best:
            # Tolerate small slips ("宣传週", "台账表"): a close partial match of a 3+ character keyword.
            for kw, code in self.keywords:
                if len(kw) >= 3 and fuzz.partial_ratio(kw, segment) >= 90:
                    best.append((len(kw) - 1, code, kw))
        if not best:
            return None
        best.sort(reverse=True)
        top = best[0]
        if any(length == top[0] and code != top[1] for length, code, _ in best[1:]):
            return None
        return top[1], top[2]

    def match(self, folders: list[str], name: str) -> tuple[str | None, str]:
        """(indicator code or None, how it was found)."""
        section: str | None = None
        found: tuple[str, str] | None = None
        for folder in folders:
            hint = code_hint(folder, self.valid)
            section, code = self._resolve(hint, section)
            if code:
                found = (code, f"文件夹“{folder}”中的编号")
        if found:
            return found
        section, code = self._resolve(code_hint(name, self.valid), section)
        if code:
            return code, f"文件名中的编号“{name}”"
        for segment in [*reversed(folders), name]:
            hit = self._keyword(segment)
            if hit:
                return hit[0], f"关键词“{hit[1]}”（{segment}）"
        return None, ""

    def _resolve(self, hint: CodeHint, section: str | None) -> tuple[str | None, str | None]:
        if hint.code:
            return hint.code.split(".")[0], hint.code
        if hint.section:
            return hint.section, None
        if hint.item is not None:
            # An item number alone ("（四）", "第3项") belongs to the section named by a parent
            # folder; with none, section 1 — the only section whose items all ask for evidence.
            code = f"{section or '1'}.{hint.item}"
            return section, code if code in self.valid else None
        return section, None


class SchoolMatcher:
    """School names and aliases of one unit; exact matches first, then close ones."""

    def __init__(self, schools: list[School], unit: str | None) -> None:
        self.unit = unit
        self.schools = schools
        self.names: list[tuple[str, str, str]] = sorted(
            ((normalize(n), s.name, "name" if n == s.name else "alias") for s in schools for n in s.names),
            key=lambda item: -len(item[0]),
        )
        # Short aliases match too much by chance, so only names of 4+ characters are matched loosely.
        self._fuzzy_names = [n for n, _s, _h in self.names if len(n) >= 4]
        self._fuzzy_schools = [s for n, s, _h in self.names if len(n) >= 4]
        self._fuzzy_seen: dict[str, SchoolHit | None] = {}

    def exact(self, segment: str) -> SchoolHit | None:
        text = normalize(segment)
        for name, school, how in self.names:  # longest first: a full name beats an alias inside it
            if name and name in text:
                return SchoolHit(school, how, name)
        if self.unit and normalize(self.unit) in text:
            return SchoolHit(self.unit, "unit", self.unit)
        return None

    def fuzzy(self, segment: str) -> SchoolHit | None:
        if segment not in self._fuzzy_seen:  # folders repeat for every file inside them
            self._fuzzy_seen[segment] = self._fuzzy(segment)
        return self._fuzzy_seen[segment]

    def _fuzzy(self, segment: str) -> SchoolHit | None:
        text = _NOISE.sub("", normalize(segment))
        if len(text) < 3 or not self._fuzzy_names:
            return None
        best = process.extractOne(text, self._fuzzy_names, scorer=_partial_of_name, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return None
        name, score, index = best
        return SchoolHit(self._fuzzy_schools[index], "fuzzy", name, score, segment)


def _partial_of_name(text: str, name: str, **kwargs: object) -> float:
    """How well the roster ``name`` fits somewhere inside ``text`` (argument order of extractOne)."""
    return fuzz.partial_ratio(name, text, **kwargs)  # type: ignore[arg-type]


def learn_schools(paths: list[str]) -> list[str]:
    """School-like names seen in the paths, for a check without a roster."""
    seen: dict[str, None] = {}
    for path in paths:
        for segment in path.split("/"):
            for match in _SCHOOL_LIKE.finditer(normalize(stem(segment))):
                name = _SCHOOL_PREFIX_NOISE.sub("", match.group(1))
                if len(name) >= 4:
                    seen.setdefault(name, None)
    # Drop a name that is only a tail of a longer one ("实验小学" when "奎文区实验小学" is seen).
    names = list(seen)
    return [n for n in names if not any(n != m and m.endswith(n) for m in names)]


class Classifier:
    def __init__(self, rubric: Rubric, schools: list[School], unit: str | None) -> None:
        self.indicators = IndicatorMatcher(rubric)
        self.schools = SchoolMatcher(schools, unit)
        self.single_school = schools[0].name if len(schools) == 1 else None

    def classify(self, path: str) -> Classification:
        parts = [normalize(p) for p in path.split("/")]
        folders, name = parts[:-1], stem(parts[-1])
        result = Classification()
        result.indicator, how = self.indicators.match(folders, name)
        if how:
            result.how["indicator"] = how
        result.date = find_date(name)
        self._school(result, folders, name)
        return result

    def _find(self, folders: list[str], name: str) -> tuple[SchoolHit | None, str]:
        """The school (or unit) a path names, and where: exact before close, file name before folders.

        A folder that names only the unit (the zip's top folder, say) says nothing about the school,
        so it is the last resort.
        """
        hit = self.schools.exact(name)
        if hit:
            return hit, "文件名"
        close = self.schools.fuzzy(name)
        if self.single_school:
            # In a 市直学校 the school is the unit: a folder naming it (the zip's top folder, say) is
            # the unit's folder, not a per-school subfolder, so folders never name the file.
            return close, "文件名" if close else ""
        folder_hits = [(self.schools.exact(f), f) for f in reversed(folders)]
        in_folder = next(((h, f) for h, f in folder_hits if h and h.how != "unit"), None)
        # A misspelt school in the file name is a naming problem even inside that school's own
        # folder; when the two disagree, the exact folder wins.
        if close and (in_folder is None or in_folder[0].school == close.school):
            return close, "文件名"
        if in_folder:
            return in_folder[0], f"文件夹“{in_folder[1]}”"
        for folder in reversed(folders):
            hit = self.schools.fuzzy(folder)
            if hit:
                return hit, f"文件夹“{folder}”"
        for hit, folder in folder_hits:
            if hit:
                return hit, f"文件夹“{folder}”"
        return None, ""

    def _school(self, result: Classification, folders: list[str], name: str) -> None:
        hit, where = self._find(folders, name)
        if hit is None:
            if self.single_school:  # a 市直学校 is its own only school
                result.school = self.single_school
                result.how["school"] = "本单位即学校"
            return
        result.named = where == "文件名"
        if hit.how == "unit":
            result.unit_named = True
            result.school = self.single_school
            result.how["school"] = f"{where}中的单位名称“{hit.matched}”"
            return
        result.school = hit.school
        result.folder_named = not result.named
        result.fuzzy = hit if hit.how == "fuzzy" else None
        kind = {"name": "全称", "alias": "简称", "fuzzy": f"相近名称（相似度{hit.score:.0f}）"}[hit.how]
        result.how["school"] = f"{where}中的学校{kind}“{hit.matched}”"
