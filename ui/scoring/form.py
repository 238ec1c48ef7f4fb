"""Input widgets for one scored item, built from its input schema (app.scoring.InputField).

One widget per field: a spin box for a count, a check box for a flag, a double spin box for a
number or judgement points, and a small table of reports with a level for capped tiers.  The form
holds no rules: it reports each committed value through ``edited`` and the store decides.  A value
the store refuses stays in its widget, so the reviewer can correct what they typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.rubric import CappedTiersRule
from app.scoring import InputField, ScoredItem, fmt
from app.scoring.engine import count_entries
from ui.scoring.wheel import guard

MAX_COUNT = 9999  # far above any real count; a negative count cannot be typed at all
MAX_NUMBER = 1e9
HINT_STYLE = "color: #546e7a;"


@contextmanager
def quiet(*widgets: QWidget) -> Iterator[None]:
    """Set values without them coming back as edits.

    blockSignals() rather than ``with QSignalBlocker``: on PySide6 6.12 every call that returns
    nothing drops a reference to None (fatal on Python < 3.12 once they run out), and the
    blocker's ``__exit__`` is one more such call per use; blockSignals returns a bool.
    """
    before = [w.blockSignals(True) for w in widgets]
    try:
        yield
    finally:
        for w, was in zip(widgets, before, strict=True):
            w.blockSignals(was)


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class EntriesEditor(QWidget):
    """Reports (title + level) for a capped-tiers item; shows which entry counts and which is a repeat."""

    edited = Signal(list)
    TITLE, LEVEL, COUNTS = range(3)

    def __init__(self, item: ScoredItem, field: InputField, parent=None) -> None:
        super().__init__(parent)
        self.field = field
        rule = item.rule
        self._rule = rule if isinstance(rule, CappedTiersRule) else None
        self._points = {t.key: t.points for t in rule.tiers} if self._rule is not None else {}
        self._labels = dict(field.choices)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Title"), self.tr("Level"), self.tr("Counts as")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COUNTS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(110)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next input
        self.table.itemChanged.connect(lambda _item: self._commit())

        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("Title of the report or document"))
        self.new_level = self._level_combo()
        self.add_button = QPushButton(self.tr("Add"))
        self.remove_button = QPushButton(self.tr("Remove Selected"))
        self.add_button.clicked.connect(self.add_entry)
        self.new_title.returnPressed.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_selected)

        adder = QHBoxLayout()
        adder.addWidget(self.new_title, 1)
        adder.addWidget(self.new_level)
        adder.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(adder)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.new_title, self.new_level, self.add_button, self.remove_button]

    def _level_combo(self, level: str | None = None) -> QComboBox:
        combo = QComboBox()
        guard(combo)  # a level changes by the wheel only once the reviewer is in the box
        for key, label in self.field.choices:
            combo.addItem(f"{label}（{fmt(self._points.get(key, 0))}）", key)
        if level is not None:
            combo.setCurrentIndex(max(0, combo.findData(level)))
        return combo

    # ── values ───────────────────────────────────────────────────────────────────────────
    def entries(self) -> list[dict[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            title = self.table.item(row, self.TITLE)
            combo = self.table.cellWidget(row, self.LEVEL)
            out.append(
                {
                    "title": title.text() if title else "",
                    "level": combo.currentData() if isinstance(combo, QComboBox) else "",
                }
            )
        return out

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        with quiet(self.table):
            self.table.setRowCount(0)
            for entry in entries:
                self._append(str(entry.get("title", "")), str(entry.get("level", "")))
        self._mark_counted()

    def _append(self, title: str, level: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.TITLE, QTableWidgetItem(title))
        combo = self._level_combo(level)
        combo.currentIndexChanged.connect(lambda _i: self._commit())
        self.table.setCellWidget(row, self.LEVEL, combo)
        counts = QTableWidgetItem()
        counts.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, self.COUNTS, counts)

    # ── edits ────────────────────────────────────────────────────────────────────────────
    def add_entry(self) -> None:
        """Add the typed report; an empty title goes to the store too, which explains what is missing."""
        with quiet(self.table):
            self._append(self.new_title.text().strip(), self.new_level.currentData())
        self._commit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        with quiet(self.table):
            self.table.removeRow(row)
        self._commit()

    def entry_added(self) -> None:
        """The store took the new entry: clear the line for the next one."""
        self.new_title.clear()

    def _commit(self) -> None:
        self._mark_counted()
        self.edited.emit(self.entries())

    def _mark_counted(self) -> None:
        """Which row counts, as the engine counts it (count_entries): a repeat shows why it adds nothing."""
        counts = count_entries(self._rule, self.entries()) if self._rule is not None else []
        with quiet(self.table):
            for c in counts:
                cell = self.table.item(c.row, self.COUNTS)
                if cell is None:
                    continue
                if c.counted_row is None:
                    cell.setText(self.tr("no title"))
                elif c.counts:
                    cell.setText(self.tr("counts %1").replace("%1", fmt(c.points)))
                else:
                    cell.setText(
                        self.tr("repeat of row %1 — counted once").replace("%1", str(c.counted_row + 1))
                    )
                cell.setToolTip(self.field.hint)


class ItemForm(QWidget):
    """The inputs of one scored item; ``edited`` carries ``{key: value}`` for one committed change."""

    edited = Signal(dict)

    def __init__(self, item: ScoredItem, parent=None) -> None:
        super().__init__(parent)
        self.item = item
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for f in item.fields:
            widget = self._make(f)
            self.widgets[f.key] = widget
            if f.kind == "flag":
                row: QWidget = widget
                if f.hint:
                    row = self._with_hint(widget, f.hint)
                form.addRow(row)
            elif f.kind == "entries":
                form.addRow(QLabel(f.label))
                form.addRow(widget)
                if f.hint:
                    form.addRow(hint_label(f.hint))
            else:
                form.addRow(f.label, self._with_hint(widget, f.hint) if f.hint else widget)

    @staticmethod
    def _with_hint(widget: QWidget, hint: str) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        layout.addWidget(hint_label(hint), 1)
        return box

    def _make(self, f: InputField) -> QWidget:
        key = f.key
        if f.kind == "flag":
            box = QCheckBox(f.label)
            box.toggled.connect(lambda on: self.edited.emit({key: on}))
            return box
        if f.kind == "entries":
            editor = EntriesEditor(self.item, f)
            editor.edited.connect(lambda entries: self.edited.emit({key: entries}))
            return editor
        if f.kind == "count":
            spin: QSpinBox | QDoubleSpinBox = QSpinBox()
            spin.setRange(0, MAX_COUNT)
            spin.valueChanged.connect(lambda v: self.edited.emit({key: int(v)}))
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            spin.setRange(f.minimum, f.maximum if f.maximum is not None else MAX_NUMBER)
            spin.setSingleStep(f.step)
            spin.valueChanged.connect(lambda v: self.edited.emit({key: float(v)}))
        # arrows commit at once (live score); typed digits commit on Enter or leaving the box,
        # so "12" is one edit, not "1" then "12"
        spin.setKeyboardTracking(False)
        spin.setMinimumWidth(80)
        guard(spin)
        return spin

    def set_values(self, values: dict[str, Any]) -> None:
        """Show stored values without sending them back as edits."""
        for f in self.item.fields:
            widget, value = self.widgets[f.key], values.get(f.key, f.default)
            with quiet(widget):
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, EntriesEditor):
                    widget.set_entries(list(value or []))
                elif isinstance(widget, QSpinBox):
                    widget.setValue(int(value or 0))
                elif isinstance(widget, QDoubleSpinBox):
                    widget.setValue(float(value or 0))

    def focus_chain(self) -> list[QWidget]:
        """This form's inputs in the order they are shown (for an explicit Tab order)."""
        chain: list[QWidget] = []
        for widget in self.widgets.values():
            chain += widget.focus_chain() if isinstance(widget, EntriesEditor) else [widget]
        return chain

    def entries_editor(self) -> EntriesEditor | None:
        return next((w for w in self.widgets.values() if isinstance(w, EntriesEditor)), None)
