import os
import tempfile

# GUI tests run headless; must be set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No test touches the real user folders: caches, settings, review files and journals go to a
# throw-away home for the session (tests that need their own set these again per test).
_HOME = tempfile.mkdtemp(prefix="evcheck-tests-")
for _var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

# Tests drive Qt far harder than a session does; without this PySide6 6.12 on CPython 3.11
# exhausts None's reference count (see ui/qt_compat.py).
from ui.qt_compat import keep_singletons_alive  # noqa: E402 (after the environment is set)

keep_singletons_alive()
