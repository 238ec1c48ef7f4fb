"""About evcheck: the version, the rubric in use, and licence notes for the bundled libraries."""

from __future__ import annotations

import html
import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.rubric import Rubric

# (library, licence, note); notes are English sources translated in the "AboutDialog" context.
BUNDLED_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    (
        "Qt 6 · PySide6 (Essentials, PDF)",
        "LGPL-3.0",
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "Used unmodified as separate shared libraries, which may be replaced by another build of the same version.",
        ),
    ),
    ("PDFium (in Qt PDF; pypdfium2)", "BSD-3-Clause · Apache-2.0", ""),
    ("Python", "PSF-2.0", ""),
    ("pypdf", "BSD-3-Clause", ""),
    (
        "pycryptodome · pycryptodomex",
        "BSD-2-Clause · Public domain",
        QT_TRANSLATE_NOOP(
            "AboutDialog", "Lets pypdf open PDFs that restrict editing, and tells encrypted 7z archives."
        ),
    ),
    (
        "py7zr · pyppmd · pybcj · inflate64 · multivolumefile",
        "LGPL-2.1-or-later",
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "Reads 7z archives and Deflate64 zips. Shipped as replaceable source files and shared libraries.",
        ),
    ),
    ("backports.zstd", "PSF-2.0", ""),
    (
        "unrar2-cffi · UnRAR · cffi",
        "Apache-2.0 · UnRAR licence · MIT",
        QT_TRANSLATE_NOOP(
            "AboutDialog", "Reads RAR archives. The UnRAR source may not be used to create RAR archives."
        ),
    ),
    ("xlrd", "BSD-3-Clause", ""),
    ("opencc-purepy · OpenCC dictionaries", "MIT · Apache-2.0", ""),
    ("Pillow", "MIT-CMU (HPND)", ""),
    (
        "pillow-heif · libheif · libde265",
        "BSD-3-Clause · LGPL-3.0",
        QT_TRANSLATE_NOOP("AboutDialog", "Reads HEIC photos from phones."),
    ),
    (
        "x265",
        "GPL-2.0",
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "HEVC encoder that pillow-heif's packages include; evcheck only reads HEIC. The Linux build "
            "replaces it with an empty stand-in; the Windows build includes it (source: licenses/pillow-heif).",
        ),
    ),
    ("openpyxl · et-xmlfile", "MIT", ""),
    ("rapidfuzz", "MIT", ""),
    ("sqlite-utils · sqlite-fts4", "Apache-2.0", ""),
    ("click · python-dateutil · tabulate", "BSD-3-Clause · Apache-2.0/BSD · MIT", ""),
    ("platformdirs", "MIT", ""),
    ("SQLite", QT_TRANSLATE_NOOP("AboutDialog", "Public domain"), ""),
)


def licences_folder() -> Path | None:
    """Where a bundled build keeps the full licence texts (next to the program), if it has them."""
    frozen = getattr(sys, "_MEIPASS", None)
    folder = Path(frozen) / "licenses" if frozen else None
    return folder if folder is not None and folder.is_dir() else None


class AboutDialog(QDialog):
    def __init__(self, rubric: Rubric | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About evcheck"))
        icon = QLabel()
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        title = QLabel(f"<h2 style='margin:0'>evcheck {html.escape(__version__)}</h2>")
        subtitle = QLabel(self.tr("Evidence check for education service assessments"))
        header_text = QVBoxLayout()
        header_text.addWidget(title)
        header_text.addWidget(subtitle)
        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(header_text, 1)

        self.facts = QLabel(self._facts_html(rubric))
        self.facts.setObjectName("aboutFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setWordWrap(True)

        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenLinks(False)  # offline: nothing to follow
        self.licences.setHtml(self._licences_html())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel(self.tr("Licences of the bundled software")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _facts_html(self, rubric: Rubric | None) -> str:
        e = html.escape
        rows = [(self.tr("Version"), __version__)]
        if rubric is not None:
            rows.append((self.tr("Rubric"), rubric.name))
            rows.append((self.tr("Rubric year"), str(rubric.year)))
        else:
            rows.append((self.tr("Rubric"), self.tr("not loaded")))
        rows.append(
            (
                self.tr("Built with"),
                f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PySide6.__version__}",
            )
        )
        body = "".join(f"<tr><td><b>{e(k)}</b>&nbsp;&nbsp;</td><td>{e(v)}</td></tr>" for k, v in rows)
        offline = e(self.tr("evcheck works entirely offline: it sends nothing anywhere."))
        return f"<table>{body}</table><p>{offline}</p>"

    def _licences_html(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td><b>{e(name)}</b></td><td>{e(self.tr(licence))}</td><td>{e(self.tr(note)) if note else ''}</td></tr>"
            for name, licence, note in BUNDLED_LIBRARIES
        )
        software, licence_head = e(self.tr("Software")), e(self.tr("Licence"))
        head = f"<tr><th align=left>{software}</th><th align=left>{licence_head}</th><th></th></tr>"
        folder = licences_folder()
        where = (
            e(self.tr("The full licence texts are in %1.").replace("%1", str(folder)))
            if folder
            else e(
                self.tr("The full licence texts ship with the installed program, in its “licenses” folder.")
            )
        )
        own = e(self.tr("evcheck itself is released under the MIT licence."))
        return f"<table cellspacing=4>{head}{rows}</table><p>{own}<br>{where}</p>"


class ShortcutsDialog(QDialog):
    """Help → Keyboard Shortcuts: every action with its keys, in a list that scrolls, so it fits
    a 768-pixel screen however many actions the panels add."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            key_item = QTableWidgetItem(keys)
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            self.table.setItem(row, 1, key_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(460, 560)  # ui/layout.py caps it to the screen; the list scrolls
