"""A zip of school zips against the same files unpacked: what reading nested archives costs.

    python3 bench/bench_nested.py [SCHOOLS] [FILES]     # default 40 schools x 20 files

Each school gets FILES small PDFs and JPEGs (made here) under an indicator folder. The same tree is
written once unpacked in a folder and once as ``各校.zip`` holding one ``学校N.zip`` per school
(each inner zip deflated, as Windows "send to compressed folder" writes). Both are checked with the
real pipeline (``run_check``, ``use_cache=False``), best of three runs, and printed as a table with
the ratio; the two reports must list the same files with the same findings. Everything lives in a
temporary folder that is deleted afterwards.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import archive
from app.check import CheckOptions, drain, run_check
from app.rubric import load_rubric
from tests.hostile import jpeg_bytes, pdf_bytes


def school_files(index: int, count: int) -> dict[str, bytes]:
    files = {}
    for j in range(count):
        indicator = ("1.1", "2.3", "3.1", "4.2")[j % 4]
        if j % 2:
            files[f"{indicator}/学校{index}制度{j}.pdf"] = pdf_bytes(1 + j % 3)
        else:
            files[f"{indicator}/学校{index}照片{j}.jpg"] = jpeg_bytes((320 + j, 240))
    return files


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def timed(source: Path, rubric: object) -> tuple[float, dict[str, list[str]]]:
    best, report = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        report = drain(run_check(source, rubric=rubric, options=CheckOptions(use_cache=False)))  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
        archive.close_archives()
    assert report is not None
    return best, {f.path: sorted(x.code for x in f.findings) for f in report.files}


def main() -> None:
    schools = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    per_school = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rubric = load_rubric()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "unpacked" / "各校"
        inner = {}
        for i in range(schools):
            files = school_files(i, per_school)
            for rel, data in files.items():
                path = folder / f"学校{i}" / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            inner[f"各校/学校{i}.zip"] = zipped(files)
        packed = root / "各校.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as zf:
            for name, data in inner.items():
                zf.writestr(name, data)

        t_folder, folder_files = timed(root / "unpacked", rubric)
        t_zip, zip_files = timed(packed, rubric)
        same = {p.replace(".zip/", "/"): c for p, c in zip_files.items()} == folder_files
        n = len(folder_files)
        print(f"{schools} schools x {per_school} files = {n} files; cores {os.cpu_count()}; best of 3")
        print(f"{'source':<28}{'seconds':>9}{'files/s':>10}")
        print(f"{'folder (unpacked)':<28}{t_folder:>9.2f}{n / t_folder:>10.0f}")
        print(f"{'zip of school zips':<28}{t_zip:>9.2f}{n / t_zip:>10.0f}")
        print(f"ratio zip/folder: {t_zip / t_folder:.2f}; same files and findings: {same}")


if __name__ == "__main__":
    main()
