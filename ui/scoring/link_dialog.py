"""Which item a previewed file is evidence for, when its own indicator is not the one on screen.

Ctrl+L used the tree's indicator, so a 1.4 file previewed while 1.1 was selected became 1.1
evidence.  Now the file's own indicator is offered first and the reviewer confirms the choice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.scoring import ScoredItem


class LinkTargetDialog(QDialog):
    def __init__(
        self, items: dict[str, ScoredItem], path: str, own: str | None, current: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Link as Evidence"))
        name = path.rsplit("/", 1)[-1]
        if own:
            text = self.tr("“%1” is filed under %2, but %3 is selected. Link it as evidence for:")
            text = text.replace("%2", items[own].label).replace("%3", items[current].label)
        else:
            text = self.tr("“%1” is not filed under any indicator. Link it as evidence for:")
        label = QLabel(text.replace("%1", name))
        label.setWordWrap(True)
        label.setToolTip(path)
        self.choice = QComboBox()
        for code, item in items.items():
            self.choice.addItem(item.label, code)
        self.choice.setCurrentIndex(max(0, self.choice.findData(own or current)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Link"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.choice)
        layout.addWidget(buttons)
        self.choice.setFocus()  # ↑/↓ picks, Enter links (OK is the default button), Esc cancels

    def chosen(self) -> str:
        return str(self.choice.currentData())


def ask_link_target(
    parent: QWidget | None, items: dict[str, ScoredItem], path: str, own: str | None, current: str
) -> str | None:
    """The item the reviewer chose, or None when they cancelled."""
    dialog = LinkTargetDialog(items, path, own, current, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
