"""The settings dialog is built from the declared settings and stores what the reviewer enters;
the About box names the version, the rubric and the licences of what ships."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QDoubleSpinBox, QLineEdit

from app import __version__
from app.rubric import load_rubric
from tests.gui_session import Session
from ui import settings as S
from ui.about import BUNDLED_LIBRARIES, AboutDialog
from ui.settings import Setting, Settings
from ui.settings_dialog import SettingsDialog


@pytest.fixture
def store(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def reopen(store: Settings) -> Settings:
    store.sync()
    return Settings(QSettings(store.store.fileName(), QSettings.Format.IniFormat))


def test_the_reviewer_settings_are_declared_with_types_and_defaults():
    declared = {s.key: s for s in S.USER_SETTINGS}
    assert [s.type for s in S.USER_SETTINGS] == [str, float, str, float, bool]
    assert declared["check/read_content"].default is True  # the content pass (issue 15), on
    assert declared["ui/language"].default == "zh_CN"
    assert {v for v, _ in declared["ui/language"].choices} == {"zh_CN", "en"}
    assert declared["review/default_weight"].default == 100.0
    assert declared["check/file_time_limit"].default == 10.0
    assert all(s.label for s in S.USER_SETTINGS)
    assert {s.key for s in S.USER_SETTINGS} <= {s.key for s in S.ALL_SETTINGS}


def test_dialog_has_one_editor_per_declared_setting(qtbot, store):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert list(dialog.editors) == [s.key for s in S.USER_SETTINGS]
    assert isinstance(dialog.editors[S.REVIEWER_NAME.key], QLineEdit)
    assert isinstance(dialog.editors[S.LANGUAGE.key], QComboBox)
    weight = dialog.editors[S.DEFAULT_WEIGHT.key]
    assert isinstance(weight, QDoubleSpinBox)
    assert (weight.minimum(), weight.maximum()) == (S.DEFAULT_WEIGHT.minimum, S.DEFAULT_WEIGHT.maximum)
    # fresh settings show the declared defaults
    assert weight.value() == 100.0
    assert dialog.editors[S.LANGUAGE.key].currentData() == "zh_CN"


def test_a_new_declaration_gets_an_editor_without_touching_the_dialog(qtbot, store):
    extra = Setting("review/rounds", int, 2, label="Rounds", minimum=1, maximum=5)
    dialog = SettingsDialog(store, fields=(*S.USER_SETTINGS, extra))
    qtbot.addWidget(dialog)
    dialog.editors[extra.key].setValue(4)
    dialog.accept()
    assert reopen(store).get(extra) == 4


def test_entered_values_are_stored_and_shown_next_time(qtbot, store):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.editors[S.REVIEWER_NAME.key].setText("  王督导 ")  # QTest can only type ASCII
    dialog.editors[S.DEFAULT_WEIGHT.key].setValue(85.5)
    language = dialog.editors[S.LANGUAGE.key]
    language.setCurrentIndex(language.findData("en"))
    dialog.editors[S.FILE_TIME_LIMIT.key].setValue(30)
    dialog.editors[S.CONTENT_PASS.key].setChecked(False)
    assert {s.key for s in dialog.changed()} == {s.key for s in S.USER_SETTINGS}
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    saved = reopen(store)
    assert saved.get(S.REVIEWER_NAME) == "王督导"
    assert saved.get(S.DEFAULT_WEIGHT) == 85.5
    assert saved.get(S.LANGUAGE) == "en"
    assert saved.get(S.FILE_TIME_LIMIT) == 30.0
    assert saved.get(S.CONTENT_PASS) is False  # the INI file keeps "false": read back as a bool
    again = SettingsDialog(saved)
    qtbot.addWidget(again)
    assert again.editors[S.REVIEWER_NAME.key].text() == "王督导"
    assert again.editors[S.LANGUAGE.key].currentText() == "English"


def test_cancel_changes_nothing(qtbot, store):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.editors[S.DEFAULT_WEIGHT.key].setValue(50)
    dialog.reject()
    assert reopen(store).get(S.DEFAULT_WEIGHT) == 100.0


def test_values_outside_the_declared_range_cannot_be_entered(qtbot, store):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    weight = dialog.editors[S.DEFAULT_WEIGHT.key]
    weight.setValue(250)
    assert weight.value() == 100.0
    weight.setValue(0)
    assert weight.value() == S.DEFAULT_WEIGHT.minimum


def test_a_hand_edited_bad_value_reads_as_the_default(qtbot, store):
    store.store.setValue(S.DEFAULT_WEIGHT.key, 400.0)
    store.store.setValue(S.LANGUAGE.key, "fr")
    store.store.setValue(S.FILE_TIME_LIMIT.key, "soon")
    saved = reopen(store)
    assert saved.get(S.DEFAULT_WEIGHT) == 100.0
    assert saved.get(S.LANGUAGE) == "zh_CN"
    assert saved.get(S.FILE_TIME_LIMIT) == 10.0
    dialog = SettingsDialog(saved)
    qtbot.addWidget(dialog)
    assert dialog.editors[S.DEFAULT_WEIGHT.key].value() == 100.0


def test_restore_defaults_resets_the_editors_but_saves_only_on_ok(qtbot, store):
    store.set(S.REVIEWER_NAME, "李四")
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.editors[S.REVIEWER_NAME.key].text() == ""
    assert store.get(S.REVIEWER_NAME) == "李四"
    dialog.accept()
    assert reopen(store).get(S.REVIEWER_NAME) == ""


@pytest.fixture
def chinese(qapp):
    from PySide6.QtCore import QLocale

    from ui.i18n import install_translations

    before = QLocale()
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")  # other tests read the English source strings
    QLocale.setDefault(before)


def test_settings_dialog_speaks_chinese_by_default(qtbot, store, chinese):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "设置"
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert dialog._label(S.LANGUAGE) == "语言："


def test_about_in_chinese(qtbot, chinese):
    dialog = AboutDialog(load_rubric())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "关于 evcheck"
    assert "许可" in dialog.licences.toPlainText()


def test_about_names_version_rubric_and_licences(qtbot):
    rubric = load_rubric()
    dialog = AboutDialog(rubric)
    qtbot.addWidget(dialog)
    facts = dialog.facts.text()
    assert __version__ in facts
    assert rubric.name in facts
    assert str(rubric.year) in facts
    licences = dialog.licences.toPlainText()
    for name, _licence, _note in BUNDLED_LIBRARIES:
        assert name in licences
    for expected in ("LGPL-3.0", "BSD-3-Clause", "MIT-CMU (HPND)", "Apache-2.0", "GPL-2.0"):
        assert expected in licences
    for library in ("PySide6", "pypdf", "Pillow", "openpyxl", "rapidfuzz", "sqlite-utils", "platformdirs"):
        assert library in licences


def test_about_without_a_rubric_still_opens(qtbot):
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.facts.text()


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open(show=False)
    w.remember_choices = False
    yield w
    session.close()


def test_help_menu_opens_the_about_dialog_for_the_windows_rubric(window, monkeypatch):
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self.facts.text()) or 0)
    window.acts.about.trigger()
    assert shown and window.workspace.rubric.name in shown[0]


def test_file_menu_opens_settings_and_a_language_change_is_announced(window, monkeypatch):
    def choose_english(dialog):
        box = dialog.editors[S.LANGUAGE.key]
        box.setCurrentIndex(box.findData("en"))
        dialog.accept()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", choose_english)
    announced = []
    monkeypatch.setattr(window.banner, "show_message", announced.append)
    window.acts.preferences.trigger()
    assert window.settings.get(S.LANGUAGE) == "en"
    assert len(announced) == 1


def test_a_new_time_limit_applies_to_the_next_check_at_once(window, monkeypatch):
    def shorter_limit(dialog):
        dialog.editors[S.FILE_TIME_LIMIT.key].setValue(3)
        dialog.accept()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", shorter_limit)
    announced = []
    monkeypatch.setattr(window.banner, "show_message", announced.append)
    window.acts.preferences.trigger()
    assert window.workspace.file_time_limit == 3.0
    assert announced == []  # nothing to restart for


def test_reviewer_name_signs_the_review_file(tmp_path):
    import getpass

    from ui.corrections import open_correction_store

    rubric = load_rubric()
    named, problem = open_correction_store(tmp_path / "a.evreview", rubric, " 王督导 ")
    assert not problem and named.store.who == "王督导"
    named.store.close()
    reopened, _ = open_correction_store(tmp_path / "a.evreview", rubric, "")
    assert reopened.store.who == "王督导"  # no name set: the file's own reviewer
    reopened.store.close()
    fresh, _ = open_correction_store(tmp_path / "b.evreview", rubric, "")
    assert fresh.store.who == getpass.getuser()
    fresh.store.close()


def test_time_limit_setting_reaches_the_check(window, monkeypatch, tmp_path):
    import app.review.session
    import ui.workspace

    seen = []

    def fake_check(source, **kwargs):
        seen.append(kwargs["options"].timeout)
        raise ui.workspace.SourceError("stop here")
        yield  # a generator, like run_check

    monkeypatch.setattr(app.review.session, "run_check", fake_check)  # the session runs the check
    window.workspace.file_time_limit = 42.0
    (tmp_path / "unit").mkdir()
    window.workspace.open_source(tmp_path / "unit")
    window.workspace.tasks.pool.waitForDone(10_000)
    assert seen == [42.0]
