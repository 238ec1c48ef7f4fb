"""How long one review edit takes (the GUI calls the store on its own thread), and a full score.

    python3 bench/bench_review.py [N]

Prints a table: operation, count, mean ms, max ms.  synchronous=FULL makes every commit wait for
the disk, so the numbers depend on the storage; on an SSD they should stay well under a frame.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.review.store import ReviewStore
from app.rubric import load_rubric


def timed(label, n, fn):
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    print(f"| {label:<28} | {n:>5} | {sum(times) / n:>8.2f} | {max(times):>8.2f} |")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        store = ReviewStore.create(Path(tmp) / "bench.sqlite", load_rubric(), "bench")
        for u in range(30):
            store.add_unit(f"单位{u}", weight=8)
        print("| operation                    | count |  mean ms |   max ms |")
        print("|------------------------------|-------|----------|----------|")
        timed("set_inputs (one edit)", n, lambda i: store.set_inputs("单位0", "1.1", {"missing": i % 10}))
        timed(
            "confirm",
            n,
            lambda i: (store.set_inputs("单位1", "2.1", {"repeat": i % 4}), store.confirm("单位1", "2.1")),
        )
        timed("score(unit) (live recompute)", n, lambda i: store.score("单位0"))
        timed("document() 30 units", max(1, n // 20), lambda i: store.document())
        store.close()


if __name__ == "__main__":
    main()
