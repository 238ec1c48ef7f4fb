"""Text helpers for PDF signals: CJK normalisation, school mentions, 文号 and document dates.

PDF text extraction often returns Kangxi radicals (⼩ U+2F29 for 小) and CJK Radicals Supplement
characters (⻘ U+2ED8 for 青) because CJK fonts map both code points to one glyph. NFKC folds the
Kangxi block and the compatibility ideographs; the supplement has no decomposition, so
:data:`RADICALS` maps the forms that stand for whole characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from app.cntext import CN_DIGITS, cn_number

# CJK Radicals Supplement → the ordinary character it is drawn like (only forms that are whole
# characters in running text; pure components such as ⻌ are mapped to their standalone form).
RADICALS: dict[str, str] = {
    "⺁": "厂", "⺆": "冂", "⺇": "几", "⺊": "卜", "⺌": "小", "⺍": "小", "⺎": "尢", "⺐": "尢",
    "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺕": "彐", "⺗": "心", "⺜": "日", "⺝": "月", "⺞": "歹",
    "⺟": "母", "⺠": "民", "⺡": "水", "⺢": "水", "⺣": "火", "⺤": "爪", "⺥": "爪", "⺧": "牛",
    "⺨": "犬", "⺩": "王", "⺫": "目", "⺬": "示", "⺭": "示", "⺮": "竹", "⺯": "糸", "⺰": "纟",
    "⺱": "网", "⺲": "网", "⺳": "网", "⺴": "网", "⺵": "网", "⺶": "羊", "⺷": "羊", "⺹": "老",
    "⺺": "聿", "⺻": "聿", "⺼": "肉", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衣", "⻃": "西", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠", "⻉": "贝",
    "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長",
    "⻒": "長", "⻓": "长", "⻔": "门", "⻕": "阜", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣", "⻡": "首",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟",
    "⻲": "龟", "⻳": "龟",
}  # fmt: skip
_RADICAL_TABLE = str.maketrans(RADICALS)
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def normalize(text: str) -> str:
    """Fold radicals and compatibility forms to ordinary characters and drop all whitespace.

    Whitespace goes because extraction puts spaces and line breaks between CJK characters at
    random (a school name may be split across two lines).
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_RADICAL_TABLE))


def normalize_lines(text: str) -> str:
    """:func:`normalize` per line, keeping the line breaks (a 文号 sits on a line of its own)."""
    lines = (normalize(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def letters_only(text: str) -> str:
    """Only CJK, digits and Latin letters: punctuation and layout differences do not count."""
    return _NOT_WORD.sub("", text)


def mentioned(text: str, names: Iterable[str]) -> list[str]:
    """The ``names`` found in normalised ``text``, longest first; a shorter name inside a longer
    one that was found does not count (so 实验小学 is not found inside 北关实验小学)."""
    found: list[str] = []
    for name in sorted({normalize(n) for n in names if n}, key=len, reverse=True):
        if name in text:
            found.append(name)
            text = text.replace(name, "\x00")
    return found


def strip_names(text: str, names: Iterable[str]) -> str:
    """``text`` with every name removed, longest first: what is left of a template."""
    for name in sorted({normalize(n) for n in names if n}, key=len, reverse=True):
        text = text.replace(name, "")
    return text


# 青教发〔2020〕3号, 潍教字[2020]12号, 【2020】, (2020), （2020） — NFKC has turned full-width
# brackets into ASCII ones already.
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}?[发字函办通令])\s*[〔\[【(]\s*((?:19|20)\d\d)\s*[〕\]】)]\s*第?\s*(\d{1,4})\s*号"
)


def doc_number(text: str) -> tuple[str, int] | None:
    """The first 文号 in the (normalised) text, written the standard way, and its year."""
    m = _DOC_NUMBER.search(text)
    if not m:
        return None
    prefix, year, number = m.group(1), int(m.group(2)), int(m.group(3))
    # On a line shared with the title or the letterhead the match starts too early: the prefix
    # proper follows the last of these words.
    for word in ("文件", "通知", "的", "》"):
        cut = prefix.rfind(word)
        if cut >= 0 and cut + len(word) < len(prefix):
            prefix = prefix[cut + len(word) :]
    return f"{prefix}〔{year}〕{number}号", year


_ARABIC_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)


def document_dates(text: str) -> list[str]:
    """ISO dates written in the text (2020年10月15日 or 二〇二〇年十月十五日), in text order."""
    found: list[tuple[int, str]] = []
    for m in _ARABIC_DATE.finditer(text):
        found.append((m.start(), _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _CN_DATE.finditer(text):
        year = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
        found.append((m.start(), _iso(year, cn_number(m.group(2)) or 0, cn_number(m.group(3)) or 0)))
    return [d for _, d in sorted(found) if d]


def _iso(year: int, month: int, day: int) -> str:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def shingles(text: str, size: int = 4, sample: int = 4) -> set[int]:
    """Hashes of the text's ``size``-character shingles, keeping about 1 in ``sample``.

    Keeping the shingles whose hash is 0 modulo ``sample`` is a consistent sample: two texts keep
    the same shingles where they agree, so the Jaccard similarity of the samples estimates the
    full one, at a quarter of the memory.
    """
    import zlib

    out: set[int] = set()
    data = letters_only(text)
    for i in range(len(data) - size + 1):
        h = zlib.crc32(data[i : i + size].encode("utf-8"))
        if h % sample == 0:
            out.add(h)
    return out
