"""Undo/redo with the keyboard, 修改记录, and restoring deleted evidence, through the real main window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from desktop.services import evidence, ledgers
from desktop.store import change_log
from tests.conftest import TODAY
from tests.gui_helpers import accept_message, click_item, create_ledger_through_dialog, press_keys, when_modal


def evidence_count(store):
    return store.db.execute("SELECT count(*) FROM evidence").fetchone()[0]


def test_item_edit_is_undone_and_redone_with_the_keyboard(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    window.item_panel.progress.setCurrentText("已完成")
    press_keys(window, QKeySequence.Save)
    assert ledgers.get_item(store, item_id).progress == "已完成"
    window.tree.setFocus()
    press_keys(window, QKeySequence("Ctrl+Z"))
    assert ledgers.get_item(store, item_id).progress == "未开始"
    assert window.item_panel.progress.currentText() == "未开始"
    press_keys(window, QKeySequence("Ctrl+Y"))
    assert ledgers.get_item(store, item_id).progress == "已完成"
    undone = [e for e in change_log.history(store.db, "ledger_item", item_id) if e["field"] == "progress"]
    assert [(e["old"], e["new"]) for e in undone] == [("未开始", "已完成"), ("已完成", "未开始"), ("未开始", "已完成")]


def test_deleted_evidence_with_file_comes_back_with_ctrl_z(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    source = tmp_path / "纪要.pdf"
    source.write_bytes(b"%PDF-1.4 minutes")
    evidence.add(store, window.view.ledger.id, title="学法纪要", kind="其他", formed_on=TODAY,
                 item_ids=[item_id], files=[source], today=TODAY)
    window.refresh()
    window.evidence.table.selectRow(0)
    when_modal(accept_message([], "删除"))
    qtbot.mouseClick(window.evidence.delete_button, Qt.LeftButton)
    assert evidence_count(store) == 0
    window.tree.setFocus()
    press_keys(window, QKeySequence("Ctrl+Z"))
    assert evidence_count(store) == 1
    back = evidence.get(store, window.evidence.model.evidence_id(0))
    assert back.title == "学法纪要" and back.attachments[0].original_name == "纪要.pdf"
    assert store.files.path_for(f"{back.attachments[0].sha256}.pdf").read_bytes() == b"%PDF-1.4 minutes"
    press_keys(window, QKeySequence("Ctrl+Y"))
    assert evidence_count(store) == 0


def test_history_dialog_and_restore_from_the_deleted_list(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    ledgers.update_item(store, item_id, {"owner": "王丽"})
    entry = evidence.add(store, window.view.ledger.id, title="旧照片", kind="其他", formed_on=TODAY,
                         item_ids=[item_id], today=TODAY).result
    evidence.delete(store, entry)
    window.refresh()
    seen = []

    def read_history(dialog):
        seen.extend(dialog.model.rows)
        dialog.reject()

    when_modal(read_history)
    window.action_item_history.trigger()
    assert any(row[3] == "责任人" and row[5] == "王丽" for row in seen)

    def restore_first(dialog):
        assert dialog.model.rows[0][3] == "旧照片"
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
        assert dialog.caption.text() == "没有已删除的佐证材料"
        dialog.reject()

    when_modal(restore_first)
    window.action_deleted.trigger()
    assert evidence_count(store) == 1
    assert window.evidence.model.rowCount() == 1


def test_older_steps_find_an_entry_through_delete_and_restore(qtbot, window, store):
    """Add, then delete, then undo both: the entry comes back under its own id, so the add's step finds it."""
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    ledger_id = window.view.ledger.id
    first = window.perform(lambda s: evidence.add(s, ledger_id, title="纪要", kind="其他", formed_on=TODAY,
                                                  item_ids=[item_id], today=TODAY)).result
    window.perform(lambda s: evidence.delete(s, first))
    stack = window.undo_stack
    stack.undo()  # the deletion: back under its own id
    assert evidence_count(store) == 1 and evidence.get(store, first).title == "纪要"
    stack.undo()  # the addition: removes the entry that came back
    assert evidence_count(store) == 0 and stack.count() == 2
    stack.redo()
    stack.redo()
    assert evidence_count(store) == 0 and stack.count() == 2
    stack.undo()
    assert evidence_count(store) == 1
    assert window.evidence.model.rowCount() == 1  # the item's evidence table follows


def test_a_file_removed_in_the_edit_dialog_comes_back_with_ctrl_z(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    source = tmp_path / "纪要.pdf"
    source.write_bytes(b"%PDF-1.4 minutes")
    entry_id = evidence.add(store, window.view.ledger.id, title="学法纪要", kind="其他", formed_on=TODAY,
                            item_ids=[item_id], files=[source], today=TODAY).result
    window.refresh()

    def remove_the_file(dialog):
        dialog.files.setCurrentRow(0)
        qtbot.mouseClick(dialog.remove_file_button, Qt.LeftButton)
        dialog.title_edit.setText("学法纪要（无附件）")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.LeftButton)

    when_modal(remove_the_file)
    window.open_evidence_dialog(evidence_id=entry_id)
    assert evidence.get(store, entry_id).attachments == ()
    window.tree.setFocus()
    press_keys(window, QKeySequence("Ctrl+Z"))
    back = evidence.get(store, entry_id)
    assert back.title == "学法纪要" and [a.original_name for a in back.attachments] == ["纪要.pdf"]
    assert store.files.path_for(f"{back.attachments[0].sha256}.pdf").read_bytes() == b"%PDF-1.4 minutes"
    assert window.evidence.model.rowCount() == 1
    press_keys(window, QKeySequence("Ctrl+Y"))
    assert evidence.get(store, entry_id).attachments == ()


def test_an_undo_whose_file_is_gone_says_so_and_stays_on_the_stack(qtbot, window, store, sample_file):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    ledger_id = window.view.ledger.id
    entry_id = window.perform(lambda s: evidence.add(s, ledger_id, title="纪要", kind="其他", formed_on=TODAY,
                                                     item_ids=[item_id], files=[sample_file("纪要.pdf")],
                                                     today=TODAY)).result
    before = evidence.get(store, entry_id)
    window.perform(lambda s: evidence.edit(s, entry_id, title="纪要（改）", kind="其他", formed_on=TODAY,
                                           item_ids=[item_id], remove_attachment_ids=[before.attachments[0].id],
                                           today=TODAY))
    for path in store.files.trash.iterdir():
        path.unlink()  # the trash was emptied meanwhile
    notices = []
    when_modal(accept_message(notices))
    window.undo_stack.undo()
    assert evidence.get(store, entry_id).title == "纪要"  # the rest of the step was taken
    assert "纪要.pdf" in notices[0]
    assert window.undo_stack.canRedo()  # and it stays on the stack
    window.undo_stack.redo()  # the redo takes the edit again, the lost file without a word of failure
    assert evidence.get(store, entry_id).title == "纪要（改）" and evidence.get(store, entry_id).attachments == ()
