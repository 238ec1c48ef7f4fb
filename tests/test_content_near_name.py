"""OCR text that gives a school's name with one character misread under the seal (app/content/attribute.py)."""

from __future__ import annotations

from app.classify import IndicatorMatcher
from app.content.attribute import FileContent, near_named, summarize
from app.roster import School
from app.rubric import load_rubric

OWN = [School("青云街道白沙小学", "青云街道教管办"), School("青云街道第二小学", "青云街道教管办")]
OTHERS = [School("青云街道第三小学", "柳湾镇教管办"), School("柳湾镇东岭初级中学", "柳湾镇教管办")]
PAGE = "关于印发《学生资助管理制度》的通知\n各科室、各班级：\n{name}\n2020年10月15日"


def _summary(name: str, source: str = "ocr") -> dict:
    content = FileContent(pages=[PAGE.format(name=name)], source=source)
    return summarize(content, OWN, OTHERS, IndicatorMatcher(load_rubric()))


def test_one_misread_character_under_the_seal_still_names_the_school():
    assert _summary("青云街道白沙州学")["school"] == "青云街道白沙小学"  # 小 → 州 under the star
    assert _summary("云街道白沙小学")["school"] == "青云街道白沙小学"  # 青 lost under the ring


def test_a_near_miss_of_another_units_school_is_foreign():
    s = _summary("柳湾镇东岭初级中字")
    assert s["school"] is None and s["foreign"] == ["柳湾镇东岭初级中学"]


def test_a_character_that_could_make_either_of_two_schools_names_neither():
    assert near_named("青云街道第□小学", [*OWN, *OTHERS]) is None  # 第二 (ours) or 第三 (theirs)
    assert _summary("青云街道第□小学")["school"] is None


def test_text_layers_are_taken_as_written_and_two_misreads_are_too_many():
    assert _summary("青云街道白沙州学", source="text")["school"] is None
    assert _summary("青云街道白沙州字")["school"] is None


def test_an_exact_name_wins_over_a_near_one():
    content = FileContent(pages=["青云街道第二小学\n青云街道白沙州学"], source="ocr")
    assert summarize(content, OWN, OTHERS, IndicatorMatcher(load_rubric()))["school"] == "青云街道第二小学"
