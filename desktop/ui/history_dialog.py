"""修改记录 of one item or entry, and the list of deleted evidence that can be restored."""

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.services.history import DeletedEntry, HistoryLine
from desktop.ui.rows_model import RowsModel

HISTORY_HEADERS = ("时间", "操作人", "操作", "字段", "原值", "新值")
DELETED_HEADERS = ("删除时间", "操作人", "形成日期", "标题", "附件")


def _table(model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


class HistoryDialog(QDialog):
    """with_target: the lines of one whole operation, each naming the entry it changed (对象)."""

    def __init__(self, parent, subject: str, lines: list[HistoryLine], with_target: bool = False,
                 caption: str = "", open_operation: Callable[[int], None] | None = None):
        """open_operation(op_id): 查看整步操作 shows the whole action the selected line was part of."""
        super().__init__(parent)
        self.lines = list(lines)
        self.setWindowTitle(f"修改记录 — {subject}")
        self.resize(900, 420)
        headers = ("对象", *HISTORY_HEADERS) if with_target else HISTORY_HEADERS
        self.model = RowsModel(headers, [((ln.target,) if with_target else ()) + (ln.at, ln.who, ln.action,
                                                                                    ln.field, ln.old, ln.new)
                                         for ln in lines])
        self.table = _table(self.model)
        for column, width in enumerate(((120,) if with_target else ()) + (140, 80, 60, 90, 220)):
            self.table.setColumnWidth(column, width)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        self.operation_button = QPushButton("查看整步操作…")
        self.operation_button.setVisible(open_operation is not None)
        self.operation_button.setEnabled(False)
        if open_operation is not None:
            buttons.addButton(self.operation_button, QDialogButtonBox.ActionRole)
            self.table.selectionModel().currentRowChanged.connect(
                lambda current, _previous: self.operation_button.setEnabled(self._operation_at(current.row()) is not None))
            self.operation_button.clicked.connect(
                lambda: open_operation(self._operation_at(self.table.currentIndex().row())))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(caption or f"共 {len(lines)} 条记录（修改记录只增不改，不能删除）"))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


    def _operation_at(self, row: int) -> int | None:
        return self.lines[row].operation_id if 0 <= row < len(self.lines) else None


class DeletedEvidenceDialog(QDialog):
    """Deleted entries of the ledger; 恢复 brings the selected one back with its links and files."""

    def __init__(self, parent, entries: list[DeletedEntry], restore: Callable[[int], bool]):
        super().__init__(parent)
        self.setWindowTitle("已删除的佐证材料")
        self.resize(820, 400)
        self.entries = list(entries)
        self._restore = restore
        self.model = RowsModel(DELETED_HEADERS)
        self.table = _table(self.model)
        for column, width in enumerate((140, 80, 90, 300)):
            self.table.setColumnWidth(column, width)
        self.restore_button = QPushButton("恢复所选")
        self.restore_button.clicked.connect(self._restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._show()

    def _show(self):
        self.model.set_rows([(e.deleted_at, e.deleted_by, e.formed_on, e.title, "、".join(e.file_names))
                             for e in self.entries])
        self.caption.setText(f"共 {len(self.entries)} 条已删除的佐证材料" if self.entries
                             else "没有已删除的佐证材料")
        self.restore_button.setEnabled(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)

    def _restore_selected(self):
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.entries) and self._restore(self.entries[row].evidence_id):
            del self.entries[row]
            self._show()
