"""Zips read in place: GBK names, unsafe entries refused one by one, bounded streams."""

from __future__ import annotations

import zipfile

import pytest

from app import archive
from app.discover import SourceError, discover
from tests.hostile import (
    jpeg_bytes,
    overlapping_zip_bytes,
    pdf_bytes,
    raw_zip_bytes,
    write,
    zip_bomb_bytes,
    zip_bytes,
    zip_slip_bytes,
)


@pytest.fixture(autouse=True)
def _close_archives():
    yield
    archive.close_archives()


def refused_by_name(found) -> dict[str, str]:
    return {(item if isinstance(item, str) else item.rel): f.code for item, f in found.refused}


def test_gbk_names_without_utf8_flag_are_decoded(tmp_path):
    names = ["1.1一把手工作/实验小学会议记录.pdf", "2.3/潍坊市第一中学.jpg"]
    data = raw_zip_bytes(
        [(n.encode("cp936"), pdf_bytes(1) if n.endswith("pdf") else jpeg_bytes()) for n in names]
    )
    source = write(tmp_path / "教管办.zip", data)
    with zipfile.ZipFile(source) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())  # really written without the flag

    found = discover(source)

    assert sorted(e.rel for e in found.entries) == sorted(names)
    entry = next(e for e in found.entries if e.rel.endswith(".pdf"))
    assert entry.member != entry.rel  # the raw (cp437-decoded) name is kept for opening
    with entry.open() as fp:
        assert fp.read(5) == b"%PDF-"
    assert entry.abspath is None
    assert entry.container == str(source)


def test_gb18030_only_characters_decode(tmp_path):
    name = "㐀校园照片.jpg"  # U+3400 is outside GBK but inside GB18030
    source = write(tmp_path / "a.zip", raw_zip_bytes([(name.encode("gb18030"), jpeg_bytes())]))
    assert [e.rel for e in discover(source).entries] == [name]


def test_utf8_names_with_and_without_flag(tmp_path):
    flagged = write(tmp_path / "f.zip", zip_bytes({"材料/说明.pdf": pdf_bytes(1)}))
    unflagged = write(tmp_path / "u.zip", raw_zip_bytes([("材料/说明.pdf".encode(), pdf_bytes(1))]))
    assert [e.rel for e in discover(flagged).entries] == ["材料/说明.pdf"]
    assert [e.rel for e in discover(unflagged).entries] == ["材料/说明.pdf"]


def test_zip_slip_absolute_and_drive_paths_are_refused(tmp_path):
    found = discover(write(tmp_path / "slip.zip", zip_slip_bytes()))
    refused = refused_by_name(found)
    assert refused == {
        "../../evil.jpg": "archive.unsafe",
        "/etc/abs.pdf": "archive.unsafe",
        "C:/win.pdf": "archive.unsafe",
    }
    assert [e.rel for e in found.entries] == ["ok/good.jpg"]


def test_overlapping_entries_are_refused(tmp_path):
    found = discover(write(tmp_path / "overlap.zip", overlapping_zip_bytes()))
    assert refused_by_name(found) == {"a.txt": "archive.unsafe", "b.txt": "archive.unsafe"}
    assert found.entries == []
    assert all("重叠" in f.message for _, f in found.refused)


def test_zip_bomb_by_ratio_is_refused_and_the_rest_kept(tmp_path):
    found = discover(write(tmp_path / "bomb.zip", zip_bomb_bytes(64)))
    assert refused_by_name(found) == {"bomb.pdf": "archive.unsafe"}
    assert [e.rel for e in found.entries] == ["fine.jpg"]


def test_entry_bigger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 1000)
    found = discover(
        write(tmp_path / "big.zip", zip_bytes({"big.jpg": jpeg_bytes((300, 300)), "s.txt": b"hi"}))
    )
    assert refused_by_name(found) == {"big.jpg": "archive.unsafe"}


def test_total_size_and_entry_count_limits_refuse_the_archive(tmp_path, monkeypatch):
    files = {f"{i}.txt": b"x" * 100 for i in range(10)}
    source = write(tmp_path / "many.zip", zip_bytes(files))
    monkeypatch.setattr(archive, "MAX_ENTRIES", 5)
    found = discover(source)
    assert found.entries == [] and refused_by_name(found) == {"many.zip": "archive.unsafe"}
    monkeypatch.setattr(archive, "MAX_ENTRIES", 100)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 500)
    found = discover(source)
    assert found.entries == [] and refused_by_name(found) == {"many.zip": "archive.unsafe"}


def test_stream_enforces_declared_size(tmp_path):
    # the central directory declares 10 bytes, the data inflates to far more: the stream stops at 10
    data = raw_zip_bytes([(b"liar.txt", b"y" * 100_000)])
    patched = bytearray(data)
    cd = data.index(b"PK\x01\x02")
    patched[cd + 24 : cd + 28] = (10).to_bytes(4, "little")  # uncompressed size in the central directory
    source = write(tmp_path / "liar.zip", bytes(patched))
    (entry,) = discover(source).entries
    assert entry.size == 10
    with pytest.raises((zipfile.BadZipFile, OSError)), entry.open() as fp:
        fp.read()  # either the CRC check or the bound stops it; never 100 000 bytes


def test_bounded_reader_stops_at_limit():
    import io

    reader = archive.BoundedReader(io.BytesIO(b"z" * 100), limit=10)
    with pytest.raises(archive.ArchiveLimitError):
        reader.read(50)


def test_nested_archives_are_opened_other_formats_reported_junk_skipped(tmp_path):
    # Behaviour change (issue 11): zip/RAR/7z members are now read as folders; tar & co. still reported.
    data = zip_bytes(
        {
            "1.1/材料.pdf": pdf_bytes(1),
            "1.1/旧材料.rar": b"Rar!\x1a\x07\x00xx",
            "1.1/再打包.zip": zip_bytes({"a.txt": b"a"}),
            "1.1/备份.tar.gz": b"\x1f\x8b\x08\x00",
            "__MACOSX/1.1/._材料.pdf": b"\x00\x05",
            "1.1/Thumbs.db": b"junk",
            "1.1/~$会议记录.docx": b"lock",
            "空文件夹/": b"",
        }
    )
    found = discover(write(tmp_path / "n.zip", data))
    assert [e.rel for e in found.entries] == ["1.1/再打包.zip/a.txt", "1.1/材料.pdf"]
    assert refused_by_name(found) == {
        "1.1/旧材料.rar": "archive.unreadable",
        "1.1/备份.tar.gz": "file.nested_archive",
    }
    assert sorted(found.junk) == sorted(["__MACOSX/1.1/._材料.pdf", "1.1/Thumbs.db", "1.1/~$会议记录.docx"])
    inner = found.entries[0]
    with inner.open() as fp:
        assert fp.read() == b"a"


def test_password_protected_entries(tmp_path):
    # Every entry encrypted: one finding for the archive, not one per entry.
    data = bytearray(raw_zip_bytes([(b"secret.pdf", pdf_bytes(1)), (b"more.pdf", pdf_bytes(1))]))
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(sig, start)) >= 0:
            data[at + flag_at] |= 0x1
            start = at + 4
    found = discover(write(tmp_path / "pw.zip", bytes(data)))
    assert refused_by_name(found) == {"pw.zip": "archive.encrypted"} and found.entries == []
    # Only one entry encrypted: that entry alone is refused, the other is checked.
    data = bytearray(raw_zip_bytes([(b"secret.pdf", pdf_bytes(1)), (b"open.pdf", pdf_bytes(1))]))
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    found = discover(write(tmp_path / "pw1.zip", bytes(data)))
    assert refused_by_name(found) == {"secret.pdf": "archive.encrypted"}
    assert [e.rel for e in found.entries] == ["open.pdf"]


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a zip at all", b"PK\x03\x04" + b"\x00" * 40],
    ids=["empty", "text", "broken-header"],
)
def test_unopenable_zip_is_a_source_error(tmp_path, content):
    with pytest.raises(SourceError) as err:
        discover(write(tmp_path / "坏包.zip", content))
    assert "坏包.zip" in str(err.value) and "请" in str(err.value)


def test_zip_is_never_written(tmp_path):
    source = write(tmp_path / "a.zip", zip_bytes({"1.1/a.jpg": jpeg_bytes(), "b.pdf": pdf_bytes()}))
    before = source.read_bytes(), source.stat().st_mtime_ns
    for entry in discover(source).entries:
        with entry.open() as fp:
            fp.read()
    archive.close_archives()
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before


def test_backslash_separators_from_old_windows_tools(tmp_path):
    source = write(tmp_path / "w.zip", raw_zip_bytes([("1.1\\实验小学.pdf".encode("gbk"), pdf_bytes(1))]))
    (entry,) = discover(source).entries
    assert entry.rel == "1.1/实验小学.pdf"
    with entry.open() as fp:
        assert fp.read(5) == b"%PDF-"


def test_gbk_trail_byte_0x5c_is_not_a_separator(tmp_path):
    name = "2.1/照片/歙县嘰"  # 嘰 is B0 5C in GBK: its second byte is the backslash code
    assert "嘰".encode("gbk")[1:] == b"\\"
    source = write(tmp_path / "g.zip", raw_zip_bytes([(name.encode("gbk"), jpeg_bytes())]))
    assert [e.rel for e in discover(source).entries] == [name]
