"""Pack a checked submission folder into a clean zip to hand in.

Clean means: every name stored as UTF-8 with the zip's UTF-8 flag set (so Windows, macOS and
evcheck all read the same names), system junk and evcheck's own template notes left out, and a
manifest beside the zip listing each file's indicator, school and SHA-256 so the receiver can
verify what was sent.  Packing refuses while the check still finds errors, unless forced.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.check import drain, run_check
from app.discover import discover
from app.model import Report, Severity
from app.roster import Roster
from app.rubric import Rubric

UTF8_FLAG = 0x800
MANIFEST_COLUMNS = ("文件", "指标", "学校", "大小（字节）", "SHA256")


class PackRefused(Exception):
    """Packing was refused; the message says why and what to do (in the command line's words).

    ``reason`` and ``error_files`` let a window say it in its own words: "not_folder",
    "inside_folder", "errors" (the files with errors are in ``error_files``) or "write"."""

    def __init__(self, message: str, reason: str = "write", error_files: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.error_files = error_files


@dataclass
class PackResult:
    zip_path: Path
    manifest_path: Path
    files: int
    sha256: str  # of the zip itself
    report: Report
    errors: int  # files packed although they carry errors (only with force)

    @property
    def clean(self) -> bool:
        return not self.report.gaps and not self.errors


def manifest_path_for(zip_path: Path) -> Path:
    return zip_path.with_name(f"{zip_path.stem}-清单.csv")


def pack(
    folder: Path,
    out: Path,
    rubric: Rubric,
    roster: Roster | None = None,
    unit: str | None = None,
    force: bool = False,
    report: Report | None = None,
) -> PackResult:
    folder, out = Path(os.path.abspath(folder)), Path(os.path.abspath(out))
    if not folder.is_dir():
        raise PackRefused(f"{folder} 不是文件夹：请指定要打包的材料文件夹。", "not_folder")
    if out.is_relative_to(folder):
        raise PackRefused("压缩包不能保存在要打包的文件夹里面，请用 -o 指定文件夹外的位置。", "inside_folder")
    if report is None:
        report = drain(run_check(folder, rubric=rubric, roster=roster, unit=unit))
    errors = [f for f in report.files if any(x.severity == Severity.ERROR for x in f.findings)]
    if errors and not force:
        listing = "\n".join(f"  {f.path}" for f in errors[:10]) + ("\n  …" if len(errors) > 10 else "")
        raise PackRefused(
            f"还有 {len(errors)} 个文件有错误，暂不打包：\n{listing}\n"
            "请先按检查报告的提示修改；确需原样提交时可强制打包（命令行加 --force）。",
            "errors",
            tuple(f.path for f in errors),
        )
    by_path = {f.path: f for f in report.files}
    found = discover(folder)
    # Refused files and archives (read as folders) are still the clerk's files; junk never reaches here.
    entries = found.disk_files(folder)
    rows: list[tuple[str, str, str, str, str]] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for entry in entries:
                try:
                    digest = _add(zf, entry.rel, Path(entry.container, *entry.rel.split("/")), entry.mtime)
                except OSError as exc:
                    raise PackRefused(
                        f"无法读取“{entry.rel}”（{exc.strerror or exc}）：请关闭占用它的程序、确认有读取权限后重试。"
                    ) from exc
                rec = by_path.get(entry.rel)
                rows.append(
                    (
                        entry.rel,
                        (rec and rec.indicator) or "",
                        (rec and rec.school) or "",
                        str(entry.size),
                        digest,
                    )
                )
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    manifest = manifest_path_for(out)
    manifest.write_bytes(_manifest_csv(rows))
    return PackResult(out, manifest, len(rows), _sha256(out), report, len(errors))


class _Utf8Name(zipfile.ZipInfo):
    """Sets the UTF-8 flag on every name, ASCII ones too (zipfile sets it only on non-ASCII
    names, and resets ``flag_bits`` when a member is opened for writing)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("utf-8"), self.flag_bits | UTF8_FLAG


def _add(zf: zipfile.ZipFile, rel: str, source: Path, mtime: float) -> str:
    """Store one file under ``rel`` with the UTF-8 flag; returns its SHA-256."""
    stamp = time.localtime(max(mtime, 315532800 + 86400))  # zip dates start in 1980
    info = _Utf8Name(rel, date_time=stamp[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    h = hashlib.sha256()
    big = source.stat().st_size > 0x7FFF0000  # zip64 only where needed: old unzip tools lack it
    with open(source, "rb") as src, zf.open(info, "w", force_zip64=big) as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            h.update(chunk)
            dst.write(chunk)
    return h.hexdigest()


def _manifest_csv(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")  # BOM: Excel on Chinese Windows opens it correctly


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
