"""文件 → 导出评分表…: the score sheet as xlsx, PDF or CSV, for the unit on screen or every unit.

The exporters are the command line's (app/export/, ui/export_pdf.py); this module only asks what
and where, shows progress and offers the folder afterwards.  The sheet is written to the file the
reviewer chose and nowhere else — never into the review file, never beside the submission unless
the reviewer picks that folder.  The window calls :func:`attach_export` once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.export.csv import write_csv
from app.export.xlsx import write_xlsx
from app.review.model import ReviewDoc, ReviewError
from ui import settings as S
from ui.ports import window_store

if TYPE_CHECKING:
    from ui.ports import ExportWindow

LAST_EXPORT_FOLDER: S.Setting[str] = S.Setting("paths/last_export_folder", str, "")
FORMATS = ("xlsx", "pdf", "csv")
SHORTCUT = "Ctrl+Shift+P"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class ExportDialog(QDialog):
    def __init__(self, window: ExportWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(self.tr("Export Score Sheet"))
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl  # tests replace it
        self.written: Path | None = None

        self.format_group = QButtonGroup(self)
        kinds = QGroupBox(self.tr("Format"))
        kinds_box = QVBoxLayout(kinds)
        names = {
            "xlsx": self.tr("Excel workbook (.xlsx): summary and a sheet per unit"),
            "pdf": self.tr("PDF (A4, for printing and signing)"),
            "csv": self.tr("CSV (summary only)"),
        }
        self.format_buttons: dict[str, QRadioButton] = {}
        for n, kind in enumerate(FORMATS):
            button = QRadioButton(names[kind])
            self.format_group.addButton(button, n)
            kinds_box.addWidget(button)
            self.format_buttons[kind] = button
        self.format_buttons["xlsx"].setChecked(True)

        scope = QGroupBox(self.tr("Units"))
        scope_box = QVBoxLayout(scope)
        unit = self.unit()
        self.this_unit = QRadioButton(
            self.tr("This unit: %1").replace("%1", unit) if unit else self.tr("This unit (none is open)")
        )
        self.this_unit.setEnabled(bool(unit))
        units = self.review_units()
        self.all_units = QRadioButton(self.tr("Every unit in the review (%n)", "", len(units)))
        self.all_units.setEnabled(bool(units))
        (self.this_unit if unit else self.all_units).setChecked(True)
        scope_box.addWidget(self.this_unit)
        scope_box.addWidget(self.all_units)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.open_folder_button = QPushButton(self.tr("Open Containing Folder"))
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("Export…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setDefault(True)
        self.export_button.setEnabled(bool(units))
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(kinds)
        layout.addWidget(scope)
        layout.addWidget(self.result)
        layout.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        if not units:
            self._say(self.tr("The review has no units yet: open a unit's submission first."), error=True)
        self.export_button.setFocus()

    # ── what is exported ─────────────────────────────────────────────────────────────────
    def unit(self) -> str:
        store, unit = window_store(self.window_), self.window_.scoring.panel.unit
        return unit if store is not None and unit and store.has_unit(unit) else ""

    def review_units(self) -> list[str]:
        store = window_store(self.window_)
        return store.units() if store is not None else []

    def kind(self) -> str:
        return FORMATS[max(0, self.format_group.checkedId())]

    def _document(self) -> ReviewDoc:
        store = window_store(self.window_)
        assert store is not None
        self.window_.scoring.panel.save_notes()  # notes typed a moment ago are on the sheet too
        doc = store.document()
        if self.this_unit.isChecked():
            doc.units = [u for u in doc.units if u.unit == self.unit()]
        name = self.window_.settings.get(S.REVIEWER_NAME)
        if name:
            doc.reviewer = name  # the name in the settings is who signs this sheet
        return doc

    def _suggested_path(self, kind: str) -> Path:
        folder = self.window_.settings.get(LAST_EXPORT_FOLDER)
        base = Path(folder) if folder and Path(folder).is_dir() else Path(platformdirs.user_documents_dir())
        stem = self.unit() if self.this_unit.isChecked() else self.tr("All units")
        return base / f"{stem}{self.tr('Score Sheet')}.{kind}"

    # ── doing it ─────────────────────────────────────────────────────────────────────────
    def export(self) -> Path | None:
        """Ask where, write the sheet, say where it went; None when cancelled or refused."""
        kind = self.kind()
        filters = {
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
            "pdf": self.tr("PDF (*.pdf)"),
            "csv": self.tr("CSV (*.csv)"),
        }
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Score Sheet"), str(self._suggested_path(kind)), filters[kind]
        )
        if not chosen:
            return None
        path = Path(chosen)
        store = window_store(self.window_)
        if store is None:
            return None
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        if any(_same_file(p, Path(store.path)) for p in (Path(chosen), path)):
            self._say(
                self.tr("That is the review file itself. Choose another name for the score sheet."),
                error=True,
            )
            return None
        doc = self._document()
        try:
            family = self._write(kind, path, doc)
        except ReviewError as exc:
            self._say(str(exc), error=True)
            return None
        if self.window_.remember_choices:
            self.window_.settings.set(LAST_EXPORT_FOLDER, str(path.parent))
        self.written = path
        text = self.tr("Score sheet of %n unit(s) saved to %1", "", len(doc.units)).replace("%1", str(path))
        if kind == "pdf" and not family:
            text += "\n" + self.tr(
                "No Chinese font was found: the Chinese text may not show. Install one and export again."
            )
        self._say(text, error=False)
        self.open_folder_button.show()
        self.open_folder_button.setFocus()
        return path

    def _write(self, kind: str, path: Path, doc: ReviewDoc) -> str:
        ws, rubric = self.window_.workspace, self.window_.workspace.rubric
        if kind == "xlsx":
            write_xlsx(path, rubric, doc)
            return ""
        if kind == "csv":
            write_csv(path, rubric, doc)
            return ""
        from ui.export_pdf import write_pdf  # QtGui painting, loaded when a PDF is asked for

        report = ws.report
        gaps = {ws.review_unit: report.gaps} if report is not None and ws.review_unit else None
        progress = QProgressDialog(self.tr("Writing the PDF…"), "", 0, 0, self)
        progress.setCancelButton(None)  # a half-written PDF is no use; it takes seconds at most
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()

        try:
            return write_pdf(path, rubric, doc, gaps, progress=step)
        finally:
            progress.close()

    def _say(self, text: str, *, error: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #b71c1c;" if error else "")
        self.result.show()

    def open_folder(self) -> None:
        if self.written is not None:
            self.open_url(QUrl.fromLocalFile(str(self.written.parent)))


def attach_export(window: ExportWindow) -> QAction:
    """Put 导出评分表… into the File menu (after the roster entries) and the shortcut list."""
    action = QAction(QApplication.translate("ExportDialog", "Export Score Sheet…"), window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.triggered.connect(lambda: ExportDialog(window).exec())
    file_menu = window.menuBar().actions()[0].menu()
    before = window.acts.load_demo
    if before in file_menu.actions():
        file_menu.insertAction(before, action)
        file_menu.insertSeparator(before)
    else:
        file_menu.addAction(action)
    window.acts.all.append(action)
    return action
