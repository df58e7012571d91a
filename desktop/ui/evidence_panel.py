"""The selected item's evidence: a lazy table that also accepts dropped files."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.drops import AcceptsFiles
from desktop.ui.evidence_model import EvidenceTableModel
from desktop.ui.rows_model import RowsModel


class EvidenceTable(AcceptsFiles, QTableView):
    files_dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)

    def on_files(self, paths):
        self.files_dropped.emit(paths)


class EvidencePanel(QWidget):
    add_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    files_dropped = Signal(list)
    register_entry_requested = Signal(str, int)  # entity, id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caption = QLabel("佐证材料")
        self.register_caption = QLabel()
        self.register_model = RowsModel(("日期", "专项台账", "事项", "附件"))
        self.register_rows: list[dict] = []
        self.register_table = QTableView()
        self.register_table.setModel(self.register_model)
        self.register_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.register_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.register_table.verticalHeader().setVisible(False)
        self.register_table.horizontalHeader().setStretchLastSection(True)
        self.register_table.setMaximumHeight(130)
        for column, width in enumerate((95, 120, 300)):
            self.register_table.setColumnWidth(column, width)
        self.register_table.doubleClicked.connect(self._open_register_row)
        self.model = EvidenceTableModel(self)
        self.table = EvidenceTable()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((95, 260, 100, 60)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton("添加佐证…")
        self.edit_button = QPushButton("编辑")
        self.delete_button = QPushButton("删除")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.table.doubleClicked.connect(lambda index: self._emit_for_row(self.edit_requested, index.row()))
        self.table.files_dropped.connect(self.files_dropped)
        delete_key = QShortcut(QKeySequence.Delete, self.table)
        delete_key.setContext(Qt.WidgetShortcut)
        delete_key.activated.connect(self._delete_current)
        hint = QLabel("提示：可将文件直接拖到表格中添加佐证")
        hint.setStyleSheet("color: #777;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.caption)
        buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.register_caption)
        layout.addWidget(self.register_table)
        self.set_enabled_for(False, False)

    def set_enabled_for(self, has_item: bool, writable: bool):
        self.add_button.setEnabled(has_item and writable)
        self.edit_button.setEnabled(has_item)
        self.delete_button.setEnabled(has_item and writable)
        self.table.setAcceptDrops(has_item and writable)

    def load(self, fetch_page, total: int):
        self.model.load(fetch_page, total)
        self.caption.setText(f"佐证材料（{total} 条）")

    def load_register_rows(self, rows: list[dict]):
        """Register entries that prove the item, beside the evidence entered by hand."""
        self.register_rows = list(rows)
        self.register_model.set_rows([(r["date"].isoformat() if r["date"] else "", r["kind"], r["title"],
                                       f"{r['files']} 个" if r["files"] else "无") for r in rows])
        self.register_caption.setText(f"专项台账中的相关记录（{len(rows)} 条，双击打开）")
        self.register_table.setVisible(bool(rows))
        self.register_caption.setVisible(bool(rows))

    def show_count(self, total: int):
        """The item's 佐证数 (one definition: evidence entries and register entries linked to it)."""
        registered = len(self.register_rows)
        self.caption.setText(f"佐证 {total} 条（佐证材料 {total - registered} 条，专项台账登记 {registered} 条）"
                             if registered else f"佐证材料（{total} 条）")

    def _open_register_row(self, index):
        row = self.register_rows[index.row()]
        self.register_entry_requested.emit(row["entity"], row["id"])

    def current_evidence_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.evidence_id(index.row()) if index.isValid() else None

    def _emit_for_row(self, signal, row: int):
        evidence_id = self.model.evidence_id(row)
        if evidence_id is not None:
            signal.emit(evidence_id)

    def _edit_current(self):
        evidence_id = self.current_evidence_id()
        if evidence_id is not None:
            self.edit_requested.emit(evidence_id)

    def _delete_current(self):
        evidence_id = self.current_evidence_id()
        if evidence_id is not None and self.delete_button.isEnabled():
            self.delete_requested.emit(evidence_id)
