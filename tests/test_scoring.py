"""The scoring engine against cases worked out by hand from the seed's words (not from the code).

Seed wording quoted in each group; the expected numbers are literals with their arithmetic.
Full marks of the 2020 rubric with default inputs: section 1 = 10+5+5+10+10+10+10+0(1.8 not
listed)+5 = 65, section 2 = 4+3+3+10 = 20, section 3 = 0 (nothing entered), total 85.
"""

from __future__ import annotations

import pytest

from app.rubric import load_rubric, parse_rubric
from app.scoring.engine import score_item, score_unit
from app.scoring.inputs import ScoreInputError, item_map

RUBRIC = load_rubric()
ITEMS = item_map(RUBRIC)


def item_score(code, inputs):
    return score_item(ITEMS[code], inputs).score


# ── one rule type at a time ────────────────────────────────────────────────────────────────
ITEM_CASES = [
    # 1.1 (10) "凡发现未发布或未实施事项的，扣1分，扣完为止"
    ("1.1", {}, 10),  # nothing found: 10
    ("1.1", {"missing": 2}, 8),  # 10 − 2×1
    ("1.1", {"missing": 10}, 0),  # 10 − 10×1
    ("1.1", {"missing": 13}, 0),  # 10 − 13 = −3 → floor 0 (扣完为止)
    # 1.10 (5) "每漏报或迟报一次扣1分"
    ("1.10", {"late_or_missing": 4}, 1),  # 5 − 4
    # 2.1 (4) "每出现重复投诉一次扣1分，多次投诉一次扣2分，扣完为止" — two kinds, own weights
    ("2.1", {"repeat": 1, "multiple": 1}, 1),  # 4 − 1 − 2
    ("2.1", {"repeat": 0, "multiple": 2}, 0),  # 4 − 2×2
    ("2.1", {"repeat": 3, "multiple": 1}, 0),  # 4 − 3 − 2 = −1 → 0
    # 2.2 (3), 2.3 (3) "每出现一次扣1分" / "超时办理每次扣1分"
    ("2.2", {"reworked": 2}, 1),  # 3 − 2
    ("2.3", {"overtime": 5}, 0),  # 3 − 5 → 0
    # 2.4 (10, derived) "每退办一次扣1分；…弄虚作假…查实一件扣2分"
    ("2.4", {"returned": 3, "falsified": 2}, 3),  # 10 − 3×1 − 2×2
    # 1.2 … 1.7 all or nothing: "凡未纳入考核评价的，该项不得分"
    ("1.2", {"met": True}, 5),
    ("1.2", {"met": False}, 0),
    ("1.7", {"met": False}, 0),
    ("1.4", {"met": True}, 10),
    # 1.8 "被评为潍坊市“零投诉”学校的计5分，否则不得分"
    ("1.8", {"listed": True}, 5),
    ("1.8", {"listed": False}, 0),
    # 1.9 "每次扣2分" — a deduction with no points of its own
    ("1.9", {"interviews": 3}, -6),  # −3×2
    # 3.1 "市级、省级、国家级媒体，分别计1、2、3分；同一报道计最高分，累计满3分为止"
    ("3.1", {"entries": [{"title": "惠民周", "level": "city"}]}, 1),
    ("3.1", {"entries": [{"title": "A", "level": "city"}, {"title": "B", "level": "province"}]}, 3),  # 1+2
    # the same report (title differs only in quotes/space/width) at city, province, national: once, at 3
    (
        "3.1",
        {
            "entries": [
                {"title": "教育惠民在行动", "level": "city"},
                {"title": "《教育惠民 在行动》", "level": "province"},
                {"title": "教育惠民在行动", "level": "national"},
            ]
        },
        3,
    ),
    # same report at city and province counts 2, not 1+2=3; another city report adds 1 → 3
    (
        "3.2",
        {
            "entries": [
                {"title": "简报第5期", "level": "city"},
                {"title": "简报 第5期", "level": "province"},
            ]
        },
        2,
    ),
    (
        "3.2",
        {"entries": [{"title": "X", "level": "national"}, {"title": "Y", "level": "province"}]},
        3,  # 3 + 2 = 5, capped at 3
    ),
    ("3.2", {"entries": [{"title": "X", "level": "city"}, {"title": "x", "level": "city"}]}, 1),  # same: 1
    # 3.3 reviewer judgement within 3
    ("3.3", {"points": 2.5}, 2.5),
    ("3.3", {"points": 3}, 3),
    # 3.4 "校长有效留言总数大于100条的，则加1分；不足的不加分"
    ("3.4", {"value": 100}, 0),  # 100 is not more than 100
    ("3.4", {"value": 101}, 1),
    # 4 "每发生一次媒体曝光或重大舆情的，扣5分，累计扣分"
    ("4", {"exposures": 3}, -15),  # −3×5
    # 5 "投诉扣1分，求助、建议扣0.5分，被查属实或者部分属实的扣3分" ("replace": a true complaint costs 3)
    ("5", {"complaints": 2, "requests": 3, "substantiated": 1}, -6.5),  # −(2×1 + 3×0.5 + 1×3)
]


@pytest.mark.parametrize(("code", "inputs", "expected"), ITEM_CASES)
def test_item_rule(code, inputs, expected):
    assert item_score(code, inputs) == expected


def test_reasons_are_chinese_and_carry_the_numbers():
    assert score_item(ITEMS["1.1"], {"missing": 2}).reason == "1.1：未发布或未实施事项 2 × 1分，扣2分，得8分"
    assert "扣完为止" in score_item(ITEMS["2.3"], {"overtime": 5}).reason
    assert (
        "按最高级别计一次"
        in score_item(
            ITEMS["3.1"], {"entries": [{"title": "A", "level": "city"}, {"title": "A", "level": "national"}]}
        ).reason
    )
    assert (
        "累计满3分为止"
        in score_item(
            ITEMS["3.2"], {"entries": [{"title": "X", "level": "national"}, {"title": "Y", "level": "city"}]}
        ).reason
    )


# ── whole units ────────────────────────────────────────────────────────────────────────────
FULL = {"1.8": {"listed": True}, "3.1": {"entries": [{"title": "T", "level": "national"}]}}
FULL |= {
    "3.2": {"entries": [{"title": "J", "level": "national"}]},
    "3.3": {"points": 3},
    "3.4": {"value": 150},
}

UNIT_CASES = [
    # (id, inputs, weight, veto, expected (section1, section2, section3, section4, total, scaled, final))
    # every point: 70 + 20 + 10 = 100; × 10 / 100 = 10; nothing after scaling
    ("full marks", FULL, 10, False, (70, 20, 10, 0, 100, 10, 10)),
    # defaults: 65 + 20 + 0 = 85 (1.8 not listed, section 3 empty); 85 × 8 / 100 = 6.8
    ("defaults", {}, 8, False, (65, 20, 0, 0, 85, 6.8, 6.8)),
    # 1.9 pulls section 1 down: 70 − 3×2 = 64; total 64 + 20 + 10 = 94; × 5 / 100 = 4.7
    ("1.9 three interviews", FULL | {"1.9": {"interviews": 3}}, 5, False, (64, 20, 10, 0, 94, 4.7, 4.7)),
    # 1.9 pulls section 1 to its floor: all-or-nothing items failed → 10+0*6+0+5 = 15 earned
    # (1.1 10, 1.10 5), 40 interviews × 2 = 80 > 15 → section 1 = 0, not −65; total 0 + 20 + 0 = 20
    (
        "1.9 to floor",
        {c: {"met": False} for c in ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")} | {"1.9": {"interviews": 40}},
        10,
        False,
        (0, 20, 0, 0, 20, 2, 2),
    ),
    # section 4: 100 − 2×5 = 90; × 10 / 100 = 9
    ("section 4", FULL | {"4": {"exposures": 2}}, 10, False, (70, 20, 10, -10, 90, 9, 9)),
    # section 4 beyond the total: 85 − 18×5 = −5 → total 0; × 10/100 = 0
    ("section 4 floor", {"4": {"exposures": 18}}, 10, False, (65, 20, 0, -90, 0, 0, 0)),
    # scaling then section 5 (not scaled): 85 × 8.5 / 100 = 7.225; − (1 + 0.5×2) = 5.225
    (
        "section 5 after scaling",
        {"5": {"complaints": 1, "requests": 2}},
        8.5,
        False,
        (65, 20, 0, 0, 85, 7.225, 5.225),
    ),
    # a substantiated complaint costs 3 ("replace"), not 1+3: 100 × 10 / 100 = 10 − 3 = 7
    ("substantiated", FULL | {"5": {"substantiated": 1}}, 10, False, (70, 20, 10, 0, 100, 10, 7)),
    # section 5 floor: 85 × 4 / 100 = 3.4; − (2×3 = 6) → 0, not −2.6
    ("section 5 floor", {"5": {"substantiated": 2}}, 4, False, (65, 20, 0, 0, 85, 3.4, 0)),
    # the veto: 100 × 10 / 100 = 10 but falsified material → 0
    ("veto", FULL, 10, True, (70, 20, 10, 0, 100, 10, 0)),
    # weight 100: 85 × 100 / 100 = 85
    ("weight 100", {}, 100, False, (65, 20, 0, 0, 85, 85, 85)),
]


@pytest.mark.parametrize(
    ("inputs", "weight", "veto", "expected"), [c[1:] for c in UNIT_CASES], ids=[c[0] for c in UNIT_CASES]
)
def test_unit(inputs, weight, veto, expected):
    s = score_unit(RUBRIC, inputs, weight=weight, veto=veto, veto_reason="伪造会议照片")
    got = (*(s.section(c).score for c in "1234"), s.total, s.scaled, s.final)
    assert got == expected


def test_unit_reasons_show_the_steps():
    s = score_unit(RUBRIC, {"5": {"complaints": 1}}, weight=8.5, veto=True, veto_reason="伪造签名")
    text = "\n".join(s.reasons)
    assert "85 × 8.5 ÷ 100 = 7.225" in text
    assert "7.225 − 1 = 6.225" in text
    assert "注1" in text and "伪造签名" in text and "计0分" in text


def test_no_weight_yet_gives_total_but_no_final():
    s = score_unit(RUBRIC, {}, weight=None)
    assert (s.total, s.scaled, s.final) == (85, None, None)
    assert "督导赋分" in s.reasons[-1]


def test_section5_choice_is_shown_next_to_its_input():
    hint = ITEMS["5"].field("substantiated").hint
    assert hint == "每件共扣3分，不再另按“投诉事项件数（未查实）”扣1分"


def test_add_mode_charges_both():
    # the same rubric with substantiated_mode = "add": a true complaint costs 3 + 1 = 4
    import tomllib

    from app.resources import resource_path

    data = tomllib.loads(resource_path("rubrics/2020.toml").read_text("utf-8"))
    data["sections"][4]["rule"]["substantiated_mode"] = "add"
    rubric = parse_rubric(data)
    s = score_unit(rubric, FULL | {"5": {"substantiated": 1}}, weight=10)
    assert s.final == 6  # 10 − (3 + 1)
    assert "(3+1)" in s.item("5").reason
    assert item_map(rubric)["5"].field("substantiated").hint.startswith("每件扣3+1分")


# ── bad input ──────────────────────────────────────────────────────────────────────────────
BAD = [
    ({"1.1": {"missing": -1}}, 10, "不能为负数"),
    ({"1.1": {"missing": 1.5}}, 10, "整数"),
    ({"1.1": {"missng": 1}}, 10, "没有输入项"),
    ({"3.3": {"points": 3.5}}, 10, "不能超过 3 分"),
    ({"3.3": {"points": 1.2}}, 10, "0.5 分为单位"),
    ({"3.3": {"points": -0.5}}, 10, "不能为负数"),
    ({"1.2": {"met": "yes"}}, 10, "是/否"),
    ({"3.1": {"entries": [{"title": "", "level": "city"}]}}, 10, "缺少标题"),
    ({"3.1": {"entries": [{"title": "A", "level": "county"}]}}, 10, "级别“county”无效"),
    ({"9.9": {}}, 10, "没有指标"),
    ({}, 0, "督导赋分"),
    ({}, 100.5, "不超过 100"),
    ({}, -3, "大于 0"),
]


@pytest.mark.parametrize(("inputs", "weight", "message"), BAD)
def test_bad_input_is_a_clear_chinese_message(inputs, weight, message):
    with pytest.raises(ScoreInputError, match=message):
        score_unit(RUBRIC, inputs, weight=weight)
