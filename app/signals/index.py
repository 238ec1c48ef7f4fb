"""Near-neighbour search over 64-bit hashes by multi-index hashing.

The hash is cut into BANDS bands of 16 bits. If two hashes differ in at most ``radius`` bits,
then by the pigeonhole principle at least one band differs in at most ``radius // BANDS`` bits.
So each band gets a table (band value → ids), and a query only looks up the band values within
that small radius of its own — the candidates are then checked on the whole hash. Exact (no pair
within the radius is missed), and for thousands of hashes far faster than comparing all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from itertools import combinations

BITS = 64
BANDS = 4  # for the default radius 12 each band is probed within 3 bits: 697 probes per band
_WIDTHS = [BITS // BANDS + (1 if i < BITS % BANDS else 0) for i in range(BANDS)]
_SHIFTS = [sum(_WIDTHS[:i]) for i in range(BANDS)]


@cache
def _flips(width: int, radius: int) -> tuple[int, ...]:
    """All ``width``-bit masks with at most ``radius`` bits set."""
    masks = [0]
    for r in range(1, radius + 1):
        for bits in combinations(range(width), r):
            m = 0
            for b in bits:
                m |= 1 << b
            masks.append(m)
    return tuple(masks)


def _bands(value: int) -> list[int]:
    return [(value >> shift) & ((1 << width) - 1) for shift, width in zip(_SHIFTS, _WIDTHS, strict=True)]


class HashIndex:
    """Ids with a 64-bit hash each; :meth:`near` finds those within a Hamming radius."""

    def __init__(self) -> None:
        self._hashes: list[int] = []
        self._tables: list[defaultdict[int, list[int]]] = [defaultdict(list) for _ in range(BANDS)]
        self._keys: list[set[int]] = [set() for _ in range(BANDS)]  # each table's keys, for set algebra

    def __len__(self) -> int:
        return len(self._hashes)

    def add(self, value: int) -> int:
        """Add a hash; its id is its position."""
        ident = len(self._hashes)
        self._hashes.append(value)
        for table, keys, band in zip(self._tables, self._keys, _bands(value), strict=True):
            table[band].append(ident)
            keys.add(band)
        return ident

    def near(self, value: int, radius: int) -> list[tuple[int, int]]:
        """(id, distance) of every stored hash within ``radius`` bits of ``value``."""
        seen: set[int] = set()
        for table, keys, band, width in zip(self._tables, self._keys, _bands(value), _WIDTHS, strict=True):
            flips = _flips(width, radius // BANDS)
            # set(map(...)) and the set intersection both run in C: no Python loop per probe.
            for key in keys.intersection(map(band.__xor__, flips)):
                seen.update(table[key])
        out = []
        for ident in seen:
            d = (self._hashes[ident] ^ value).bit_count()
            if d <= radius:
                out.append((ident, d))
        return out

    def pairs(self, radius: int) -> list[tuple[int, int, int]]:
        """Every pair (i, j, distance) with i < j within ``radius`` bits."""
        # Query each hash against those added before it: every pair is looked at once.
        incremental = HashIndex()
        out: list[tuple[int, int, int]] = []
        for j, value in enumerate(self._hashes):
            out.extend((i, j, d) for i, d in incremental.near(value, radius))
            incremental.add(value)
        return out
