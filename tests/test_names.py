import pytest

from app.names import CodeHint, code_hint, display_name, display_path, find_date, fold, folder_name

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


# ── one name, many spellings ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("一、十二項教育惠民制度", "一、十二项教育惠民制度"),
        ("東關小學分校", "东关小学分校"),
        ("宣傳週活動", "宣传周活动"),
        ("領導小組", "领导小组"),
        ("潍坊市奎文区实验小学", "潍坊市奎文区实验小学"),  # simplified stays as it is
        ("于河小学 乾坤 后勤", "于河小学 乾坤 后勤"),  # characters that are simplified already
        ("IMG_0001", "IMG_0001"),
    ],
)
def test_fold_traditional_to_simplified(text, folded):
    assert fold(text) == folded


def test_fold_is_memoised():
    fold.cache_clear()
    fold("臺帳")
    fold("臺帳")
    assert fold.cache_info().hits == 1


@pytest.mark.parametrize(
    ("segment", "name"),
    [
        ("青云街道中心小学.zip", "青云街道中心小学"),
        ("东关街道.RAR", "东关街道"),
        ("材料.7z", "材料"),
        ("3.青云街道（2020惠民考核）", "3.青云街道（2020惠民考核）"),
        (".zip", ".zip"),
    ],
)
def test_archive_folders_are_named_by_their_stem(segment, name):
    assert folder_name(segment) == name


def _as_linux_lists_it(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def test_gbk_bytes_are_decoded_like_zip_names():
    gbk = _as_linux_lists_it("东关小学分校制度.pdf".encode("gbk"))
    assert gbk != "东关小学分校制度.pdf"
    assert display_name(gbk) == "东关小学分校制度.pdf"
    assert display_name("照片.jpg") == "照片.jpg"
    mixed = "十二项制度/" + _as_linux_lists_it("上墙.jpg".encode("gb18030"))
    assert display_path(mixed) == "十二项制度/上墙.jpg"  # per segment: a UTF-8 folder, a GBK file


def test_display_names_never_hold_lone_surrogates():
    for raw in (b"\xff\xfe.pdf", b"\x81", "制度".encode("gbk") + b"\x80", "\udc00x"):
        shown = display_name(raw if isinstance(raw, str) else _as_linux_lists_it(raw))
        shown.encode("utf-8")  # raises on a lone surrogate
