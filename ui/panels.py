"""Small widgets the window is composed of: the message banner, the file panel, drop-target views."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.findings import CODES
from ui.models.file_table import FileFilterProxy, FileTableModel


class Banner(QFrame):
    """A non-modal message strip at the top of the window: it never blocks the reviewer."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setStyleSheet("Banner { background: #fff3e0; border: 1px solid #ffb74d; border-radius: 4px; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class DropTargetMixin:
    """A view that accepts files dragged from the file table and reports where they landed."""

    files_dropped = Signal(QModelIndex)
    drag_source: QAbstractItemView | None = None

    def _setup_drop(self) -> None:
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _ours(self, event) -> bool:
        return self.drag_source is not None and event.source() is self.drag_source

    def dragEnterEvent(self, event) -> None:
        if self._ours(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._ours(event) and index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._ours(event) and index.isValid():
            event.setDropAction(Qt.DropAction.LinkAction)
            event.accept()
            self.files_dropped.emit(index)
        else:
            event.ignore()


class DropTreeView(DropTargetMixin, QTreeView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._setup_drop()


class IndicatorView(DropTreeView):
    """The indicator tree: the name takes every pixel the narrow count columns leave.  The status
    word is dropped on a narrow pane: the icon by the name and the tooltip say the same."""

    COUNT_WIDTH = 34
    STATUS_FROM = 440  # below this width the status column gives its room to the names

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        self.setIndentation(14)  # two levels only: every pixel saved goes to the names

    def setModel(self, model) -> None:
        super().setModel(model)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, self.COUNT_WIDTH if col < model.columnCount() - 1 else 64)
        self._fit()

    def _fit(self) -> None:
        model = self.model()
        if model is not None and model.columnCount() > 1:
            self.setColumnHidden(model.columnCount() - 1, self.width() < self.STATUS_FROM)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class DropTableView(DropTargetMixin, QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._setup_drop()


class ElideMiddleDelegate(QStyledItemDelegate):
    """Cuts long text in the middle: canonical names share their start ("1.1 青云街道初级中学-…"),
    so the end that tells them apart stays visible; the full name is in the tooltip."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class CenteredIconDelegate(QStyledItemDelegate):
    """An icon with no text sits in the middle of its cell (the compact coverage matrix)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if not option.text:
            option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
            option.decorationPosition = QStyleOptionViewItem.Position.Top
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDisplay


class CoverageView(DropTableView):
    """The schools × indicators matrix, its columns sized to the pane: every indicator stays in
    view, with words in the cells when there is room and icons alone when there is not."""

    FULL_COLUMN = 78  # "已满足" with its icon
    MIN_COLUMN = 30  # an icon and its margins

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setItemDelegate(CenteredIconDelegate(self))
        self.horizontalHeader().setMinimumSectionSize(self.MIN_COLUMN)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def fit_columns(self) -> None:
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        if not columns:
            return
        width = max(self.MIN_COLUMN, min(self.FULL_COLUMN + 20, self.viewport().width() // columns))
        if hasattr(model, "set_compact"):
            model.set_compact(width < self.FULL_COLUMN)
        header = self.horizontalHeader()
        for col in range(columns):
            header.resizeSection(col, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self.fit_columns)
        model.layoutChanged.connect(self.fit_columns)


class FilePanel(QWidget):
    """The file table with its filters: scope (indicator/school), severity, finding code, text."""

    show_all = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = FileTableModel(self)
        self.proxy = FileFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FileTableModel.INDICATOR, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setItemDelegateForColumn(FileTableModel.NAME, ElideMiddleDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 150), (1, 44), (2, 86), (3, 240), (4, 44)):
            self.view.setColumnWidth(col, width)

        self.scope_label = QLabel()
        # everything in the filter row may shrink: the file list sits beside the preview and the
        # scoring dock on a 1280-pixel screen (Score mode); the chosen entry is in each tooltip
        self.scope_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scope_label.setStyleSheet("color: #37474f;")
        self.show_all_button = QToolButton()
        self.show_all_button.setText(self.tr("Show all"))
        self.show_all_button.clicked.connect(self.show_all.emit)
        self.severity = QComboBox()
        self.severity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.severity.setMinimumContentsLength(3)
        self.severity.addItem(self.tr("All files"), 0)
        self.severity.addItem(self.tr("With any finding"), 1)
        self.severity.addItem(self.tr("Warnings and errors"), 2)
        self.severity.addItem(self.tr("Errors only"), 3)
        self.severity.currentIndexChanged.connect(
            lambda _: self.proxy.set_min_severity(self.severity.currentData())
        )
        self.code = QComboBox()
        self.code.addItem(self.tr("Any finding code"), "")
        for code in CODES.values():
            self.code.addItem(f"{code.code} {code.title}", code.code)
        self.code.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code.setMinimumContentsLength(3)
        self.code.currentIndexChanged.connect(lambda _: self.proxy.set_code(self.code.currentData()))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(60)
        self.filter.textChanged.connect(self.proxy.set_text)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scope_label, 1)
        row.addWidget(self.show_all_button)
        row.addWidget(self.severity)
        row.addWidget(self.code)
        row.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.set_scope(None, None)

    def set_scope(self, indicator: str | None, school: str | None) -> None:
        self.proxy.set_scope(indicator, school)
        if indicator and school:
            text = self.tr("Files of %1 for %2").replace("%1", indicator).replace("%2", school)
        elif indicator:
            text = self.tr("Files of %1").replace("%1", indicator)
        elif school:
            text = self.tr("Files of %1").replace("%1", school)
        else:
            text = self.tr("All files")
        self.scope_label.setText(text)
        self.scope_label.setToolTip(text)  # the row shrinks on narrow panes and may cut it off
        self.show_all_button.setEnabled(bool(indicator or school))

    def clear_filters(self) -> None:
        self.set_scope(None, None)
        self.severity.setCurrentIndex(0)
        self.code.setCurrentIndex(0)
        self.filter.clear()
