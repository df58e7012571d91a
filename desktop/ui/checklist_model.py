"""The checklist tree (part → item → child) as a Qt model that also filters itself."""

from datetime import date
from functools import lru_cache

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QColor, QFont, QStandardItemModel

from desktop.domain import progress
from desktop.domain.models import LedgerItem

# Qt's item roles by value: touching the Qt namespace from Python makes PySide build all of its ~90 enum
# classes (about 15 ms), and nothing on the way to the first paint needs them any more
DISPLAY_ROLE, TOOLTIP_ROLE, FONT_ROLE, FOREGROUND_ROLE, USER_ROLE = 0, 3, 6, 9, 0x0100
ITEM_ID_ROLE = USER_ROLE + 1
COLUMNS = ("编码", "任务", "进度", "落实结果", "责任人", "完成时限", "佐证")
COL_PROGRESS, COL_RESULT, COL_OWNER, COL_DUE, COL_EVIDENCE = 2, 3, 4, 5, 6

_PROGRESS_COLOURS = {"已完成": "#1b7f3b", "推进中": "#1f5fa8", "待审核": "#a86a00"}
_OVERDUE = "#c0392b"
_ROLES = frozenset((DISPLAY_ROLE, FONT_ROLE, FOREGROUND_ROLE, TOOLTIP_ROLE, ITEM_ID_ROLE))


class ChecklistModel(QAbstractItemModel):
    """A lazy tree over the ledger items: cells are computed when the view asks (600 items open instantly).
    It filters itself (set_visible) instead of sitting behind a QSortFilterProxyModel: a proxy over a Python
    model calls back into Python for every row it maps, a third of the checklist's first paint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: dict[int, LedgerItem] = {}
        self._visible: set[int] | None = None  # None: every item
        self._children: dict[int | None, list[int]] = {None: []}
        self._row: dict[int, int] = {}
        self._tallies: dict[int, progress.Tally] = {}
        self._today = date.today()
        self._bold = QFont()
        self._bold.setBold(True)
        # a row's texts and colours, computed on its first paint: repaints then cost a lookup
        self._texts: dict[int, tuple] = {}
        self._colours: dict[int, tuple] = {}

    def load(self, items: list[LedgerItem], tallies: dict[int, progress.Tally], today: date) -> None:
        """A new state of the ledger; the filter in force stays."""
        self.beginResetModel()
        self._items = {i.id: i for i in items}  # display order: parents come before their children
        self._tallies = dict(tallies)
        self._today = today
        self._texts.clear()
        self._colours.clear()
        self._lay_out_rows()
        self.endResetModel()

    def set_today(self, today: date) -> None:
        """The day moved on (midnight): overdue colours and tips follow."""
        if today == self._today:
            return
        self._today = today
        self._colours.clear()
        for parent_id, ids in self._children.items():
            if ids:
                parent = self.index_of(parent_id) if parent_id is not None else QModelIndex()
                self.dataChanged.emit(self.index(0, COL_DUE, parent), self.index(len(ids) - 1, COL_DUE, parent))

    def update_items(self, items: list[LedgerItem], tallies: dict[int, progress.Tally]) -> None:
        """Rows of items already in the tree changed (a save, an undo): only these rows and the parts' tallies
        are repainted; the rows, the filter and what is expanded stay."""
        self._tallies.update(tallies)
        for item in [*items, *(self._items[i] for i in tallies if i in self._items)]:
            self._items[item.id] = item
            self._texts.pop(item.id, None)
            self._colours.pop(item.id, None)
            index = self.index_of(item.id)
            if index is not None:
                self.dataChanged.emit(index, index.siblingAtColumn(len(COLUMNS) - 1))

    def set_visible(self, ids: set[int] | None) -> bool:
        """Show only these items (None: all), each with the rows above it; parts show only through a visible
        descendant. True when the rows changed (the view was reset)."""
        if ids == self._visible:
            return False
        self.beginResetModel()
        self._visible = None if ids is None else set(ids)
        self._lay_out_rows()
        self.endResetModel()
        return True

    def _lay_out_rows(self) -> None:
        shown = None if self._visible is None else self._with_ancestors(self._visible)
        self._children = {None: []}
        self._row = {}
        for item in self._items.values():
            if shown is not None and item.id not in shown:
                continue
            parent_id = item.parent_id if item.parent_id in self._items else None
            siblings = self._children.setdefault(parent_id, [])
            self._row[item.id] = len(siblings)
            siblings.append(item.id)

    def _with_ancestors(self, ids: set[int]) -> set[int]:
        shown = set()
        for item_id in ids:
            while item_id in self._items and item_id not in shown:
                shown.add(item_id)
                item_id = self._items[item_id].parent_id
        return shown

    @property
    def filtered(self) -> bool:
        return self._visible is not None

    def holds(self, item_id: int) -> bool:
        """The item is in the loaded ledger, shown or filtered out."""
        return item_id in self._items

    def index_of(self, item_id: int) -> QModelIndex | None:
        """The row's index, or None when the item is not in the ledger or filtered out."""
        if item_id not in self._row:
            return None
        return self.createIndex(self._row[item_id], 0, item_id)

    # ----- QAbstractItemModel
    def index(self, row, column, parent=QModelIndex()):
        ids = self._children.get(parent.internalId() if parent.isValid() else None, ())
        if 0 <= row < len(ids) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, ids[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        parent_id = self._items[index.internalId()].parent_id
        if parent_id not in self._row:
            return QModelIndex()
        return self.createIndex(self._row[parent_id], 0, parent_id)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else None, ()))

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    # no headerData(): the column titles come from header_labels(), a C++ model, because a Python
    # headerData() receives a Qt.Orientation, and converting that builds the whole Qt namespace

    def data(self, index, role=DISPLAY_ROLE):
        # a painted tree asks ~10 roles per cell: answer the ones we do not use before any other work
        if role not in _ROLES or not index.isValid():
            return None
        item_id = index.internalId()
        if role == DISPLAY_ROLE:
            texts = self._texts.get(item_id)
            if texts is None:
                item = self._items[item_id]
                texts = self._texts[item_id] = tuple(self._text(item, c) for c in range(len(COLUMNS)))
            return texts[index.column()]
        if role == ITEM_ID_ROLE:
            return item_id
        if role == FOREGROUND_ROLE:
            colours = self._colours.get(item_id)
            if colours is None:
                item = self._items[item_id]
                colours = self._colours[item_id] = tuple(self._colour(item, c) for c in range(len(COLUMNS)))
            return colours[index.column()]
        item = self._items[item_id]
        column = index.column()
        if role == FONT_ROLE and item.level == "part":
            return self._bold
        if role == TOOLTIP_ROLE:
            return self._tooltip(item, column)
        return None

    def _text(self, item: LedgerItem, column: int) -> str:
        if column == 0:
            return item.code
        if column == 1:
            return item.title
        if item.level == "part":
            tally = self._tallies.get(item.id)
            if tally is None:
                return ""
            if column == COL_PROGRESS:
                return f"{tally.done}/{tally.applicable}（{tally.percent_text}）"
            return _evidence_text(tally.evidence) if column == COL_EVIDENCE else ""
        if column == COL_PROGRESS:
            return item.progress
        if column == COL_RESULT:
            return progress.effective_result(item)
        if column == COL_OWNER:
            return item.owner
        if column == COL_DUE:
            return item.due_date.isoformat() if item.due_date else ""
        return _evidence_text(item.evidence_count)

    def _colour(self, item: LedgerItem, column: int):
        if item.level == "part":
            return None
        if column == COL_PROGRESS:
            return _colour(_PROGRESS_COLOURS.get(item.progress, "#555555"))
        if column == COL_DUE and progress.is_overdue(item, self._today):
            return _colour(_OVERDUE)
        if column == COL_EVIDENCE and not item.evidence_count:
            return _colour("#999999")
        return None

    def _tooltip(self, item: LedgerItem, column: int):
        if column == 1:
            return item.obligation
        if column == COL_RESULT and item.level != "part" and not progress.is_applicable(item):
            return progress.result_text(item)  # 不适用 with its reason
        if column == COL_DUE and item.level != "part" and progress.is_overdue(item, self._today):
            return "已逾期"
        return None


@lru_cache(maxsize=16)
def _colour(name: str) -> QColor:
    return QColor(name)  # the delegate takes a colour as the brush; QBrush would load QGradient's enums (~2 ms)


def header_labels(parent=None) -> QStandardItemModel:
    """The checklist's column titles, for the tree's header (QHeaderView.setModel)."""
    labels = QStandardItemModel(0, len(COLUMNS), parent)
    labels.setHorizontalHeaderLabels(list(COLUMNS))
    return labels


def _evidence_text(count: int) -> str:
    """无 rather than 0, for items and parts alike."""
    return str(count) if count else "无"
