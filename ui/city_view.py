"""The unit list of a city root: a dock on the left, in Check mode only (ui/modes.py gives it its width).

Opening a city root (a folder or zip whose top folders and archives name two or more roster units,
``app.city_layout.find_city``) checks every unit in one background task (ui/workspace.py); this
dock lists them.  Clicking a unit, Enter on it, or Alt+PgDown / Alt+PgUp shows it without checking
again.  A unit without a report says why; an ambiguous one offers its candidates ("Use This
Material"), each checked alone for that unit.  The window calls :func:`attach_city` once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.city import CityUnit, UnitStatus
from app.model import Report
from app.review.model import ReviewError
from app.scoring.engine import UnitScore
from ui.city_state import CityProgress, CityState
from ui.models.unit_list import UnitListModel
from ui.ports import window_store

if TYPE_CHECKING:
    from ui.ports import CityWindow


def _t(text: str) -> str:
    return QCoreApplication.translate("CityDock", text)


def progress_text(p: CityProgress) -> str:
    """ "正在检查 青云街道教管办（3/27）：1.1/…" — the unit first, so eliding at the right keeps it."""
    if not p.unit:
        return _t("Reading the units' material…")
    text = _t("Checking %1 (%2/%3): %4") if p.phase == "inspect" else _t("Finishing %1 (%2/%3)…")
    return (
        text.replace("%1", p.unit)
        .replace("%2", str(p.index))
        .replace("%3", str(p.count))
        .replace("%4", p.current)
    )


class CityDock(QDockWidget):
    def __init__(self, window: CityWindow) -> None:
        super().__init__(window)
        self.w = window
        self.setWindowTitle(self.tr("Units"))
        self.setObjectName("city_dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)  # the mode shows or hides it
        self.active = False  # a city is open (ui/modes.py shows the dock in Check mode only then)
        self.model = UnitListModel(self)
        self.shown_unit = ""

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(UnitListModel.NAME, QHeaderView.ResizeMode.Stretch)
        for col in (UnitListModel.STATUS, UnitListModel.GAPS, UnitListModel.ERRORS, UnitListModel.SCORE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explain.setStyleSheet("padding: 4px;")
        self.choose = QPushButton(self.tr("Use This Material…"))
        self.choose.clicked.connect(self._choose_menu)
        self.join_all = QPushButton(self.tr("Add Every Checked Unit to the Review"))
        self.join_all.setToolTip(
            self.tr(
                "Each checked unit joins the review file, so every unit can be scored and exported at once."
            )
        )
        self.join_all.clicked.connect(self._join_all)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.explain)
        layout.addWidget(self.choose)
        layout.addWidget(self.join_all)
        self.setWidget(box)

        ws = window.workspace
        ws.city_changed.connect(self.set_city)
        ws.city_unit_shown.connect(self.unit_shown)
        ws.report_changed.connect(self._report_changed)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)  # Enter, double-click
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.next_unit = self._action(self.tr("Next Unit"), "Alt+PgDown", lambda: self.step(1))
        self.prev_unit = self._action(self.tr("Previous Unit"), "Alt+PgUp", lambda: self.step(-1))
        self.set_city(None)

    def _action(self, text: str, keys: str, slot) -> QAction:
        action = QAction(text, self.w)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        action.setEnabled(False)
        return action

    # ── the city ─────────────────────────────────────────────────────────────────────────
    def set_city(self, state: CityState | None) -> None:
        self.active = state is not None
        self.model.set_city(state, self._scores(state))
        for action in (self.next_unit, self.prev_unit):
            action.setEnabled(self.active)
        if state is not None:
            s = state.report.summary()
            self.title.setText(
                self.tr("%1: %2 units, %3 checked, %4 not submitted, %5 ambiguous")
                .replace("%1", state.root.name)
                .replace("%2", str(s["units"]))
                .replace("%3", str(s["checked"]))
                .replace("%4", str(s["not_submitted"]))
                .replace("%5", str(s["ambiguous"]))
            )
            self.title.setToolTip(str(state.root))
        self._explain(None)
        modes = getattr(self.w, "modes", None)
        if modes is not None:
            modes.apply()  # the dock takes its width in Check mode, gives it back without a city

    def _scores(self, state: CityState | None) -> dict[str, UnitScore]:
        store = window_store(self.w)
        if state is None or store is None:
            return {}
        scores = {}
        for unit in state.report.units:
            score = self._score(unit.unit)
            if score is not None:
                scores[unit.unit] = score
        return scores

    def _score(self, unit: str) -> UnitScore | None:
        store = window_store(self.w)
        try:
            return store.score(unit) if store is not None and unit and store.has_unit(unit) else None
        except (ReviewError, ValueError):  # a stored value the engine refuses: the panel says why
            return None

    def refresh_score(self) -> None:
        if self.active and self.shown_unit:
            self.model.update_unit(self.shown_unit, self._score(self.shown_unit))

    def _report_changed(self, report: Report | None) -> None:
        state, unit = self.w.workspace.city, self.w.workspace.unit
        if state is None or not unit or state.unit(unit) is None:
            return
        if report is not None:
            state.views[unit] = report  # the list counts the gaps the reviewer sees
        self.model.update_unit(unit, self._score(unit))

    def unit_shown(self, unit: str) -> None:
        self.shown_unit = unit
        self.model.set_shown(unit)
        row = self.model.row_of(unit)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)
        self.model.update_unit(unit, self._score(unit))
        self._explain(self.model.unit_at(row))

    def _explain(self, unit: CityUnit | None) -> None:
        text = self.model.explain(unit) if unit is not None else ""
        self.explain.setText(text)
        self.explain.setVisible(bool(text))
        pickable = unit is not None and unit.status == UnitStatus.AMBIGUOUS and bool(self._candidates(unit))
        self.choose.setVisible(pickable)
        self.join_all.setVisible(self.active and window_store(self.w) is not None)

    # ── switching ────────────────────────────────────────────────────────────────────────
    def _activated(self, index: QModelIndex) -> None:
        unit = self.model.unit_at(index.row())
        if unit is not None:
            self.w.workspace.show_unit(unit.unit)
        else:
            self._explain(None)
            self.explain.setText(index.siblingAtColumn(0).data(Qt.ItemDataRole.ToolTipRole) or "")
            self.explain.setVisible(True)

    def step(self, delta: int) -> None:
        """Alt+PgDown / Alt+PgUp: the next or previous unit (the unmatched material is not a unit)."""
        count = self.model.unit_rows()
        if not self.active or count == 0:
            return
        row = self.model.row_of(self.shown_unit)
        row = (row + delta) % count if row >= 0 else 0
        unit = self.model.unit_at(row)
        if unit is not None:
            self.w.modes.reveal(self.view)
            self.w.workspace.show_unit(unit.unit)

    # ── an ambiguous unit: the lead picks the material ──────────────────────────────────────
    def _candidates(self, unit: CityUnit) -> list[str]:
        state = self.w.workspace.city
        if state is None:
            return []
        return [
            c for c in unit.candidates if c in state.layout.sources and not state.layout.sources[c].nested
        ]

    def _menu_for(self, unit: CityUnit | None) -> QMenu:
        menu = QMenu(self)
        if unit is not None and unit.status == UnitStatus.AMBIGUOUS:
            for label in self._candidates(unit):
                action = menu.addAction(self.tr("Use This Material: %1").replace("%1", label))
                action.triggered.connect(
                    lambda _=False, u=unit.unit, c=label: self.w.workspace.use_candidate(u, c)
                )
        if unit is not None and unit.report is not None:
            menu.addAction(self.tr("Show This Unit")).triggered.connect(
                lambda _=False, u=unit.unit: self.w.workspace.show_unit(u)
            )
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = self._menu_for(self.model.unit_at(index.row()) if index.isValid() else None)
        if menu.actions():
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def _choose_menu(self) -> None:
        menu = self._menu_for(self.model.unit_at(self.model.row_of(self.shown_unit)))
        if menu.actions():
            menu.exec(self.choose.mapToGlobal(QPoint(0, self.choose.height())))

    def _join_all(self) -> None:
        joined = self.w.workspace.join_all()
        state = self.w.workspace.city
        self.model.set_city(state, self._scores(state))
        self.unit_shown(self.shown_unit)
        self.w.statusBar().showMessage(
            self.tr("%1 units joined the review file.").replace("%1", str(len(joined))), 8000
        )


def attach_city(window: CityWindow) -> CityDock:
    """The unit list and its Go-menu actions; ui/modes.py places the dock."""
    dock = CityDock(window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    dock.hide()
    go = next(
        (
            a.menu()
            for a in window.menuBar().actions()
            if a.menu() and window.acts.next_indicator in a.menu().actions()
        ),
        None,
    )
    if go is not None:
        go.addSeparator()
        go.addAction(dock.next_unit)
        go.addAction(dock.prev_unit)
    window.acts.all.extend([dock.next_unit, dock.prev_unit])  # Help → Keyboard Shortcuts
    scoring = getattr(window, "scoring", None)
    panel = getattr(scoring, "panel", None)
    if panel is not None:  # a confirmed or changed score shows in the list at once
        panel.undo_stack.indexChanged.connect(lambda _i: dock.refresh_score())
        panel.confirmed_changed.connect(lambda _codes: dock.refresh_score())
    return dock
