"""A read-only table of plain rows (tuples of text), for lists such as the 修改记录 and the register pages."""

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

SORT_ROLE = Qt.UserRole + 7  # what a click on the header sorts by: a number where the column holds numbers
# a number, perhaps with a short unit after it: 2, 1.5, 3 件, 12 人, 1,200 元
_NUMBER = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?)\s?[^\d\s]{0,3}$")


def sort_keys(column: list) -> list:
    """Numbers when every filled cell of the column is one (学时, 数量, amounts: 10 after 9, not after 1);
    otherwise the text (ISO dates sort as dates). Empty cells of a number column sort first."""
    texts = ["" if value is None else str(value) for value in column]
    matches = [_NUMBER.match(t) for t in texts if t]
    if not matches or not all(matches):
        return texts
    return [float(_NUMBER.match(t).group(1).replace(",", "")) if t else float("-inf") for t in texts]


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: tuple[str, ...], rows: list[tuple] = (), parent=None):
        super().__init__(parent)
        self.headers = headers
        self.set_rows(rows)

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._keys = [sort_keys([row[c] for row in self.rows]) for c in range(len(self.headers))]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == SORT_ROLE:
            return self._keys[index.column()][index.row()]
        if role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        value = self.rows[index.row()][index.column()]
        return "" if value is None else str(value)
