"""A writer killed with SIGKILL mid-way loses nothing it committed, and leaves a valid file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.review.store import ReviewStore
from app.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
UNIT = "奎文区教管办"

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from app.review.store import ReviewStore
    from app.rubric import load_rubric

    store = ReviewStore.open(sys.argv[1], load_rubric(), who="子进程")
    for n in range(100000):
        store.link_evidence("奎文区教管办", "1.1", f"1.1/照片{n}.jpg", n + 1)
        store.set_inputs("奎文区教管办", "2.1", {"repeat": n})
        print(n + 1, flush=True)  # edits 0 … n are committed
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_way_keeps_every_committed_edit(tmp_path):
    path = tmp_path / "review.sqlite"
    with ReviewStore.create(path, load_rubric(), "张三") as store:
        store.add_unit(UNIT, weight=10)
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    committed = 0
    assert child.stdout is not None
    for line in child.stdout:  # let it run a while, then pull the plug
        committed = int(line)
        if committed >= 60:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert committed >= 60

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with ReviewStore.open(path) as again:
        links = again.item(UNIT, "1.1").evidence
        # every printed edit is there; at most the one in flight after the last print as well
        assert committed <= len(links) <= committed + 1
        assert [e.path for e in links[:committed]] == [f"1.1/照片{n}.jpg" for n in range(committed)]
        repeat = again.item(UNIT, "2.1").inputs["repeat"]
        assert committed - 1 <= repeat <= committed
        assert len(again.audit(UNIT)) >= 1 + 2 * committed  # add_unit + two edits each
