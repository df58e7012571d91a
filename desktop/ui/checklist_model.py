"""The checklist tree (part → item → child) as a Qt model, and the proxy that filters it."""

from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from desktop.domain import progress
from desktop.domain.models import LedgerItem

ITEM_ID_ROLE = Qt.UserRole + 1
COLUMNS = ("编码", "任务", "进度", "落实结果", "责任人", "完成时限", "佐证")
COL_PROGRESS, COL_RESULT, COL_OWNER, COL_DUE, COL_EVIDENCE = 2, 3, 4, 5, 6

_PROGRESS_COLOURS = {"已完成": "#1b7f3b", "推进中": "#1f5fa8", "待审核": "#a86a00"}
_OVERDUE = QColor("#c0392b")


class ChecklistModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self._rows: dict[int, list[QStandardItem]] = {}

    def load(self, items: list[LedgerItem], tallies: dict[int, progress.Tally], today: date) -> None:
        self.beginResetModel()
        self.blockSignals(True)
        self.removeRows(0, self.rowCount())
        self._rows.clear()
        parents = {}
        bold = QFont()
        bold.setBold(True)
        for item in items:
            cells = [QStandardItem() for _ in COLUMNS]
            for cell in cells:
                cell.setEditable(False)
                cell.setData(item.id, ITEM_ID_ROLE)
            self._rows[item.id] = cells
            parent = parents.get(item.parent_id, self.invisibleRootItem())
            parent.appendRow(cells)
            parents[item.id] = cells[0]
            if item.level == "part":
                for cell in cells:
                    cell.setFont(bold)
            self.render(item, tallies.get(item.id), today)
        self.blockSignals(False)
        self.endResetModel()

    def render(self, item: LedgerItem, tally: progress.Tally | None, today: date) -> None:
        cells = self._rows[item.id]
        cells[0].setText(item.code)
        cells[1].setText(item.title)
        cells[1].setToolTip(item.obligation)
        if item.level == "part":
            if tally:
                cells[COL_PROGRESS].setText(f"{tally.done}/{tally.applicable}（{tally.percent_text}）")
                cells[COL_EVIDENCE].setText(str(tally.evidence))
            return
        cells[COL_PROGRESS].setText(item.progress)
        cells[COL_PROGRESS].setForeground(QBrush(QColor(_PROGRESS_COLOURS.get(item.progress, "#555555"))))
        result = item.result if item.applicability != "不适用" else "不适用（模板）"
        cells[COL_RESULT].setText(result)
        cells[COL_OWNER].setText(item.owner)
        overdue = progress.is_overdue(item, today)
        cells[COL_DUE].setText(item.due_date.isoformat() if item.due_date else "")
        cells[COL_DUE].setForeground(QBrush(_OVERDUE if overdue else QColor("#000000")))
        cells[COL_DUE].setToolTip("已逾期" if overdue else "")
        cells[COL_EVIDENCE].setText(str(item.evidence_count) if item.evidence_count else "无")
        cells[COL_EVIDENCE].setForeground(QBrush(QColor("#000000" if item.evidence_count else "#999999")))

    def index_of(self, item_id: int):
        cells = self._rows.get(item_id)
        return cells[0].index() if cells else None


class ChecklistFilter(QSortFilterProxyModel):
    """Shows the rows whose item id is in the visible set; parts stay when a descendant shows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._visible: set[int] | None = None

    def set_visible(self, ids: set[int] | None) -> None:
        self._visible = ids
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):
        if self._visible is None:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return index.data(ITEM_ID_ROLE) in self._visible
