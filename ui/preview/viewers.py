"""The three things the preview can show: a PDF, an image, or a placeholder with the reason."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QModelIndex, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QWheelEvent
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
FIT_WIDTH, FIT_PAGE = "width", "page"  # a viewer's fit mode; None once the reviewer zoomed by hand


class CtrlWheelZoom(QObject):
    """Ctrl+wheel over a viewer zooms it (one notch = one zoom step) instead of scrolling."""

    def __init__(self, target: QWidget, zoom) -> None:
        super().__init__(target)
        self._zoom = zoom
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        notches = event.angleDelta().y() / 120
        if notches:
            self._zoom(ZOOM_STEP**notches)
        event.accept()
        return True


class PdfViewer(QWidget):
    """QPdfView, one page at a time, fit to width unless zoomed."""

    page_changed = Signal(int, int)  # page (0-based), page count
    zoom_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        self.search = QPdfSearchModel(self)  # marks a full-text search hit on the page
        self.search.setDocument(self.document)
        self.view.setSearchModel(self.search)
        self._fit = FIT_WIDTH  # the reviewer's last fit is kept for the next PDF
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.pageNavigator().currentPageChanged.connect(self._emit_page)
        self.view.zoomFactorChanged.connect(lambda _f: self.zoom_changed.emit())
        self.view.zoomModeChanged.connect(lambda _m: self.zoom_changed.emit())
        self.wheel = CtrlWheelZoom(self.view.viewport(), self.zoom)

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
            self.view.setZoomMode(
                QPdfView.ZoomMode.FitInView if self._fit == FIT_PAGE else QPdfView.ZoomMode.FitToWidth
            )
            self.view.pageNavigator().jump(0, QPointF(), 0)
            self._emit_page()
            return ""
        self.document.close()
        if error in (QPdfDocument.Error.IncorrectPassword, QPdfDocument.Error.UnsupportedSecurityScheme):
            return self.tr("This PDF is password-protected or encrypted and cannot be shown.")
        return self.tr("This PDF is damaged or not a real PDF and cannot be shown.")

    def clear(self) -> None:
        self.clear_highlight()
        self.document.close()
        self._buffer = None

    def highlight(self, page: int, text: str, nth: int = 0) -> bool:
        """Show ``page`` (0-based) with the ``nth`` occurrence of ``text`` on it marked.  False when
        the page's text layer does not have it (a scan read by OCR): the page is shown unmarked."""
        self.search.setSearchString(text)
        for p in range(min(page + 1, self.page_count())):
            # searched page by page in order, so the rows up to ``page`` stay put while the model
            # goes on searching the later pages in the background
            self.search.resultsOnPage(p)
        rows = [
            i
            for i in range(self.search.rowCount(QModelIndex()))
            if self.search.resultAtIndex(i).page() == page
        ]
        if not text or not rows:
            self.search.setSearchString("")
            self.view.setCurrentSearchResultIndex(-1)
            self.go_to(page)
            return False
        index = rows[min(nth, len(rows) - 1)]
        self.view.setCurrentSearchResultIndex(index)
        hit = self.search.resultAtIndex(index)
        self.view.pageNavigator().jump(page, hit.location(), self.view.pageNavigator().currentZoom())
        return True

    def highlighted(self) -> tuple[int, str] | None:
        """The marked hit as (page, text), or None."""
        index = self.view.currentSearchResultIndex()
        if index < 0 or not self.search.searchString():
            return None
        return self.search.resultAtIndex(index).page(), self.search.searchString()

    def clear_highlight(self) -> None:
        self.view.setCurrentSearchResultIndex(-1)
        self.search.setSearchString("")

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
        if self.page_count() <= 0:
            return
        current = self.zoom_factor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, current * factor)))

    def fit_width(self) -> None:
        self._fit = FIT_WIDTH
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self._fit = FIT_PAGE
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def fit_mode(self) -> str | None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return FIT_WIDTH
        return FIT_PAGE if mode == QPdfView.ZoomMode.FitInView else None

    def zoom_factor(self) -> float:
        """The scale on screen (1.0 = the page at its printed size), whatever the zoom mode."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        size = self.document.pagePointSize(self.page())
        if size.width() <= 0 or size.height() <= 0:
            return 1.0
        # points → pixels at the screen's logical DPI, as QPdfView does; its margins are left out
        dpi = self.logicalDpiX() / 72.0
        area = self.view.viewport().size()
        width = area.width() / (size.width() * dpi)
        if mode == QPdfView.ZoomMode.FitInView:
            return min(width, area.height() / (size.height() * dpi))
        return width

    def _emit_page(self, *_: object) -> None:
        self.page_changed.emit(self.page(), self.page_count())


class ImageViewer(QScrollArea):
    """A decoded image (EXIF rotation already applied), seen whole unless zoomed or fit to width."""

    zoom_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setWidget(self.label)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixmap = QPixmap()
        self._scale: float | None = None  # None: fit, as ``_fit`` says
        self._fit = FIT_PAGE  # a photo is seen whole by default
        self.wheel = CtrlWheelZoom(self.viewport(), self.zoom)

    def show_image(self, image: QImage) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self._scale, self._fit = None, FIT_PAGE
        self._layout()

    def clear(self) -> None:
        self._pixmap = QPixmap()
        self.label.clear()

    def image_size(self) -> tuple[int, int]:
        return self._pixmap.width(), self._pixmap.height()

    def zoom(self, factor: float) -> None:
        if self._pixmap.isNull():
            return
        self._scale = max(MIN_ZOOM / 2, min(MAX_ZOOM, self.zoom_factor() * factor))
        self._layout()

    def fit_width(self) -> None:
        self._scale, self._fit = None, FIT_WIDTH
        self._layout()

    def fit_page(self) -> None:
        self._scale, self._fit = None, FIT_PAGE
        self._layout()

    def fit_mode(self) -> str | None:
        return self._fit if self._scale is None else None

    def zoom_factor(self) -> float:
        """The scale on screen (1.0 = one image pixel per screen pixel)."""
        if self._scale is not None:
            return self._scale
        if self._pixmap.isNull():
            return 1.0
        area = self.viewport().size()
        width = area.width() / self._pixmap.width()
        if self._fit == FIT_WIDTH:
            return width or 1.0
        # a small photo is not blown up to fill the pane
        return min(width, area.height() / self._pixmap.height(), 1.0) or 1.0

    def _layout(self) -> None:
        if self._pixmap.isNull():
            return
        scale = self.zoom_factor()
        w, h = max(1, int(self._pixmap.width() * scale)), max(1, int(self._pixmap.height() * scale))
        self.label.setPixmap(
            self._pixmap.scaled(
                w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.label.resize(max(w, self.viewport().width()), max(h, self.viewport().height()))
        self.zoom_changed.emit()

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
