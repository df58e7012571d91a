"""Ctrl+Z / Ctrl+Y as the officer uses them: operations undone in the data, the window repainted from Changes."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence

from desktop.services import ledgers
from desktop.ui.checklist_model import COL_OWNER, COL_PROGRESS, ITEM_ID_ROLE
from tests.gui_helpers import accept_message, click_item, create_ledger_through_dialog, press_keys, when_modal


def _cell(window, code, column):
    item = next(i for i in window.view.items if i.code == code)
    return window.model.index_of(item.id).siblingAtColumn(column).data()


def _painted(qtbot, window, code, column) -> str:
    """The text the tree paints in that cell: the view asks the model as it paints, so repaint and ask."""
    window.tree.viewport().repaint()
    return _cell(window, code, column)


def _save_owner(qtbot, window, owner, progress=None):
    panel = window.item_panel
    panel.owner.setText(owner)
    if progress:
        panel.progress.setCurrentText(progress)
    qtbot.mouseClick(panel.save_button, Qt.LeftButton)


def test_an_item_edit_is_undone_and_redone_in_the_data_and_on_screen(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    _save_owner(qtbot, window, "张三", "推进中")
    assert (ledgers.get_item(store, item_id).owner, ledgers.get_item(store, item_id).progress) == ("张三", "推进中")
    assert _painted(qtbot, window, "1.1", COL_OWNER) == "张三"
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "修改 1.1 的责任人、进度"

    window.tree.setFocus()
    press_keys(window, QKeySequence("Ctrl+Z"))
    item = ledgers.get_item(store, item_id)
    assert (item.owner, item.progress) == ("", "未开始")
    assert _painted(qtbot, window, "1.1", COL_OWNER) == "" and _cell(window, "1.1", COL_PROGRESS) == "未开始"
    assert window.item_panel.owner.text() == ""  # the panel shows the item as it is again
    assert window.statusBar().currentMessage() == "已撤销：修改 1.1 的责任人、进度"

    press_keys(window, QKeySequence("Ctrl+Y"))
    assert ledgers.get_item(store, item_id).owner == "张三"
    assert _painted(qtbot, window, "1.1", COL_OWNER) == "张三" and window.item_panel.owner.text() == "张三"
    assert window.statusBar().currentMessage() == "已重做：修改 1.1 的责任人、进度"


def test_undoing_an_indicator_edit_gives_back_未填写_not_0(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "8.8")
    box = window.item_panel.indicator_boxes["information_published"]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "832")
    qtbot.mouseClick(window.item_panel.save_button, Qt.LeftButton)
    assert ledgers.get_item(store, item_id).indicator_values["information_published"] == 832
    window.undo_stack.undo()
    assert "information_published" not in ledgers.get_item(store, item_id).indicator_values  # no value, not 0
    assert window.item_panel.indicator_boxes["information_published"].text() == "未填写"


def test_setting_the_owner_of_12_items_at_once_is_one_undo_step(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    chosen = [i for i in window.view.items if i.level != "part"][:12]
    window.tree.expandAll()
    selection = window.tree.selectionModel()
    for item in chosen:
        selection.select(window.model.index_of(item.id), QItemSelectionModel.Select | QItemSelectionModel.Rows)

    def fill(dialog):
        dialog.field.setCurrentIndex(dialog.field.findData("owner"))
        dialog.text.setText("李四")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    when_modal(fill)
    window.action_bulk.trigger()
    assert {ledgers.get_item(store, i.id).owner for i in chosen} == {"李四"}
    assert all(_cell(window, i.code, COL_OWNER) == "李四" for i in chosen)
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "批量设置 12 项的责任人"
    window.undo_stack.undo()
    assert {ledgers.get_item(store, i.id).owner for i in chosen} == {""}
    assert all(_cell(window, i.code, COL_OWNER) == "" for i in chosen)
    window.undo_stack.redo()
    assert {ledgers.get_item(store, i.id).owner for i in chosen} == {"李四"}


def test_a_step_the_data_moved_past_is_refused_in_chinese_and_leaves_the_stack(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    _save_owner(qtbot, window, "张三")
    ledgers.update_item(store, item_id, {"owner": "王五"})  # another window changed it meanwhile
    shown = []
    when_modal(accept_message(shown))
    window.undo_stack.undo()
    assert shown == ["“修改 1.1 的责任人”之后，这些数据又被修改过（可能在另一个窗口或程序里），不能撤销或重做这一步。"]
    assert ledgers.get_item(store, item_id).owner == "王五"  # nothing was overwritten
    assert window.undo_stack.count() == 0


def test_the_last_operation_shows_whole_in_the_history(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    chosen = [i for i in window.view.items if i.level != "part"][:3]
    window.perform(lambda s: ledgers.set_items_field(s, [i.id for i in chosen], "department", "党政办"))
    seen = {}

    def look(dialog):
        model = dialog.model
        seen["rows"] = [tuple(model.index(r, c).data() for c in (0, 4, 6)) for r in range(model.rowCount())]
        dialog.reject()

    when_modal(look)
    window.history_actions.show_last_operation()
    assert sorted(seen["rows"]) == sorted((i.code, "责任科室", "党政办") for i in chosen)


def test_a_save_repaints_its_row_without_reloading_the_ledger(qtbot, window, store, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    reloads, rows_changed = [], []
    monkeypatch.setattr(ledgers, "load_view", lambda *a: reloads.append(a))
    window.model.modelReset.connect(lambda: rows_changed.append("reset"))
    window.model.dataChanged.connect(lambda first, last, *_: rows_changed.append(first.data(ITEM_ID_ROLE)))
    _save_owner(qtbot, window, "张三")
    assert reloads == [] and "reset" not in rows_changed
    part = next(i for i in window.view.items if i.code == "1")
    assert set(rows_changed) == {window.item_id}  # the owner is no part of the part's tally
    _save_owner(qtbot, window, "张三", "已完成")
    assert part.id in rows_changed  # 已完成 changes the part's tally
    assert _cell(window, "1", COL_PROGRESS).startswith("1/")


def test_a_line_of_an_items_history_opens_the_whole_operation(qtbot, window, store):
    from tests.gui_helpers import when_modals

    create_ledger_through_dialog(qtbot, window)
    chosen = [i for i in window.view.items if i.level != "part"][:4]
    window.perform(lambda s: ledgers.set_items_field(s, [i.id for i in chosen], "owner", "赵六"))
    window.select_item(chosen[0].id)
    seen = {}

    def in_history(dialog):
        dialog.table.selectRow(dialog.model.rowCount() - 1)
        assert dialog.operation_button.isEnabled()
        qtbot.mouseClick(dialog.operation_button, Qt.LeftButton)
        dialog.reject()

    def in_operation(dialog):
        seen["title"] = dialog.windowTitle()
        seen["targets"] = {dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())}
        dialog.reject()

    when_modals(in_history, in_operation)
    window.history_actions.show_item_history()
    assert seen["title"] == "修改记录 — 批量设置 4 项的责任人"
    assert seen["targets"] == {i.code for i in chosen}
