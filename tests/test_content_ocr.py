"""With the OCR extra: a folder of phone-named photos and scans, as a new user brings it.

`evcheck check --content` closes the gaps of schools whose files name them only in their content,
each with its warning; a file naming another unit's school is flagged; 文号 and seals are read;
a re-run reads everything from the cache. Skipped without the extra or without a CJK font.
"""

from __future__ import annotations

import json
import time

import pytest

from app.cli import main
from app.content import ocr
from tests import content_corpus as cc

FONT = cc.cjk_font()
pytestmark = [
    pytest.mark.skipif(not ocr.available(), reason='the OCR extra is not installed (pip install ".[ocr]")'),
    pytest.mark.skipif(FONT is None, reason="no CJK font found by fontconfig (fc-list :lang=zh)"),
]


def test_recognize_reads_a_rendered_scan():
    assert FONT is not None
    doc = cc.document(FONT, cc.SCHOOLS[0], number="青教发〔2020〕3号")
    text = "".join(ocr.recognize(cc.degrade(doc.image, 1)).split())
    assert cc.SCHOOLS[0] in text and "2020" in text


def test_recognize_reads_the_issuer_through_the_seal_stamped_over_it():
    # No red head: the school is named only where the seal's star covers it. Read piece by piece,
    # the characters under the star were lost (app/content/ocr_lines.py: join_split_lines).
    assert FONT is not None
    read = 0
    for seed, school in enumerate(cc.SCHOOLS[:4]):
        doc = cc.document(FONT, school, seal=True, red_head=False, seed=seed)
        read += school in "".join(ocr.recognize(cc.degrade(doc.image, seed)).split())
    assert read >= 3


def test_phone_named_photos_and_scans_close_their_schools_gaps(tmp_path, capsys):
    assert FONT is not None
    folder = tmp_path / cc.UNIT
    folder.mkdir()
    roster = cc.roster_csv(tmp_path / "roster.csv")
    school, poster_school, other = cc.SCHOOLS[0], cc.SCHOOLS[1], cc.OTHER_SCHOOLS[0]
    cc.image_pdf(
        [cc.degrade(cc.document(FONT, school, seed=1).image, 1)], folder / "扫描全能王 2020-10-12 09.30.pdf"
    )
    cc.jpeg(
        cc.degrade(cc.poster(FONT, poster_school, seed=2).image, 2, photo=True),
        folder / "微信图片_20201012093012.jpg",
    )
    cc.jpeg(cc.degrade(cc.document(FONT, other, seed=3).image, 3), folder / "IMG_20201015_0930.jpg")
    args = ["check", str(folder), "--roster", str(roster), "--unit", cc.UNIT, "--format", "json"]
    main(args)
    plain = json.loads(capsys.readouterr().out)
    t0 = time.perf_counter()
    main([*args, "--content"])
    first = time.perf_counter() - t0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert "读取内容 3/3" in captured.err
    files = {f["path"]: f for f in report["files"]}

    scan = files["扫描全能王 2020-10-12 09.30.pdf"]
    assert (scan["school"], scan["indicator"]) == (school, "1.1")
    messages = [f["message"] for f in scan["findings"]]
    assert f"文件名未写学校，按内容归属 {school}，请核实并改名" in messages
    assert scan["content"]["source"] == "ocr" and scan["content"]["seal_pages"] == [1]
    assert scan["content"]["doc_number"] == "青教发〔2020〕3号" and scan["content"]["date"] == "2020-10-15"

    photo = files["微信图片_20201012093012.jpg"]
    assert photo["school"] == poster_school
    assert any(f["code"] == "name.school_from_content" for f in photo["findings"])

    flagged = files["IMG_20201015_0930.jpg"]
    assert flagged["school"] is None
    assert any(f["code"] == "content.other_school" and other in f["message"] for f in flagged["findings"])

    def gaps(rep, who):
        return {(g["indicator"], g["need"]) for g in rep["gaps"] if g["school"] == who}

    assert ("1.1", "pdf") in gaps(plain, school) and ("1.1", "pdf") not in gaps(report, school)
    assert ("1.1", "image") in gaps(plain, poster_school) and ("1.1", "image") not in gaps(
        report, poster_school
    )
    assert "content" not in plain["files"][0]

    t0 = time.perf_counter()
    main([*args, "--content"])
    again = time.perf_counter() - t0
    assert json.loads(capsys.readouterr().out)["files"] == report["files"]
    assert again < first  # the cache: no page is read twice
