"""The Clerk menu: template, rename preview, undo, convert, pack — each step visible and undoable.

The window owns what is being checked; it hands this menu a ``context`` callable returning the
current folder, rubric, roster and unit, and its task runner.  After anything that changes the
folder, ``folder_changed`` is emitted so the window can re-check.

Hook it into a window with ``bar.addMenu(ClerkMenu(window, context, runner))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from app.convert import ConvertPlan, apply_conversions, plan_conversions
from app.journal import JournalError, default_journal_path, undo
from app.pack import PackRefused, PackResult, pack
from app.rename import RenamePlan, plan_renames
from app.roster import Roster
from app.rubric import Rubric
from app.template import build_template
from ui.clerk.rename_dialog import RenamePreviewDialog
from ui.tasks import TaskRunner


@dataclass
class ClerkContext:
    folder: Path | None  # the submission folder being checked (None, or a zip: most steps need a folder)
    rubric: Rubric
    roster: Roster | None
    unit: str | None


class ClerkMenu(QMenu):
    folder_changed = Signal()

    def __init__(self, window: QWidget, context: Callable[[], ClerkContext], runner: TaskRunner) -> None:
        super().__init__(window)
        self.setTitle(self.tr("&Clerk"))
        self.window_, self.context, self.runner = window, context, runner
        self.addAction(self.tr("Create Folder &Template…"), self.make_template)
        self.addSeparator()
        self.addAction(self.tr("&Rename Files…"), self.rename)
        self.addAction(self.tr("&Convert Photos and HEIC…"), self.convert)
        self.addAction(self.tr("&Undo Rename or Conversion…"), self.undo)
        self.addSeparator()
        self.addAction(self.tr("&Pack for Submission…"), self.pack)

    # ── helpers ──
    def _say(self, text: str, warn: bool = False) -> None:
        box = QMessageBox.warning if warn else QMessageBox.information
        box(self.window_, self.tr("Clerk"), text)

    def _error(self, exc: BaseException) -> None:
        self._say(self.refusal_text(exc) if isinstance(exc, PackRefused) else str(exc), warn=True)

    def refusal_text(self, exc: PackRefused) -> str:
        """A refused pack in the window's words: the core's message advises command-line flags."""
        reason = getattr(exc, "reason", "")
        if reason == "errors":
            files = list(getattr(exc, "error_files", ()))
            listing = "\n".join(f"  {p}" for p in files[:10]) + ("\n  …" if len(files) > 10 else "")
            return (
                self.tr("%n file(s) still have errors, so the folder was not packed:", "", len(files))
                + "\n"
                + listing
                + "\n"
                + self.tr("Fix them as the All Findings list says, or pack the folder as it is.")
            )
        if reason == "inside_folder":
            return self.tr(
                "The zip cannot be saved inside the folder being packed: choose a place outside it."
            )
        if reason == "not_folder":
            return self.tr("Open a submission folder first (a zip must be unpacked to be changed).")
        return str(exc)

    def _folder(self) -> ClerkContext | None:
        ctx = self.context()
        if ctx.folder is None or not ctx.folder.is_dir():
            self._say(
                self.tr("Open a submission folder first (a zip must be unpacked to be changed)."), warn=True
            )
            return None
        return ctx

    # ── template ──
    def make_template(self) -> None:
        ctx = self.context()
        if ctx.roster is None or not ctx.unit:
            self._say(self.tr("Load a roster and choose the unit first."), warn=True)
            return
        target = QFileDialog.getExistingDirectory(self.window_, self.tr("Where to Create the Template"))
        if not target:
            return
        try:
            result = build_template(Path(target), ctx.rubric, ctx.unit, ctx.roster.schools_of(ctx.unit))
        except OSError as exc:
            self._error(exc)
            return
        self._say(
            self.tr("Template created in %1.\nChecklist: %2")
            .replace("%1", str(result.root))
            .replace("%2", str(result.checklist))
        )

    # ── rename ──
    def rename(self) -> None:
        ctx = self._folder()
        if ctx is None:
            return
        self.runner.call(
            "rename-plan",
            lambda: plan_renames(ctx.folder, ctx.rubric, ctx.roster, ctx.unit),
            on_done=self.show_rename_plan,
            on_error=self._error,
        )

    def show_rename_plan(self, plan: RenamePlan) -> None:
        if not plan.renames:
            self._say(self.tr("All names are already in order."))
            return
        dialog = RenamePreviewDialog(plan, self.window_)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            journal = dialog.apply_selected()
        except OSError as exc:
            self._say(
                self.tr("The journal could not be saved, so nothing was renamed: %1").replace("%1", str(exc)),
                True,
            )
            return
        failed = [o for o in journal.ops if o.result != "done"]
        text = self.tr("Renamed %1 files. To undo, use Clerk → Undo and choose:\n%2")
        text = text.replace("%1", str(sum(o.result == "done" and o.op == "move" for o in journal.ops)))
        text = text.replace("%2", str(dialog.journal_path))
        if failed:
            text += "\n\n" + "\n".join(f"{o.src or o.path}：{o.result}" for o in failed)
        self._say(text, warn=bool(failed))
        self.folder_changed.emit()

    # ── convert ──
    def convert(self) -> None:
        ctx = self._folder()
        if ctx is None:
            return
        self.runner.call(
            "convert-plan",
            lambda: plan_conversions(ctx.folder, ctx.rubric, ctx.roster, ctx.unit),
            on_done=self.show_convert_plan,
            on_error=self._error,
        )

    def show_convert_plan(self, plan: ConvertPlan) -> None:
        lines = [f"{c.reason}\n    → {c.target}" for c in plan.conversions]
        lines += [f"{where}：{what}" for where, what in plan.advice]
        if not plan.conversions:
            self._say("\n".join(lines) or self.tr("Nothing needs converting."))
            return
        ask = self.tr("Create these files beside the originals? The originals are not changed.")
        answer = QMessageBox.question(self.window_, self.tr("Convert"), ask + "\n\n" + "\n".join(lines))
        if answer != QMessageBox.StandardButton.Yes:
            return
        move = self.tr(
            "Then move the converted originals out of the submission, to %1? (Undo brings them back.)"
        )
        aside = QMessageBox.question(self.window_, self.tr("Convert"), move.replace("%1", str(plan.aside)))
        path = default_journal_path("convert", plan.root)
        try:
            journal = apply_conversions(plan, path, set_aside=aside == QMessageBox.StandardButton.Yes)
        except OSError as exc:
            self._error(exc)
            return
        done = sum(o.op == "create" and o.result == "done" for o in journal.ops)
        self._say(
            self.tr("Created %1 files. To remove them, use Clerk → Undo and choose:\n%2")
            .replace("%1", str(done))
            .replace("%2", str(path))
        )
        self.folder_changed.emit()

    # ── undo ──
    def undo(self) -> None:
        start = str(default_journal_path("rename", Path("x")).parent)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window_, self.tr("Choose a Journal"), start, self.tr("Journals (*.json)")
        )
        if not chosen:
            return
        try:
            result = undo(Path(chosen))
        except JournalError as exc:
            self._error(exc)
            return
        text = self.tr("Restored %1 files; removed %2 converted files.").replace("%1", str(result.restored))
        text = text.replace("%2", str(result.removed))
        if result.problems:
            text += "\n\n" + "\n".join(result.problems)
        self._say(text, warn=bool(result.problems))
        self.folder_changed.emit()

    # ── pack ──
    def pack(self) -> None:
        ctx = self._folder()
        if ctx is None:
            return
        suggested = str(ctx.folder.parent / f"{ctx.folder.name}.zip")
        out, _ = QFileDialog.getSaveFileName(
            self.window_, self.tr("Save Zip As"), suggested, self.tr("Zip (*.zip)")
        )
        if out:
            self.start_pack(ctx, Path(out), force=False)

    def start_pack(self, ctx: ClerkContext, out: Path, force: bool) -> None:
        def refused(exc: BaseException) -> None:
            if not isinstance(exc, PackRefused) or getattr(exc, "reason", "") != "errors" or force:
                self._error(exc)
                return
            ask = self.refusal_text(exc) + "\n\n" + self.tr("Pack anyway?")
            if QMessageBox.question(self.window_, self.tr("Pack"), ask) == QMessageBox.StandardButton.Yes:
                self.start_pack(ctx, out, force=True)

        self.runner.call(
            "pack",
            lambda: pack(ctx.folder, out, ctx.rubric, ctx.roster, ctx.unit, force=force),
            on_done=self.show_packed,
            on_error=refused,
        )

    def show_packed(self, result: PackResult) -> None:
        text = self.tr("Packed %1 files into %2.\nManifest: %3").replace("%1", str(result.files))
        text = text.replace("%2", str(result.zip_path)).replace("%3", str(result.manifest_path))
        if result.report.gaps:
            text += (
                "\n\n" + self.tr("Still missing:") + "\n" + "\n".join(g.message for g in result.report.gaps)
            )
        self._say(text, warn=not result.clean)
