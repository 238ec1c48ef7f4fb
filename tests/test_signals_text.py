"""CJK normalisation, school mentions, 文号 and document dates."""

from __future__ import annotations

import unicodedata

import pytest

from app.signals.text import (
    RADICALS,
    doc_number,
    document_dates,
    mentioned,
    normalize,
    normalize_lines,
    shingles,
)


def test_radical_and_compatibility_forms_fold_to_ordinary_characters():
    # ⻘ CJK Radicals Supplement (no decomposition), ⼩ Kangxi radical (NFKC), 﨑 compatibility ideograph
    assert normalize("⻘州市 ⼀中\n⺠办⼩学") == "青州市一中民办小学"
    assert normalize("潍坊市⻘年路小学（北校）") == "潍坊市青年路小学(北校)"


def test_radical_table_targets_are_ordinary_ideographs():
    for radical, char in RADICALS.items():
        assert unicodedata.name(radical).startswith("CJK RADICAL")
        assert "CJK RADICAL" not in unicodedata.name(char)


def test_mentioned_prefers_the_longest_name():
    text = normalize("北关实验小学开展宣传活动")
    assert mentioned(text, ["实验小学", "北关实验小学"]) == ["北关实验小学"]
    assert mentioned(normalize("实验小学和北关实验小学"), ["实验小学", "北关实验小学"]) == [
        "北关实验小学",
        "实验小学",
    ]


def test_a_name_split_across_lines_is_found():
    assert mentioned(normalize("潍坊市潍城区北关\n小学"), ["潍坊市潍城区北关小学"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("青教发〔2020〕3号", ("青教发〔2020〕3号", 2020)),
        ("潍教字 [ 2020 ] 12 号", ("潍教字〔2020〕12号", 2020)),
        ("鲁教基发【2019】第5号", ("鲁教基发〔2019〕5号", 2019)),
        ("潍城教办发（2020）7号", ("潍城教办发〔2020〕7号", 2020)),
        ("潍坊市教育局文件\n潍教发〔2020〕21号\n关于…的通知", ("潍教发〔2020〕21号", 2020)),
        ("关于印发方案的通知潍城教发〔2020〕8号", ("潍城教发〔2020〕8号", 2020)),
        ("2020年工作总结，共3号楼", None),
    ],
)
def test_doc_number(raw, expected):
    assert doc_number(normalize_lines(raw)) == expected


def test_document_dates_in_both_notations():
    text = normalize("会议于2020年3月5日召开。\n潍城区教管办\n二〇二〇年十月十五日")
    assert document_dates(text) == ["2020-03-05", "2020-10-15"]
    assert document_dates("二〇一九年十二月三十一日") == ["2019-12-31"]
    assert document_dates("2020年13月40日") == []


def test_shingles_sample_consistently():
    a = shingles("关于成立教育惠民服务工作领导小组的通知，各学校要高度重视" * 3)
    b = shingles("关于成立教育惠民服务工作领导小组的通知，各学校要高度重视" * 3)
    assert a == b and a
    assert not shingles("短")
