"""The scoring panel on a real review file: live scores, tiers, override, undo/redo, weight, veto, evidence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel

from app.model import Gap, IndicatorResult, Report, Status
from app.review import ReviewStore
from app.rubric import load_rubric
from ui.scoring.panel import ScoringPanel

UNIT = "奎文区教管办"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def store(rubric, tmp_path):
    s = ReviewStore.create(tmp_path / "review.evreview", rubric, "测试")
    yield s
    s.close()


@pytest.fixture
def panel(qtbot, rubric, store):
    p = ScoringPanel(rubric)
    qtbot.addWidget(p)
    p.default_weight = 80.0
    p.set_store(store)
    p.set_unit(UNIT, "/media/usb/奎文区教管办")
    p.resize(460, 900)
    p.show()
    return p


def report_with_gaps(rubric) -> Report:
    """A check that found two 1.1 gaps (→ suggested −2) and a school missing 1.2 (→ suggested 0)."""
    gaps = [
        Gap("1.1", "甲小学", "pdf", "甲小学：缺少 1.1 制度文件（PDF）"),
        Gap("1.1", "乙小学", "image", "乙小学：缺少 1.1 制度上墙照片"),
        Gap("1.2", "乙小学", "pdf", "乙小学：缺少 1.2 文件（PDF）"),
    ]
    results = [
        IndicatorResult("1.1", Status.GAP, gaps=2, suggested=8, reason="2 所学校缺材料"),
        IndicatorResult("1.2", Status.GAP, gaps=1, suggested=0, reason="乙小学缺材料"),
    ]
    return Report(
        "/media/usb/奎文区教管办", UNIT, ["甲小学", "乙小学"], rubric.id, rubric.name, None, [], gaps, results
    )


def type_into(qtbot, widget, text: str) -> None:
    """Select all, type as a reviewer would, press Enter (commits a spin box or a line edit)."""
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    widget.setFocus()
    line.selectAll()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:  # QTest cannot type Chinese (an input method would); put it in as pasted text
        line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def tick(qtbot, box) -> None:
    """Click a check box on its indicator (its label may be shorter than the row it sits in)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_counts_update_item_score_and_total_live(qtbot, panel, store):
    assert panel.unit_panel.total_text("total") == "85"  # nothing found against the unit: 85 of 100
    panel.show_indicator("1.1")
    spin = panel.view.forms["1.1"].widgets["missing"]
    type_into(qtbot, spin, "3")
    assert store.item(UNIT, "1.1").inputs["missing"] == 3
    assert panel.view.score_label.text().startswith("Score: 7")
    assert panel.unit_panel.total_text("total") == "82"
    assert panel.unit_panel.total_text("1") == "62 / 70"
    # weight 80 (the default for a new unit): scaled and final follow at once
    assert panel.unit_panel.total_text("scaled") == "65.6"
    spin.stepUp()  # an arrow click is an edit of its own
    assert store.item(UNIT, "1.1").inputs["missing"] == 4
    assert panel.unit_panel.total_text("total") == "81"
    # 1.9 (no points of its own) takes points from section 1
    panel.show_indicator("1.9")
    type_into(qtbot, panel.view.forms["1.9"].widgets["interviews"], "2")
    assert panel.unit_panel.total_text("1") == "57 / 70"
    assert "Total 77" in panel.summary.text()


def test_same_report_at_two_levels_counts_once_at_the_higher(qtbot, panel, store):
    panel.show_indicator("3.1")
    editor = panel.view.forms["3.1"].entries_editor()
    editor.new_title.setText("教育惠民在行动")
    editor.new_level.setCurrentIndex(editor.new_level.findData("city"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.new_title.text() == ""  # taken: the line is ready for the next report
    editor.new_title.setText("《教育惠民 在行动》")
    editor.new_level.setCurrentIndex(editor.new_level.findData("province"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)

    assert len(store.item(UNIT, "3.1").inputs["entries"]) == 2
    assert store.score(UNIT).item("3.1").score == 2  # not 1 + 2
    assert "重复填报，按最高级别计一次" in panel.view.score_label.text()
    assert editor.table.item(0, editor.COUNTS).text() == "repeat of row 2 — counted once"
    assert editor.table.item(1, editor.COUNTS).text() == "counts 2"
    # raising the first entry to national makes *it* the one that counts, at 3
    combo = editor.table.cellWidget(0, editor.LEVEL)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("national"))
    assert store.score(UNIT).item("3.1").score == 3
    assert panel.view.forms["3.1"].entries_editor().table.item(0, editor.COUNTS).text() == "counts 3"


def test_report_without_title_is_refused_and_kept(qtbot, panel, store):
    panel.show_indicator("3.2")
    editor = panel.view.forms["3.2"].entries_editor()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert panel.banner.isVisible()
    assert "缺少标题" in panel.banner.text()
    assert editor.table.rowCount() == 1  # the row stays for the reviewer to fill in
    assert store.item(UNIT, "3.2").inputs == {}


def test_suggestion_shown_and_override_needs_a_reason(qtbot, panel, store, rubric):
    panel.set_report(report_with_gaps(rubric), UNIT, "/media/usb/奎文区教管办")
    panel.show_indicator("1.1")
    assert "Suggested by the check: 8" in panel.view.suggestion.text()
    assert "缺少 1.1 制度文件" in panel.view.suggestion.text()
    assert panel.view.forms["1.1"].widgets["missing"].value() == 2  # the form starts from the suggestion

    # agreeing with the suggestion needs no reason
    qtbot.mouseClick(panel.view.confirm_button, Qt.MouseButton.LeftButton)
    assert store.item(UNIT, "1.1").confirmed_score == 8

    # the reviewer finds only one school missing: 9, which differs from the suggested 8
    type_into(qtbot, panel.view.forms["1.1"].widgets["missing"], "1")
    assert not store.item(UNIT, "1.1").confirmed  # a changed score withdraws the confirmation
    assert panel.view.reason.isEnabled()
    qtbot.mouseClick(panel.view.confirm_button, Qt.MouseButton.LeftButton)
    assert "请填写调整理由" in panel.banner.text()
    assert not store.item(UNIT, "1.1").confirmed

    type_into(qtbot, panel.view.reason, "乙小学的照片在 1.4 文件夹中，已核实")
    item = store.item(UNIT, "1.1")
    assert item.confirmed and item.confirmed_score == 9
    assert item.override_reason == "乙小学的照片在 1.4 文件夹中，已核实"
    assert not panel.banner.isVisible()
    assert "Confirmed: 9 points." in panel.view.status.text()  # the score, never read as a date


def test_undo_and_redo_restore_values(qtbot, panel, store):
    panel.show_indicator("2.1")
    form = panel.view.forms["2.1"]
    type_into(qtbot, form.widgets["repeat"], "1")
    type_into(qtbot, form.widgets["multiple"], "2")
    # 2.1 is worth 4: 1 × 1 + 2 × 2 = 5 takes it to its floor 0, so section 2 is 0 + 3 + 3 + 10
    assert panel.unit_panel.total_text("2") == "16 / 20"
    panel.show_indicator("1.2")
    tick(qtbot, panel.view.forms["1.2"].widgets["met"])
    assert store.score(UNIT).item("1.2").score == 0

    panel.undo_stack.undo()  # 1.2 met again
    assert store.score(UNIT).item("1.2").score == 5
    assert panel.view.forms["1.2"].widgets["met"].isChecked()
    panel.undo_stack.undo()  # 2.1 multiple back to 0, and the panel shows 2.1
    assert panel.code == "2.1"
    assert store.item(UNIT, "2.1").effective_inputs["multiple"] == 0
    assert form.widgets["multiple"].value() == 0
    assert form.widgets["repeat"].value() == 1
    assert panel.unit_panel.total_text("2") == "19 / 20"
    panel.undo_stack.redo()
    assert store.item(UNIT, "2.1").effective_inputs["multiple"] == 2
    assert form.widgets["multiple"].value() == 2
    assert panel.unit_panel.total_text("2") == "16 / 20"
    # each undo and redo was saved: a fresh reader sees the redone value
    with ReviewStore.open(store.path, store.rubric, readonly=True) as reader:
        assert reader.item(UNIT, "2.1").inputs["multiple"] == 2


def test_weight_out_of_range_shows_message_and_keeps_value(qtbot, panel, store):
    weight = panel.unit_panel.weight
    for bad in ("150", "0"):
        type_into(qtbot, weight, bad)
        assert "督导赋分（权重）应大于 0 且不超过 100" in panel.banner.text()
        assert weight.text() == bad
        assert store.unit(UNIT).weight == 80
    type_into(qtbot, weight, "90")
    assert store.unit(UNIT).weight == 90
    assert not panel.banner.isVisible()
    assert panel.unit_panel.total_text("scaled") == "76.5"  # 85 × 90 / 100
    panel.undo_stack.undo()
    assert store.unit(UNIT).weight == 80
    assert weight.text() == "80"


def test_veto_needs_a_reason(qtbot, panel, store):
    veto = panel.unit_panel.veto
    tick(qtbot, veto)
    assert "必须写明理由" in panel.banner.text()
    assert veto.isChecked()  # the reviewer's choice stays on screen …
    assert not store.unit(UNIT).veto  # … but nothing was saved
    type_into(qtbot, panel.unit_panel.veto_reason, "1.6 特色校案例系伪造")
    review = store.unit(UNIT)
    assert review.veto and review.veto_reason == "1.6 特色校案例系伪造"
    assert panel.unit_panel.total_text("final") == "0 (veto)"
    assert panel.unit_panel.total_text("scaled") == "68"  # what the veto took away is still shown
    panel.undo_stack.undo()
    assert not store.unit(UNIT).veto
    assert not veto.isChecked()


def test_section_five_counts_show_the_replace_reading(qtbot, panel, store):
    unit_panel = panel.unit_panel
    assert any("3 in all, not 3 + 1" in label.text() for label in unit_panel.findChildren(QLabel))
    # the rule's own hint sits beside the spin box
    assert any("每件共扣3分" in label.text() for label in unit_panel.findChildren(QLabel))
    form = unit_panel.section_forms["5"]
    type_into(qtbot, form.widgets["substantiated"], "1")
    type_into(qtbot, form.widgets["requests"], "1")
    # 85 × 80 / 100 = 68, then −3 − 0.5 after scaling
    assert unit_panel.total_text("final") == "64.5"
    assert unit_panel.total_text("5") == "-3.5"
    tick(qtbot, unit_panel.section_confirm["5"])
    assert store.item(UNIT, "5").confirmed_score == -3.5


def test_link_previewed_file_and_page(qtbot, panel, store):
    panel.show_indicator("1.4")
    qtbot.mouseClick(panel.view.link_button, Qt.MouseButton.LeftButton)
    assert "No file is being previewed" in panel.banner.text()
    panel.evidence_source = lambda: ("（四）台账/台账.pdf", 3)
    panel.file_indicator = lambda _path: "1.4"  # the file's own indicator is the one on screen: no question
    qtbot.mouseClick(panel.view.link_button, Qt.MouseButton.LeftButton)
    [link] = store.item(UNIT, "1.4").evidence
    assert (link.path, link.page) == ("（四）台账/台账.pdf", 3)
    assert panel.view.evidence.item(0).text() == "（四）台账/台账.pdf, page 3"
    panel.undo_stack.undo()
    assert store.item(UNIT, "1.4").evidence == []
    panel.undo_stack.redo()
    assert len(store.item(UNIT, "1.4").evidence) == 1
    panel.view.evidence.setCurrentRow(0)
    qtbot.mouseClick(panel.view.unlink_button, Qt.MouseButton.LeftButton)
    assert store.item(UNIT, "1.4").evidence == []
    panel.undo_stack.undo()
    assert len(store.item(UNIT, "1.4").evidence) == 1


def test_notes_are_saved(qtbot, panel, store):
    panel.show_indicator("1.5")
    panel.view.notes.setPlainText("宣传照片只有一张")
    panel.show_indicator("1.6")  # leaving the item saves at once
    assert store.item(UNIT, "1.5").notes == "宣传照片只有一张"
    panel.view.notes.setPlainText("案例材料完整")
    qtbot.waitUntil(lambda: store.item(UNIT, "1.6").notes == "案例材料完整", timeout=5000)


def test_without_a_review_file_scoring_is_off(qtbot, rubric):
    p = ScoringPanel(rubric)
    qtbot.addWidget(p)
    p.set_unit(UNIT)
    assert not p.view.isEnabled()
    assert "could not be opened" in p.unit_label.text()


def test_typed_notes_and_reason_survive_other_edits(qtbot, panel, store, rubric):
    panel.set_report(report_with_gaps(rubric), UNIT)
    panel.show_indicator("1.1")
    panel.view.notes.setPlainText("甲小学制度文件未盖章")
    type_into(qtbot, panel.view.forms["1.1"].widgets["missing"], "0")  # within the notes' save delay
    assert panel.view.notes.toPlainText() == "甲小学制度文件未盖章"
    assert store.item(UNIT, "1.1").notes == "甲小学制度文件未盖章"
    panel.view.reason.setText("已补交")
    type_into(qtbot, panel.view.forms["1.1"].widgets["missing"], "1")
    assert panel.view.reason.text() == "已补交"  # typed, not yet confirmed: kept while inputs change
    qtbot.mouseClick(panel.view.confirm_button, Qt.MouseButton.LeftButton)
    assert store.item(UNIT, "1.1").override_reason == "已补交"
