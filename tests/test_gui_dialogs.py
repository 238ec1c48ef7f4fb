"""The correction dialogs: their choices, and that accepting a finding needs a note."""

from app.findings import finding
from app.model import FileKind, FileRecord
from app.rubric import load_rubric
from ui.dialogs import AcceptDialog, ReassignDialog


def test_reassign_dialog_starts_at_the_file_and_returns_the_choice(qtbot):
    rubric = load_rubric()
    record = FileRecord("a/甲.jpg", 1, FileKind.IMAGE, "jpeg", "1.4", "甲小学")
    dialog = ReassignDialog(rubric, ["甲小学", "乙小学"], [record])
    qtbot.addWidget(dialog)
    assert dialog.choice() == ("1.4", "甲小学")
    dialog.indicator.setCurrentIndex(dialog.indicator.findData("1.5"))
    dialog.school.setCurrentIndex(dialog.school.findData("乙小学"))
    assert dialog.choice() == ("1.5", "乙小学")
    dialog.school.setCurrentIndex(0)
    assert dialog.choice() == ("1.5", None)  # the unit as a whole
    # only indicators that ask for evidence are offered
    offered = {dialog.indicator.itemData(n) for n in range(dialog.indicator.count())}
    assert offered == {None} | {i.code for i in rubric.evidence_indicators}


def test_accept_dialog_needs_a_note_and_offers_only_open_findings(qtbot):
    record = FileRecord(
        "x.pdf", 1, FileKind.PDF, "pdf", findings=[finding("name.missing_unit"), finding("dup.exact")]
    )
    record.accepted = {"dup.exact": "已核实"}
    dialog = AcceptDialog(record)
    qtbot.addWidget(dialog)
    assert [dialog.finding.itemData(n) for n in range(dialog.finding.count())] == ["name.missing_unit"]
    assert "重命名" in dialog.fix.text()  # the fix sentence is shown
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.note, "  ")  # blanks only: still no reason
    assert not dialog.ok.isEnabled()
    dialog.note.setPlainText("文件夹名已写明学校")  # keyClicks cannot type Chinese
    assert dialog.ok.isEnabled()
    assert dialog.choice() == ("name.missing_unit", "文件夹名已写明学校")
