"""到期与逾期: everything due within 7 days or overdue; a double-click opens the entry."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.ui.rows_model import RowsModel

HEADERS = ("类别", "事项", "到期日", "剩余", "说明")
OVERDUE = QBrush(QColor("#c0392b"))


class DueModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__(HEADERS, parent=parent)
        self.entries: list = []  # services.due.DueEntry

    def set_entries(self, entries: list) -> None:
        from desktop.services.due import left_text

        self.entries = list(entries)
        self.set_rows([(e.kind, e.title, e.due.isoformat() + ("（估算）" if e.estimated else ""),
                        left_text(e.days_left), e.text) for e in self.entries])

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid() and self.entries[index.row()].overdue:
            return OVERDUE
        return super().data(index, role)


class DuePage(QWidget):
    open_requested = Signal(str, int)  # entity, id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = DueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((90, 300, 110, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        self.caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)

    def show_entries(self, entries: list) -> None:
        self.model.set_entries(entries)
        late = sum(1 for e in entries if e.overdue)
        self.caption.setText(f"7 天内到期 {len(entries) - late} 项，已逾期 {late} 项。双击一行打开该事项。"
                             if entries else "7 天内没有到期或逾期的事项。")

    def _open(self, index):
        entry = self.model.entries[index.row()]
        if entry.entity_id is not None:
            self.open_requested.emit(entry.entity, entry.entity_id)
