"""The PDF score sheet: A4, the CJK font embedded, the Chinese text really there, renders."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from PIL import Image
from pypdf import PdfReader

from app.review.store import ReviewStore
from app.rubric import load_rubric
from app.scoring.suggest import Suggestion

RUBRIC = load_rubric()
UNIT = "寒亭区教管办"


@pytest.fixture
def doc(tmp_path):
    with ReviewStore.create(tmp_path / "r.sqlite", RUBRIC, "张三") as s:
        s.add_unit(UNIT, weight=8)
        s.apply_suggestions(
            UNIT, {"1.2": Suggestion("1.2", {"met": False}, 0, "1.2：未达到要求", ("乙小学缺少考核文件PDF",))}
        )
        s.set_inputs(UNIT, "1.2", {"met": True})
        s.confirm(UNIT, "1.2", "文件在1.3文件夹")
        s.set_signal_verdict(
            UNIT,
            "dup.similar|1.1/甲.jpg|1.1/乙.jpg",
            "dup.similar",
            ("1.1/甲.jpg", "1.1/乙.jpg"),
            "problem",
            "两校同一张照片",
        )
        s.add_unit("奎文区教管办", weight=9)
        return s.document()


def fonts(reader):
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for d in font.get("/DescendantFonts", [font]):
                descriptor = d.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    desc = descriptor.get_object()
                    found.append(
                        (
                            str(desc["/FontName"]),
                            any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                        )
                    )
    return found


def test_pdf_is_a4_with_embedded_cjk_font(qapp, tmp_path, doc):
    from ui.export_pdf import write_pdf

    path = tmp_path / "score.pdf"
    family = write_pdf(path, RUBRIC, doc)
    assert family  # this machine has a CJK font (Noto CJK or WenQuanYi); one was found
    reader = PdfReader(path)
    assert len(reader.pages) == 2  # one page per unit: each fits on A4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert fonts(reader) and all(embedded for _, embedded in fonts(reader))
    # drop layout whitespace; NFKC because Qt maps some glyphs of Noto CJK back to the look-alike
    # Kangxi radicals (⽂ for 文) in the PDF's text layer — printed, they are the same glyph
    pages = [unicodedata.normalize("NFKC", "".join(p.extract_text().split())) for p in reader.pages]
    first, second = (pages[0], pages[1]) if UNIT in pages[0] else (pages[1], pages[0])
    for expected in (f"{UNIT}评分表", "文件在1.3文件夹", "乙小学缺少考核文件PDF", "85×8÷100=6.8"):
        assert unicodedata.normalize("NFKC", expected) in first
    assert "奎文区教管办评分表" in second
    for expected in (
        "需核实信号（核实结论）",
        "（dup.similar）",
        "1.1/甲.jpg",
        "有问题",
        "两校同一张照片",
        "张三",
    ):
        assert unicodedata.normalize("NFKC", expected) in first
    assert "需核实信号" not in second  # no verdicts, no section


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_renders(qapp, tmp_path, doc):
    from ui.export_pdf import write_pdf

    path = tmp_path / "score.pdf"
    write_pdf(path, RUBRIC, doc)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    assert image.size == (496, 702)  # A4 at 60 dpi
    dark = sum(image.histogram()[:128])
    assert dark > 5000  # text and table lines were drawn, not a blank page
