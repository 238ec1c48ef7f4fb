"""Build the one-folder bundle with PyInstaller (build_installer.spec) and run it as a user would.

The bundle runs with a bare environment (only PATH, HOME and QT_QPA_PLATFORM), so nothing can come
from this checkout or its Python. Takes about a minute on two cores; CI runs it, locally
``EVCHECK_SKIP_BUNDLE=1`` skips it. Build time and size are printed (``-s`` shows them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SIZE_TARGET_MB = 150

pytestmark = pytest.mark.skipif(
    os.environ.get("EVCHECK_SKIP_BUNDLE") == "1", reason="EVCHECK_SKIP_BUNDLE=1: bundle build skipped"
)


def _tree_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    command += ["--distpath", str(out / "dist"), "--workpath", str(out / "build"), "build_installer.spec"]
    build = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    assert build.returncode == 0, f"PyInstaller failed:\n{build.stdout[-3000:]}\n{build.stderr[-6000:]}"
    folder = out / "dist" / "evcheck"
    print(f"\nbundle: built in {seconds:.0f} s, {_tree_size(folder) / 2**20:.1f} MB at {folder}")
    return folder


def run(bundle: Path, *args: str, home: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the bundled program the way a user's shell would, knowing nothing of this checkout."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [str(bundle / "evcheck"), *args], env=env, cwd=home, capture_output=True, timeout=timeout
    )


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_version_is_the_projects(bundle, home):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = run(bundle, "--version", home=home)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == f"evcheck {version}"


def test_check_demo_gives_the_json_report(bundle, home):
    done = run(bundle, "check", "--demo", "--format", "json", home=home)
    assert done.returncode == 1, done.stderr.decode()  # the demo has planted gaps and errors
    # files are inspected in worker processes; the pool says so if it had to fall back in-process
    assert "workers cannot start" not in done.stderr.decode(), done.stderr.decode()
    report = json.loads(done.stdout.decode("utf-8"))
    assert report["schema"] == "evcheck.report/1"
    assert report["unit"] == "奎文区教管办"
    assert report["gaps"]
    paths = {f["path"] for f in report["files"]}
    assert "（四）台账/孙家小学台账.pdf" in paths  # Chinese names survive a bare (C locale) environment


def test_gui_demo_screenshot_is_a_png_of_the_window(bundle, home):
    shot = home / "window.png"
    done = run(bundle, "gui", "--demo", "--screenshot", str(shot), home=home)
    assert done.returncode == 0, done.stderr.decode()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as img:
        assert img.size == (1280, 800)
        # a real window, not a blank grab: many distinct colours
        assert len(img.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50


def test_worker_processes_run_in_the_frozen_program(bundle, home, tmp_path):
    """The signals pass hashes photos in spawned workers: a frozen program must start them as workers,
    not as a second copy of itself. A resized copy of a photo is only found if they ran."""
    folder = tmp_path / "测试教管办" / "1.1 制度"
    folder.mkdir(parents=True)
    picture = Image.new("RGB", (640, 480), (240, 230, 200))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((100, 80, 400, 380), fill=(30, 120, 200))
    draw.rectangle((420, 50, 600, 300), fill=(200, 40, 40))
    draw.line((0, 470, 640, 0), fill=(0, 0, 0), width=9)
    picture.save(folder / "孙家小学制度上墙.jpg", quality=92)
    picture.resize((480, 360)).save(folder / "樱园小学制度上墙.png")
    done = run(bundle, "check", str(folder.parent), "--signals", "--no-cache", "--format", "json", home=home)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert "workers cannot start" not in done.stderr.decode(), done.stderr.decode()
    report = json.loads(done.stdout.decode("utf-8"))
    codes = {f["path"]: {x["code"] for x in f["findings"]} for f in report["files"]}
    assert all("dup.similar" in found for found in codes.values()), codes


def test_bundled_heic_decoder_reads_iphone_photos(bundle, tmp_path):
    """The bundle ships libheif with a stand-in for the (GPL, encode-only) x265 library: load the
    bundled extension and libraries into this interpreter and decode a HEIC photo with them."""
    pillow_heif = pytest.importorskip("pillow_heif")
    photo = tmp_path / "photo.heic"
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (200, 30, 30))).save(photo, quality=90)
    internal = bundle / "_internal"
    assert (internal / "pillow_heif.libs").is_dir()
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "import _pillow_heif, pillow_heif; from PIL import Image;"
        "assert _pillow_heif.__file__.startswith(sys.argv[1]), _pillow_heif.__file__;"
        "pillow_heif.register_heif_opener(); im = Image.open(sys.argv[2]); im.load();"
        "print(json.dumps([im.size, im.convert('RGB').getpixel((10, 10))]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(internal), str(photo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    size, (r, g, b) = json.loads(done.stdout)
    assert size == [64, 48]
    assert r > 150 and g < 80 and b < 80


def test_bundle_ships_no_x265_encoder_code(bundle):
    """libheif links to x265 (GPL-2.0, 20 MB) only to encode; the spec swaps in an empty stand-in."""
    x265 = list((bundle / "_internal").rglob("libx265*"))
    assert x265, "libheif needs a libx265 to load"
    assert all(p.stat().st_size < 100_000 for p in x265), (
        "the real x265 encoder was bundled: the build machine needs a C compiler (gcc and libc6-dev)"
    )


def test_bundle_is_lean_and_carries_its_data(bundle):
    size_mb = _tree_size(bundle) / 2**20
    assert size_mb <= SIZE_TARGET_MB, f"bundle is {size_mb:.0f} MB (build machine without gcc or binutils?)"
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    # only the Qt parts the app uses: no QML/Quick, no other languages' Qt translations
    assert not [n for n in names if n.startswith(("libQt6Qml", "libQt6Quick", "QtQml", "QtQuick"))]
    qt_translations = internal / "PySide6" / "Qt" / "translations"
    assert sorted(p.name for p in qt_translations.iterdir()) == ["qtbase_zh_CN.qm"]
    resources = internal / "resources"
    assert (resources / "rubrics" / "2020.toml").is_file()
    assert (resources / "demo" / "roster.csv").is_file()
    assert (resources / "icons" / "evcheck.png").is_file()
    assert (resources / "i18n" / "evcheck_zh_CN.qm").is_file()
    assert (internal / "licenses" / "pypdf").is_dir()


def test_bundled_pypdf_opens_aes256_restricted_pdfs(bundle, home, tmp_path):
    """'Restrict editing' PDFs (AES-256, owner password only) open without a password; pypdf needs the
    bundled pycryptodome for that (and PDFium as the second opinion). Without them the file would wrongly
    read as locked."""
    from pypdf import PdfWriter

    folder = tmp_path / "测试教管办" / "1.3 领导小组"
    folder.mkdir(parents=True)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="", owner_password="owner-only", algorithm="AES-256")
    with open(folder / "领导小组文件.pdf", "wb") as fh:
        writer.write(fh)
    done = run(bundle, "check", str(folder.parent), "--no-cache", "--format", "json", home=home)
    assert done.returncode in (0, 1), done.stderr.decode()
    report = json.loads(done.stdout.decode("utf-8"))
    (record,) = [f for f in report["files"] if f["path"].endswith("领导小组文件.pdf")]
    assert "file.encrypted" not in {x["code"] for x in record["findings"]}, record


def test_bundled_program_reads_rar_7z_and_traditional_names(bundle, home, tmp_path):
    """unrar (through cffi), py7zr and opencc's trimmed dictionary all ship: a RAR of school zips
    checks like the folder, a 7z opens, and a folder written in traditional characters is read."""
    from tests import office_unit
    from tests.hostile import pdf_bytes

    rar = Path(__file__).parent / "fixtures" / "office_unit" / f"{office_unit.UNIT}.rar"
    roster = office_unit.clean_roster_csv(tmp_path / "roster.csv")
    done = run(
        bundle, "check", str(rar), "--roster", str(roster), "--no-cache", "--format", "json", home=home
    )
    assert done.returncode == 1, done.stderr.decode()
    report = json.loads(done.stdout.decode("utf-8"))
    assert len(report["files"]) == len(office_unit.spec().files)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert by_name["台賬.pdf"]["indicator"] == "1.4"  # in "一、4 實施進程"
    seven = Path(__file__).parent / "fixtures" / "archives" / "p7zip.7z"
    done = run(bundle, "check", str(seven), "--no-cache", "--format", "json", home=home)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert json.loads(done.stdout.decode("utf-8"))["files"]
    folder = tmp_path / "測試教管辦" / "領導小組"  # no item number: only the folded keyword tells 1.3
    folder.mkdir(parents=True)
    (folder / "通知.pdf").write_bytes(pdf_bytes())
    done = run(bundle, "check", str(folder.parent), "--no-cache", "--format", "json", home=home)
    (record,) = json.loads(done.stdout.decode("utf-8"))["files"]
    assert record["indicator"] == "1.3", record
