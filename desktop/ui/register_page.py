"""One page per register (专项台账): a sortable, filterable table, the entry dialog, files by drag and
drop, and the year's totals. What differs between registers is data in register_specs.PageSpec."""

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services import history
from desktop.services import registers as register_service
from desktop.ui.drops import AcceptsFiles
from desktop.ui.entry_form import EntryDialog
from desktop.ui.history_dialog import HistoryDialog
from desktop.ui.messages import confirm, inform, show_error
from desktop.ui.register_specs import PageContext, PageSpec
from desktop.ui.rows_model import SORT_ROLE, RowsModel


class DropTable(AcceptsFiles, QTableView):
    files_dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def on_files(self, paths):
        self.files_dropped.emit(paths)


class RegisterPage(QWidget):
    def __init__(self, spec: PageSpec, window, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.window_ = window
        self.entries: list = []
        self.model = RowsModel(tuple(c.header for c in spec.columns))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)  # 学时 and 数量 as numbers
        self.table = DropTable()
        self.table.setModel(self.proxy)
        self._fitted = False  # columns fit the first rows; afterwards the officer's widths stay
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选（任意列包含的文字）")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.add_button = QPushButton(f"新增{spec.noun}…")
        self.edit_button = QPushButton("编辑…")
        self.delete_button = QPushButton("删除")
        self.history_button = QPushButton("修改记录…")
        self.add_button.clicked.connect(lambda: self.open_dialog())
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.history_button.clicked.connect(self._history_current)
        self.table.doubleClicked.connect(lambda index: self.open_dialog(self._entry_at(index.row())))
        self.table.files_dropped.connect(lambda paths: self.open_dialog(files=paths))
        self._layout()

    def _layout(self):
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for button in (self.add_button, self.edit_button, self.delete_button, self.history_button):
            top.addWidget(button)
        self.action_buttons = {}  # a register's own actions (PageSpec.actions), e.g. 从 Excel 导入…
        for text, action in self.spec.actions:
            self.action_buttons[text] = button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, act=action: act(self))
            top.addWidget(button)
        hint = QLabel(f"提示：可把文件拖到表格中，新增{self.spec.noun}并附上文件；双击一行编辑。")
        hint.setStyleSheet("color: #777;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(hint)

    # ----- data
    def context(self) -> PageContext | None:
        return self.window_.register_context()

    def refresh(self):
        ctx = self.context()
        if ctx is None:
            self.entries = []
            self.model.set_rows([])
            self.totals.setText("")
            self._sync_buttons(False)
            return
        self.entries = register_service.list_entries(ctx.store, self.spec.entity, ctx.ledger_id)
        extra = self.spec.extra(ctx) if self.spec.extra else {}
        self.model.set_rows([tuple(c.value(e, extra) for c in self.spec.columns) for e in self.entries])
        if not self._fitted:
            self.fit_columns()
            self._fitted = bool(self.entries)
        self.totals.setText(self.spec.totals(ctx) if self.spec.totals else f"共 {len(self.entries)} 条")
        self._sync_buttons(ctx.writable)

    def fit_columns(self):
        """Each column as wide as its header and text, up to its maximum; the last (备注) takes what is left.
        A cell cut at the maximum ends in … and shows its whole text as a tooltip."""
        for column, spec_column in enumerate(self.spec.columns[:-1]):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 8, spec_column.width))

    def _sync_buttons(self, writable: bool):
        for button in (self.add_button, self.delete_button, *self.action_buttons.values()):
            button.setEnabled(writable)
        self.table.setAcceptDrops(writable)

    def _entry_at(self, proxy_row: int):
        if proxy_row < 0:
            return None
        row = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def current_entry(self):
        return self._entry_at(self.table.currentIndex().row())

    def select_entry(self, entry_id: int) -> bool:
        for proxy_row in range(self.proxy.rowCount()):
            entry = self._entry_at(proxy_row)
            if entry is not None and entry.id == entry_id:
                self.table.selectRow(proxy_row)
                self.table.scrollTo(self.proxy.index(proxy_row, 0))
                return True
        return False

    # ----- actions
    def open_dialog(self, entry=None, files=()):
        ctx = self.context()
        if ctx is None:
            return None
        entity = self.spec.entity

        saved = {"id": entry.id if entry is not None else None}  # after a save, a further 保存 edits it

        def save(values: dict, item_ids: list[int], new_files: list[Path]):
            values = {**values, "item_ids": item_ids}  # exactly the ticked items, nothing added behind them
            if self.spec.extra_values:
                values.update(self.spec.extra_values(dialog))
            entry_id = saved["id"]
            saved["id"] = self.window_.perform(lambda st: register_service.save_entry(
                st, entity, ctx.ledger_id, entry_id, values, files=new_files, today=ctx.today),
                label="正在保存…", long=bool(new_files)).result  # with its files: one undo step
            self.last_saved_id = saved["id"]
            if new_files:
                dialog.files.clear()  # stored: a retry must not add them again

        defaults = self.spec.defaults(ctx) if entry is None and self.spec.defaults else {}
        linked = entry.item_ids if entry is not None else register_service.default_item_ids(
            ctx.store, ctx.ledger_id, entity, defaults)
        dialog = EntryDialog(self, title=f"{'编辑' if entry else '新增'}{self.spec.noun}",
                             record_cls=self.spec.record_cls, save=save, entry=entry, defaults=defaults,
                             ref_choices=self.spec.refs(ctx) if self.spec.refs else {}, items=ctx.items,
                             linked_item_ids=linked, files=files, enabled_if=self.spec.enabled_if,
                             follows=self.spec.follows(ctx) if self.spec.follows else None,
                             read_only=not ctx.writable,
                             default_links=lambda values: register_service.default_item_ids(
                                 ctx.store, ctx.ledger_id, entity, values),
                             live_note=self.spec.live_note(ctx) if self.spec.live_note else None)
        if self.spec.extend_dialog:
            self.spec.extend_dialog(dialog, ctx, entry)
        self.last_dialog = dialog
        if not dialog.exec():
            return None
        self.select_entry(self.last_saved_id)
        warnings = self.spec.warnings(register_service.get(ctx.store, entity, self.last_saved_id)) \
            if self.spec.warnings else []
        if warnings:
            inform(self, "请注意", "\n".join(warnings))
        return self.last_saved_id

    def _edit_current(self):
        entry = self.current_entry()
        if entry is not None:
            self.open_dialog(entry)

    def _delete_current(self):
        entry, ctx = self.current_entry(), self.context()
        if entry is None or ctx is None:
            return
        if not confirm(self, f"删除{self.spec.noun}", f"确定删除“{entry.display_title}”吗？\n"
                       "删除记录保存在修改记录中。", yes="删除"):
            return
        entity = self.spec.entity
        try:
            self.window_.perform(lambda st: register_service.delete(st, entity, entry.id))
        except UserError as exc:
            show_error(self, exc, "未能删除")
            return

    def _history_current(self):
        entry, ctx = self.current_entry(), self.context()
        if entry is None or ctx is None:
            show_error(self, UserError("请先在表格中选中一条记录。"), "修改记录")
            return
        self.last_dialog = HistoryDialog(self, entry.display_title,
                                         history.lines_for(ctx.store, self.spec.entity, entry.id),
                                         open_operation=self.window_.history_actions.show_operation)
        self.last_dialog.exec()


