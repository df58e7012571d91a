"""The first hour of a new officer (issue 9 §6): a panel that stays put, columns that fit, refusals that
say why and lose nothing, prompts that can be cancelled, the help menu, file pickers, export and lock."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QTextBrowser

from desktop.services import ledgers
from desktop.ui.checklist_model import ITEM_ID_ROLE
from tests.gui_helpers import click_item, press_keys, type_text, when_modal


@pytest.fixture
def opened(window, store):
    """The window with a ledger of the built-in checklist, all rows open."""
    ledger_id = ledgers.create_ledger(store, "青山镇人民政府", 2025).result
    window.reload_ledgers(select_id=ledger_id)
    window.tree.expandAll()
    return window


def _top_in_window(widget, window) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def test_item_fields_keep_their_place_and_save_stays_in_view(qtbot, opened):
    """A long 要求 (3.7.8), two indicators (10.9) or none (1.1): every field and 保存修改 at the same spot,
    inside the window at its default size, and no gap before 完成时限."""
    places = []
    for code in ("1.1", "3.7.8", "10.9", "5.6.2"):
        click_item(qtbot, opened, code)
        panel = opened.item_panel
        qtbot.wait(10)
        widgets = (panel.progress, panel.na_reason, panel.owner, panel.due, panel.remark, panel.save_button)
        places.append(tuple(_top_in_window(w, opened) for w in widgets))
        save = panel.save_button
        bottom = _top_in_window(save, opened) + save.height()
        assert save.isVisible() and bottom <= opened.statusBar().mapTo(opened, QPoint(0, 0)).y(), code
        step = _top_in_window(panel.owner, opened) - _top_in_window(panel.na_reason, opened)
        assert _top_in_window(panel.due, opened) - _top_in_window(panel.owner, opened) <= step + 2, code
    assert len(set(places)) == 1, places


def test_checklist_columns_show_codes_and_evidence_uncut(qtbot, opened):
    tree, header = opened.tree, opened.tree.header()
    metrics = tree.fontMetrics()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= tree.viewport().width()
    for column in (0, 6):
        title = header.model().headerData(column, header.orientation())
        assert header.fontMetrics().horizontalAdvance(title) + 8 <= header.sectionSize(column)
    deepest = next(i for i in opened.view.items if i.code.count(".") == 2 and len(i.code) >= 6)
    index = opened.model.index_of(deepest.id)
    rect = tree.visualRect(index)
    assert rect.left() + metrics.horizontalAdvance(deepest.code) <= header.sectionSize(0)


def test_over_long_remark_and_owner_are_refused_next_to_the_field_and_kept(qtbot, opened, store):
    item_id = click_item(qtbot, opened, "1.1")
    panel = opened.item_panel
    long_remark = "记" * 20001
    panel.remark.setPlainText(long_remark)
    press_keys(opened, QKeySequence.Save)
    assert panel.error.text() == "备注不能超过 20000 个字（现有 20001 个字），请删减后再保存。"
    assert panel.remark.hasFocus() and panel.remark.toPlainText() == long_remark  # nothing lost
    assert ledgers.get_item(store, item_id).remark == ""  # and nothing cut and saved
    panel.remark.setPlainText("记" * 20000)
    assert panel.error.text() == ""  # corrected: the refusal goes
    panel.owner.setText("王" * 101)
    press_keys(opened, QKeySequence.Save)
    assert panel.error.text().startswith("责任人不能超过 100 个字")
    assert panel.owner.text() == "王" * 101 and ledgers.get_item(store, item_id).owner == ""
    panel.owner.setText("王丽")
    press_keys(opened, QKeySequence.Save)
    saved = ledgers.get_item(store, item_id)
    assert (saved.owner, len(saved.remark)) == ("王丽", 20000) and opened.item_panel.error.text() == ""


def _message_box_handler(collected, button):
    from PySide6.QtWidgets import QMessageBox

    def handle(box):
        assert isinstance(box, QMessageBox)
        collected.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == button).click()

    return handle


def test_unsaved_prompt_cancel_keeps_the_item_and_its_edits(qtbot, opened, store):
    first = click_item(qtbot, opened, "1.1")
    type_text(opened.item_panel.owner, "王丽")
    seen = []
    when_modal(_message_box_handler(seen, "取消"))
    second = next(i for i in opened.view.items if i.code == "1.2")
    qtbot.mouseClick(opened.tree.viewport(), Qt.LeftButton,
                     pos=opened.tree.visualRect(opened.model.index_of(second.id)).center())
    assert sorted(seen[0]) == sorted(["保存", "放弃修改", "取消"])
    assert opened.item_id == first and opened.tree.currentIndex().data(ITEM_ID_ROLE) == first
    assert opened.item_panel.owner.text() == "王丽" and opened.item_panel.dirty
    when_modal(_message_box_handler(seen, "取消"))
    opened.close()  # 取消 on closing keeps the window open
    assert opened.isVisible() and opened.item_panel.owner.text() == "王丽"
    when_modal(_message_box_handler(seen, "放弃修改"))
    click_item(qtbot, opened, "1.2")
    assert ledgers.get_item(store, first).owner == ""
    type_text(opened.item_panel.owner, "赵敏")
    when_modal(_message_box_handler(seen, "保存"))
    third = click_item(qtbot, opened, "1.1")
    assert ledgers.get_item(store, second.id).owner == "赵敏"
    assert opened.tree.currentIndex().data(ITEM_ID_ROLE) == third == opened.item_panel.item.id


def test_new_ledger_dialog_stays_open_with_its_input_after_already_exists(qtbot, opened, store):
    state = {}

    def fill(dialog):
        dialog.unit.clear()
        type_text(dialog.unit, "青山镇人民政府")
        dialog.year_box.setValue(2025)
        qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
        state["after_exists"] = (dialog.isVisible(), dialog.unit.text(), dialog.error.text())
        dialog.year_box.setValue(2026)
        qtbot.mouseClick(dialog.create_button, Qt.LeftButton)

    when_modal(fill)
    assert opened.actions_.new_ledger()
    assert state["after_exists"] == (True, "青山镇人民政府", "青山镇人民政府 的 2025 年度台账已经存在。")
    assert sorted(ledger.year for ledger in ledgers.list_ledgers(store)) == [2025, 2026]
    assert opened.view.ledger.year == 2026


def test_undo_from_another_tab_says_what_it_undid_and_shows_the_item(qtbot, opened, store):
    item_id = click_item(qtbot, opened, "3.2")
    opened.item_panel.progress.setCurrentText("推进中")
    press_keys(opened, QKeySequence.Save)
    assert ledgers.get_item(store, item_id).progress == "推进中"
    click_item(qtbot, opened, "1.1")
    opened.show_register("legality_review")
    opened.undo_stack.undo()
    assert ledgers.get_item(store, item_id).progress == "未开始"
    assert opened.statusBar().currentMessage() == "已撤销：修改 3.2 的进度"
    assert opened.tabs.currentIndex() == 0 and opened.item_id == item_id
    assert opened.item_panel.progress.currentText() == "未开始"
    opened.undo_stack.redo()
    assert opened.statusBar().currentMessage() == "已重做：修改 3.2 的进度"


def test_help_menu_has_guide_about_and_data_folder(qtbot, opened, store, monkeypatch):
    last = opened.menuBar().actions()[-1]
    assert last.text() == "帮助(&H)"
    assert [a.text() for a in last.menu().actions()] == ["使用说明", "打开数据文件夹", "关于"]
    opened.help_actions["guide"].trigger()
    guide = opened.last_dialog
    text = guide.findChild(QTextBrowser).toPlainText()
    assert guide.isVisible() and guide.windowTitle() == "使用说明"
    for topic in ("待审核", "落实结果", "登记即佐证", "从备份恢复", "数据文件夹"):
        assert topic in text, topic
    guide.close()
    seen = []
    when_modal(accept_message_text(seen))
    opened.help_actions["about"].trigger()
    assert f"数据文件夹：{store.data.root}" in seen[0]
    assert "版本：0.1.0" in seen[0] and "任务清单模板：" in seen[0] and "（版本 " in seen[0]
    opened_urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened_urls.append(url.toLocalFile()) or True)
    opened.help_actions["folder"].trigger()
    assert opened_urls == [str(store.data.root)]


def accept_message_text(collected):
    def handle(box):
        collected.append(box.text())
        box.accept()
    return handle


@pytest.fixture
def remembered_folders(tmp_path, monkeypatch):
    """QSettings in the test's folder, Documents a folder of its own."""
    from PySide6.QtCore import QSettings

    from desktop.ui import file_dialogs

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: documents)
    return documents


def test_file_picker_starts_in_documents_then_in_the_folder_last_used(qtbot, opened, tmp_path, monkeypatch,
                                                                    remembered_folders):
    from PySide6.QtWidgets import QFileDialog

    chosen_folder = tmp_path / "通知"
    chosen_folder.mkdir()
    (chosen_folder / "会议纪要.pdf").write_bytes(b"%PDF-1.4")
    asked = []

    def pick(parent, title, folder, name_filter, *args, **kwargs):
        asked.append((title, folder))
        return [str(chosen_folder / "会议纪要.pdf")], name_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    click_item(qtbot, opened, "1.1")

    def choose_twice(dialog):
        qtbot.mouseClick(dialog.add_file_button, Qt.LeftButton)
        qtbot.mouseClick(dialog.add_file_button, Qt.LeftButton)
        dialog.reject()

    when_modal(choose_twice)
    opened.open_evidence_dialog()
    assert asked == [("选择佐证文件", str(remembered_folders)), ("选择佐证文件", str(chosen_folder))]
    from desktop.ui import file_dialogs

    assert file_dialogs.start_folder(file_dialogs.ATTACHMENT) == remembered_folders  # each purpose its own


def test_qt_file_dialog_shows_sizes_types_and_dates_in_chinese(qtbot, tmp_path, remembered_folders):
    from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QLabel, QPushButton

    from desktop.ui import file_dialogs
    from desktop.ui.i18n import install_chinese

    assert install_chinese(QApplication.instance())  # as the program's start does, before any dialog
    (tmp_path / "文档" / "子文件夹").mkdir()
    (tmp_path / "文档" / "纪要.pdf").write_bytes(b"x" * 5000)
    seen = {}

    def look(dialog):
        assert isinstance(dialog, QFileDialog)
        qtbot.waitUntil(lambda: isinstance(dialog.proxyModel(), file_dialogs.ChineseColumns))
        files = dialog.findChild(QFileSystemModel)
        root = files.index(str(tmp_path / "文档"))
        qtbot.waitUntil(lambda: files.rowCount(root) == 2)
        proxy = dialog.proxyModel()
        rows = {}
        for row in range(2):
            cells = [proxy.mapFromSource(files.index(row, c, root)).data() for c in range(4)]
            rows[cells[0]] = cells
        seen["rows"] = rows
        seen["texts"] = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)
                         if w.text()]
        dialog.reject()

    when_modal(look)
    assert file_dialogs.open_file(None, file_dialogs.BACKUP_FILE, "选择备份文件", "所有文件 (*)") is None
    folder, document = seen["rows"]["子文件夹"], seen["rows"]["纪要.pdf"]
    assert folder[1:3] == ["", "文件夹"] and document[1] == "4.9 KB"
    assert document[3][:4].isdigit() and "/" in document[3]  # 2025/12/1 10:00, not "1 Dec 2025"
    assert all(text.isascii() is False for text in seen["texts"]), seen["texts"]


def test_export_finished_offers_to_open_the_file_or_its_folder(qtbot, opened, tmp_path, monkeypatch):
    target = tmp_path / "导出" / "进度表.xlsx"
    target.parent.mkdir()
    urls, buttons = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)

    def press_folder(box):
        buttons.append(sorted(b.text() for b in box.buttons()))
        next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()

    when_modal(press_folder)
    opened.actions_.export_xlsx(target=target)
    qtbot.waitUntil(lambda: bool(urls), timeout=60000)
    assert buttons == [sorted(["打开文件", "打开所在文件夹", "关闭"])]
    assert urls == [str(target.parent)] and target.is_file()

    def press_file(box):
        next(b for b in box.buttons() if b.text() == "打开文件").click()

    when_modal(press_file)
    opened.actions_.export_xlsx(target=target)
    qtbot.waitUntil(lambda: len(urls) == 2, timeout=60000)
    assert urls[1] == str(target)


def test_lock_confirmation_lists_the_unfinished_items_first(qtbot, opened, store):
    done = next(i for i in opened.view.items if i.code == "1.1")
    ledgers.update_item(store, done.id, {"progress": "已完成"})
    opened.refresh()
    texts = []
    when_modal(accept_message_button(texts, "取消"))
    opened.action_lock.trigger()
    text = texts[0]
    assert text.startswith(f"还有 {opened.view.overall.applicable - 1} 项未完成：\n1.2 ")
    assert "（未开始）" in text and "\n1.1 " not in text and "确定锁定吗" in text
    assert ledgers.get_ledger(store, opened.view.ledger.id).locked_at is None  # 取消 locks nothing


def accept_message_button(collected, button):
    def handle(box):
        collected.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()
    return handle


def test_a_search_without_a_match_says_so(qtbot, opened):
    type_text(opened.filters.search, "没有这样的条目")
    qtbot.waitUntil(lambda: opened.filters.matches.text() != "", timeout=3000)
    assert "无匹配" in opened.filters.matches.text()
    assert opened.statusBar().currentMessage().startswith("无匹配")
    opened.filters.search.clear()
    qtbot.waitUntil(lambda: opened.filters.matches.text() == "", timeout=3000)
    type_text(opened.filters.search, "法治")
    qtbot.waitUntil(lambda: opened.filters.matches.text().endswith(" 项"), timeout=3000)


def test_update_item_refuses_over_long_text_and_changes_nothing(store, ledger):
    from desktop.domain.errors import ValidationError

    item = next(i for i in ledgers.load_view(store, ledger).items if i.code == "1.1")
    ledgers.update_item(store, item.id, {"remark": "原有备注", "department": "司法所"})
    for fields, field, message in (({"remark": "记" * 20001}, "remark", "备注不能超过 20000 个字"),
                                   ({"department": "科" * 101}, "department", "责任科室不能超过 100 个字"),
                                   ({"owner": "王" * 101, "progress": "已完成"}, "owner", "责任人不能超过 100 个字")):
        with pytest.raises(ValidationError, match=message) as refused:
            ledgers.update_item(store, item.id, fields)
        assert refused.value.field == field
    saved = ledgers.get_item(store, item.id)
    assert (saved.remark, saved.department, saved.owner, saved.progress) == ("原有备注", "司法所", "", "未开始")
    ledgers.update_item(store, item.id, {"remark": "记" * 20000, "owner": "王" * 100})  # the limits themselves
    assert len(ledgers.get_item(store, item.id).remark) == 20000
