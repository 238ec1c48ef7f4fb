"""The bundled rubric is a faithful, validated transcription; broken rubric files say what is wrong."""

import tomllib

import pytest

from app.resources import resource_path
from app.rubric import (
    AllOrNothingRule,
    AwardIfListedRule,
    CappedTiersRule,
    DeductionRule,
    FinalDeductionRule,
    JudgementRule,
    RubricError,
    SectionDeductionRule,
    ThresholdRule,
    TotalDeductionRule,
    load_rubric,
    parse_rubric,
)

SEED_TITLES = {
    "1.1": "十二项教育惠民制度制定实施",
    "1.6": "评选惠民服务特色校",
    "2.1": "一次办结",
    "3.4": "校长必读平台使用、留言情况",
}


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def test_structure_and_arithmetic(rubric):
    assert rubric.year == 2020
    assert [s.code for s in rubric.sections] == ["1", "2", "3", "4", "5"]
    assert len(rubric.indicators) == 18
    assert [s.points for s in rubric.sections[:3]] == [70, 20, 10]
    assert rubric.scaled_points == 100
    for section in rubric.sections[:3]:
        assert sum(i.points for i in section.indicators) == section.points
    for code, title in SEED_TITLES.items():
        assert rubric.indicator(code).title == title


def test_derived_values_are_marked(rubric):
    assert rubric.indicator("2.4").points == 10 and "points" in rubric.indicator("2.4").derived
    assert rubric.indicator("1.9").points == 0 and "points" in rubric.indicator("1.9").derived
    assert not rubric.indicator("1.1").derived


def test_rule_types_follow_the_seed(rubric):
    types = {i.code: type(i.rule) for i in rubric.indicators}
    assert types["1.1"] is DeductionRule
    for code in ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7"):
        assert types[code] is AllOrNothingRule
    assert types["1.8"] is AwardIfListedRule
    assert types["1.9"] is SectionDeductionRule
    assert rubric.indicator("1.9").rule.occurrences[0].per == 2
    assert [o.per for o in rubric.indicator("2.1").rule.occurrences] == [1, 2]
    assert [o.per for o in rubric.indicator("2.4").rule.occurrences] == [1, 2]
    assert types["3.1"] is CappedTiersRule and rubric.indicator("3.1").rule.cap == 3
    assert [t.points for t in rubric.indicator("3.2").rule.tiers] == [1, 2, 3]
    assert types["3.3"] is JudgementRule
    assert types["3.4"] is ThresholdRule and rubric.indicator("3.4").rule.above == 100
    assert isinstance(rubric.section("4").rule, TotalDeductionRule)
    assert rubric.section("4").rule.occurrences[0].per == 5
    s5 = rubric.section("5")
    assert isinstance(s5.rule, FinalDeductionRule) and s5.stage == "after_scaling"
    assert sorted(o.per for o in s5.rule.occurrences) == [0.5, 1, 3]


def test_evidence_requirements_match_the_design_brief(rubric):
    ev = {i.code: i.evidence for i in rubric.evidence_indicators}
    assert sorted(ev) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "3.1", "3.2", "3.3"]
    assert [p.need for p in ev["1.1"].parts] == ["pdf", "image"]
    assert [p.need for p in ev["1.5"].parts] == ["pdf|image"]
    assert ev["1.1"].scope == "every_school" and ev["1.3"].scope == "unit" and ev["1.6"].scope == "unit"
    assert ev["3.1"].naming == "time_unit" and not ev["3.1"].required
    assert all(ev[c].required for c in ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"))


def test_texts_are_verbatim_from_the_seed(rubric):
    seed = next(resource_path("").parent.parent.glob("shared/seed/*.txt"), None)
    if seed is None:  # CI has shared/ beside the checkout; a bare wheel install does not
        seed = next((resource_path("").parent.parent.parent / "shared" / "seed").glob("*.txt"), None)
    if seed is None:
        pytest.skip("seed text not available here")
    text = seed.read_text(encoding="utf-8")
    for ind in rubric.indicators:
        assert ind.method in text, ind.code


def _bundled():
    return tomllib.loads(resource_path("rubrics/2020.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d["sections"][0]["indicators"][0].pop("method"), ["1.1", "缺少", "method"]),
        (lambda d: d["sections"][0]["indicators"][0]["rule"].update(type="magic"), ["magic", "未知"]),
        (lambda d: d["sections"][0].update(points=71), ["71", "之和"]),
        (
            lambda d: d["sections"][0]["indicators"][0]["evidence"]["parts"][0].update(kinds=["video"]),
            ["video"],
        ),
        (lambda d: d["sections"][1]["indicators"][0].update(code="1.99"), ["1.99"]),
        (lambda d: d["sections"][0]["indicators"][1].update(code="1.1"), ["重复", "1.1"]),
        (lambda d: d["sections"][0]["indicators"][0].update(points="ten"), ["points", "数值"]),
    ],
)
def test_broken_rubric_names_the_entry(mutate, words):
    data = _bundled()
    mutate(data)
    with pytest.raises(RubricError) as err:
        parse_rubric(data, "bad.toml")
    message = str(err.value)
    assert "bad.toml" in message
    for word in words:
        assert word in message


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(RubricError, match="无法读取"):
        load_rubric(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[rubric\nid=", encoding="utf-8")
    with pytest.raises(RubricError, match="TOML"):
        load_rubric(bad)
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes("名称 = '细则'".encode("gbk"))
    with pytest.raises(RubricError, match="UTF-8"):
        load_rubric(gbk)


def test_another_years_rubric_loads(tmp_path):
    data = _bundled()
    text = resource_path("rubrics/2020.toml").read_text(encoding="utf-8")
    other = tmp_path / "2021.toml"
    other.write_text(
        text.replace("year = 2020", "year = 2021").replace('id = "weifang-2020"', 'id = "x-2021"'), "utf-8"
    )
    loaded = load_rubric(other)
    assert (
        loaded.year == 2021
        and loaded.id == "x-2021"
        and len(loaded.indicators) == len([i for s in data["sections"] for i in s.get("indicators", [])])
    )
