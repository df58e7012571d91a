"""Registers through the real window: enter a review and a case in their dialogs, see the due list change."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit

from desktop.domain import registers as rules
from desktop.services import register_settings
from desktop.services import registers as register_service
from desktop.ui.dates import to_qdate
from tests.gui_helpers import create_ledger_through_dialog, type_text, when_modal

TODAY = date(2025, 12, 1)  # the window fixture's today


def page(window, entity):
    return window.show_register(entity)


def set_date(dialog, name, value):
    field = dialog.widgets[name]
    field.given.setChecked(True)
    field.edit.setDate(to_qdate(value))


def choose(dialog, name, text):
    box = dialog.widgets[name]
    box.setCurrentIndex(box.findText(text))
    assert box.currentText() == text


def press_save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)


def due_titles(window):
    window.tabs.setCurrentWidget(window.due_tab)
    return [e.title for e in window.due_page.model.entries]


def test_review_entered_in_the_dialog_appears_in_the_due_list_until_answered(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    reviews = page(window, rules.REVIEW)
    seen = {}

    def fill_in(dialog):
        press_save(qtbot, dialog)  # nothing filled in: refused, the dialog stays
        seen["error"] = dialog.error_text()
        assert dialog.isVisible()
        choose(dialog, "category", "行政规范性文件")
        assert dialog.widgets["time_limit_days"].value() == 15  # the limit follows the category
        choose(dialog, "category", "重大执法决定")
        type_text(dialog.widgets["title"], "关于村规民约修订的指导意见")
        type_text(dialog.widgets["submitted_by"], "党政办")
        set_date(dialog, "received_on", TODAY)
        seen["limit"] = dialog.widgets["time_limit_days"].value()
        press_save(qtbot, dialog)
        seen["error2"] = dialog.error_text() if dialog.isVisible() else ""

    when_modal(fill_in)
    qtbot.mouseClick(reviews.add_button, Qt.LeftButton)
    assert "审查事项" in seen["error"] or "审查类别" in seen["error"]
    assert seen["error2"] == "" and seen["limit"] == 5
    [review] = register_service.list_entries(store, rules.REVIEW, window.view.ledger.id)
    assert (review.title, review.submitted_by, review.received_on) == ("关于村规民约修订的指导意见", "党政办", TODAY)
    assert reviews.model.rowCount() == 1
    due = register_service.review_due(store, review)
    assert due.due > TODAY and "合法性审查“关于村规民约修订的指导意见”" in due_titles(window)

    reviews = page(window, rules.REVIEW)
    reviews.table.selectRow(0)

    def answer(dialog):
        choose(dialog, "opinion", "修改后同意")
        type_text(dialog.widgets["opinion_reasons"], "第三条与上位法不一致，建议修改")
        set_date(dialog, "opinion_on", TODAY)
        press_save(qtbot, dialog)
        seen["answer_error"] = dialog.error_text() if dialog.isVisible() else ""

    when_modal(answer)
    qtbot.mouseClick(reviews.edit_button, Qt.LeftButton)
    assert seen["answer_error"] == ""
    assert register_service.list_entries(store, rules.REVIEW, window.view.ledger.id)[0].opinion == "修改后同意"
    assert not any("村规民约" in t for t in due_titles(window))


def test_case_entered_in_the_dialog_shows_its_three_systems_and_publicity_due(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    cases = page(window, rules.CASE)

    def fill_in(dialog):
        type_text(dialog.widgets["case_no"], "青执罚〔2025〕12号")
        choose(dialog, "kind", "处罚")
        type_text(dialog.widgets["title"], "占道经营")
        set_date(dialog, "decision_on", date(2025, 11, 26))
        dialog.widgets["is_major"].setChecked(True)  # a major decision without a legality review
        dialog.widgets["text_record_complete"].setChecked(True)
        press_save(qtbot, dialog)

    when_modal(fill_in)
    qtbot.mouseClick(cases.add_button, Qt.LeftButton)
    [case] = register_service.list_entries(store, rules.CASE, window.view.ledger.id)
    assert case.case_no == "青执罚〔2025〕12号" and case.is_major
    headers = [cases.model.headerData(c, Qt.Horizontal) for c in range(cases.model.columnCount())]
    row = dict(zip(headers, (cases.model.index(0, c).data() for c in range(len(headers))), strict=True))
    assert row["公示"].startswith("…")  # 公示: not yet due
    assert row["全过程记录"].startswith("✓")  # text record, no A/V needed
    assert row["法制审核"].startswith("✗")  # missing for a major decision
    assert any("占道经营" in t for t in due_titles(window))  # 7 working days after 11-26 fall within a week

    cases = page(window, rules.CASE)
    cases.table.selectRow(0)

    def publish(dialog):
        set_date(dialog, "published_on", TODAY)
        type_text(dialog.widgets["publication_place"], "镇政府网站")
        press_save(qtbot, dialog)

    when_modal(publish)
    qtbot.mouseClick(cases.edit_button, Qt.LeftButton)
    assert not any("占道经营" in t for t in due_titles(window))
    cases = page(window, rules.CASE)
    assert cases.model.index(0, headers.index("公示")).data().startswith("✓")


def test_register_entry_counts_as_evidence_of_its_items(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    register_service.add(store, rules.TRAINING, ledger_id, {
        "kind": "法治专题讲座", "held_on": TODAY, "topic": "民法典与基层治理", "hours": 2}, today=TODAY)
    window.refresh()
    linked = register_service.list_entries(store, rules.TRAINING, ledger_id)[0].item_ids
    assert linked, "a lecture proves the lecture item by default"
    window.tabs.setCurrentIndex(0)
    window.select_item(linked[0])
    assert window.evidence.register_model.rowCount() == 1
    assert window.evidence.register_model.index(0, 2).data() == "民法典与基层治理"


def test_settings_take_a_years_holidays_and_time_limits(qtbot, window, store):
    from desktop.services import ledgers

    ledger_id = ledgers.create_ledger(store, "青山镇人民政府", 2031).result  # a year the built-in calendar lacks
    window.reload_ledgers(select_id=ledger_id)
    seen = {}

    def fill(dialog):
        assert "尚未收录 2031 年" in dialog.calendar_note.text()
        dialog.review_boxes["行政规范性文件"].setValue(10)
        type_text(dialog.holidays, "2031-01-01 2031-13-01")
        dialog.accept()
        seen["error"] = dialog.error.text()
        dialog.holidays.clear()
        type_text(dialog.holidays, "2031-01-01\n2031-01-02")
        type_text(dialog.make_up, "2031-01-04")
        dialog.accept()

    when_modal(fill)
    window.open_settings()
    assert "2031-13-01" in seen["error"]
    assert register_settings.review_days(store)["行政规范性文件"] == 10
    year = register_settings.user_calendar(store).years[2031]
    assert sorted(d.isoformat() for d in year.holidays) == ["2031-01-01", "2031-01-02"]
    assert [d.isoformat() for d in year.workdays] == ["2031-01-04"]


def test_enforcement_statistics_report_is_exported_from_the_menu(qtbot, window, store, tmp_path):
    import openpyxl

    from tests.gui_helpers import accept_message

    create_ledger_through_dialog(qtbot, window)
    register_service.add(store, rules.CASE, window.view.ledger.id, {
        "case_no": "青执罚〔2025〕1号", "kind": "处罚", "title": "=HYPERLINK(\"x\")", "decision_on": TODAY,
        "text_record_complete": True}, today=TODAY)
    target = tmp_path / "年报.xlsx"
    messages = []
    when_modal(accept_message(messages))
    window.actions_.export_statistics(target=target)
    assert not window.action_statistics.isEnabled() and window.action_export.isEnabled()  # its own action
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert window.action_statistics.isEnabled()
    book = openpyxl.load_workbook(target)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == "处罚" and 1 in r for r in rows)
    cases = book.worksheets[1]
    titles = [c.value for c in cases["C"]] + [c.value for c in cases["D"]]
    assert "=HYPERLINK(\"x\")" in titles  # stored as text, never a formula


def test_due_page_shows_at_start_up_and_opens_the_entry(qtbot, store, watchdog):
    from desktop.services import demo
    from desktop.ui.main_window import MainWindow

    demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, today=date(2025, 11, 20))
    window = MainWindow(store, today=date(2025, 11, 20))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.due_tab)
    entries = window.due_page.model.entries
    assert any(e.overdue for e in entries)
    row = next(i for i, e in enumerate(entries) if e.entity == rules.REVIEW)
    opened = {}

    def look(dialog):
        opened["title"] = dialog.windowTitle()
        opened["text"] = dialog.widgets["title"].text()
        dialog.reject()

    when_modal(look)
    index = window.due_page.model.index(row, 1)
    window.due_page.table.doubleClicked.emit(index)
    assert opened["title"] == "编辑审查登记" and opened["text"] in entries[row].title
    assert window.tabs.currentWidget() is window.register_tabs[rules.REVIEW]
    assert not watchdog.stray


def test_register_entries_are_undone_and_redone_including_deletion(qtbot, window, store):
    from PySide6.QtGui import QKeySequence

    from tests.gui_helpers import accept_message, press_keys

    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    advisers = page(window, rules.ADVISER)

    def fill_in(dialog):
        type_text(dialog.widgets["name"], "赵律师")
        choose(dialog, "adviser_type", "政府法律顾问")
        press_save(qtbot, dialog)

    when_modal(fill_in)
    qtbot.mouseClick(advisers.add_button, Qt.LeftButton)

    def names():
        return [a.name for a in register_service.list_entries(store, rules.ADVISER, ledger_id)]

    assert names() == ["赵律师"]
    [adviser] = register_service.list_entries(store, rules.ADVISER, ledger_id)
    register_service.set_item_links(store, rules.ADVISER, adviser.id, window.view.items[1:2] and [window.view.items[1].id])
    contract = register_service.add_evidence(store, rules.ADVISER, adviser.id, title="聘用合同", today=TODAY).result
    advisers.refresh()
    advisers.table.selectRow(0)
    when_modal(accept_message([], "删除"))
    qtbot.mouseClick(advisers.delete_button, Qt.LeftButton)
    assert names() == []
    advisers.table.setFocus()
    press_keys(window, QKeySequence("Ctrl+Z"))  # the deletion is taken back, with its contract
    assert names() == ["赵律师"]
    [back] = register_service.list_entries(store, rules.ADVISER, ledger_id)
    assert [e.id for e in register_service.entry_evidence(store, rules.ADVISER, back.id)] == [contract]
    press_keys(window, QKeySequence("Ctrl+Y"))  # deleted again
    assert names() == [] and advisers.model.rowCount() == 0
    press_keys(window, QKeySequence("Ctrl+Z"))
    assert names() == ["赵律师"] and advisers.model.rowCount() == 1
    # the entry was linked and given a contract outside the window's steps: adding it cannot be taken back
    refused = []
    when_modal(accept_message(refused))
    press_keys(window, QKeySequence("Ctrl+Z"))
    assert refused == ["“添加法律顾问“赵律师””之后，这些数据又被修改过（可能在另一个窗口或程序里），不能撤销或重做这一步。"]
    assert names() == ["赵律师"] and not window.undo_stack.canUndo()  # the refused step left the stack


def test_training_attendance_keeps_recorded_hours_when_edited(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    officer = register_service.add(store, rules.OFFICER, ledger_id, {"name": "孙磊"}, today=TODAY).result
    register_service.add(store, rules.TRAINING, ledger_id, {
        "kind": "执法人员培训", "held_on": TODAY, "topic": "行政处罚法", "hours": 8,
        "attendance": [(officer, 6)]}, today=TODAY)  # he left early: 6 of 8 hours
    trainings = page(window, rules.TRAINING)
    trainings.table.selectRow(0)

    def retitle(dialog):
        assert dialog.attendance.list.item(0).checkState() == Qt.Checked
        dialog.widgets["topic"].clear()
        type_text(dialog.widgets["topic"], "新行政处罚法")
        press_save(qtbot, dialog)

    when_modal(retitle)
    qtbot.mouseClick(trainings.edit_button, Qt.LeftButton)
    [training] = register_service.list_entries(store, rules.TRAINING, ledger_id)
    assert training.topic == "新行政处罚法" and [(a.officer_id, a.hours) for a in training.attendance] == [(officer, 6)]


def test_a_file_dropped_on_a_register_becomes_the_entrys_evidence(qtbot, window, store, tmp_path):
    from tests.gui_helpers import drop_files

    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    trainings = page(window, rules.TRAINING)
    sheet = tmp_path / "民法典讲座签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in")
    seen = {}

    def fill_in(dialog):
        seen["files"] = [p.name for p in dialog.files.paths()]
        choose(dialog, "kind", "法治专题讲座")
        type_text(dialog.widgets["topic"], "民法典与基层治理")
        press_save(qtbot, dialog)
        seen["error"] = dialog.error_text() if dialog.isVisible() else ""

    when_modal(fill_in)
    entered, dropped = drop_files(trainings.table.viewport(), [sheet])
    assert entered and dropped and seen["files"] == ["民法典讲座签到表.pdf"] and seen["error"] == ""
    [training] = register_service.list_entries(store, rules.TRAINING, ledger_id)
    [proof] = register_service.entry_evidence(store, rules.TRAINING, training.id)
    assert [a.original_name for a in proof.attachments] == ["民法典讲座签到表.pdf"]
    assert set(proof.item_ids) == set(training.item_ids)  # the file proves what the lecture proves


# ----- the entry dialog itself
def open_add_dialog(qtbot, window, entity, handler):
    when_modal(handler)
    qtbot.mouseClick(page(window, entity).add_button, Qt.LeftButton)


def type_date(qtbot, field, day: int):
    """Type the day of month into the date field, as the officer does with the keyboard."""
    from PySide6.QtWidgets import QDateTimeEdit

    field.given.setChecked(True)
    field.edit.setFocus()
    field.edit.setSelectedSection(QDateTimeEdit.DaySection)
    qtbot.keyClicks(field.edit, f"{day:02d}")


@pytest.mark.parametrize("entity", [rules.SERVICE, rules.TRAINING, rules.ADVISER, rules.OFFICER, rules.REVIEW])
def test_dialog_rows_keep_their_natural_height(qtbot, window, entity):
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def measure(dialog):
        dialog.resize(640, 900)
        qtbot.wait(20)
        seen["heights"] = {name: w.height() for name, w in dialog.widgets.items()
                           if not isinstance(w, QPlainTextEdit)}
        seen["gaps"] = _label_gaps(dialog)
        dialog.reject()

    open_add_dialog(qtbot, window, entity, measure)
    assert seen["heights"] and max(seen["heights"].values()) < 40, seen["heights"]
    assert max(seen["gaps"]) < 20  # each field sits level with its label


def _label_gaps(dialog) -> list[int]:
    from PySide6.QtWidgets import QFormLayout

    gaps = []
    for row in range(dialog.form.rowCount()):
        label = dialog.form.itemAt(row, QFormLayout.LabelRole)
        fld = dialog.form.itemAt(row, QFormLayout.FieldRole)
        if label is not None and fld is not None and label.widget() and label.widget().text():
            gaps.append(abs(label.geometry().center().y() - fld.geometry().center().y()))
    return gaps


def test_review_dialog_shows_the_due_date_live_as_the_received_date_is_typed(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def type_dates(dialog):
        choose(dialog, "category", "重大执法决定")  # 5 working days
        set_date(dialog, "received_on", date(2025, 11, 3))
        seen["before"] = dialog.live_note.text()
        type_date(qtbot, dialog.widgets["received_on"], 10)
        seen["typed"] = dialog.widgets["received_on"].value()
        seen["after"] = dialog.live_note.text()
        dialog.reject()

    open_add_dialog(qtbot, window, rules.REVIEW, type_dates)
    assert seen["typed"] == date(2025, 11, 10)
    assert seen["before"] == "审查期限：2025-11-10（星期一）"  # 11-04 … 11-10: five working days
    assert seen["after"] == "审查期限：2025-11-17（星期一）"


def test_an_estimated_due_date_says_why_and_where_to_enter_the_holidays(qtbot, window):
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def fill(dialog):
        choose(dialog, "kind", "处罚")
        set_date(dialog, "decision_on", date(2026, 12, 28))  # 7 working days run into 2027
        seen["note"] = dialog.live_note.text()
        dialog.reject()

    open_add_dialog(qtbot, window, rules.CASE, fill)
    assert seen["note"].startswith("公示期限：2027-01-06（星期三），为估算日期")
    assert "2027年度法定节假日数据未收录" in seen["note"] and "设置" in seen["note"] and "节假日" in seen["note"]


def test_the_ticked_links_are_exactly_the_saved_links(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    codes = {i.id: i.code for i in window.view.items}
    seen = {}

    def fill(dialog):
        choose(dialog, "category", "行政规范性文件")
        type_text(dialog.widgets["title"], "村务公开办法")
        seen["shown"] = sorted(codes[i] for i in dialog.links.checked_ids())
        box = next(dialog.links.list.item(r) for r in range(dialog.links.list.count())
                   if dialog.links.list.item(r).text().startswith("3.3 "))
        box.setCheckState(Qt.Unchecked)  # the officer unticks one: it must not come back behind them
        choose(dialog, "category", "其他涉法事项")
        seen["ticked"] = sorted(codes[i] for i in dialog.links.checked_ids())
        seen["summary"] = (dialog.links.summary.text(), dialog.tabs.tabText(1))
        press_save(qtbot, dialog)

    open_add_dialog(qtbot, window, rules.REVIEW, fill)
    assert seen["shown"] == ["3.3", "3.7.4", "3.7.8"]  # what a 规范性文件 review proves, shown before saving
    [review] = register_service.list_entries(store, rules.REVIEW, ledger_id)
    saved = store.db.execute("SELECT ledger_item_id FROM register_item_link WHERE entity = ? AND entity_id = ?",
                             [rules.REVIEW, review.id]).fetchall()
    assert sorted(codes[i] for (i,) in saved) == seen["ticked"] == ["3.7.4", "3.7.8"]
    assert seen["summary"] == ("保存后，证明以下 2 个台账条目：3.7.4、3.7.8（勾选即关联）", "证明的台账条目（2）")


def test_a_refusal_sits_beside_its_field_with_the_focus_and_goes_when_corrected(qtbot, window):
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def fill(dialog):
        choose(dialog, "kind", "处罚")
        type_text(dialog.widgets["title"], "占道经营")
        press_save(qtbot, dialog)  # no case number
        label = dialog.field_errors["case_no"]
        seen["shown"] = (label.text(), label.isVisible(), dialog.focusWidget() is dialog.widgets["case_no"])
        seen["modal"] = QApplication.activeModalWidget() is dialog
        type_text(dialog.widgets["case_no"], "青执罚〔2025〕1号")
        seen["after"] = (label.text(), label.isVisible(), dialog.error_text())
        dialog.reject()

    open_add_dialog(qtbot, window, rules.CASE, fill)
    text, visible, focused = seen["shown"]
    assert "案件编号" in text and visible and focused and seen["modal"]
    assert seen["after"] == ("", False, "")


def _demo_window(qtbot, store, today):
    from desktop.services import demo
    from desktop.ui.main_window import MainWindow

    demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, today=today)
    window = MainWindow(store, today=today)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.due_tab)
    return window


def _status_overdue(window) -> int:
    import re

    return int(re.search(r"逾期 (\d+) 项", window.progress_label.text()).group(1))


def _caption_overdue(window) -> int:
    import re

    return int(re.search(r"已逾期 (\d+) 项", window.due_page.caption.text()).group(1))


def test_the_due_count_is_the_status_bars(qtbot, store, watchdog):
    window = _demo_window(qtbot, store, date(2025, 11, 20))
    late = sum(1 for e in window.due_page.model.entries if e.overdue)
    assert late > 0 and {e.kind for e in window.due_page.model.entries if e.overdue} - {"台账条目"}
    assert _caption_overdue(window) == _status_overdue(window) == late


def test_mark_done_hides_the_row_and_cancel_brings_it_back(qtbot, store, watchdog):
    window = _demo_window(qtbot, store, date(2025, 11, 20))
    due_page = window.due_page
    row = next(i for i, e in enumerate(due_page.model.entries) if e.overdue)
    entry = due_page.model.entries[row]
    before = _status_overdue(window)
    assert due_page.model.index(row, 4).data().startswith(("将台账条目", "在"))  # what clears it
    due_page.table.selectRow(row)
    qtbot.mouseClick(due_page.mark_button, Qt.LeftButton)
    assert entry.key not in [e.key for e in due_page.model.entries]
    assert _status_overdue(window) == _caption_overdue(window) == before - 1
    qtbot.mouseClick(due_page.show_done, Qt.LeftButton)  # 显示已办事项
    row = next(i for i, e in enumerate(due_page.model.entries) if e.key == entry.key)
    assert due_page.model.index(row, 3).data() == "已办"
    due_page.table.selectRow(row)
    qtbot.mouseClick(due_page.unmark_button, Qt.LeftButton)  # 取消已办
    qtbot.mouseClick(due_page.show_done, Qt.LeftButton)
    assert entry.key in [e.key for e in due_page.model.entries]
    assert _status_overdue(window) == before


def test_no_officer_registered_is_said_so_not_all_met(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    officers = page(window, rules.OFFICER)
    assert "尚未登记执法人员" in officers.totals.text() and "均已达标" not in officers.totals.text()
    register_service.add(store, rules.OFFICER, window.view.ledger.id, {"name": "李强"}, today=TODAY)
    window.refresh()
    assert "李强（0 学时，差 60）" in page(window, rules.OFFICER).totals.text()


@pytest.mark.parametrize("entity, headers", [
    (rules.REVIEW, ("审查人员", "送审科室", "审查期限")), (rules.CASE, ("案件编号", "公示", "公示期限"))])
def test_register_columns_show_their_text_whole_and_notes_come_last(qtbot, store, watchdog, entity, headers):
    window = _demo_window(qtbot, store, date(2025, 11, 20))
    window.resize(1440, 860)
    registers_page = window.show_register(entity)
    qtbot.wait(20)
    table, model = registers_page.table, registers_page.model
    titles = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert titles[-1] == "备注"
    for header in headers:
        column = titles.index(header)
        needed = max(table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column))
        assert table.columnWidth(column) >= needed, header
    cell = model.index(0, titles.index(headers[0]))
    assert cell.data(Qt.ToolTipRole) == cell.data()  # a cell cut by hand still shows its whole text


def test_a_fresh_2026_ledger_opens_without_last_years_dates_overdue(qtbot, store, watchdog):
    from desktop.services import demo, ledgers
    from desktop.ui.main_window import MainWindow

    demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, today=date(2025, 11, 20))
    fresh = ledgers.create_ledger(store, demo.DEMO_UNIT, 2026).result
    window = MainWindow(store, today=date(2026, 3, 2))  # 2025's report was due 03-01
    qtbot.addWidget(window)
    window.show()
    window.reload_ledgers(fresh)
    window.tabs.setCurrentWidget(window.due_tab)
    assert window.view.ledger.year == 2026
    assert [e for e in window.due_page.model.entries if e.overdue] == []
    assert window.due_page.caption.text() == "7 天内没有到期或逾期的事项。" and _status_overdue(window) == 0


def test_clicking_the_hours_header_sorts_hours_as_numbers(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    for topic, hours in (("宪法", 2), ("民法典", 10), ("行政复议法", 1.5)):
        register_service.add(store, rules.TRAINING, ledger_id, {
            "kind": "法治专题讲座", "held_on": TODAY, "topic": topic, "hours": hours}, today=TODAY)
    trainings = page(window, rules.TRAINING)
    trainings.refresh()
    headers = [trainings.proxy.headerData(c, Qt.Horizontal) for c in range(trainings.proxy.columnCount())]
    column = headers.index("学时")
    header = trainings.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    shown = [trainings.proxy.index(r, column).data() for r in range(3)]
    assert shown == ["1.5", "2", "10"] or shown == ["10", "2", "1.5"]
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    again = [trainings.proxy.index(r, column).data() for r in range(3)]
    assert sorted([shown, again]) == [["1.5", "2", "10"], ["10", "2", "1.5"]]  # both ways, as numbers


def test_sort_keys_read_quantities_with_units_and_leave_dates_and_titles_as_text():
    from desktop.ui.rows_model import sort_keys

    assert sort_keys(["12 件", "3 件", ""]) == [12.0, 3.0, float("-inf")]
    assert sort_keys(["1,200 元", "950 元"]) == [1200.0, 950.0]
    assert sort_keys(["2025-10-01", "2025-09-26（估算）"]) == ["2025-10-01", "2025-09-26（估算）"]
    assert sort_keys(["2025年第一季度学法会议", "3"]) == ["2025年第一季度学法会议", "3"]


def test_a_date_outside_the_ledgers_year_is_flagged_beside_the_field_and_still_saved(qtbot, window, store):
    """Issue 11: a 2019 lecture in the 2025 ledger is flagged as typed, saved, and counts toward nothing."""
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def fill_in(dialog):
        choose(dialog, "kind", "法治专题讲座")
        dialog.widgets["topic"].setText("民法典")
        set_date(dialog, "held_on", date(2019, 5, 1))
        seen["note"] = dialog.notes_text()
        seen["visible"] = dialog.field_notes["held_on"].isVisible()
        press_save(qtbot, dialog)

    open_add_dialog(qtbot, window, rules.TRAINING, fill_in)
    assert seen["note"].startswith("注意：2019-05-01 不在本台账年度（2025年）内") and seen["visible"]
    [entry] = register_service.list_entries(store, rules.TRAINING, window.view.ledger.id)
    assert entry.held_on == date(2019, 5, 1)


def _note_with(dialog, kind: str, names: str) -> str:
    dialog.widgets["kind"].setCurrentText(kind)
    dialog.widgets["case_officers"].setText(names)
    return dialog.field_notes["case_officers"].text()


def test_a_case_form_warns_of_fewer_than_two_officers_art42(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def fill_in(dialog):
        seen["as_licence"] = _note_with(dialog, "许可", "赵敏")  # no law of 处罚 claimed for a licence
        dialog.widgets["kind"].setCurrentText("处罚")
        dialog.widgets["case_officers"].setText("赵敏")
        seen["one"] = dialog.field_notes["case_officers"].text()
        dialog.widgets["case_officers"].setText("")
        seen["none"] = dialog.field_notes["case_officers"].text()
        dialog.reject()

    open_add_dialog(qtbot, window, rules.CASE, fill_in)
    assert seen["as_licence"] == ""
    assert "执法人员不得少于两人" in seen["one"] and "《行政处罚法》第42条" in seen["one"]
    assert "承办执法人员0名" in seen["none"]  # a decided case (the form defaults 决定日期 to today) names none


def test_a_reconsideration_entered_on_the_matters_page_shows_its_reply_deadline(qtbot, window, store):
    """Issue 11: 行政复议 答复 within 10 working days (行政复议法 Art.48, Art.88 ¶2) on its own page."""
    create_ledger_through_dialog(qtbot, window)
    seen = {}

    def fill_in(dialog):
        choose(dialog, "kind", "行政复议")
        dialog.widgets["title"].setText("王某申请复议")
        set_date(dialog, "received_on", date(2025, 11, 24))
        seen["note"] = dialog.live_note.text()
        press_save(qtbot, dialog)

    open_add_dialog(qtbot, window, rules.MATTER, fill_in)
    assert seen["note"].startswith("提出书面答复并提交证据：2025-12-08（星期一）")
    matters = page(window, rules.MATTER)
    headers = [matters.model.headerData(c, Qt.Horizontal) for c in range(matters.model.columnCount())]
    assert matters.model.index(0, headers.index("期限")).data() == "提出书面答复并提交证据 2025-12-08"
    assert "行政复议 1 件" in matters.totals.text()
    assert any("王某申请复议" in t for t in due_titles(window))


def test_officers_are_imported_from_excel_on_their_page_and_undone_in_one_step(qtbot, window, store, tmp_path,
                                                                              monkeypatch):
    """Issue 11 §4: 71 names are not typed one by one — the button, the file dialog, one undo step."""
    import openpyxl

    from desktop.ui import file_dialogs, officer_import_action
    from tests.gui_helpers import accept_message

    create_ledger_through_dialog(qtbot, window)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "执法证号", "所在科室", "证件有效期"])
    for n in range(71):
        book.active.append([f"执法{n:02d}", f"Z{n:04d}", "综合执法办", date(2028, 6, 30)])
    book.save(tmp_path / "名册.xlsx")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: tmp_path / "名册.xlsx")
    officers = page(window, rules.OFFICER)
    said = []

    def import_all(dialog):  # the import dialog: the file read and listed, then 导入
        dialog.choose_button.click()
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
        assert dialog.table.model().rowCount() == 71
        when_modal(accept_message(said, "关闭"), exclude=dialog)
        dialog.import_button.click()

    when_modal(import_all)
    qtbot.mouseClick(officers.action_buttons[officer_import_action.BUTTON], Qt.LeftButton)
    assert said == ["已导入执法人员 71 名。可用 Ctrl+Z 撤销。"]
    assert officers.model.rowCount() == 71
    assert "法制审核人员 0 名／持证执法人员 71 名 = 0.0% ✗ 低于5%" in officers.totals.text()  # 118号（十一）
    window.undo_stack.undo()
    assert register_service.list_entries(store, rules.OFFICER, window.view.ledger.id) == []
    assert page(window, rules.OFFICER).model.rowCount() == 0


def test_an_evidence_date_outside_the_ledgers_year_is_flagged_beside_the_field(qtbot, window, store):
    """Issue 11: a 2026 training's sign-in sheet went into the 2024 ledger unflagged (dialogs default to today)."""
    from PySide6.QtCore import QDate

    from tests.gui_helpers import click_item

    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.2")
    seen = {}

    def look(dialog):
        dialog.formed_on.setDate(QDate(2019, 5, 1))
        seen["outside"] = (dialog.year_note.isVisibleTo(dialog), dialog.year_note.text())
        dialog.formed_on.setDate(QDate(window.view.ledger.year, 6, 1))
        seen["inside"] = dialog.year_note.isVisibleTo(dialog)
        dialog.reject()

    when_modal(look)
    window.open_evidence_dialog()
    year = window.view.ledger.year
    assert seen["outside"] == (True, f"注意：形成日期 2019-05-01 不在本台账年度（{year}年）内。请核对日期（新增时默认为今天），"
                                     "或在2019年度的台账中添加。")
    assert seen["inside"] is False


def test_a_major_decisions_review_date_is_a_floor_on_the_page_not_a_deadline(qtbot, window, store):
    """条例 Art.26: 一般不少于7个工作日 — the page says 应保证审查至, and no 已逾期 appears."""
    create_ledger_through_dialog(qtbot, window)
    register_service.add(store, rules.REVIEW, window.view.ledger.id, {
        "category": "重大行政决策", "title": "镇区规划", "received_on": date(2025, 10, 9)}, today=TODAY)
    reviews = page(window, rules.REVIEW)
    reviews.refresh()
    headers = [reviews.model.headerData(c, Qt.Horizontal) for c in range(reviews.model.columnCount())]
    row = {h: reviews.model.index(0, c).data() for c, h in enumerate(headers)}
    assert row["审查期限"] == "应保证审查至 2025-10-17" and row["状态"] == "审查中"  # 10-11 is a make-up workday


def test_a_law_publicity_event_is_entered_on_its_page_with_its_renci(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)

    def fill_in(dialog):
        choose(dialog, "kind", "大型普法活动")
        dialog.widgets["title"].setText("宪法宣传日")
        dialog.widgets["quantity"].setValue(360)
        press_save(qtbot, dialog)

    open_add_dialog(qtbot, window, rules.PUBLICITY, fill_in)
    assert page(window, rules.PUBLICITY).totals.text() == "本年度普法活动 1 场次，参加 360 人次。"
