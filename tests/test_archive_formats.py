"""RAR, 7z, Deflate64, nested archives, split sets, passwords and damage — on files made by the real
tools (tests/fixtures/archives, see its README) and on files made here."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import tempfile
import zipfile
from pathlib import Path

import py7zr
import pytest

from app import archive
from app.discover import SourceError, discover
from app.inspect import inspect_entry
from tests.hostile import jpeg_bytes, pdf_bytes, raw_zip_bytes, write, zip_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "archives"
PDF_AND_JPG = ["1.1/制度.pdf", "2.3/照片.jpg"]


@pytest.fixture(autouse=True)
def _close_archives():
    yield
    archive.close_archives()


def refused(found) -> dict[str, str]:
    return {(item if isinstance(item, str) else item.rel): f.code for item, f in found.refused}


def copy(name: str, to: Path) -> Path:
    return Path(shutil.copy(FIXTURES / name, to / name))


def read_all(found) -> dict[str, bytes]:
    out = {}
    for e in found.entries:
        with e.open() as fp:
            out[e.rel] = fp.read()
    return out


@pytest.mark.parametrize("name", ["rar5.rar", "p7zip.7z", "deflate64.zip"])
def test_real_tool_archives_list_and_read(tmp_path, name):
    source = copy(name, tmp_path)
    found = discover(source)
    assert [e.rel for e in found.entries] == PDF_AND_JPG and not found.refused
    data = read_all(found)
    pdf, jpg = data["1.1/制度.pdf"], data["2.3/照片.jpg"]  # made by tests.hostile when the fixture was made
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and jpg.startswith(b"\xff\xd8\xff")
    assert [len(pdf), len(jpg)] == [e.size for e in found.entries]
    results = [inspect_entry(e) for e in found.entries]
    assert [r.detected for r in results] == ["pdf", "jpeg"] and all(r.usable for r in results)


def test_deflate64_fixture_really_uses_deflate64():
    with zipfile.ZipFile(FIXTURES / "deflate64.zip") as zf:
        assert 9 in {i.compress_type for i in zf.infolist()}


def test_rar4_from_the_rarfile_corpus(tmp_path):
    found = discover(copy("rar4_subdirs.rar", tmp_path))
    assert "sub/üȵĩöḋè/file.txt" in [e.rel for e in found.entries]
    solid = discover(copy("rar4_solid.rar", tmp_path))
    data = read_all(solid)
    assert len(data) == 2 and all(len(v) == 2048 for v in data.values())  # solid: the second needs the first


def test_7z_made_by_py7zr(tmp_path):
    source = tmp_path / "py7zr.7z"
    pdf, jpg = pdf_bytes(1), jpeg_bytes()
    with py7zr.SevenZipFile(source, "w") as z:
        z.writestr(pdf, "3.1/会议.pdf")
        z.writestr(jpg, "3.1/现场.jpg")
    found = discover(source)
    assert read_all(found) == {"3.1/会议.pdf": pdf, "3.1/现场.jpg": jpg}


def test_nested_three_levels_zip_rar_zip_paths_show_archives_as_folders(tmp_path):
    source = copy("nested3.zip", tmp_path)
    found = discover(source)
    (entry,) = found.entries
    assert entry.rel == "各校/middle.rar/学校/青云街道中心小学.zip/1.1/制度.pdf"
    assert entry.container == str(source) and entry.abspath is None
    clone = pickle.loads(pickle.dumps(entry))
    archive.close_archives()
    with clone.open() as fp:
        assert fp.read().startswith(b"%PDF-")
    assert inspect_entry(clone).usable


def test_a_zip_of_school_zips_checks_like_the_unpacked_files(tmp_path):
    schools = {f"学校{i}": {f"1.1/制度{j}.pdf": pdf_bytes(1 + j) for j in range(3)} for i in range(3)}
    folder = tmp_path / "unpacked"
    for school, files in schools.items():
        for rel, data in files.items():
            write(folder / "各校" / school / rel, data)
    packed = write(
        tmp_path / "packed.zip",
        zip_bytes({f"各校/{school}.zip": zip_bytes(files) for school, files in schools.items()}),
    )
    unpacked_rels = [e.rel for e in discover(folder).entries]
    packed_found = discover(packed)
    assert [e.rel.replace(".zip/", "/") for e in packed_found.entries] == unpacked_rels
    assert list(read_all(packed_found).values()) == list(read_all(discover(folder)).values())


def test_one_budget_for_the_whole_tree(tmp_path, monkeypatch):
    inner = {f"{i}.txt": b"x" for i in range(4)}
    source = write(tmp_path / "t.zip", zip_bytes({"a.zip": zip_bytes(inner), "b.zip": zip_bytes(inner)}))
    monkeypatch.setattr(archive, "MAX_ENTRIES", 8)  # 2 + 4 fit, the next 4 do not
    found = discover(source)
    assert refused(found) == {"b.zip": "archive.unsafe"}
    assert [e.rel for e in found.entries] == [f"a.zip/{i}.txt" for i in range(4)]
    assert "合计" in found.refused[0][1].message


def test_depth_limit(tmp_path, monkeypatch):
    data = zip_bytes({"x.pdf": pdf_bytes(1)})
    for level in range(4):
        data = zip_bytes({f"l{level}.zip": data})
    monkeypatch.setattr(archive, "MAX_DEPTH", 3)
    found = discover(write(tmp_path / "deep.zip", data))
    assert found.entries == []
    assert refused(found) == {"l3.zip/l2.zip/l1.zip": "archive.unsafe"}


def test_gbk_names_under_the_utf8_flag(tmp_path):
    names = ["实验小学/会议记录.pdf", "第一中学.jpg"]
    pdf = pdf_bytes(1)
    data = raw_zip_bytes(
        [(n.encode("gbk"), pdf) for n in names] + [("说明.pdf".encode(), b"%PDF-1")], utf8_flag=True
    )
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(io.BytesIO(data))  # what Python alone does with such a zip
    source = write(tmp_path / "flag.zip", data)
    found = discover(source)
    assert sorted(e.rel for e in found.entries) == sorted([*names, "说明.pdf"])
    assert read_all(found)["实验小学/会议记录.pdf"] == pdf
    assert source.read_bytes() == data  # the flag is hidden from zipfile, never changed on disk


def test_repeated_names_last_copy_counts(tmp_path):
    out, pdf = io.BytesIO(), pdf_bytes(1)
    with zipfile.ZipFile(out, "w") as zf, pytest.warns(UserWarning):
        zf.writestr("1.1/a.pdf", b"first")
        zf.writestr("1.1/a.pdf", pdf)
    found = discover(write(tmp_path / "dup.zip", out.getvalue()))
    assert read_all(found) == {"1.1/a.pdf": pdf}
    ((item, f),) = found.refused
    assert f.code == "archive.shadowed" and "同名" in f.message and item.rel.startswith("1.1/a.pdf")
    assert item.rel != "1.1/a.pdf"  # its own row in the report


@pytest.mark.parametrize("name", ["rar5_encrypted.rar", "rar5_header_encrypted.rar", "p7zip_encrypted.7z"])
def test_encrypted_archive_is_one_finding(tmp_path, name):
    found = discover(copy(name, tmp_path))
    assert refused(found) == {name: "archive.encrypted"} and found.entries == []


def test_encrypted_archive_inside_a_zip_is_one_finding(tmp_path):
    data = zip_bytes({"学校/加密.7z": (FIXTURES / "p7zip_encrypted.7z").read_bytes(), "a.pdf": pdf_bytes(1)})
    found = discover(write(tmp_path / "o.zip", data))
    assert refused(found) == {"学校/加密.7z": "archive.encrypted"}
    assert [e.rel for e in found.entries] == ["a.pdf"]


def test_truncated_7z_is_a_clear_source_error_and_inside_a_folder_a_verdict(tmp_path):
    with pytest.raises(SourceError, match="不完整或已损坏"):
        discover(copy("p7zip_truncated.7z", tmp_path))
    folder = tmp_path / "f"
    folder.mkdir()
    copy("p7zip_truncated.7z", folder)
    write(folder / "ok.pdf", pdf_bytes(1))
    found = discover(folder)
    assert refused(found) == {"p7zip_truncated.7z": "archive.unreadable"}
    assert [e.rel for e in found.entries] == ["ok.pdf"]


def test_truncated_rar_lists_what_it_can_and_damaged_members_get_a_verdict(tmp_path):
    found = discover(copy("rar5_truncated.rar", tmp_path))
    results = {e.rel: inspect_entry(e) for e in found.entries}
    assert results["1.1/制度.pdf"].usable
    damaged = results["2.3/照片.jpg"]
    assert not damaged.usable and damaged.findings[0].code == "file.unreadable"
    assert "损坏" in damaged.findings[0].message


def test_complete_rar_volume_set_is_read_and_missing_parts_are_named(tmp_path):
    for i in range(1, 6):
        copy(f"vols.part{i}.rar", tmp_path)
    found = discover(tmp_path)
    assert [e.rel for e in found.entries] == ["vols.part1.rar/大照片.jpg"]
    assert read_all(found)["vols.part1.rar/大照片.jpg"].startswith(b"\xff\xd8")
    assert sorted(found.junk) == [f"vols.part{i}.rar" for i in range(2, 6)]
    archive.close_archives()
    os.remove(tmp_path / "vols.part3.rar")
    found = discover(tmp_path / "vols.part1.rar")
    ((_, f),) = found.refused
    assert f.code == "archive.split" and "vols.part3.rar" in f.message
    os.remove(tmp_path / "vols.part5.rar")
    os.remove(tmp_path / "vols.part4.rar")  # now only the last part is missing, which names cannot tell
    found = discover(tmp_path)
    assert refused(found) == {"vols.part1.rar": "archive.split"} and found.entries == []


@pytest.mark.parametrize(
    ("names", "missing"),
    [
        (["s.z01", "s.z03"], ["s.z02", "s.zip"]),
        (["s.zip.001", "s.zip.003"], ["s.zip.002"]),
        (["s.7z.002"], ["s.7z.001"]),
        (["s.part2.rar"], ["s.part1.rar"]),
    ],
)
def test_split_sets_missing_parts_get_one_clear_finding(tmp_path, names, missing):
    for name in names:
        write(tmp_path / name, b"\x00" * 10)
    found = discover(tmp_path)
    assert set(refused(found).values()) == {"archive.split"} and found.entries == []
    for _, f in found.refused:
        assert all(m in f.message for m in missing)
    assert set(refused(discover(tmp_path / names[0])).values()) == {"archive.split"}


def test_member_that_is_not_an_archive_is_inspected_as_a_file(tmp_path):
    found = discover(write(tmp_path / "o.zip", zip_bytes({"照片.zip": jpeg_bytes()})))
    (entry,) = found.entries
    assert entry.rel == "照片.zip" and inspect_entry(entry).findings[0].code == "file.extension_mismatch"


def test_rar_and_7z_members_are_spooled_in_a_private_temp_folder_that_is_removed(tmp_path):
    source = copy("nested3.zip", tmp_path)
    (entry,) = discover(source).entries
    with entry.open() as fp:
        fp.read()
        private = archive.private_dir()
        assert Path(private).parent == Path(tempfile.gettempdir())
    assert sorted(os.listdir(tmp_path)) == ["nested3.zip"]  # nothing beside the submission
    archive.close_archives()
    assert not os.path.exists(private)


def test_lying_rar_member_size_is_bounded(tmp_path):
    data = bytearray((FIXTURES / "rar5.rar").read_bytes())
    found = discover(write(tmp_path / "ok.rar", bytes(data)))
    entry = found.entries[0]
    small = type(entry)(entry.rel, 10, entry.mtime, entry.container, entry.member)  # declares 10 bytes
    with pytest.raises(archive.ArchiveLimitError):
        small.open()


def test_reader_cache_eviction_keeps_parents_usable(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "_MAX_OPEN", 2)  # fewer slots than a nested chain needs
    data = zip_bytes(
        {f"校{i}.zip": zip_bytes({f"{i}/a.pdf": b"%PDF-1.4 " + bytes([48 + i])}) for i in range(5)}
    )
    found = discover(write(tmp_path / "o.zip", data))
    assert [v[-1] for v in read_all(found).values()] == [48 + i for i in range(5)]


def _two_unit_roster(tmp_path):
    from app.roster import load_roster

    roster = tmp_path / "roster.csv"
    roster.write_text("单位,学校,别名\n青云街道教管办,青云小学,\n白沙镇教管办,白沙小学,\n", encoding="utf-8")
    return load_roster(roster)


@pytest.mark.parametrize("name", ["vols.part1.rar", "rar5_header_encrypted.rar"])
def test_an_archive_nothing_can_be_read_from_says_why_rather_than_asking_for_the_unit(tmp_path, name):
    from app.check import drain, run_check
    from app.rubric import load_rubric

    if name.startswith("vols"):
        for part in ("vols.part1.rar", "vols.part3.rar"):  # part 2 went missing on the way
            copy(part, tmp_path)
    else:
        copy(name, tmp_path)
    with pytest.raises(SourceError) as caught:
        drain(run_check(tmp_path / name, rubric=load_rubric(), roster=_two_unit_roster(tmp_path)))
    message = str(caught.value)
    assert name in message and "单位" not in message
    assert ("vols.part2.rar" in message) if name.startswith("vols") else ("密码" in message)


def test_a_rar_with_a_chinese_name_opens_in_the_c_locale(tmp_path):
    """A frozen program starts in the "C" locale: Python runs in UTF-8 mode, but the C library, which
    unrar uses to turn the wide archive name into bytes, does not (no PEP 538 coercion), so a Chinese
    name could not be opened. The reader switches the C library to UTF-8 first (not on Windows)."""
    import subprocess
    import sys

    source = Path(shutil.copy(FIXTURES / "rar5.rar", tmp_path / "青云街道教管办.rar"))
    code = (
        "import locale, sys; from app.discover import discover; "
        "assert 'utf' not in (locale.setlocale(locale.LC_CTYPE) or '').lower(); "
        f"print(len(discover(__import__('pathlib').Path({str(source)!r})).entries))"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0
