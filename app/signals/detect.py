"""From per-file features to signals: reused photos, copy-paste documents, content and dates.

Pure functions over the check's FileRecords and the features; nothing is opened here, so the
rules are tested directly and re-run cheaply after the reviewer reassigns a file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.findings import CODES
from app.model import FileKind, FileRecord, Signal
from app.roster import Roster, School
from app.rubric import Rubric
from app.signals import imagehash
from app.signals.index import HashIndex
from app.signals.text import letters_only, mentioned, shingles, strip_names

MIN_TEMPLATE_CHARS = 80  # shorter texts (a title page, a stamp) say too little to call them copies
SCANNED_MAX_CHARS = 20  # a scan may carry a few characters of OCR-less metadata text
SHORT_ALIAS = 3  # a 2-character alias such as 七中 is too likely to occur in unrelated words


@dataclass(frozen=True)
class SignalOptions:
    image_similarity: float = 0.84  # 64-bit DCT hashes ≤ 10 bits apart: resized/recompressed/4 % crops
    # …and mean colours of a 3×3 grid within this (0–255): copies stay under 5, unrelated photos
    # with a similar light-and-dark layout differ by 30 or more.
    colour_tolerance: float = 20.0
    text_similarity: float = 0.8  # Jaccard of 4-character shingles after removing school names
    # A photo of a newspaper page is taken on or after the day it was printed: allow one day
    # before (camera clocks, time zones) and a week after (the paper reaches the school later).
    days_before: int = 1
    days_after: int = 7
    workers: int | None = None
    timeout: float = 20.0  # seconds per file
    use_cache: bool = True
    cache_dir: str | None = None  # None: the platform cache folder


def _signal(
    code: str, paths: Iterable[str], message: str, similarity: float | None = None, **detail: Any
) -> Signal:
    return Signal(code, CODES[code].severity, tuple(paths), message, similarity, detail)


def _who(r: FileRecord) -> str:
    return r.school or "本单位"


# ── near-duplicate photos ────────────────────────────────────────────────────────────────


def similar_images(
    records: list[FileRecord], features: dict[str, dict[str, Any]], options: SignalOptions
) -> list[Signal]:
    images = [r for r in records if r.kind == FileKind.IMAGE and "phash" in features.get(r.path, {})]
    index = HashIndex()
    for r in images:
        index.add(int(features[r.path]["phash"]))
    radius = int((1.0 - options.image_similarity) * imagehash.BITS + 1e-9)
    out = []
    for i, j, d in index.pairs(radius):
        a, b = sorted((images[i], images[j]), key=lambda r: r.path)
        if a.school == b.school and a.indicator == b.indicator:
            continue  # several shots of one event for one school and item are normal
        if a.sha256 and a.sha256 == b.sha256 and a.school != b.school:
            continue  # byte-identical: already dup.exact
        tint = imagehash.colour_distance(
            bytes.fromhex(features[a.path].get("colours", "")),
            bytes.fromhex(features[b.path].get("colours", "")),
        )
        if tint > options.colour_tolerance:
            continue  # same light-and-dark layout, different picture
        sim = round(1.0 - d / imagehash.BITS, 3)
        where = f"{_who(a)} {a.indicator or '?'} 与 {_who(b)} {b.indicator or '?'}"
        message = f"两张照片相似度 {sim:.0%}（{where}）"
        out.append(_signal("dup.similar", (a.path, b.path), message, sim, distance=d, colour=round(tint, 1)))
    return out


# ── copy-paste documents ─────────────────────────────────────────────────────────────────


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def template_documents(
    records: list[FileRecord], features: dict[str, dict[str, Any]], names: list[str], options: SignalOptions
) -> list[Signal]:
    docs: list[tuple[FileRecord, str, set[int]]] = []
    for r in records:
        text = features.get(r.path, {}).get("text")
        if r.kind != FileKind.PDF or not r.school or not text:
            continue
        flat = text.replace("\n", "")
        stripped = strip_names(flat, names)
        if len(letters_only(stripped)) >= MIN_TEMPLATE_CHARS:
            docs.append((r, flat, shingles(stripped)))
    # Inverted index: shingle → documents; pairs sharing shingles are the only candidates.
    postings: dict[int, list[int]] = defaultdict(list)
    for n, (_, _, sh) in enumerate(docs):
        for s in sh:
            postings[s].append(n)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    common = max(50, len(docs) // 2)  # boilerplate in most documents does not make a candidate
    for ids in postings.values():
        if len(ids) <= common:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    shared[ids[x], ids[y]] += 1
    out = []
    for (x, y), count in shared.items():
        (ra, ta, sa), (rb, tb, sb) = docs[x], docs[y]
        if ra.school == rb.school or count < options.text_similarity * min(len(sa), len(sb)) * 0.5:
            continue
        sim = _jaccard(sa, sb)
        if sim < options.text_similarity or (ra.sha256 and ra.sha256 == rb.sha256):
            continue
        a, b = sorted((ra, rb), key=lambda r: r.path)
        same = ta == tb
        how = "内容完全相同" if same else f"除校名外相似度 {sim:.0%}"
        message = f"{a.school} 与 {b.school} 的文档{how}"
        out.append(_signal("dup.template", (a.path, b.path), message, round(sim, 3), same_text=same))
    return out


# ── content of PDFs ──────────────────────────────────────────────────────────────────────


def _names(school: School | None, fallback: str) -> list[str]:
    if school is None:
        return [fallback]
    return [school.name, *(a for a in school.aliases if len(a) >= SHORT_ALIAS)]


def pdf_content(
    records: list[FileRecord],
    features: dict[str, dict[str, Any]],
    schools: list[School],
    unit: str | None,
) -> list[Signal]:
    by_name = {s.name: s for s in schools}
    unit_names = [unit] if unit else []
    out = []
    for r in records:
        f = features.get(r.path, {})
        if "text" not in f:  # a PDF's text layer, or what OCR read on a scan or photo
            continue
        extra = {"doc_number": f["doc_number"]} if f.get("doc_number") else {}
        flat = f["text"].replace("\n", "")
        if len(letters_only(flat)) <= SCANNED_MAX_CHARS:
            if f.get("image_pages"):
                out.append(
                    _signal("content.scanned", (r.path,), f"{f['image_pages']} 页为图片，无文字层", **extra)
                )
            continue
        if r.school:
            own = [*_names(by_name.get(r.school), r.school), *unit_names]
        else:  # unit-level evidence: the unit or any of its schools will do
            own = [*unit_names, *(n for s in schools if s.unit == unit for n in _names(s, s.name))]
        others = {n: s.name for s in schools if s.name != r.school for n in _names(s, s.name) if n not in own}
        found = mentioned(flat, [*own, *others])
        if any(n in found for n in own):
            continue
        named = sorted({others[n] for n in others if n in found})
        if named:
            message = f"文件归属 {_who(r)}，内容中写的是 {'、'.join(named)}"
            out.append(_signal("content.other_school", (r.path,), message, schools=named, **extra))
        else:
            out.append(_signal("content.no_school_name", (r.path,), f"内容中未出现“{_who(r)}”", **extra))
    return out


# ── dates ────────────────────────────────────────────────────────────────────────────────


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def dates(
    records: list[FileRecord], features: dict[str, dict[str, Any]], rubric: Rubric, options: SignalOptions
) -> list[Signal]:
    year = rubric.year
    out = []
    for r in records:
        f = features.get(r.path, {})
        taken = None
        if r.kind == FileKind.IMAGE:
            taken = _date(r.detail.get("exif_date") or f.get("exif_date"))
            if taken and taken.year != year:
                message = f"照片拍摄于 {taken.isoformat()}，考核年度为 {year} 年"
                out.append(_signal("date.outside_year", (r.path,), message, taken=taken.isoformat()))
            ind = rubric.get(r.indicator)
            named = _date(r.date)
            if taken and named and ind and ind.evidence and ind.evidence.naming == "time_unit":
                late = (taken - named).days
                if late < -options.days_before or late > options.days_after:
                    message = f"文件名日期 {named.isoformat()}，照片拍摄于 {taken.isoformat()}"
                    out.append(
                        _signal(
                            "date.mismatch",
                            (r.path,),
                            message,
                            named=named.isoformat(),
                            taken=taken.isoformat(),
                        )
                    )
        if "text" in f and not (taken and taken.year != year):  # a photo dated outside is said once
            # The date of issue closes a formal document, so the last date written in it is taken.
            written = _date(f["dates"][-1]) if f.get("dates") else None
            doc_year = written.year if written else f.get("doc_year")
            if doc_year and doc_year != year:
                shown = written.isoformat() if written else f"文号 {f.get('doc_number')}"
                message = f"文档日期 {shown}，考核年度为 {year} 年"
                out.append(_signal("date.outside_year", (r.path,), message, written=shown))
    return out


def all_signals(
    records: list[FileRecord],
    features: dict[str, dict[str, Any]],
    rubric: Rubric,
    roster: Roster | None,
    unit: str | None,
    unit_schools: list[str],
    options: SignalOptions,
) -> list[Signal]:
    if roster is not None:
        schools = roster.all_schools
    else:
        schools = [School(name, unit or "") for name in unit_schools]
    names = [n for s in schools for n in s.names] + [
        u for u in ((roster.units if roster else None) or [unit]) if u
    ]
    found = [
        *similar_images(records, features, options),
        *template_documents(records, features, names, options),
        *pdf_content(records, features, schools, unit),
        *dates(records, features, rubric, options),
    ]
    return sorted(found, key=lambda s: (s.code, s.paths))
