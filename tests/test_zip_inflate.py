"""Deflated zip members are inflated by ISA-L (app.archive_zip._IsalInflater): the same bytes as
zlib gives, and damaged data gets the verdict it got before — on zips made by the real 7z tool."""

from __future__ import annotations

import random
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from app import archive, archive_zip
from app.discover import discover
from app.inspect import _sha256, inspect_entry
from tests.hostile import jpeg_bytes, pdf_bytes, write

pytestmark = pytest.mark.skipif(shutil.which("7z") is None, reason="needs the 7z tool")


@pytest.fixture(autouse=True)
def _close_archives():
    yield
    archive.close_archives()


def seven_zip(folder: Path, dest: Path) -> Path:
    subprocess.run(
        ["7z", "a", "-tzip", "-mm=Deflate", "-mx=9", str(dest), "."],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return dest


def make_zip(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    rng = random.Random(14)
    files = {
        "1.1/照片.jpg": jpeg_bytes((640, 480)),
        "1.2/台账.pdf": pdf_bytes(3),
        "说明/工作说明.txt": ("教育惠民工作说明。" * 4000).encode(),
        # four bits of noise a byte: deflated (7z stores what does not shrink), several reads long
        "1.3/随机.bin": bytes(b & 0x0F for b in rng.randbytes(700_000)),
    }
    for rel, data in files.items():
        write(tmp_path / "src" / rel, data)
    return seven_zip(tmp_path / "src", tmp_path / "材料.zip"), files


def test_members_read_back_exactly_and_through_isal(tmp_path, monkeypatch):
    source, files = make_zip(tmp_path)
    calls = []
    real = archive_zip._IsalInflater.decompress

    def counted(self, data, max_length=0):
        calls.append(len(data))
        return real(self, data, max_length)

    monkeypatch.setattr(archive_zip._IsalInflater, "decompress", counted)
    entries = {e.rel: e for e in discover(source).entries}
    assert set(entries) == set(files)
    for rel, data in files.items():
        with entries[rel].open() as stream:
            assert stream.read() == data
    assert calls  # ISA-L did the inflating
    with zipfile.ZipFile(source) as zf:  # and 7z really deflated them
        assert {i.compress_type for i in zf.infolist() if not i.is_dir()} == {zipfile.ZIP_DEFLATED}


def _damage(source: Path, member: str, at: float) -> None:
    """Flip bytes inside ``member``'s compressed data, leaving the zip's directory intact."""
    with zipfile.ZipFile(source) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith(member))
    raw = bytearray(source.read_bytes())
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    pos = start + min(int(info.compress_size * at), info.compress_size - 64)  # inside its data
    raw[pos : pos + 64] = bytes(b ^ 0x5A for b in raw[pos : pos + 64])
    source.write_bytes(bytes(raw))


def _verdicts(source: Path) -> dict[str, tuple[object, ...]]:
    archive.close_archives()
    out: dict[str, tuple[object, ...]] = {}
    for entry in discover(source).entries:
        result = inspect_entry(entry)
        out[entry.rel] = (result.detected, [(f.code, f.message) for f in result.findings], result.usable)
        out[entry.rel] += (_sha256(entry),)
    return out


@pytest.mark.parametrize("at", [0.1, 0.5, 0.97])
def test_damaged_deflate_data_gets_the_verdict_zlib_gave(tmp_path, monkeypatch, at):
    source, _files = make_zip(tmp_path)
    _damage(source, "随机.bin", at)
    _damage(source, "照片.jpg", at)
    with_isal = _verdicts(source)
    monkeypatch.setattr(archive_zip, "_IsalInflater", lambda: zlib.decompressobj(-zlib.MAX_WBITS))
    assert _verdicts(source) == with_isal
    photo = with_isal["1.1/照片.jpg"]  # read to its end marker: the damage is always found
    assert (
        photo[1] == [("file.unreadable", photo[1][0][1])] and "压缩包中该文件的数据已损坏" in photo[1][0][1]
    )
    assert photo[2] is False and photo[3] is None  # unusable, and no part in duplicate detection
    assert with_isal["1.2/台账.pdf"][2] is True  # the other members are untouched


def test_isal_errors_are_raised_as_zlib_errors():
    inflater = archive_zip._IsalInflater()
    with pytest.raises(zlib.error):
        inflater.decompress(b"\xff\xff\xff not deflate data")


def _big_pdf(pages: int = 3) -> bytes:
    """A PDF of ~600 KB whose bulk (a metadata string) deflates to about half: several read buffers
    long inside a zip, like a scan."""
    import io

    from pypdf import PdfWriter

    rng = random.Random(3)
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(pages)))
    writer.add_metadata({"/Subject": "".join(rng.choice("0123456789abcdef") for _ in range(600_000))})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("at", [0.05, 0.5, 0.97])
def test_a_big_member_damaged_anywhere_is_still_caught_when_read_at_once(tmp_path, at):
    """The rest of a member past its head is read in one piece (app.inspect._seekable)."""
    write(tmp_path / "src" / "1.2/台账.pdf", _big_pdf())
    source = seven_zip(tmp_path / "src", tmp_path / "材料.zip")
    _damage(source, "台账.pdf", at)
    verdict = _verdicts(source)["1.2/台账.pdf"]
    assert verdict[1] == [("file.unreadable", verdict[1][0][1])] and "数据已损坏" in verdict[1][0][1]
    assert verdict[2] is False and verdict[3] is None


def test_reading_the_rest_at_once_keeps_the_limit():
    import io

    from app.archive import ArchiveLimitError, BoundedReader

    assert BoundedReader(io.BytesIO(b"x" * 100), 100).readall() == b"x" * 100
    with io.BufferedReader(BoundedReader(io.BytesIO(b"x" * 101), 100), buffer_size=16) as stream:
        stream.read(10)
        with pytest.raises(ArchiveLimitError):
            stream.read()  # BufferedReader's read-all goes through BoundedReader.readall
