"""What a file's text says: the schools it names, its 文号 and date, its indicator — and how that
feeds the evaluation.

Pure functions, no file is opened here. :func:`summarize` turns a file's page texts into the
``files[].content`` record of the report (computed once per content pass, it needs the roster);
:func:`apply_content` is the evaluation's seam (app/evaluate.py ``finalize``): content is an input
of the same kind as the reviewer's corrections, so it is applied on every re-evaluation, always
below the path (a school or indicator the path names wins) and below the reviewer (a manual
reassignment wins over both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.classify import Classification, IndicatorMatcher, match_key
from app.findings import CODES, finding
from app.model import FileKind, FileRecord, Finding
from app.roster import School
from app.rubric import Rubric
from app.signals.text import doc_number, document_dates, normalize, normalize_lines

SHORT_ALIAS = 3  # a 2-character alias such as 七中 occurs inside unrelated words
NEAR_NAME = 6  # OCR text: a full name this long still counts with one character misread or lost
TITLE_LINES = 4  # the indicator is read from the title, not from the body's passing mentions
FORMAL_WORD = "正式文件"  # how the rubric names the documents that carry a seal


@dataclass
class FileContent:
    """One file's content: text per page (normalised lines) and the pages that carry a red seal."""

    pages: list[str] = field(default_factory=list)
    source: str | None = None  # "text" (PDF text layer), "ocr", or None (no text)
    seal_pages: list[int] = field(default_factory=list)  # 1-based
    looked: int = 0  # pages rendered and looked at for a seal
    ocr_missing: bool = False  # pages needed OCR and the extra is not installed
    timed_out: list[int] = field(default_factory=list)  # 1-based pages that hit the time limit

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "source": self.source,
            "seal_pages": self.seal_pages,
            "looked": self.looked,
            "ocr_missing": self.ocr_missing,
            "timed_out": self.timed_out,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FileContent:
        return cls(
            pages=list(d.get("pages", [])),
            source=d.get("source"),
            seal_pages=list(d.get("seal_pages", [])),
            looked=int(d.get("looked", 0)),
            ocr_missing=bool(d.get("ocr_missing", False)),
            timed_out=list(d.get("timed_out", [])),
        )


def clean(text: str) -> str:
    """Page text as matched and cached: radicals folded, spaces inside lines dropped."""
    return normalize_lines(text)


def _names(school: School) -> list[str]:
    return [n for n in (school.name, *school.aliases) if n and (n == school.name or len(n) >= SHORT_ALIAS)]


def schools_named(text: str, schools: Sequence[School]) -> Counter[str]:
    """How often each school is named in ``text`` (full name or an alias of 3+ characters).

    Longest names first, each occurrence counted once: 实验小学 inside 北关实验小学 is 北关实验小学.
    Traditional characters and full-width forms are folded on both sides.
    """
    flat = match_key(normalize(text))
    by_name = sorted(
        ((match_key(normalize(n)), s.name) for s in schools for n in _names(s)),
        key=lambda p: -len(p[0]),
    )
    counts: Counter[str] = Counter()
    for name, school in by_name:
        if name and name in flat:
            counts[school] += flat.count(name)
            flat = flat.replace(name, "\x00")
    return counts


def near_named(text: str, schools: Sequence[School]) -> School | None:
    """The one school whose full name (``NEAR_NAME``+ characters) a line of ``text`` gives with one
    character misread, lost or added; None when no school, or more than one, is that close — so
    "青云街道第□小学" names neither 第二小学 nor 第三小学 when the roster has both."""
    from rapidfuzz.distance import Levenshtein

    names = [(match_key(normalize(s.name)), s) for s in schools]
    names = [(key, s) for key, s in names if len(key) >= NEAR_NAME]
    found: dict[str, School] = {}
    for line in text.splitlines():
        key = match_key(normalize(line))
        chars = set(key)
        for name, school in names:
            if school.name in found or len(set(name) - chars) > 1:  # cheap: most names share too little
                continue
            m = len(name)
            windows = (
                key[i : i + size] for size in (m - 1, m, m + 1) for i in range(max(1, len(key) - size + 1))
            )
            if any(Levenshtein.distance(name, w, score_cutoff=1) <= 1 for w in windows):
                found[school.name] = school
    return next(iter(found.values())) if len(found) == 1 else None


def indicator_of(content: FileContent, matcher: IndicatorMatcher) -> str | None:
    """The indicator whose longest rubric keyword is in the title (first lines of page 1); when the
    title names none, the body — only with a keyword of 3+ characters. None on a tie."""
    lines = (content.pages[0] if content.pages else "").splitlines()
    for segment, shortest in (("".join(lines[:TITLE_LINES]), 2), (content.text.replace("\n", ""), 3)):
        key = match_key(segment)
        hits = sorted(
            ((len(kw), code) for kw, code in matcher.keywords if len(kw) >= shortest and kw in key),
            reverse=True,
        )
        if hits:
            best = hits[0]
            if any(length == best[0] and code != best[1] for length, code in hits[1:]):
                return None
            return best[1]
    return None


def summarize(
    content: FileContent,
    own: Sequence[School],
    others: Sequence[School],
    matcher: IndicatorMatcher,
) -> dict[str, Any]:
    """The report's ``files[].content``: what the text says, plus the attribution it allows.

    ``school``: the one school of this unit the text names (the most often named one when it names
    several, if one clearly leads); ``foreign``: schools of other units named when none of this
    unit's is.
    """
    text = content.text
    mine = schools_named(text, own)
    theirs = schools_named(text, others) if not mine else Counter()
    if not mine and not theirs and content.source == "ocr":
        # The issuer's name sits under the red seal, where OCR misreads a character (小学 → 州学).
        near = near_named(text, [*own, *others])
        if near is not None:
            (mine if near.unit == (own[0].unit if own else None) else theirs)[near.name] = 1
    ranked = mine.most_common()
    school = None
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][1] > ranked[1][1]):
        school = ranked[0][0]
    flat = text.replace("\n", "")
    number = doc_number(text)  # line by line: a 文号 sits on a line of its own
    dates = document_dates(flat)
    return {
        "source": content.source,
        "schools": [s for s, _ in ranked] + [s for s, _ in theirs.most_common()],
        "doc_number": number[0] if number else None,
        "date": dates[-1] if dates else None,  # the date of issue closes a document
        "seal_pages": list(content.seal_pages),
        "school": school,
        "indicator": indicator_of(content, matcher) if text else None,
        "foreign": sorted(theirs),
        "pages_looked": content.looked,
    }


def apply_content(r: FileRecord, auto: Classification, rubric: Rubric) -> tuple[set[str], list[Finding]]:
    """Fill in the indicator and school from ``r.content`` where the path names none.

    Returns what was taken from content ({"school", "indicator"}) and the findings that say so.
    Called by finalize after the automatic classification and before the reviewer's corrections.
    """
    c = r.content
    taken: set[str] = set()
    out: list[Finding] = []
    if not c:
        return taken, out
    if r.indicator is None and c.get("indicator"):
        r.indicator = c["indicator"]
        r.how["indicator"] = f"内容中的关键词（归入 {c['indicator']}）"
        taken.add("indicator")
        out.append(
            _said(
                "name.indicator_from_content",
                f"路径中未写指标，按内容归入 {c['indicator']}，请核实并移入该指标文件夹",
            )
        )
    path_school = auto.school is not None or auto.foreign is not None or auto.unit_named
    if not path_school and c.get("school"):
        r.school = c["school"]
        r.how["school"] = f"内容中写有“{c['school']}”（文件名和文件夹未写学校）"
        taken.add("school")
        if _wants_school(rubric, r.indicator):
            out.append(
                _said("name.school_from_content", f"文件名未写学校，按内容归属 {c['school']}，请核实并改名")
            )
    elif not path_school and c.get("foreign"):
        named = "、".join(c["foreign"])
        out.append(
            finding("content.other_school", f"文件名未写学校，内容中写的是 {named}，不计入本单位的学校")
        )
    if c.get("doc_number"):
        out.append(finding("content.doc_number", c["doc_number"]))
    return taken, out


def _said(code: str, message: str) -> Finding:
    """A finding worded as a whole sentence (the issue's wording), the code's severity."""
    return Finding(code, CODES[code].severity, message)


def _wants_school(rubric: Rubric, indicator: str | None) -> bool:
    """Whether the file's name should carry the school (unit-level evidence does not need one)."""
    ind = rubric.get(indicator)
    if ind is None or ind.evidence is None:
        return True
    return ind.evidence.scope == "every_school" or ind.evidence.naming in ("school_or_unit", "time_unit")


def is_formal(rubric: Rubric, indicator: str | None) -> bool:
    """Whether the rubric asks for a 正式文件 (a sealed official document) under ``indicator``."""
    ind = rubric.get(indicator)
    if ind is None or ind.evidence is None:
        return False
    return any(FORMAL_WORD in p.label and FileKind.PDF in p.kinds for p in ind.evidence.parts)


def seal_findings(r: FileRecord, rubric: Rubric) -> list[Finding]:
    """``content.no_seal`` on a PDF filed as a 正式文件 none of whose examined pages has a seal."""
    c = r.content
    if not c or r.kind != FileKind.PDF or c.get("seal_pages") or not c.get("pages_looked"):
        return []
    if not is_formal(rubric, r.indicator):
        return []
    return [finding("content.no_seal", f"前 {c['pages_looked']} 页均未发现红色公章")]
