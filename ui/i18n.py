"""The interface language: Simplified Chinese by default, English (the source strings) on request.

Every UI string is an English source string passed through ``tr()``; resources/i18n/evcheck_zh_CN.qm
holds the Chinese, and Qt's own qtbase_zh_CN.qm translates the standard buttons and dialogs.
A language change takes effect on the next start: widgets are translated once, when they are built.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

DEFAULT_LANGUAGE = "zh_CN"
ENGLISH = "en"
# Qt's catalogue and the app's own, for each language that needs translating.  Ours is installed
# last, so Qt asks it first: that lets it fill the gaps below.
_CATALOGUES: dict[str, tuple[tuple[str, str], ...]] = {
    "zh_CN": (("qtbase_zh_CN", "qt"), ("evcheck_zh_CN", "app")),
}
# Qt's own strings that its zh_CN catalogue (Qt 6.12) leaves English or words oddly; translated in
# evcheck_zh_CN.ts under Qt's own context, so Qt's file dialog reads Chinese throughout.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),  # Qt says 体积 (volume)
)
_LOCALES = {
    "zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China),
    ENGLISH: QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
_installed: list[QTranslator] = []


def catalogue_folders(origin: str) -> list[str]:
    """Where a catalogue may live: ours in resources/i18n; Qt's where this Qt keeps its translations,
    or, in a PyInstaller bundle, where the bundle put them."""
    if origin == "app":
        return [str(resource_path("i18n"))]
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders.append(str(Path(frozen) / "PySide6" / "Qt" / "translations"))
    return folders


def install_translations(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> str:
    """Translate the interface into ``language`` ("zh_CN" or "en"); returns the language in use.

    An unknown language falls back to the default. A missing Qt catalogue only leaves the standard
    buttons in English; a missing app catalogue leaves the whole interface in English, so it is
    reported as "en".
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in _LOCALES:
        language = DEFAULT_LANGUAGE
    in_use = language
    for name, origin in _CATALOGUES.get(language, ()):
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in catalogue_folders(origin)):
            app.installTranslator(translator)
            _installed.append(translator)
        elif origin == "app":
            in_use = ENGLISH
    QLocale.setDefault(_LOCALES[in_use])
    return in_use
