"""The mouse wheel scrolls the scoring panel; it edits a value only in the box that has focus.

A spin box or combo box under the pointer takes wheel events by default, so scrolling the long
panel changed scores as they passed under the mouse (and saved them).  The guard keeps the event
from an unfocused box and gives it to the nearest scroll area that can scroll, so the panel
scrolls as the reviewer meant.  (Qt's own propagation to the parent is not used: it skips
synthetic events, and a table inside the panel that cannot scroll would swallow them.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        bar = scroll_bar_for(watched)
        if bar is not None:
            QCoreApplication.sendEvent(bar, event)
        return True  # the unfocused box never sees it


def scroll_bar_for(widget: QWidget) -> QScrollBar | None:
    """The vertical scroll bar of the nearest enclosing scroll area that has somewhere to go."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.verticalScrollBar()
            if bar.maximum() > bar.minimum():
                return bar
        parent = parent.parentWidget()
    return None


_guard: _WheelGuard | None = None


def guard(widget: QWidget) -> None:
    """Make ``widget`` take the wheel only while it has focus (clicking or Tab gives it focus)."""
    global _guard
    if _guard is None:
        _guard = _WheelGuard()  # one filter for every guarded widget; Qt drops it with each widget
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_guard)


def guard_all(root: QWidget) -> None:
    """Guard every spin box, combo box and slider inside ``root`` (scroll bars keep their wheel)."""
    for kind in GUARDED:
        for widget in root.findChildren(kind):
            if not isinstance(widget, QScrollBar):
                guard(widget)
