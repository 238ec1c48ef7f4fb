"""The content pass without OCR: seals, text layers, attribution (a fake OCR), search, report field,
the "not installed" message, and an interrupted pass leaving the cache consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.check import apply_corrections, drain, run_check
from app.content import ocr
from app.content.attribute import FileContent
from app.content.cache import ContentCache
from app.content.run import ContentOptions, attach_content, run_content
from app.content.seal import find_seals
from app.content.search import search
from app.discover import discover
from app.roster import load_roster
from app.rubric import load_rubric
from tests import content_corpus as cc

FONT = cc.cjk_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font found by fontconfig (fc-list :lang=zh)")


def _page(size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    return Image.new("RGB", size, "white")


# ── seals ────────────────────────────────────────────────────────────────────────────────


def test_a_ring_with_a_star_is_a_seal_and_red_bars_and_discs_are_not():
    sealed = _page()
    cc.draw_seal(sealed, (900, 1300), 125, "", None)
    assert len(find_seals(cc.degrade(sealed, 1))) == 1
    red_head = _page()
    d = ImageDraw.Draw(red_head)
    d.rectangle((150, 150, 1090, 230), fill=cc.RED)  # a red letterhead line
    d.line((100, 330, 1140, 330), fill=cc.RED, width=5)  # the red rule
    d.ellipse((500, 800, 740, 1040), fill=cc.RED)  # a solid red disc (a logo, a lantern)
    assert find_seals(cc.degrade(red_head, 2)) == []
    banner = Image.new("RGB", (1600, 1200), (200, 195, 180))
    ImageDraw.Draw(banner).rectangle((130, 100, 1470, 290), fill=cc.RED)
    assert find_seals(cc.degrade(banner, 3, photo=True)) == []


@needs_font
def test_seal_found_on_a_rendered_document_not_on_its_unsealed_twin_or_a_poster():
    assert FONT is not None
    assert find_seals(cc.degrade(cc.document(FONT, cc.SCHOOLS[0], seal=True).image, 4))
    assert not find_seals(cc.degrade(cc.document(FONT, cc.SCHOOLS[0], seal=False).image, 5))
    assert not find_seals(cc.degrade(cc.poster(FONT, cc.SCHOOLS[1]).image, 6, photo=True))


# ── the pass and the evaluation, with the OCR's answers given ────────────────────────────


def _unit(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "青云街道教管办"
    folder.mkdir()
    roster = cc.roster_csv(tmp_path / "roster.csv")
    return folder, roster


def _check(folder: Path, roster: Path):
    rubric = load_rubric()
    return drain(run_check(folder, rubric=rubric, roster=load_roster(roster), unit=cc.UNIT)), rubric


def test_content_names_the_school_and_the_indicator_when_the_path_names_neither(tmp_path):
    folder, roster_path = _unit(tmp_path)
    for n in range(3):
        cc.jpeg(_page((64, 64)), folder / cc.phone_name(n, False))
    report, rubric = _check(folder, roster_path)
    school = cc.SCHOOLS[1]
    before = [g for g in report.gaps if g.school == school and g.indicator == "1.1"]
    assert before
    names = sorted(r.path for r in report.files)
    contents = {
        names[0]: FileContent(
            pages=[f"{school}学生资助政策制度上墙\n一、家庭经济困难学生资助"], source="ocr"
        ),
        names[1]: FileContent(pages=[f"{cc.OTHER_SCHOOLS[0]}制度上墙"], source="ocr"),
        names[2]: FileContent(pages=[""], source=None),
    }
    attach_content(report, contents, rubric, load_roster(roster_path))
    apply_corrections(report, None, rubric)
    by = {r.path: r for r in report.files}
    mine = by[names[0]]
    assert (mine.school, mine.indicator) == (school, "1.1")
    said = {f.code: f.message for f in mine.findings}
    assert said["name.school_from_content"] == f"文件名未写学校，按内容归属 {school}，请核实并改名"
    assert "name.indicator_from_content" in said and "name.missing_unit" not in said
    assert "file.unassigned" not in said
    after = [g for g in report.gaps if g.school == school and g.indicator == "1.1" and g.need == "image"]
    assert after == []  # the photo part of 1.1 is met for that school now
    other = by[names[1]]
    assert other.school is None
    assert any(f.code == "content.other_school" and cc.OTHER_SCHOOLS[0] in f.message for f in other.findings)
    assert by[names[2]].content == {**by[names[2]].content, "source": None, "schools": []}
    data = report.to_json()
    row = next(f for f in data["files"] if f["path"] == names[0])
    assert row["content"]["source"] == "ocr" and row["content"]["schools"] == [school]
    assert set(row["content"]) >= {"source", "schools", "doc_number", "date", "seal_pages"}
    # A reviewer's reassignment wins over content, and its warnings go.
    from app.model import Corrections

    apply_corrections(report, Corrections(reassign={names[0]: ("1.5", cc.SCHOOLS[2])}), rubric)
    moved = {r.path: r for r in report.files}[names[0]]
    assert (moved.indicator, moved.school) == ("1.5", cc.SCHOOLS[2])
    assert not any(f.code.endswith("_from_content") for f in moved.findings)


def test_report_has_no_content_field_without_the_pass(tmp_path):
    folder, roster_path = _unit(tmp_path)
    cc.jpeg(_page((64, 64)), folder / "x.jpg")
    report, _ = _check(folder, roster_path)
    assert all("content" not in f for f in report.to_json()["files"])


def test_a_name_that_names_the_school_wins_over_the_content(tmp_path):
    folder, roster_path = _unit(tmp_path)
    cc.jpeg(_page((64, 64)), folder / f"{cc.SCHOOLS[0]}制度上墙.jpg")
    report, rubric = _check(folder, roster_path)
    path = report.files[0].path
    attach_content(report, {path: FileContent(pages=[f"{cc.SCHOOLS[3]}制度上墙"], source="ocr")}, rubric)
    apply_corrections(report, None, rubric)
    assert report.files[0].school == cc.SCHOOLS[0]
    assert not any(f.code == "name.school_from_content" for f in report.files[0].findings)


def _scan_pdf(path: Path) -> Path:
    page = _page((620, 877))
    cc.draw_seal(page, (450, 650), 60, "", None)
    return cc.image_pdf([page], path)


def test_without_the_ocr_extra_the_pass_says_so_and_still_reads_text_layers(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    folder, roster_path = _unit(tmp_path)
    _scan_pdf(folder / "扫描全能王 2020-10-12 09.30.pdf")
    report, rubric = _check(folder, roster_path)
    contents = drain(run_content(folder, report, ContentOptions(cache_dir=str(tmp_path / "c"), workers=1)))
    (only,) = contents.values()
    assert only.ocr_missing and only.source is None and only.seal_pages == [1]
    attach_content(report, contents, rubric)
    notice = next(n for n in report.notices if n.code == "run.ocr_missing")
    assert notice.message.startswith("未安装文字识别组件：只读取 PDF 文字层；扫描件和照片未识别。安装方法：")


def test_an_interrupted_pass_caches_only_finished_files_and_a_rerun_completes(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    folder, roster_path = _unit(tmp_path)
    for n in range(4):
        _scan_pdf(folder / cc.phone_name(n, True))
    report, _ = _check(folder, roster_path)
    options = ContentOptions(cache_dir=str(tmp_path / "c"), workers=1)
    gen = run_content(folder, report, options)
    seen = [next(gen) for _ in range(4)]  # start, cache lookup, first finished file…
    gen.close()  # what Ctrl+C or the window's cancel does
    assert seen[-1].done >= 1
    cache = ContentCache(tmp_path / "c")
    kept = cache.lookup(discover(folder).entries)
    cache.close()
    assert 1 <= len(kept) < 4 and all(FileContent.from_json(d).seal_pages == [1] for d in kept.values())
    again = drain(run_content(folder, report, options))
    assert len(again) == 4 and all(c.seal_pages == [1] for c in again.values())


# ── text layers ──────────────────────────────────────────────────────────────────────────


@needs_font
def test_text_layer_pdf_is_read_without_ocr(tmp_path, qapp, monkeypatch):
    from tests.signal_samples import text_pdf

    monkeypatch.setattr(ocr, "available", lambda: False)
    folder, roster_path = _unit(tmp_path)
    text_pdf(
        folder / "新建 Microsoft Word 文档.pdf", [f"{cc.SCHOOLS[2]}学生资助管理制度", "青教发〔2020〕7号"]
    )
    report, rubric = _check(folder, roster_path)
    contents = drain(run_content(folder, report, ContentOptions(cache_dir=str(tmp_path / "c"), workers=1)))
    (content,) = contents.values()
    if content.source is None:
        pytest.skip("Qt wrote the PDF without a text layer for this font")
    assert content.source == "text" and not content.ocr_missing
    attach_content(report, contents, rubric, load_roster(roster_path))
    apply_corrections(report, None, rubric)
    (record,) = report.files
    assert record.school == cc.SCHOOLS[2]
    assert record.content is not None and record.content["doc_number"] == "青教发〔2020〕7号"
    assert any(f.code == "content.no_seal" for f in record.findings)  # 1.1's 正式文件, no red seal


# ── search ───────────────────────────────────────────────────────────────────────────────


def test_search_folds_traditional_and_full_width_and_gives_page_and_snippet():
    texts = [("a.pdf", ["第一页", "关于学生资助管理制度的通知，ABC 2020"]), ("b.jpg", ["无关"])]
    hits = list(search(texts, "學生資助"))
    assert [(h.path, h.page) for h in hits] == [("a.pdf", 2)]
    assert "【学生资助】" in hits[0].snippet
    assert [h.path for h in search(texts, "ａｂｃ　２０２０")] == ["a.pdf"]
    assert list(search(texts, "不存在")) == []


def test_cli_search_prints_file_page_and_snippet(tmp_path, monkeypatch, capsys):
    from app.cli import main
    from app.content import run as content_run

    folder, roster_path = _unit(tmp_path)
    cc.jpeg(_page((64, 64)), folder / "IMG_20201015_0930.jpg")

    def fake(source, report, options=None, entries=None):
        yield from ()
        return {r.path: FileContent(pages=["青云街道中心小学制度上墙"], source="ocr") for r in report.files}

    monkeypatch.setattr(content_run, "run_content", fake)
    code = main(["search", str(folder), "中心小學", "--roster", str(roster_path), "--unit", cc.UNIT])
    out = capsys.readouterr().out
    assert code == 0 and "IMG_20201015_0930.jpg\t第 1 页\t" in out and "【中心小学】" in out
    assert main(["search", str(folder), "没有的字", "--roster", str(roster_path), "--unit", cc.UNIT]) == 1


def test_cache_roundtrip_is_keyed_by_size_and_mtime(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    f = data / "x.jpg"
    cc.jpeg(_page((32, 32)), f)
    (entry,) = discover(data).entries
    cache = ContentCache(tmp_path / "c")
    cache.store(entry, FileContent(pages=["字"], source="ocr").to_json())
    assert json.dumps(cache.lookup([entry])[entry], ensure_ascii=False).count("字") == 1
    cc.jpeg(_page((40, 40)), f)
    (changed,) = discover(data).entries
    assert cache.lookup([changed]) == {}
    cache.close()
