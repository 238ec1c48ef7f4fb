import pytest

from app.classify import Classifier, learn_schools
from app.roster import parse_rows
from app.rubric import load_rubric

UNIT = "奎文区教管办"


@pytest.fixture(scope="module")
def classifier():
    roster = parse_rows(
        [
            ["单位", "学校", "别名"],
            [UNIT, "潍坊市奎文区实验小学", "实验小学;奎文实小"],
            [UNIT, "潍坊市奎文区幸福街小学", "幸福街小学"],
            [UNIT, "潍坊市奎文区东关初级中学", "东关初中"],
        ],
        "test",
    )
    return Classifier(load_rubric(), roster.schools_of(UNIT), UNIT)


@pytest.mark.parametrize(
    ("path", "indicator"),
    [
        ("1.1 十二项教育惠民制度制定实施/潍坊市奎文区实验小学制度.pdf", "1.1"),
        ("1-2一把手负责制/实验小学.pdf", "1.2"),
        ("一、3 领导小组/通知.pdf", "1.3"),
        ("（四）台账/实验小学台账.pdf", "1.4"),
        ("一、主要工作/（四）/实验小学.pdf", "1.4"),
        ("三、宣传推广/（二）/简报.pdf", "3.2"),
        ("第5项 宣传活动/东关初中.jpg", "1.5"),
        ("特色校案例/案例.pdf", "1.6"),
        ("家校沟通桥/幸福街小学机制.pdf", "1.7"),
        ("宣传周活动/方案.pdf", "3.3"),
        ("材料/1.7幸福街小学沟通桥.pdf", "1.7"),  # code in the file name when folders have none
        ("1.1/照片1-2.jpg", "1.1"),  # a folder code beats numbers in the file name
        ("杂项/成绩表.xlsx", None),
    ],
)
def test_indicator_from_folders_and_names(classifier, path, indicator):
    assert classifier.classify(path).indicator == indicator


@pytest.mark.parametrize(
    ("path", "school", "named", "fuzzy"),
    [
        ("1.1/潍坊市奎文区实验小学制度.pdf", "潍坊市奎文区实验小学", True, False),
        ("1.1/奎文实小制度.pdf", "潍坊市奎文区实验小学", True, False),  # alias
        ("1.1/幸福街小学/上墙.jpg", "潍坊市奎文区幸福街小学", False, False),  # per-school subfolder
        ("1.1/潍坊市奎文区东关初级中学/东关初中.jpg", "潍坊市奎文区东关初级中学", True, False),
        ("1.1/潍坊市奎文区幸福小学上墙.jpg", "潍坊市奎文区幸福街小学", True, True),  # one character off
        ("1.1/IMG_20201015_1.jpg", None, False, False),
        ("1.3/奎文区教管办领导小组.pdf", None, True, False),  # the unit, not a school
    ],
)
def test_school_attribution(classifier, path, school, named, fuzzy):
    result = classifier.classify(path)
    assert result.school == school
    assert result.named is named
    assert (result.fuzzy is not None) is fuzzy


def test_unit_name_is_recognised(classifier):
    assert classifier.classify("3.1/2020.10.15潍坊日报-奎文区教管办.jpg").unit_named


def test_nfd_names_are_matched(classifier):
    import unicodedata

    path = unicodedata.normalize("NFD", "1.1 十二项/潍坊市奎文区实验小学制度.pdf")
    assert classifier.classify(path).school == "潍坊市奎文区实验小学"


def test_city_school_owns_its_files():
    roster = parse_rows([["单位", "学校", "别名"], ["潍坊一中", "", "一中"]], "t")
    single = Classifier(load_rubric(), roster.schools_of("潍坊一中"), "潍坊一中")
    result = single.classify("1.2/考核办法.pdf")
    assert result.school == "潍坊一中" and not result.named


def test_learn_schools_without_roster():
    names = learn_schools(
        ["1.1/潍坊市奎文区实验小学制度.pdf", "1.2/实验小学.pdf", "x/奎文区第二中学的照片.jpg"]
    )
    assert names == ["潍坊市奎文区实验小学", "奎文区第二中学"]
