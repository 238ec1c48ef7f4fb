"""Reading indicator codes and dates out of folder and file names, in their many spellings;
folding a name's spellings (traditional characters, raw GBK bytes, archive folders) to one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from app.cntext import CN_NUMERALS, cn_number, decode_chinese

_CN = CN_NUMERALS
_SEP = r"\s*[.．。\-—_－、,，]\s*"

# "1.1", "1-1", "1.1.", "1．1", "1_1", "1、1" — not part of a longer number such as a date.
_FULL_CODE = re.compile(rf"(?<![\d.．])([1-9]){_SEP}(\d{{1,2}})(?![\d])(?!\s*[.．]\d)")
# "一、1", "一.1", "一1": Chinese section numeral, then item number.
_CN_FULL_CODE = re.compile(rf"(?<![{_CN}])([{_CN}])(?:{_SEP})?(\d{{1,2}})(?!\d)")
# "一、主要惠民…" at the start of a segment: a section marker.
_CN_SECTION = re.compile(rf"^\s*(?:第)?([{_CN}])\s*(?:[、.．]|部分|项目|大项)")
# "（四）", "(4)", "第3项", "第三项": an item number within the current section.
_ITEM = re.compile(
    rf"^\s*[（(]\s*([{_CN}]{{1,2}}|\d{{1,2}})\s*[)）]|第\s*([{_CN}]{{1,2}}|\d{{1,2}})\s*(?:项|条)"
)
# "4、xxx" / "4.xxx" at the start: an item number when a section is already known.
_LEADING_ITEM = re.compile(r"^\s*(\d{1,2})\s*[、.．](?!\d)")

_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(?<!\d)(20\d{2})[.\-_/．](\d{1,2})[.\-_/．](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),
)
_MONTH_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})\s*年\s*(\d{1,2})\s*月"),
    re.compile(r"(?<!\d)(20\d{2})[.\-_/．](\d{1,2})(?![\d.\-_/．])"),
)


@dataclass(frozen=True)
class CodeHint:
    """What one name segment says about the indicator."""

    code: str | None = None  # a full code "1.4"
    section: str | None = None  # a section marker "1"
    item: int | None = None  # an item number whose section comes from context


def code_hint(segment: str, valid: set[str]) -> CodeHint:
    """Read an indicator code, a section marker or an item number from one folder or file name."""
    for match in _FULL_CODE.finditer(segment):
        code = f"{int(match.group(1))}.{int(match.group(2))}"
        if code in valid:
            return CodeHint(code=code)
    for match in _CN_FULL_CODE.finditer(segment):
        section = cn_number(match.group(1))
        code = f"{section}.{int(match.group(2))}"
        if code in valid:
            return CodeHint(code=code)
    section_match = _CN_SECTION.match(segment)
    if section_match:
        return CodeHint(section=str(cn_number(section_match.group(1))))
    item_match = _ITEM.search(segment)
    if item_match:
        number = cn_number(item_match.group(1) or item_match.group(2))
        if number:
            return CodeHint(item=number)
    leading = _LEADING_ITEM.match(segment)
    if leading:
        return CodeHint(item=int(leading.group(1)))
    return CodeHint()


def find_date(text: str) -> str | None:
    """The first plausible date in a name, as ISO ``yyyy-mm-dd`` (or ``yyyy-mm`` for a month)."""
    if "20" not in text:  # every pattern starts with a year 20xx: most names are ruled out at once
        return None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                continue
    for pattern in _MONTH_PATTERNS:
        for match in pattern.finditer(text):
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12:
                return f"{year:04d}-{month:02d}"
    return None


def stem(name: str) -> str:
    """A file name without its extension (``a.b.pdf`` → ``a.b``)."""
    base, dot, _ext = name.rpartition(".")
    return base if dot and base else name


# ---------------------------------------------------------------- spellings of one name

# Inner archives are shown as folders ("各校/青云小学.zip/1.1/制度.pdf"): the folder's name is the stem.
_ARCHIVE_FOLDER = re.compile(r"\.(?:zip|rar|7z)$", re.IGNORECASE)


def folder_name(segment: str) -> str:
    """A folder segment as a name: ``青云街道中心小学.zip`` → ``青云街道中心小学``."""
    return _ARCHIVE_FOLDER.sub("", segment) or segment


@dataclass(frozen=True)
class _Keys:
    """Where a t2s dictionary key could start: a one-character key, or a longer key's first pair."""

    chars: frozenset[str]
    pairs: frozenset[str]
    first_of_pairs: frozenset[str]
    pair_pattern: re.Pattern[str]

    def may_change(self, text: str) -> bool:
        # The converter only replaces a key found at some position: a text holding none is returned
        # as it is, so most names never reach the converter.
        if not self.chars.isdisjoint(text):
            return True
        if self.first_of_pairs.isdisjoint(text):
            return False
        return self.pair_pattern.search(text) is not None


@lru_cache(maxsize=1)
def _t2s() -> tuple[Callable[[str], str], _Keys | None]:
    """The converter, and where its dictionary's keys start (None when unknown).

    Loaded on first use: its dictionary costs about 0.1 s, paid only by a check, never at start-up.
    """
    try:
        from opencc_purepy import OpenCC

        converter = OpenCC("t2s")
    except (ImportError, OSError):  # a bundle without its dictionary: match as written, never abort
        return str, _Keys(frozenset(), frozenset(), frozenset(), re.compile("(?!)"))
    return converter.convert, _keys(converter)


def _keys(converter: Any) -> _Keys | None:
    """The t2s dictionary's keys, read from the library's internals: any surprise there just turns
    the shortcut off."""
    try:
        refs = converter._get_dict_refs("t2s")
        rounds = [r for r in (refs.round_1, refs.round_2, refs.round_3) if r]
        keys = [key for r in rounds for key in r.merged_map if key]
    except Exception:  # internals changed: convert every name
        return None
    pairs = frozenset(key[:2] for key in keys if len(key) >= 2)
    pattern = re.compile("|".join(map(re.escape, sorted(pairs))) or "(?!)")
    return _Keys(frozenset(k for k in keys if len(k) == 1), pairs, frozenset(p[0] for p in pairs), pattern)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` with traditional characters made simplified, for matching only (never shown).

    Folders repeat for every file inside them, so each distinct segment is converted once.
    """
    if text.isascii():
        return text
    convert, keys = _t2s()
    if keys is not None and not keys.may_change(text):
        return text
    return convert(text)


def display_name(name: str) -> str:
    """A name read from disk as its author wrote it.

    On Linux a name that is not valid UTF-8 arrives surrogate-escaped (raw GBK bytes, as unzip and
    many extractors leave Chinese Windows names); it is decoded as GB18030, as zip names are.  Any
    other name is returned unchanged, so the result never holds a lone surrogate.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return name.encode("utf-8", "replace").decode("utf-8")
    return decode_chinese(raw) or raw.decode("gb18030", "replace")


def display_path(rel: str) -> str:
    """:func:`display_name` per ``/`` segment: a UTF-8 folder may hold a GBK-named file."""
    return "/".join(display_name(part) for part in rel.split("/"))
