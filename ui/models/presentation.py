"""How statuses, cells and severities look: label, colour and a small drawn icon.

Colour is never the only signal: every state also has its own icon shape and a text label.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from app.model import Severity, Status

GREEN, RED, ORANGE, GREY, BLUE = "#2e7d32", "#c62828", "#ef6c00", "#78909c", "#1565c0"

# state → (colour, glyph) ; glyphs: check, cross, bang, dash, dot, info
_LOOK: dict[str, tuple[str, str]] = {
    Status.MET: (GREEN, "check"),
    Status.GAP: (RED, "cross"),
    Status.PROBLEM: (ORANGE, "bang"),
    Status.OPTIONAL_MISSING: (GREY, "dash"),
    Status.NOT_REQUIRED: (GREY, "dot"),
    "met": (GREEN, "check"),
    "missing": (RED, "cross"),
    "problem": (ORANGE, "bang"),
    Severity.ERROR: (RED, "cross"),
    Severity.WARNING: (ORANGE, "bang"),
    Severity.INFO: (BLUE, "info"),
    "accepted": (GREY, "check"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("evcheck", text)


def status_label(status: str) -> str:
    labels = {
        Status.MET: _t("Met"),
        Status.GAP: _t("Gap"),
        Status.PROBLEM: _t("Problems"),
        Status.OPTIONAL_MISSING: _t("Optional"),
        Status.NOT_REQUIRED: _t("Not required"),
    }
    return labels.get(status, status)


def cell_label(cell: str) -> str:
    labels = {"met": _t("Met"), "missing": _t("Missing"), "problem": _t("Problem")}
    return labels.get(cell, cell)


def severity_label(severity: str) -> str:
    labels = {
        Severity.ERROR: _t("Error"),
        Severity.WARNING: _t("Warning"),
        Severity.INFO: _t("Info"),
        "accepted": _t("Accepted"),
    }
    return labels.get(severity, severity)


def kind_label(kind: str) -> str:
    labels = {
        "pdf": "PDF",
        "image": _t("Image"),
        "document": _t("Document"),
        "archive": _t("Archive"),
        "other": _t("Other"),
    }
    return labels.get(kind, kind)


SEVERITY_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


def colour(state: str) -> QColor:
    return QColor(_LOOK.get(state, (GREY, "dot"))[0])


def tint(state: str) -> QBrush:
    """A light background for a cell in ``state`` (the icon and text carry the meaning too)."""
    c = colour(state)
    c.setAlpha(40)
    return QBrush(c)


@cache
def icon(state: str) -> QIcon:
    col, glyph = _LOOK.get(state, (GREY, "dot"))
    return QIcon(_draw(col, glyph, 32))


def _draw(col: str, glyph: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(col))
    s = float(size)
    p.drawEllipse(QRectF(1, 1, s - 2, s - 2))
    pen = QPen(QColor("white"), s * 0.12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if glyph == "check":
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(QPointF(s * 0.44, s * 0.68))
        path.lineTo(QPointF(s * 0.72, s * 0.34))
        p.drawPath(path)
    elif glyph == "cross":
        p.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68))
        p.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68))
    elif glyph == "bang":
        p.drawLine(QPointF(s * 0.5, s * 0.24), QPointF(s * 0.5, s * 0.56))
        p.drawPoint(QPointF(s * 0.5, s * 0.74))
    elif glyph == "info":
        p.drawPoint(QPointF(s * 0.5, s * 0.28))
        p.drawLine(QPointF(s * 0.5, s * 0.46), QPointF(s * 0.5, s * 0.74))
    elif glyph == "dash":
        p.drawLine(QPointF(s * 0.3, s * 0.5), QPointF(s * 0.7, s * 0.5))
    else:
        p.setBrush(QColor("white"))
        p.drawEllipse(QPointF(s * 0.5, s * 0.5), s * 0.08, s * 0.08)
    p.end()
    return pix


def school_prefix(schools: list[str]) -> str:
    """The part all school names share (e.g. "潍坊市奎文区"), left out on screen to save width.

    Only cut where every name keeps at least two characters of its own; tooltips show full names.
    """
    if len(schools) < 2:
        return ""
    first, prefix_len = schools[0], 0
    for chars in zip(*schools, strict=False):
        if len(set(chars)) != 1:
            break
        prefix_len += 1
    prefix = first[:prefix_len]
    return prefix if all(len(s) - len(prefix) >= 2 for s in schools) else ""


def short_school(name: str, prefix: str) -> str:
    return name[len(prefix) :] if prefix and name.startswith(prefix) else name
