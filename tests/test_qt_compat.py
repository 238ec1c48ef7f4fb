import sys

import pytest
from PySide6.QtWidgets import QLabel

from ui.qt_compat import keep_singletons_alive


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12")
def test_none_survives_many_qt_calls(qtbot):
    keep_singletons_alive()
    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(50_000):  # without the work-around PySide6 6.12 aborts CPython 3.11 here
        label.setText("x")
        label.setEnabled(True)
    assert sys.getrefcount(None) > 1 << 39
