"""``evcheck gui``: app/ imports no QtWidgets until the window is wanted; --screenshot writes a PNG."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

from app.review.store import ReviewStore
from app.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # keep the run away from the real user's settings, review and cache folders
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def test_cli_does_not_import_qt_widgets_until_the_window_runs():
    code = (
        "import sys, app.cli, app.commands.gui; app.cli.build_parser(); "
        "print(any(m.startswith(('PySide6.QtWidgets', 'PySide6.QtGui', 'ui')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_screenshot_of_the_demo_is_a_1280x800_png(tmp_path):
    shot = tmp_path / "demo.png"
    run = subprocess.run(
        [sys.executable, "-m", "evcheck", "gui", "--demo", "--screenshot", str(shot)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    with Image.open(shot) as img:
        assert img.size == (1280, 800)
        # not a blank window: many distinct colours (matrix tints, icons, the previewed file)
        assert len(img.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50
    assert not (tmp_path / "xdg_config_home" / "evcheck").exists()  # screenshots leave no settings


def test_screenshot_of_a_bad_path_still_renders_and_explains(tmp_path):
    shot = tmp_path / "bad.png"
    run = subprocess.run(
        [sys.executable, "-m", "evcheck", "gui", str(tmp_path / "nope.zip"), "--screenshot", str(shot)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert shot.is_file()


def test_killed_mid_scan_the_next_start_works_and_the_review_is_intact(tmp_path):
    env = _env(tmp_path)
    review = Path(env["XDG_DATA_HOME"]) / "evcheck" / "review.evreview"
    review.parent.mkdir(parents=True)
    store = ReviewStore.create(review, load_rubric(), "测试")
    store.add_unit("奎文区教管办")
    store.reassign("奎文区教管办", "（四）台账/IMG_20201015_093012.jpg", "1.4", "潍坊市奎文区孙家小学")
    store.close()
    gui = subprocess.Popen(
        [sys.executable, "-m", "evcheck", "gui", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its inspection workers too: the whole group is killed
    )
    time.sleep(2.5)  # the window is up and scanning
    os.killpg(gui.pid, signal.SIGKILL)
    gui.wait(30)
    reopened = ReviewStore.open(review, load_rubric())
    assert reopened.corrections("奎文区教管办").reassign == {
        "（四）台账/IMG_20201015_093012.jpg": ("1.4", "潍坊市奎文区孙家小学")
    }
    reopened.close()
    shot = tmp_path / "after.png"
    run = subprocess.run(
        [sys.executable, "-m", "evcheck", "gui", "--demo", "--screenshot", str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert shot.is_file()
