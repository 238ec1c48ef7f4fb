"""Matching a city's material to roster units, by names as offices write them."""

from __future__ import annotations

from app.city_match import Ambiguity, match_units, shortened, strip_archive_suffix
from app.roster import parse_rows

ROWS = [
    ["单位", "学校", "别名"],
    ["青云街道", "青云街道中心小学", "青云中心小学"],
    ["青云街道", "青云实验学校", ""],
    ["青云镇", "青云镇第一小学", ""],
    ["白沙镇教育管理办公室", "白沙镇小学", ""],
    ["东湖街道教管办", "东湖小学", ""],
    ["潍坊市第十一中学", "", "十一中；潍坊十一中"],
    ["潍坊市第一中学", "", "一中"],
]


def roster():
    return parse_rows(ROWS, "roster.csv")


def test_stems_drop_unit_words_from_the_end_only():
    assert shortened("青云街道教管办") == ["青云街道", "青云"]
    assert shortened("白沙镇教育管理办公室") == ["白沙镇", "白沙"]
    assert shortened("东镇") == []  # a one-character stem would match half the city
    assert shortened("潍坊市第十一中学") == []


def test_only_archive_suffixes_are_dropped():
    assert strip_archive_suffix("3.青云街道") == "3.青云街道"
    assert strip_archive_suffix("青云教管办材料.RAR") == "青云教管办材料"


def test_each_form_offices_write_names_its_unit():
    forms = {
        "青云街道教管办": "青云街道",
        "青云镇材料.rar": "青云镇",
        "3.白沙镇（2020惠民考核）.zip": "白沙镇教育管理办公室",
        "东湖教管办材料.7z": "东湖街道教管办",
        "潍坊十一中.zip": "潍坊市第十一中学",  # a 市直学校 by its alias
        "潍坊市第一中学": "潍坊市第一中学",  # … and by its own name
    }
    m = match_units(list(forms), roster())
    assert m.matched == {unit: candidate for candidate, unit in forms.items()}
    assert m.not_submitted == [] and m.ambiguous == [] and m.unmatched == []


def test_prefix_traps_exact_beats_shortened_and_longest_wins():
    m = match_units(["青云街道教管办材料", "青云镇"], roster())
    # 青云街道教管办 contains 青云街道 whole; 青云镇 only as the stem 青云
    assert m.matched == {"青云街道": "青云街道教管办材料", "青云镇": "青云镇"}
    # 十一中 (3 characters) beats 一中 (2) inside “十一中”
    assert match_units(["十一中材料"], roster()).matched == {"潍坊市第十一中学": "十一中材料"}


def test_a_stem_two_units_share_is_ambiguous_not_guessed():
    m = match_units(["青云教管办材料.zip"], roster())
    assert m.matched == {}
    assert m.ambiguous == [Ambiguity(("青云街道", "青云镇"), ("青云教管办材料.zip",))]
    assert m.candidates_of("青云镇") == ["青云教管办材料.zip"]


def test_a_shared_stem_goes_unmatched_once_both_units_have_their_own():
    m = match_units(["青云教管办补充", "青云街道", "青云镇"], roster())
    assert m.matched == {"青云街道": "青云街道", "青云镇": "青云镇"}
    assert m.unmatched == ["青云教管办补充"] and m.ambiguous == []


def test_a_duplicated_unit_names_both_candidates():
    m = match_units(["白沙镇", "白沙镇材料（修改后）.zip"], roster())
    assert "白沙镇教育管理办公室" not in m.matched
    assert m.ambiguous == [Ambiguity(("白沙镇教育管理办公室",), ("白沙镇", "白沙镇材料（修改后）.zip"))]


def test_missing_and_unmatched():
    m = match_units(["青云街道", "说明材料", "新建文件夹"], roster())
    assert m.unmatched == ["说明材料", "新建文件夹"]
    assert m.not_submitted == [
        "青云镇",
        "白沙镇教育管理办公室",
        "东湖街道教管办",
        "潍坊市第十一中学",
        "潍坊市第一中学",
    ]


def test_a_school_folder_is_no_unit():
    # inside 青云街道's material: a per-school folder that only shares the stem 青云 with the units
    m = match_units(["青云中心小学", "青云实验学校"], roster())
    assert m.matched == {} and m.ambiguous == [] and m.unmatched == ["青云中心小学", "青云实验学校"]


def test_full_width_and_spaces_do_not_matter():
    m = match_units(["０３ 白沙镇　材料"], roster())
    assert m.matched == {"白沙镇教育管理办公室": "０３ 白沙镇　材料"}
