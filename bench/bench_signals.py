"""Time and peak memory of the near-duplicate photo search over many images.

    python3 bench/bench_signals.py [N]        (default N = 5000)

Writes N small synthetic photographs (1 % of them resized re-saved copies of others) to a temp
folder filed for four schools, then measures: hashing in this process, the whole signals pass
(worker pool, cold cache, then warm cache), and the pair search through the index against a
naive all-pairs comparison. Prints a table.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.check import CheckOptions, drain, run_check
from app.discover import discover
from app.rubric import load_rubric
from app.signals import (
    SignalOptions,
    imagehash,
    run_signals,
)
from app.signals.detect import similar_images
from app.signals.features import extract
from app.signals.index import HashIndex
from tests.signal_samples import jpeg_bytes, photo

SCHOOLS = ["北关小学", "于河小学", "望留中学", "符山中学"]


def write_photos(folder: Path, n: int) -> int:
    d = folder / "1.5 专题宣传活动"
    d.mkdir(parents=True)
    rng = random.Random(7)
    copies = n // 100
    originals = n - copies
    for i in range(originals):
        name = f"潍坊市潍城区{SCHOOLS[i % 4]}宣传活动照片{i:05d}.jpg"
        (d / name).write_bytes(jpeg_bytes(photo(i, (320, 240)), 80, "2020:10:15 09:00:00"))
    for k in range(copies):
        i = rng.randrange(originals)
        im = photo(i, (320, 240)).resize((240, 180))
        name = f"潍坊市潍城区{SCHOOLS[(i + 1) % 4]}宣传活动照片副本{k:05d}.jpg"
        (d / name).write_bytes(jpeg_bytes(im, 60, "2020:10:15 09:00:00"))
    return copies


def peak_mb(func):
    """(result, seconds, peak MB): timed untraced, then run again under tracemalloc (which slows
    Python code several times over) for the peak of memory allocated during the call."""
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "潍城区教管办"
        t = time.perf_counter()
        copies = write_photos(folder, n)
        wrote = time.perf_counter() - t

        entries = discover(folder).entries
        sample = entries[:500]
        t = time.perf_counter()
        hashes = [extract(e, "image", "jpeg") for e in sample]
        per = (time.perf_counter() - t) / len(sample) * 1000
        assert all("phash" in h for h in hashes)
        rows.append(("hash one image (in process)", f"{per:.2f} ms", "", "draft decode + 32×32 DCT"))

        rubric = load_rubric()
        report = drain(run_check(folder, rubric=rubric, options=CheckOptions(use_cache=False)))
        cache = Path(tmp) / "cache"
        options = SignalOptions(cache_dir=str(cache))
        t = time.perf_counter()
        signals = drain(run_signals(folder, report, rubric, None, options))
        cold = time.perf_counter() - t
        found = sum(1 for s in signals if s.code == "dup.similar")
        rows.append(
            (f"signals pass, {n} images, cold cache", f"{cold:.1f} s", "", f"{os.cpu_count()} workers")
        )
        t = time.perf_counter()
        again = drain(run_signals(folder, report, rubric, None, options))
        warm = time.perf_counter() - t
        rows.append((f"signals pass, {n} images, warm cache", f"{warm:.2f} s", "", "features from the cache"))
        assert [s.key for s in again] == [s.key for s in signals]

        # the search alone, from the cached hashes
        features = dict(zip((r.path for r in report.files), _features(cache, folder, report), strict=True))
        radius = int((1 - options.image_similarity) * imagehash.BITS + 1e-9)
        values = [int(f.get("phash", 0)) for f in features.values()]

        def indexed():
            index = HashIndex()
            for v in values:
                index.add(v)
            return index.pairs(radius)

        pairs, seconds, peak = peak_mb(indexed)
        rows.append(
            (
                f"index search ({len(values)} hashes)",
                f"{seconds:.2f} s",
                f"{peak:.1f} MB",
                f"{len(pairs)} pairs",
            )
        )
        naive_pairs, seconds, peak = peak_mb(
            lambda: sum(1 for a, b in combinations(values, 2) if (a ^ b).bit_count() <= radius)
        )
        rows.append(
            ("naive all-pairs, same radius", f"{seconds:.2f} s", f"{peak:.1f} MB", f"{naive_pairs} pairs")
        )
        big = [random.Random(k).getrandbits(64) for k in range(4 * len(values))]

        def indexed_big():
            index = HashIndex()
            for v in big:
                index.add(v)
            return index.pairs(radius)

        _, seconds, peak = peak_mb(indexed_big)
        rows.append(
            (f"index search ({len(big)} random hashes)", f"{seconds:.2f} s", f"{peak:.1f} MB", "scaling")
        )
        _, seconds, peak = peak_mb(lambda: similar_images(report.files, features, options))
        rows.append(
            ("dup.similar rules (index + filters)", f"{seconds:.2f} s", f"{peak:.1f} MB", f"{found} signals")
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak RSS of this process", "", f"{rss:.0f} MB", "incl. Qt-free check pipeline"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'time':>9}  {'memory':>9}  note")
    for name, seconds, memory, note in rows:
        print(f"{name:<{width}}  {seconds:>9}  {memory:>9}  {note}")
    print(f"planted copies: {copies}, dup.similar signals: {found}")
    print(f"wrote {n} photos ({copies} planted copies) in {wrote:.0f} s")


def _features(cache: Path, folder: Path, report) -> list[dict]:
    from app.signals.cache import FeatureCache
    from app.signals.features import VERSION

    entries = {e.rel: e for e in discover(folder).entries}
    fc = FeatureCache(cache, VERSION)
    out = [fc.get(entries[r.path]) or {} for r in report.files]
    fc.close()
    return out


if __name__ == "__main__":
    main()
