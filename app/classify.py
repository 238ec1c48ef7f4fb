"""Classify a file by its path: which indicator, which school, which date.

The folder names decide the indicator first (the deepest folder that names one), then the file
name; keywords from the rubric are the fallback.  The school comes from the file name first, then
from the folders (per-school subfolders), by full name, alias, or a close match.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from app.names import CodeHint, code_hint, find_date, fold, folder_name, stem
from app.roster import School
from app.rubric import Rubric

FUZZY_CUTOFF = 80.0
_NOISE = re.compile(r"[\d\s_\-—.．、,，()（）\[\]【】《》“”\"'+＋]+")
# A school-like name in a file or folder name, for learning schools when there is no roster.
_SCHOOL_LIKE = re.compile(
    r"([\u4e00-\u9fa5]{2,14}?(?:实验学校|中心小学|中心校|小学|初级中学|中学|学校|幼儿园|学院))"
)
_SCHOOL_PREFIX_NOISE = re.compile(r"^.*?(?:[的和与及在]|关于|材料|照片|图片|文件)")

# A name of a school that may not be on the roster. Only names ending like a school's count, and
# only when nothing general is in them ("所有学校", "惠民服务特色学校", "全市中小学"): a name
# found here makes the file count for no school, so a false one would cost the unit a file.
_SCHOOL_SUFFIX = (
    "实验学校|中心小学|中心幼儿园|中心校|初级中学|高级中学|职业中专|职业学校|"
    "小学|中学|学校|幼儿园|完小|初中|高中|职专|分校|附小|附中"
)
_OTHER_SCHOOL = re.compile(rf"[\u4e00-\u9fa5]{{2,14}}?(?:{_SCHOOL_SUFFIX})")
_GENERIC = re.compile(
    "各|所有|全市|全区|全县|全镇|全体|中小学|本校|我校|其他|兄弟|结对|联谊|帮扶|周边|"
    "特色|示范|零投诉|惠民|先进|优秀|文明|合格|标准化|规范化|省级|市级|国家级|名单|重点|民办"
)
# Words before a name in a sentence-like file name: "关于成立青云小学…" names 青云小学.
_LEAD_NOISE = re.compile(
    r"^(?:.*(?:关于|成立|开展|举办|组织|印发|转发|召开|参加|材料|照片|图片|文件|通知|的))?[年月日号]?"
)
# What turns a roster name into another school's name: 东关小学 → 东关小学分校 / 东关小学附属幼儿园.
_BRANCH = re.compile("分校|分部|附小|附中|附属[\u4e00-\u9fa5]{0,4}?(?:小学|中学|幼儿园)")
_SCHOOL_END = re.compile(rf"(?:{_SCHOOL_SUFFIX})$")
_KINDERGARTEN = re.compile("幼儿园")


def normalize(text: str) -> str:
    """NFC (macOS zips store NFD), full-width to half-width, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def match_key(text: str) -> str:
    """The form a name is matched in: normalized, traditional characters folded to simplified."""
    return fold(normalize(text))


@dataclass(frozen=True)
class SchoolHit:
    school: str  # full roster name, or the unit's name when how == "unit"
    how: str  # "name" | "alias" | "fuzzy" | "unit"
    matched: str  # the roster name or alias that matched
    score: float = 100.0
    seen: str = ""  # the name segment it was found in
    unit: str | None = None  # how == "foreign": the roster unit the school belongs to


@dataclass
class Classification:
    indicator: str | None = None
    school: str | None = None
    date: str | None = None
    named: bool = False  # the file name itself names the school or the unit
    unit_named: bool = False  # it names the unit (教管办), not a school
    folder_named: bool = False  # a folder names the school (a per-school subfolder)
    fuzzy: SchoolHit | None = None  # set when the school was chosen by a close match
    # A school not of this unit (another unit's, how "foreign", or one off the roster, how "unknown"):
    # the file then counts for no school of this unit.
    foreign: SchoolHit | None = None
    how: dict[str, str] = field(default_factory=dict)


class IndicatorMatcher:
    """Indicator codes and keywords, from the rubric data."""

    def __init__(self, rubric: Rubric) -> None:
        self.valid = {i.code for i in rubric.indicators}
        self.keywords = [(match_key(kw), i.code) for i in rubric.indicators for kw in i.keywords]
        self.fallback = [(match_key(kw), i.code) for i in rubric.indicators for kw in i.fallback_keywords]
        # Folders repeat for every file inside them: what each says is worked out once.
        self._folder_seen: dict[
            tuple[tuple[str, ...], tuple[bool, ...]], tuple[list[str], str | None, tuple[str, str] | None]
        ] = {}
        self._keyword_seen: dict[tuple[str, bool, str | None], tuple[str, str] | None] = {}

    def _keyword(
        self, segment: str, keywords: list[tuple[str, str]], section: str | None = None
    ) -> tuple[str, str] | None:
        """The indicator whose longest keyword occurs in ``segment``; None when two tie.

        Under a section's folder ("三、宣传推广") that section's indicators are preferred.
        """
        best: list[tuple[int, str, str]] = []
        for kw, code in keywords:
            if kw in segment:
                best.append((len(kw), code, kw))
        if not best:
            # Tolerate a slip in a long keyword. One wrong character scores 100·(1 − 1/length), so
            # only keywords of 10+ characters can reach 90: shorter ones are not tried at all.
            for kw, code in keywords:
                if len(kw) >= 10 and _fuzz().partial_ratio(kw, segment) >= 90:
                    best.append((len(kw) - 1, code, kw))
        if section is not None:
            best = [b for b in best if b[1].startswith(section + ".")] or best
        if not best:
            return None
        best.sort(reverse=True)
        top = best[0]
        if any(length == top[0] and code != top[1] for length, code, _ in best[1:]):
            return None
        return top[1], top[2]

    def match(
        self, folders: list[str], name: str, *, named: Sequence[bool] = (), unit_folders: Sequence[bool] = ()
    ) -> tuple[str | None, str]:
        """(indicator code or None, how it was found).

        ``named[i]`` says folder ``i`` names a school or unit: its bare numbers ("3.青云街道") number
        the submissions, not the indicators, so only a full code ("1.3") there counts.
        ``unit_folders[i]`` says it names the unit: a submission's title, whose words say nothing
        about one indicator.
        """
        memo = (tuple(folders), tuple(named[: len(folders)]))
        if memo not in self._folder_seen:
            self._folder_seen[memo] = self._folders(folders, named)
        keys, section, found = self._folder_seen[memo]
        if found:
            return found
        name_key = match_key(name)
        hint = code_hint(name_key, self.valid)
        if hint.code is None and section is None:
            # "3.实验小学上墙照片" numbers the photos; a bare item number in a file name means an
            # indicator only inside a section's folder.
            hint = CodeHint()
        section, code = self._resolve(hint, section)
        if code:
            return code, f"文件名中的编号“{name}”"
        segments = [
            (key, folder)
            for i, (folder, key) in reversed(list(enumerate(zip(folders, keys, strict=True))))
            if not (i < len(unit_folders) and unit_folders[i])
        ]
        segments.append((name_key, name))
        for fallback, keywords in ((False, self.keywords), (True, self.fallback)):
            for key, shown in segments:
                memo_key = (key, fallback, section)
                if memo_key not in self._keyword_seen:
                    self._keyword_seen[memo_key] = self._keyword(key, keywords, section)
                hit = self._keyword_seen[memo_key]
                if hit:
                    return hit[0], f"关键词“{hit[1]}”（{shown}）"
        return None, ""

    def _folders(
        self, folders: list[str], named: Sequence[bool]
    ) -> tuple[list[str], str | None, tuple[str, str] | None]:
        """(the folders' match keys, the section they name, the code the deepest numbered one gives)."""
        section: str | None = None
        found: tuple[str, str] | None = None
        keys = [match_key(folder_name(f)) for f in folders]
        for i, (folder, key) in enumerate(zip(folders, keys, strict=True)):
            hint = code_hint(key, self.valid)
            if i < len(named) and named[i] and hint.code is None:
                hint = CodeHint()
            section, code = self._resolve(hint, section)
            if code:
                found = (code, f"文件夹“{folder}”中的编号")
        return keys, section, found

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


_Name = tuple[str, str, str, str, str | None]
_UNSEEN = SchoolHit("", "", "")  # a memo's "not looked up yet" (None is a result)


class SchoolMatcher:
    """School names and aliases of one unit; exact matches first, then close ones.

    ``others`` are the roster's schools of other units and ``other_units`` their units: a name of
    theirs is recognised as not this unit's.  ``find_unknown`` (a check with a roster) also reports
    school-like names that are on no roster.
    """

    def __init__(
        self,
        schools: list[School],
        unit: str | None,
        others: Sequence[School] = (),
        other_units: Sequence[str] = (),
        find_unknown: bool = False,
    ) -> None:
        self.unit = unit
        self.schools = schools
        self.find_unknown = find_unknown
        # (match key, school, how, the name as written, the school's unit when not this one)
        names: list[_Name] = [
            (match_key(n), s.name, "name" if n == s.name else "alias", n, None)
            for s in schools
            for n in s.names
        ]
        # Another unit's short alias ("一中") would turn up inside too many names by chance.
        names += [
            (match_key(n), s.name, "foreign", n, s.unit) for s in others for n in s.names if len(n) >= 4
        ]
        self.names = sorted(names, key=lambda item: -len(item[0]))
        units: list[_Name] = [(match_key(unit), unit, "unit", unit, None)] if unit else []
        units += [(match_key(u), u, "foreign", u, u) for u in other_units if len(u) >= 2]
        self.units = sorted(units, key=lambda item: -len(item[0]))
        # Short aliases match too much by chance, so only names of 4+ characters are matched loosely.
        own = [(key, school) for key, school, how, _n, _u in self.names if how != "foreign" and len(key) >= 4]
        self._fuzzy_names = [key for key, _s in own]
        self._fuzzy_schools = [school for _k, school in own]
        self._fuzzy_seen: dict[str, SchoolHit | None] = {}
        self._exact_seen: dict[str, SchoolHit | None] = {}
        self._segment_seen: dict[str, SchoolHit | None] = {}
        # A city roster has hundreds of names, most starting alike ("潍坊市…"). A name can be in a
        # segment only when each of its character pairs is, so each name is indexed under its
        # rarest pair (by position in ``self.names``, so longest first still wins); one-character
        # names are tried always.
        pairs_of = [{key[i : i + 2] for i in range(len(key) - 1)} for key, *_rest in self.names]
        counts = Counter(pair for pairs in pairs_of for pair in pairs)
        self._by_pair: dict[str, list[int]] = defaultdict(list)
        self._short: list[int] = []
        for index, ((key, *_rest), pairs) in enumerate(zip(self.names, pairs_of, strict=True)):
            if pairs:
                self._by_pair[min(sorted(pairs), key=counts.__getitem__)].append(index)
            elif key:
                self._short.append(index)
        # Every position's pair looked up at C speed: a lookahead finds overlapping pairs too.
        indexed = "|".join(map(re.escape, sorted(self._by_pair)))
        self._pairs = re.compile(f"(?=({indexed}))") if indexed else None

    def exact(self, segment: str) -> SchoolHit | None:
        """The longest roster name in ``segment``; a school's name before the unit's.

        A name that runs on into another school's name ("东关小学分校") names that other school.
        """
        seen = self._segment_seen.get(segment, _UNSEEN)
        if seen is not _UNSEEN:  # folders repeat for every file inside them
            return seen
        text = match_key(segment)
        if text not in self._exact_seen:
            self._exact_seen[text] = self._exact(text, segment)
        self._segment_seen[segment] = hit = self._exact_seen[text]
        return hit

    def _candidates(self, text: str) -> list[int]:
        """Positions in ``self.names`` of the names whose indexed pair occurs in ``text``."""
        found: set[int] = set(self._short)
        if self._pairs is not None:
            by_pair = self._by_pair
            for pair in self._pairs.findall(text):
                found.update(by_pair[pair])
        return sorted(found)

    def _exact(self, text: str, segment: str) -> SchoolHit | None:
        names = self.names
        for index in self._candidates(text):  # longest first: 东关小学分校 before 东关小学
            key, school, how, written, owner = names[index]
            at = text.find(key)
            if at < 0:
                continue
            end = at + len(key)
            # A school's own kindergarten is another institution: 东关小学幼儿园 (not 东关幼儿园).
            branch = _BRANCH.match(text, end) or (_SCHOOL_END.search(key) and _KINDERGARTEN.match(text, end))
            if branch:
                other = text[at : branch.end()]
                return SchoolHit(other, "unknown", other, seen=segment)
            return SchoolHit(school, how, written, seen=segment, unit=owner)
        for key, unit, how, written, owner in self.units:
            if key and key in text:
                return SchoolHit(unit, how, written, seen=segment, unit=owner)
        return None

    def unknown(self, segment: str) -> SchoolHit | None:
        """A school-like name in ``segment`` that is on no roster (only when ``find_unknown``)."""
        if not self.find_unknown:
            return None
        for match in _OTHER_SCHOOL.finditer(match_key(stem(segment))):
            name = _LEAD_NOISE.sub("", match.group(0))
            if len(name) >= 4 and not _GENERIC.search(name):
                return SchoolHit(name, "unknown", name, seen=segment)
        return None

    def fuzzy(self, segment: str) -> SchoolHit | None:
        if segment not in self._fuzzy_seen:  # folders repeat for every file inside them
            self._fuzzy_seen[segment] = self._fuzzy(segment)
        return self._fuzzy_seen[segment]

    def _fuzzy(self, segment: str) -> SchoolHit | None:
        text = _NOISE.sub("", match_key(segment))
        if len(text) < 3 or not self._fuzzy_names:
            return None
        from rapidfuzz import process

        best = process.extractOne(text, self._fuzzy_names, scorer=_partial_of_name, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return None
        name, score, index = best
        return SchoolHit(self._fuzzy_schools[index], "fuzzy", name, score, segment)


def _partial_of_name(text: str, name: str, **kwargs: Any) -> float:
    """How well the roster ``name`` fits somewhere inside ``text`` (argument order of extractOne, which
    passes its own ``processor`` and ``score_cutoff`` on)."""
    return _fuzz().partial_ratio(name, text, **kwargs)


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
    """Indicator, school and date of every path of one unit's submission.

    ``others``/``other_units``: the roster's schools and units that are not this unit's; pass
    ``find_unknown=True`` when a roster is known, so school-like names off it are reported too.
    """

    def __init__(
        self,
        rubric: Rubric,
        schools: list[School],
        unit: str | None,
        *,
        others: Sequence[School] = (),
        other_units: Sequence[str] = (),
        find_unknown: bool = False,
    ) -> None:
        self.indicators = IndicatorMatcher(rubric)
        self.schools = SchoolMatcher(schools, unit, others, other_units, find_unknown)
        self.single_school = schools[0].name if len(schools) == 1 else None
        self._folders: dict[str, str] = {}

    def _folder(self, segment: str) -> str:
        """A folder segment as shown; each distinct one normalized once."""
        shown = self._folders.get(segment)
        if shown is None:
            shown = self._folders[segment] = normalize(folder_name(segment))
        return shown

    def classify(self, path: str) -> Classification:
        raw = path.split("/")
        # Shown as written (only NFKC); matched as folded (see match_key), archives read as folders.
        folders = [self._folder(p) for p in raw[:-1]]
        name = stem(normalize(raw[-1]))
        hits = [self.schools.exact(f) for f in folders]
        result = Classification()
        result.indicator, how = self.indicators.match(
            folders,
            name,
            named=[h is not None for h in hits],
            unit_folders=[h is not None and h.how == "unit" for h in hits],
        )
        if how:
            result.how["indicator"] = how
        result.date = find_date(name)
        self._school(result, folders, name)
        return result

    def _find(self, folders: list[str], name: str) -> tuple[SchoolHit | None, str]:
        """The school (or unit) a path names, and where: exact before close, file name before folders.

        A folder that names only the unit (the zip's top folder, say) says nothing about the school,
        so it is the last resort.  A school not of this unit ("foreign"/"unknown") is returned too.
        """
        hit = self.schools.exact(name)
        if hit:
            return hit, "文件名"
        close = self.schools.fuzzy(name)
        if close is None:
            odd = self.schools.unknown(name)
            if odd:
                return odd, "文件名"
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
            hit = self.schools.fuzzy(folder) or self.schools.unknown(folder)
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
        if hit.how in ("foreign", "unknown"):
            result.foreign = hit
            owner = f"，属于{hit.unit}" if hit.unit and hit.unit != hit.school else ""
            result.how["school"] = f"{where}中的“{hit.matched}”不是本单位的学校{owner}"
            return
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


def _fuzz() -> ModuleType:
    """rapidfuzz's scorers, imported when a name first needs a close match: a re-check answered from
    the report cache classifies nothing."""
    from rapidfuzz import fuzz

    return fuzz
