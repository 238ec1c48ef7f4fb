"""Moving units between two reviewers' files: adopted work, one conflict kept side by side, resolve."""

from __future__ import annotations

import json

import pytest

from app.review.jsonio import doc_from_json, read_review, template
from app.review.merge import conflicts, export_units, import_file, resolve
from app.review.model import ReviewError, ReviewInputError
from app.review.store import ReviewStore
from app.rubric import load_rubric

RUBRIC = load_rubric()
A, B = "寒亭区教管办", "奎文区教管办"


@pytest.fixture
def two_files(tmp_path):
    lead = ReviewStore.create(tmp_path / "lead.sqlite", RUBRIC, "组长")
    other = ReviewStore.create(tmp_path / "lisi.sqlite", RUBRIC, "李四")
    lead.add_unit(A, weight=8)
    lead.set_inputs(A, "1.1", {"missing": 1})
    lead.confirm(A, "1.1")  # lead: 1.1 = 9
    other.add_unit(A, weight=8)
    other.set_inputs(A, "1.1", {"missing": 3})
    other.confirm(A, "1.1")  # 李四: 1.1 = 7 → the conflict
    other.set_inputs(A, "2.3", {"overtime": 1})
    other.confirm(A, "2.3")  # only 李四 scored 2.3 → adopted
    other.link_evidence(A, "2.3", "台账.pdf", 4)
    other.reassign(A, "杂项/a.pdf", "1.5", "甲小学")
    other.add_unit(B, weight=9)
    other.set_inputs(B, "3.3", {"points": 2})
    yield lead, other, tmp_path
    lead.close()
    other.close()


def test_export_import_with_one_conflict(two_files):
    lead, other, tmp = two_files
    out = export_units(other, [A, B], tmp / "lisi-export.sqlite")
    result = import_file(lead, out)

    assert result.added_units == [B]
    assert lead.score(B).item("3.3").score == 2
    assert f"{A} 2.3" in result.adopted and lead.score(A).item("2.3").score == 2  # 3 − 1
    assert lead.item(A, "2.3").evidence[0].page == 4
    assert lead.corrections(A).reassign == {"杂项/a.pdf": ("1.5", "甲小学")}

    # exactly one conflict, both sides listed, ours still in force
    [c] = result.conflicts
    assert (c.unit, c.target) == (A, "1.1")
    assert c.ours["confirmed_score"] == 9 and c.theirs["confirmed_score"] == 7
    line = c.describe()
    assert "本文件 9 分" in line and "李四 7 分" in line
    assert lead.score(A).item("1.1").score == 9
    assert [x.id for x in conflicts(lead)] == [c.id]

    # importing again adds no duplicate conflict
    assert import_file(lead, out).conflicts == []
    assert len(conflicts(lead)) == 1

    resolve(lead, c.id, "theirs")
    assert lead.score(A).item("1.1").score == 7
    assert conflicts(lead) == []
    actions = [r["action"] for r in lead.audit(A)]
    assert "conflict" in actions and "resolve_theirs" in actions and "import" in actions
    # 李四's own history came along, marked with its origin
    assert any(r["origin"] == "李四" and r["who"] == "李四" for r in lead.audit(B))
    with pytest.raises(ReviewInputError, match="已处理"):
        resolve(lead, c.id, "ours")


def test_keep_ours(two_files):
    lead, other, tmp = two_files
    result = import_file(lead, export_units(other, [A], tmp / "a.json"))  # via JSON this time
    [c] = result.conflicts
    resolve(lead, c.id, "ours")
    assert lead.score(A).item("1.1").score == 9
    assert conflicts(lead, unresolved_only=False)[0].resolution == "ours"


def test_weight_conflict(two_files):
    lead, other, tmp = two_files
    other.set_weight(A, 7.5)
    result = import_file(lead, export_units(other, [A], tmp / "x.sqlite"))
    assert {c.target for c in result.conflicts} == {"1.1", "unit.weight"}
    assert lead.unit(A).weight == 8


def test_bad_import_changes_nothing(two_files):
    lead, _other, tmp = two_files
    bad = template(RUBRIC, A)
    bad["units"][0]["weight"] = 150
    path = tmp / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    before = len(lead.audit())
    with pytest.raises(ReviewInputError, match="督导赋分"):
        import_file(lead, path)
    assert len(lead.audit()) == before
    with pytest.raises(ReviewError, match="导入它自己"):
        import_file(lead, lead.path)


def test_template_lists_every_input_with_chinese_labels():
    t = template(RUBRIC, A)
    assert t["schema"] == "evcheck.review/1"
    items = {i["code"]: i for i in t["units"][0]["items"]}
    assert len(items) == 20  # 18 indicators + sections 4 and 5
    assert items["1.1"]["fields"][0] == {
        "key": "missing",
        "label": "未发布或未实施事项",
        "kind": "count",
        "default": 0,
        "min": 0,
        "hint": "每次扣1分",
    }
    assert items["3.1"]["fields"][0]["levels"][2] == {"key": "national", "label": "国家级"}
    assert items["5"]["inputs"] == {"complaints": 0, "requests": 0, "substantiated": 0}
    # a template read back holds no decisions
    doc = doc_from_json(t, RUBRIC)
    assert all(not i.has_reviewer_data for i in doc.units[0].items.values())


def test_json_and_file_give_the_same_review(two_files):
    _lead, other, tmp = two_files
    export_units(other, [A, B], tmp / "both.json")
    from_json = read_review(tmp / "both.json", RUBRIC)
    from_file = read_review(other.path, RUBRIC)
    assert {u.unit for u in from_json.units} == {u.unit for u in from_file.units} == {A, B}
    for name in (A, B):
        j, f = from_json.unit(name), from_file.unit(name)
        assert j.inputs() == f.inputs() and j.weight == f.weight


def test_bad_json_messages(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"schema": "evcheck.review/9"}', "utf-8")
    with pytest.raises(ReviewError, match="升级"):
        read_review(path, RUBRIC)
    path.write_text("{not json", "utf-8")
    with pytest.raises(ReviewError, match="不是有效的 JSON"):
        read_review(path, RUBRIC)
    path.write_text(
        json.dumps({"schema": "evcheck.review/1", "rubric": {"id": "other", "version": "1"}}), "utf-8"
    )
    with pytest.raises(ReviewError, match="评分细则"):
        read_review(path, RUBRIC)


def test_round_trip_through_json_is_not_a_conflict(two_files):
    lead, _other, tmp = two_files
    lead.set_inputs(A, "2.2", {"reworked": 0})  # explicitly the default, then confirmed
    lead.confirm(A, "2.2")
    path = export_units(lead, [A], tmp / "self.json")
    result = import_file(lead, path)  # the lead's own work coming back
    assert result.conflicts == [] and result.adopted == []
    before = len(lead.audit())
    result = import_file(lead, export_units(lead, [A], tmp / "self.sqlite"))  # with its history
    assert result.conflicts == [] and result.adopted == []
    assert len(lead.audit()) == before  # the lead's own history is not copied onto itself


SIMILAR_KEY = "dup.similar|1.1/甲.jpg|1.1/乙.jpg"
OLD_PHOTO_KEY = "date.outside_year|3.1/旧.jpg"


@pytest.mark.parametrize("suffix", [".json", ".sqlite"])
def test_signal_verdicts_travel_and_a_differing_one_is_a_conflict(two_files, suffix):
    lead, other, tmp = two_files
    lead.set_signal_verdict(A, SIMILAR_KEY, "dup.similar", ("1.1/甲.jpg", "1.1/乙.jpg"), "checked")
    other.set_signal_verdict(
        A, SIMILAR_KEY, "dup.similar", ("1.1/甲.jpg", "1.1/乙.jpg"), "problem", "同一张照片"
    )
    other.set_signal_verdict(A, OLD_PHOTO_KEY, "date.outside_year", ("3.1/旧.jpg",), "checked", "翻拍旧照")
    out = export_units(other, [A], tmp / f"lisi-export{suffix}")
    if suffix == ".json":
        data = json.loads(out.read_text("utf-8"))
        saved = {v["key"]: v for v in data["units"][0]["signal_reviews"]}
        assert saved[SIMILAR_KEY]["verdict"] == "problem" and saved[SIMILAR_KEY]["who"] == "李四"
        assert doc_from_json(data, RUBRIC).units[0].signal_verdicts == other.signal_verdicts(A)

    result = import_file(lead, out)
    assert f"{A} signal:{OLD_PHOTO_KEY}" in result.adopted
    adopted = {v.key: v for v in lead.signal_verdicts(A)}[OLD_PHOTO_KEY]
    assert (adopted.verdict, adopted.note, adopted.who) == ("checked", "翻拍旧照", "李四")  # who decided
    [c] = [c for c in result.conflicts if c.target.startswith("signal:")]
    assert c.target == f"signal:{SIMILAR_KEY}"
    assert "本文件 信号核实：已核实无误" in c.describe() and "有问题（同一张照片）" in c.describe()
    assert {v.key: v.verdict for v in lead.signal_verdicts(A)}[SIMILAR_KEY] == "checked"  # ours in force
    assert not [c for c in import_file(lead, out).conflicts if c.target.startswith("signal:")]

    resolve(lead, c.id, "theirs")
    now = {v.key: v for v in lead.signal_verdicts(A)}[SIMILAR_KEY]
    assert (now.verdict, now.note) == ("problem", "同一张照片")


def test_signal_verdicts_of_a_new_unit_come_with_it(two_files):
    lead, other, tmp = two_files
    other.set_signal_verdict(B, OLD_PHOTO_KEY, "date.outside_year", ("3.1/旧.jpg",), "problem", "2019年照片")
    import_file(lead, export_units(other, [B], tmp / "b.sqlite"))
    [v] = lead.signal_verdicts(B)
    assert (v.key, v.verdict, v.note, v.who) == (OLD_PHOTO_KEY, "problem", "2019年照片", "李四")


def test_a_json_verdict_that_is_neither_checked_nor_problem_is_refused():
    data = template(RUBRIC, A)
    data["units"][0]["signal_reviews"] = [{"key": SIMILAR_KEY, "verdict": "ok"}]
    with pytest.raises(ReviewError, match="checked 或 problem"):
        doc_from_json(data, RUBRIC)
