"""Full-text search over the content pass's texts: folded matching, a snippet per hit.

Folded: traditional characters as simplified (app.names.fold), full-width forms as half-width
and Kangxi radicals as ordinary characters (NFKC and app.signals.text), case and whitespace
ignored — so 「學生資助」 finds 学生资助 in a scan, and ＡＢＣ finds abc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.names import fold
from app.signals.text import normalize

SNIPPET = 18  # characters shown on each side of a hit


@dataclass(frozen=True)
class Hit:
    path: str
    page: int  # 1-based
    snippet: str  # folded text around the hit, the hit in 【】


def folded(text: str) -> str:
    return fold(normalize(text)).lower()


def search(texts: Iterable[tuple[str, list[str]]], query: str, limit_per_page: int = 5) -> Iterator[Hit]:
    """Every hit of ``query`` in ``texts`` ((path, page texts) pairs), in the given order."""
    needle = folded(query)
    if not needle:
        return
    for path, pages in texts:
        for n, page in enumerate(pages, 1):
            hay = folded(page.replace("\n", ""))
            start, shown = hay.find(needle), 0
            while start >= 0 and shown < limit_per_page:
                end = start + len(needle)
                before = hay[max(0, start - SNIPPET) : start]
                after = hay[end : end + SNIPPET]
                yield Hit(path, n, f"{'…' if start > SNIPPET else ''}{before}【{hay[start:end]}】{after}…")
                shown += 1
                start = hay.find(needle, end)
