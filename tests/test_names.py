import pytest

from app.names import CodeHint, code_hint, find_date

VALID = {f"1.{i}" for i in range(1, 11)} | {f"2.{i}" for i in range(1, 5)} | {f"3.{i}" for i in range(1, 5)}


@pytest.mark.parametrize(
    ("segment", "hint"),
    [
        ("1.1 十二项教育惠民制度制定实施", CodeHint(code="1.1")),
        ("1-1制度", CodeHint(code="1.1")),
        ("1.1.", CodeHint(code="1.1")),
        ("1．4 台账", CodeHint(code="1.4")),
        ("1_7沟通桥", CodeHint(code="1.7")),
        ("1.10 信息报送", CodeHint(code="1.10")),
        ("一、1 制度", CodeHint(code="1.1")),
        ("三、2简报", CodeHint(code="3.2")),
        ("一、主要惠民服务工作", CodeHint(section="1")),
        ("三、宣传推广", CodeHint(section="3")),
        ("（四）台账", CodeHint(item=4)),
        ("(4)台账", CodeHint(item=4)),
        ("第3项 领导小组", CodeHint(item=3)),
        ("第三项", CodeHint(item=3)),
        ("4、计划台账", CodeHint(item=4)),
        ("特色校案例", CodeHint()),
        ("2020.10.15潍坊日报", CodeHint()),  # a date is not a code
        ("IMG_20201015_1.jpg", CodeHint()),
        ("9.9 不存在", CodeHint()),
    ],
)
def test_code_spellings(segment, hint):
    assert code_hint(segment, VALID) == hint


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("2020.10.15潍坊日报-奎文区教管办", "2020-10-15"),
        ("20201015潍坊日报", "2020-10-15"),
        ("潍坊日报2020-10-15", "2020-10-15"),
        ("2020年10月5日大众日报", "2020-10-05"),
        ("2020_3_9 报道", "2020-03-09"),
        ("IMG_20201015_093012", "2020-10-15"),
        ("2020年11月简报", "2020-11"),
        ("2020.13.45", None),
        ("潍坊日报报道", None),
    ],
)
def test_dates(name, iso):
    assert find_date(name) == iso
