"""The two correction dialogs: reassign files, accept a finding with a note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.findings import fix_for
from app.model import FileRecord
from app.rubric import Rubric


class ReassignDialog(QDialog):
    """Choose the indicator and school some files belong to."""

    def __init__(self, rubric: Rubric, schools: list[str], files: list[FileRecord], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign File"))
        self.indicator = QComboBox()
        self.indicator.addItem(self.tr("(unassigned)"), None)
        for ind in rubric.indicators:
            if ind.evidence is not None:
                self.indicator.addItem(ind.label, ind.code)
        self.school = QComboBox()
        self.school.addItem(self.tr("(whole unit)"), None)
        for name in schools:
            self.school.addItem(name, name)
        first = files[0] if files else None
        if first is not None:
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(first.indicator)))
            self.school.setCurrentIndex(max(0, self.school.findData(first.school)))
        names = "、".join(f.name for f in files[:3]) + (
            self.tr(" and %n more", "", len(files) - 3) if len(files) > 3 else ""
        )
        form = QFormLayout()
        form.addRow(self.tr("Indicator:"), self.indicator)
        form.addRow(self.tr("School:"), self.school)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(names)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addLayout(form)
        note = QLabel(self.tr("The correction is kept in the review file; the submission is not changed."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #607d8b;")
        layout.addWidget(note)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str | None, str | None]:
        return self.indicator.currentData(), self.school.currentData()


class AcceptDialog(QDialog):
    """Accept one of a file's findings (it stops counting as a problem), with the reviewer's note."""

    def __init__(self, record: FileRecord, code: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accept Finding"))
        self.finding = QComboBox()
        for f in record.findings:
            if f.code not in record.accepted:
                self.finding.addItem(f.message, f.code)
        if code is not None:
            self.finding.setCurrentIndex(max(0, self.finding.findData(code)))
        self.fix = QLabel()
        self.fix.setWordWrap(True)
        self.fix.setStyleSheet("color: #607d8b;")
        self.finding.currentIndexChanged.connect(self._show_fix)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Why is this acceptable? Required; kept in the review file."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # the review file requires a reason for every accepted finding
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.note.textChanged.connect(lambda: self.ok.setEnabled(bool(self.note.toPlainText().strip())))
        self.ok.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("File:"), QLabel(record.name))
        form.addRow(self.tr("Finding:"), self.finding)
        form.addRow("", self.fix)
        form.addRow(self.tr("Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_fix()
        # the note is what is asked for: typing starts there, Tab goes on to OK (not into the note)
        self.note.setTabChangesFocus(True)
        QWidget.setTabOrder(self.note, self.ok)
        QWidget.setTabOrder(self.ok, buttons.button(QDialogButtonBox.StandardButton.Cancel))
        self.note.setFocus()

    def _show_fix(self, *_: object) -> None:
        code = self.finding.currentData()
        self.fix.setText(fix_for(code) if code else "")

    def choice(self) -> tuple[str | None, str]:
        return self.finding.currentData(), self.note.toPlainText().strip()
