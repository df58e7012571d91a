"""The real main window driven like an officer would: clicks, typing, dialogs, drops, export."""

import hashlib

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.services import ledgers
from desktop.store import change_log
from tests.conftest import TODAY
from tests.gui_helpers import (
    accept_message,
    click_item,
    create_ledger_through_dialog,
    drop_files,
    press_keys,
    type_text,
    when_modal,
)


def visible_codes(window):
    codes = []

    def walk(parent):
        for row in range(window.model.rowCount(parent)):
            index = window.model.index(row, 0, parent)
            codes.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())
    return codes


def test_first_start_creates_a_ledger_of_the_builtin_checklist(qtbot, window, store):
    assert window.ledger_id is None
    create_ledger_through_dialog(qtbot, window)
    assert window.ledger_box.currentText().startswith("青山镇人民政府")
    assert window.model.rowCount() == 10  # ten parts
    assert "总体进度：已完成 0/" in window.progress_label.text()
    assert ledgers.list_ledgers(store)[0].unit_name == "青山镇人民政府"


def test_first_start_dialog_requires_a_unit_name(qtbot, window):
    def press_create_empty(dialog):
        dialog.unit.clear()
        qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
        assert dialog.isVisible() and dialog.error.text() == "请填写单位名称。"
        dialog.reject()

    when_modal(press_create_empty)
    assert not window.actions_.new_ledger(first_start=True)
    assert window.ledger_id is None


def test_edit_item_dimensions_saves_rows_and_change_log(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    panel = window.item_panel
    panel.progress.setCurrentText("已完成")
    panel.result.setCurrentText("不适用")
    type_text(panel.owner, "王丽")
    press_keys(window, QKeySequence.Save)  # 不适用 without a reason is refused, next to the field
    assert "不适用理由" in panel.error.text() and panel.na_reason.hasFocus()
    assert ledgers.get_item(store, item_id).progress == "未开始"  # nothing half-saved
    assert panel.owner.text() == "王丽"  # and nothing typed is lost
    type_text(panel.na_reason, "本镇未设该职能")
    press_keys(window, QKeySequence.Save)
    saved = ledgers.get_item(store, item_id)
    assert (saved.progress, saved.result, saved.na_reason, saved.owner) == ("已完成", "不适用", "本镇未设该职能", "王丽")
    fields = {e["field"] for e in change_log.history(store.db, "ledger_item", item_id)}
    assert {"progress", "result", "na_reason", "owner"} <= fields
    row = window.model.index_of(item_id)
    assert row.siblingAtColumn(2).data() == "已完成"


def test_drop_a_file_adds_evidence_and_search_finds_it(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "10.9")
    source = tmp_path / "法治讲座签到表.pdf"
    source.write_bytes(b"%PDF-1.4 sign-in sheet")

    def fill(dialog):
        assert dialog.title_edit.text() == "法治讲座签到表"  # named after the dropped file
        dialog.title_edit.clear()
        type_text(dialog.title_edit, "民法典专题讲座签到表")
        dialog.kind.setCurrentText("培训签到表")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)

    when_modal(fill)
    entered, dropped = drop_files(window.evidence.table.viewport(), [source])
    assert entered and dropped
    rows = list(store.db.query("SELECT e.title, e.kind, a.original_name, a.sha256 FROM evidence e "
                               "JOIN attachment a ON a.evidence_id = e.id"))
    assert rows == [{"title": "民法典专题讲座签到表", "kind": "培训签到表", "original_name": "法治讲座签到表.pdf",
                     "sha256": hashlib.sha256(source.read_bytes()).hexdigest()}]
    assert window.evidence.model.rowCount() == 1
    assert window.evidence.caption.text() == "佐证材料（1 条）"
    # a two-character search over evidence text narrows the tree to that item
    type_text(window.filters.search, "签到")
    qtbot.waitUntil(lambda: "10.9" in visible_codes(window) and "1.1" not in visible_codes(window))
    assert window.item_id == item_id


def test_evidence_dialog_keeps_input_on_error(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.2")
    messages = []

    def leave_title_empty(dialog):
        type_text(dialog.description, "先写说明")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
        assert dialog.isVisible() and dialog.description.toPlainText() == "先写说明"
        # refused beside the field, with the focus there, as in the register forms; no box to click away
        messages.append(dialog.error_text())
        messages.append(dialog.field_errors["title"].isVisible() and dialog.focusWidget() is dialog.title_edit)
        type_text(dialog.title_edit, "纪")
        messages.append(dialog.error_text())  # corrected: the red text goes
        dialog.reject()

    when_modal(leave_title_empty)
    window.open_evidence_dialog()
    assert messages == ["请填写佐证材料的标题。", True, ""]
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_delete_evidence_asks_first(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    from desktop.services import evidence

    evidence.add(store, window.view.ledger.id, title="待删除", kind="其他", formed_on=TODAY,
                 item_ids=[item_id], today=TODAY)
    window.refresh()
    window.evidence.table.selectRow(0)
    asked = []
    when_modal(accept_message(asked, "取消"))
    qtbot.mouseClick(window.evidence.delete_button, Qt.LeftButton)
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 1
    when_modal(accept_message(asked, "删除"))
    qtbot.mouseClick(window.evidence.delete_button, Qt.LeftButton)
    assert "待删除" in asked[0] and "Ctrl+Z 撤销" in asked[0] and "“查看 → 已删除的佐证…”中连同附件恢复" in asked[0]
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_export_runs_in_background_and_writes_the_workbook(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    ledgers.update_item(store, item_id, {"progress": "已完成", "owner": "王丽"})
    window.refresh()
    target = tmp_path / "out" / "进度表.xlsx"
    target.parent.mkdir()
    messages = []
    when_modal(accept_message(messages))
    window.actions_.export_xlsx(target=target)
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert "已保存到" in messages[0]
    sheet = openpyxl.load_workbook(target)["任务清单"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "1.1")
    assert "已完成" in row and "王丽" in row


def test_qt_dialogs_are_in_chinese(qtbot):
    from desktop.ui.i18n import install_chinese

    assert install_chinese(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]


def test_counted_indicators_stay_read_only_after_the_window_syncs(qtbot, window, store):
    from desktop.domain import registers as rules
    from desktop.services import registers

    create_ledger_through_dialog(qtbot, window)
    registers.add(store, rules.TRAINING, window.view.ledger.id, {
        "kind": "法治专题讲座", "held_on": TODAY, "topic": "民法典", "hours": 2}, today=TODAY)
    window.refresh()
    click_item(qtbot, window, "10.9")
    box = window.item_panel.indicator_boxes["law_lectures"]
    assert box.value() == 1 and not box.isEnabled()  # counted from the register, not typed
    window.item_panel.set_read_only(False)  # what every action sync does
    assert not window.item_panel.indicator_boxes["law_lectures"].isEnabled()


def test_detail_shows_a_hint_until_an_item_is_chosen(qtbot, window):
    create_ledger_through_dialog(qtbot, window)
    assert window.detail_hint.isVisible() and "选择一个条目" in window.detail_hint.text()
    click_item(qtbot, window, "1.1")
    assert not window.detail_hint.isVisible()
    assert window.item_panel.isVisible() and window.evidence.isVisible()
    assert window.item_panel.owner.isEnabled()  # the new panel follows the ledger's writable state


def test_filter_hides_rows_keeps_what_is_typed_and_clearing_shows_the_parts_again(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    type_text(window.item_panel.owner, "王丽")  # not saved yet
    window.filters.progress.setCurrentText("已完成")  # nothing is done: every row is filtered out
    assert visible_codes(window) == []
    assert window.item_id is not None and window.item_panel.owner.text() == "王丽"
    window.filters.progress.setCurrentText("全部")
    codes = visible_codes(window)
    assert "1.1" in codes and "10.9" in codes
    parts = [window.model.index(row, 0) for row in range(window.model.rowCount())]
    assert parts and all(window.tree.isExpanded(index) for index in parts)  # as at start-up
    assert window.tree.currentIndex().data() == "1.1"  # the chosen row is selected again
    assert window.item_panel.owner.text() == "王丽"
    press_keys(window, QKeySequence.Save)
    assert ledgers.get_item(store, window.item_id).owner == "王丽"


def test_clearing_a_filter_gives_back_the_rows_the_officer_had_opened(qtbot, window):
    create_ledger_through_dialog(qtbot, window)
    opened = window.model.index_of(next(i.id for i in window.view.items if i.code == "3.7"))
    window.tree.setExpanded(opened, True)  # 3.7 has child items
    window.filters.progress.setCurrentText("未开始")  # everything matches, the tree opens fully
    window.refresh()  # a reload under the filter keeps it open
    assert "3.7.1" in visible_codes(window)
    assert window.tree.isExpanded(window.model.index_of(next(i.id for i in window.view.items if i.code == "3.7")))
    window.filters.progress.setCurrentText("全部")
    index_of = lambda code: window.model.index_of(next(i.id for i in window.view.items if i.code == code))  # noqa: E731
    assert window.tree.isExpanded(index_of("3.7"))  # as the officer left it
    assert window.tree.isExpanded(index_of("3")) and not window.tree.isExpanded(index_of("5.6"))


def test_an_unfilled_indicator_reads_未填写_and_a_typed_0_is_a_real_0(qtbot, window, store):
    """8.8 主动公开政府信息 never filled shows 未填写 (not 0 条); 832 typed and saved is 832; 0 is kept as 0;
    stepping below 0 empties it again."""
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "8.8")
    box = window.item_panel.indicator_boxes["information_published"]
    assert box.text() == "未填写"
    item_id = window.item_id
    for typed, stored in (("832", 832), ("0", 0)):
        box = window.item_panel.indicator_boxes["information_published"]  # the panel rebuilds them on save
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), typed)
        qtbot.mouseClick(window.item_panel.save_button, Qt.LeftButton)
        assert ledgers.get_item(store, item_id).indicator_values["information_published"] == stored
        assert window.item_panel.indicator_boxes["information_published"].text() == f"{typed} 条"
    box = window.item_panel.indicator_boxes["information_published"]
    box.stepDown()
    assert box.text() == "未填写"
    qtbot.mouseClick(window.item_panel.save_button, Qt.LeftButton)
    assert ledgers.get_item(store, item_id).indicator_values.get("information_published") is None


def test_the_evidence_dialog_shows_the_ticked_item_in_its_list(qtbot, window):
    """Adding evidence to 10.9: its tick is in view, not a page above it."""
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "10.9")
    seen = []

    def look(dialog):
        links = dialog.links.list
        ticked = next(links.item(r) for r in range(links.count()) if links.item(r).checkState() == Qt.Checked)
        seen.append((ticked.text().split()[0], links.viewport().rect().contains(links.visualItemRect(ticked))))
        dialog.reject()

    when_modal(look)
    window.open_evidence_dialog()
    assert seen == [("10.9", True)]


def test_the_checklist_model_keeps_qts_model_rules(qtbot, qtmodeltester, window):
    """pytest-qt's model tester (Qt's QAbstractItemModelTester) over the tree, filtered and updated too."""
    from tests.gui_helpers import create_ledger_through_dialog

    create_ledger_through_dialog(qtbot, window)
    qtmodeltester.check(window.model)
    some = {i.id for i in window.view.items if i.code.startswith("3.")}
    window.model.set_visible(some)
    qtmodeltester.check(window.model)
    window.model.update_items(window.view.items[:5], window.view.part_tallies)
    qtmodeltester.check(window.model)


def test_the_other_tables_keep_qts_model_rules(qtbot, qtmodeltester, window):
    from desktop.ui.rows_model import RowsModel

    qtmodeltester.check(RowsModel(("日期", "学时"), [("2025-01-02", "2"), ("2025-03-04", "10")]))
