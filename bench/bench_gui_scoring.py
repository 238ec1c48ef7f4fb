"""How long one score edit takes in the scoring panel: save (one transaction) + live recompute + redraw,
and how many references to None the Qt binding drops per edit.

Run: QT_QPA_PLATFORM=offscreen python3 bench/bench_gui_scoring.py   (prints a table; no assertions)

On PySide6 6.12 with Python 3.11 this script ends with "Fatal Python error: none_dealloc": every
Qt call that returns nothing (setText, setValue, setEnabled …) drops a reference to None, and
Python < 3.12 frees None when the count reaches 0.  The last column measures it.  That is the
binding's bug, not the panel's; the whole window is affected (see the scoring helper's report).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from app.review import ReviewStore
from app.rubric import load_rubric
from ui.scoring.panel import ScoringPanel

EDITS = 50  # few: on PySide6 6.12 + Python 3.11 each Qt void call drops a reference to None (see below)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    rubric = load_rubric()
    with tempfile.TemporaryDirectory() as tmp:
        store = ReviewStore.create(Path(tmp) / "bench.evreview", rubric, "bench")
        panel = ScoringPanel(rubric)
        panel.default_weight = 80.0
        panel.set_store(store)
        panel.set_unit("单位")
        panel.show()
        app.processEvents()
        spin = panel._forms["1.1"].widgets["missing"]
        rows = []
        for label, action in (
            ("count edit (spin box)", lambda n: spin.setValue(n % 10)),
            ("undo", lambda n: panel.undo_stack.undo()),
            ("weight edit", lambda n: panel.edit_unit(weight=50.0 + n % 50)),
        ):
            times = []
            nones = sys.getrefcount(None)
            for n in range(1, EDITS + 1):
                start = time.perf_counter()
                action(n)
                app.processEvents()
                times.append((time.perf_counter() - start) * 1000)
            lost = (nones - sys.getrefcount(None)) / EDITS
            rows.append((label, statistics.median(times), max(times), lost))
        store.close()
    print(f"{'edit':<24}{'median ms':>10}{'max ms':>10}{'None refs lost':>16}   ({EDITS} each)")
    for label, median, worst, lost in rows:
        print(f"{label:<24}{median:>10.2f}{worst:>10.2f}{lost:>16.1f}")
    # "None refs lost" > 0: the Qt binding returns None from void calls without a reference; on
    # Python < 3.12 (None not immortal) the process aborts once the ~20 000 references are gone
    print(f"None references left: {sys.getrefcount(None)}")


if __name__ == "__main__":
    main()
