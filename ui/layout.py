"""Sizes that fit the screen: the window's first size, restored geometry, and every dialog.

The most common government laptop has 1366×768 pixels and a taskbar, so nothing may assume more
than the screen's *available* area.  Tests and ``--screenshot --size`` inject an area with
:func:`set_screen_override`, because the off-screen platform has one fixed 800×600 screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# What the window manager adds around a top-level window (title bar and borders) before it is
# shown and the real frame is known; Windows 10/11 and common Linux desktops stay inside this.
FRAME_ALLOWANCE = QSize(16, 40)
FALLBACK_AREA = QRect(0, 0, 1280, 720)

_override: QRect | None = None


def set_screen_override(area: QRect | None) -> None:
    """Pretend the available screen area is ``area`` (tests, ``--screenshot --size``); None: the real one."""
    global _override
    _override = QRect(area) if area is not None else None


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable part of the screen ``widget`` is on (without taskbar or panels)."""
    if _override is not None:
        return QRect(_override)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(FALLBACK_AREA)


def fitted(size: QSize, area: QRect, frame: QSize = FRAME_ALLOWANCE) -> QSize:
    """``size`` made no larger than what fits in ``area`` with a window frame around it."""
    room = area.size() - frame
    return QSize(max(1, min(size.width(), room.width())), max(1, min(size.height(), room.height())))


def clamp(rect: QRect, area: QRect) -> QRect:
    """``rect`` shrunk to fit ``area`` and moved inside it (a window saved on a larger or
    disconnected monitor comes back whole on this one)."""
    w, h = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.left()), area.right() + 1 - w)
    y = min(max(rect.y(), area.top()), area.bottom() + 1 - h)
    return QRect(x, y, w, h)


def first_geometry(area: QRect, frame: QSize = FRAME_ALLOWANCE) -> QRect:
    """The window's client rectangle on its first start: the whole available area, frame allowed for."""
    size = fitted(area.size(), area, frame)
    left = area.left() + (area.width() - size.width() - frame.width()) // 2 + frame.width() // 2
    top = area.top() + frame.height() - frame.width() // 2
    return QRect(left, top, size.width(), size.height())


def restore_window(window: QWidget, saved: QByteArray) -> bool:
    """Restore a saved geometry, kept on the current screen; False when there is none (first start)."""
    area = available_area(window)
    if not saved.isEmpty() and window.restoreGeometry(saved):
        if not window.isMaximized() and not window.isFullScreen():
            frame = window.frameGeometry()
            inside = clamp(frame, area)
            if inside != frame:
                margins = frame.size() - window.geometry().size()
                window.resize(fitted(inside.size(), area, margins))
                window.move(inside.topLeft())
        return True
    window.setGeometry(first_geometry(area))
    return False


def fit_dialog(dialog: QWidget) -> None:
    """No dialog may be larger than the screen: its size (and maximum) is capped to the area;
    long content scrolls inside it (each dialog's lists and text views do)."""
    area = available_area(dialog.parentWidget() or dialog)
    room = fitted(QSize(16_777_215, 16_777_215), area)
    dialog.setMaximumSize(room)
    size = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else dialog.sizeHint()
    dialog.resize(fitted(size, area))


class DialogFitter(QObject):
    """Fits every dialog of the application as it is shown, the ones of other panels too."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            fit_dialog(watched)
        return False


def install_dialog_fitter(app: QApplication | None = None) -> DialogFitter:
    app = app or QApplication.instance()  # type: ignore[assignment]
    existing = getattr(app, "_evcheck_dialog_fitter", None)
    if isinstance(existing, DialogFitter):
        return existing
    fitter = DialogFitter(app)
    app.installEventFilter(fitter)
    app._evcheck_dialog_fitter = fitter  # type: ignore[attr-defined]
    return fitter
