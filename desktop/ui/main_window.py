"""The main window: ledger selector, checklist tree with filters, item panel, evidence table."""

import contextlib
import functools
from datetime import date

from PySide6.QtCore import QModelIndex, QSignalBlocker, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.filters import visible_ids
from desktop.services import evidence as evidence_service
from desktop.services import ledgers
from desktop.store.store import Store
from desktop.ui import transfer_menus
from desktop.ui.checklist_model import COLUMNS, ITEM_ID_ROLE, ChecklistModel, header_labels
from desktop.ui.clock import Clock, FixedClock
from desktop.ui.filter_bar import FilterBar
from desktop.ui.first_paint import after_first_paint
from desktop.ui.lazy_tab import REGISTER_TABS, LazyTab
from desktop.ui.ledger_actions import LedgerActions
from desktop.ui.messages import show_error
from desktop.ui.tasks import TaskRunner
from desktop.ui.window_edits import WindowEdits

# the widest text each short checklist column shows (bold part rows: a tally, a count)
COLUMN_SAMPLES = {0: ("10.14.10",), 2: ("10/15（100.0%）",), 3: ("部分落实", "不适用"), 4: ("欧阳明月",),
                  5: ("2025-12-31",), 6: ("999",)}


class MainWindow(WindowEdits, QMainWindow):
    def __init__(self, store: Store, runner: TaskRunner | None = None, today: date | None = None,
                 clock: Clock | None = None):
        """today: a window fixed on that day (tests, the day's own views); clock: one that moves on."""
        super().__init__()
        self.store = store
        self.runner = runner or TaskRunner(self)
        self.clock = clock or (FixedClock(today, self) if today else Clock(self))
        self.clock.date_changed.connect(self._day_changed)
        self.view: ledgers.LedgerView | None = None
        self.counted: dict[int, dict[str, float]] | None = None
        self.read_only_reason: str | None = None
        self.item_id: int | None = None
        self._expanded_before_filter: list[int] = []
        self._opened = False  # the first load's overdue count comes with the start-up due list, after the paint
        self.setWindowTitle("法治政府建设台账")
        self.resize(1360, 820)
        self.actions_ = LedgerActions(self)
        self.undo_stack = QUndoStack(self)
        self._build_widgets()
        self._build_menus()
        self.reload_ledgers()
        self._opened = True
        self.after_first_paint(self.show_due_if_any)  # start-up shows the ledger first, then what is due

    @property
    def today(self) -> date:
        return self.clock.today()

    def _day_changed(self, _day) -> None:
        """Past midnight: what depends on today follows (overdue colours and count, the overdue filter, the
        register page or due list on screen); what is typed in the item panel stays."""
        if self.view is None:
            return
        self.model.set_today(self.today)
        self.apply_filters()
        self.update_status()
        self.tab_shown(self.tabs.currentIndex())

    def after_first_paint(self, fn) -> None:
        """fn runs once the checklist, what the officer looks at first, is on screen. The tree itself, not its
        viewport: both paint in the same pass, and asking Python for the viewport costs ~5 ms of type lookup."""
        after_first_paint(self.tree, fn)

    # ----- layout
    def _build_widgets(self):
        # top-down: each container gets its parent before its children, so no subtree is reparented (a
        # reparent walks the whole subtree again: palette, font, style)
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        splitter = QSplitter()
        self.tabs.addTab(splitter, "年度台账")
        left = QWidget()
        splitter.addWidget(left)
        self.detail = QWidget()
        splitter.addWidget(self.detail)
        splitter.setSizes([760, 600])

        self.ledger_box = QComboBox()
        self.ledger_box.setMinimumWidth(260)
        self.ledger_box.currentIndexChanged.connect(self._ledger_picked)
        self.filters = FilterBar()
        self.filters.changed.connect(self.apply_filters)
        self.model = ChecklistModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.header().setModel(header_labels(self))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeView.ExtendedSelection)  # several rows for 批量设置
        self._fit_columns()
        self.tree.selectionModel().currentChanged.connect(self._row_changed)
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度台账："))
        top.addWidget(self.ledger_box, 1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.tree, 1)

        self._panels = None  # (ItemPanel, EvidencePanel), built when an item is first shown
        # centred by the text and the stretches (Qt.AlignCenter would build the Qt namespace: see checklist_model)
        self.detail_hint = QLabel("<p align='center' style='color: #666666'>在左侧清单中选择一个条目，<br>"
                                  "在这里填写它的进度、落实结果，管理佐证材料。</p>")
        self._hint_box = QWidget()
        QVBoxLayout(self.detail).setContentsMargins(0, 0, 0, 0)
        self.detail.layout().addWidget(self._hint_box)
        hint_layout = QVBoxLayout(self._hint_box)
        hint_layout.addStretch(1)
        hint_layout.addWidget(self.detail_hint)
        hint_layout.addStretch(1)

        self.register_tabs = {entity: LazyTab(lambda e=entity: self._build_register_page(e))
                              for entity in REGISTER_TABS}
        for entity, tab in self.register_tabs.items():
            self.tabs.addTab(tab, REGISTER_TABS[entity])
        self.due_tab = LazyTab(self._build_due_page)
        self.tabs.addTab(self.due_tab, "到期提醒")
        self.tabs.currentChanged.connect(self.tab_shown)
        self.progress_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress_label)

    def _fit_columns(self):
        """Each short column as wide as its widest text (a code three levels deep, a part's tally, a date,
        the evidence count); the task title takes the rest, so nothing is cut at the default size."""
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        metrics, padding = self.tree.fontMetrics(), 18  # the cell's margins and the header's sort arrow
        for column, samples in COLUMN_SAMPLES.items():
            texts = (*samples, COLUMNS[column])
            width = max(metrics.horizontalAdvance(t) for t in texts) + padding
            if column == 0:
                width += self.tree.indentation() * 3  # a child item's code sits three steps in
            self.tree.setColumnWidth(column, width)

    def _build_menus(self):
        file_menu = self.menuBar().addMenu("文件(&F)")
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        view_menu = self.menuBar().addMenu("查看(&V)")
        self.action_new = self._action(file_menu, "新建年度台账…", self.actions_.new_ledger, QKeySequence.New)
        file_menu.addSeparator()
        self._action(file_menu, "立即备份", lambda: self.safety.backup_now(), "Ctrl+B")
        self._action(file_menu, "从备份恢复…", lambda: self.safety.restore_dialog())
        self._action(file_menu, "设置第二个备份文件夹…", lambda: self.safety.choose_backup_folder())
        file_menu.addSeparator()
        self.action_lock = self._action(file_menu, "报送锁定本年度台账…", lambda: self.safety.lock_year())
        self.action_unlock = self._action(file_menu, "解除锁定…", lambda: self.safety.unlock_year())
        self.action_seal = self._action(file_menu, "封存校验", lambda: self.safety.verify_seal())
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.Quit)
        self.action_undo = self.undo_stack.createUndoAction(self, "撤销")
        self.action_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.action_redo = self.undo_stack.createRedoAction(self, "重做")
        self.action_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addActions([self.action_undo, self.action_redo])
        edit_menu.addSeparator()
        self.action_save = self._action(edit_menu, "保存条目修改", self._save_requested, QKeySequence.Save)
        self.action_settings = self._action(edit_menu, "设置（时限、年度目标、节假日、进度表签署）…", self.open_settings)
        self.action_add_evidence = self._action(edit_menu, "添加佐证…", lambda: self.open_evidence_dialog(),
                                                "Ctrl+D")
        self.action_bulk = self._action(edit_menu, "批量设置选中条目（责任人、责任科室、进度）…", self._bulk_set)
        self._action(view_menu, "搜索", self.filters.focus_search, QKeySequence.Find)
        self._action(view_menu, "刷新", self.refresh, QKeySequence.Refresh)
        view_menu.addSeparator()
        self.action_item_history = self._action(view_menu, "条目修改记录…",
                                                lambda: self.history_actions.show_item_history(), "Ctrl+H")
        self._action(view_menu, "佐证修改记录…", lambda: self.history_actions.show_evidence_history())
        self._action(view_menu, "最近一步操作的修改记录…", lambda: self.history_actions.show_last_operation())
        self.action_deleted = self._action(view_menu, "已删除的佐证…",
                                           lambda: self.history_actions.show_deleted_evidence())
        self._action(view_menu, "全部展开", self.tree.expandAll, "Ctrl+Shift+E")
        transfer_menus.install(self, edit_menu)  # 导出 and 导入
        from desktop.ui import help_menu

        self.help_actions = help_menu.install(self)
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("main_toolbar")
        for action in (self.action_new, self.action_add_evidence, self.action_export):
            toolbar.addAction(action)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            # setShortcuts, not setShortcut: PySide's overload check of the latter builds the Qt namespace
            action.setShortcuts([QKeySequence(shortcut)])
            action.setToolTip(f"{text}（{QKeySequence(shortcut).toString(QKeySequence.NativeText)}）")
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ----- ledgers
    def reload_ledgers(self, select_id: int | None = None):
        current = select_id or self.ledger_id
        self.ledger_box.blockSignals(True)
        self.ledger_box.clear()
        for ledger in ledgers.list_ledgers(self.store):
            suffix = "（已锁定）" if ledger.locked_at else ""
            self.ledger_box.addItem(f"{ledger.unit_name} · {ledger.year} 年度{suffix}", ledger.id)
        position = self.ledger_box.findData(current) if current else 0
        self.ledger_box.setCurrentIndex(max(position, 0))
        self.ledger_box.blockSignals(False)
        if self.view is not None and self.ledger_id == self.view.ledger.id:
            self.refresh()  # the same ledger (locked, its settings): its undo steps stay
        else:
            self._ledger_chosen()

    @property
    def ledger_id(self) -> int | None:
        return self.ledger_box.currentData() if hasattr(self, "ledger_box") else None

    @property
    def writable(self) -> bool:
        return self.view is not None and not self.view.ledger.locked_at and self.read_only_reason is None

    def set_read_only_because(self, reason: str):
        """No edits while the data cannot be trusted (a damaged database the officer chose to keep open)."""
        self.read_only_reason = reason
        self.statusBar().showMessage(reason)
        self.refresh()

    def _ledger_picked(self, *_):
        if self.view is not None and not self._offer_to_save_edits():  # stay where the edits are
            with QSignalBlocker(self.ledger_box):
                self.ledger_box.setCurrentIndex(self.ledger_box.findData(self.view.ledger.id))
            return
        self._ledger_chosen()

    def _ledger_chosen(self, *_):
        self.item_id = None
        self.undo_stack.clear()  # steps belong to the ledger they were made in
        self.refresh()
        self.tree.expandToDepth(0)

    def refresh(self):
        """Reload the ledger from the database, keeping the selected item and expanded rows."""
        if self.ledger_id is None:
            self.view = None
            self.model.load([], {}, self.today)
            self._show_item(None)
            self.progress_label.setText("尚无年度台账：请通过“文件 → 新建年度台账”创建")
            self._sync_actions()
            return
        expanded = self._expanded_ids()
        if self.model.filtered:  # the tree is all open under a filter: keep what was open before it
            expanded = self._expanded_before_filter
        self.view = ledgers.load_view(self.store, self.ledger_id)
        self.counted = None  # counted from the registers when an item is first shown
        self.model.load(self.view.items, self.view.part_tallies, self.today)
        self.filters.set_owners(ledgers.owners(self.store, self.ledger_id))
        self.apply_filters()
        if self.model.filtered:
            self.tree.expandAll()  # a reloaded model comes back closed
        else:
            self._expand(expanded)
        self.update_status()
        self._sync_actions()
        self.select_item(self.item_id)
        self.tab_shown(self.tabs.currentIndex())

    def _expanded_ids(self) -> list[int]:
        if self.view is None:
            return []
        ids = []
        for item in self.view.items:
            index = self.model.index_of(item.id)
            if index is not None and self.tree.isExpanded(index):
                ids.append(item.id)
        return ids

    def _sync_actions(self):
        has_ledger = self.view is not None
        transfer_menus.sync(self, has_ledger, self.writable)
        self.action_lock.setEnabled(self.writable)
        self.action_unlock.setEnabled(has_ledger and not self.writable)
        self.action_seal.setEnabled(has_ledger)
        self.action_add_evidence.setEnabled(self.writable and self.item_id is not None)
        self.action_bulk.setEnabled(self.writable)
        self.action_item_history.setEnabled(self.item_id is not None)
        self.action_deleted.setEnabled(self.writable)
        self._sync_panels()

    def _sync_panels(self):
        if self._panels is not None:
            self.item_panel.set_read_only(not self.writable)
            self.evidence.set_enabled_for(self.item_id is not None, self.writable)

    # ----- the item's detail: start-up shows a hint there; the panels are built when an item is first shown
    @property
    def item_panel(self):
        return self._detail_panels()[0]

    @property
    def evidence(self):
        return self._detail_panels()[1]

    def _detail_panels(self):
        if self._panels is None:
            from PySide6.QtCore import Qt

            from desktop.ui.evidence_panel import EvidencePanel
            from desktop.ui.item_panel import ItemPanel

            item_panel, evidence = ItemPanel(), EvidencePanel()
            item_panel.save_requested.connect(self.save_item)
            evidence.add_requested.connect(lambda: self.open_evidence_dialog())
            evidence.edit_requested.connect(lambda eid: self.open_evidence_dialog(evidence_id=eid))
            evidence.delete_requested.connect(self.delete_evidence)
            evidence.files_dropped.connect(lambda paths: self.open_evidence_dialog(files=paths))
            evidence.register_entry_requested.connect(self.open_entry)
            # every field in its place; the evidence tables take the rest. In a short window the fields
            # scroll inside the panel and 保存修改 stays in view below them.
            right = QSplitter(Qt.Vertical)
            right.setChildrenCollapsible(False)
            right.addWidget(item_panel)
            right.addWidget(evidence)
            right.setStretchFactor(1, 1)
            QTimer.singleShot(0, right, lambda: right.setSizes([item_panel.sizeHint().height(), right.height()]))
            self._hint_box.hide()
            self.detail.layout().addWidget(right)
            right.show()  # added to a window already on screen: shown now, not on a later event
            self._panels = (item_panel, evidence)
            self._sync_panels()
        return self._panels

    def _offer_to_save_edits(self) -> bool:
        """True when the officer may move on: nothing unsaved, saved, or given up. False on 取消, and when
        the save was refused (the reason shows next to the field and the edits stay)."""
        if self._panels is None or not self.item_panel.dirty:
            return True
        from desktop.ui.item_panel import DISCARD, SAVE, ask_to_save

        answer = ask_to_save(self, self.item_panel.item.code)
        if answer == SAVE:
            self.item_panel.request_save()
            return not self.item_panel.dirty
        return answer == DISCARD

    def current_evidence_id(self) -> int | None:
        """The evidence entry selected in the item's table, if any."""
        return self.evidence.current_evidence_id() if self._panels is not None else None

    def _save_requested(self):
        if self._panels is not None:
            self.item_panel.request_save()

    def update_status(self, late: int | None = None):
        """late: the overdue count when already known. Before the first paint it is left to the start-up due
        list (worked out on a worker), so the registers' rules and the holiday calendar stay off the start."""
        overall = self.view.overall
        if late is None and self._opened:
            from desktop.services import due  # the due page's own count: one figure in both places

            late = due.overdue_count(self.store, self.view.ledger.id, self.today, self.view.items)
        self.progress_label.setText(
            f"总体进度：已完成 {overall.done}/{overall.applicable} 项（{overall.percent_text}）"
            f"　条目 {overall.items} 项（不适用 {overall.items - overall.applicable} 项）"
            f"　佐证 {overall.evidence} 条　逾期 {'…' if late is None else late} 项")

    # ----- filters and selection
    def apply_filters(self):
        if self.view is None:
            return
        criteria = self.filters.criteria()
        hits = ledgers.search(self.store, self.view.ledger.id, self.view.items, criteria.text) \
            if criteria.text else None
        if criteria.active and not self.model.filtered:
            self._expanded_before_filter = self._expanded_ids()  # given back when the filter is cleared
        shown = visible_ids(self.view.items, criteria, hits, self.today)
        self.filters.show_matches(None if shown is None else len(shown))
        if shown is not None and not shown:
            self.statusBar().showMessage("无匹配：没有符合搜索或筛选条件的条目", 6000)
        if not self.model.set_visible(shown):
            return
        if criteria.active:
            self.tree.expandAll()
        else:
            self._expand(self._expanded_before_filter)
        self._show_current_row()

    def _expand(self, item_ids: list[int]):
        for item_id in item_ids:
            index = self.model.index_of(item_id)
            if index is not None:
                self.tree.setExpanded(index, True)

    def _show_current_row(self):
        """The selected item's row after the rows changed; the item panel keeps what is typed in it."""
        index = self.model.index_of(self.item_id) if self.item_id else None
        if index is not None:
            self.tree.setCurrentIndex(index)  # the same item: _row_changed leaves the panel alone
            self.tree.scrollTo(index)

    def select_item(self, item_id: int | None):
        """Show the item; select its row unless the filter hides it."""
        index = self.model.index_of(item_id) if item_id else None
        if index is not None:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.setCurrentIndex(QModelIndex())  # hidden by the filter: any row clicked then opens
        self._show_item(item_id if item_id and self.model.holds(item_id) else None)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex):
        if not current.isValid():
            return  # a filter hid the row: the panel keeps the item and whatever is typed in it
        item_id = current.data(ITEM_ID_ROLE)
        if item_id == self.item_id:
            return
        if not self._offer_to_save_edits():  # back to the item with the edits
            self._show_current_row()
            return
        self._show_item(item_id)
        self._show_current_row()  # a save reloaded the tree with the saved item's row current

    def show_item_again(self, evidence: bool = True) -> None:
        """The item shown, read afresh (after an operation that changed it, its evidence or its registers).
        evidence=False: only the item's own fields changed; its evidence tables stay as they are."""
        self._show_item(self.item_id if self.item_id and self.model.holds(self.item_id) else None,
                        evidence=evidence)

    def _show_item(self, item_id: int | None, evidence: bool = True):
        same = item_id == self.item_id
        self.item_id = item_id
        if item_id is None and self._panels is None:
            self._sync_actions()  # the hint stays until an item is chosen
            return
        item = ledgers.get_item(self.store, item_id) if item_id else None
        counted = self._counted().get(item_id, {}) if item is not None else {}
        if item is not None:
            item.indicator_values.update(counted)
        self.item_panel.set_item(item, counted_keys=counted.keys())
        if same and not evidence:
            pass  # only the item's own fields changed: its evidence tables stay
        elif item is None or item.level == "part":
            self.evidence.load(None, 0)
            self.evidence.load_register_rows([])
        else:
            self.evidence.load(lambda offset, limit: evidence_service.page_for_item(
                self.store, item_id, offset, limit), evidence_service.count_for_item(self.store, item_id))
            from desktop.services import registers as register_service

            self.evidence.load_register_rows(register_service.register_evidence_for_item(self.store, item_id))
            self.evidence.show_count(item.evidence_count)  # 佐证数 as the list and the export count it
        self._sync_actions()

    def _counted(self) -> dict[int, dict[str, float]]:
        """Indicator values the registers count (item id → key → value), for this view of the ledger."""
        if self.counted is None:
            from desktop.services import register_totals

            self.counted = register_totals.counted_indicators(
                self.store, self.view.ledger.id, self.today) if self.view else {}
            self.item_panel.uncounted_note = register_totals.uncounted_note(self.store, self.view.ledger.id) \
                if self.view else ""
        return self.counted

    # ----- registers and the due list
    def _build_register_page(self, entity: str):
        from desktop.ui.register_page import RegisterPage
        from desktop.ui.register_specs import SPECS

        return RegisterPage(SPECS[entity], self)

    @property
    def register_pages(self) -> dict:
        """entity → its page, built on first use."""
        return {entity: tab.ensure() for entity, tab in self.register_tabs.items()}

    def show_register(self, entity: str):
        tab = self.register_tabs[entity]
        self.tabs.setCurrentWidget(tab)
        return tab.ensure()

    def register_context(self):
        from desktop.ui.register_specs import PageContext

        if self.view is None:
            return None
        return PageContext(self.store, self.view.ledger.id, self.view.items, self.today, self.writable)

    def _build_due_page(self):
        from desktop.ui.due_page import DuePage

        page = DuePage()
        page.open_requested.connect(self.open_entry)
        return page

    @property
    def due_page(self):
        return self.due_tab.ensure()

    def tab_shown(self, index: int):
        widget = self.tabs.widget(index)
        if widget is self.due_tab:
            self.due_page.show_entries(self.due_entries())
        elif isinstance(widget, LazyTab):
            widget.ensure().refresh()

    def due_entries(self) -> list:
        from desktop.services import due  # working-day calendars load only when a due list is asked for

        if self.view is None:
            return []
        return due.due_list(self.store, self.view.ledger.id, self.today, items=self.view.items)

    def show_due_if_any(self):
        """At start-up: when anything is due within 7 days or overdue, show the 到期提醒 page — unless the
        officer has already moved on. The list is worked out on a worker connection: the window answers
        at once."""
        view, today = self.view, self.today
        if view is None:
            return

        def work(store, _progress, _cancel):
            from desktop.services import due

            return due.due_list(store, view.ledger.id, today, items=view.items)

        def done(entries: list):
            from desktop.services import due

            if self.view is view:
                self.update_status(due.count_overdue(entries))
            elif self.view is not None:  # another ledger was chosen meanwhile: its own count
                self.update_status()
            if entries and self.view is view and self.tabs.currentIndex() == 0 and self.item_id is None:
                self.due_page.show_entries(entries)
                with QSignalBlocker(self.tabs):  # the list is fresh: tab_shown need not build it again
                    self.tabs.setCurrentWidget(self.due_tab)

        self.runner.run_with_store(self.store, work, label="正在生成到期提醒…", parent=self, on_success=done, quiet=True,
                        on_failure=lambda exc: self.statusBar().showMessage(f"到期提醒未能生成：{exc}", 15000))

    def open_entry(self, entity: str, entity_id: int):
        if entity == "ledger_item":
            self.tabs.setCurrentIndex(0)
            self.filters.search.clear()
            self.select_item(entity_id)
            return
        if entity not in self.register_tabs:
            return
        page = self.show_register(entity)
        if page.select_entry(entity_id):
            page.open_dialog(page.current_entry())

    def open_attachment(self, value):
        from desktop.ui.attachment_open import open_attachment  # a read-only copy under its own name

        open_attachment(self, self.store, value)

    @functools.cached_property
    def history_actions(self):
        from desktop.ui.history_actions import HistoryActions  # 修改记录 code loads when first used

        return HistoryActions(self)

    @functools.cached_property
    def safety(self):
        from desktop.ui.safety_actions import SafetyActions  # backup and restore code loads when first used

        return SafetyActions(self)

    def reopen_store(self):
        """After a restore: the same data directory, opened afresh."""
        data = self.store.data
        with contextlib.suppress(Exception):  # restore closes it; a failed check may not have
            self.store.close()
        self.store = Store(data)
        self.read_only_reason = None
        self.undo_stack.clear()
        self.view = None  # everything is read afresh
        self.reload_ledgers()

    def closeEvent(self, event):
        if not self._offer_to_save_edits():
            event.ignore()
            return
        if self.runner.busy:
            self.runner.wait(30000)
        self.runner.shutdown()  # the writer's last write is in before the exit backup reads
        from desktop.services import backup

        try:
            backup.backup_on_exit(self.store)  # only when something changed since the last backup
        except Exception as exc:  # the data itself is safe; say why there is no new backup
            show_error(self, exc, "退出时未能备份")
        super().closeEvent(event)


