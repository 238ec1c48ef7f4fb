"""The Chinese translation is complete, compiled, and what the app installs by default.

lupdate collects the UI's current tr() strings into a temporary .ts; every one must be in the
committed resources/i18n/evcheck_zh_CN.ts with a finished, non-empty translation.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "update_translations", ROOT / "scripts" / "update_translations.py"
)
assert _spec and _spec.loader
tools = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tools)

PLACEHOLDER = re.compile(r"%(?:n|L?\d+)|\{[A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}")


def test_every_ui_string_has_a_finished_translation():
    problems = tools.missing_translations()
    assert not problems, (
        f"{len(problems)} UI strings lack a Chinese translation; run scripts/update_translations.py, "
        "translate them in resources/i18n/evcheck_zh_CN.ts, and run it again:\n" + "\n".join(problems)
    )


def test_compiled_catalogue_matches_the_ts():
    """The shipped .qm gives exactly the .ts translations (lrelease was run after the last edit)."""
    translator = QTranslator()
    assert translator.load(str(tools.QM_FILE))
    stale = []
    for (context, source, comment), message in tools.messages(tools.TS_FILE).items():
        numerus = message.get("numerus") == "yes"
        translation = message.find("translation")
        expected = translation.findtext("numerusform") if numerus else translation.text
        got = translator.translate(context, source, comment or None, 1 if numerus else -1)
        if got != expected:
            stale.append(f"[{context}] {source!r}: .qm has {got!r}")
    assert not stale, "evcheck_zh_CN.qm is stale: run scripts/update_translations.py\n" + "\n".join(stale)


def test_translations_keep_every_placeholder():
    wrong = []
    for (context, source, _), message in tools.messages(tools.TS_FILE).items():
        translation = message.find("translation")
        texts = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
        for text in filter(None, texts):  # an empty one is reported as untranslated above
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                wrong.append(f"[{context}] {source!r} -> {text!r}")
    assert not wrong, "placeholders differ between source and translation:\n" + "\n".join(wrong)


def test_every_translated_string_can_be_collected():
    """lupdate reads tr("…") and translate("Ctx", "…"); scripts/update_translations.py also collects the
    literals handed to a helper that translates in a fixed context (``_t("Met")``). Anything else —
    an f-string, a helper whose context is computed — would stay English forever."""
    hidden = []
    for path in tools.python_sources():
        where = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, context in tools.translate_helpers(tree).items():
            if context is None:
                hidden.append(f"{where}: {name}() translates in a context that is not a literal")
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and tools._called_name(call) in ("tr", "translate")
                and any(isinstance(a, ast.JoinedStr) for a in call.args[:2])
            ):
                hidden.append(f"{where}:{call.lineno}: f-string in {tools._called_name(call)}()")
    assert not hidden, "strings lupdate cannot collect:\n" + "\n".join(hidden)


def test_helper_literals_reach_the_catalogue():
    """The collection of helper literals itself works: each one is in the .ts under its context."""
    committed = {(c, t) for c, t, _ in tools.messages(tools.TS_FILE)}
    collected = tools.helper_strings()
    assert collected, "expected some helper-translated strings (ui/models/presentation.py uses _t)"
    assert not [pair for pair in collected if pair not in committed]


@pytest.fixture
def restore_language(qapp):
    from ui.i18n import install_translations

    before = QLocale()
    yield install_translations
    install_translations(qapp, "en")  # other tests read the English source strings
    QLocale.setDefault(before)


def test_chinese_is_the_default_and_english_can_be_chosen(qapp, restore_language):
    from ui import settings as S

    assert S.LANGUAGE.default == "zh_CN"
    assert restore_language(qapp) == "zh_CN"
    assert QCoreApplication.translate("Settings", "Language") == "语言"
    assert QLocale().language() == QLocale.Language.Chinese
    assert restore_language(qapp, "en") == "en"
    assert QCoreApplication.translate("Settings", "Language") == "Language"
    assert restore_language(qapp, "klingon") == "zh_CN"  # an unknown stored value: the default
