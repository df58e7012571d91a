"""到期与逾期: everything of the ledger due within 7 days or overdue, each with what clears it; a double-click
opens the entry, 标记已办 takes a reminder off the list and 取消已办 brings it back."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.rows_model import RowsModel

HEADERS = ("类别", "事项", "到期日", "剩余", "如何办结")
OVERDUE = QBrush(QColor("#c0392b"))
DONE = QBrush(QColor("#888888"))


class DueModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__(HEADERS, parent=parent)
        self.entries: list = []  # services.due.DueEntry

    def set_entries(self, entries: list) -> None:
        from desktop.services.due import left_text

        self.entries = list(entries)
        self.set_rows([(e.kind, e.title, e.due.isoformat() + ("（估算）" if e.estimated else ""),
                        "已办" if e.done else left_text(e.days_left), e.clears) for e in self.entries])

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid():
            entry = self.entries[index.row()]
            return DONE if entry.done else OVERDUE if entry.overdue else None
        if role == Qt.ToolTipRole and index.isValid():
            entry = self.entries[index.row()]
            return f"{entry.text}\n如何办结：{entry.clears}"  # the whole sentence, also where a column cuts it
        return super().data(index, role)


class DuePage(QWidget):
    open_requested = Signal(str, int)  # entity, id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = DueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 380, 110, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.rules_note = QLabel()  # the ledger's template declares no statutory dates: say so, not silence
        self.rules_note.setWordWrap(True)
        self.rules_note.setVisible(False)
        self.mark_button = QPushButton("标记已办")
        self.unmark_button = QPushButton("取消已办")
        self.show_done = QCheckBox("显示已办事项")
        self.mark_button.clicked.connect(lambda: self._mark(True))
        self.unmark_button.clicked.connect(lambda: self._mark(False))
        self.show_done.toggled.connect(lambda _on: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        for widget in (self.show_done, self.mark_button, self.unmark_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rules_note)
        layout.addWidget(self.table, 1)
        self._sync_buttons()

    # ----- what the window gives: its store, ledger and today (the page asks again for 已办 rows)
    def _context(self):
        window = self.window()
        view = getattr(window, "view", None)
        return (window, view) if view is not None else (None, None)

    def show_entries(self, entries: list) -> None:
        from desktop.services import due

        window, view = self._context()
        if self.show_done.isChecked() and window is not None:
            entries = due.due_list(window.store, view.ledger.id, window.today, items=view.items, include_done=True)
        self.model.set_entries(entries)
        open_entries = [e for e in entries if not e.done]
        late = due.count_overdue(entries)
        note = due.past_ledger_note(window.store, view.ledger.id, window.today) if window is not None else ""
        if open_entries:
            text = f"7 天内到期 {len(open_entries) - late} 项，已逾期 {late} 项。双击一行打开该事项；办完的可标记已办。"
        else:
            text = note or "7 天内没有到期或逾期的事项。"
        self.caption.setText(text)
        rules_note = due.statutory_note(window.store, view.ledger.id) if window is not None else ""
        self.rules_note.setText(rules_note)
        self.rules_note.setVisible(bool(rules_note))
        self._sync_buttons()

    def reload(self) -> None:
        from desktop.services import due

        window, view = self._context()
        if window is not None:
            self.show_entries(due.due_list(window.store, view.ledger.id, window.today, items=view.items))

    def current_entry(self):
        row = self.table.currentIndex().row()
        return self.model.entries[row] if 0 <= row < len(self.model.entries) else None

    def _sync_buttons(self):
        entry = self.current_entry()
        self.mark_button.setEnabled(entry is not None and not entry.done)
        self.unmark_button.setEnabled(entry is not None and entry.done)

    def _mark(self, done: bool):
        from desktop.services import due

        entry, (window, _view) = self.current_entry(), self._context()
        if entry is None or window is None:
            return
        window.perform(lambda store: due.set_done(store, entry, done))  # the status bar's count follows
        self.reload()

    def _open(self, index):
        entry = self.model.entries[index.row()]
        if entry.entity_id is not None:
            self.open_requested.emit(entry.entity, entry.entity_id)
