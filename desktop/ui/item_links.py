"""Which ledger items an entry proves: a filterable list of checkable items."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.models import LedgerItem


class ItemLinks(QWidget):
    def __init__(self, items: list[LedgerItem], checked_ids=(), parent=None):
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选条目（编码或名称）")
        self.list = QListWidget()
        checked = set(checked_ids)
        for item in items:
            if item.level == "part":
                continue
            entry = QListWidgetItem(f"{item.code}  {item.title}")
            entry.setData(Qt.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemIsUserCheckable)
            entry.setCheckState(Qt.Checked if item.id in checked else Qt.Unchecked)
            self.list.addItem(entry)
        self.filter.textChanged.connect(self._filter)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.codes = {item.id: item.code for item in items}
        self.list.itemChanged.connect(lambda _entry: self.sync_summary())
        self.sync_summary()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)

    def showEvent(self, event):
        """Scrolled to the first ticked item once the list has its real size (before, it lands a page early)."""
        super().showEvent(event)
        first = next((self.list.item(r) for r in range(self.list.count())
                      if self.list.item(r).checkState() == Qt.Checked), None)
        if first is not None:
            self.list.scrollToItem(first, QAbstractItemView.PositionAtCenter)

    def _filter(self, text: str):
        text = text.strip()
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setHidden(bool(text) and text not in entry.text())

    def checked_ids(self) -> list[int]:
        return [self.list.item(r).data(Qt.UserRole) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.Checked]

    def set_checked(self, item_ids) -> None:
        wanted = set(item_ids)
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setCheckState(Qt.Checked if entry.data(Qt.UserRole) in wanted else Qt.Unchecked)
        self.sync_summary()

    def sync_summary(self) -> None:
        """Exactly what saving links, nothing added behind the ticks."""
        codes = [self.codes[i] for i in self.checked_ids()]
        self.summary.setText(f"保存后，证明以下 {len(codes)} 个台账条目：{'、'.join(codes)}（勾选即关联）"
                             if codes else "尚未勾选台账条目：保存后不证明任何条目。")
