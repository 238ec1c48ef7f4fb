"""Chinese text as people and programs write it, once for the whole core: numerals (一…十, 〇/零 in
years) and bytes of unknown encoding, decoded "UTF-8 first, then GB18030" — valid UTF-8 of any length
is almost never accidental GBK, and GB18030 is the superset of GBK/GB2312 that Chinese Windows writes."""

from __future__ import annotations

CN_NUMERALS = "一二三四五六七八九十"
"""The numerals of section and item numbers (一、 / （四） / 第三项), for regular expressions."""

CN_DIGITS: dict[str, int] = {
    **dict.fromkeys("〇○零O", 0),  # years are written 二〇二〇, 二○二○, 二零二零 and with a letter O
    **{c: n for n, c in enumerate("一二三四五六七八九", start=1)},
}


def cn_number(text: str) -> int | None:
    """``"四"`` → 4, ``"十二"`` → 12, ``"二十五"`` → 25, ``"7"`` → 7; None when it is not a number below 100."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    ten = CN_DIGITS.get(tens) if tens else 1
    one = CN_DIGITS.get(ones) if ones else 0
    return None if ten is None or one is None else ten * 10 + one


def decode_chinese(raw: bytes, first: str = "utf-8") -> str | None:
    """``raw`` decoded as ``first`` (UTF-8, or "utf-8-sig" to drop a BOM), else as GB18030; None when
    neither fits."""
    for encoding in (first, "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
