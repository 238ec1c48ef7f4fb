"""The settings dialog, built from the declared settings (ui/settings.py USER_SETTINGS).

Each declaration brings its own editor: a list for fixed choices, a number box with the declared
range for numbers, a line for text. Adding a setting to USER_SETTINGS adds it here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings as S
from ui.settings import Setting, Settings


def _setting_text(text: str) -> str:
    # labels, hints and suffixes are marked QT_TRANSLATE_NOOP("Settings", …) where they are declared
    return QCoreApplication.translate("Settings", text) if text else ""


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, fields: tuple[Setting, ...] = S.USER_SETTINGS
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.fields = fields
        self.editors: dict[str, QWidget] = {}
        self.saved: list[Setting] = []  # what OK changed
        form = QFormLayout()
        for setting in fields:
            editor = self._make_editor(setting)
            editor.setObjectName(f"setting:{setting.key}")
            self.editors[setting.key] = editor
            self._show(setting, settings.get(setting))
            if setting.hint:
                column = QVBoxLayout()
                column.setSpacing(2)
                column.addWidget(editor)
                hint = QLabel(_setting_text(setting.hint))
                hint.setWordWrap(True)
                hint.setEnabled(False)  # greyed: an explanation, not a control
                column.addWidget(hint)
                form.addRow(self._label(setting), column)
            else:
                form.addRow(self._label(setting), editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _label(self, setting: Setting) -> str:
        return self.tr("%1:").replace("%1", _setting_text(setting.label))  # "：" in Chinese

    def _make_editor(self, setting: Setting) -> QWidget:
        if setting.choices:
            box = QComboBox()
            for value, shown in setting.choices:
                box.addItem(shown, value)
            return box
        if setting.type is bool:
            return QCheckBox()
        if setting.type in (int, float):
            spin: QSpinBox | QDoubleSpinBox = QSpinBox() if setting.type is int else QDoubleSpinBox()
            if isinstance(spin, QDoubleSpinBox):
                spin.setDecimals(1)
            spin.setRange(
                setting.minimum if setting.minimum is not None else -1e9,  # type: ignore[arg-type]
                setting.maximum if setting.maximum is not None else 1e9,  # type: ignore[arg-type]
            )
            spin.setSuffix(_setting_text(setting.suffix))
            return spin
        line = QLineEdit()
        line.setClearButtonEnabled(True)
        return line

    def _show(self, setting: Setting, value: object) -> None:
        editor = self.editors[setting.key]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(value)  # type: ignore[arg-type]
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def value(self, setting: Setting) -> object:
        editor = self.editors[setting.key]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return setting.type(editor.value())
        return editor.text().strip()  # type: ignore[attr-defined]

    def restore_defaults(self) -> None:
        for setting in self.fields:
            self._show(setting, setting.default)

    def changed(self) -> list[Setting]:
        return [s for s in self.fields if self.value(s) != self.settings.get(s)]

    def accept(self) -> None:
        self.saved = self.changed()
        for setting in self.saved:
            self.settings.set(setting, self.value(setting))
        self.settings.sync()
        super().accept()
