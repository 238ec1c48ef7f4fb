import os

# GUI tests run headless; must be set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
