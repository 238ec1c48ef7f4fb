"""PDF signals on real text PDFs drawn by Qt: copy-paste templates, other schools, scans, dates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from app.check import drain, run_check
from app.discover import discover
from app.model import Report
from app.roster import load_roster
from app.rubric import load_rubric
from app.signals import SignalOptions, merge_signals, run_signals
from app.signals.features import extract
from tests.signal_samples import photo, text_pdf, with_radicals

UNIT = "潍城区教管办"
ROSTER = (
    "单位,学校,别名\n"
    f"{UNIT},潍坊市潍城区北关小学,北关小学\n"
    f"{UNIT},潍坊市潍城区于河小学,于河小学\n"
    f"{UNIT},潍坊市潍城区望留中学,望留中学；望留初中\n"
    "奎文区教管办,潍坊市奎文区实验小学,奎文实验小学\n"
)


def plan(school: str) -> list[str]:
    """A 1.2-style document, the kind a clerk copies and renames for the next school."""
    return [
        f"{school}教育惠民服务一把手负责制考核办法",
        f"为进一步落实教育惠民各项政策，{school}成立以校长为组长的工作领导小组，校长为第一责任人，"
        "分管副校长具体负责，各处室负责人为成员，明确分工，层层落实责任。",
        "一、考核内容：制度建设、台账管理、宣传活动、家校沟通、问题整改五个方面，每项二十分。"
        "二、考核方式：每学期末由领导小组组织自查，结果在校内公示，并报教管办备案。"
        "三、结果运用：考核结果与评先树优挂钩，对工作不力的处室负责人进行约谈。",
        f"{school}",
        "二〇二〇年九月一日",
    ]


BODIES = [
    "学校建立班主任、年级、学校三级沟通渠道，每月召开一次家长委员会会议，收集家长意见建议，"
    "对家长反映的问题在三个工作日内答复，重大问题提交校务会研究解决，并做好记录存档。",
    "本学期共开展教育惠民政策宣传活动六次，发放明白纸一千二百份，召开专题家长会两次，"
    "在校门口设置宣传展板，利用微信公众号推送政策解读文章，家长知晓率明显提高。",
    "实施进程台账按月登记，内容包括工作事项、完成时限、责任人、完成情况和佐证材料目录，"
    "每月底由分管校长审核签字，发现滞后事项及时督促整改，确保各项任务按期完成。",
    "特色做法：学校设立家长开放日，邀请家长走进课堂、食堂和宿舍，现场听取意见；"
    "对困难学生家庭建立帮扶档案，由党员教师结对联系，做到政策应享尽享。",
]


def other_plan(school: str, body: int = 0) -> list[str]:
    """A document of the school's own: ``body`` picks one of several unrelated texts."""
    return [f"{school}工作材料", BODIES[body], "2020年10月8日"]


def scan_pdf(path: Path) -> None:
    out = io.BytesIO()
    photo(9, (420, 594)).convert("L").save(out, "PDF", resolution=50)
    path.write_bytes(out.getvalue())


def run(folder: Path, tmp_path: Path) -> Report:
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(ROSTER, encoding="utf-8")
    rubric, roster = load_rubric(), load_roster(roster_path)
    report = drain(run_check(folder, rubric=rubric, roster=roster, unit=UNIT))
    options = SignalOptions(workers=1, cache_dir=str(tmp_path / "cache"))
    merge_signals(report, drain(run_signals(folder, report, rubric, roster, options)))
    return report


def codes_of(report: Report, path: str) -> set[str]:
    return {s.code for s in report.signals if path in s.paths}


@pytest.fixture
def folder(tmp_path, qapp) -> Path:
    root = tmp_path / UNIT
    d12, d17 = root / "1.2 一把手负责制", root / "1.7 家校沟通桥"
    d12.mkdir(parents=True)
    d17.mkdir()
    text_pdf(d12 / "潍坊市潍城区北关小学考核办法.pdf", plan("潍坊市潍城区北关小学"))
    text_pdf(d12 / "潍坊市潍城区于河小学考核办法.pdf", plan("潍坊市潍城区于河小学"))  # the copy
    text_pdf(d12 / "潍坊市潍城区望留中学考核办法.pdf", other_plan("望留初中", 1))  # its own, by alias
    text_pdf(d17 / "潍坊市潍城区北关小学沟通桥机制.pdf", other_plan("潍坊市潍城区北关小学"))
    # filed for 于河小学, but it is 奎文区实验小学's document
    text_pdf(d17 / "潍坊市潍城区于河小学沟通桥机制.pdf", other_plan("潍坊市奎文区实验小学", 2))
    # a scan, and a document dated the year before
    scan_pdf(d17 / "潍坊市潍城区望留中学沟通桥机制.pdf")
    old = [*other_plan("潍坊市潍城区北关小学", 3)[:-1], "2019年9月1日"]
    text_pdf(d12 / "潍坊市潍城区北关小学2019年考核办法.pdf", old)
    return root


def test_chinese_text_round_trips_through_the_pdf(folder):
    entry = next(e for e in discover(folder).entries if e.name == "潍坊市潍城区北关小学考核办法.pdf")
    features = extract(entry, "pdf", "pdf")
    assert "潍坊市潍城区北关小学教育惠民服务一把手负责制考核办法" in features["text"]
    assert features["dates"][-1] == "2020-09-01"


def test_pdf_signals(folder, tmp_path):
    report = run(folder, tmp_path)
    d12, d17 = "1.2 一把手负责制/", "1.7 家校沟通桥/"
    template = [s for s in report.signals if s.code == "dup.template"]
    assert [set(s.paths) for s in template] == [
        {d12 + "潍坊市潍城区北关小学考核办法.pdf", d12 + "潍坊市潍城区于河小学考核办法.pdf"}
    ]
    assert template[0].similarity is not None and template[0].similarity > 0.9
    other = [s for s in report.signals if s.code == "content.other_school"]
    assert [s.paths for s in other] == [(d17 + "潍坊市潍城区于河小学沟通桥机制.pdf",)]
    assert "潍坊市奎文区实验小学" in other[0].message
    assert codes_of(report, d17 + "潍坊市潍城区望留中学沟通桥机制.pdf") == {"content.scanned"}
    assert codes_of(report, d12 + "潍坊市潍城区北关小学2019年考核办法.pdf") == {"date.outside_year"}
    # mentions its own school by alias, and is not a copy: quiet
    assert codes_of(report, d12 + "潍坊市潍城区望留中学考核办法.pdf") == set()
    assert codes_of(report, d17 + "潍坊市潍城区北关小学沟通桥机制.pdf") == set()


def test_the_doc_number_is_read_out_onto_the_file(tmp_path, qapp):
    root = tmp_path / UNIT
    d = root / "1.1 十二项制度"
    d.mkdir(parents=True)
    text_pdf(
        d / "潍坊市潍城区北关小学制度文件.pdf",
        [
            "潍坊市潍城区教育管理办公室文件",
            "潍城教办发〔2020〕 3 号",
            "关于印发潍坊市潍城区北关小学十二项制度的通知",
        ],
    )
    report = run(root, tmp_path)
    record = report.files[0]
    assert record.detail["doc_number"] == "潍城教办发〔2020〕3号"
    assert [f.message for f in record.findings if f.code == "content.doc_number"] == [
        "正式文件文号：潍城教办发〔2020〕3号"
    ]


def test_signals_never_make_a_file_unusable_and_land_on_the_files(folder, tmp_path):
    report = run(folder, tmp_path)
    assert report.signals
    for s in report.signals:
        assert str(s.severity) in ("warning", "info")
        for path in s.paths:
            record = next(r for r in report.files if r.path == path)
            assert record.usable
            assert any(f.code == s.code for f in record.findings)
    assert "signals" in report.to_json()


def test_text_extracted_in_radical_forms_still_matches_the_school(tmp_path, qapp):
    # The page shows 小/文/青, but the font's Unicode map says ⼩ (Kangxi), ⽂ (Kangxi) and ⻘
    # (Radicals Supplement): what pypdf extracts from PDFs of some Chinese office suites.
    root = tmp_path / UNIT
    d = root / "1.7 家校沟通桥"
    d.mkdir(parents=True)
    swaps = {"小": "⼩", "文": "⽂", "青": "⻘"}
    text_pdf(d / "潍坊市潍城区北关小学机制.pdf", [*other_plan("潍坊市潍城区北关小学"), "青年教师"])
    text_pdf(d / "潍坊市潍城区于河小学机制.pdf", other_plan("潍坊市奎文区实验小学", 1))
    for pdf in d.iterdir():
        with_radicals(pdf, swaps)
    from pypdf import PdfReader

    extracted = PdfReader(d / "潍坊市潍城区北关小学机制.pdf").pages[0].extract_text()
    assert "北关⼩学" in extracted and "⻘年" in extracted  # the radicals really are in the text layer
    report = run(root, tmp_path)
    assert codes_of(report, "1.7 家校沟通桥/潍坊市潍城区北关小学机制.pdf") == set()
    assert codes_of(report, "1.7 家校沟通桥/潍坊市潍城区于河小学机制.pdf") == {"content.other_school"}


def test_a_unit_wide_text_filed_for_two_schools_is_reported(tmp_path, qapp):
    root = tmp_path / UNIT
    d = root / "1.7 家校沟通桥"
    d.mkdir(parents=True)
    # The same unit-wide text re-exported per school: different bytes, identical text.
    text_pdf(d / "潍坊市潍城区北关小学机制.pdf", [*other_plan(UNIT), "北关"])
    text_pdf(d / "潍坊市潍城区于河小学机制.pdf", [*other_plan(UNIT), "于河"])
    report = run(root, tmp_path)
    template = [s for s in report.signals if s.code == "dup.template"]
    assert len(template) == 1 and template[0].detail["same_text"] is False
    assert not any(s.code.startswith("content.") for s in report.signals)  # the unit's name counts


def test_unreadable_image_in_a_pdf_folder_is_ignored(tmp_path, qapp):
    root = tmp_path / UNIT
    d = root / "1.7 家校沟通桥"
    d.mkdir(parents=True)
    (d / "潍坊市潍城区北关小学机制.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    Image.new("RGB", (10, 10)).save(d / "潍坊市潍城区于河小学照片.jpg")
    report = run(root, tmp_path)
    assert not [s for s in report.signals if s.code.startswith("dup.")]
