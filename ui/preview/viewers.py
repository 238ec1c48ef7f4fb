"""The three things the preview can show: a PDF, an image, or a placeholder with the reason."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

ZOOM_STEP = 1.25


class PdfViewer(QWidget):
    """QPdfView, one page at a time, fit to width unless zoomed."""

    page_changed = Signal(int, int)  # page (0-based), page count

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.pageNavigator().currentPageChanged.connect(self._emit_page)

    def load_file(self, path: str) -> str:
        """Load a PDF; returns "" or the reason it cannot be shown."""
        self._buffer = None
        return self._result(self.document.load(path))

    def load_bytes(self, data: bytes) -> str:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer  # QPdfDocument reads from it lazily: keep it alive
        self.document.load(buffer)
        return self._result(self.document.error())

    def _result(self, error: QPdfDocument.Error) -> str:
        if error == QPdfDocument.Error.None_ and self.document.pageCount() > 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.pageNavigator().jump(0, QPointF(), 0)
            self._emit_page()
            return ""
        self.document.close()
        if error in (QPdfDocument.Error.IncorrectPassword, QPdfDocument.Error.UnsupportedSecurityScheme):
            return self.tr("This PDF is password-protected or encrypted and cannot be shown.")
        return self.tr("This PDF is damaged or not a real PDF and cannot be shown.")

    def clear(self) -> None:
        self.document.close()
        self._buffer = None

    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def page_count(self) -> int:
        return self.document.pageCount()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def step(self, delta: int) -> None:
        self.go_to(self.page() + delta)

    def zoom(self, factor: float) -> None:
        current = (
            self.view.zoomFactor() if self.view.zoomMode() == QPdfView.ZoomMode.Custom else self._fit_factor()
        )
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(8.0, current * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _fit_factor(self) -> float:
        size = self.document.pagePointSize(self.page())
        if size.width() <= 0:
            return 1.0
        # points → pixels at the screen's logical DPI, as QPdfView does
        return self.view.viewport().width() / (size.width() * self.logicalDpiX() / 72.0)

    def _emit_page(self, *_: object) -> None:
        self.page_changed.emit(self.page(), self.page_count())


class ImageViewer(QScrollArea):
    """A decoded image (EXIF rotation already applied), fit to width unless zoomed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setWidget(self.label)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixmap = QPixmap()
        self._scale: float | None = None  # None = fit to the visible area

    def show_image(self, image: QImage) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self._scale = None
        self._layout()

    def clear(self) -> None:
        self._pixmap = QPixmap()
        self.label.clear()

    def image_size(self) -> tuple[int, int]:
        return self._pixmap.width(), self._pixmap.height()

    def zoom(self, factor: float) -> None:
        if self._pixmap.isNull():
            return
        self._scale = max(0.05, min(8.0, (self._scale or self._fit_scale()) * factor))
        self._layout()

    def fit_width(self) -> None:
        self._scale = None
        self._layout()

    def _fit_scale(self) -> float:
        if self._pixmap.isNull():
            return 1.0
        area = self.viewport().size()
        return min(area.width() / self._pixmap.width(), area.height() / self._pixmap.height(), 1.0) or 1.0

    def _layout(self) -> None:
        if self._pixmap.isNull():
            return
        scale = self._scale or self._fit_scale()
        w, h = max(1, int(self._pixmap.width() * scale)), max(1, int(self._pixmap.height() * scale))
        self.label.setPixmap(
            self._pixmap.scaled(
                w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.label.resize(max(w, self.viewport().width()), max(h, self.viewport().height()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._scale is None:
            self._layout()


class Placeholder(QLabel):
    """Shown instead of a file that cannot or should not be opened, saying why."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(24)
        self.setStyleSheet("color: #546e7a; font-size: 14px;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
