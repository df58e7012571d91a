"""The evidence table of one item: a lazy model that fetches rows page by page."""

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

EVIDENCE_ID_ROLE = Qt.UserRole + 1
COLUMNS = (("formed_on", "形成日期"), ("title", "标题"), ("kind", "类别"), ("files", "附件"),
           ("description", "说明"))
PAGE = 200
_ROLES = frozenset(int(r) for r in (Qt.DisplayRole, Qt.ToolTipRole, EVIDENCE_ID_ROLE))


class EvidenceTableModel(QAbstractTableModel):
    """fetch_page(offset, limit) -> list of dict rows; count() -> total rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._total = 0
        self._fetch: Callable[[int, int], list[dict]] | None = None

    def load(self, fetch_page: Callable[[int, int], list[dict]] | None, total: int) -> None:
        self.beginResetModel()
        self._fetch = fetch_page
        self._total = total if fetch_page else 0
        self._rows = fetch_page(0, PAGE) if fetch_page and total else []
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()):
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()):
        if not self._fetch:
            return
        more = self._fetch(len(self._rows), PAGE)
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        else:
            self._total = len(self._rows)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():  # most of what a paint asks: answer at once
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.DisplayRole:
            value = row[key]
            if key == "description":
                return " ".join(str(value).split())[:80]
            if key == "files":
                return f"{value} 个" if value else "无"
            return value
        if role == Qt.ToolTipRole and key in ("title", "description"):
            return row[key]
        if role == EVIDENCE_ID_ROLE:
            return row["id"]
        return None

    def evidence_id(self, row: int) -> int | None:
        return self._rows[row]["id"] if 0 <= row < len(self._rows) else None

    @property
    def total(self) -> int:
        return self._total
