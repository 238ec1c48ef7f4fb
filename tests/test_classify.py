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


# ── keywords as offices write them ─────────────────────────────────────────────────────


def test_every_keyword_names_exactly_one_indicator():
    from app.classify import match_key

    owners: dict[str, set[str]] = {}
    for ind in load_rubric().indicators:
        for kw in (*ind.keywords, *ind.fallback_keywords):
            owners.setdefault(match_key(kw), set()).add(ind.code)
    shared = {kw: codes for kw, codes in owners.items() if len(codes) > 1}
    assert shared == {}
    # …and each indicator's own keywords, alone as a file name, find that indicator
    matcher = Classifier(load_rubric(), [], None).indicators
    for ind in load_rubric().indicators:
        for kw in ind.keywords:
            assert matcher.match([], kw)[0] == ind.code, kw


@pytest.mark.parametrize(
    ("path", "indicator"),
    [
        # 1.1: the short forms, without a numbered folder
        ("十二项制度.pdf", "1.1"),
        ("东关初中十二项教育惠民制度.pdf", "1.1"),
        ("幸福街小学十二项惠民制度汇编.pdf", "1.1"),
        ("制度上墙照片1.jpg", "1.1"),
        ("3.实验小学制度上墙.jpg", "1.1"),  # a photo's number is not an item number
        ("学生资助制度.pdf", "1.1"),
        ("营养餐管理制度.pdf", "1.1"),
        ("校车安全管理制度.pdf", "1.1"),
        ("课后服务实施办法.pdf", "1.1"),
        ("教育收费公示.jpg", "1.1"),
        ("各项制度/实验小学.pdf", "1.1"),
        # 1.2
        ("一把手负责制.pdf", "1.2"),
        ("实验小学教育惠民工作考核办法.pdf", "1.2"),
        ("十二项制度纳入年度考核方案.pdf", "1.2"),
        # 1.3
        ("关于成立教育惠民服务工作领导小组的通知.pdf", "1.3"),
        ("领导小组成员及工作职责.pdf", "1.3"),
        # 1.4
        ("十二项教育惠民制度实施进程.pdf", "1.4"),
        ("计划台帐.pdf", "1.4"),
        ("实施进度表.jpg", "1.4"),
        ("完成时限公示图.jpg", "1.4"),
        # 1.5
        ("十二项教育惠民制度专题宣传活动方案.pdf", "1.5"),
        ("十二项制度宣传活动照片.jpg", "1.5"),
        ("明白纸发放.jpg", "1.5"),
        ("致家长的一封信.pdf", "1.5"),
        ("宣传照片.jpg", "1.5"),
        ("媒体宣传.jpg", "1.5"),  # 1.5's own words ("通过内容公示、媒体宣传、明白纸等方式")
        # 1.6
        ("惠民服务特色校案例.pdf", "1.6"),
        ("特色学校申报材料.pdf", "1.6"),
        ("典型案例.pdf", "1.6"),
        # 1.7
        ("家校沟通桥机制.pdf", "1.7"),
        ("问计问需清单台账.pdf", "1.7"),
        ("家长满意度调查问卷.pdf", "1.7"),
        ("校长信箱.jpg", "1.7"),
        ("家长委员会会议记录.pdf", "1.7"),
        # 1.8–1.10, section 2, 3.4: no files asked for, but named all the same
        ("零投诉承诺书.pdf", "1.8"),
        ("投诉.pdf", "1.8"),
        ("约谈记录.pdf", "1.9"),
        ("信息报送月报.xlsx", "1.10"),
        ("投诉回复情况.xlsx", "1.10"),
        ("一次办结率统计.xlsx", "2.1"),
        ("二次重办.xlsx", "2.2"),
        ("快速响应记录.xlsx", "2.3"),
        ("处理意见与反馈.docx", "2.4"),
        ("校长必读留言统计.png", "3.4"),
        # 3.1–3.3
        ("2020.10.15潍坊日报-奎文区教管办.jpg", "3.1"),
        ("大众日报报道.jpg", "3.1"),
        ("媒体报道.jpg", "3.1"),
        ("中国教育报刊登.jpg", "3.1"),
        ("市政府简报.pdf", "3.2"),
        ("表彰文件.pdf", "3.2"),
        ("经验推广转发通知.pdf", "3.2"),
        ("宣传周推广方案.pdf", "3.3"),
        ("宣传周活动方案.pdf", "3.3"),  # not 1.5's 活动方案
        ("三、宣传推广/工作简报及台账.pdf", "3.2"),  # a section's folder prefers its own indicators
        ("工作简报及台账.pdf", None),  # …without one, 3.2's 简报 and 1.4's 台账 tie
        # traditional characters, folders and archives read as folders
        ("一、十二項教育惠民制度/東關初中.pdf", "1.1"),
        ("宣傳週/照片.jpg", "3.3"),
        ("領導小組/通知.pdf", "1.3"),
        ("各校/实验小学.zip/1.4/台账.pdf", "1.4"),
        ("3.奎文区教管办（2020惠民考核）/杂项/台账.pdf", "1.4"),  # "3." numbers the unit's folder
        # must stay unassigned
        ("IMG_20201015_093012.jpg", None),
        ("杂项/成绩表.xlsx", None),
        ("新建文件夹/扫描件001.pdf", None),
        ("奎文区教管办2020年教育惠民考核材料/说明.docx", None),
        ("工作总结.docx", None),
        ("会议记录.pdf", None),
        ("校车台账.pdf", None),  # 1.1's 校车 and 1.4's 台账, equally long
        ("媒体曝光情况.docx", None),  # section 4 has no indicator
    ],
)
def test_realistic_file_names(classifier, path, indicator):
    assert classifier.classify(path).indicator == indicator, classifier.classify(path).how


# ── whose school: the longest name, other units' schools, schools off the roster ───────────

EAST = "东关街道"


@pytest.fixture(scope="module")
def two_units():
    roster = parse_rows(
        [
            ["单位", "学校", "别名"],
            [UNIT, "潍坊市奎文区东关小学", "东关小学"],
            [UNIT, "潍坊市奎文区實驗小學", "奎文实小"],  # written in traditional characters
            [EAST, "东关街道中心小学", "东关中心小学"],
            [EAST, "东关街道第二小学", ""],
        ],
        "test",
    )
    mine = roster.schools_of(UNIT)
    others = [s for s in roster.all_schools if s.unit != UNIT]
    return Classifier(load_rubric(), mine, UNIT, others=others, other_units=[EAST], find_unknown=True)


@pytest.mark.parametrize(
    ("path", "school", "foreign", "owner"),
    [
        ("1.1/东关小学制度.pdf", "潍坊市奎文区东关小学", None, None),
        ("1.1/东关小学分校制度.pdf", None, "东关小学分校", None),  # not 东关小学
        ("1.1/东关小学附属幼儿园制度.pdf", None, "东关小学附属幼儿园", None),
        ("1.1/东关小学幼儿园制度.pdf", None, "东关小学幼儿园", None),
        ("1.1/东关中心小学制度.pdf", None, "东关中心小学", EAST),  # another unit's school
        ("1.1/东关街道中心小学/上墙.jpg", None, "东关街道中心小学", EAST),
        ("1.1/东关街道第二小学.zip/上墙.jpg", None, "东关街道第二小学", EAST),  # an inner archive
        ("1.1/青云小学制度.pdf", None, "青云小学", None),  # on no roster
        ("1.3/关于成立青云小学领导小组的通知.pdf", None, "青云小学", None),
        ("1.1/潍坊市奎文区实验小学制度.pdf", "潍坊市奎文区實驗小學", None, None),  # folded
        ("1.1/奎文實小上墙.jpg", "潍坊市奎文区實驗小學", None, None),
        ("1.6/惠民服务特色学校案例.pdf", None, None, None),  # general words, not a school
        ("1.1/所有学校制度汇编.pdf", None, None, None),
        ("1.5/全市中小学宣传活动.jpg", None, None, None),
    ],
)
def test_school_of_this_unit_or_not(two_units, path, school, foreign, owner):
    result = two_units.classify(path)
    assert result.school == school, result.how
    assert (result.foreign.matched if result.foreign else None) == foreign
    assert (result.foreign.unit if result.foreign else None) == owner


def test_shown_names_stay_as_written(two_units):
    result = two_units.classify("一、十二項教育惠民制度/奎文實小.jpg")
    assert result.indicator == "1.1"
    assert "十二項" in result.how["indicator"]
    assert result.how["school"] == "文件名中的学校简称“奎文实小”"


def test_no_unknown_schools_without_a_roster(classifier):
    result = classifier.classify(
        "1.1/青云小学制度.pdf"
    )  # the roster of `classifier` is passed without find_unknown
    assert result.foreign is None and result.school is None
