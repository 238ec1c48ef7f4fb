import os

# GUI tests run headless; must be set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests drive Qt far harder than a session does; without this PySide6 6.12 on CPython 3.11
# exhausts None's reference count (see ui/qt_compat.py).
from ui.qt_compat import keep_singletons_alive

keep_singletons_alive()
