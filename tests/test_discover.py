"""Folder discovery: every file lands in entries, junk or refused; nothing crashes on odd file systems."""

from __future__ import annotations

import os
import unicodedata

import pytest

from app.discover import Entry, SourceError, discover
from tests.hostile import jpeg_bytes, pdf_bytes, write, zip_bytes


def refused_by_name(found) -> dict[str, str]:
    return {(item if isinstance(item, str) else item.rel): f.code for item, f in found.refused}


def test_folder_entries_are_relative_sorted_and_openable(tmp_path):
    write(tmp_path / "1.1一把手" / "实验小学.pdf", pdf_bytes(1))
    write(tmp_path / "2.3" / "东关小学" / "IMG_0001.jpg", jpeg_bytes())
    write(tmp_path / "备注.txt", "备注".encode())

    found = discover(tmp_path)

    assert [e.rel for e in found.entries] == [
        "1.1一把手/实验小学.pdf",
        "2.3/东关小学/IMG_0001.jpg",
        "备注.txt",
    ]
    entry = found.entries[1]
    assert entry.container == str(tmp_path) and entry.member is None
    assert entry.abspath == tmp_path / "2.3" / "东关小学" / "IMG_0001.jpg"
    assert entry.size == len(jpeg_bytes())
    with entry.open() as fp:
        assert fp.read(3) == b"\xff\xd8\xff"
    assert found.refused == [] and found.junk == []


def test_junk_is_skipped_quietly(tmp_path):
    write(tmp_path / "1.1" / "a.pdf", pdf_bytes(1))
    for junk in ("Thumbs.db", "desktop.ini", ".DS_Store", "~$会议记录.docx", "._a.pdf"):
        write(tmp_path / "1.1" / junk, b"junk")
    write(tmp_path / "__MACOSX" / "1.1" / "._a.pdf", b"junk")
    write(tmp_path / "System Volume Information" / "IndexerVolumeGuid", b"junk")

    found = discover(tmp_path)

    assert [e.rel for e in found.entries] == ["1.1/a.pdf"]
    assert sorted(found.junk) == sorted(
        [
            "1.1/Thumbs.db",
            "1.1/desktop.ini",
            "1.1/.DS_Store",
            "1.1/~$会议记录.docx",
            "1.1/._a.pdf",
            "__MACOSX/",
            "System Volume Information/",
        ]
    )


def test_archives_in_a_folder_are_read_as_folders(tmp_path):
    # Behaviour change (issue 11): archives in a submitted folder are opened, not refused.
    write(tmp_path / "1.1" / "材料.zip", zip_bytes({"制度.pdf": pdf_bytes(1)}))
    write(tmp_path / "1.1" / "坏的.7z", b"7z\xbc\xaf\x27\x1c")
    write(tmp_path / "1.1" / "备份.tar", b"ustar")
    found = discover(tmp_path)
    assert [e.rel for e in found.entries] == ["1.1/材料.zip/制度.pdf"]
    (entry,) = found.entries
    assert entry.container == str(tmp_path / "1.1" / "材料.zip") and entry.member == "制度.pdf"
    assert refused_by_name(found) == {
        "1.1/坏的.7z": "archive.unreadable",
        "1.1/备份.tar": "file.nested_archive",
    }
    assert all(isinstance(item, Entry) for item, _ in found.refused)  # size etc. still known


def test_symlink_loops_and_dangling_links_do_not_hang_or_crash(tmp_path):
    write(tmp_path / "a" / "photo.jpg", jpeg_bytes())
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a directory link back to the root
    os.symlink(tmp_path / "nowhere.pdf", tmp_path / "a" / "dangling.pdf")
    os.symlink(tmp_path / "a" / "photo.jpg", tmp_path / "a" / "link.jpg")  # a file link is read through

    found = discover(tmp_path)

    assert [e.rel for e in found.entries] == ["a/link.jpg", "a/photo.jpg"]
    assert refused_by_name(found) == {"a/loop": "file.skipped", "a/dangling.pdf": "file.skipped"}


def test_fifo_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")  # opening it for reading would block forever
    found = discover(tmp_path)
    assert found.entries == [] and refused_by_name(found) == {"pipe.pdf": "file.skipped"}


def test_over_long_path_is_skipped_with_a_reason(tmp_path):
    # Build a path longer than PATH_MAX (4096) one level at a time, relative to the current folder.
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        os.mkdir("top")
        os.chdir("top")
        for _ in range(20):
            os.mkdir("d" * 250)
            os.chdir("d" * 250)
        with open("deep.pdf", "wb") as fh:
            fh.write(pdf_bytes(1))
    finally:
        os.chdir(cwd)
    write(tmp_path / "ok.jpg", jpeg_bytes())

    found = discover(tmp_path)

    assert [e.rel for e in found.entries] == ["ok.jpg"]
    (item, why), *_ = found.refused
    assert why.code == "file.skipped" and "路径过长" in why.message
    assert isinstance(item, str) and item.startswith("top/")


def test_unreadable_folder_is_skipped_with_a_reason(tmp_path, monkeypatch):
    write(tmp_path / "locked" / "a.pdf", pdf_bytes(1))
    write(tmp_path / "open" / "b.pdf", pdf_bytes(1))
    real_scandir = os.scandir

    def scandir(path):  # running as root, chmod cannot deny reading, so the denial is simulated
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover(tmp_path)
    assert [e.rel for e in found.entries] == ["open/b.pdf"]
    assert refused_by_name(found) == {"locked/": "file.skipped"}


def test_names_are_kept_as_stored_nfd_and_windows_invalid(tmp_path):
    nfd = unicodedata.normalize("NFD", "Café 照片.jpg")
    write(tmp_path / nfd, jpeg_bytes())
    write(tmp_path / "会议:记录?.pdf", pdf_bytes(1))  # fine on Linux, invalid on Windows
    write(tmp_path / "CON.pdf", pdf_bytes(1))
    found = discover(tmp_path)
    assert sorted(e.rel for e in found.entries) == sorted([nfd, "会议:记录?.pdf", "CON.pdf"])
    for entry in found.entries:
        with entry.open() as fp:
            assert fp.read(1)


def test_gbk_name_on_disk_is_decoded_and_still_opens(tmp_path):
    # Was: refused as file.skipped. Now read as GB18030, like zip names (tests/test_units_scope.py).
    raw = os.fsencode(tmp_path) + b"/" + "照片".encode("gbk") + b".jpg"
    with open(raw, "wb") as fh:
        fh.write(jpeg_bytes())
    found = discover(tmp_path)
    assert found.refused == []
    (entry,) = found.entries
    assert entry.rel == "照片.jpg"
    with entry.open() as fp:
        assert fp.read() == jpeg_bytes()


def test_file_vanishing_during_the_scan(tmp_path, monkeypatch):
    write(tmp_path / "a.pdf", pdf_bytes(1))
    write(tmp_path / "gone.pdf", pdf_bytes(1))
    real_stat = os.DirEntry.stat

    class Vanishing:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        def stat(self, *, follow_symlinks=True):
            if self._inner.name == "gone.pdf":
                raise FileNotFoundError(2, "No such file")
            return real_stat(self._inner, follow_symlinks=follow_symlinks)

    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p: [Vanishing(d) for d in real_scandir(p)])
    found = discover(tmp_path)
    assert [e.rel for e in found.entries] == ["a.pdf"]
    assert refused_by_name(found) == {"gone.pdf": "file.skipped"}


def test_missing_source_and_unsupported_archive_are_source_errors(tmp_path):
    with pytest.raises(SourceError, match="找不到"):
        discover(tmp_path / "没有这个文件夹")
    with pytest.raises(SourceError, match=r"a\.rar"):  # RAR is read now; a broken one is still unusable
        discover(write(tmp_path / "a.rar", b"Rar!\x1a\x07\x00" + bytes(30)))


def test_entries_are_picklable_for_worker_processes(tmp_path):
    import pickle

    write(tmp_path / "a.pdf", pdf_bytes(1))
    (entry,) = discover(tmp_path).entries
    assert pickle.loads(pickle.dumps(entry)) == entry
